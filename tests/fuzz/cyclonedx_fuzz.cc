// libFuzzer target: CycloneDX JSON. Any bytes must give a bill of materials or an error — never
// a crash, hang or sanitizer report; and a bill of materials read must be written as CycloneDX
// 1.6 JSON that the reader accepts again with as many components and dependency pairs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interchange/cyclonedx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto bom = ix::ReadCycloneDxJson(text, "fuzz.json");
  if (!bom) return 0;
  auto again = ix::ReadCycloneDxJson(ix::WriteCycloneDxJson(*bom), "written.json");
  if (!again || again->components.size() != bom->components.size() ||
      again->dependencies.size() != bom->dependencies.size()) {
    __builtin_trap();
  }
  return 0;
}
