// Attestations the server issues and serves (issue 14): when an assessor confirms (★3) or
// verifies (★4) an assessment, the server signs an attestation (assure/attestation.h) with its
// own key, in the same transaction; it serves its public keys (JWK Set), the status lists that
// revoke or suspend attestations, each attestation by its id, a verification of it, and the
// opt-in public registry of levels. docs/assurance.md describes the whole.
//
// What is public, without signing in: the JWK Set, the status lists, an attestation and its
// verification for whoever holds its id (128 random bits: the id is the capability; nothing
// lists ids to strangers), and the registry's entries (name, corporate number, level, kind,
// validity, issuer, status) of organisations that published theirs. Failed id lookups and
// registry searches are throttled per client address.
//
// Expired, revoked or suspended means not held: revoking an attestation revokes its
// assessment (status revoked, final), suspending it sets the assessment's `suspended` flag,
// which DetermineHeldLevel reads (assess/star_level.h). A new attestation of an assessment
// supersedes (revokes) the earlier ones of the same assessment, so at most one is live.
//
// Bounds: registry queries at most kMaxQueryBytes, at most kMaxRegistryEntries entries per
// answer; ids exactly 22 base64url characters; status list numbers up to the last in use.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assure/attestation.h"
#include "assure/keys.h"
#include "service/context.h"
#include "service/throttle.h"
#include "store/attestation_repository.h"

namespace hoshitori::service {

// The server as an issuer: its signing keys (private, from a key directory), the public key
// set, and the public URL its attestations and status lists name. Immutable after it is
// made, except for the throttles (thread-safe); shared by every request of a server.
class AttestationIssuer {
 public:
  // Reads the private keys of `directory`: every "*.jwk" file there, each a private JWK as
  // `hoshitori attest keygen` writes it. The directory must be 0700 and the files 0600 (a key
  // others can read is refused). When the directory does not exist (or holds no key) and
  // `create` is set, it is created 0700 with one fresh key (0600). `public_url` is the
  // issuer ("iss") without a trailing slash, e.g. "https://hoshitori.example.jp". Errors name
  // the file and what is wrong, never key material.
  static Result<std::shared_ptr<AttestationIssuer>> Open(const std::string& directory,
                                                         std::string public_url, bool create);
  // From keys in memory (tests, and the operator's commands).
  static Result<std::shared_ptr<AttestationIssuer>> FromKeys(std::vector<assure::SigningKey> keys,
                                                             std::string public_url);

  const std::string& public_url() const { return public_url_; }
  std::string StatusUrl(int64_t list) const;           // public_url + "/status/" + list
  std::string VerifyUrl(const std::string& id) const;  // public_url + "/verify/" + id
  const assure::KeySet& public_keys() const { return public_keys_; }
  // The key that signs at `unix_seconds`: of the keys whose dates cover it, the one that
  // started last (so a rotation takes over on the new key's not_before); null when none.
  const assure::SigningKey* SigningKeyAt(int64_t unix_seconds) const;

  // Unknown attestation ids asked for, per client address; registry searches, per address.
  AttemptThrottle& misses() const { return misses_; }
  AttemptThrottle& searches() const { return searches_; }

 private:
  AttestationIssuer(std::vector<assure::SigningKey> keys, assure::KeySet public_keys,
                    std::string public_url);

  std::vector<assure::SigningKey> keys_;
  assure::KeySet public_keys_;
  std::string public_url_;
  mutable AttemptThrottle misses_;
  mutable AttemptThrottle searches_;
};

// An issued attestation checked now: the stored row and the verification of its JWS with
// the server's own key set and status list, exactly as an outside verifier would do it.
struct AttestationCheck {
  IssuedAttestation attestation;
  assure::VerificationReport report;  // report.status_list is cleared (not kept alive)
  std::string status;                 // "valid", "expired", "revoked", "suspended" or "invalid"
};

// One public registry entry.
struct RegistryEntry {
  std::string name;
  std::string corporate_number;
  int level = 0;
  std::string kind;
  std::string valid_from;   // YYYY-MM-DD
  std::string valid_until;  // YYYY-MM-DD, the last day held
  std::string issuer;       // the issuer's URL
  std::string assessor;     // who confirmed or evaluated
  std::string status;       // "valid" or "suspended" (revoked and expired are not listed)
  std::string attestation_id;
  std::string verify_url;
  std::string published_at;
};

// What the other parts of issue 14 know about an attestation being issued; the call in
// AssessmentService::Attest passes them once they exist.
struct IssueDetails {
  // The assessor's accreditation (registration) number, from the assessor registry; while it
  // is absent the claim says AttestationService::kNoAccreditationNumber.
  std::optional<std::string> accreditation_number;
  // SHA-256 (64 lowercase hex) of each evidence file the conclusion rests on; none gives the
  // digest of no evidence (assure::EvidenceDigest).
  std::vector<std::string> evidence_hashes;
};

class AttestationService {
 public:
  static constexpr size_t kMaxQueryBytes = 200;
  static constexpr size_t kMaxRegistryEntries = 50;
  // A status list holds at most this many attestations (half its bits, so that indices are
  // drawn at random among many unused ones).
  static constexpr int64_t kAttestationsPerList = assure::kMinStatusBits / 2;
  // Status lists served are valid for a day (their "exp"): a verifier fetches a fresh one.
  static constexpr int64_t kStatusListSeconds = 86400;
  // The claim's accreditation number while IssueDetails has none.
  static constexpr const char* kNoAccreditationNumber = "unaccredited";

