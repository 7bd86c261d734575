// libFuzzer target: OSV advisories. Any bytes must give an advisory or an error naming the
// file and a JSON path, never a crash; what reads is evaluated against versions taken from
// its own events and versions lists (the range semantics on hostile values), and bytes that
// look like a zip go through the archive reader too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "interchange/osv.h"
#include "sbom/osv_range.h"

namespace {

// Plain byte order, rejecting texts that start with 'x' so that the undecided paths run.
hoshitori::Result<int> ByteOrder(std::string_view a, std::string_view b) {
  if ((!a.empty() && a[0] == 'x') || (!b.empty() && b[0] == 'x')) {
    return hoshitori::MakeError("rejected");
  }
  return a.compare(b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  namespace sb = hoshitori::sbom;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.substr(0, 2) == "PK") {
    (void)ix::ReadOsvZipBytes(bytes, "fuzz.zip", [](sb::Advisory&&, const std::string&) {});
    return 0;
  }
  auto advisory = ix::ReadOsvAdvisory(bytes, "fuzz.json");
  if (!advisory) return 0;
  (void)sb::FormatOsvTimestamp(advisory->modified);
  const sb::RangeOrders orders{ByteOrder, ByteOrder};
  std::vector<std::string> probes = {"0", "1.0", "x"};
  for (const auto& entry : advisory->affected) {
    for (const auto& range : entry.ranges) {
      for (const auto& event : range.events) {
        if (probes.size() < 64) probes.push_back(event.version);
      }
    }
    for (const auto& version : entry.versions) {
      if (probes.size() < 64) probes.push_back(version);
    }
  }
  const auto all = [](const sb::AffectedPackage&) { return true; };
  for (const std::string& probe : probes) {
    (void)sb::EvaluateAdvisory(*advisory, all, probe, orders);
    (void)sb::EvaluateAdvisory(*advisory, all, probe, sb::RangeOrders{});
  }
  return 0;
}
