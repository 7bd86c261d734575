#include "store/assessment_repository.h"

#include "store/row_values.h"

namespace hoshitori {

namespace {

const std::string kSelectAssessments =
    std::string("SELECT ") + kAssessmentColumns + " FROM assessments";
const std::string kListAssessments = kSelectAssessments + " ORDER BY id";
const std::string kListAssessmentsOf = kSelectAssessments + " WHERE org_id = ? ORDER BY id";
const std::string kGetAssessment = kSelectAssessments + " WHERE id = ?";
const std::string kLockAssessment = kGetAssessment + "{{for_update}}";

// What every change of an assessment or its answers sets, bound to now: the one place the
// version (the assessment's ETag) is raised.
constexpr const char* kRaiseVersion = "updated_at = ?, version = version + 1";
const std::string kTouchAssessment =
    std::string("UPDATE assessments SET ") + kRaiseVersion + " WHERE id = ?";
const std::string kUpdateAttestation =
    std::string(
        "UPDATE assessments SET status = ?, attestation = ?, management_declaration = ?, "
        "valid_from = ?, valid_until = ?, suspended = ?, ") +
    kRaiseVersion + " WHERE id = ?";

const SqlTable kAnswersTable{
    "answers",
    {"assessment_id", "org_id", "node_id", "status", "maturity", "choice", "comment", "evidence"},
    {},
    "cannot save answers",
    "cannot save the answer to "};

std::string JoinEvidence(const std::vector<std::string>& evidence) {
  std::string joined;
  for (const std::string& e : evidence) {
    if (!joined.empty()) joined += ';';
    joined += e;
  }
  return joined;
}

std::vector<std::string> SplitEvidence(std::string_view evidence) {
  std::vector<std::string> out;
  for (size_t start = 0; start < evidence.size();) {
    size_t end = evidence.find(';', start);
    if (end == std::string_view::npos) end = evidence.size();
    out.emplace_back(evidence.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

AssessmentRecord ReadOne(const SqlRow& row) { return ReadAssessment(row); }

}  // namespace

AssessmentRecord ReadAssessment(const SqlRow& row, int at) {
  AssessmentRecord a;
  a.id = row.Int(at);
  a.org_id = row.Int(at + 1);
  a.framework_id = row.String(at + 2);
  a.scope = row.String(at + 3);
  a.attestation.status = ParseAssessmentStatus(row.Text(at + 4)).value_or(AssessmentStatus::kDraft);
  a.attestation.kind = ParseAttestationKind(row.Text(at + 5)).value_or(AttestationKind::kSelf);
  a.attestation.management_declaration = row.Int(at + 6) != 0;
  a.attestation.valid_from = DateColumn(row, at + 7);
  a.attestation.valid_until = DateColumn(row, at + 8);
  a.created_at = row.String(at + 9);
  a.updated_at = row.String(at + 10);
  a.version = row.Int(at + 11);
  a.assessor_org_id = row.OptionalInt(at + 12);
  a.submitted_at = row.OptionalText(at + 13);
  a.attestation.suspended = row.Int(at + 14) != 0;
  return a;
}

Result<int64_t> AssessmentRepository::Insert(const AssessmentRecord& record) {
  return InsertReturningId(
      session_, "cannot add assessment",
      "INSERT INTO assessments (org_id, framework_id, scope, status, attestation, "
      "management_declaration, valid_from, valid_until, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id",
      SqlParams(record.org_id, record.framework_id, record.scope,
                AssessmentStatusName(record.attestation.status),
                AttestationKindName(record.attestation.kind),
                record.attestation.management_declaration ? 1 : 0,
                DateParam(record.attestation.valid_from), DateParam(record.attestation.valid_until),
                UtcNow()));
}

Status AssessmentRepository::InsertAnswer(int64_t assessment_id, int64_t org_id,
                                          const Answer& answer) {
  SqlParams row(assessment_id, org_id, answer.node_id, AnswerStatusName(answer.status),
                answer.maturity,
                answer.choice.empty() ? std::nullopt : std::optional<std::string>(answer.choice),
                answer.comment, JoinEvidence(answer.evidence));
  return session_.Append(kAnswersTable, std::move(row), answer.node_id);
}

Result<std::vector<AssessmentRecord>> AssessmentRepository::List(std::optional<int64_t> org_id) {
  if (org_id) {
    return QueryAll<AssessmentRecord>(session_, "cannot list assessments", kListAssessmentsOf,
                                      SqlParams(*org_id), ReadOne);
  }
  return QueryAll<AssessmentRecord>(session_, "cannot list assessments", kListAssessments,
                                    SqlParams(), ReadOne);
}

Result<std::optional<AssessmentRecord>> AssessmentRepository::Get(int64_t id) {
  return QueryFirst<AssessmentRecord>(session_, "cannot read assessment", kGetAssessment,
                                      SqlParams(id), ReadOne);
}

Result<std::optional<AssessmentRecord>> AssessmentRepository::Lock(int64_t id) {
  return QueryFirst<AssessmentRecord>(session_, "cannot read assessment", kLockAssessment,
                                      SqlParams(id), ReadOne);
}

Result<std::vector<Answer>> AssessmentRepository::LoadAnswers(int64_t assessment_id) {
  return QueryAll<Answer>(
      session_, "cannot read answers",
      "SELECT node_id, status, maturity, choice, comment, evidence FROM answers "
      "WHERE assessment_id = ? ORDER BY node_id",
      SqlParams(assessment_id), [](const SqlRow& row) {
        Answer a;
        a.node_id = row.String(0);
        a.status = ParseAnswerStatus(row.Text(1)).value_or(AnswerStatus::kUnknown);
        if (auto m = row.OptionalInt(2)) a.maturity = static_cast<int>(*m);
        a.choice = row.String(3);
        a.comment = row.String(4);
        a.evidence = SplitEvidence(row.Text(5));
        return a;
      });
}

Status AssessmentRepository::ForEachAnswer(const std::string& framework_id,
                                           const Store::AnswerRowSink& sink) {
  return session_.Stream(
      "cannot read answers",
      "SELECT a.assessment_id, a.node_id, a.status, a.maturity FROM answers a "
      "JOIN assessments s ON s.id = a.assessment_id WHERE s.framework_id = ? "
      "ORDER BY a.assessment_id",
      SqlParams(framework_id), [&](const SqlRow& row) {
        const auto status = ParseAnswerStatus(row.Text(2)).value_or(AnswerStatus::kUnknown);
        sink(row.Int(0), row.Text(1), status, row.IsNull(3) ? -1 : static_cast<int>(row.Int(3)));
      });
}

Status AssessmentRepository::RaiseVersion(int64_t assessment_id) {
  return ExecuteStatement(session_, "cannot update assessment", kTouchAssessment,
                          SqlParams(UtcNow(), assessment_id));
}

Status AssessmentRepository::UpdateAttestation(int64_t id, const Attestation& a) {
  return ExecuteStatement(session_, "cannot update assessment", kUpdateAttestation,
                          SqlParams(AssessmentStatusName(a.status), AttestationKindName(a.kind),
                                    a.management_declaration ? 1 : 0, DateParam(a.valid_from),
                                    DateParam(a.valid_until), a.suspended ? 1 : 0, UtcNow(), id));
}

Status AssessmentRepository::ReplaceAnswers(int64_t assessment_id, int64_t org_id,
                                            const std::vector<Answer>& answers) {
  if (Status s =
          ExecuteStatement(session_, "cannot replace answers",
                           "DELETE FROM answers WHERE assessment_id = ?", SqlParams(assessment_id));
      !s) {
    return s;
  }
  for (const Answer& answer : answers) {
    if (Status s = InsertAnswer(assessment_id, org_id, answer); !s) return s;
  }
  return RaiseVersion(assessment_id);
}

Status AssessmentRepository::UpsertAnswers(int64_t assessment_id, int64_t org_id,
                                           const std::vector<Answer>& answers) {
  for (const Answer& answer : answers) {
    if (Status s = ExecuteStatement(session_, "cannot save answers",
                                    "DELETE FROM answers WHERE assessment_id = ? AND node_id = ?",
                                    SqlParams(assessment_id, answer.node_id));
        !s) {
      return s;
    }
    if (Status s = InsertAnswer(assessment_id, org_id, answer); !s) return s;
  }
  return RaiseVersion(assessment_id);
}

Status AssessmentRepository::RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id,
                                              const std::string& at) {
  return ExecuteStatement(
      session_, "cannot record the submission",
      "UPDATE assessments SET assessor_org_id = ?, submitted_at = ? WHERE id = ?",
      SqlParams(assessor_org_id, at, id));
}

Status AssessmentRepository::PutResult(const AssessmentResult& r) {
  // The result and its category rows are written together: in the caller's transaction, or
  // in one of their own.
  const bool own = !session_.in_transaction();
  if (own) {
    if (Status begun = session_.Begin(); !begun) return begun;
  }
  Status stored = ExecuteStatement(
      session_, "cannot store the assessment result",
      "INSERT INTO assessment_results (assessment_id, eligible_star, present_stars, evaluation, "
      "evaluated_at, catalog_digest) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET "
      "eligible_star = excluded.eligible_star, present_stars = excluded.present_stars, "
      "evaluation = excluded.evaluation, evaluated_at = excluded.evaluated_at, "
      "catalog_digest = excluded.catalog_digest",
      SqlParams(r.assessment_id, r.eligible_star, static_cast<int64_t>(r.present_stars),
                r.evaluation, r.evaluated_at, r.catalog_digest));
  // The category rows are replaced with the result (the caller's transaction holds both).
  if (stored) {
    stored = ExecuteStatement(session_, "cannot store the assessment result",
                              "DELETE FROM assessment_result_categories WHERE assessment_id = ?",
                              SqlParams(r.assessment_id));
  }
  for (size_t i = 0; stored && i < r.categories.size(); ++i) {
    const CategoryResult& c = r.categories[i];
    stored = ExecuteStatement(session_, "cannot store the assessment result",
                              "INSERT INTO assessment_result_categories (assessment_id, position, "
                              "category, coverage, maturity) VALUES (?, ?, ?, ?, ?)",
                              SqlParams(r.assessment_id, static_cast<int64_t>(i), c.category,
                                        c.coverage, c.maturity));
  }
  if (own) {
    if (stored) stored = session_.Commit();
    if (!stored) session_.Rollback();
  }
  return stored;
}

Result<std::optional<AssessmentResult>> AssessmentRepository::GetResult(int64_t assessment_id) {
  auto result = QueryFirst<AssessmentResult>(
      session_, "cannot read the assessment result",
      "SELECT assessment_id, eligible_star, present_stars, evaluation, evaluated_at, catalog_digest "
      "FROM assessment_results WHERE assessment_id = ?",
      SqlParams(assessment_id), [](const SqlRow& row) {
        return AssessmentResult{row.Int(0),    static_cast<int>(row.Int(1)), static_cast<LevelTags>(row.Int(2)),
                                row.String(3), row.String(4),                row.String(5)};
      });
  if (!result || !*result) return result;
  auto categories = QueryAll<CategoryResult>(
      session_, "cannot read the assessment result",
      "SELECT category, coverage, maturity FROM assessment_result_categories "
      "WHERE assessment_id = ? ORDER BY position",
      SqlParams(assessment_id),
      [](const SqlRow& row) { return CategoryResult{row.String(0), row.Real(1), row.Real(2)}; });
  if (!categories) return categories.error();
  (*result)->categories = std::move(*categories);
  return result;
}

Result<std::vector<LatestCategoryResults>> AssessmentRepository::LatestCategories(
    const std::string& framework_id, char industry_major) {
  // The latest assessment per organisation that is neither a draft nor revoked, joined with
  // its result's category rows (in assessment, then category order).
  std::vector<LatestCategoryResults> out;
  const auto read = session_.Execute(
      "cannot read industry results",
      "SELECT a.org_id, a.id, c.category, c.coverage, c.maturity FROM assessments a "
      "JOIN organisations o ON o.id = a.org_id "
      "JOIN assessment_result_categories c ON c.assessment_id = a.id "
      "WHERE a.framework_id = ? AND substr(o.industry, 1, 1) = ? "
      "AND a.id = (SELECT MAX(l.id) FROM assessments l WHERE l.org_id = a.org_id "
      "AND l.framework_id = a.framework_id AND l.status NOT IN ('draft', 'revoked')) "
      "ORDER BY a.id, c.position",
      SqlParams(framework_id, std::string(1, industry_major)), [&](const SqlRow& row) {
        if (out.empty() || out.back().assessment_id != row.Int(1)) {
          out.push_back(LatestCategoryResults{row.Int(0), row.Int(1), {}});
        }
        out.back().categories.push_back(CategoryResult{row.String(2), row.Real(3), row.Real(4)});
      });
  if (!read) return read.error();
  return out;
}

Result<std::vector<ResultStamp>> AssessmentRepository::ResultStamps() {
  return QueryAll<ResultStamp>(session_, "cannot list stored results",
                               "SELECT r.assessment_id, a.framework_id, r.catalog_digest FROM assessment_results r "
                               "JOIN assessments a ON a.id = r.assessment_id ORDER BY r.assessment_id",
                               SqlParams(), [](const SqlRow& row) {
                                 return ResultStamp{row.Int(0), row.String(1), row.String(2)};
                               });
}

Result<std::vector<int64_t>> AssessmentRepository::WithoutResult() {
  return QueryAll<int64_t>(session_, "cannot list assessments without results",
                           "SELECT a.id FROM assessments a LEFT JOIN assessment_results r ON "
                           "r.assessment_id = a.id WHERE r.assessment_id IS NULL ORDER BY a.id",
                           SqlParams(), [](const SqlRow& row) { return row.Int(0); });
}

}  // namespace hoshitori
