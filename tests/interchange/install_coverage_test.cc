#include <gtest/gtest.h>

#include <filesystem>

#include "interchange/catalog_install.h"
#include "interchange/catalog_yaml.h"
#include "interchange/coverage.h"
#include "interchange_test_support.h"
#include "test_support.h"

namespace hoshitori::interchange {
namespace {

namespace fs = std::filesystem;
using hoshitori::testing_support::TempDir;

void CopyMini(const fs::path& to) {
  fs::copy(std::string(HOSHITORI_SOURCE_DIR) + "/tests/cases/catalogs/mini", to, fs::copy_options::recursive);
}

size_t FileCount(const fs::path& dir) {
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) n += entry.is_regular_file();
  return n;
}

TEST(CatalogInstall, WritesOnlyWhenTheWholeCatalogValidates) {
  TempDir dir;
  CopyMini(dir.path());
  const size_t before = FileCount(dir.path());
  const Framework hub = *hoshitori::testing_support::MiniCatalog().FindFramework("mini-hub");
  Framework copy = hub;
  copy.id = "mini-hub-2";
  const CatalogFile framework{"mini-hub-2.yaml", FrameworkToYaml(copy)};
  MappingSet set;
  set.id = "mini-hub-2_to_mini-hub";
  set.source = "mini-hub-2";
  set.target = "mini-hub";
  set.name = {"写し", "copy"};
  set.mappings.push_back(Mapping{"H1", "H1", Relationship::kEqualTo, std::nullopt, Confidence::kHigh, {}, 0});
  MappingSet broken = set;
  broken.id = "broken";
  broken.mappings.push_back(Mapping{"H1", "H99", Relationship::kEqualTo, std::nullopt, Confidence::kHigh, {}, 0});

  // A mapping to a node that does not exist: nothing is written, not even the framework.
  auto refused = InstallCatalogFiles(dir.path().string(),
                                     {framework, CatalogFile{"broken.yaml", MappingSetToYaml(broken)}}, false);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("broken.yaml:"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("mapping target 'H99' is not a node of mini-hub"), std::string::npos);
  EXPECT_EQ(FileCount(dir.path()), before);

  auto written = InstallCatalogFiles(dir.path().string(),
                                     {framework, CatalogFile{"map.yaml", MappingSetToYaml(set)}}, false);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(written->size(), 2u);
  EXPECT_EQ(FileCount(dir.path()), before + 2);
  EXPECT_TRUE(ValidateCatalogDirectory(dir.path().string()).empty());

  auto again = InstallCatalogFiles(dir.path().string(), {framework}, false);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already exists; pass --replace"), std::string::npos);
  EXPECT_TRUE(InstallCatalogFiles(dir.path().string(), {framework}, true).ok());

  // The same framework id under another file name is refused by the catalog check.
  auto clash = InstallCatalogFiles(dir.path().string(), {CatalogFile{"other.yaml", framework.text}}, false);
  ASSERT_FALSE(clash.ok());
  EXPECT_NE(clash.error().message.find("already used by another file"), std::string::npos);
  EXPECT_EQ(FileCount(dir.path()), before + 2);
}

std::string Fingerprint(const fs::path& dir) {
  std::string out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out += entry.path().string() + "\n" + testing_support::ReadAll(entry.path().string());
  }
  return out;
}

