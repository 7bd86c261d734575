// PgSession: a SqlSession over one libpqxx connection to a PostgreSQL (15+) database.
//
// Store transactions map to BEGIN / COMMIT / ROLLBACK on the server, so a crash of the
// client or of the server leaves no part of an uncommitted transaction visible. A lost
// connection is never re-established behind the caller's back: every later call fails
// until the store is reopened. Statements are prepared on the server once per connection.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql_session.h"

namespace pqxx {
class nontransaction;
}  // namespace pqxx

namespace hoshitori {

class PgSession final : public SqlSession {
 public:
  // Connects to the database named by `url` ("postgresql://user[:password]@host:port/db" or
  // "postgres://...", libpq's URI syntax). On failure the error says where the connection
  // was attempted; it never contains the password.
  static Result<std::unique_ptr<PgSession>> Open(const std::string& url);
  ~PgSession() override;

  // "user@host:port/database": the URL without its password, for messages.
  const std::string& where() const { return where_; }

  Result<int64_t> Execute(std::string_view what, std::string_view sql, const SqlParams& params,
                          const SqlRowSink& each) override;
  // Reads through a server-side cursor in batches.
  Status Stream(std::string_view what, std::string_view sql, const SqlParams& params,
                const SqlRowSink& each) override;
  // Inside a transaction rows are held back and written by one COPY before the next other
  // call and at Commit; a refused row is named by the line the server reports. Outside a
  // transaction the row is written at once.
  Status Append(const SqlTable& table, SqlParams row, std::string subject) override;
  // One COPY for every row. COPY checks foreign keys at its end, without naming a line, so
  // the table's references are checked first by one query.
  Result<int64_t> InsertAll(std::string_view what, const SqlTable& table,
                            const std::vector<SqlParams>& rows, SqlBulkFailure* failure) override;
  Status Begin() override;
  bool in_transaction() const override { return in_transaction_; }
  // Fails (and leaves the transaction to be rolled back) when an earlier statement of the
  // transaction failed or held-back rows cannot be written.
  Status Commit() override;
  void Rollback() override;
  Status ExecuteScript(std::string_view what, const std::string& script) override;
  // A session-level advisory lock: two processes opening a fresh database do not both
  // migrate it.
  Status LockSchema() override;
  Status UnlockSchema() override;
  Status LockUntilCommit(int64_t key) override;

 private:
  struct Backend;  // the libpqxx connection (kept out of this header)
  struct HeldRow {
    SqlParams values;
    std::string subject;
  };

  PgSession(std::unique_ptr<Backend> backend, std::string where);

  // Writes held-back rows, then runs `work` on the connection. A libpqxx exception becomes
  // an Error starting with `what`; it marks an open transaction as failed.
  Status Run(std::string_view what, const std::function<void(pqxx::nontransaction&)>& work);
  // Records a failure (`failure` is what went wrong) and returns its text: a lost
  // connection is noted for good, a failure inside a transaction fails the transaction.
  std::string NoteFailure(std::string failure);
  Status Flush();
  // The name of the server-side statement prepared for `sql` (prepared on first use).
  const std::string& Prepared(std::string_view sql);

  std::unique_ptr<Backend> backend_;
  std::string where_;
  bool in_transaction_ = false;
  std::string transaction_failure_;  // first error inside the open transaction
  std::string connection_lost_;      // set once the connection is gone for good
  const SqlTable* held_table_ = nullptr;
  std::vector<HeldRow> held_rows_;
  std::unordered_map<std::string, std::string, SqlTextHash, std::equal_to<>> statements_;
  int64_t cursors_ = 0;  // names cursors uniquely, so that streams may nest
};

}  // namespace hoshitori
