#include "store/sharing_repository.h"

#include <iterator>
#include <tuple>

#include "store/assessment_repository.h"
#include "store/id_list.h"
#include "store/organisation_repository.h"

namespace hoshitori {

namespace {

constexpr const char* kShareColumns =
    "s.id, s.org_id, s.assessment_id, s.buyer_org_id, s.detail, s.request_id, s.created_at, "
    "s.expires_at, s.revoked_at";
const std::string kSelectShares = std::string("SELECT ") + kShareColumns + " FROM shares s";
const std::string kGetShare = kSelectShares + " WHERE s.id = ?";
const std::string kSharesByOwner = kSelectShares + " WHERE s.org_id = ? ORDER BY s.id";
const std::string kSharesForBuyer = kSelectShares + " WHERE s.buyer_org_id = ? ORDER BY s.id";
const std::string kSharesOfAssessment = kSelectShares + " WHERE s.assessment_id = ? ORDER BY s.id";

// Active shares to a buyer at a time, with the assessment (columns 9 on, kAssessmentColumnCount
// of them), the supplier (7 columns) and the stored result (3 columns, NULL when none).
// The active shares to one buyer joined with assessment, organisation and result; with
// `suppliers` > 0, of the assessments of the suppliers bound as that many parameters only.
std::string ActiveSharedAssessmentsSql(size_t suppliers) {
  std::string assessment_columns;
  std::string organisation_columns;
  for (const auto& [columns, alias, out] :
       {std::tuple{kAssessmentColumns, "a.", &assessment_columns},
        std::tuple{kOrganisationColumns, "o.", &organisation_columns}}) {
    const std::string_view list(columns);
    for (size_t start = 0; start < list.size();) {
      size_t end = list.find(", ", start);
      if (end == std::string_view::npos) end = list.size();
      if (!out->empty()) *out += ", ";
      *out += alias;
      out->append(list.substr(start, end - start));
      start = end + 2;
    }
  }
  return std::string("SELECT ") + kShareColumns + ", " + assessment_columns + ", " +
         organisation_columns +
         ", r.eligible_star, r.present_stars, r.evaluated_at "
         "FROM shares s JOIN assessments a ON a.id = s.assessment_id "
         "JOIN organisations o ON o.id = a.org_id "
         "LEFT JOIN assessment_results r ON r.assessment_id = a.id "
         "WHERE s.buyer_org_id = ? AND s.revoked_at IS NULL "
         "AND (s.expires_at IS NULL OR s.expires_at > ?) " +
         (suppliers ? "AND s.org_id IN (" + IdPlaceholders(suppliers) + ") " : "") +
         "ORDER BY s.id";
}
const std::string kActiveSharedAssessments = ActiveSharedAssessmentsSql(0);


Share ReadShare(const SqlRow& r) {
  Share s;
  s.id = r.Int(0);
  s.org_id = r.Int(1);
  s.assessment_id = r.Int(2);
  s.buyer_org_id = r.Int(3);
  s.detail = r.Text(4) == "details" ? ShareDetail::kDetails : ShareDetail::kLevel;
  s.request_id = r.OptionalInt(5);
  s.created_at = r.String(6);
  s.expires_at = r.OptionalText(7);
  s.revoked_at = r.OptionalText(8);
  return s;
}

SharedAssessment ReadSharedAssessment(const SqlRow& r) {
  constexpr int kOrganisationAt = 9 + kAssessmentColumnCount;
  constexpr int kResultAt = kOrganisationAt + 7;
  SharedAssessment out{ReadShare(r), ReadAssessment(r, 9), std::nullopt,
                       ReadOrganisation(r, kOrganisationAt)};
  if (!r.IsNull(kResultAt)) {
    out.result = AssessmentResult{out.record.id, static_cast<int>(r.Int(kResultAt)),
                                  static_cast<LevelTags>(r.Int(kResultAt + 1)), "",
                                  r.String(kResultAt + 2)};
  }
  return out;
}

constexpr const char* kSelectRequests =
    "SELECT id, org_id, supplier_org_id, framework_id, required_star, message, status, share_id, "
    "created_at FROM assessment_requests";
const std::string kGetRequest = std::string(kSelectRequests) + " WHERE id = ?";
const std::string kListRequests =
    std::string(kSelectRequests) + " WHERE org_id = ?1 OR supplier_org_id = ?1 ORDER BY id";

AssessmentRequest ReadRequest(const SqlRow& r) {
  AssessmentRequest q;
  q.id = r.Int(0);
  q.org_id = r.Int(1);
  q.supplier_org_id = r.Int(2);
  q.framework_id = r.String(3);
  if (auto star = r.OptionalInt(4)) q.required_star = static_cast<int>(*star);
  q.message = r.String(5);
  q.status = r.String(6);
  q.share_id = r.OptionalInt(7);
  q.created_at = r.String(8);
  return q;
}

}  // namespace

Result<int64_t> SharingRepository::AddShare(const Share& s) {
  return InsertReturningId(
      session_, "cannot add share",
      "INSERT INTO shares (org_id, assessment_id, buyer_org_id, detail, request_id, created_at, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      SqlParams(s.org_id, s.assessment_id, s.buyer_org_id,
                s.detail == ShareDetail::kDetails ? "details" : "level", s.request_id, s.created_at,
                s.expires_at));
}

