// SharingRepository: shares of assessments with buyers, and buyers' requests for them.
#pragma once

#include <optional>
#include <vector>

#include "store/sql_session.h"
#include "store/store.h"

namespace hoshitori {

// Works on the session it was given (which must outlive it); one thread at a time. The
// contracts are those of the Store methods of the same names.
class SharingRepository {
 public:
  explicit SharingRepository(SqlSession& session) : session_(session) {}

  Result<int64_t> AddShare(const Share& share);
  Result<std::optional<Share>> GetShare(int64_t id);
  Result<std::vector<Share>> ListSharesByOwner(int64_t org_id);
  Result<std::vector<Share>> ListSharesForBuyer(int64_t buyer_org_id);
  Result<std::vector<Share>> ListSharesOfAssessment(int64_t assessment_id);
  Status RevokeShare(int64_t id, const std::string& at);
  Result<std::vector<SharedAssessment>> ListActiveSharedAssessments(int64_t buyer_org_id,
                                                                    const std::string& now);
  Result<std::vector<SharedAssessment>> ListActiveSharedAssessmentsFrom(int64_t buyer_org_id,
                                                                        int64_t supplier_org_id,
                                                                        const std::string& now);
  // Of any of `supplier_org_ids` (repeats allowed), in share id order within each chunk of
  // id_list.h: one statement for up to kIdListChunk suppliers.
  Result<std::vector<SharedAssessment>> ListActiveSharedAssessmentsFrom(
      int64_t buyer_org_id, const std::vector<int64_t>& supplier_org_ids, const std::string& now);

  Result<int64_t> AddRequest(const AssessmentRequest& request);
  Result<std::optional<AssessmentRequest>> GetRequest(int64_t id);
  Result<std::vector<AssessmentRequest>> ListRequests(int64_t org_id);
  Status AnswerRequest(int64_t id, int64_t share_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
