// AssessmentRepository: assessments, their answers and their derived results.
#pragma once

#include <optional>
#include <vector>

#include "store/sql_session.h"
#include "store/store.h"

namespace hoshitori {

// Selects the columns ReadAssessment reads, from assessments.
inline constexpr const char* kAssessmentColumns =
    "id, org_id, framework_id, scope, status, attestation, management_declaration, valid_from, "
    "valid_until, created_at, updated_at, version, assessor_org_id, submitted_at, suspended";
// How many columns kAssessmentColumns names (for queries that read more after them).
inline constexpr int kAssessmentColumnCount = 15;

// An assessment read from the columns of kAssessmentColumns starting at column `at`.
AssessmentRecord ReadAssessment(const SqlRow& row, int at = 0);

// Works on the session it was given (which must outlive it); one thread at a time. The
// contracts are those of the Store methods of the same names.
class AssessmentRepository {
 public:
  explicit AssessmentRepository(SqlSession& session) : session_(session) {}

  Result<int64_t> Insert(const AssessmentRecord& record);
  Status InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer);
  Result<std::vector<AssessmentRecord>> List(std::optional<int64_t> org_id);
  Result<std::optional<AssessmentRecord>> Get(int64_t id);
  Result<std::optional<AssessmentRecord>> Lock(int64_t id);
  Result<std::vector<Answer>> LoadAnswers(int64_t assessment_id);
  Status ForEachAnswer(const std::string& framework_id, const Store::AnswerRowSink& sink);

  Status UpdateAttestation(int64_t id, const Attestation& attestation);
  Status ReplaceAnswers(int64_t assessment_id, int64_t org_id, const std::vector<Answer>& answers);
  Status UpsertAnswers(int64_t assessment_id, int64_t org_id, const std::vector<Answer>& answers);
  Status RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id,
                          const std::string& at);

  Status PutResult(const AssessmentResult& result);
  Result<std::optional<AssessmentResult>> GetResult(int64_t assessment_id);
  Result<std::vector<int64_t>> WithoutResult();
  Result<std::vector<ResultStamp>> ResultStamps();
  Result<std::vector<LatestCategoryResults>> LatestCategories(const std::string& framework_id,
                                                                   char industry_major);

 private:
  // Marks the assessment changed: its updated_at becomes now and its version grows by one
  // (the one place a change of answers raises the version).
  Status RaiseVersion(int64_t assessment_id);

  SqlSession& session_;
};

}  // namespace hoshitori
