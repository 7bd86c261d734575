#include "store/incident_repository.h"

#include <map>
#include <tuple>

#include "share/region.h"

namespace hoshitori {

namespace {

constexpr const char* kReportColumns =
    "SELECT id, org_id, created_by, status, title, answers, created_at, updated_at, approved_at, "
    "approved_by, shared_at, withdrawn_at, withdrawn_by FROM incident_reports ";

StoredIncidentReport ReportOf(const SqlRow& r) {
  return StoredIncidentReport{
      r.Int(0),           r.Int(1),           r.Int(2),         r.String(3),       r.String(4),
      r.String(5),        r.String(6),        r.String(7),      r.OptionalText(8), r.OptionalInt(9),
      r.OptionalText(10), r.OptionalText(11), r.OptionalInt(12)};
}

// The size band of an organisation's employee count (IncidentRepository::OrganisationShapes).
constexpr const char* kSizeBand =
    "(CASE WHEN employees IS NULL THEN '' WHEN employees <= 20 THEN '1-20' "
    "WHEN employees <= 50 THEN '21-50' WHEN employees <= 100 THEN '51-100' "
    "WHEN employees <= 300 THEN '101-300' WHEN employees <= 1000 THEN '301-1000' "
    "ELSE '1001+' END)";

}  // namespace

Result<int64_t> IncidentRepository::Insert(const StoredIncidentReport& r) {
  return InsertReturningId(
      session_, "cannot store the incident report",
      "INSERT INTO incident_reports (org_id, created_by, status, title, "
      "answers, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      SqlParams(r.org_id, r.created_by, r.status, r.title, r.answers, r.created_at, r.updated_at));
}

Result<std::optional<StoredIncidentReport>> IncidentRepository::Get(int64_t id, bool lock) {
  return QueryFirst<StoredIncidentReport>(
      session_, "cannot read the incident report",
      std::string(kReportColumns) + "WHERE id = ?" + (lock ? "{{for_update}}" : ""), SqlParams(id),
      ReportOf);
}

Result<std::vector<StoredIncidentReport>> IncidentRepository::ListOf(int64_t org_id, int limit) {
  return QueryAll<StoredIncidentReport>(
      session_, "cannot list the incident reports",
      std::string(kReportColumns) + "WHERE org_id = ? ORDER BY id DESC LIMIT ?",
      SqlParams(org_id, int64_t{limit}), ReportOf);
}

Result<std::vector<StoredIncidentReport>> IncidentRepository::ListOpenSince(
    const std::string& since, int limit) {
  return QueryAll<StoredIncidentReport>(
      session_, "cannot list the open incident reports",
      std::string(kReportColumns) +
          "WHERE created_at >= ? AND status <> 'withdrawn' ORDER BY id LIMIT ?",
      SqlParams(since, int64_t{limit}), ReportOf);
}

Status IncidentRepository::SaveAnswers(int64_t id, const std::string& title,
                                       const std::string& answers, const std::string& status,
                                       const std::string& at) {
  return ExpectOneRowChanged(
      session_.Execute("cannot store the incident report",
                       "UPDATE incident_reports SET title = ?, answers = ?, status = ?, "
                       "updated_at = ? WHERE id = ?",
                       SqlParams(title, answers, status, at, id)),
      "the incident report is gone");
}

Status IncidentRepository::SetApproved(int64_t id, const std::string& status, int64_t by,
                                       const std::string& at) {
  return ExpectOneRowChanged(
      session_.Execute("cannot approve the incident report",
                       "UPDATE incident_reports SET status = ?1, approved_at = ?2, "
                       "approved_by = ?3, shared_at = CASE WHEN ?1 = 'shared' THEN ?2 ELSE "
                       "shared_at END, updated_at = ?2 WHERE id = ?4",
                       SqlParams(status, at, by, id)),
      "the incident report is gone");
}

Status IncidentRepository::SetWithdrawn(int64_t id, int64_t by, const std::string& at) {
  return ExpectOneRowChanged(
      session_.Execute("cannot withdraw the incident report",
                       "UPDATE incident_reports SET status = 'withdrawn', withdrawn_at = ?, "
                       "withdrawn_by = ?, updated_at = ? WHERE id = ?",
                       SqlParams(at, by, at, id)),
      "the incident report is gone");
}

Status IncidentRepository::PutShare(const StoredIncidentShare& s) {
  auto removed =
      session_.Execute("cannot replace the shared part",
                       "DELETE FROM incident_shares WHERE report_id = ?", SqlParams(s.report_id));
  if (!removed) return removed.error();
  return ExecuteStatement(session_, "cannot store the shared part",
                          "INSERT INTO incident_shares (report_id, org_id, tlp, audience, "
                          "group_id, digest, content, approved_at, approved_by) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          SqlParams(s.report_id, s.org_id, s.tlp, s.audience, s.group_id, s.digest,
                                    s.content, s.approved_at, s.approved_by));
}

Result<std::optional<StoredIncidentShare>> IncidentRepository::Share(int64_t report_id) {
  return QueryFirst<StoredIncidentShare>(
      session_, "cannot read the shared part",
      "SELECT report_id, org_id, tlp, audience, group_id, digest, content, approved_at, "
      "approved_by, withdrawn_at FROM incident_shares WHERE report_id = ?",
      SqlParams(report_id), [](const SqlRow& r) {
        return StoredIncidentShare{r.Int(0),         r.Int(1),         r.String(2), r.String(3),
                                   r.OptionalInt(4), r.String(5),      r.String(6), r.String(7),
                                   r.Int(8),         r.OptionalText(9)};
      });
}

Status IncidentRepository::WithdrawShare(int64_t report_id, const std::string& at) {
  return ExecuteStatement(session_, "cannot withdraw the shared part",
                          "UPDATE incident_shares SET withdrawn_at = ? WHERE report_id = ?",
                          SqlParams(at, report_id));
}

Status IncidentRepository::ReplaceRecipients(
    int64_t report_id, const std::vector<StoredIncidentRecipient>& recipients) {
  if (Status removed = ExecuteStatement(session_, "cannot replace the recipients",
                                        "DELETE FROM incident_recipients WHERE report_id = ?",
                                        SqlParams(report_id));
      !removed) {
    return removed;
  }
  for (const StoredIncidentRecipient& r : recipients) {
    Status stored = ExecuteStatement(
        session_, "cannot store a recipient",
        "INSERT INTO incident_recipients (report_id, org_id, user_id, connectivity, warned_at) "
        "VALUES (?, ?, ?, ?, ?)",
        SqlParams(report_id, r.org_id, r.user_id, r.connectivity, r.warned_at));
    if (!stored) return stored;
  }
  return OkStatus();
}

Result<std::vector<StoredIncidentRecipient>> IncidentRepository::Recipients(int64_t report_id) {
  return QueryAll<StoredIncidentRecipient>(
      session_, "cannot read the recipients",
      "SELECT org_id, user_id, connectivity, warned_at FROM incident_recipients "
      "WHERE report_id = ? ORDER BY org_id, user_id",
      SqlParams(report_id), [](const SqlRow& r) {
        return StoredIncidentRecipient{r.Int(0), r.OptionalInt(1), r.String(2), r.String(3)};
      });
}

Result<std::vector<int64_t>> IncidentRepository::SharedWith(int64_t org_id, int64_t user_id,
                                                            const std::vector<int64_t>& groups,
                                                            const std::vector<int64_t>& client_of,
                                                            int limit) {
  SqlParams params(org_id, user_id);
  const auto list = [&params](const std::vector<int64_t>& ids) {
    std::string out = "0";  // ids are positive: 0 keeps an empty list valid SQL
    for (int64_t id : ids) {
      out += ", ?";
      params.Add(id);
    }
    return out;
  };
  std::string sql =
      "SELECT s.report_id FROM incident_shares s WHERE s.withdrawn_at IS NULL AND "
      "(s.report_id IN (SELECT c.report_id FROM incident_recipients c WHERE c.org_id = ? OR "
      "c.user_id = ?) OR s.group_id IN (" +
      list(groups) + ")";
  if (!client_of.empty()) {
    sql += " OR (s.tlp = 'amber' AND s.report_id IN (SELECT c.report_id FROM incident_recipients "
           "c WHERE c.org_id IN (" +
           list(client_of) + ")))";
  }
  sql += ") ORDER BY s.approved_at DESC, s.report_id DESC LIMIT ?";
  params.Add(int64_t{limit});
  return QueryAll<int64_t>(session_, "cannot list the shared incident reports", sql, params,
                           [](const SqlRow& r) { return r.Int(0); });
}

Result<std::vector<ConfirmedBuyer>> IncidentRepository::ConfirmedBuyers(int64_t supplier_id) {
  return QueryAll<ConfirmedBuyer>(
      session_, "cannot read the confirmed buyers",
      "SELECT o.id, o.name, o.corporate_number, MAX(CASE r.connectivity WHEN 'ot' THEN 5 "
      "WHEN 'vpn' THEN 4 WHEN 'portal' THEN 3 WHEN 'email' THEN 2 ELSE 1 END) AS closeness "
      "FROM relationships r JOIN organisations o ON o.id = r.buyer_id WHERE r.supplier_id = ? "
      "AND r.confirmed_at IS NOT NULL AND r.ended_at IS NULL GROUP BY o.id, o.name, "
      "o.corporate_number ORDER BY closeness DESC, o.name, o.id",
      SqlParams(supplier_id), [](const SqlRow& r) {
        static constexpr const char* kNames[] = {"none", "none", "email", "portal", "vpn", "ot"};
        const int64_t closeness = r.Int(3);
        return ConfirmedBuyer{r.Int(0), r.String(1), r.String(2),
                              kNames[closeness >= 1 && closeness <= 5 ? closeness : 1]};
      });
}

Result<std::vector<OrganisationUser>> IncidentRepository::UsersOf(int64_t org_id,
                                                                  bool admins_only) {
  return QueryAll<OrganisationUser>(
      session_, "cannot read the organisation's users",
      std::string("SELECT id, org_id, display_name, email, role FROM users WHERE org_id = ? AND "
                  "disabled_at IS NULL") +
          (admins_only ? " AND role = 'org_admin'" : "") + " ORDER BY id",
      SqlParams(org_id), [](const SqlRow& r) {
        return OrganisationUser{r.Int(0), r.Int(1), r.String(2), r.String(3), r.String(4)};
      });
}

Result<std::vector<std::pair<int64_t, std::string>>> IncidentRepository::GroupNames(
    const std::vector<int64_t>& ids) {
  std::string in_ids = "0";
  SqlParams params;
  for (int64_t id : ids) {
    in_ids += ", ?";
    params.Add(id);
  }
  return QueryAll<std::pair<int64_t, std::string>>(
      session_, "cannot read the sharing groups",
      "SELECT id, name FROM sharing_groups WHERE closed_at IS NULL AND id IN (" + in_ids +
          ") ORDER BY id",
      params, [](const SqlRow& r) { return std::make_pair(r.Int(0), r.String(1)); });
}

Result<std::vector<OrganisationShape>> IncidentRepository::OrganisationShapes() {
  // Counted per prefecture here, folded into regions below: the mapping lives in one place
  // (share/region.h).
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> counts;
  auto ran = session_.Execute(
      "cannot count the organisations",
      "SELECT substr(o.industry, 1, 1) AS major, " + std::string(kSizeBand) +
          " AS band, l.prefecture, COUNT(*) FROM organisations o LEFT JOIN organisation_locations "
          "l ON l.org_id = o.id GROUP BY substr(o.industry, 1, 1), " +
          kSizeBand + ", l.prefecture",
      SqlParams(), [&](const SqlRow& r) {
        const auto prefecture = r.OptionalText(2);
        const share::Region* region = prefecture ? share::RegionOfPrefecture(*prefecture) : nullptr;
        counts[{r.String(0), r.String(1), region ? std::string(region->ja) : ""}] += r.Int(3);
      });
  if (!ran) return ran.error();
  std::vector<OrganisationShape> out;
  out.reserve(counts.size());
  for (const auto& [shape, organisations] : counts) {
    const auto& [industry, size_band, region] = shape;
    out.push_back(OrganisationShape{industry, size_band, region, organisations});
  }
  return out;
}

}  // namespace hoshitori
