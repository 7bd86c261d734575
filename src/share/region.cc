#include "share/region.h"

#include <array>

namespace hoshitori::share {

namespace {

constexpr std::array<Region, 8> kRegions = {{{"北海道", "Hokkaido"},
                                             {"東北", "Tohoku"},
                                             {"関東", "Kanto"},
                                             {"中部", "Chubu"},
                                             {"近畿", "Kinki"},
                                             {"中国", "Chugoku"},
                                             {"四国", "Shikoku"},
                                             {"九州・沖縄", "Kyushu-Okinawa"}}};

// The last JIS X 0401 code of each region, in the order of kRegions: 01 北海道; 02-07 青森..福島;
// 08-14 茨城..神奈川; 15-23 新潟..愛知 (北陸, 甲信, 東海); 24-30 三重..和歌山; 31-35 鳥取..山口;
// 36-39 徳島..高知; 40-47 福岡..沖縄.
constexpr std::array<int, 8> kLastCode = {1, 7, 14, 23, 30, 35, 39, 47};

}  // namespace

std::span<const Region> Regions() { return kRegions; }

const Region* RegionOfPrefecture(std::string_view code) {
  if (code.size() != 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') {
    return nullptr;
  }
  const int number = (code[0] - '0') * 10 + (code[1] - '0');
  if (number < 1) return nullptr;
  for (size_t i = 0; i < kLastCode.size(); ++i) {
    if (number <= kLastCode[i]) return &kRegions[i];
  }
  return nullptr;
}

const Region* FindRegion(std::string_view ja) {
  for (const Region& region : kRegions) {
    if (region.ja == ja) return &region;
  }
  return nullptr;
}

}  // namespace hoshitori::share