  explicit AttestationService(Context& context) : context_(context) {}

  // Called by AssessmentService::Attest inside its transaction, once `attested` (the new
  // attestation fields of `record`) is stored: signs and stores an attestation of the level
  // now held when it is ★3 or above (★1/★2 are self-declarations and are not signed), and
  // revokes as superseded the earlier live ones of the same assessment. Does nothing without
  // an issuer (context.issuer null). Fails — so the confirmation rolls back — when the level
  // cannot be signed (no key valid now, a claim out of bounds) or the store refuses.
  Status IssueOnAttest(const AssessmentRecord& record, const Attestation& attested,
                       const IssueDetails& details = {});

  // The signed-in caller's organisation's attestations, newest first.
  Result<std::vector<IssuedAttestation>> ListOwn();
  // Attestation `id` for anyone who holds the id; kNotFound otherwise (and such misses from
  // one address are throttled: kRateLimited).
  Result<IssuedAttestation> Get(const std::string& id);
  // Attestation `id` verified now with the server's key set and status list.
  Result<AttestationCheck> Check(const std::string& id);
  // The certificate PDF of attestation `id` (assure/certificate.h), for anyone who holds the
  // id, made from the claims as verified now with the server's key set and status list:
  // kConflict when it is not valid now (expired, revoked, suspended) — paper must not
  // outlive a refusal.
  Result<std::string> CertificatePdf(const std::string& id);
  // The signed status list `list` as of now (kNotFound for a list not in use).
  Result<std::string> StatusListJws(int64_t list);
  // The public JWK Set.
  Result<std::string> Jwks();

  // Operator (command line): revoke (final), suspend, or reinstate (suspended → active)
  // attestation `id`, with the assessment's level following; `reason` goes to the audit log.
  Result<IssuedAttestation> ChangeState(const std::string& id, IssuedState to,
                                        const std::string& reason);

  // The org admin of the organisation with `corporate_number` publishes its current
  // attestation in the public registry, or unpublishes it. Audited.
  Result<RegistryEntry> Publish(const std::string& corporate_number);
  Status Unpublish(const std::string& corporate_number);
  // Public: published organisations whose corporate number is `query` (13 digits, full-width
  // digits, spaces and hyphens accepted) or whose name contains `query` as typed.
  Result<std::vector<RegistryEntry>> SearchRegistry(const std::string& query);

 private:
  Result<const AttestationIssuer*> Issuer() const;
  Result<Organisation> OrganisationOfNumber(const std::string& corporate_number);
  Status ThrottledBy(AttemptThrottle& throttle, const std::string& key, bool count);

  Context& context_;
};

// `text` with full-width digits, spaces and hyphens made ASCII (a corporate number as
// people type it in Japanese).
std::string HalfWidthDigits(std::string_view text);

// An active attestation whose validity ends soon: the supplier is reminded 90, 30 and 7 days
// ahead (in the app; by e-mail once notifications exist).
struct ExpiryReminder {
  std::string attestation_id;
  int level = 0;
  Date last_day;      // the last day the level is held
  int days_left = 0;  // from `today` to last_day (0: today is the last day)
  int stage = 0;      // 90, 30 or 7: the nearest threshold reached
};
// The reminders due on `today` for `attestations` (active ones only), soonest first.
std::vector<ExpiryReminder> ExpiryReminders(const std::vector<IssuedAttestation>& attestations,
                                            const Date& today);

}  // namespace hoshitori::service
