#include "service/attestation_service.h"

#include "assure/certificate.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>

#include "service/results.h"
#include "assure/base64url.h"
#include "core/corporate_number.h"
#include "core/date.h"

namespace hoshitori::service {

namespace {

constexpr size_t kIdLength = 22;  // 16 random bytes in base64url without padding

int64_t Seconds(const std::chrono::system_clock::time_point& at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

std::string NewAttestationId() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  return assure::Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool IsAttestationId(std::string_view id) {
  return id.size() == kIdLength && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

assure::AttestationKind ClaimKind(AttestationKind kind) {
  switch (kind) {
    case AttestationKind::kSelf:
      return assure::AttestationKind::kSelfDeclared;
    case AttestationKind::kExpertConfirmed:
      return assure::AttestationKind::kExpertConfirmed;
    case AttestationKind::kThirdParty:
      return assure::AttestationKind::kThirdParty;
  }
  return assure::AttestationKind::kSelfDeclared;
}

// The last day an attestation expiring at `expires_at` (an instant at 00:00 UTC) is held.
std::string LastDay(const std::string& expires_at) {
  const auto day = ParseDate(std::string_view(expires_at).substr(0, 10));
  if (!day) return expires_at.substr(0, 10);
  return FormatDate(std::chrono::sys_days(*day) - std::chrono::days(1));
}

// Writes a new private key file readable by the owner only; never replaces a file.
Status WriteKeyFile(const std::string& path, std::string text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    sodium_memzero(text.data(), text.size());
    return MakeError("cannot create the signing key file " + path);
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  sodium_memzero(text.data(), text.size());
  const bool closed = ::fsync(fd) == 0 && ::close(fd) == 0;
  if (!written || !closed) {
    ::unlink(path.c_str());
    return MakeError("cannot write the signing key file " + path);
  }
  return OkStatus();
}

Result<std::vector<std::string>> KeyFilesOf(const std::string& directory) {
  std::vector<std::string> files;
  DIR* dir = ::opendir(directory.c_str());
  if (!dir) return MakeError("cannot read the signing key directory " + directory);
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".jwk") == 0) {
      files.push_back(directory + "/" + name);
    }
  }
  ::closedir(dir);
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::vector<ExpiryReminder> ExpiryReminders(const std::vector<IssuedAttestation>& attestations,
                                            const Date& today) {
  std::vector<ExpiryReminder> due;
  for (const IssuedAttestation& a : attestations) {
    if (a.state != IssuedState::kActive) continue;
    // expires_at is the first instant not held: midnight UTC after the last day.
    const auto end = ParseDate(std::string_view(a.expires_at).substr(0, 10));
    if (!end) continue;
    const auto last = std::chrono::sys_days(*end) - std::chrono::days(1);
    const int days_left = static_cast<int>((last - std::chrono::sys_days(today)).count());
    if (days_left < 0 || days_left > 90) continue;
    due.push_back(ExpiryReminder{a.id, a.level, Date(last), days_left, days_left <= 7 ? 7 : days_left <= 30 ? 30 : 90});
  }
  std::sort(due.begin(), due.end(), [](const ExpiryReminder& x, const ExpiryReminder& y) {
    return x.days_left != y.days_left ? x.days_left < y.days_left : x.attestation_id < y.attestation_id;
  });
  return due;
}

std::string HalfWidthDigits(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // U+FF10..U+FF19 (０..９) are EF BC 90..99; U+FF0D (－) EF BC 8D; U+3000 (space) E3 80 80;
    // U+2010..U+2015 and U+2212 are the hyphens and minus signs people type between groups.
    if (byte == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
      const auto third = static_cast<unsigned char>(text[i + 2]);
      if (third >= 0x90 && third <= 0x99) {
        out.push_back(static_cast<char>('0' + (third - 0x90)));
        i += 3;
        continue;
      }
      if (third == 0x8D) {
        out.push_back('-');
        i += 3;
        continue;
      }
    }
    if (byte == 0xE3 && i + 2 < text.size() && text.compare(i, 3, "\xE3\x80\x80") == 0) {
      out.push_back(' ');
      i += 3;
      continue;
    }
    if (byte == 0xE2 && i + 2 < text.size() &&
        ((static_cast<unsigned char>(text[i + 1]) == 0x80 &&
          static_cast<unsigned char>(text[i + 2]) >= 0x90 &&
          static_cast<unsigned char>(text[i + 2]) <= 0x95) ||
         text.compare(i, 3, "\xE2\x88\x92") == 0)) {
      out.push_back('-');
      i += 3;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The issuer.

AttestationIssuer::AttestationIssuer(std::vector<assure::SigningKey> keys,
                                     assure::KeySet public_keys, std::string public_url)
    : keys_(std::move(keys)),
      public_keys_(std::move(public_keys)),
      public_url_(std::move(public_url)),
      misses_(AttemptThrottle::Options{20'000, 20, std::chrono::seconds(900),
                                       std::chrono::seconds(900)}),
      searches_(AttemptThrottle::Options{20'000, 300, std::chrono::seconds(900),
                                         std::chrono::seconds(900)}) {}

Result<std::shared_ptr<AttestationIssuer>> AttestationIssuer::FromKeys(
    std::vector<assure::SigningKey> keys, std::string public_url) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  if (public_url.empty() || public_url.size() > 1024 ||
      (public_url.rfind("https://", 0) != 0 && public_url.rfind("http://", 0) != 0)) {
    return MakeError(ErrorKind::kInvalid, "Invalid URL",
                     "the public URL must start with https:// or http:// (at most 1,024 bytes)");
  }
  if (keys.empty()) return MakeError(ErrorKind::kInvalid, "No signing key", "no signing key given");
  assure::KeySet set;
  for (const assure::SigningKey& key : keys) TRY(set.Add(key.public_key()));
  return std::shared_ptr<AttestationIssuer>(
      new AttestationIssuer(std::move(keys), std::move(set), std::move(public_url)));
}

Result<std::shared_ptr<AttestationIssuer>> AttestationIssuer::Open(const std::string& directory,
                                                                   std::string public_url,
                                                                   bool create) {
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) {
    if (!create) return MakeError("the signing key directory " + directory + " does not exist");
    if (::mkdir(directory.c_str(), 0700) != 0) {
      return MakeError("cannot create the signing key directory " + directory);
    }
    if (::stat(directory.c_str(), &info) != 0) return MakeError("cannot read " + directory);
  }
  if (!S_ISDIR(info.st_mode)) return MakeError(directory + " is not a directory");
  if ((info.st_mode & 077) != 0) {
    return MakeError("the signing key directory " + directory +
                     " may be read by others; make it 0700 (chmod 700)");
  }
  TRY_ASSIGN(std::vector<std::string> files, KeyFilesOf(directory));
  std::vector<assure::SigningKey> keys;
  for (const std::string& path : files) {
    struct stat file_info {};
    if (::stat(path.c_str(), &file_info) != 0 || !S_ISREG(file_info.st_mode)) {
      return MakeError(path + " is not a regular file");
    }
    if ((file_info.st_mode & 077) != 0) {
      return MakeError(path + " may be read by others; make it 0600 (chmod 600)");
    }
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return MakeError("cannot read " + path);
    auto key = assure::SigningKey::FromJwkText(text);
    sodium_memzero(text.data(), text.size());
    if (!key) return MakeError(path + ": " + key.error().message);
    keys.push_back(std::move(key).value());
  }
  if (keys.empty()) {
    if (!create) return MakeError("the signing key directory " + directory + " holds no *.jwk key");
    assure::SigningKey key = assure::SigningKey::Generate();
    TRY(WriteKeyFile(directory + "/" + key.kid() + ".jwk", key.ToPrivateJwkText()));
    keys.push_back(std::move(key));
  }
  return FromKeys(std::move(keys), std::move(public_url));
}

std::string AttestationIssuer::StatusUrl(int64_t list) const {
  return public_url_ + "/status/" + std::to_string(list);
}

std::string AttestationIssuer::VerifyUrl(const std::string& id) const {
  return public_url_ + "/verify/" + id;
}

const assure::SigningKey* AttestationIssuer::SigningKeyAt(int64_t unix_seconds) const {
  const assure::SigningKey* chosen = nullptr;
  for (const assure::SigningKey& key : keys_) {
    if (!key.public_key().CoversTime(unix_seconds)) continue;
    const auto start = key.public_key().not_before;
    if (!chosen) {
      chosen = &key;
      continue;
    }
    const auto chosen_start = chosen->public_key().not_before;
    if (start && (!chosen_start || *chosen_start < *start)) chosen = &key;
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------
// Issuing.

Result<const AttestationIssuer*> AttestationService::Issuer() const {
  if (!context_.issuer) {
    return MakeError(ErrorKind::kUnavailable, "No issuer",
                     "this server issues no attestations (it was started without signing keys)");
  }
  return context_.issuer;
}

Status AttestationService::IssueOnAttest(const AssessmentRecord& record,
                                         const Attestation& attested, const IssueDetails& details) {
  if (!context_.issuer) return OkStatus();
  const AttestationIssuer& issuer = *context_.issuer;
  if (attested.suspended) {
    return Conflict("Suspended",
                    "the attestation of this assessment is suspended; the scheme operator must "
                    "reinstate it before it is confirmed or verified again");
  }
  const Framework* framework = context_.catalog.FindFramework(record.framework_id);
  if (!framework) return MakeError("framework " + record.framework_id + " is not in the catalog");
  TRY_ASSIGN(const AssessmentResult result,
             StoredResult(context_.store, context_.catalog, record));
  const HeldLevel held = DetermineHeldLevel(result.eligible_star, result.present_stars, attested,
                                            context_.clock.Today());
  // ★1 and ★2 are the supplier's own declaration whoever looked at them: nothing to sign.
  if (held.star < 3 || !held.valid_until || !attested.valid_from) return OkStatus();

  TRY_ASSIGN(const auto subject, context_.store.GetOrganisation(record.org_id));
  if (!subject) return MakeError("the assessment's organisation is missing");
  std::optional<Organisation> assessor;
  if (context_.actor.principal) {
    TRY_ASSIGN(assessor, context_.store.GetOrganisation(context_.actor.principal->org_id));
  }
  if (!assessor) return MakeError("the assessor's organisation is missing");

  AttestationRepository repository(context_.store.Sql());
  TRY_ASSIGN(const int64_t issued, repository.Count());
  const int64_t list = 1 + issued / kAttestationsPerList;
  int64_t index = -1;
  // Indices are drawn at random (herd privacy); a list is at most half full, so each draw
  // finds a free one with a chance of one half or more.
  for (int attempt = 0; attempt < 64 && index < 0; ++attempt) {
    const int64_t drawn = randombytes_uniform(static_cast<uint32_t>(assure::kMinStatusBits));
    TRY_ASSIGN(const bool taken, repository.IndexTaken(list, drawn));
    if (!taken) index = drawn;
  }
  if (index < 0) return MakeError("no free status list index was found; try again");

  const int64_t now = Seconds(context_.clock.Now());
  assure::AttestationClaims claims;
  claims.issuer = issuer.public_url();
  claims.subject = subject->corporate_number.digits();
  claims.name = subject->name;
  claims.level = held.star;
  claims.framework = record.framework_id;
  claims.catalog_digest = CatalogDigest(context_.catalog, *framework);
  claims.scope = record.scope.empty() ? "組織全体 / the whole organisation" : record.scope;
  claims.kind = ClaimKind(attested.kind);
  claims.assessor = assure::Assessor{assessor->name,
                                     details.accreditation_number.value_or(kNoAccreditationNumber)};
  claims.issued_at = now;
  claims.not_before = assure::StartOfDay(*attested.valid_from);
  claims.expires_at = assure::StartOfDay(*held.valid_until) + 86400;
  TRY_ASSIGN(claims.evidence_digest, assure::EvidenceDigest(details.evidence_hashes));
  claims.status = assure::StatusReference{issuer.StatusUrl(list), static_cast<uint64_t>(index)};
  claims.id = NewAttestationId();

  const assure::SigningKey* key = issuer.SigningKeyAt(now);
  if (!key) {
    return MakeError(ErrorKind::kUnavailable, "Cannot sign",
                     "no signing key of this server may sign today; the operator must add one");
  }
  auto jws = assure::IssueAttestation(claims, *key);
  if (!jws) return MakeError(ErrorKind::kUnavailable, "Cannot sign", jws.error().message);

  IssuedAttestation row;
  row.id = claims.id;
  row.assessment_id = record.id;
  row.org_id = record.org_id;
  row.level = claims.level;
  row.kind = std::string(assure::AttestationKindName(claims.kind));
  row.framework_id = record.framework_id;
  row.assessor_name = assessor->name;
  row.status_list = list;
  row.status_index = index;
  row.jws = *jws;
  row.issued_at = assure::FormatInstant(claims.issued_at);
  row.valid_from = assure::FormatInstant(claims.not_before);
  row.expires_at = assure::FormatInstant(claims.expires_at);

  TRY_ASSIGN(const auto earlier, repository.LiveOfAssessment(record.id));
  for (const IssuedAttestation& old : earlier) {
    TRY(repository.SetState(old.id, IssuedState::kRevoked, row.issued_at,
                            "superseded by " + row.id));
    TRY(Record(context_, "attestation.supersede", "attestation/" + old.id, row.id));
  }
  TRY(repository.Insert(row));
  return Record(context_, "attestation.issue", "attestation/" + row.id,
                "assessment " + std::to_string(record.id) + ", ★" + std::to_string(row.level) +
                    " " + row.kind + ", status " + std::to_string(list) + "/" +
                    std::to_string(index));
}

// ---------------------------------------------------------------------------------------
// Reading.

Status AttestationService::ThrottledBy(AttemptThrottle& throttle, const std::string& key,
                                       bool count) {
  const auto now = AttemptThrottle::Clock::now();
  if (const int64_t wait = throttle.Wait(key, now); wait > 0) {
    Error error =
        MakeError(ErrorKind::kRateLimited, "Too many attempts",
                  "too many requests from your address; wait " + std::to_string(wait) + " seconds");
    error.retry_after_seconds = wait;
    return error;
  }
  if (count) throttle.Record(key, now);
  return OkStatus();
}

Result<std::vector<IssuedAttestation>> AttestationService::ListOwn() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kAssessment, p.org_id}));
  return AttestationRepository(context_.store.Sql()).ListOfOrganisation(p.org_id);
}

