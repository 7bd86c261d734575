// Attestations: a star level, signed by its issuer as a compact JWS (EdDSA/Ed25519), that
// anyone can verify offline with the issuer's JWK Set and its status list.
//
// The claims are documented in docs/assurance.md; AttestationClaims is their typed form.
// Issuing checks the claims first (a ★3 needs an expert's confirmation, a ★4 or ★5 a third
// party's evaluation; an assessor is named unless self-declared). Verifying yields a report:
// valid, or refused with one reason, plus plain statements of what was checked, in Japanese
// and English. Thread-safe (pure functions over values).
//
// Bounds: the JWS at most kMaxAttestationBytes; its payload JSON nested at most 3 levels,
// with the string lengths listed in docs/assurance.md; the status index below kMaxStatusBits.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assure/keys.h"
#include "assure/status_list.h"
#include "core/result.h"

namespace hoshitori::assure {

inline constexpr size_t kMaxAttestationBytes = 16 * 1024;
inline constexpr char kAttestationType[] = "hoshitori-attestation+jwt";

enum class AttestationKind { kSelfDeclared, kExpertConfirmed, kThirdParty };
std::string_view AttestationKindName(AttestationKind kind);  // "self_declared", ...

struct Assessor {
  std::string name;
  std::string accreditation;  // the operator's accreditation or registration number
};

struct StatusReference {
  std::string url;  // the status list's "sub"
  uint64_t index = 0;
};

struct AttestationClaims {
  std::string issuer;          // iss
  std::string subject;         // sub: the 13-digit corporate number
  std::string name;            // the organisation's name
  int level = 0;               // 1..5 (★)
  std::string framework;       // framework id
  std::string catalog_digest;  // SHA-256 (64 lowercase hex) of the catalog assessed against
  std::string scope;
  AttestationKind kind = AttestationKind::kSelfDeclared;
  std::optional<Assessor> assessor;
  int64_t issued_at = 0;        // iat, Unix seconds
  int64_t not_before = 0;       // nbf
  int64_t expires_at = 0;       // exp
  std::string evidence_digest;  // EvidenceDigest() of the evidence files' hashes
  StatusReference status;
  std::string id;  // jti: unique per issuer
};

nlohmann::json ClaimsToJson(const AttestationClaims& claims);
// Reads and checks claims (every member required, none unknown, bounds and rules above);
// errors name `where` and the member.
Result<AttestationClaims> ClaimsFromJson(const nlohmann::json& payload, std::string_view where);

// The evidence digest: lowercase hex SHA-256 over the distinct evidence hashes (each 64
// lowercase hex) sorted, each followed by "\n". No evidence gives the digest of "".
Result<std::string> EvidenceDigest(std::vector<std::string> evidence_hashes);

// The attestation as a compact JWS signed by `key`; an error when the claims break a rule or
// `key` may not sign at their iat.
Result<std::string> IssueAttestation(const AttestationClaims& claims, const SigningKey& key);

enum class Verdict {
  kValid,
  kMalformed,        // not a well-formed attestation JWS (or claims break the rules)
  kUnknownKey,       // its kid is not in the key set
  kKeyNotValidThen,  // the key was not in use (not_before/retired) at the claimed iat
  kBadSignature,
  kNotYetValid,  // now < nbf
  kExpired,      // now >= exp
  kRevoked,
  kSuspended,
  kStatusListMissing,  // no status list for its status URL was given
  kStatusListInvalid,  // the status list given is unsigned, stale, malformed or too short
};
std::string_view VerdictName(Verdict verdict);  // "valid", "bad_signature", ...

// Status lists at hand for a verification: the ones that passed ReadStatusList, and the
// problems of those that did not (to tell "invalid" from "missing").
struct StatusLists {
  std::vector<StatusList> lists;
  std::vector<std::string> problems;
};

struct VerificationReport {
  Verdict verdict = Verdict::kMalformed;
  std::string detail;  // what exactly failed (English; never holds key material)
  std::string kid;
  std::optional<AttestationClaims> claims;  // set once the signature and claims are checked
  const StatusList* status_list = nullptr;  // the list consulted; points into the input
  int64_t checked_at = 0;

  bool valid() const { return verdict == Verdict::kValid; }
  // Plain statements of what the attestation proves (valid) or why it is refused, in "ja"
  // or "en"; one sentence per line.
  std::vector<std::string> Statements(std::string_view lang) const;
  nlohmann::json ToJson() const;  // for --json: verdict, detail, claims, statements ja/en
};

// Verifies `compact` at `now` (Unix seconds) against `keys` and `status_lists` (which the
// report may point into; keep them alive while the report is used).
VerificationReport VerifyAttestation(std::string_view compact, const KeySet& keys,
                                     const StatusLists& status_lists, int64_t now);

// "2026-12-06T06:00:00Z" for Unix seconds.
std::string FormatInstant(int64_t unix_seconds);

}  // namespace hoshitori::assure
