// Helpers shared by the interchange tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "catalog/catalog.h"

namespace hoshitori::interchange::testing_support {

inline std::string Sample(const std::string& name) {
  const std::string path = std::string(HOSHITORI_SOURCE_DIR) + "/tests/interchange/samples/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing sample " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Every field a framework carries, compared one by one so a failure names the difference.
inline void ExpectSameFramework(const Framework& a, const Framework& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.name.ja, b.name.ja);
  EXPECT_EQ(a.name.en, b.name.en);
  EXPECT_EQ(a.publisher.ja, b.publisher.ja);
  EXPECT_EQ(a.publisher.en, b.publisher.en);
  EXPECT_EQ(a.licence_note.ja, b.licence_note.ja);
  EXPECT_EQ(a.licence_note.en, b.licence_note.en);
  EXPECT_EQ(a.source_url, b.source_url);
  ASSERT_EQ(a.categories.size(), b.categories.size());
  for (size_t c = 0; c < a.categories.size(); ++c) {
    EXPECT_EQ(a.categories[c].id, b.categories[c].id);
    EXPECT_EQ(a.categories[c].name.ja, b.categories[c].name.ja);
    EXPECT_EQ(a.categories[c].name.en, b.categories[c].name.en);
  }
  ASSERT_EQ(a.scoring.has_value(), b.scoring.has_value());
  if (a.scoring) {
    EXPECT_EQ(a.scoring->max, b.scoring->max);
    EXPECT_EQ(a.scoring->not_applicable_counts_as, b.scoring->not_applicable_counts_as);
    ASSERT_EQ(a.scoring->bands.size(), b.scoring->bands.size());
    for (size_t i = 0; i < a.scoring->bands.size(); ++i) {
      EXPECT_EQ(a.scoring->bands[i].min, b.scoring->bands[i].min);
      EXPECT_EQ(a.scoring->bands[i].max, b.scoring->bands[i].max);
      EXPECT_EQ(a.scoring->bands[i].label.ja, b.scoring->bands[i].label.ja);
      EXPECT_EQ(a.scoring->bands[i].label.en, b.scoring->bands[i].label.en);
    }
  }
  ASSERT_EQ(a.nodes().size(), b.nodes().size());
  for (size_t i = 0; i < a.nodes().size(); ++i) {
    const RequirementNode& x = a.nodes()[i];
    const RequirementNode& y = b.nodes()[i];
    SCOPED_TRACE("node " + x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.ref, y.ref);
    EXPECT_EQ(x.title.ja, y.title.ja);
    EXPECT_EQ(x.title.en, y.title.en);
    EXPECT_EQ(x.description.ja, y.description.ja);
    EXPECT_EQ(x.description.en, y.description.en);
    EXPECT_EQ(x.why.ja, y.why.ja);
    EXPECT_EQ(x.why.en, y.why.en);
    EXPECT_EQ(x.evidence.ja, y.evidence.ja);
    EXPECT_EQ(x.evidence.en, y.evidence.en);
    EXPECT_EQ(x.category, y.category);
    EXPECT_EQ(x.levels, y.levels);
    EXPECT_EQ(x.weight, y.weight);
    EXPECT_EQ(x.effort, y.effort);
    EXPECT_EQ(x.assessable, y.assessable);
    EXPECT_EQ(x.parent, y.parent);
    EXPECT_EQ(x.children, y.children);
    ASSERT_EQ(x.choices.size(), y.choices.size());
    for (size_t c = 0; c < x.choices.size(); ++c) {
      EXPECT_EQ(x.choices[c].id, y.choices[c].id);
      EXPECT_EQ(x.choices[c].status, y.choices[c].status);
      EXPECT_EQ(x.choices[c].points, y.choices[c].points);
      EXPECT_EQ(x.choices[c].label.ja, y.choices[c].label.ja);
      EXPECT_EQ(x.choices[c].label.en, y.choices[c].label.en);
    }
  }
}

inline void ExpectSameMappingSet(const MappingSet& a, const MappingSet& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.target, b.target);
  EXPECT_EQ(a.name.ja, b.name.ja);
  EXPECT_EQ(a.name.en, b.name.en);
  EXPECT_EQ(a.complete_decomposition, b.complete_decomposition);
  ASSERT_EQ(a.mappings.size(), b.mappings.size());
  for (size_t i = 0; i < a.mappings.size(); ++i) {
    const Mapping& x = a.mappings[i];
    const Mapping& y = b.mappings[i];
    SCOPED_TRACE(x.source + " -> " + x.target);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.target, y.target);
    EXPECT_EQ(x.relationship, y.relationship);
    EXPECT_EQ(x.coverage, y.coverage);
    EXPECT_EQ(x.confidence, y.confidence);
    EXPECT_EQ(x.rationale.ja, y.rationale.ja);
    EXPECT_EQ(x.rationale.en, y.rationale.en);
  }
}

}  // namespace hoshitori::interchange::testing_support