Result<IssuedAttestation> AttestationService::Get(const std::string& id) {
  TRY_ASSIGN(const AttestationIssuer* issuer, Issuer());
  const std::string key = "attestation:" + context_.actor.address;
  TRY(ThrottledBy(issuer->misses(), key, false));
  std::optional<IssuedAttestation> found;
  if (IsAttestationId(id)) {
    TRY_ASSIGN(found, AttestationRepository(context_.store.Sql()).Get(id));
  }
  if (!found) {
    issuer->misses().Record(key, AttemptThrottle::Clock::now());
    return NotFound("no attestation has this id");
  }
  return *found;
}

Result<std::string> AttestationService::Jwks() {
  TRY_ASSIGN(const AttestationIssuer* issuer, Issuer());
  return issuer->public_keys().ToJson();
}

Result<std::string> AttestationService::StatusListJws(int64_t list) {
  TRY_ASSIGN(const AttestationIssuer* issuer, Issuer());
  AttestationRepository repository(context_.store.Sql());
  TRY_ASSIGN(const int64_t last, repository.LastStatusList());
  if (list < 1 || list > std::max<int64_t>(last, 1)) {
    return NotFound("no status list " + std::to_string(list));
  }
  assure::StatusList status;
  status.issuer = issuer->public_url();
  status.url = issuer->StatusUrl(list);
  status.issued_at = Seconds(context_.clock.Now());
  status.expires_at = status.issued_at + kStatusListSeconds;
  TRY(repository.ForEachFlagged(list, [&](int64_t index, IssuedState state) {
    if (index < 0 || static_cast<size_t>(index) >= status.revocation.size()) return;
    auto& bits = state == IssuedState::kRevoked ? status.revocation : status.suspension;
    (void)bits.Set(static_cast<size_t>(index), true);
  }));
  const assure::SigningKey* key = issuer->SigningKeyAt(status.issued_at);
  if (!key) {
    return MakeError(ErrorKind::kUnavailable, "Cannot sign",
                     "no signing key of this server may sign today; the operator must add one");
  }
  return assure::SignStatusList(status, *key);
}

