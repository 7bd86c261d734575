// SqliteStore: the embedded backend — one database file in WAL mode.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "store/store.h"

namespace hoshitori {

// Owns a prepared statement; finalises it on destruction.
struct SqliteStatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteStatementDeleter>;

struct SqliteDeleter {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteDeleter>;

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) the database at `path` and migrates it.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  Result<int> SchemaVersion() override;
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;

  Result<Organisation> AddOrganisation(const Organisation& organisation) override;
  Result<std::vector<Organisation>> ListOrganisations() override;
  Result<std::optional<Organisation>> FindOrganisation(const CorporateNumber& number) override;
  Result<std::optional<Organisation>> GetOrganisation(int64_t id) override;

  Result<int64_t> InsertAssessment(const AssessmentRecord& record) override;
  Status InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer) override;
  Result<std::vector<AssessmentRecord>> ListAssessments(std::optional<int64_t> org_id) override;
  Result<std::optional<AssessmentRecord>> GetAssessment(int64_t id) override;
  Result<std::vector<Answer>> LoadAnswers(int64_t assessment_id) override;
  Status ForEachAnswer(const std::string& framework_id, const AnswerRowSink& sink) override;

  sqlite3* handle() { return db_.get(); }

 private:
  explicit SqliteStore(SqliteHandle db) : db_(std::move(db)) {}
  Status Migrate();
  Status Exec(const std::string& sql);
  Result<sqlite3_stmt*> Prepared(SqliteStatement& slot, const char* sql);
  Error Fail(const std::string& what);

  SqliteHandle db_;
  SqliteStatement insert_answer_;
  SqliteStatement insert_assessment_;
};

}  // namespace hoshitori
