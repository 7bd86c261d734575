// libFuzzer target: compact JWS, attestations, JWKs and JWK Sets. Any bytes must give a value
// or an error (a refused verification) — never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assure/attestation.h"
#include "assure/jws.h"
#include "assure/keys.h"

namespace {

// The RFC 8037 Appendix A key: a fixed key so that seeds signed with it reach the claims.
const hoshitori::assure::KeySet& FixedKeys() {
  static const hoshitori::assure::KeySet keys = [] {
    hoshitori::assure::KeySet set;
    auto key = hoshitori::assure::SigningKey::FromJwkText(
        R"({"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",)"
        R"("x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
    if (key) (void)set.Add(key->public_key());
    return set;
  }();
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoshitori::assure;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ParseCompact(text, kAttestationType);
  const VerificationReport report = VerifyAttestation(text, FixedKeys(), StatusLists{}, 1800000000);
  (void)report.Statements("ja");
  (void)report.ToJson();
  (void)KeySet::Parse(text, "fuzz");
  (void)SigningKey::FromJwkText(text);
  return 0;
}
