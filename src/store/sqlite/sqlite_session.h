// SqliteSession: a SqlSession over one SQLite database file (WAL mode).
//
// Write transactions of one process on one file take turns on a mutex of the process before
// BEGIN IMMEDIATE. SQLite's own wait for its write lock (sqlite3_busy_timeout) polls, sleeping
// up to 100 ms between tries, so a writer queued behind another often slept on long after the
// lock was free: on a write-heavy load those sleeps were the slowest requests
// (docs/benchmarks.md §6). Writers of other processes (the command line) still meet the busy
// timeout.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/sql_session.h"

namespace hoshitori {

struct SqliteStatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteStatementDeleter>;

struct SqliteDeleter {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteDeleter>;

class SqliteSession final : public SqlSession {
 public:
  // Opens (creating if needed) the database at `path` in WAL mode with foreign keys on. On
  // failure the error names the file.
  static Result<std::unique_ptr<SqliteSession>> Open(const std::string& path);
  ~SqliteSession() override;

  Result<int64_t> Execute(std::string_view what, std::string_view sql, const SqlParams& params,
                          const SqlRowSink& each) override;
  // SQLite reads rows one at a time already: the same as Execute.
  Status Stream(std::string_view what, std::string_view sql, const SqlParams& params,
                const SqlRowSink& each) override;
  // Writes the row at once (SQLite writes in process: nothing is gained by holding it back).
  Status Append(const SqlTable& table, SqlParams row, std::string subject) override;
  Result<int64_t> InsertAll(std::string_view what, const SqlTable& table,
                            const std::vector<SqlParams>& rows, SqlBulkFailure* failure) override;
  Status Begin() override;
  bool in_transaction() const override { return sqlite3_get_autocommit(db_.get()) == 0; }
  Status Commit() override;
  void Rollback() override;
  Status ExecuteScript(std::string_view what, const std::string& script) override;
  // SQLite's write transactions (BEGIN IMMEDIATE) exclude each other already.
  Status LockSchema() override { return OkStatus(); }
  Status UnlockSchema() override { return OkStatus(); }
  // Write transactions begin IMMEDIATE: they exclude each other already.
  Status LockUntilCommit(int64_t) override { return OkStatus(); }

  sqlite3* handle() { return db_.get(); }

 private:
  SqliteSession(SqliteHandle db, std::shared_ptr<std::timed_mutex> writer_turn);
  // Gives the writers' turn back, if this session holds it.
  void ReleaseTurn();
  // The statement prepared for `sql`, reset and without bindings; kept for the life of the
  // connection. A statement still being stepped (a sink running another statement of the
  // same text) gets a fresh one held in `spare`.
  Result<sqlite3_stmt*> Prepared(std::string_view what, std::string_view sql,
                                 SqliteStatement& spare);
  Error Fail(std::string_view what) const;

  SqliteHandle db_;
  std::unordered_map<std::string, SqliteStatement, SqlTextHash, std::equal_to<>> statements_;
  std::unordered_map<const SqlTable*, SqliteStatement> inserts_;  // Append's, per table
  std::shared_ptr<std::timed_mutex> writer_turn_;  // shared by this process's sessions of the file
  bool holds_turn_ = false;  // from Begin to Commit or Rollback
};

}  // namespace hoshitori