Result<std::string> AttestationService::CertificatePdf(const std::string& id) {
  TRY_ASSIGN(const AttestationCheck check, Check(id));
  if (check.status != "valid" || !check.report.claims) {
    return Conflict("Not held / 現在有効ではありません",
                    "この証明は現在有効ではない（" + check.status +
                        "）ため、証明書 PDF は作成できません。検証ページで状態を確認してください。 / "
                        "This attestation is not valid now (" + check.status +
                        "), so no certificate PDF is made; its verification page shows why.");
  }
  assure::CertificateFacts facts;
  facts.claims = *check.report.claims;
  facts.verification_url = context_.issuer->VerifyUrl(id);
  facts.issuer_name = context_.issuer->public_url();
  return assure::RenderCertificatePdf(facts);
}

Result<AttestationCheck> AttestationService::Check(const std::string& id) {
  TRY_ASSIGN(IssuedAttestation attestation, Get(id));
  const AttestationIssuer& issuer = *context_.issuer;
  const int64_t now = Seconds(context_.clock.Now());
  assure::StatusLists lists;
  TRY_ASSIGN(const std::string list_jws, StatusListJws(attestation.status_list));
  auto list = assure::ReadStatusList(list_jws, issuer.public_keys(), now);
  if (list) {
    lists.lists.push_back(std::move(list).value());
  } else {
    lists.problems.push_back(list.error().message);
  }
  // The report is made in place (GCC 12 at -O3 warns about a value-initialised one that is
  // assigned over).
  assure::VerificationReport report = assure::VerifyAttestation(attestation.jws, issuer.public_keys(), lists, now);
  report.status_list = nullptr;
  AttestationCheck check{std::move(attestation), std::move(report), ""};
  switch (check.report.verdict) {
    case assure::Verdict::kValid:
      check.status = "valid";
      break;
    case assure::Verdict::kExpired:
      check.status = "expired";
      break;
    case assure::Verdict::kRevoked:
      check.status = "revoked";
      break;
    case assure::Verdict::kSuspended:
      check.status = "suspended";
      break;
    default:
      check.status = "invalid";
      break;
  }
  return check;
}

