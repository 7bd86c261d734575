// PolicyRepository: buyers' own requirement rules.
#pragma once

#include <optional>

#include "store/sql_session.h"
#include "store/store.h"

namespace hoshitori {

// Works on the session it was given (which must outlive it); one thread at a time.
class PolicyRepository {
 public:
  explicit PolicyRepository(SqlSession& session) : session_(session) {}

  Result<std::optional<BuyerPolicy>> Get(int64_t org_id);
  // Stores `policy`, replacing the buyer's previous one.
  Status Put(const BuyerPolicy& policy);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
