#include "store/postgres/pg_session.h"

#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <utility>

#include "store/postgres/pg_url.h"

namespace hoshitori {

struct PgSession::Backend {
  explicit Backend(const std::string& url) : connection(url) {}
  pqxx::connection connection;
};

namespace {

// Rows fetched per round trip when streaming, and rows held back before a COPY.
constexpr int kFetchBatch = 10'000;
constexpr size_t kHeldRows = 20'000;

// Any value that fits in a signed 64-bit key: all migrations are applied under this lock
// so that two processes opening a fresh database do not both migrate it.
constexpr int64_t kMigrationLock = 0x484f5348'49544f52;  // "HOSHITOR"

std::string OneLine(std::string text) { return WithoutPassword(std::move(text), ""); }

// libpq's message without its "ERROR:  " prefix and the statement context; one line.
std::string ServerMessage(const std::string& what) {
  std::string text = what;
  if (text.rfind("ERROR:  ", 0) == 0) text = text.substr(8);
  if (const size_t context = text.find("\nCONTEXT:"); context != std::string::npos) {
    text = text.substr(0, context);
  }
  return OneLine(text);
}

// What went wrong, in one line: the server's message for SQL errors.
std::string FailureText(const pqxx::pqxx_exception& failure) {
  const std::exception& e = failure.base();
  if (dynamic_cast<const pqxx::sql_error*>(&e) != nullptr) return ServerMessage(e.what());
  return OneLine(e.what());
}

// The 1-based line of a failed COPY ("CONTEXT:  COPY answers, line 17: ..."), or 0.
size_t CopyLine(const std::string& message, const char* table) {
  const std::string marker = std::string("COPY ") + table + ", line ";
  const size_t at = message.find(marker);
  if (at == std::string::npos) return 0;
  size_t line = 0;
  for (size_t i = at + marker.size(); i < message.size() && message[i] >= '0' && message[i] <= '9';
       ++i) {
    line = line * 10 + static_cast<size_t>(message[i] - '0');
  }
  return line;
}

// A value in PostgreSQL's text form (the form libpqxx sends every parameter in).
std::optional<std::string> TextOf(const SqlValue& value) {
  switch (value.kind) {
    case SqlValue::Kind::kInt:
      return std::to_string(value.number);
    case SqlValue::Kind::kText:
      return value.text;
    case SqlValue::Kind::kBlob: {
      // bytea's hex input form (PostgreSQL 9.0+): "\x" and two hex digits per byte.
      static constexpr char kHex[] = "0123456789abcdef";
      std::string hex = "\\x";
      hex.reserve(2 + 2 * value.text.size());
      for (const unsigned char byte : value.text) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 0x0f];
      }
      return hex;
    }
    case SqlValue::Kind::kReal: {
      char buffer[32];
      const auto written = std::to_chars(buffer, buffer + sizeof buffer, value.real);
      return std::string(buffer, written.ptr);
    }
    case SqlValue::Kind::kNull:
      break;
  }
  return std::nullopt;
}

std::vector<std::optional<std::string>> TextsOf(const SqlParams& params) {
  std::vector<std::optional<std::string>> texts;
  texts.reserve(params.values().size());
  for (const SqlValue& value : params.values()) texts.push_back(TextOf(value));
  return texts;
}

// A row of a result.
class PgRow final : public SqlRow {
 public:
  explicit PgRow(const pqxx::row& row) : row_(row) {}
  bool IsNull(int column) const override { return row_[column].is_null(); }
  int64_t Int(int column) const override { return row_[column].as<int64_t>(); }
  double Real(int column) const override { return row_[column].as<double>(); }
  std::string_view Text(int column) const override {
    const pqxx::field field = row_[column];
    if (field.is_null()) return {};
    return std::string_view(field.c_str(), field.size());
  }
  // bytea arrives in its hex output form (the session sets bytea_output to hex).
  std::string Blob(int column) const override {
    const std::string_view text = Text(column);
    std::string bytes;
    if (text.size() < 2 || text.substr(0, 2) != "\\x") return bytes;
    bytes.reserve((text.size() - 2) / 2);
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (size_t i = 2; i + 1 < text.size(); i += 2) {
      bytes += static_cast<char>((nibble(text[i]) << 4) | nibble(text[i + 1]));
    }
    return bytes;
  }

