// The fixed key of the assure fuzz targets: RFC 8037 Appendix A's published test key, so that
// fuzz bytes signed with it reach the claim and status-list readers behind the signature.
#pragma once

#include "assure/keys.h"

namespace hoshitori::assure {

inline const SigningKey& FuzzSigningKey() {
  static const SigningKey key = std::move(
      SigningKey::FromJwkText(
          R"({"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",)"
          R"("x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})")
          .value());
  return key;
}

inline const KeySet& FuzzKeys() {
  static const KeySet keys = [] {
    KeySet set;
    (void)set.Add(FuzzSigningKey().public_key());
    return set;
  }();
  return keys;
}

}  // namespace hoshitori::assure
