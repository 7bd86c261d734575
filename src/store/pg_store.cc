#include "store/pg_store.h"

#include <libpq-fe.h>

#include <optional>
#include <pqxx/pqxx>
#include <tuple>

#include "store/migrations.h"

namespace hoshitori {

struct PgStore::Backend {
  explicit Backend(const std::string& url) : connection(url) {}
  pqxx::connection connection;
};

namespace {

// Rows fetched per round trip when streaming, and answers written per COPY.
constexpr int kFetchBatch = 10'000;
constexpr size_t kAnswerBatch = 20'000;

// Any value that fits in a signed 64-bit key: all migrations are applied under this lock
// so that two processes opening a fresh database do not both migrate it.
constexpr int64_t kMigrationLock = 0x484f5348'49544f52;  // "HOSHITOR"


// The password of a URL ("scheme://user:password@host/..."), or empty.
std::string PasswordOf(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const size_t start = scheme + 3;
  const size_t end = url.find_first_of("/?#", start);
  const std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
  const size_t at = authority.rfind('@');
  if (at == std::string::npos) return "";
  const size_t colon = authority.find(':');
  if (colon == std::string::npos || colon > at) return "";
  return authority.substr(colon + 1, at - colon - 1);
}

// `text` on one line, without `secret`.
std::string Clean(std::string text, const std::string& secret) {
  if (!secret.empty()) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// libpq's message without its "ERROR:  " prefix and the statement context; one line.
std::string ServerMessage(const std::string& what) {
  std::string text = what;
  if (text.rfind("ERROR:  ", 0) == 0) text = text.substr(8);
  if (const size_t context = text.find("\nCONTEXT:"); context != std::string::npos) {
    text = text.substr(0, context);
  }
  return Clean(text, "");
}

// What went wrong, in one line: the server's message for SQL errors.
std::string FailureText(const pqxx::pqxx_exception& failure) {
  const std::exception& e = failure.base();
  if (dynamic_cast<const pqxx::sql_error*>(&e) != nullptr) return ServerMessage(e.what());
  return Clean(e.what(), "");
}

// "user@host:port/database" from a libpq URL, never with the password.
Result<std::string> Describe(const std::string& url) {
  char* message = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &message);
  if (!options) {
    std::string text = message ? message : "out of memory";
    PQfreemem(message);
    return MakeError("invalid PostgreSQL URL: " + Clean(text, PasswordOf(url)) +
                     " (expected postgresql://user@host:port/database)");
  }
  std::string user, host, port, database;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    const std::string keyword = o->keyword;
    const std::string value = o->val ? o->val : "";
    if (keyword == "user") user = value;
    if (keyword == "host" || (keyword == "hostaddr" && host.empty())) host = value;
    if (keyword == "port") port = value;
    if (keyword == "dbname") database = value;
  }
  PQconninfoFree(options);
  std::string where = user.empty() ? "" : user + "@";
  where += host.empty() ? "(local socket)" : host;
  where += ":" + (port.empty() ? std::string("5432") : port);
  where += "/" + (database.empty() ? user : database);
  return where;
}

constexpr const char* kOrganisationColumns =
    "id, corporate_number, name, industry, employees, capital_yen, created_at";
constexpr const char* kAssessmentColumns =
    "id, org_id, framework_id, scope, status, attestation, management_declaration, valid_from, "
    "valid_until, created_at, updated_at, version, assessor_org_id, submitted_at";

// Every statement the store runs often, prepared once per connection.
const std::pair<const char*, std::string> kStatements[] = {
    {"find_organisation", std::string("SELECT ") + kOrganisationColumns +
                              " FROM organisations WHERE corporate_number = $1"},
    {"get_organisation",
     std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE id = $1"},
    {"list_organisations",
     std::string("SELECT ") + kOrganisationColumns + " FROM organisations ORDER BY id"},
    {"add_organisation",
     "INSERT INTO organisations (corporate_number, name, industry, employees, capital_yen, "
     "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"},
    {"insert_assessment",
     "INSERT INTO assessments (org_id, framework_id, scope, status, attestation, "
     "management_declaration, valid_from, valid_until, created_at, updated_at) "
     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id"},
    {"insert_answer",
     "INSERT INTO answers (assessment_id, org_id, node_id, status, maturity, choice, comment, "
     "evidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    {"list_assessments",
     std::string("SELECT ") + kAssessmentColumns + " FROM assessments ORDER BY id"},
    {"list_assessments_of", std::string("SELECT ") + kAssessmentColumns +
                                " FROM assessments WHERE org_id = $1 ORDER BY id"},
    {"get_assessment",
     std::string("SELECT ") + kAssessmentColumns + " FROM assessments WHERE id = $1"},
    {"lock_assessment",
     std::string("SELECT ") + kAssessmentColumns + " FROM assessments WHERE id = $1 FOR UPDATE"},
    {"load_answers",
     "SELECT node_id, status, maturity, choice, comment, evidence FROM answers "
     "WHERE assessment_id = $1 ORDER BY node_id"},
};

std::string Text(const pqxx::field& field) {
  return field.is_null() ? std::string() : std::string(field.c_str(), field.size());
}
std::optional<int64_t> OptionalInt(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<int64_t>();
}
std::optional<Date> OptionalDate(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  auto date = ParseDate(Text(field));
  if (!date) return std::nullopt;
  return *date;
}
std::optional<std::string> DateText(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return FormatDate(*date);
}

std::string JoinEvidence(const std::vector<std::string>& evidence) {
  std::string joined;
  for (const std::string& e : evidence) {
    if (!joined.empty()) joined += ';';
    joined += e;
  }
  return joined;
}

std::optional<std::string> ChoiceOf(const Answer& answer) {
  if (answer.choice.empty()) return std::nullopt;
  return answer.choice;
}

std::optional<int> MaturityOf(const Answer& answer) {
  if (!answer.maturity) return std::nullopt;
  return *answer.maturity;
}

// The 1-based line of a failed COPY ("CONTEXT:  COPY answers, line 17: ..."), or 0.
size_t CopyLine(const std::string& message) {
  const size_t at = message.find("COPY answers, line ");
  if (at == std::string::npos) return 0;
  size_t line = 0;
  for (size_t i = at + 19; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i) {
    line = line * 10 + static_cast<size_t>(message[i] - '0');
  }
  return line;
}

}  // namespace

Organisation ReadOrganisation(const pqxx::row& row, int at) {
  Organisation o{0, *CorporateNumber::Parse(Text(row[at + 1])), "", {}, {}, {}, ""};
  o.id = row[at].as<int64_t>();
  o.name = Text(row[at + 2]);
  if (auto industry = Industry::Parse(Text(row[at + 3]))) o.industry = *industry;
  o.employees = OptionalInt(row[at + 4]);
  o.capital_yen = OptionalInt(row[at + 5]);
  o.created_at = Text(row[at + 6]);
  return o;
}

AssessmentRecord ReadAssessment(const pqxx::row& row, int at) {
  AssessmentRecord a;
  a.id = row[at].as<int64_t>();
  a.org_id = row[at + 1].as<int64_t>();
  a.framework_id = Text(row[at + 2]);
  a.scope = Text(row[at + 3]);
  a.attestation.status = ParseAssessmentStatus(Text(row[at + 4])).value_or(AssessmentStatus::kDraft);
  a.attestation.kind = ParseAttestationKind(Text(row[at + 5])).value_or(AttestationKind::kSelf);
  a.attestation.management_declaration = row[at + 6].as<int>() != 0;
  a.attestation.valid_from = OptionalDate(row[at + 7]);
  a.attestation.valid_until = OptionalDate(row[at + 8]);
  a.created_at = Text(row[at + 9]);
  a.updated_at = Text(row[at + 10]);
  a.version = row[at + 11].as<int64_t>();
  a.assessor_org_id = OptionalInt(row[at + 12]);
  if (!row[at + 13].is_null()) a.submitted_at = Text(row[at + 13]);
  return a;
}


Result<std::string> DescribePostgresUrl(const std::string& url) { return Describe(url); }

std::string WithoutPassword(std::string text, const std::string& url) {
  return Clean(std::move(text), PasswordOf(url));
}

PgStore::PgStore(std::unique_ptr<Backend> backend, std::string where)
    : backend_(std::move(backend)), where_(std::move(where)) {}

PgStore::~PgStore() = default;

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& url) {
  auto where = Describe(url);
  if (!where) return where.error();
  std::unique_ptr<Backend> backend;
  try {
    backend = std::make_unique<Backend>(url);
  } catch (const pqxx::pqxx_exception& e) {
    return MakeError("cannot connect to PostgreSQL at " + *where + ": " +
                     Clean(e.base().what(), PasswordOf(url)) +
                     " (check the server is running and the URL given to --db)");
  }
  // A reconnection in the middle of a store transaction would run the rest of it outside
  // any transaction; a lost connection must stay lost.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  backend->connection.inhibit_reactivation(true);
#pragma GCC diagnostic pop
  std::unique_ptr<PgStore> store(new PgStore(std::move(backend), *where));
  if (Status s = store->Run(
          "cannot set up the session",
          [](pqxx::nontransaction& tx) { tx.exec("SET client_min_messages = warning"); });
      !s) {
    return s.error();
  }
  if (Status s = store->Migrate(); !s) return s.error();
  Status prepared = store->Run("cannot prepare statements", [&](pqxx::nontransaction&) {
    for (const auto& [name, sql] : kStatements) store->backend_->connection.prepare(name, sql);
  });
  if (!prepared) return prepared.error();
  return store;
}

Status PgStore::Run(const std::string& what,
                    const std::function<void(pqxx::nontransaction&)>& work) {
  if (!connection_lost_.empty()) return MakeError(what + ": " + connection_lost_);
  if (!pending_answers_.empty()) {
    if (Status s = FlushAnswers(); !s) return s;
  }
  try {
    pqxx::nontransaction tx(backend_->connection);
    work(tx);
    return OkStatus();
  } catch (const pqxx::pqxx_exception& e) {
    return MakeError(what + ": " + NoteFailure(FailureText(e)));
  }
}

std::string PgStore::NoteFailure(std::string failure) {
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

Status PgStore::FlushAnswers() {
  std::vector<PendingAnswer> batch;
  batch.swap(pending_answers_);
  try {
    pqxx::nontransaction tx(backend_->connection);
    static const std::vector<std::string> columns = {"assessment_id", "org_id",   "node_id",
                                                     "status",        "maturity", "choice",
                                                     "comment",       "evidence"};
    pqxx::stream_to copy(tx, "answers", columns);
    for (const PendingAnswer& p : batch) {
      const Answer& a = p.answer;
      copy << std::make_tuple(p.assessment_id, p.org_id, a.node_id,
                              std::string(AnswerStatusName(a.status)), MaturityOf(a), ChoiceOf(a),
                              a.comment, JoinEvidence(a.evidence));
    }
    copy.complete();
    return OkStatus();
  } catch (const pqxx::pqxx_exception& e) {
    const size_t line = CopyLine(e.base().what());
    const std::string subject = line >= 1 && line <= batch.size()
                                    ? "cannot save the answer to " + batch[line - 1].answer.node_id
                                    : std::string("cannot save answers");
    return MakeError(subject + ": " + NoteFailure(FailureText(e)));
  }
}

Status PgStore::Migrate() {
  Status locked = Run("cannot prepare the schema", [](pqxx::nontransaction& tx) {
    tx.exec_params("SELECT pg_advisory_lock($1)", kMigrationLock);
    tx.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  });
  if (!locked) return locked;
  auto migrate = [&]() -> Status {
    auto version = SchemaVersion();
    if (!version) return version.error();
    for (const Migration& migration : EmbeddedMigrations()) {
      if (migration.version <= *version) continue;
      Transaction transaction(*this);
      if (!transaction.begun()) return transaction.begun();
      Status applied = Run(
          "migration " + std::string(migration.name) + " failed", [&](pqxx::nontransaction& tx) {
            tx.exec(ExpandDialect(migration.sql, kPostgresDialect));
            tx.exec_params("INSERT INTO schema_migrations VALUES ($1, $2, $3)", migration.version,
                           std::string(migration.name), UtcNow());
          });
      if (!applied) return applied;
      if (Status s = transaction.Commit(); !s) return s;
    }
    return OkStatus();
  };
  Status migrated = migrate();
  Status unlocked = Run("cannot prepare the schema", [](pqxx::nontransaction& tx) {
    tx.exec_params("SELECT pg_advisory_unlock($1)", kMigrationLock);
  });
  if (!migrated) return migrated;
  return unlocked;
}

Result<int> PgStore::SchemaVersion() {
  int version = 0;
  Status s = Run("cannot read the schema version", [&](pqxx::nontransaction& tx) {
    version = tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0].as<int>();
  });
  if (!s) return s.error();
  return version;
}

Status PgStore::Begin() {
  if (in_transaction_) return MakeError("cannot begin a transaction: one is already open");
  Status s = Run("cannot begin a transaction", [](pqxx::nontransaction& tx) { tx.exec("BEGIN"); });
  if (!s) return s;
  in_transaction_ = true;
  transaction_failure_.clear();
  return OkStatus();
}

Status PgStore::Commit() {
  if (!in_transaction_) return MakeError("cannot commit: no transaction is open");
  if (!pending_answers_.empty()) {
    if (Status s = FlushAnswers(); !s) return s;
  }
  if (!transaction_failure_.empty()) {
    // PostgreSQL turns COMMIT of a failed transaction into a rollback without an error.
    return MakeError("cannot commit: an earlier statement of the transaction failed (" +
                     transaction_failure_ + "); nothing was stored");
  }
  const bool connected = connection_lost_.empty();
  Status s = Run("cannot commit", [](pqxx::nontransaction& tx) { tx.exec("COMMIT"); });
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

void PgStore::Rollback() {
  pending_answers_.clear();
  if (!in_transaction_) return;
  in_transaction_ = false;
  transaction_failure_.clear();
  (void)Run("cannot roll back", [](pqxx::nontransaction& tx) { tx.exec("ROLLBACK"); });
}

Result<Organisation> PgStore::AddOrganisation(const Organisation& organisation) {
  if (organisation.name.empty()) return MakeError("an organisation needs a name");
  auto existing = FindOrganisation(organisation.corporate_number);
  if (!existing) return existing.error();
  if (existing->has_value()) {
    return MakeError("corporate number " + organisation.corporate_number.digits() +
                     " is already registered as '" + (*existing)->name + "'");
  }
  Organisation added = organisation;
  added.created_at = UtcNow();
  Status s = Run("cannot add organisation", [&](pqxx::nontransaction& tx) {
    added.id = tx.exec_prepared1("add_organisation", added.corporate_number.digits(), added.name,
                                 organisation.industry.ToString(), added.employees,
                                 added.capital_yen, added.created_at)[0]
                   .as<int64_t>();
  });
  if (!s) return s.error();
  return added;
}

Result<std::vector<Organisation>> PgStore::ListOrganisations() {
  std::vector<Organisation> out;
  Status s = Run("cannot list organisations", [&](pqxx::nontransaction& tx) {
    for (const pqxx::row& row : tx.exec_prepared("list_organisations"))
      out.push_back(ReadOrganisation(row));
  });
  if (!s) return s.error();
  return out;
}

Result<std::optional<Organisation>> PgStore::FindOrganisation(const CorporateNumber& number) {
  std::optional<Organisation> out;
  Status s = Run("cannot find organisation", [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = tx.exec_prepared("find_organisation", number.digits());
    if (!rows.empty()) out = ReadOrganisation(rows[0]);
  });
  if (!s) return s.error();
  return out;
}

Result<std::optional<Organisation>> PgStore::GetOrganisation(int64_t id) {
  std::optional<Organisation> out;
  Status s = Run("cannot read organisation", [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = tx.exec_prepared("get_organisation", id);
    if (!rows.empty()) out = ReadOrganisation(rows[0]);
  });
  if (!s) return s.error();
  return out;
}

Result<int64_t> PgStore::InsertAssessment(const AssessmentRecord& record) {
  int64_t id = 0;
  Status s = Run("cannot add assessment", [&](pqxx::nontransaction& tx) {
    id = tx.exec_prepared1("insert_assessment", record.org_id, record.framework_id, record.scope,
                           std::string(AssessmentStatusName(record.attestation.status)),
                           std::string(AttestationKindName(record.attestation.kind)),
                           record.attestation.management_declaration ? 1 : 0,
                           DateText(record.attestation.valid_from),
                           DateText(record.attestation.valid_until), UtcNow())[0]
             .as<int64_t>();
  });
  if (!s) return s.error();
  return id;
}

Status PgStore::InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer) {
  if (in_transaction_) {
    if (!connection_lost_.empty())
      return MakeError("cannot save the answer to " + answer.node_id + ": " + connection_lost_);
    pending_answers_.push_back(PendingAnswer{assessment_id, org_id, answer});
    if (pending_answers_.size() >= kAnswerBatch) return FlushAnswers();
    return OkStatus();
  }
  return Run("cannot save the answer to " + answer.node_id, [&](pqxx::nontransaction& tx) {
    tx.exec_prepared("insert_answer", assessment_id, org_id, answer.node_id,
                     std::string(AnswerStatusName(answer.status)), MaturityOf(answer),
                     ChoiceOf(answer), answer.comment, JoinEvidence(answer.evidence));
  });
}

Result<std::vector<AssessmentRecord>> PgStore::ListAssessments(std::optional<int64_t> org_id) {
  std::vector<AssessmentRecord> out;
  Status s = Run("cannot list assessments", [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = org_id ? tx.exec_prepared("list_assessments_of", *org_id)
                                     : tx.exec_prepared("list_assessments");
    for (const pqxx::row& row : rows) out.push_back(ReadAssessment(row));
  });
  if (!s) return s.error();
  return out;
}

Result<std::optional<AssessmentRecord>> PgStore::GetAssessment(int64_t id) {
  std::optional<AssessmentRecord> out;
  Status s = Run("cannot read assessment", [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = tx.exec_prepared("get_assessment", id);
    if (!rows.empty()) out = ReadAssessment(rows[0]);
  });
  if (!s) return s.error();
  return out;
}

Result<std::optional<AssessmentRecord>> PgStore::LockAssessment(int64_t id) {
  std::optional<AssessmentRecord> out;
  Status s = Run("cannot read assessment", [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = tx.exec_prepared("lock_assessment", id);
    if (!rows.empty()) out = ReadAssessment(rows[0]);
  });
  if (!s) return s.error();
  return out;
}

Result<std::vector<Answer>> PgStore::LoadAnswers(int64_t assessment_id) {
  std::vector<Answer> out;
  Status s = Run("cannot read answers", [&](pqxx::nontransaction& tx) {
    for (const pqxx::row& row : tx.exec_prepared("load_answers", assessment_id)) {
      Answer a;
      a.node_id = Text(row[0]);
      a.status = ParseAnswerStatus(Text(row[1])).value_or(AnswerStatus::kUnknown);
      if (!row[2].is_null()) a.maturity = row[2].as<int>();
      a.choice = Text(row[3]);
      a.comment = Text(row[4]);
      const std::string evidence = Text(row[5]);
      for (size_t start = 0; start < evidence.size();) {
        size_t end = evidence.find(';', start);
        if (end == std::string::npos) end = evidence.size();
        a.evidence.push_back(evidence.substr(start, end - start));
        start = end + 1;
      }
      out.push_back(std::move(a));
    }
  });
  if (!s) return s.error();
  return out;
}

Status PgStore::Stream(const std::string& what, const std::string& select,
                       const std::vector<std::string>& params,
                       const std::function<void(const pqxx::row&)>& each) {
  // A cursor lives in a transaction: the caller's, or one of its own.
  const bool own_transaction = !in_transaction_;
  if (own_transaction) {
    if (Status s = Begin(); !s) return s;
  }
  const std::string cursor = "hoshitori_cursor_" + std::to_string(++cursors_);
  Status s = Run(what, [&](pqxx::nontransaction& tx) {
    tx.exec_params("DECLARE " + cursor + " NO SCROLL CURSOR FOR " + select,
                   pqxx::prepare::make_dynamic_params(params));
  });
  const std::string fetch = "FETCH FORWARD " + std::to_string(kFetchBatch) + " FROM " + cursor;
  for (bool more = s.ok(); more;) {
    pqxx::result batch;
    s = Run(what, [&](pqxx::nontransaction& tx) { batch = tx.exec(fetch); });
    if (!s) break;
    for (const pqxx::row& row : batch) each(row);
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

Status PgStore::ForEachAnswer(const std::string& framework_id, const AnswerRowSink& sink) {
  return Stream("cannot read answers",
                "SELECT a.assessment_id, a.node_id, a.status, a.maturity FROM answers a "
                "JOIN assessments s ON s.id = a.assessment_id WHERE s.framework_id = $1 "
                "ORDER BY a.assessment_id",
                {framework_id}, [&](const pqxx::row& row) {
                  const pqxx::field node = row[1];
                  const auto status =
                      ParseAnswerStatus(std::string_view(row[2].c_str(), row[2].size()))
                          .value_or(AnswerStatus::kUnknown);
                  sink(row[0].as<int64_t>(), std::string_view(node.c_str(), node.size()), status,
                       row[3].is_null() ? -1 : row[3].as<int>());
                });
}

}  // namespace hoshitori