Result<std::optional<Share>> SharingRepository::GetShare(int64_t id) {
  return QueryFirst<Share>(session_, "cannot read share", kGetShare, SqlParams(id), ReadShare);
}

Result<std::vector<Share>> SharingRepository::ListSharesByOwner(int64_t org_id) {
  return QueryAll<Share>(session_, "cannot list shares", kSharesByOwner, SqlParams(org_id),
                         ReadShare);
}

Result<std::vector<Share>> SharingRepository::ListSharesForBuyer(int64_t buyer_org_id) {
  return QueryAll<Share>(session_, "cannot list shares", kSharesForBuyer, SqlParams(buyer_org_id),
                         ReadShare);
}

Result<std::vector<Share>> SharingRepository::ListSharesOfAssessment(int64_t assessment_id) {
  return QueryAll<Share>(session_, "cannot list shares", kSharesOfAssessment,
                         SqlParams(assessment_id), ReadShare);
}

Status SharingRepository::RevokeShare(int64_t id, const std::string& at) {
  return ExecuteStatement(session_, "cannot revoke share",
                          "UPDATE shares SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                          SqlParams(at, id));
}

Result<std::vector<SharedAssessment>> SharingRepository::ListActiveSharedAssessments(
    int64_t buyer_org_id, const std::string& now) {
  return QueryAll<SharedAssessment>(session_, "cannot list shared assessments",
                                    kActiveSharedAssessments, SqlParams(buyer_org_id, now),
                                    ReadSharedAssessment);
}

Result<std::vector<SharedAssessment>> SharingRepository::ListActiveSharedAssessmentsFrom(
    int64_t buyer_org_id, int64_t supplier_org_id, const std::string& now) {
  return ListActiveSharedAssessmentsFrom(buyer_org_id, std::vector<int64_t>{supplier_org_id}, now);
}

Result<std::vector<SharedAssessment>> SharingRepository::ListActiveSharedAssessmentsFrom(
    int64_t buyer_org_id, const std::vector<int64_t>& supplier_org_ids, const std::string& now) {
  std::vector<SharedAssessment> out;
  for (const std::vector<int64_t>& chunk : IdListChunks(supplier_org_ids)) {
    SqlParams params(buyer_org_id, now);
    for (const int64_t id : chunk) params.Add(id);
    auto some = QueryAll<SharedAssessment>(session_, "cannot list shared assessments",
                                           ActiveSharedAssessmentsSql(chunk.size()), params,
                                           ReadSharedAssessment);
    if (!some) return some.error();
    std::move(some->begin(), some->end(), std::back_inserter(out));
  }
  return out;
}

Result<int64_t> SharingRepository::AddRequest(const AssessmentRequest& r) {
  return InsertReturningId(
      session_, "cannot add request",
      "INSERT INTO assessment_requests (org_id, supplier_org_id, framework_id, required_star, "
      "message, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      SqlParams(r.org_id, r.supplier_org_id, r.framework_id, r.required_star, r.message, r.status,
                r.created_at));
}

Result<std::optional<AssessmentRequest>> SharingRepository::GetRequest(int64_t id) {
  return QueryFirst<AssessmentRequest>(session_, "cannot read request", kGetRequest, SqlParams(id),
                                       ReadRequest);
}

Result<std::vector<AssessmentRequest>> SharingRepository::ListRequests(int64_t org_id) {
  return QueryAll<AssessmentRequest>(session_, "cannot list requests", kListRequests,
                                     SqlParams(org_id), ReadRequest);
}

Status SharingRepository::AnswerRequest(int64_t id, int64_t share_id) {
  return ExpectOneRowChanged(
      session_.Execute("cannot answer request",
                       "UPDATE assessment_requests SET status = 'answered', share_id = ? "
                       "WHERE id = ? AND status = 'open'",
                       SqlParams(share_id, id)),
      "the request is not open any more");
}

}  // namespace hoshitori