TEST(CatalogInstall, ShrinkingAndShippedReplacementsNeedTheirOwnFlags) {
  TempDir dir;
  CopyMini(dir.path());
  Framework lv = *hoshitori::testing_support::MiniCatalog().FindFramework("mini-lv");
  const std::string before = Fingerprint(dir.path());
  // mini-lv without its last node, over the installed file.
  Framework shorter;
  shorter.id = lv.id;
  shorter.version = lv.version;
  shorter.name = lv.name;
  shorter.publisher = lv.publisher;
  shorter.licence_note = lv.licence_note;
  shorter.categories = lv.categories;
  for (size_t i = 0; i + 1 < lv.nodes().size(); ++i) {
    RequirementNode node = lv.nodes()[i];
    node.children.clear();
    shorter.AddNode(std::move(node));
  }
  ASSERT_TRUE(shorter.Seal(nullptr));
  const std::string removed = lv.nodes().back().id;
  const CatalogFile file{"mini-lv.yaml", FrameworkToYaml(shorter)};
  InstallPolicy policy;
  policy.replace = true;
  auto refused = InstallCatalogFiles(dir.path().string(), {file}, policy);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("mini-lv: 1 of its " + std::to_string(lv.nodes().size()) + " nodes: " + removed),
            std::string::npos) << refused.error().message;
  EXPECT_EQ(Fingerprint(dir.path()), before);
  policy.allow_node_removal = true;
  auto plan = PlanInstall(dir.path().string(), {file}, policy);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->removed_nodes.at("mini-lv"), std::vector<std::string>{removed});
  EXPECT_EQ(Fingerprint(dir.path()), before);

  // A file holding a shipped framework id (nist-csf-2.0 is in catalogs/).
  Framework shipped = lv;
  shipped.id = "nist-csf-2.0";
  const CatalogFile shipped_file{"nist-csf-2.0.yaml", FrameworkToYaml(shipped)};
  ASSERT_TRUE(InstallCatalogFiles(dir.path().string(), {shipped_file}, false).ok());
  EXPECT_TRUE(IsShippedCatalogId("nist-csf-2.0"));
  EXPECT_FALSE(IsShippedCatalogId("mini-lv"));
  const std::string with_shipped = Fingerprint(dir.path());
  auto protected_file = InstallCatalogFiles(dir.path().string(), {shipped_file}, true);
  ASSERT_FALSE(protected_file.ok());
  EXPECT_NE(protected_file.error().message.find("holds 'nist-csf-2.0', shipped with Hoshitori"), std::string::npos);
  EXPECT_EQ(Fingerprint(dir.path()), with_shipped);
  InstallPolicy explicit_policy;
  explicit_policy.replace = true;
  explicit_policy.replace_shipped = true;
  EXPECT_TRUE(InstallCatalogFiles(dir.path().string(), {shipped_file}, explicit_policy).ok());
}

TEST(CatalogInstall, HeadersAreReadWithoutParsing) {
  EXPECT_EQ(ScanCatalogFileHeader("# c\nframework:\n  id: x-1\n  version: \"1\"\nnodes: []\n").id, "x-1");
  const CatalogFileHeader set = ScanCatalogFileHeader("mapping_set:\n  id: 'a_to_b'\n  source: a\n  target: b # c\n");
  EXPECT_EQ(set.kind, CatalogFileHeader::Kind::kMappingSet);
  EXPECT_EQ(set.target, "b");
  // Unusual layouts are left to the full parser.
  EXPECT_EQ(ScanCatalogFileHeader("framework: {id: x}\n").kind, CatalogFileHeader::Kind::kUnknown);
  EXPECT_EQ(ScanCatalogFileHeader("nodes: []\nframework:\n  id: x\n").kind, CatalogFileHeader::Kind::kUnknown);
}

TEST(CrosswalkCoverage, CountsWhatAnAssessmentDetermines) {
  const Catalog& mini = hoshitori::testing_support::MiniCatalog();
  auto report = CrosswalkCoverage(mini, "mini-a", "mini-hub");
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->route, (std::vector<std::string>{"mini-a", "mini-hub"}));
  // H1 equivalent, H3 superset: fully; H2 subset, H4 (an intersecting source wins over an
  // equal one), H6 (equal-to with coverage 0.8): partially; H5 only no-relationship: not.
  EXPECT_EQ(report->criterion, (std::vector<int>{2, 1, 2, 1, 0, 1}));
  EXPECT_EQ(report->total.fully, 2);
  EXPECT_EQ(report->total.partially, 3);
  EXPECT_EQ(report->total.not_determined, 1);
  EXPECT_EQ(report->categories[0].fully, 1);
  EXPECT_EQ(report->categories[0].partially, 1);
  EXPECT_EQ(report->categories[1].total(), 4);
  EXPECT_EQ(report->partially_but_full_route, 1);  // H4: A5 is equal-to it, A4 only intersects
  EXPECT_FALSE(CrosswalkCoverage(mini, "mini-a", "mini-island").ok());
  EXPECT_FALSE(CrosswalkCoverage(mini, "nope", "mini-hub").ok());
}

}  // namespace
}  // namespace hoshitori::interchange
