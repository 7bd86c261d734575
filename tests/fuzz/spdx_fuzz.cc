// libFuzzer target: SPDX 2.x JSON and tag-value. Any bytes, read as either, must give a bill
// of materials or an error — never a crash, hang or sanitizer report; and a bill of materials
// read must be written as CycloneDX 1.6 JSON that the CycloneDX reader accepts again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interchange/cyclonedx.h"
#include "interchange/spdx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto bom : {ix::ReadSpdxJson(text, "fuzz.json"), ix::ReadSpdxTagValue(text, "fuzz.spdx")}) {
    if (!bom) continue;
    auto again = ix::ReadCycloneDxJson(ix::WriteCycloneDxJson(*bom), "written.json");
    if (!again || again->components.size() != bom->components.size()) __builtin_trap();
  }
  return 0;
}
