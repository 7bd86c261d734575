// JWS compact serialisation (RFC 7515 §7.1) with EdDSA over Ed25519 (RFC 8037) only.
//
// The reader is strict: exactly three base64url parts, a protected header that is one JSON
// object with "alg": "EdDSA" (every other algorithm, "none" included, is refused), a "kid",
// the "typ" the caller expects, and no "crit" (this implementation understands no extension,
// so RFC 7515 §4.1.11 requires refusing any). Member names may not repeat. Thread-safe.
//
// Bounds: a compact JWS is at most kMaxCompactJwsBytes; its protected header at most
// kMaxProtectedHeaderBytes of JSON nested at most 2 levels.
#pragma once

#include <string>
#include <string_view>

#include "assure/keys.h"
#include "core/result.h"

namespace hoshitori::assure {

inline constexpr size_t kMaxCompactJwsBytes = 4u << 20;  // status lists are the largest
inline constexpr size_t kMaxProtectedHeaderBytes = 1024;

// A compact JWS taken apart; the signature is not yet checked.
struct ParsedJws {
  nlohmann::json header;  // the protected header as read (members beyond alg/kid/typ too)
  std::string kid;
  std::string typ;
  std::string signing_input;  // BASE64URL(header) "." BASE64URL(payload): what was signed
  std::string payload;        // decoded
  std::string signature;      // decoded, 64 bytes
};

// The compact JWS of `payload` with `protected_header` (JSON text, used byte for byte) signed
// by `key`. Callers normally use SignCompact below; this form reproduces published vectors.
std::string SignCompactWithHeader(std::string_view protected_header, std::string_view payload,
                                  const SigningKey& key);

// The compact JWS of `payload` with the header {"alg":"EdDSA","kid":<key's kid>,"typ":typ}.
std::string SignCompact(std::string_view payload, std::string_view typ, const SigningKey& key);

// Takes `compact` apart and checks its form and header (alg, kid, crit, typ == expected_typ);
// an error saying which part is wrong otherwise. Does not verify the signature.
Result<ParsedJws> ParseCompact(std::string_view compact, std::string_view expected_typ);

// True when `jws`'s signature is `key`'s over its signing input.
inline bool SignatureIsFrom(const ParsedJws& jws, const PublicKey& key) {
  return key.Verifies(jws.signing_input, jws.signature);
}

}  // namespace hoshitori::assure
