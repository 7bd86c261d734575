// SqlSession: one connection to a SQL database, as the repositories of the store use it.
//
// Every statement of the store is written once, in the common subset of SQLite and
// PostgreSQL, with its parameters written `?` (or `?N` for the N-th, when one is used
// twice) and the dialect's clauses written as placeholders ({{for_update}}); a session
// turns that text into its backend's form once and keeps the prepared statement for the
// life of the connection. A session is used by one thread at a time, like the Store that
// owns it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/migrations.h"

namespace hoshitori {

// A value bound to a parameter: NULL, an integer, a real, a text or a byte string (a column
// declared BYTEA: PostgreSQL's bytea, a blob in SQLite).
struct SqlValue {
  enum class Kind : uint8_t { kNull, kInt, kReal, kText, kBlob };
  Kind kind = Kind::kNull;
  int64_t number = 0;  // kInt
  double real = 0;     // kReal
  std::string text;    // kText; the bytes of kBlob
};

// Bytes to bind as a byte string rather than a text (SqlParams copies them).
struct SqlBlob {
  std::string_view bytes;
};

// The values bound to a statement's parameters, in order.
class SqlParams {
 public:
  SqlParams() = default;
  template <typename... Values>
  explicit SqlParams(const Values&... values) {
    values_.reserve(sizeof...(Values));
    (Add(values), ...);
  }

  SqlParams& Add(int64_t value) { return Push({SqlValue::Kind::kInt, value, 0, {}}); }
  SqlParams& Add(int value) { return Add(int64_t{value}); }
  SqlParams& Add(double value) { return Push({SqlValue::Kind::kReal, 0, value, {}}); }
  SqlParams& Add(std::string value) {
    return Push({SqlValue::Kind::kText, 0, 0, std::move(value)});
  }
  SqlParams& Add(std::string_view value) { return Add(std::string(value)); }
  SqlParams& Add(const char* value) { return Add(std::string(value)); }
  SqlParams& Add(SqlBlob value) {
    return Push({SqlValue::Kind::kBlob, 0, 0, std::string(value.bytes)});
  }
  SqlParams& Add(std::nullopt_t) { return Push(SqlValue{}); }
  template <typename T>
  SqlParams& Add(const std::optional<T>& value) {
    return value ? Add(*value) : Add(std::nullopt);
  }

  const std::vector<SqlValue>& values() const { return values_; }

 private:
  SqlParams& Push(SqlValue value) {
    values_.push_back(std::move(value));
    return *this;
  }
  std::vector<SqlValue> values_;
};

// The current row of a result, read by column index (0-based). Texts stay valid until the
// row sink returns.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual bool IsNull(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual double Real(int column) const = 0;
  virtual std::string_view Text(int column) const = 0;  // empty for NULL
  // The bytes of a byte-string column (bound as SqlBlob); empty for NULL.
  virtual std::string Blob(int column) const = 0;

  std::string String(int column) const { return std::string(Text(column)); }
  std::optional<int64_t> OptionalInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<int64_t>(Int(column));
  }
  std::optional<std::string> OptionalText(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::string>(String(column));
  }
};

using SqlRowSink = std::function<void(const SqlRow&)>;

// A table written in bulk: its name, the columns given per row, and the columns that refer
// to another table's `id` (a bulk load checks those itself where the database's own check
// could not name the row at fault).
struct SqlTable {
  struct Reference {
    size_t column;
    const char* table;
  };
  const char* name;
  std::vector<const char*> columns;
  std::vector<Reference> references;
  const char* failure;      // what a refused bulk write that names no row is reported as
  const char* row_failure;  // what a refused row is reported as, before the row's subject
};

// Why a row of a bulk insert was refused.
enum class SqlConstraint { kNone, kUnique, kForeignKey };

struct SqlBulkFailure {
  size_t row = 0;  // index in the rows given
  SqlConstraint constraint = SqlConstraint::kNone;
};

class SqlSession {
 public:
  virtual ~SqlSession() = default;
  SqlSession(const SqlSession&) = delete;
  SqlSession& operator=(const SqlSession&) = delete;

  // Runs one statement with `params` and calls `each` (when given) for every row it returns.
  // Returns the number of rows an INSERT, UPDATE or DELETE changed. On failure the error
  // reads "`what`: the database's reason".
  virtual Result<int64_t> Execute(std::string_view what, std::string_view sql,
                                  const SqlParams& params, const SqlRowSink& each = nullptr) = 0;

  // Like Execute for a SELECT of any size: memory stays bounded (PostgreSQL reads through a
  // server-side cursor, in the open transaction or in one of its own). `each` may run other
  // statements of this session, but not Begin or Commit.
  virtual Status Stream(std::string_view what, std::string_view sql, const SqlParams& params,
                        const SqlRowSink& each) = 0;

