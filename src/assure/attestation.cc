#include "assure/attestation.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <set>

#include "assure/jws.h"
#include "assure/strict_json.h"
#include "core/corporate_number.h"

namespace hoshitori::assure {

using nlohmann::json;

namespace {

constexpr size_t kMaxUriBytes = 2048;
constexpr size_t kMaxNameBytes = 512;
constexpr size_t kMaxScopeBytes = 2048;
constexpr size_t kMaxIdBytes = 128;

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string HexSha256(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Result<int64_t> SecondsMember(const json& payload, const char* name, const std::string& where) {
  const auto found = payload.find(name);
  if (found == payload.end()) return MakeError(where + ": \"" + name + "\" is missing");
  // 253402300799 is 9999-12-31T23:59:59Z: later times are not dates anyone means.
  if (!found->is_number_integer() || found->get<int64_t>() <= 0 ||
      found->get<int64_t>() > 253402300799) {
    return MakeError(where + ": \"" + name + "\" must be a positive whole number of seconds");
  }
  return found->get<int64_t>();
}

Status CheckRules(const AttestationClaims& claims, const std::string& where) {
  auto number = CorporateNumber::Parse(claims.subject);
  if (!number || number->digits() != claims.subject) {
    return MakeError(where + ": \"sub\" must be a 13-digit corporate number" +
                     (number ? std::string(" without separators") : ": " + number.error().message));
  }
  if (claims.level < 1 || claims.level > 5) return MakeError(where + ": \"level\" must be 1 to 5");
  if (claims.level >= 4 && claims.kind != AttestationKind::kThirdParty) {
    return MakeError(where + ": a level of 4 or more needs \"kind\": \"third_party\"");
  }
  if (claims.level == 3 && claims.kind == AttestationKind::kSelfDeclared) {
    return MakeError(where + ": level 3 needs \"kind\": \"expert_confirmed\" or \"third_party\"");
  }
  if (claims.kind != AttestationKind::kSelfDeclared && !claims.assessor) {
    return MakeError(where + ": \"assessor\" is required unless \"kind\" is \"self_declared\"");
  }
  if (!IsSha256Hex(claims.catalog_digest)) {
    return MakeError(where + ": \"catalog_digest\" must be a SHA-256 in 64 lowercase hex digits");
  }
  if (!IsSha256Hex(claims.evidence_digest)) {
    return MakeError(where + ": \"evidence_digest\" must be a SHA-256 in 64 lowercase hex digits");
  }
  if (claims.expires_at <= claims.not_before) {
    return MakeError(where + ": \"exp\" must be after \"nbf\"");
  }
  if (claims.expires_at <= claims.issued_at) {
    return MakeError(where + ": \"exp\" must be after \"iat\"");
  }
  if (claims.status.index >= kMaxStatusBits) {
    return MakeError(where + ": \"status\".\"index\" must be below " +
                     std::to_string(kMaxStatusBits));
  }
  return OkStatus();
}

Result<std::string> Text(const json& object, const char* name, const std::string& where,
                         size_t max_bytes) {
  return StringMember(object, name, where, max_bytes);
}

}  // namespace

std::string FormatInstant(int64_t unix_seconds) {
  const std::chrono::sys_seconds instant{std::chrono::seconds(unix_seconds)};
  const auto day = std::chrono::floor<std::chrono::days>(instant);
  const std::chrono::hh_mm_ss time{instant - day};
  char text[32];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02dZ",
                FormatDate(std::chrono::year_month_day(day)).c_str(),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text;
}

std::string_view AttestationKindName(AttestationKind kind) {
  switch (kind) {
    case AttestationKind::kSelfDeclared:
      return "self_declared";
    case AttestationKind::kExpertConfirmed:
      return "expert_confirmed";
    case AttestationKind::kThirdParty:
      return "third_party";
  }
  return "self_declared";
}

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kValid:
      return "valid";
    case Verdict::kMalformed:
      return "malformed";
    case Verdict::kUnknownKey:
      return "unknown_key";
    case Verdict::kKeyNotValidThen:
      return "key_not_valid_then";
    case Verdict::kBadSignature:
      return "bad_signature";
    case Verdict::kNotYetValid:
      return "not_yet_valid";
    case Verdict::kExpired:
      return "expired";
    case Verdict::kRevoked:
      return "revoked";
    case Verdict::kSuspended:
      return "suspended";
    case Verdict::kStatusListMissing:
      return "status_list_missing";
    case Verdict::kStatusListInvalid:
      return "status_list_invalid";
  }
  return "malformed";
}