 private:
  const pqxx::row& row_;
};

// COPY writes rows as tuples; a row of N columns goes out as an array of N texts.
using CopyRowWriter = void (*)(pqxx::stream_to&, const SqlParams&);
template <size_t N>
void WriteCopyRow(pqxx::stream_to& copy, const SqlParams& row) {
  std::array<std::optional<std::string>, N> fields;
  for (size_t i = 0; i < N && i < row.values().size(); ++i) fields[i] = TextOf(row.values()[i]);
  copy << fields;
}
template <size_t... N>
constexpr std::array<CopyRowWriter, sizeof...(N)> CopyRowWriters(std::index_sequence<N...>) {
  return {&WriteCopyRow<N + 1>...};
}
constexpr auto kCopyRowWriters = CopyRowWriters(std::make_index_sequence<24>());

// Writes every row of `rows` (SqlParams, or anything `values_of` turns into them) into
// `table` with one COPY.
template <typename Rows, typename ValuesOf>
void Copy(pqxx::nontransaction& tx, const SqlTable& table, const Rows& rows, ValuesOf values_of) {
  const CopyRowWriter write = kCopyRowWriters.at(table.columns.size() - 1);
  const std::vector<std::string> columns(table.columns.begin(), table.columns.end());
  pqxx::stream_to copy(tx, table.name, columns);
  for (const auto& row : rows) write(copy, values_of(row));
  copy.complete();
}

}  // namespace

PgSession::PgSession(std::unique_ptr<Backend> backend, std::string where)
    : SqlSession(kPostgresDialect), backend_(std::move(backend)), where_(std::move(where)) {}

PgSession::~PgSession() = default;

Result<std::unique_ptr<PgSession>> PgSession::Open(const std::string& url) {
  auto where = DescribePostgresUrl(url);
  if (!where) return where.error();
  std::unique_ptr<Backend> backend;
  try {
    backend = std::make_unique<Backend>(url);
  } catch (const pqxx::pqxx_exception& e) {
    return MakeError("cannot connect to PostgreSQL at " + *where + ": " +
                     WithoutPassword(e.base().what(), url) +
                     " (check the server is running and the URL given to --db)");
  }
  // A reconnection in the middle of a store transaction would run the rest of it outside
  // any transaction; a lost connection must stay lost.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  backend->connection.inhibit_reactivation(true);
#pragma GCC diagnostic pop
  std::unique_ptr<PgSession> session(new PgSession(std::move(backend), *where));
  if (Status s = session->ExecuteScript(
          "cannot set up the session", "SET client_min_messages = warning; SET bytea_output = hex");
      !s) {
    return s.error();
  }
  return session;
}

Status PgSession::Run(std::string_view what,
                      const std::function<void(pqxx::nontransaction&)>& work) {
  if (!connection_lost_.empty()) return MakeError(std::string(what) + ": " + connection_lost_);
  if (!held_rows_.empty()) {
    if (Status s = Flush(); !s) return s;
  }
  try {
    pqxx::nontransaction tx(backend_->connection);
    work(tx);
    return OkStatus();
  } catch (const pqxx::pqxx_exception& e) {
    return MakeError(std::string(what) + ": " + NoteFailure(FailureText(e)));
  }
}

std::string PgSession::NoteFailure(std::string failure) {
  if (!backend_->connection.is_open()) {
    failure = "the connection to PostgreSQL at " + where_ + " was lost (" + failure + ")";
    if (connection_lost_.empty()) {
      connection_lost_ = "the connection to PostgreSQL at " + where_ +
                         " was lost; the server rolled back any open transaction; reopen the store";
    }
  }
  if (in_transaction_ && transaction_failure_.empty()) transaction_failure_ = failure;
  return failure;
}

const std::string& PgSession::Prepared(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return found->second;
  std::string name = "hoshitori_" + std::to_string(statements_.size() + 1);
  backend_->connection.prepare(name,
                               NumberPlaceholders(ExpandDialect(std::string(sql), dialect())));
  return statements_.emplace(std::string(sql), std::move(name)).first->second;
}

