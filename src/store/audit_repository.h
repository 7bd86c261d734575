// AuditRepository: the hash-chained audit log.
#pragma once

#include <functional>
#include <optional>

#include "store/accounts.h"
#include "store/sql_session.h"

namespace hoshitori {

// Works on the session it was given (which must outlive it); one thread at a time.
class AuditRepository {
 public:
  explicit AuditRepository(SqlSession& session) : session_(session) {}

  // The entry with the highest seq (to chain the next one from), or none.
  Result<std::optional<AuditEntry>> Last();
  Status Append(const AuditEntry& entry);
  // Every entry in seq order; memory stays bounded.
  Status ForEach(const std::function<void(const AuditEntry&)>& sink);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
