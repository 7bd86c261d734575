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