Result<int64_t> PgSession::Execute(std::string_view what, std::string_view sql,
                                   const SqlParams& params, const SqlRowSink& each) {
  int64_t changed = 0;
  Status s = Run(what, [&](pqxx::nontransaction& tx) {
    const std::vector<std::optional<std::string>> texts = TextsOf(params);
    const pqxx::result rows =
        tx.exec_prepared(Prepared(sql), pqxx::prepare::make_dynamic_params(texts));
    changed = static_cast<int64_t>(rows.affected_rows());
    if (!each) return;
    for (const pqxx::row& row : rows) each(PgRow(row));
  });
  if (!s) return s.error();
  return changed;
}

Status PgSession::Stream(std::string_view what, std::string_view sql, const SqlParams& params,
                         const SqlRowSink& each) {
  // A cursor lives in a transaction: the caller's, or one of its own.
  const bool own_transaction = !in_transaction_;
  if (own_transaction) {
    if (Status s = Begin(); !s) return s;
  }
  const std::string cursor = "hoshitori_cursor_" + std::to_string(++cursors_);
  Status s = Run(what, [&](pqxx::nontransaction& tx) {
    const std::vector<std::optional<std::string>> texts = TextsOf(params);
    tx.exec_params("DECLARE " + cursor + " NO SCROLL CURSOR FOR " +
                       NumberPlaceholders(ExpandDialect(std::string(sql), dialect())),
                   pqxx::prepare::make_dynamic_params(texts));
  });
  const std::string fetch = "FETCH FORWARD " + std::to_string(kFetchBatch) + " FROM " + cursor;
  for (bool more = s.ok(); more;) {
    pqxx::result batch;
    s = Run(what, [&](pqxx::nontransaction& tx) { batch = tx.exec(fetch); });
    if (!s) break;
    for (const pqxx::row& row : batch) each(PgRow(row));
    more = batch.size() == static_cast<size_t>(kFetchBatch);
  }
  if (s) s = Run(what, [&](pqxx::nontransaction& tx) { tx.exec("CLOSE " + cursor); });
  if (own_transaction) {
    if (!s) {
      Rollback();
      return s;
    }
    return Commit();
  }
  return s;
}

Status PgSession::Append(const SqlTable& table, SqlParams row, std::string subject) {
  if (!in_transaction_) {
    return ExecuteStatement(*this, table.row_failure + subject, InsertStatement(table), row);
  }
  if (!connection_lost_.empty()) {
    return MakeError(table.row_failure + subject + ": " + connection_lost_);
  }
  if (held_table_ != &table && !held_rows_.empty()) {
    if (Status s = Flush(); !s) return s;
  }
  held_table_ = &table;
  held_rows_.push_back(HeldRow{std::move(row), std::move(subject)});
  if (held_rows_.size() >= kHeldRows) return Flush();
  return OkStatus();
}

Status PgSession::Flush() {
  std::vector<HeldRow> batch;
  batch.swap(held_rows_);
  const SqlTable& table = *held_table_;
  try {
    pqxx::nontransaction tx(backend_->connection);
    Copy(tx, table, batch, [](const HeldRow& held) -> const SqlParams& { return held.values; });
    return OkStatus();
  } catch (const pqxx::pqxx_exception& e) {
    const size_t line = CopyLine(e.base().what(), table.name);
    const std::string subject = line >= 1 && line <= batch.size()
                                    ? table.row_failure + batch[line - 1].subject
                                    : std::string(table.failure);
    return MakeError(subject + ": " + NoteFailure(FailureText(e)));
  }
}

