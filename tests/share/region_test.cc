// The regions of Japan derived from the JIS X 0401 prefecture code (share/region.h).
#include "share/region.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace hoshitori::share {
namespace {

std::string RegionOf(std::string_view code) {
  const Region* region = RegionOfPrefecture(code);
  return region ? std::string(region->ja) : "";
}

TEST(RegionTest, EachRegionStartsAndEndsAtItsPrefectures) {
  EXPECT_EQ(RegionOf("01"), "北海道");
  EXPECT_EQ(RegionOf("02"), "東北");        // 青森
  EXPECT_EQ(RegionOf("07"), "東北");        // 福島
  EXPECT_EQ(RegionOf("08"), "関東");        // 茨城
  EXPECT_EQ(RegionOf("13"), "関東");        // 東京
  EXPECT_EQ(RegionOf("14"), "関東");        // 神奈川
  EXPECT_EQ(RegionOf("15"), "中部");        // 新潟
  EXPECT_EQ(RegionOf("23"), "中部");        // 愛知
  EXPECT_EQ(RegionOf("24"), "近畿");        // 三重
  EXPECT_EQ(RegionOf("30"), "近畿");        // 和歌山
  EXPECT_EQ(RegionOf("31"), "中国");        // 鳥取
  EXPECT_EQ(RegionOf("35"), "中国");        // 山口
  EXPECT_EQ(RegionOf("36"), "四国");        // 徳島
  EXPECT_EQ(RegionOf("39"), "四国");        // 高知
  EXPECT_EQ(RegionOf("40"), "九州・沖縄");  // 福岡
  EXPECT_EQ(RegionOf("47"), "九州・沖縄");  // 沖縄
}

TEST(RegionTest, EveryPrefectureHasOneRegionAndEveryRegionIsUsed) {
  std::map<std::string, int> prefectures_per_region;
  for (int code = 1; code <= 47; ++code) {
    const std::string text = (code < 10 ? "0" : "") + std::to_string(code);
    const Region* region = RegionOfPrefecture(text);
    ASSERT_NE(region, nullptr) << text;
    ++prefectures_per_region[std::string(region->ja)];
  }
  EXPECT_EQ(prefectures_per_region.size(), Regions().size());
  EXPECT_EQ(prefectures_per_region["北海道"], 1);
  EXPECT_EQ(prefectures_per_region["東北"], 6);
  EXPECT_EQ(prefectures_per_region["関東"], 7);
  EXPECT_EQ(prefectures_per_region["中部"], 9);
  EXPECT_EQ(prefectures_per_region["近畿"], 7);
  EXPECT_EQ(prefectures_per_region["中国"], 5);
  EXPECT_EQ(prefectures_per_region["四国"], 4);
  EXPECT_EQ(prefectures_per_region["九州・沖縄"], 8);
}

TEST(RegionTest, AnythingButATwoDigitCodeHasNoRegion) {
  for (std::string_view bad : {"", "0", "1", "00", "48", "99", "013", "1a", "東京", " 13"}) {
    EXPECT_EQ(RegionOfPrefecture(bad), nullptr) << bad;
  }
}

TEST(RegionTest, RegionsAreFoundByTheirJapaneseName) {
  const Region* kyushu = FindRegion("九州・沖縄");
  ASSERT_NE(kyushu, nullptr);
  EXPECT_EQ(kyushu->en, "Kyushu-Okinawa");
  EXPECT_EQ(FindRegion("Kanto"), nullptr);
  EXPECT_EQ(FindRegion(""), nullptr);
}

}  // namespace
}  // namespace hoshitori::share
