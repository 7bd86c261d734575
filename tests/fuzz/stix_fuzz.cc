// libFuzzer target: STIX 2.1 bundles. Any bytes must give an import or an error — never a
// crash, hang or sanitizer report. An import written back must read again with as many
// objects, and every indicator extracted from it must have a STIX pattern of its own.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "interchange/stix.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto read = ix::ReadBundle(text, "fuzz.json");
  if (!read) return 0;
  if (read->tlp.size() != read->bundle.objects.size()) __builtin_trap();
  for (const ix::StixExtractedIndicator& found : read->indicators) {
    if (!ix::StixPattern(found.indicator).ok()) __builtin_trap();
  }
  const std::string written = ix::Serialise(read->bundle);
  auto again = ix::ReadBundle(written, "written.json");
  if (!again || again->bundle.objects.size() != read->bundle.objects.size() ||
      again->indicators.size() != read->indicators.size()) {
    __builtin_trap();
  }
  return 0;
}