  // Adds one row to `table`. Inside a transaction a session may hold rows back and write them
  // in bulk before its next other statement and at Commit; a refused row is then reported by
  // that call. A refused row's error starts with the table's row_failure and `subject` (what
  // names the row to a user, e.g. the node an answer is to).
  virtual Status Append(const SqlTable& table, SqlParams row, std::string subject) = 0;

  // Inserts `rows` into `table` as one statement: either all of them are written or none.
  // Returns the id of the last row. On failure sets `*failure` (when given) to the row
  // refused and the constraint it broke, when the database says which.
  virtual Result<int64_t> InsertAll(std::string_view what, const SqlTable& table,
                                    const std::vector<SqlParams>& rows,
                                    SqlBulkFailure* failure) = 0;

  virtual Status Begin() = 0;
  // Whether a transaction begun by Begin is open.
  virtual bool in_transaction() const = 0;
  // Fails (and leaves the transaction to be rolled back) when the transaction cannot be
  // stored, including when rows held back by Append are refused.
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // Runs a script of statements without parameters (a migration).
  virtual Status ExecuteScript(std::string_view what, const std::string& script) = 0;

  // Keeps other sessions from migrating the same database until UnlockSchema (a no-op where
  // transactions already exclude each other).
  virtual Status LockSchema() = 0;
  virtual Status UnlockSchema() = 0;

  // Inside a transaction: waits until no other transaction holds lock `key`, then holds it
  // until this transaction ends (a no-op where write transactions already exclude each other).
  // For appends that read the last row first (the audit log's hash chain).
  virtual Status LockUntilCommit(int64_t key) = 0;

  const Dialect& dialect() const { return dialect_; }

 protected:
  explicit SqlSession(const Dialect& dialect) : dialect_(dialect) {}

 private:
  const Dialect& dialect_;
};

// Finds statements kept per text without copying the text looked up.
struct SqlTextHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Every row of `sql`, each read by `read` (a function of const SqlRow&).
template <typename T, typename Read>
Result<std::vector<T>> QueryAll(SqlSession& session, std::string_view what, std::string_view sql,
                                const SqlParams& params, Read read) {
  std::vector<T> out;
  auto ran =
      session.Execute(what, sql, params, [&](const SqlRow& row) { out.push_back(read(row)); });
  if (!ran) return ran.error();
  return out;
}

// The first row of `sql` read by `read`, or none.
template <typename T, typename Read>
Result<std::optional<T>> QueryFirst(SqlSession& session, std::string_view what,
                                    std::string_view sql, const SqlParams& params, Read read) {
  std::optional<T> out;
  auto ran = session.Execute(what, sql, params, [&](const SqlRow& row) {
    if (!out) out = read(row);
  });
  if (!ran) return ran.error();
  return out;
}

// Runs a statement that returns no rows; only whether it succeeded matters.
inline Status ExecuteStatement(SqlSession& session, std::string_view what, std::string_view sql,
                               const SqlParams& params) {
  auto ran = session.Execute(what, sql, params);
  if (!ran) return ran.error();
  return OkStatus();
}

// The status of a change that must touch exactly one row: `changed` is what Execute
// returned; `otherwise` is the error when another number of rows changed.
inline Status ExpectOneRowChanged(const Result<int64_t>& changed, const std::string& otherwise) {
  if (!changed) return changed.error();
  if (*changed != 1) return MakeError(otherwise);
  return OkStatus();
}

// The id an `INSERT ... RETURNING id` statement returned.
inline Result<int64_t> InsertReturningId(SqlSession& session, std::string_view what,
                                         std::string_view sql, const SqlParams& params) {
  int64_t id = 0;
  auto inserted = session.Execute(what, sql, params, [&](const SqlRow& row) { id = row.Int(0); });
  if (!inserted) return inserted.error();
  return id;
}

// `sql` with each parameter marker written `$N` (PostgreSQL's form): `?` takes the number
// after the highest one so far, `?N` keeps N. Markers inside quoted literals stay.
std::string NumberPlaceholders(std::string_view sql);

// The `INSERT INTO table (columns) VALUES (?, ...)` statement of `table`.
std::string InsertStatement(const SqlTable& table);

// Applies every embedded migration not yet applied to the database of `session`, each in
// its own transaction, recording it in schema_migrations.
Status MigrateSchema(SqlSession& session);

// The highest migration version applied (0 for a new database).
Result<int> ReadSchemaVersion(SqlSession& session);

}  // namespace hoshitori
