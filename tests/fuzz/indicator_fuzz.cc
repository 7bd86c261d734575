// libFuzzer target: indicators (share/indicator.h). Any bytes must give an indicator or an
// error, never a crash; an indicator's normal form must parse again to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "share/indicator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto indicator = hoshitori::share::ParseIndicator(text);
  if (indicator.ok()) {
    auto again = hoshitori::share::ParseIndicator(indicator->value);
    if (!again.ok() || again->value != indicator->value || again->kind != indicator->kind) {
      std::abort();
    }
  }
  (void)hoshitori::share::NormaliseHostName(text);
  (void)hoshitori::share::ParseIpRange(text);
  return 0;
}
