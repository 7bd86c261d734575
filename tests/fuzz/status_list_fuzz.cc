// libFuzzer target: status lists. The bytes are read as a status-list JWS, as the payload of
// one signed with the fuzz key (so the reader behind the signature sees them), as an encoded
// bitstring, and as GZIP data inside one (so the inflater and its bound see arbitrary
// streams). Never a crash, hang, sanitizer report or an allocation beyond the 16 MiB bound.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assure/base64url.h"
#include "assure/jws.h"
#include "assure/status_list.h"
#include "assure_fuzz_key.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoshitori::assure;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ReadStatusList(text, FuzzKeys(), 1800000000);
  const std::string signed_list = SignCompact(text, kStatusListType, FuzzSigningKey());
  if (auto list = ReadStatusList(signed_list, FuzzKeys(), 1800000000); list) {
    (void)list->revocation.Get(list->revocation.size() - 1);
  }
  (void)StatusBits::Decode(text, "fuzz");
  if (auto bits = StatusBits::Decode("u" + Base64UrlEncode(text), "fuzz"); bits) {
    (void)bits->Get(0);
  }
  return 0;
}
