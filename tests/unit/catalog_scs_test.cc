// The SCS scheme catalog keeps the scheme's shape, and the hub's ★3/★4 tags stay its
// breakdown: every tagged hub criterion (factory/OT ones aside) belongs to exactly one
// scheme item of the same star.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "catalog/catalog_loader.h"

namespace hoshitori {
namespace {

const Catalog& Shipped() {
  static const Catalog catalog = [] {
    auto loaded = LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return std::move(loaded).value();
  }();
  return catalog;
}

TEST(CatalogScs, HasTheSchemeShape) {
  const Framework* scs = Shipped().FindFramework("meti-scs-requirements");
  ASSERT_NE(scs, nullptr);
  EXPECT_EQ(scs->categories.size(), 7u);
  int star3 = 0, star4 = 0;
  for (NodeIndex i : scs->assessable()) {
    const RequirementNode& node = scs->nodes()[i];
    EXPECT_EQ(node.ref.rfind("HSCS-", 0), 0u) << node.ref << " must carry the non-official HSCS- prefix";
    const int star = LowestStar(node.levels);
    if (star == 3) ++star3;
    if (star == 4) ++star4;
  }
  EXPECT_EQ(star3, 25);
  EXPECT_EQ(star3 + star4, 44);
  EXPECT_NE(scs->licence_note.en.find("NOT the scheme's official numbers"), std::string::npos);
}

TEST(CatalogScs, EveryTaggedHubCriterionBelongsToOneItemOfTheSameStar) {
  const Catalog& catalog = Shipped();
  const Framework* hub = catalog.FindFramework("hoshitori-common");
  const Framework* scs = catalog.FindFramework("meti-scs-requirements");
  const MappingSet* set = catalog.FindMappingSet("meti-scs-requirements_to_hoshitori-common");
  ASSERT_NE(hub, nullptr);
  ASSERT_NE(scs, nullptr);
  ASSERT_NE(set, nullptr);
  EXPECT_TRUE(set->complete_decomposition);
  // Factory (OT) criteria are outside the scheme's IT scope.
  const std::set<std::string> factory = {"RI-01.3", "RI-01.6", "PR-07.6", "PR-10.1", "PR-10.2",
                                         "PR-10.3", "PR-10.4", "PR-10.5"};
  std::map<std::string, std::vector<std::string>> items_of;
  for (const Mapping& m : set->mappings) items_of[m.target].push_back(m.source);
  for (NodeIndex i : hub->assessable()) {
    const RequirementNode& node = hub->nodes()[i];
    const int star = LowestStar(node.levels);
    if (star != 3 && star != 4) continue;
    const auto& items = items_of[node.id];
    if (factory.count(node.id)) {
      EXPECT_TRUE(items.empty()) << node.id << " is a factory criterion outside the scheme";
      continue;
    }
    ASSERT_EQ(items.size(), 1u) << node.id << " must belong to exactly one scheme item";
    const RequirementNode& item = scs->nodes()[scs->Find(items.front())];
    EXPECT_EQ(LowestStar(item.levels), star) << node.id << " and " << item.id << " carry different stars";
  }
}

}  // namespace
}  // namespace hoshitori
