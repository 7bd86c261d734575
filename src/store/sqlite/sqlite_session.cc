#include "store/sqlite/sqlite_session.h"

#include <filesystem>
#include <map>
#include <mutex>

namespace hoshitori {

namespace {

// The turn of this process's writers to database file `path` (one mutex per file).
std::shared_ptr<std::timed_mutex> WriterTurnOf(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<std::timed_mutex>> turns;
  std::error_code ignored;
  const std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ignored);
  const std::string key = canonical.empty() ? path : canonical.string();
  std::lock_guard lock(mutex);
  std::erase_if(turns, [](const auto& entry) { return entry.second.expired(); });
  std::weak_ptr<std::timed_mutex>& weak = turns[key];
  auto turn = weak.lock();
  if (!turn) weak = turn = std::make_shared<std::timed_mutex>();
  return turn;
}

// The current row of a statement being stepped.
class SqliteRow final : public SqlRow {
 public:
  explicit SqliteRow(sqlite3_stmt* statement) : statement_(statement) {}
  bool IsNull(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(statement_, column); }
  double Real(int column) const override { return sqlite3_column_double(statement_, column); }
  std::string_view Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (!text) return {};
    return std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
  }
  std::string Blob(int column) const override {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_, column));
    if (!bytes) return {};
    return std::string(bytes, static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
  }

 private:
  sqlite3_stmt* statement_;
};

// Resets a statement when the call that stepped it ends, so that it holds no read snapshot.
struct ResetOnExit {
  sqlite3_stmt* statement;
  ~ResetOnExit() { sqlite3_reset(statement); }
};

void Bind(sqlite3_stmt* statement, const SqlParams& params) {
  int index = 0;
  for (const SqlValue& value : params.values()) {
    ++index;
    switch (value.kind) {
      case SqlValue::Kind::kInt:
        sqlite3_bind_int64(statement, index, value.number);
        break;
      case SqlValue::Kind::kReal:
        sqlite3_bind_double(statement, index, value.real);
        break;
      case SqlValue::Kind::kText:
        // The parameters outlive the step: SQLite need not copy them.
        sqlite3_bind_text(statement, index, value.text.data(), static_cast<int>(value.text.size()),
                          SQLITE_STATIC);
        break;
      case SqlValue::Kind::kBlob:
        sqlite3_bind_blob64(statement, index, value.text.data(), value.text.size(), SQLITE_STATIC);
        break;
      case SqlValue::Kind::kNull:
        sqlite3_bind_null(statement, index);
        break;
    }
  }
}

SqlConstraint ConstraintOf(sqlite3* db) {
  switch (sqlite3_extended_errcode(db)) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return SqlConstraint::kUnique;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return SqlConstraint::kForeignKey;
    default:
      return SqlConstraint::kNone;
  }
}

}  // namespace

SqliteSession::SqliteSession(SqliteHandle db, std::shared_ptr<std::timed_mutex> writer_turn)
    : SqlSession(kSqliteDialect), db_(std::move(db)), writer_turn_(std::move(writer_turn)) {}

SqliteSession::~SqliteSession() {
  if (holds_turn_ && in_transaction()) Rollback();  // before the turn passes on
  ReleaseTurn();
}

Result<std::unique_ptr<SqliteSession>> SqliteSession::Open(const std::string& path) {
  // SQLite counts every allocation under one process-wide mutex unless told not to; nothing
  // here reads those counts, and with one connection per request thread that mutex was the
  // busiest lock of a TAXII read load (docs/benchmarks.md §13). The setting is taken before
  // SQLite initialises, which the first open below does.
  static const bool memory_counts_off = [] {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
  }();
  (void)memory_counts_off;
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    return MakeError("cannot open database '" + path +
                     "': " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  std::unique_ptr<SqliteSession> session(new SqliteSession(std::move(db), WriterTurnOf(path)));
  // Reads through a memory map of the whole file (SQLite caps the size at its build's
  // SQLITE_MAX_MMAP_SIZE, 2 GiB in Debian's): a page read then costs no read() call and no
  // copy. The map is address space, not memory: the kernel keeps only the pages read, and
  // shares them between connections. 256 MiB covered a quarter of a 1,000,000-object TAXII
  // collection; the rest went through pread (7 % of that load's CPU).
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                             "PRAGMA synchronous=NORMAL", "PRAGMA mmap_size=2147418112"}) {
    if (Status s = session->ExecuteScript("database error", pragma); !s) return s.error();
  }
  return session;
}

Error SqliteSession::Fail(std::string_view what) const {
  return MakeError(std::string(what) + ": " + sqlite3_errmsg(db_.get()));
}

