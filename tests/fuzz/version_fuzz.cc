// libFuzzer target: version strings of every scheme. The first byte picks the scheme, the
// rest is split at the first newline into two versions. Any bytes must give an order or an
// error, never a crash; the order must be antisymmetric and reflexive.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sbom/version.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using hoshitori::sbom::VersionScheme;
  const auto scheme = static_cast<VersionScheme>(data[0] % 7);
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t newline = rest.find('\n');
  const std::string_view a = rest.substr(0, newline);
  const std::string_view b = newline == std::string_view::npos ? rest : rest.substr(newline + 1);
  auto forward = hoshitori::sbom::CompareVersions(scheme, a, b);
  auto backward = hoshitori::sbom::CompareVersions(scheme, b, a);
  if (forward.ok() != backward.ok()) std::abort();
  if (forward.ok()) {
    const int x = *forward < 0 ? -1 : (*forward > 0 ? 1 : 0);
    const int y = *backward < 0 ? -1 : (*backward > 0 ? 1 : 0);
    if (x != -y) std::abort();
    auto self = hoshitori::sbom::CompareVersions(scheme, a, a);
    if (!self.ok() || *self != 0) std::abort();
  }
  return 0;
}
