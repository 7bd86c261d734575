#include "sbom/bom.h"

#include <gtest/gtest.h>

namespace hoshitori::sbom {
namespace {

TEST(Bom, FindsComponentsByRefAndCountsDependencyPairs) {
  Bom bom;
  for (const char* ref : {"a", "", "b"}) {
    Component component;
    component.ref = ref;
    component.name = "x";
    bom.components.push_back(component);
  }
  EXPECT_EQ(FindComponent(bom, "b"), 2u);
  EXPECT_EQ(FindComponent(bom, "missing"), std::nullopt);
  EXPECT_EQ(FindComponent(bom, ""), std::nullopt);
  bom.dependencies = {{"a", {"b", "c"}}, {"b", {}}, {"c", {"a"}}};
  EXPECT_EQ(DependencyEdgeCount(bom.dependencies), 3u);
  EXPECT_EQ(FormatName(BomFormat::kSpdx), "SPDX");
  EXPECT_EQ(EncodingName(BomEncoding::kTagValue), "tag-value");
}

}  // namespace
}  // namespace hoshitori::sbom
