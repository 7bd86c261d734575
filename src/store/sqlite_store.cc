#include "store/sqlite_store.h"

#include <chrono>
#include <cstdio>

#include "store/migrations.h"
#include "store/pg_store.h"

namespace hoshitori {

namespace {


void BindText(sqlite3_stmt* s, int i, std::string_view text) {
  sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}
void BindOptionalInt(sqlite3_stmt* s, int i, std::optional<int64_t> value) {
  if (value) sqlite3_bind_int64(s, i, *value); else sqlite3_bind_null(s, i);
}
std::string ColumnText(sqlite3_stmt* s, int i) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return text ? std::string(text, sqlite3_column_bytes(s, i)) : std::string();
}
std::optional<int64_t> ColumnOptionalInt(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(s, i);
}
std::optional<Date> ColumnOptionalDate(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  auto date = ParseDate(ColumnText(s, i));
  if (!date) return std::nullopt;
  return *date;
}

constexpr const char* kOrganisationColumns =
    "id, corporate_number, name, industry, employees, capital_yen, created_at";
constexpr const char* kAssessmentColumns =
    "id, org_id, framework_id, scope, status, attestation, management_declaration, valid_from, "
    "valid_until, created_at, updated_at, version, assessor_org_id, submitted_at";

}  // namespace

Organisation ReadOrganisation(sqlite3_stmt* s, int at) {
  Organisation o{0, *CorporateNumber::Parse(ColumnText(s, at + 1)), "", {}, {}, {}, ""};
  o.id = sqlite3_column_int64(s, at);
  o.name = ColumnText(s, at + 2);
  if (auto industry = Industry::Parse(ColumnText(s, at + 3))) o.industry = *industry;
  o.employees = ColumnOptionalInt(s, at + 4);
  o.capital_yen = ColumnOptionalInt(s, at + 5);
  o.created_at = ColumnText(s, at + 6);
  return o;
}

AssessmentRecord ReadAssessment(sqlite3_stmt* s, int at) {
  AssessmentRecord a;
  a.id = sqlite3_column_int64(s, at);
  a.org_id = sqlite3_column_int64(s, at + 1);
  a.framework_id = ColumnText(s, at + 2);
  a.scope = ColumnText(s, at + 3);
  a.attestation.status = ParseAssessmentStatus(ColumnText(s, at + 4)).value_or(AssessmentStatus::kDraft);
  a.attestation.kind = ParseAttestationKind(ColumnText(s, at + 5)).value_or(AttestationKind::kSelf);
  a.attestation.management_declaration = sqlite3_column_int(s, at + 6) != 0;
  a.attestation.valid_from = ColumnOptionalDate(s, at + 7);
  a.attestation.valid_until = ColumnOptionalDate(s, at + 8);
  a.created_at = ColumnText(s, at + 9);
  a.updated_at = ColumnText(s, at + 10);
  a.version = sqlite3_column_int64(s, at + 11);
  a.assessor_org_id = ColumnOptionalInt(s, at + 12);
  if (sqlite3_column_type(s, at + 13) != SQLITE_NULL) a.submitted_at = ColumnText(s, at + 13);
  return a;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& url) {
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  if (url.rfind("postgres", 0) == 0) {
    if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0) {
      return MakeError("a PostgreSQL URL looks like postgresql://user@host:port/database");
    }
    auto pg = PgStore::Open(url);
    if (!pg) return pg.error();
    return std::unique_ptr<Store>(std::move(pg).value());
  }
  auto store = SqliteStore::Open(path);
  if (!store) return store.error();
  return std::unique_ptr<Store>(std::move(store).value());
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    return MakeError("cannot open database '" + path + "': " +
                     (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(db.get(), 5000);
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db)));
  // Reads through a memory map (up to 256 MiB of the file): lists that join thousands of rows
  // then cost no read() call per page.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                             "PRAGMA synchronous=NORMAL", "PRAGMA mmap_size=268435456"}) {
    if (Status s = store->Exec(pragma); !s) return s.error();
  }
  if (Status s = store->Migrate(); !s) return s.error();
  return store;
}

Error SqliteStore::Fail(const std::string& what) {
  return MakeError(what + ": " + sqlite3_errmsg(db_.get()));
}

Status SqliteStore::Exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return MakeError("database error: " + text);
  }
  return OkStatus();
}

Result<sqlite3_stmt*> SqliteStore::Prepared(SqliteStatement& slot, const char* sql) {
  if (!slot) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
      return Fail("cannot prepare statement");
    }
    slot.reset(raw);
  }
  sqlite3_reset(slot.get());
  sqlite3_clear_bindings(slot.get());
  return slot.get();
}

