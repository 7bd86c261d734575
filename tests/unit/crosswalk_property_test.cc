// Property tests of the crosswalk engine and the CSV reader on random inputs.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "assess/crosswalk.h"
#include "core/csv.h"

namespace hoshitori {
namespace {

Framework MakeFramework(const std::string& id, int nodes) {
  Framework f;
  f.id = id;
  f.categories.push_back(Category{"c", {"c", "c"}});
  for (int i = 0; i < nodes; ++i) {
    RequirementNode node;
    node.id = id + "-" + std::to_string(i);
    node.ref = node.id;
    node.assessable = true;
    node.category = 0;
    f.AddNode(std::move(node));
  }
  f.Seal(nullptr);
  return f;
}

// Inferred "implemented" must be justified: some implemented source reaches the node over a
// full edge, and no source contributes anything weaker. Runs on random mapping sets.
TEST(CrosswalkProperty, ImplementedIsNeverOverstated) {
  const bool ok = rc::check("implemented only through full edges, most restrictive wins", [] {
    const int n = *rc::gen::inRange(1, 8);
    const int m = *rc::gen::inRange(1, 8);
    Catalog catalog;
    catalog.AddFramework(MakeFramework("s", n));
    catalog.AddFramework(MakeFramework("t", m));
    MappingSet set;
    set.id = "s_to_t";
    set.source = "s";
    set.target = "t";
    const int count = *rc::gen::inRange(0, 20);
    std::set<std::pair<int, int>> used;
    for (int k = 0; k < count; ++k) {
      const int a = *rc::gen::inRange(0, n), b = *rc::gen::inRange(0, m);
      if (!used.emplace(a, b).second) continue;
      Mapping mapping;
      mapping.source = "s-" + std::to_string(a);
      mapping.target = "t-" + std::to_string(b);
      mapping.relationship = static_cast<Relationship>(*rc::gen::inRange(0, 6));
      if (*rc::gen::arbitrary<bool>()) mapping.coverage = *rc::gen::inRange(0, 11) / 10.0;
      set.mappings.push_back(mapping);
    }
    catalog.AddMappingSet(set);
    ResponseVector responses(n);
    for (int i = 0; i < n; ++i) {
      responses.answered[i] = *rc::gen::arbitrary<bool>();
      responses.status[i] = static_cast<AnswerStatus>(*rc::gen::inRange(0, 5));
    }
    const CrosswalkEngine engine(catalog);
    auto result = engine.Infer("s", "t", responses);
    RC_ASSERT(result.ok());
    for (int b = 0; b < m; ++b) {
      const AnswerStatus inferred = result->nodes[b].status;
      bool full_implemented = false, weaker = false, any = false;
      for (const Mapping& mapping : set.mappings) {
        if (mapping.target != "t-" + std::to_string(b)) continue;
        const int a = std::stoi(mapping.source.substr(2));
        if (!responses.answered[a] || mapping.relationship == Relationship::kNoRelationship) continue;
        const bool full = (mapping.relationship == Relationship::kEqualTo ||
                           mapping.relationship == Relationship::kEquivalentTo ||
                           mapping.relationship == Relationship::kSupersetOf) &&
                          mapping.coverage.value_or(1.0) >= 1.0;
        const AnswerStatus s = responses.status[a];
        if (s == AnswerStatus::kImplemented && full) full_implemented = true;
        if ((s == AnswerStatus::kImplemented && !full) || s == AnswerStatus::kPartial ||
            s == AnswerStatus::kUnknown) {
          weaker = true;
        }
        any = true;
      }
      if (inferred == AnswerStatus::kImplemented) {
        RC_ASSERT(full_implemented);
        RC_ASSERT(!weaker);
      }
      if (!any) RC_ASSERT(inferred == AnswerStatus::kUnknown);
      if (!result->nodes[b].reached) RC_ASSERT(result->nodes[b].provenance.empty());
    }
  });
  EXPECT_TRUE(ok);
}

// Whatever fields are written with RFC 4180 quoting come back unchanged.
TEST(CsvProperty, RoundTripsQuotedFields) {
  const bool ok = rc::check("csv round trip", [] {
    const auto rows = *rc::gen::container<std::vector<std::vector<std::string>>>(
        rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(rc::gen::arbitrary<std::string>())));
    std::string text;
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) text += ',';
        text += '"';
        for (char c : row[i]) {
          if (c == '"') text += '"';
          text += c;
        }
        text += '"';
      }
      text += "\r\n";
    }
    auto parsed = ParseCsv(text);
    RC_ASSERT(parsed.ok());
    // A row that is one empty quoted field is still a record ("").
    RC_ASSERT(parsed->size() == rows.size());
    for (size_t r = 0; r < rows.size(); ++r) RC_ASSERT((*parsed)[r].fields == rows[r]);
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace hoshitori