Result<sqlite3_stmt*> SqliteSession::Prepared(std::string_view what, std::string_view sql,
                                              SqliteStatement& spare) {
  auto found = statements_.find(sql);
  if (found != statements_.end() && !sqlite3_stmt_busy(found->second.get())) {
    sqlite3_clear_bindings(found->second.get());
    return found->second.get();
  }
  sqlite3_stmt* raw = nullptr;
  const bool kept = found == statements_.end();
  const std::string text = ExpandDialect(std::string(sql), dialect());
  if (sqlite3_prepare_v3(db_.get(), text.c_str(), static_cast<int>(text.size()),
                         kept ? SQLITE_PREPARE_PERSISTENT : 0, &raw, nullptr) != SQLITE_OK) {
    return Fail(what);
  }
  if (!kept) {
    spare.reset(raw);
    return raw;
  }
  return statements_.emplace(std::string(sql), SqliteStatement(raw)).first->second.get();
}

Result<int64_t> SqliteSession::Execute(std::string_view what, std::string_view sql,
                                       const SqlParams& params, const SqlRowSink& each) {
  SqliteStatement spare;
  auto prepared = Prepared(what, sql, spare);
  if (!prepared) return prepared.error();
  sqlite3_stmt* statement = *prepared;
  const ResetOnExit reset{statement};
  Bind(statement, params);
  const SqliteRow row(statement);
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    if (each) each(row);
  }
  if (rc != SQLITE_DONE) return Fail(what);
  return static_cast<int64_t>(sqlite3_changes(db_.get()));
}

Status SqliteSession::Stream(std::string_view what, std::string_view sql, const SqlParams& params,
                             const SqlRowSink& each) {
  auto ran = Execute(what, sql, params, each);
  if (!ran) return ran.error();
  return OkStatus();
}

Status SqliteSession::Append(const SqlTable& table, SqlParams row, std::string subject) {
  // Rows are appended by the hundred thousand: the statement is found by its table, and the
  // error text is made only for a refused row.
  auto insert = inserts_.find(&table);
  if (insert == inserts_.end()) {
    sqlite3_stmt* raw = nullptr;
    const std::string sql = InsertStatement(table);
    if (sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
      return Fail(table.row_failure + subject);
    }
    insert = inserts_.emplace(&table, SqliteStatement(raw)).first;
  }
  sqlite3_stmt* statement = insert->second.get();
  const ResetOnExit reset{statement};
  Bind(statement, row);
  if (sqlite3_step(statement) != SQLITE_DONE) return Fail(table.row_failure + subject);
  return OkStatus();
}

Result<int64_t> SqliteSession::InsertAll(std::string_view what, const SqlTable& table,
                                         const std::vector<SqlParams>& rows,
                                         SqlBulkFailure* failure) {
  // A savepoint makes the rows one unit inside or outside a transaction.
  if (Status s = ExecuteScript(what, "SAVEPOINT insert_all"); !s) return s.error();
  const std::string insert = InsertStatement(table) + " RETURNING id";
  int64_t last = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto inserted = Execute(what, insert, rows[i], [&](const SqlRow& row) { last = row.Int(0); });
    if (!inserted) {
      if (failure) *failure = SqlBulkFailure{i, ConstraintOf(db_.get())};
      (void)ExecuteScript(what, "ROLLBACK TO insert_all; RELEASE insert_all");
      return inserted.error();
    }
  }
  if (Status s = ExecuteScript(what, "RELEASE insert_all"); !s) return s.error();
  return last;
}

Status SqliteSession::ExecuteScript(std::string_view what, const std::string& script) {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), script.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return MakeError(std::string(what) + ": " + text);
  }
  return OkStatus();
}

Status SqliteSession::Begin() {
  if (!holds_turn_) {
    // As long as SQLite's busy timeout: then the database is as busy as SQLite would say.
    if (!writer_turn_->try_lock_for(std::chrono::seconds(5))) {
      return MakeError("cannot begin a transaction: the database is busy (other writers of this process)");
    }
    holds_turn_ = true;
  }
  Status begun = ExecuteScript("cannot begin a transaction", "BEGIN IMMEDIATE");
  if (!begun && !in_transaction()) ReleaseTurn();
  return begun;
}

Status SqliteSession::Commit() {
  Status committed = ExecuteScript("cannot commit", "COMMIT");
  if (!in_transaction()) ReleaseTurn();  // a failed commit stays open until Rollback
  return committed;
}

void SqliteSession::Rollback() {
  (void)ExecuteScript("cannot roll back", "ROLLBACK");
  ReleaseTurn();
}

void SqliteSession::ReleaseTurn() {
  if (!holds_turn_) return;
  holds_turn_ = false;
  writer_turn_->unlock();
}

}  // namespace hoshitori
