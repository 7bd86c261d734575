// AttestationRepository: the attestations the server issued and the public registry's
// entries, as the store keeps them (migration 014). The repository stores what the service
// gives it; signing, status lists and who may do what are service/attestation_service.h's.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

enum class IssuedState { kActive, kSuspended, kRevoked };
std::string_view IssuedStateName(IssuedState state);  // "active", "suspended", "revoked"
std::optional<IssuedState> ParseIssuedState(std::string_view name);

// One issued attestation. Times are UTC "YYYY-MM-DDTHH:MM:SSZ".
struct IssuedAttestation {
  std::string id;  // the JWS's jti: 128 random bits, base64url (22 characters)
  int64_t assessment_id = 0;
  int64_t org_id = 0;
  int level = 0;
  std::string kind;  // the claim's kind: "expert_confirmed", "third_party" (or "self_declared")
  std::string framework_id;
  std::string assessor_name;
  int64_t status_list = 1;
  int64_t status_index = 0;
  std::string jws;  // the compact JWS as issued
  std::string issued_at;
  std::string valid_from;
  std::string expires_at;  // the claim's exp: invalid from this instant
  IssuedState state = IssuedState::kActive;
  std::optional<std::string> state_changed_at;
  std::string state_reason;
};

// A published organisation with one of its attestations that is not revoked and not expired.
struct RegistryCandidate {
  IssuedAttestation attestation;
  std::string name;
  std::string corporate_number;
  std::string published_at;
};

// Works on the session it was given (which must outlive it); one thread at a time. Changes
// run in the caller's transaction.
class AttestationRepository {
 public:
  explicit AttestationRepository(SqlSession& session) : session_(session) {}

  Status Insert(const IssuedAttestation& attestation);
  Result<std::optional<IssuedAttestation>> Get(const std::string& id);
  // The same, locking the row until the transaction ends.
  Result<std::optional<IssuedAttestation>> Lock(const std::string& id);
  // Of one organisation, newest first.
  Result<std::vector<IssuedAttestation>> ListOfOrganisation(int64_t org_id);
  // Of one assessment that are not revoked.
  Result<std::vector<IssuedAttestation>> LiveOfAssessment(int64_t assessment_id);
  // The active attestations (not suspended, revoked or expired at `now`) of the assessments
  // shared with `buyer_org_id` — of `supplier_org_id`'s only when given: assessment id →
  // attestation id. For the "verified" mark of a buyer's supplier list.
  Result<std::unordered_map<int64_t, std::string>> ActiveSharedWith(int64_t buyer_org_id,
                                                                    std::optional<int64_t> supplier_org_id,
                                                                    const std::string& now);
  // The same of any of `supplier_org_ids` (repeats allowed): one statement for up to
  // kIdListChunk suppliers (store/id_list.h).
  Result<std::unordered_map<int64_t, std::string>> ActiveSharedWith(
      int64_t buyer_org_id, const std::vector<int64_t>& supplier_org_ids, const std::string& now);
  Result<int64_t> Count();
  // The highest status list number in use (0 when none).
  Result<int64_t> LastStatusList();
  Result<bool> IndexTaken(int64_t status_list, int64_t status_index);
  Status SetState(const std::string& id, IssuedState state, const std::string& changed_at,
                  const std::string& reason);
  // Calls `sink(index, state)` for every suspended or revoked attestation of `status_list`.
  Status ForEachFlagged(int64_t status_list, const std::function<void(int64_t, IssuedState)>& sink);

  // Registry entries: one per organisation.
  Status Publish(int64_t org_id, std::optional<int64_t> user_id, const std::string& at);
  // False when the organisation was not published.
  Result<bool> Unpublish(int64_t org_id);
  Result<bool> IsPublished(int64_t org_id);
  // Published organisations whose corporate number is `corporate_number` (when given) or
  // whose name contains `name_part` (case folded as the database's lower() does), with each
  // of their attestations not revoked and expiring after `now`; by name, then organisation,
  // newest attestation first; at most `max_rows` rows.
  Result<std::vector<RegistryCandidate>> SearchRegistry(
      const std::optional<std::string>& corporate_number, const std::string& name_part,
      const std::string& now, int64_t max_rows);

 private:
  // Of the suppliers in `suppliers` (one chunk), or of every supplier when null.
  Result<std::unordered_map<int64_t, std::string>> ActiveSharedWith(
      int64_t buyer_org_id, const std::vector<int64_t>* suppliers, const std::string& now);
  SqlSession& session_;
};

}  // namespace hoshitori