Status SqliteStore::Migrate() {
  if (Status s = Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                      "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      !s) {
    return s;
  }
  auto version = SchemaVersion();
  if (!version) return version.error();
  for (const Migration& migration : EmbeddedMigrations()) {
    if (migration.version <= *version) continue;
    Transaction transaction(*this);
    if (!transaction.begun()) return transaction.begun();
    if (Status s = PostgresOnly(migration) ? OkStatus() : Exec(ExpandDialect(migration.sql, kSqliteDialect)); !s) {
      return MakeError("migration " + std::string(migration.name) + " failed: " + s.error().message);
    }
    SqliteStatement insert;
    sqlite3_stmt* raw = nullptr;
    sqlite3_prepare_v2(db_.get(), "INSERT INTO schema_migrations VALUES (?, ?, ?)", -1, &raw, nullptr);
    insert.reset(raw);
    const std::string now = UtcNow();
    sqlite3_bind_int(raw, 1, migration.version);
    sqlite3_bind_text(raw, 2, migration.name, -1, SQLITE_STATIC);
    BindText(raw, 3, now);
    if (sqlite3_step(raw) != SQLITE_DONE) return Fail("cannot record migration");
    if (Status s = transaction.Commit(); !s) return s;
  }
  return OkStatus();
}

Result<int> SqliteStore::SchemaVersion() {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", -1,
                         &raw, nullptr) != SQLITE_OK) {
    return Fail("cannot read the schema version");
  }
  SqliteStatement statement(raw);
  if (sqlite3_step(raw) != SQLITE_ROW) return Fail("cannot read the schema version");
  return sqlite3_column_int(raw, 0);
}

Status SqliteStore::Begin() { return Exec("BEGIN IMMEDIATE"); }
Status SqliteStore::Commit() { return Exec("COMMIT"); }
void SqliteStore::Rollback() { (void)Exec("ROLLBACK"); }

Result<Organisation> SqliteStore::AddOrganisation(const Organisation& organisation) {
  if (organisation.name.empty()) return MakeError("an organisation needs a name");
  if (auto existing = FindOrganisation(organisation.corporate_number); !existing) {
    return existing.error();
  } else if (existing->has_value()) {
    return MakeError("corporate number " + organisation.corporate_number.digits() +
                     " is already registered as '" + (*existing)->name + "'");
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(),
                         "INSERT INTO organisations (corporate_number, name, industry, employees, "
                         "capital_yen, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return Fail("cannot add organisation");
  }
  SqliteStatement statement(raw);
  Organisation added = organisation;
  added.created_at = UtcNow();
  const std::string industry = organisation.industry.ToString();
  BindText(raw, 1, added.corporate_number.digits());
  BindText(raw, 2, added.name);
  BindText(raw, 3, industry);
  BindOptionalInt(raw, 4, added.employees);
  BindOptionalInt(raw, 5, added.capital_yen);
  BindText(raw, 6, added.created_at);
  if (sqlite3_step(raw) != SQLITE_DONE) return Fail("cannot add organisation");
  added.id = sqlite3_last_insert_rowid(db_.get());
  return added;
}

Result<std::vector<Organisation>> SqliteStore::ListOrganisations() {
  const std::string sql = std::string("SELECT ") + kOrganisationColumns + " FROM organisations ORDER BY id";
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return Fail("cannot list organisations");
  SqliteStatement statement(raw);
  std::vector<Organisation> out;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) out.push_back(ReadOrganisation(raw));
  if (rc != SQLITE_DONE) return Fail("cannot list organisations");
  return out;
}

Result<std::optional<Organisation>> SqliteStore::FindOrganisation(const CorporateNumber& number) {
  const std::string sql = std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE corporate_number = ?";
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return Fail("cannot find organisation");
  SqliteStatement statement(raw);
  BindText(raw, 1, number.digits());
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_ROW) return std::optional<Organisation>(ReadOrganisation(raw));
  if (rc != SQLITE_DONE) return Fail("cannot find organisation");
  return std::optional<Organisation>();
}

Result<std::optional<Organisation>> SqliteStore::GetOrganisation(int64_t id) {
  const std::string sql = std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE id = ?";
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return Fail("cannot read organisation");
  SqliteStatement statement(raw);
  sqlite3_bind_int64(raw, 1, id);
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_ROW) return std::optional<Organisation>(ReadOrganisation(raw));
  if (rc != SQLITE_DONE) return Fail("cannot read organisation");
  return std::optional<Organisation>();
}