json ClaimsToJson(const AttestationClaims& claims) {
  json payload = {{"iss", claims.issuer},
                  {"sub", claims.subject},
                  {"name", claims.name},
                  {"level", claims.level},
                  {"framework", claims.framework},
                  {"catalog_digest", claims.catalog_digest},
                  {"scope", claims.scope},
                  {"kind", AttestationKindName(claims.kind)},
                  {"iat", claims.issued_at},
                  {"nbf", claims.not_before},
                  {"exp", claims.expires_at},
                  {"evidence_digest", claims.evidence_digest},
                  {"status", {{"url", claims.status.url}, {"index", claims.status.index}}},
                  {"jti", claims.id}};
  if (claims.assessor) {
    payload["assessor"] = {{"name", claims.assessor->name},
                           {"accreditation", claims.assessor->accreditation}};
  }
  return payload;
}

Result<AttestationClaims> ClaimsFromJson(const json& payload, std::string_view where) {
  const std::string at(where);
  if (!payload.is_object()) return MakeError(at + " must be a JSON object");
  static const std::set<std::string> kKnown = {
      "iss",      "sub", "name", "level", "framework",       "catalog_digest", "scope", "kind",
      "assessor", "iat", "nbf",  "exp",   "evidence_digest", "status",         "jti"};
  for (const auto& [name, unused] : payload.items()) {
    if (!kKnown.count(name)) return MakeError(at + ": unknown claim \"" + name + "\"");
  }
  AttestationClaims claims;
  struct TextClaim {
    const char* name;
    std::string* target;
    size_t max_bytes;
  };
  const TextClaim texts[] = {{"iss", &claims.issuer, kMaxUriBytes},
                             {"sub", &claims.subject, 13},
                             {"name", &claims.name, kMaxNameBytes},
                             {"framework", &claims.framework, kMaxIdBytes},
                             {"catalog_digest", &claims.catalog_digest, 64},
                             {"scope", &claims.scope, kMaxScopeBytes},
                             {"evidence_digest", &claims.evidence_digest, 64},
                             {"jti", &claims.id, kMaxIdBytes}};
  for (const TextClaim& text : texts) {
    auto value = Text(payload, text.name, at, text.max_bytes);
    if (!value) return value.error();
    *text.target = std::move(value).value();
  }
  const auto level = payload.find("level");
  if (level == payload.end() || !level->is_number_integer()) {
    return MakeError(at + ": \"level\" must be a whole number 1 to 5");
  }
  claims.level = static_cast<int>(std::clamp<int64_t>(level->get<int64_t>(), -1, 99));
  auto kind = Text(payload, "kind", at, 32);
  if (!kind) return kind.error();
  if (*kind == "self_declared") {
    claims.kind = AttestationKind::kSelfDeclared;
  } else if (*kind == "expert_confirmed") {
    claims.kind = AttestationKind::kExpertConfirmed;
  } else if (*kind == "third_party") {
    claims.kind = AttestationKind::kThirdParty;
  } else {
    return MakeError(at + ": \"kind\" must be self_declared, expert_confirmed or third_party");
  }
  if (const auto assessor = payload.find("assessor"); assessor != payload.end()) {
    const std::string assessor_at = at + ": \"assessor\"";
    if (!assessor->is_object() || assessor->size() != 2) {
      return MakeError(assessor_at + " must be an object with \"name\" and \"accreditation\"");
    }
    auto name = Text(*assessor, "name", assessor_at, kMaxNameBytes);
    if (!name) return name.error();
    auto accreditation = Text(*assessor, "accreditation", assessor_at, kMaxIdBytes);
    if (!accreditation) return accreditation.error();
    claims.assessor = Assessor{std::move(name).value(), std::move(accreditation).value()};
  }
  const std::pair<const char*, int64_t*> times[] = {
      {"iat", &claims.issued_at}, {"nbf", &claims.not_before}, {"exp", &claims.expires_at}};
  for (const auto& [name, target] : times) {
    auto value = SecondsMember(payload, name, at);
    if (!value) return value.error();
    *target = *value;
  }
  const auto status = payload.find("status");
  if (status == payload.end() || !status->is_object() || status->size() != 2) {
    return MakeError(at + ": \"status\" must be an object with \"url\" and \"index\"");
  }
  auto url = Text(*status, "url", at + ": \"status\"", kMaxUriBytes);
  if (!url) return url.error();
  claims.status.url = std::move(url).value();
  const auto index = status->find("index");
  if (index == status->end() || !index->is_number_unsigned()) {
    return MakeError(at + ": \"status\".\"index\" must be a whole number 0 or more");
  }
  claims.status.index = index->get<uint64_t>();
  if (auto checked = CheckRules(claims, at); !checked) return checked.error();
  return claims;
}

