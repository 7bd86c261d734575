// RequestDeadlineRepository: the deadline of an assessment request (migration 019) and the
// open-request check that keeps a buyer from asking a supplier twice for the same framework.
#pragma once

#include <optional>
#include <string>

#include "store/sql_session.h"

namespace hoshitori {

// Works on the session it was given (which must outlive it); one thread at a time.
class RequestDeadlineRepository {
 public:
  explicit RequestDeadlineRepository(SqlSession& session) : session_(session) {}

  // Sets request `request_id`'s deadline (YYYY-MM-DD).
  Status Set(int64_t request_id, const std::string& deadline);
  // Request `request_id`'s deadline, or none.
  Result<std::optional<std::string>> Get(int64_t request_id);
  // The id of an open request of buyer `org_id` to `supplier_org_id` for `framework_id`, or
  // none. Inside a write transaction the answer holds until it commits on SQLite; on
  // PostgreSQL the caller serialises per buyer (see SharingService::AskMany).
  Result<std::optional<int64_t>> OpenRequest(int64_t org_id, int64_t supplier_org_id,
                                             const std::string& framework_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