Result<int64_t> SqliteStore::InsertAssessment(const AssessmentRecord& record) {
  auto statement = Prepared(insert_assessment_,
                            "INSERT INTO assessments (org_id, framework_id, scope, status, attestation, "
                            "management_declaration, valid_from, valid_until, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!statement) return statement.error();
  sqlite3_stmt* s = *statement;
  const std::string now = UtcNow();
  const std::string from = record.attestation.valid_from ? FormatDate(*record.attestation.valid_from) : "";
  const std::string until = record.attestation.valid_until ? FormatDate(*record.attestation.valid_until) : "";
  sqlite3_bind_int64(s, 1, record.org_id);
  BindText(s, 2, record.framework_id);
  BindText(s, 3, record.scope);
  BindText(s, 4, AssessmentStatusName(record.attestation.status));
  BindText(s, 5, AttestationKindName(record.attestation.kind));
  sqlite3_bind_int(s, 6, record.attestation.management_declaration ? 1 : 0);
  if (from.empty()) sqlite3_bind_null(s, 7); else BindText(s, 7, from);
  if (until.empty()) sqlite3_bind_null(s, 8); else BindText(s, 8, until);
  BindText(s, 9, now);
  BindText(s, 10, now);
  if (sqlite3_step(s) != SQLITE_DONE) return Fail("cannot add assessment");
  return sqlite3_last_insert_rowid(db_.get());
}

Status SqliteStore::InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer) {
  auto statement = Prepared(insert_answer_,
                            "INSERT INTO answers (assessment_id, org_id, node_id, status, maturity, "
                            "choice, comment, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!statement) return statement.error();
  sqlite3_stmt* s = *statement;
  std::string evidence;
  for (const std::string& e : answer.evidence) {
    if (!evidence.empty()) evidence += ';';
    evidence += e;
  }
  sqlite3_bind_int64(s, 1, assessment_id);
  sqlite3_bind_int64(s, 2, org_id);
  BindText(s, 3, answer.node_id);
  BindText(s, 4, AnswerStatusName(answer.status));
  if (answer.maturity) sqlite3_bind_int(s, 5, *answer.maturity); else sqlite3_bind_null(s, 5);
  if (answer.choice.empty()) sqlite3_bind_null(s, 6); else BindText(s, 6, answer.choice);
  BindText(s, 7, answer.comment);
  BindText(s, 8, evidence);
  if (sqlite3_step(s) != SQLITE_DONE) return Fail("cannot save the answer to " + answer.node_id);
  return OkStatus();
}

Result<std::vector<AssessmentRecord>> SqliteStore::ListAssessments(std::optional<int64_t> org_id) {
  std::string sql = std::string("SELECT ") + kAssessmentColumns + " FROM assessments";
  if (org_id) sql += " WHERE org_id = ?";
  sql += " ORDER BY id";
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return Fail("cannot list assessments");
  SqliteStatement statement(raw);
  if (org_id) sqlite3_bind_int64(raw, 1, *org_id);
  std::vector<AssessmentRecord> out;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) out.push_back(ReadAssessment(raw));
  if (rc != SQLITE_DONE) return Fail("cannot list assessments");
  return out;
}

Result<std::optional<AssessmentRecord>> SqliteStore::GetAssessment(int64_t id) {
  const std::string sql = std::string("SELECT ") + kAssessmentColumns + " FROM assessments WHERE id = ?";
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return Fail("cannot read assessment");
  SqliteStatement statement(raw);
  sqlite3_bind_int64(raw, 1, id);
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_ROW) return std::optional<AssessmentRecord>(ReadAssessment(raw));
  if (rc != SQLITE_DONE) return Fail("cannot read assessment");
  return std::optional<AssessmentRecord>();
}

Result<std::vector<Answer>> SqliteStore::LoadAnswers(int64_t assessment_id) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(),
                         "SELECT node_id, status, maturity, choice, comment, evidence FROM answers "
                         "WHERE assessment_id = ? ORDER BY node_id",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return Fail("cannot read answers");
  }
  SqliteStatement statement(raw);
  sqlite3_bind_int64(raw, 1, assessment_id);
  std::vector<Answer> out;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    Answer a;
    a.node_id = ColumnText(raw, 0);
    a.status = ParseAnswerStatus(ColumnText(raw, 1)).value_or(AnswerStatus::kUnknown);
    if (auto m = ColumnOptionalInt(raw, 2)) a.maturity = static_cast<int>(*m);
    a.choice = ColumnText(raw, 3);
    a.comment = ColumnText(raw, 4);
    std::string evidence = ColumnText(raw, 5);
    for (size_t start = 0; start < evidence.size();) {
      size_t end = evidence.find(';', start);
      if (end == std::string::npos) end = evidence.size();
      a.evidence.push_back(evidence.substr(start, end - start));
      start = end + 1;
    }
    out.push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return Fail("cannot read answers");
  return out;
}

Status SqliteStore::ForEachAnswer(const std::string& framework_id, const AnswerRowSink& sink) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_.get(),
                         "SELECT a.assessment_id, a.node_id, a.status, a.maturity FROM answers a "
                         "JOIN assessments s ON s.id = a.assessment_id WHERE s.framework_id = ? "
                         "ORDER BY a.assessment_id",
                         -1, &raw, nullptr) != SQLITE_OK) {
    return Fail("cannot read answers");
  }
  SqliteStatement statement(raw);
  BindText(raw, 1, framework_id);
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const auto* node = reinterpret_cast<const char*>(sqlite3_column_text(raw, 1));
    const std::string_view node_id(node ? node : "", sqlite3_column_bytes(raw, 1));
    const auto* status_text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 2));
    const auto status = ParseAnswerStatus(status_text ? status_text : "").value_or(AnswerStatus::kUnknown);
    const int maturity = sqlite3_column_type(raw, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(raw, 3);
    sink(sqlite3_column_int64(raw, 0), node_id, status, maturity);
  }
  if (rc != SQLITE_DONE) return Fail("cannot read answers");
  return OkStatus();
}

}  // namespace hoshitori
