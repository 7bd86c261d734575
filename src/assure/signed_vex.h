// Signed VEX: an OpenVEX document carried as the payload of a compact JWS (EdDSA/Ed25519),
// signed with the same issuer keys, JWS code and key-set checks as attestations (jws.h,
// keys.h). docs/sbom.md ("署名付き VEX / Signed VEX") describes the scheme for users.
//
// Who vouches for what: the signature is the platform's (the issuer's key), not the supplier's.
// It says "the issuer `iss` recorded, at `iat`, that the organisation with corporate number
// `sub` stated this OpenVEX document". It does not say the statements are true, nor that the
// supplier itself held a key. The payload is the OpenVEX JSON byte for byte, so any OpenVEX
// reader can use it once the signature is checked.
//
// The protected header: {"alg":"EdDSA","kid":…,"typ":"hoshitori-vex+jws","iss":…,"sub":…,
// "iat":…} — the who and when sit in the header (covered by the signature) so that the
// payload stays the plain document. Any other header member is refused (as "crit" is).
//
// Bounds: the compact JWS at most kMaxSignedVexBytes; the header as jws.h bounds it; "iss" at
// most kMaxSignedVexIssuerBytes; the payload must be one JSON object nested at most
// kMaxSignedVexDepth levels with no member name repeated (strict_json.h). Thread-safe (pure
// functions over values).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assure/attestation.h"
#include "assure/jws.h"
#include "assure/keys.h"
#include "core/result.h"

namespace hoshitori::assure {

inline constexpr char kSignedVexType[] = "hoshitori-vex+jws";
inline constexpr size_t kMaxSignedVexBytes = kMaxCompactJwsBytes;
inline constexpr size_t kMaxSignedVexIssuerBytes = 512;
inline constexpr int kMaxSignedVexDepth = 12;

// Who signs what and when (the header members beyond alg, kid and typ).
struct VexSignature {
  std::string issuer;     // iss: the platform's public URL
  std::string subject;    // sub: the stating organisation's 13-digit corporate number
  int64_t issued_at = 0;  // iat: Unix seconds when the platform signed
};

// `openvex_json` (used byte for byte) as a compact JWS signed by `key`. kInvalid when the
// signature's members break the bounds, the document is not a bounded JSON object without
// repeated member names, or `key` may not sign at `signature.issued_at`.
Result<std::string> SignVex(std::string_view openvex_json, const VexSignature& signature,
                            const SigningKey& key);

// The outcome of checking a signed VEX. Only kValid, kMalformed, kUnknownKey, kBadSignature
// and kKeyNotValidThen occur (a VEX document has no validity period nor status list).
struct SignedVexReport {
  Verdict verdict = Verdict::kMalformed;
  std::string detail;  // what exactly failed (English)
  std::string kid;
  std::optional<VexSignature> signature;  // set once the signature and header are checked
  std::string payload;                    // the OpenVEX JSON, set only when valid

  bool valid() const { return verdict == Verdict::kValid; }
  // One sentence per line in "ja" or "en": who signed, for whom, when (valid), or why the file
  // is refused. The statements themselves are the caller's to print (an OpenVEX reader's).
  std::vector<std::string> Lines(std::string_view lang) const;
};

// Checks `compact` against `keys`: form and header, kid in the set, signature, the header's
// members, the key's dates at iat, and the payload's form.
SignedVexReport VerifySignedVex(std::string_view compact, const KeySet& keys);

}  // namespace hoshitori::assure
