// libFuzzer target: plain Package URL lists (sbom/package_match.h ReadPurlList), the input of
// `hoshitori sbom match`. Any bytes must give a list or an error, never a crash; every purl
// read must write a canonical string that parses again to itself, and lines must ascend.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sbom/package_match.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto list = hoshitori::sbom::ReadPurlList(text, "fuzz.txt");
  if (!list) return 0;
  size_t line = 0;
  for (const auto& entry : *list) {
    if (entry.line <= line) std::abort();
    line = entry.line;
    const std::string canonical = hoshitori::sbom::ToString(entry.purl);
    auto again = hoshitori::sbom::ParsePackageUrl(canonical);
    if (!again || hoshitori::sbom::ToString(*again) != canonical) std::abort();
  }
  return 0;
}
