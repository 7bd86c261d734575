// libFuzzer target: Package URL strings. Any bytes must give a PackageUrl or an error, never
// a crash; a parsed PURL's canonical string must parse again to the same canonical string.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sbom/purl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto mode :
       {hoshitori::sbom::PurlParseMode::kStrict, hoshitori::sbom::PurlParseMode::kLenient}) {
    auto purl = hoshitori::sbom::ParsePackageUrl(text, mode);
    if (!purl) continue;
    const std::string canonical = hoshitori::sbom::ToString(*purl);
    auto again = hoshitori::sbom::ParsePackageUrl(canonical);
    if (!again || hoshitori::sbom::ToString(*again) != canonical) std::abort();
    (void)hoshitori::sbom::PackageKey(*purl);
  }
  return 0;
}
