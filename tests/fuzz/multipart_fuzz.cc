// libFuzzer target: multipart/form-data bodies (the evidence upload form). The first line of
// the input is the Content-Type, the rest the body. Never a crash, hang or sanitizer report;
// every part's data lies inside the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "web/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view type = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  if (const auto parts = hoshitori::web::ParseMultipartForm(type, body)) {
    for (const auto& part : *parts) {
      if (part.data.data() < body.data() ||
          part.data.data() + part.data.size() > body.data() + body.size())
        std::abort();
    }
  }
  return 0;
}
