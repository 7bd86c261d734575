#include <gtest/gtest.h>

#include <fstream>

#include "catalog/catalog_loader.h"
#include "test_support.h"

namespace hoshitori {
namespace {

std::vector<std::string> Problems(const std::string& text) {
  Catalog catalog;
  CatalogProblems problems;
  LoadCatalogText(text, "f.yaml", catalog, problems);
  return problems.messages;
}

bool Has(const std::vector<std::string>& messages, const std::string& needle) {
  for (const auto& m : messages) {
    if (m.find(needle) != std::string::npos) return true;
  }
  return false;
}

constexpr const char* kHeader = R"(framework:
  id: t
  version: "1"
  name: {ja: "テ", en: "T"}
  publisher: {ja: "テ", en: "T"}
  licence_note: {ja: "テ", en: "T"}
  categories:
    - {id: c, name: {ja: "分類", en: "C"}}
nodes:
)";

TEST(CatalogLoader, ShippedCatalogsValidate) {
  const CatalogProblems problems =
      ValidateCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs", nullptr, CatalogChecks::kReview);
  EXPECT_TRUE(problems.empty()) << problems.Joined();
}

TEST(CatalogLoader, ShippedHubHasTheRequiredShape) {
  Catalog catalog;
  ASSERT_TRUE(ValidateCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs", &catalog).empty());
  const Framework* hub = catalog.FindFramework("hoshitori-common");
  ASSERT_NE(hub, nullptr);
  EXPECT_EQ(hub->categories.size(), 7u);
  int requirements = 0, star3 = 0, all = 0;
  for (const RequirementNode& node : hub->nodes()) {
    if (node.parent < 0) ++requirements;
    if (!node.assessable) continue;
    ++all;
    if (LowestStar(node.levels) == 3) ++star3;
    EXPECT_FALSE(node.why.ja.empty()) << node.id << " has no why";
    EXPECT_FALSE(node.evidence.ja.empty()) << node.id << " has no typical evidence";
  }
  EXPECT_GE(requirements, 25);
  EXPECT_GE(star3, 80);
  EXPECT_GE(all, 150);
  const Framework* ipa = catalog.FindFramework("ipa-self-check-25");
  ASSERT_NE(ipa, nullptr);
  EXPECT_EQ(ipa->assessable().size(), 25u);
  ASSERT_TRUE(ipa->scoring.has_value());
  EXPECT_EQ(ipa->scoring->max, 100);
}

TEST(CatalogLoader, ReportsDuplicateIdsWithLines) {
  const auto p = Problems(std::string(kHeader) +
                          "  - {id: A, category: c, title: {ja: \"あ\", en: \"a\"}, description: {ja: \"あ\", en: \"a\"}}\n"
                          "  - {id: A, category: c, title: {ja: \"い\", en: \"b\"}, description: {ja: \"い\", en: \"b\"}}\n");
  EXPECT_TRUE(Has(p, "f.yaml:11: duplicate node id 'A' (first at line 10)")) << ::testing::PrintToString(p);
}

TEST(CatalogLoader, ReportsUnknownLevelTagsAndMissingLanguages) {
  const auto p = Problems(std::string(kHeader) +
                          "  - {id: A, category: c, levels: [star9], title: {ja: \"あ\"}, description: {ja: \"あ\", en: \"a\"}}\n");
  EXPECT_TRUE(Has(p, "f.yaml:10: unknown level tag 'star9'")) << ::testing::PrintToString(p);
  EXPECT_TRUE(Has(p, "missing its English (en) text")) << ::testing::PrintToString(p);
}

TEST(CatalogLoader, ReportsUnknownKeysCategoriesAndBadYaml) {
  auto p = Problems(std::string(kHeader) +
                    "  - {id: A, category: z, titel: {ja: \"あ\", en: \"a\"}, description: {ja: \"あ\", en: \"a\"}}\n");
  EXPECT_TRUE(Has(p, "unknown key 'titel'"));
  EXPECT_TRUE(Has(p, "category 'z' of node 'A' is not declared"));
  p = Problems("framework: [unclosed");
  EXPECT_TRUE(Has(p, "not valid YAML")) << ::testing::PrintToString(p);
  p = Problems("hello: world");
  EXPECT_TRUE(Has(p, "must start with 'framework:' or 'mapping_set:'"));
}

TEST(CatalogLoader, ReportsDanglingMappingReferences) {
  testing_support::TempDir dir;
  std::ofstream(dir.path() / "t.yaml")
      << kHeader
      << "  - {id: A, category: c, title: {ja: \"あ\", en: \"a\"}, description: {ja: \"あ\", en: \"a\"}}\n";
  std::ofstream(dir.path() / "m.yaml") << R"(mapping_set:
  id: m
  source: t
  target: nowhere
  name: {ja: "マ", en: "M"}
mappings:
  - {source: A, target: X, relationship: equal-to}
)";
  std::ofstream(dir.path() / "n.yaml") << R"(mapping_set:
  id: n
  source: t
  target: t
  name: {ja: "マ", en: "M"}
mappings:
  - {source: A, target: A, relationship: equal-to}
  - {source: A, target: A, relationship: same-as}
)";
  const CatalogProblems problems = ValidateCatalogDirectory(dir.path().string());
  EXPECT_TRUE(Has(problems.messages, "target framework 'nowhere' does not exist")) << problems.Joined();
  EXPECT_TRUE(Has(problems.messages, "n.yaml:8: unknown relationship 'same-as'")) << problems.Joined();
}

TEST(CatalogLoader, ReportsMappingsToUnknownNodes) {
  testing_support::TempDir dir;
  std::ofstream(dir.path() / "t.yaml")
      << kHeader
      << "  - {id: A, category: c, title: {ja: \"あ\", en: \"a\"}, description: {ja: \"あ\", en: \"a\"}}\n";
  std::ofstream(dir.path() / "m.yaml") << R"(mapping_set:
  id: m
  source: t
  target: t
  name: {ja: "マ", en: "M"}
mappings:
  - {source: A, target: Q, relationship: equal-to}
)";
  const CatalogProblems problems = ValidateCatalogDirectory(dir.path().string());
  EXPECT_TRUE(Has(problems.messages, "m.yaml:7: mapping target 'Q' is not a node of t")) << problems.Joined();
}

}  // namespace
}  // namespace hoshitori
