// libFuzzer target: compact JWS, attestations, JWKs and JWK Sets. Any bytes must give a value
// or an error (a refused verification) — never a crash, hang or sanitizer report. The bytes
// are also signed as an attestation's claims, so the claim reader behind the signature sees
// them too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assure/attestation.h"
#include "assure/jws.h"
#include "assure_fuzz_key.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoshitori::assure;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ParseCompact(text, kAttestationType);
  for (const std::string& jws :
       {std::string(text), SignCompact(text, kAttestationType, FuzzSigningKey())}) {
    const VerificationReport report = VerifyAttestation(jws, FuzzKeys(), StatusLists{}, 1800000000);
    (void)report.Statements("ja");
    (void)report.ToJson();
  }
  (void)KeySet::Parse(text, "fuzz");
  (void)SigningKey::FromJwkText(text);
  return 0;
}
