// Regions of Japan (地方): the eight regions the reporter description of a shared incident
// report keeps instead of the prefecture (issue 16, share/deidentify.h ReporterDescription).
// Derived from the prefecture's JIS X 0401 code ("01".."47"), which numbers the prefectures
// from north to south so that each region is one range of codes.
//
// Pure functions over static tables; thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace hoshitori::share {

struct Region {
  std::string_view ja;  // 北海道, 東北, 関東, 中部, 近畿, 中国, 四国, 九州・沖縄
  std::string_view en;  // Hokkaido, Tohoku, Kanto, Chubu, Kinki, Chugoku, Shikoku, Kyushu-Okinawa
};

// The eight regions, north to south.
std::span<const Region> Regions();

// The region of the prefecture with JIS X 0401 code `prefecture_code` ("01".."47", two ASCII
// digits); nullptr for anything else.
const Region* RegionOfPrefecture(std::string_view prefecture_code);

// The region whose Japanese name is `ja` (what a ReporterDescription holds); nullptr otherwise.
const Region* FindRegion(std::string_view ja);

}  // namespace hoshitori::share
