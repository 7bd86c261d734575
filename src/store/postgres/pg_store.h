// PgStore: the production backend — the store over one connection to a PostgreSQL (15+)
// database, with the schema of the same migrations as SQLite (see pg_session.h for how
// transactions and lost connections behave).
#pragma once

#include <memory>
#include <string>

#include "store/postgres/pg_session.h"
#include "store/postgres/pg_url.h"
#include "store/sql_store.h"

namespace hoshitori {

class PgStore final : public SqlStore {
 public:
  // Connects to the database named by `url` (see PgSession::Open) and applies pending
  // migrations. On failure the error says where; it never contains the password.
  static Result<std::unique_ptr<PgStore>> Open(const std::string& url);

  // "user@host:port/database": the URL without its password, for messages.
  const std::string& where() const { return session_->where(); }

 private:
  explicit PgStore(std::unique_ptr<PgSession> session);
  PgSession* session_;  // owned by SqlStore
};

}  // namespace hoshitori