Result<int64_t> PgSession::InsertAll(std::string_view what, const SqlTable& table,
                                     const std::vector<SqlParams>& rows, SqlBulkFailure* failure) {
  if (rows.empty()) return int64_t{0};
  // The ids each referenced table must hold, as PostgreSQL array literals ("{1,2,3}").
  std::map<std::string, std::set<int64_t>> wanted;
  for (const SqlParams& row : rows) {
    for (const SqlTable::Reference& reference : table.references) {
      const SqlValue& id = row.values().at(reference.column);
      if (id.kind == SqlValue::Kind::kInt) wanted[reference.table].insert(id.number);
    }
  }
  std::map<std::string, std::set<int64_t>> missing;
  for (const auto& [referenced, ids] : wanted) {
    std::string array = "{";
    for (int64_t id : ids) {
      if (array.size() > 1) array += ',';
      array += std::to_string(id);
    }
    array += '}';
    auto found = Execute(what,
                         "SELECT wanted.id FROM unnest(?::bigint[]) AS wanted(id) WHERE NOT EXISTS "
                         "(SELECT 1 FROM " +
                             referenced + " t WHERE t.id = wanted.id)",
                         SqlParams(array),
                         [&missing_here = missing[referenced]](const SqlRow& row) {
                           missing_here.insert(row.Int(0));
                         });
    if (!found) return found.error();
  }
  std::erase_if(missing, [](const auto& entry) { return entry.second.empty(); });
  for (size_t i = 0; i < rows.size() && !missing.empty(); ++i) {
    for (const SqlTable::Reference& reference : table.references) {
      const SqlValue& id = rows[i].values().at(reference.column);
      const auto absent = missing.find(reference.table);
      if (id.kind == SqlValue::Kind::kInt && absent != missing.end() &&
          absent->second.count(id.number) > 0) {
        if (failure) *failure = SqlBulkFailure{i, SqlConstraint::kForeignKey};
        return MakeError(std::string(what) + ": " + reference.table + " " +
                         std::to_string(id.number) + " does not exist (foreign key)");
      }
    }
  }
  size_t line = 0;  // 1-based line of the refused row, when the server names one
  SqlConstraint constraint = SqlConstraint::kNone;
  int64_t last = 0;
  Status s = Run(what, [&](pqxx::nontransaction& tx) {
    try {
      Copy(tx, table, rows, [](const SqlParams& row) -> const SqlParams& { return row; });
    } catch (const pqxx::sql_error& e) {
      line = CopyLine(e.what(), table.name);
      if (e.sqlstate() == "23505") constraint = SqlConstraint::kUnique;
      if (e.sqlstate() == "23503") constraint = SqlConstraint::kForeignKey;
      throw;
    }
    // The ids were drawn in row order in this session: the last one is the last row's.
    last =
        tx.exec("SELECT currval(pg_get_serial_sequence(" + tx.quote(table.name) + ", 'id'))")[0][0]
            .as<int64_t>();
  });
  if (!s) {
    if (failure) {
      *failure = SqlBulkFailure{line >= 1 && line <= rows.size() ? line - 1 : 0, constraint};
    }
    return s.error();
  }
  return last;
}

Status PgSession::ExecuteScript(std::string_view what, const std::string& script) {
  return Run(what, [&](pqxx::nontransaction& tx) { tx.exec(script); });
}

Status PgSession::LockSchema() {
  return ExecuteStatement(*this, "cannot prepare the schema", "SELECT pg_advisory_lock(?)",
                          SqlParams(kMigrationLock));
}

Status PgSession::UnlockSchema() {
  return ExecuteStatement(*this, "cannot prepare the schema", "SELECT pg_advisory_unlock(?)",
                          SqlParams(kMigrationLock));
}

Status PgSession::LockUntilCommit(int64_t key) {
  return ExecuteStatement(*this, "cannot lock", "SELECT pg_advisory_xact_lock(?)", SqlParams(key));
}

Status PgSession::Begin() {
  if (in_transaction_) return MakeError("cannot begin a transaction: one is already open");
  Status s = ExecuteScript("cannot begin a transaction", "BEGIN");
  if (!s) return s;
  in_transaction_ = true;
  transaction_failure_.clear();
  return OkStatus();
}

Status PgSession::Commit() {
  if (!in_transaction_) return MakeError("cannot commit: no transaction is open");
  if (!held_rows_.empty()) {
    if (Status s = Flush(); !s) return s;
  }
  if (!transaction_failure_.empty()) {
    // PostgreSQL turns COMMIT of a failed transaction into a rollback without an error.
    return MakeError("cannot commit: an earlier statement of the transaction failed (" +
                     transaction_failure_ + "); nothing was stored");
  }
  const bool connected = connection_lost_.empty();
  Status s = ExecuteScript("cannot commit", "COMMIT");
  if (s) {
    in_transaction_ = false;
  } else if (connected && !connection_lost_.empty()) {
    // The COMMIT may have reached the server before the connection broke.
    return MakeError(s.error().message +
                     "; the server may or may not have stored the transaction: check before "
                     "running it again");
  }
  return s;
}

void PgSession::Rollback() {
  held_rows_.clear();
  if (!in_transaction_) return;
  in_transaction_ = false;
  transaction_failure_.clear();
  (void)ExecuteScript("cannot roll back", "ROLLBACK");
}

}  // namespace hoshitori
