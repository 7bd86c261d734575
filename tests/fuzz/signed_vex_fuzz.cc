// libFuzzer target: signed VEX (assure/signed_vex.h). Any bytes, read as a signed VEX, must give
// a report — never a crash, hang or sanitizer report. The bytes are also signed as the OpenVEX
// payload (with the fixed fuzz key): whatever SignVex accepts must verify, give back the very
// same payload, and go on to the OpenVEX reader; and they are signed as a protected header, so
// the header checks behind the signature see them too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "assure/jws.h"
#include "assure/signed_vex.h"
#include "assure_fuzz_key.h"
#include "interchange/openvex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hoshitori::assure;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const SignedVexReport read = VerifySignedVex(text, FuzzKeys());
  (void)read.Lines("ja");
  (void)read.Lines("en");

  auto signed_vex = SignVex(text, {"https://hoshitori.example.jp", "8700110005901", 1800000000},
                            FuzzSigningKey());
  if (signed_vex) {
    const SignedVexReport report = VerifySignedVex(*signed_vex, FuzzKeys());
    if (!report.valid() || report.payload != text) __builtin_trap();
    (void)hoshitori::interchange::ReadOpenVex(report.payload, "fuzz.jws");
  }
  const SignedVexReport header =
      VerifySignedVex(SignCompactWithHeader(text, R"({"@context":"https://openvex.dev/ns/v0.2.0"})",
                                            FuzzSigningKey()),
                      FuzzKeys());
  (void)header.Lines("en");
  return 0;
}
