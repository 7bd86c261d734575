#include "store/carried_answer_repository.h"

namespace hoshitori {

namespace {

AssessmentProfile ProfileOf(const SqlRow& r) {
  AssessmentProfile profile;
  profile.assessment_id = r.Int(0);
  profile.org_id = r.Int(1);
  profile.name = r.String(2);
  if (!r.IsNull(3)) profile.target_star = static_cast<int>(r.Int(3));
  return profile;
}

constexpr const char* kProfileColumns =
    "SELECT assessment_id, org_id, name, target_star FROM assessment_profiles ";

}  // namespace

Status CarriedAnswerRepository::Put(const std::vector<StoredCarriedAnswer>& answers) {
  for (const StoredCarriedAnswer& a : answers) {
    auto ran = session_.Execute(
        "cannot store the carried-over answer",
        "INSERT INTO carried_answers (assessment_id, org_id, node_id, status, choice, "
        "source_assessment_id, source_framework, provenance) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (assessment_id, node_id) DO UPDATE SET status = excluded.status, "
        "choice = excluded.choice, source_assessment_id = excluded.source_assessment_id, "
        "source_framework = excluded.source_framework, provenance = excluded.provenance",
        SqlParams(a.assessment_id, a.org_id, a.node_id, a.status, a.choice, a.source_assessment_id,
                  a.source_framework, a.provenance));
    if (!ran) return ran.error();
  }
  return OkStatus();
}

Result<std::vector<StoredCarriedAnswer>> CarriedAnswerRepository::List(int64_t assessment_id) {
  std::vector<StoredCarriedAnswer> out;
  auto ran = session_.Execute(
      "cannot read the carried-over answers",
      "SELECT assessment_id, org_id, node_id, status, choice, source_assessment_id, "
      "source_framework, provenance FROM carried_answers WHERE assessment_id = ? ORDER BY node_id",
      SqlParams(assessment_id), [&](const SqlRow& r) {
        out.push_back(StoredCarriedAnswer{r.Int(0), r.Int(1), r.String(2), r.String(3), r.String(4),
                                          r.Int(5), r.String(6), r.String(7)});
      });
  if (!ran) return ran.error();
  return out;
}

Result<int64_t> CarriedAnswerRepository::Remove(int64_t assessment_id,
                                                const std::vector<std::string>& node_ids) {
  int64_t removed = 0;
  for (const std::string& node_id : node_ids) {
    auto one =
        session_.Execute("cannot delete the carried-over answer",
                         "DELETE FROM carried_answers WHERE assessment_id = ? AND node_id = ?",
                         SqlParams(assessment_id, node_id));
    if (!one) return one.error();
    removed += *one;
  }
  return removed;
}

Status CarriedAnswerRepository::RemoveAll(int64_t assessment_id) {
  auto ran = session_.Execute("cannot delete the carried-over answers",
                              "DELETE FROM carried_answers WHERE assessment_id = ?",
                              SqlParams(assessment_id));
  if (!ran) return ran.error();
  return OkStatus();
}

Status CarriedAnswerRepository::PutProfile(const AssessmentProfile& p) {
  auto ran = session_.Execute(
      "cannot store the assessment's name",
      "INSERT INTO assessment_profiles (assessment_id, org_id, name, target_star) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET name = excluded.name, "
      "target_star = excluded.target_star",
      SqlParams(p.assessment_id, p.org_id, p.name,
                p.target_star ? std::optional<int64_t>(*p.target_star) : std::nullopt));
  if (!ran) return ran.error();
  return OkStatus();
}

Result<std::optional<AssessmentProfile>> CarriedAnswerRepository::Profile(int64_t assessment_id) {
  std::optional<AssessmentProfile> out;
  auto ran = session_.Execute(
      "cannot read the assessment's name", std::string(kProfileColumns) + "WHERE assessment_id = ?",
      SqlParams(assessment_id), [&](const SqlRow& r) { out = ProfileOf(r); });
  if (!ran) return ran.error();
  return out;
}

Result<std::map<int64_t, AssessmentProfile>> CarriedAnswerRepository::Profiles(int64_t org_id) {
  std::map<int64_t, AssessmentProfile> out;
  auto ran = session_.Execute("cannot read the assessments' names",
                              std::string(kProfileColumns) + "WHERE org_id = ?", SqlParams(org_id),
                              [&](const SqlRow& r) {
                                AssessmentProfile p = ProfileOf(r);
                                out[p.assessment_id] = std::move(p);
                              });
  if (!ran) return ran.error();
  return out;
}

}  // namespace hoshitori
