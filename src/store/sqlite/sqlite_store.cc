#include "store/sqlite/sqlite_store.h"

namespace hoshitori {

SqliteStore::SqliteStore(std::unique_ptr<SqliteSession> session)
    : SqlStore(std::move(session)), session_(static_cast<SqliteSession*>(&this->session())) {}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  auto session = SqliteSession::Open(path);
  if (!session) return session.error();
  if (Status migrated = MigrateSchema(**session); !migrated) return migrated.error();
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(session).value()));
}

}  // namespace hoshitori
