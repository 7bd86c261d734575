// SqliteStore: the embedded backend — the store over one SQLite database file.
#pragma once

#include <memory>
#include <string>

#include "store/sql_store.h"
#include "store/sqlite/sqlite_session.h"

namespace hoshitori {

class SqliteStore final : public SqlStore {
 public:
  // Opens (creating if needed) the database at `path` and migrates it.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  // The connection, for tools that measure the database itself (benchmarks).
  sqlite3* handle() { return session_->handle(); }

 private:
  explicit SqliteStore(std::unique_ptr<SqliteSession> session);
  SqliteSession* session_;  // owned by SqlStore
};

}  // namespace hoshitori
