// libFuzzer target: VEX documents, OpenVEX and CycloneDX VEX. Any bytes, read as either, must
// give statements or an error — never a crash, hang or sanitizer report; statements read are
// written in both formats, and what is written must read back with as many statements.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interchange/cyclonedx_vex.h"
#include "interchange/openvex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto vex : {ix::ReadOpenVex(text, "fuzz.json"), ix::ReadCycloneDxVex(text, "fuzz.json")}) {
    if (!vex) continue;
    auto cyclonedx = ix::ReadCycloneDxVex(ix::WriteCycloneDxVex(*vex), "written.json");
    if (!cyclonedx || cyclonedx->statements.size() != vex->statements.size()) __builtin_trap();
    vex->id = vex->id.empty() ? "urn:example:fuzz" : vex->id;
    vex->author = vex->author.empty() ? "fuzz" : vex->author;
    vex->timestamp = vex->timestamp.empty() ? "2024-01-01T00:00:00Z" : vex->timestamp;
    auto openvex = ix::WriteOpenVex(*vex);
    if (!openvex) continue;  // e.g. an affected statement without action: OpenVEX needs one
    auto again = ix::ReadOpenVex(*openvex, "written.json");
    if (!again || again->statements.size() != vex->statements.size()) __builtin_trap();
  }
  return 0;
}
