// The crosswalk review rules (docs/crosswalks.md §2-3) that `hoshitori catalog validate`
// enforces: one equality per source, full coverage only on full relationships, and a
// rationale in both languages. One failing input per rule, and a passing one.
#include <gtest/gtest.h>

#include <fstream>

#include "catalog/catalog_loader.h"
#include "test_support.h"

namespace hoshitori {
namespace {

constexpr const char* kFramework = R"(framework:
  id: t
  version: "1"
  name: {ja: "テ", en: "T"}
  publisher: {ja: "テ", en: "T"}
  licence_note: {ja: "テ", en: "T"}
  categories:
    - {id: c, name: {ja: "分類", en: "C"}}
nodes:
  - {id: A, category: c, title: {ja: "あ", en: "a"}, description: {ja: "あ", en: "a"}}
  - {id: B, category: c, title: {ja: "い", en: "b"}, description: {ja: "い", en: "b"}}
  - {id: C, category: c, title: {ja: "う", en: "c"}, description: {ja: "う", en: "c"}}
)";

constexpr const char* kMappingHeader = R"(mapping_set:
  id: m
  source: t
  target: t
  name: {ja: "マ", en: "M"}
mappings:
)";

constexpr const char* kBoth = R"(rationale: {ja: "理由", en: "why"})";

// Writes the framework and a mapping set with `mappings` (lines after the header, which
// starts at line 1; the first mapping is on line 7) and validates with the review rules.
CatalogProblems Review(const std::string& mappings, CatalogChecks checks = CatalogChecks::kReview) {
  testing_support::TempDir dir;
  std::ofstream(dir.path() / "t.yaml") << kFramework;
  std::ofstream(dir.path() / "m.yaml") << kMappingHeader << mappings;
  return ValidateCatalogDirectory(dir.path().string(), nullptr, checks);
}

bool Has(const CatalogProblems& problems, const std::string& needle) {
  for (const auto& m : problems.messages) {
    if (m.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(CatalogCrosswalkRules, AcceptsSoundLinks) {
  const auto problems = Review(std::string("  - {source: A, target: A, relationship: equivalent-to, coverage: 1.0, ") + kBoth + "}\n" +
                               "  - {source: A, target: B, relationship: superset-of, coverage: 1.0, " + kBoth + "}\n" +
                               "  - {source: A, target: C, relationship: subset-of, coverage: 0.5, " + kBoth + "}\n" +
                               "  - {source: B, target: B, relationship: equal-to, " + kBoth + "}\n");
  EXPECT_TRUE(problems.empty()) << problems.Joined();
}

TEST(CatalogCrosswalkRules, OneSourceEquivalentToTwoTargetsIsAnError) {
  const auto problems = Review(std::string("  - {source: A, target: A, relationship: equivalent-to, ") + kBoth + "}\n" +
                               "  - {source: A, target: B, relationship: equivalent-to, " + kBoth + "}\n");
  EXPECT_TRUE(Has(problems, "m.yaml:8: A is equivalent-to B and also equivalent to A (line 7)"))
      << problems.Joined();
  EXPECT_EQ(problems.messages.size(), 1u) << problems.Joined();
}

TEST(CatalogCrosswalkRules, FullCoverageOnlyOnFullRelationships) {
  const auto problems = Review(std::string("  - {source: A, target: A, relationship: subset-of, coverage: 1.0, ") + kBoth + "}\n" +
                               "  - {source: B, target: B, relationship: intersects-with, coverage: 1, " + kBoth + "}\n" +
                               "  - {source: C, target: C, relationship: superset-of, coverage: 1.0, " + kBoth + "}\n");
  EXPECT_TRUE(Has(problems, "m.yaml:7: mapping A -> A is subset-of with coverage 1.0")) << problems.Joined();
  EXPECT_TRUE(Has(problems, "m.yaml:8: mapping B -> B is intersects-with with coverage 1.0")) << problems.Joined();
  EXPECT_EQ(problems.messages.size(), 2u) << problems.Joined();
}

TEST(CatalogCrosswalkRules, EveryLinkNeedsJapaneseAndEnglishRationale) {
  const auto problems = Review(
      "  - {source: A, target: A, relationship: equal-to, rationale: {en: \"why\"}}\n"
      "  - {source: B, target: B, relationship: equal-to, rationale: {ja: \"理由\"}}\n"
      "  - {source: C, target: C, relationship: equal-to}\n");
  EXPECT_TRUE(Has(problems, "m.yaml:7: mapping A -> A has no Japanese (ja) rationale")) << problems.Joined();
  EXPECT_TRUE(Has(problems, "m.yaml:8: mapping B -> B has no English (en) rationale")) << problems.Joined();
  EXPECT_TRUE(Has(problems, "m.yaml:9: mapping C -> C has no Japanese (ja) rationale")) << problems.Joined();
  EXPECT_TRUE(Has(problems, "m.yaml:9: mapping C -> C has no English (en) rationale")) << problems.Joined();
  EXPECT_EQ(problems.messages.size(), 4u) << problems.Joined();
}

TEST(CatalogCrosswalkRules, LoadingDoesNotApplyTheReviewRules) {
  // Imported crosswalks often carry English remarks only; they must still load.
  const auto problems = Review("  - {source: A, target: A, relationship: equal-to, rationale: {en: \"why\"}}\n",
                               CatalogChecks::kLoad);
  EXPECT_TRUE(problems.empty()) << problems.Joined();
}

TEST(CatalogCrosswalkRules, DecompositionTakesOnlyComplete) {
  testing_support::TempDir dir;
  std::ofstream(dir.path() / "t.yaml") << kFramework;
  std::ofstream(dir.path() / "m.yaml") << R"(mapping_set:
  id: m
  source: t
  target: t
  name: {ja: "マ", en: "M"}
  decomposition: partly
mappings:
  - {source: A, target: B, relationship: superset-of, rationale: {ja: "理由", en: "why"}}
)";
  const auto problems = ValidateCatalogDirectory(dir.path().string());
  EXPECT_TRUE(Has(problems, "m.yaml:6: decomposition 'partly' is unknown")) << problems.Joined();
}

}  // namespace
}  // namespace hoshitori
