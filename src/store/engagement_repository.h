// EngagementRepository: engagements of assessor organisations and their findings per
// criterion, as migration 013 keeps them. States and verdicts are kept as their names
// (assure/engagement.h defines them; the service turns them into values).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

struct StoredEngagement {
  int64_t id = 0;
  int64_t org_id = 0;  // the supplier, owner of the assessment
  int64_t assessment_id = 0;
  int64_t assessor_org_id = 0;
  std::string state;   // requested, accepted, declined, concluded, refused
  std::string reason;  // why declined, or the reasons of a refusal
  std::string requested_at;
  std::optional<int64_t> decided_by;
  std::optional<std::string> decided_at;
  std::optional<int64_t> concluded_by;
  std::optional<std::string> concluded_at;
};

// One version of a finding. The latest version of a criterion is its finding.
struct StoredFinding {
  int64_t engagement_id = 0;
  std::string criterion;
  int version = 0;
  int64_t org_id = 0;
  std::string verdict;  // confirmed, needs_evidence, not_confirmed
  std::string comment;
  int64_t recorded_by = 0;
  std::string recorded_at;
  std::optional<std::string> reply;  // the supplier's answer to a needs_evidence finding
  std::optional<int64_t> replied_by;
  std::optional<std::string> replied_at;
};

// Works on the session it was given (which must outlive it); one thread at a time. Changes
// run in the caller's transaction; `lock` reads take the row lock where the backend has one
// (read them inside the transaction that changes the row).
class EngagementRepository {
 public:
  explicit EngagementRepository(SqlSession& session) : session_(session) {}

  // Stores a new engagement in state `requested`; returns its id. Fails when the assessment
  // has an open (requested or accepted) engagement already.
  Result<int64_t> Insert(const StoredEngagement& engagement);
  Result<std::optional<StoredEngagement>> Get(int64_t id, bool lock = false);
  // The newest engagement of an assessment, if any.
  Result<std::optional<StoredEngagement>> Latest(int64_t assessment_id, bool lock = false);
  // Engagements whose supplier or whose assessor is `org_id`, newest first, at most `limit`.
  Result<std::vector<StoredEngagement>> ListOf(int64_t org_id, int limit);
  // Sets the state of an accept, decline or conclusion (with its reason, who and when).
  // `decision` true: the accept or decline columns; false: the conclusion's.
  Status SetState(int64_t id, const std::string& state, const std::string& reason, int64_t by,
                  const std::string& at, bool decision);

  // Stores `finding` as the next version of its criterion; returns that version.
  Result<int> AddFinding(StoredFinding finding);
  // The latest finding of every criterion (`history` false) or every version (true), in
  // criterion then version order.
  Result<std::vector<StoredFinding>> Findings(int64_t engagement_id, bool history);
  // The latest finding of one criterion, if any.
  Result<std::optional<StoredFinding>> LatestFinding(int64_t engagement_id,
                                                     const std::string& criterion);
  // Records the supplier's reply on version `version` of a criterion's finding.
  Status Reply(int64_t engagement_id, const std::string& criterion, int version,
               const std::string& reply, int64_t by, const std::string& at);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