Result<std::string> EvidenceDigest(std::vector<std::string> evidence_hashes) {
  for (const std::string& hash : evidence_hashes) {
    if (!IsSha256Hex(hash)) {
      return MakeError("evidence hash '" + hash.substr(0, 80) +
                       "' is not a SHA-256 in 64 lowercase hex digits");
    }
  }
  std::sort(evidence_hashes.begin(), evidence_hashes.end());
  evidence_hashes.erase(std::unique(evidence_hashes.begin(), evidence_hashes.end()),
                        evidence_hashes.end());
  std::string joined;
  joined.reserve(evidence_hashes.size() * 65);
  for (const std::string& hash : evidence_hashes) joined += hash + "\n";
  return HexSha256(joined);
}

Result<std::string> IssueAttestation(const AttestationClaims& claims, const SigningKey& key) {
  // Reading back what will be signed applies every rule a verifier applies.
  auto checked = ClaimsFromJson(ClaimsToJson(claims), "the attestation");
  if (!checked) return checked.error();
  if (!key.public_key().CoversTime(claims.issued_at)) {
    return MakeError("the key " + key.kid() + " may not sign at " +
                     FormatInstant(claims.issued_at) + " (outside its not_before/retired dates)");
  }
  std::string compact = SignCompact(ClaimsToJson(claims).dump(), kAttestationType, key);
  if (compact.size() > kMaxAttestationBytes) {
    return MakeError("the attestation would be longer than " +
                     std::to_string(kMaxAttestationBytes) + " bytes; shorten the name or scope");
  }
  return compact;
}

VerificationReport VerifyAttestation(std::string_view compact, const KeySet& keys,
                                     const StatusLists& status_lists, int64_t now) {
  VerificationReport report;
  report.checked_at = now;
  auto refuse = [&report](Verdict verdict, std::string detail) -> VerificationReport& {
    report.verdict = verdict;
    report.detail = std::move(detail);
    return report;
  };
  if (compact.size() > kMaxAttestationBytes) {
    return refuse(Verdict::kMalformed, "the attestation is longer than " +
                                           std::to_string(kMaxAttestationBytes) + " bytes");
  }
  auto parsed = ParseCompact(compact, kAttestationType);
  if (!parsed) return refuse(Verdict::kMalformed, parsed.error().message);
  report.kid = parsed->kid;
  const PublicKey* key = keys.Find(parsed->kid);
  if (!key) return refuse(Verdict::kUnknownKey, "no key " + parsed->kid + " in the key set");
  if (!SignatureIsFrom(*parsed, *key)) {
    return refuse(Verdict::kBadSignature, "the signature does not match key " + key->kid);
  }
  auto payload =
      ParseSignedJsonObject(parsed->payload, "the attestation's claims", 3, kMaxAttestationBytes);
  if (!payload) return refuse(Verdict::kMalformed, payload.error().message);
  auto claims = ClaimsFromJson(*payload, "the attestation's claims");
  if (!claims) return refuse(Verdict::kMalformed, claims.error().message);
  report.claims = std::move(claims).value();
  const AttestationClaims& c = *report.claims;
  if (!key->CoversTime(c.issued_at)) {
    return refuse(Verdict::kKeyNotValidThen,
                  "key " + key->kid + " was not in use at " + FormatInstant(c.issued_at));
  }
  if (now < c.not_before) {
    return refuse(Verdict::kNotYetValid, "valid from " + FormatInstant(c.not_before));
  }
  if (now >= c.expires_at) {
    return refuse(Verdict::kExpired, "expired at " + FormatInstant(c.expires_at));
  }
  for (const StatusList& list : status_lists.lists) {
    if (list.url == c.status.url && list.issuer == c.issuer) {
      report.status_list = &list;
      break;
    }
  }
  if (!report.status_list) {
    if (!status_lists.problems.empty()) {
      std::string problems;
      for (const std::string& problem : status_lists.problems) {
        problems += (problems.empty() ? "" : "; ") + problem;
      }
      return refuse(Verdict::kStatusListInvalid, problems);
    }
    return refuse(Verdict::kStatusListMissing,
                  "no status list of " + c.issuer + " at " + c.status.url + " was given");
  }
  const StatusList& list = *report.status_list;
  if (c.status.index >= list.revocation.size() || c.status.index >= list.suspension.size()) {
    return refuse(Verdict::kStatusListInvalid, "status index " + std::to_string(c.status.index) +
                                                   " is outside the list " + list.url);
  }
  if (list.revocation.Get(c.status.index)) {
    return refuse(Verdict::kRevoked,
                  "revoked in " + list.url + " (index " + std::to_string(c.status.index) + ")");
  }
  if (list.suspension.Get(c.status.index)) {
    return refuse(Verdict::kSuspended,
                  "suspended in " + list.url + " (index " + std::to_string(c.status.index) + ")");
  }
  report.verdict = Verdict::kValid;
  return report;
}

}  // namespace hoshitori::assure