// ---------------------------------------------------------------------------------------
// Revocation and suspension.

Result<IssuedAttestation> AttestationService::ChangeState(const std::string& id, IssuedState to,
                                                          const std::string& reason) {
  TRY(AllowOperator(context_));
  if (reason.size() > 1000) return Invalid("Reason too long", "a reason is at most 1,000 bytes");
  if (!IsAttestationId(id)) return NotFound("no attestation has the id '" + id + "'");
  std::optional<IssuedAttestation> changed;
  AttestationRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto seen, repository.Get(id));
  if (!seen) return NotFound("no attestation has the id '" + id + "'");
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {seen->org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(auto attestation, repository.Lock(id));
    if (!attestation) return NotFound("no attestation has the id '" + id + "'");
    const IssuedState from = attestation->state;
    const bool allowed = (from == IssuedState::kActive && to != IssuedState::kActive) ||
                         (from == IssuedState::kSuspended && to != IssuedState::kSuspended);
    if (!allowed) {
      return Conflict("Wrong state",
                      "an attestation that is " + std::string(IssuedStateName(from)) +
                          " cannot become " + std::string(IssuedStateName(to)) +
                          (from == IssuedState::kRevoked ? " (revocation is final)" : ""));
    }
    const std::string at = context_.clock.UtcNow();
    TRY(repository.SetState(id, to, at, reason));
    // The assessment's level follows: revoked for good, or (un)suspended.
    TRY_ASSIGN(const auto assessment, context_.store.LockAssessment(attestation->assessment_id));
    if (assessment) {
      Attestation next = assessment->attestation;
      next.suspended = to == IssuedState::kSuspended;
      if (to == IssuedState::kRevoked && CanTransition(next.status, AssessmentStatus::kRevoked)) {
        next.status = AssessmentStatus::kRevoked;
      }
      TRY(context_.store.UpdateAssessmentAttestation(assessment->id, next));
    }
    attestation->state = to;
    attestation->state_changed_at = at;
    attestation->state_reason = reason;
    changed = *attestation;
    const char* action = to == IssuedState::kRevoked     ? "attestation.revoke"
                         : to == IssuedState::kSuspended ? "attestation.suspend"
                                                         : "attestation.reinstate";
    return Record(context_, action, "attestation/" + id, reason);
  }));
  return *changed;
}

