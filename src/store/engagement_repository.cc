#include "store/engagement_repository.h"

namespace hoshitori {

namespace {

constexpr const char* kEngagementColumns =
    "SELECT id, org_id, assessment_id, assessor_org_id, state, reason, requested_at, decided_by, "
    "decided_at, concluded_by, concluded_at FROM engagements ";

StoredEngagement EngagementOf(const SqlRow& r) {
  return StoredEngagement{r.Int(0),          r.Int(1),         r.Int(2),          r.Int(3),
                          r.String(4),       r.String(5),      r.String(6),       r.OptionalInt(7),
                          r.OptionalText(8), r.OptionalInt(9), r.OptionalText(10)};
}

constexpr const char* kFindingColumns =
    "SELECT f.engagement_id, f.criterion, f.version, f.org_id, f.verdict, f.comment, "
    "f.recorded_by, f.recorded_at, f.reply, f.replied_by, f.replied_at FROM engagement_findings f ";

StoredFinding FindingOf(const SqlRow& r) {
  return StoredFinding{r.Int(0),         r.String(1),       static_cast<int>(r.Int(2)),
                       r.Int(3),         r.String(4),       r.String(5),
                       r.Int(6),         r.String(7),       r.OptionalText(8),
                       r.OptionalInt(9), r.OptionalText(10)};
}

// Only the latest version of each criterion.
constexpr const char* kLatestOnly =
    "f.version = (SELECT MAX(l.version) FROM engagement_findings l "
    "WHERE l.engagement_id = f.engagement_id AND l.criterion = f.criterion)";

}  // namespace

Result<int64_t> EngagementRepository::Insert(const StoredEngagement& e) {
  return InsertReturningId(session_, "cannot store the engagement",
                           "INSERT INTO engagements (org_id, assessment_id, assessor_org_id, "
                           "state, reason, requested_at) "
                           "VALUES (?, ?, ?, 'requested', '', ?) RETURNING id",
                           SqlParams(e.org_id, e.assessment_id, e.assessor_org_id, e.requested_at));
}

Result<std::optional<StoredEngagement>> EngagementRepository::Get(int64_t id, bool lock) {
  return QueryFirst<StoredEngagement>(
      session_, "cannot read the engagement",
      std::string(kEngagementColumns) + "WHERE id = ?" + (lock ? "{{for_update}}" : ""),
      SqlParams(id), EngagementOf);
}

Result<std::optional<StoredEngagement>> EngagementRepository::Latest(int64_t assessment_id,
                                                                     bool lock) {
  // FOR UPDATE cannot go with ORDER BY ... LIMIT on every backend alike; the newest id is
  // found first and that row read (and locked) by its key.
  return QueryFirst<StoredEngagement>(
      session_, "cannot read the engagement of an assessment",
      std::string(kEngagementColumns) +
          "WHERE id = (SELECT MAX(id) FROM engagements WHERE assessment_id = ?)" +
          (lock ? "{{for_update}}" : ""),
      SqlParams(assessment_id), EngagementOf);
}

Result<std::vector<StoredEngagement>> EngagementRepository::ListOf(int64_t org_id, int limit) {
  return QueryAll<StoredEngagement>(
      session_, "cannot list the engagements",
      std::string(kEngagementColumns) +
          "WHERE org_id = ?1 OR assessor_org_id = ?1 ORDER BY id DESC LIMIT ?2",
      SqlParams(org_id, int64_t{limit}), EngagementOf);
}

Status EngagementRepository::SetState(int64_t id, const std::string& state,
                                      const std::string& reason, int64_t by, const std::string& at,
                                      bool decision) {
  const std::string what = "cannot change the engagement";
  return ExpectOneRowChanged(
      session_.Execute(what,
                       decision ? "UPDATE engagements SET state = ?, reason = ?, decided_by = ?, "
                                  "decided_at = ? WHERE id = ?"
                                : "UPDATE engagements SET state = ?, reason = ?, concluded_by = ?, "
                                  "concluded_at = ? WHERE id = ?",
                       SqlParams(state, reason, by, at, id)),
      what + ": it is no longer stored");
}

Result<int> EngagementRepository::AddFinding(StoredFinding finding) {
  int latest = 0;
  auto read = session_.Execute(
      "cannot read the findings",
      "SELECT COALESCE(MAX(version), 0) FROM engagement_findings WHERE engagement_id = ? AND "
      "criterion = ?",
      SqlParams(finding.engagement_id, finding.criterion),
      [&](const SqlRow& row) { latest = static_cast<int>(row.Int(0)); });
  if (!read) return read.error();
  finding.version = latest + 1;
  if (Status stored = ExecuteStatement(
          session_, "cannot store the finding",
          "INSERT INTO engagement_findings (engagement_id, criterion, version, org_id, verdict, "
          "comment, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          SqlParams(finding.engagement_id, finding.criterion, int64_t{finding.version},
                    finding.org_id, finding.verdict, finding.comment, finding.recorded_by,
                    finding.recorded_at));
      !stored) {
    return stored.error();
  }
  return finding.version;
}

Result<std::vector<StoredFinding>> EngagementRepository::Findings(int64_t engagement_id,
                                                                  bool history) {
  return QueryAll<StoredFinding>(session_, "cannot read the findings",
                                 std::string(kFindingColumns) + "WHERE f.engagement_id = ?" +
                                     (history ? "" : std::string(" AND ") + kLatestOnly) +
                                     " ORDER BY f.criterion, f.version",
                                 SqlParams(engagement_id), FindingOf);
}

Result<std::optional<StoredFinding>> EngagementRepository::LatestFinding(
    int64_t engagement_id, const std::string& criterion) {
  return QueryFirst<StoredFinding>(session_, "cannot read the finding",
                                   std::string(kFindingColumns) +
                                       "WHERE f.engagement_id = ? AND f.criterion = ? AND " +
                                       kLatestOnly,
                                   SqlParams(engagement_id, criterion), FindingOf);
}

Status EngagementRepository::Reply(int64_t engagement_id, const std::string& criterion, int version,
                                   const std::string& reply, int64_t by, const std::string& at) {
  const std::string what = "cannot store the reply";
  return ExpectOneRowChanged(
      session_.Execute(what,
                       "UPDATE engagement_findings SET reply = ?, replied_by = ?, replied_at = ? "
                       "WHERE engagement_id = ? AND criterion = ? AND version = ?",
                       SqlParams(reply, by, at, engagement_id, criterion, int64_t{version})),
      what + ": the finding is no longer stored");
}

}  // namespace hoshitori
