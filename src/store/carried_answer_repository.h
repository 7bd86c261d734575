// CarriedAnswerRepository: answers carried over into an assessment from the organisation's
// earlier assessments, waiting for confirmation, and each assessment's profile (its name and
// target level), as migration 018 keeps them.
//
// Works on the session it was given (which must outlive it); one thread at a time. Writes run
// in the caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

struct StoredCarriedAnswer {
  int64_t assessment_id = 0;
  int64_t org_id = 0;
  std::string node_id;
  std::string status;  // AnswerStatusName
  std::string choice;  // questionnaire choice id, or empty
  int64_t source_assessment_id = 0;
  std::string source_framework;
  std::string provenance;  // JSON (service/answer_carry_over.h)
};

struct AssessmentProfile {
  int64_t assessment_id = 0;
  int64_t org_id = 0;
  std::string name;
  std::optional<int> target_star;  // nullopt: the whole framework
};

class CarriedAnswerRepository {
 public:
  explicit CarriedAnswerRepository(SqlSession& session) : session_(session) {}

  // Adds the proposals (an existing one for the same criterion is replaced).
  Status Put(const std::vector<StoredCarriedAnswer>& answers);
  // The proposals still waiting in assessment `assessment_id`, in node id order.
  Result<std::vector<StoredCarriedAnswer>> List(int64_t assessment_id);
  // Deletes the proposals for `node_ids` (answered or confirmed). Returns how many were deleted.
  Result<int64_t> Remove(int64_t assessment_id, const std::vector<std::string>& node_ids);
  // Deletes every proposal of the assessment (its answers were replaced as a whole).
  Status RemoveAll(int64_t assessment_id);

  Status PutProfile(const AssessmentProfile& profile);
  Result<std::optional<AssessmentProfile>> Profile(int64_t assessment_id);
  // The profiles of organisation `org_id`'s assessments, by assessment id.
  Result<std::map<int64_t, AssessmentProfile>> Profiles(int64_t org_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