// ---------------------------------------------------------------------------------------
// The public registry.

Result<Organisation> AttestationService::OrganisationOfNumber(const std::string& corporate_number) {
  auto number = CorporateNumber::Parse(HalfWidthDigits(corporate_number));
  if (!number) return Invalid("Invalid corporate number", number.error().message);
  TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(*number));
  if (!organisation) {
    return NotFound("no organisation with corporate number " + number->digits() +
                    " uses Hoshitori");
  }
  return *organisation;
}

namespace {

RegistryEntry EntryOf(const RegistryCandidate& candidate, const AttestationIssuer& issuer) {
  const IssuedAttestation& a = candidate.attestation;
  RegistryEntry entry;
  entry.name = candidate.name;
  entry.corporate_number = candidate.corporate_number;
  entry.level = a.level;
  entry.kind = a.kind;
  entry.valid_from = a.valid_from.substr(0, 10);
  entry.valid_until = LastDay(a.expires_at);
  entry.issuer = issuer.public_url();
  entry.assessor = a.assessor_name;
  entry.status = a.state == IssuedState::kSuspended ? "suspended" : "valid";
  entry.attestation_id = a.id;
  entry.verify_url = issuer.VerifyUrl(a.id);
  entry.published_at = candidate.published_at;
  return entry;
}

// Of each organisation's candidates (consecutive), the current one: active before suspended,
// then the higher level, then the newest (the order the repository gives).
std::vector<const RegistryCandidate*> CurrentPerOrganisation(
    const std::vector<RegistryCandidate>& candidates) {
  std::vector<const RegistryCandidate*> out;
  for (const RegistryCandidate& candidate : candidates) {
    const RegistryCandidate* last = out.empty() ? nullptr : out.back();
    if (!last || last->attestation.org_id != candidate.attestation.org_id) {
      out.push_back(&candidate);
      continue;
    }
    auto rank = [](const RegistryCandidate& c) {
      return std::pair{c.attestation.state == IssuedState::kActive ? 1 : 0, c.attestation.level};
    };
    if (rank(candidate) > rank(*last)) out.back() = &candidate;
  }
  return out;
}

}  // namespace

