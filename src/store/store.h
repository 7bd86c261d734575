// Store: where organisations, assessments and answers are kept.
//
// One interface, several backends (SQLite now; PostgreSQL behind the same interface). The
// domain code never sees SQL. A Store is used by one thread at a time; open one per
// thread. Every method returns an error a user can act on instead of throwing.
//
// Writes that belong together run inside a Transaction: either all of them are visible
// afterwards or none is (a crash or an error rolls back).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assess/answers.h"
#include "assess/star_level.h"
#include "core/corporate_number.h"
#include "core/industry.h"
#include "core/result.h"

namespace hoshitori {

struct Organisation {
  int64_t id = 0;
  CorporateNumber corporate_number;
  std::string name;
  Industry industry;
  std::optional<int64_t> employees;
  std::optional<int64_t> capital_yen;
  std::string created_at;

  bool is_sme() const { return IsSme(industry.sector(), employees, capital_yen); }
};

struct AssessmentRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string framework_id;
  std::string scope;
  Attestation attestation;
  std::string created_at;
  std::string updated_at;
};

class Store {
 public:
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Opens the store named by `url`: "sqlite:PATH" or a plain file path (SQLite; the file is
  // created when missing). Applies pending migrations.
  static Result<std::unique_ptr<Store>> Open(const std::string& url);

  // The highest applied migration version.
  virtual Result<int> SchemaVersion() = 0;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // Organisations. AddOrganisation fails when the corporate number is already registered.
  virtual Result<Organisation> AddOrganisation(const Organisation& organisation) = 0;
  virtual Result<std::vector<Organisation>> ListOrganisations() = 0;
  virtual Result<std::optional<Organisation>> FindOrganisation(const CorporateNumber& number) = 0;
  virtual Result<std::optional<Organisation>> GetOrganisation(int64_t id) = 0;

  // Assessments. InsertAssessment returns the new id; the caller owns the transaction.
  virtual Result<int64_t> InsertAssessment(const AssessmentRecord& record) = 0;
  virtual Status InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer) = 0;
  virtual Result<std::vector<AssessmentRecord>> ListAssessments(std::optional<int64_t> org_id) = 0;
  virtual Result<std::optional<AssessmentRecord>> GetAssessment(int64_t id) = 0;
  virtual Result<std::vector<Answer>> LoadAnswers(int64_t assessment_id) = 0;

  // Streams every answer of every assessment of `framework_id`, ordered by assessment, as
  // (assessment_id, node_id, status, maturity or -1). For rebuilding in-memory engines.
  using AnswerRowSink =
      std::function<void(int64_t assessment_id, std::string_view node_id, AnswerStatus status,
                         int maturity)>;
  virtual Status ForEachAnswer(const std::string& framework_id, const AnswerRowSink& sink) = 0;

 protected:
  Store() = default;
};

// Begins on construction, rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Store& store) : store_(store), begun_(store.Begin()) {}
  ~Transaction() {
    if (begun_.ok() && !committed_) store_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const Status& begun() const { return begun_; }
  Status Commit() {
    Status status = store_.Commit();
    committed_ = status.ok();
    return status;
  }

 private:
  Store& store_;
  Status begun_;
  bool committed_ = false;
};

// Adds an assessment with its answers in one transaction. Returns the new id.
Result<int64_t> ImportAssessment(Store& store, const AssessmentRecord& record,
                                 const std::vector<Answer>& answers);

}  // namespace hoshitori