Result<RegistryEntry> AttestationService::Publish(const std::string& corporate_number) {
  TRY_ASSIGN(const AttestationIssuer* issuer, Issuer());
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const Organisation organisation, OrganisationOfNumber(corporate_number));
  TRY(Allow(context_, Action::kShare,
            ResourceFacts{ResourceKind::kRegistryEntry, organisation.id}));
  AttestationRepository repository(context_.store.Sql());
  std::optional<RegistryEntry> entry;
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {organisation.id}));
  TRY(InTransaction(context_, [&]() -> Status {
    const std::string now = context_.clock.UtcNow();
    TRY(repository.Publish(organisation.id, p.user_id, now));
    TRY_ASSIGN(const auto candidates,
               repository.SearchRegistry(organisation.corporate_number.digits(), "", now,
                                         kMaxRegistryEntries));
    const auto current = CurrentPerOrganisation(candidates);
    if (current.empty()) {
      return Conflict("Nothing to publish",
                      "your organisation holds no attestation that is valid today; an assessor's "
                      "confirmation (★3) or evaluation (★4) issues one");
    }
    entry = EntryOf(*current.front(), *issuer);
    return Record(context_, "registry.publish",
                  "registry/" + organisation.corporate_number.digits(), entry->attestation_id);
  }));
  return *entry;
}

Status AttestationService::Unpublish(const std::string& corporate_number) {
  TRY(Issuer());
  TRY(SignedIn(context_));
  TRY_ASSIGN(const Organisation organisation, OrganisationOfNumber(corporate_number));
  TRY(Allow(context_, Action::kRevoke,
            ResourceFacts{ResourceKind::kRegistryEntry, organisation.id}));
  AttestationRepository repository(context_.store.Sql());
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {organisation.id}));
  return InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const bool removed, repository.Unpublish(organisation.id));
    if (!removed) return NotFound("your organisation is not in the public registry");
    return Record(context_, "registry.unpublish",
                  "registry/" + organisation.corporate_number.digits());
  });
}

Result<std::vector<RegistryEntry>> AttestationService::SearchRegistry(const std::string& query) {
  TRY_ASSIGN(const AttestationIssuer* issuer, Issuer());
  TRY(ThrottledBy(issuer->searches(), "registry:" + context_.actor.address, true));
  if (query.size() > kMaxQueryBytes) {
    return Invalid("Query too long",
                   "a search is at most " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  std::string typed = HalfWidthDigits(query);
  while (!typed.empty() && typed.front() == ' ') typed.erase(typed.begin());
  while (!typed.empty() && typed.back() == ' ') typed.pop_back();
  if (typed.empty()) {
    return Invalid("Missing query", "give a corporate number (13 digits) or part of a name");
  }
  std::string digits;
  bool only_number = true;
  for (char c : typed) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ' && c != '-') {
      only_number = false;
    }
  }
  std::optional<std::string> number;
  if (only_number && digits.size() == 13) {
    auto parsed = CorporateNumber::Parse(digits);
    if (!parsed) return Invalid("Invalid corporate number", parsed.error().message);
    number = parsed->digits();
  }
  AttestationRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto candidates,
             repository.SearchRegistry(number, typed, context_.clock.UtcNow(),
                                       static_cast<int64_t>(kMaxRegistryEntries) * 8));
  std::vector<RegistryEntry> entries;
  for (const RegistryCandidate* candidate : CurrentPerOrganisation(candidates)) {
    if (entries.size() == kMaxRegistryEntries) break;
    entries.push_back(EntryOf(*candidate, *issuer));
  }
  return entries;
}

}  // namespace hoshitori::service
