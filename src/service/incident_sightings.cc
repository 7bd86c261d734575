#include "service/incident_sightings.h"

#include "service/incident_publication.h"
#include "service/incident_service.h"

namespace hoshitori::service {
namespace {

Result<IncidentSightings> Count(SqlSession& sql, int64_t report_id, int64_t org_id) {
  IncidentSightings out;
  out.k = kIncidentDescriptionK;
  int64_t total = 0;
  auto counted = sql.Execute(
      "cannot count the sightings",
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN org_id = ? THEN 1 ELSE 0 END), 0) FROM "
      "incident_sightings WHERE report_id = ?",
      SqlParams(org_id, report_id), [&](const SqlRow& row) {
        total = row.Int(0);
        out.we_saw = row.Int(1) > 0;
      });
  if (!counted) return counted.error();
  if (total >= out.k) out.count = total;
  return out;
}

}  // namespace

Result<IncidentSightings> ReadSightings(Context& context, int64_t report_id) {
  TRY(IncidentService(context).ReadShared(report_id));
  return Count(context.store.Sql(), report_id, context.actor.principal->org_id);
}

Result<IncidentSightings> RecordSighting(Context& context, int64_t report_id) {
  TRY(IncidentService(context).ReadShared(report_id));
  const Principal p = *context.actor.principal;
  if (p.role != Role::kOrgAdmin && p.role != Role::kMember) {
    return Forbidden("組織の担当者だけが記録できます / only members of an organisation record this");
  }
  return InTransaction(context, [&]() -> Result<IncidentSightings> {
    SqlSession& sql = context.store.Sql();
    // Inside the transaction: the report must still be readable (not withdrawn meanwhile).
    TRY(IncidentService(context).ReadShared(report_id));
    int64_t owner = 0;
    auto read = sql.Execute("cannot read the incident report",
                            "SELECT org_id FROM incident_reports WHERE id = ?",
                            SqlParams(report_id), [&](const SqlRow& row) { owner = row.Int(0); });
    if (!read) return read.error();
    if (owner == p.org_id) {
      return Invalid("Own report / 自社の報告",
                     "自社の報告には「うちも見た」を記録できません / an organisation does not "
                     "record sightings of its own report");
    }
    auto added = sql.Execute(
        "cannot record the sighting",
        "INSERT INTO incident_sightings (report_id, org_id, user_id, created_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (report_id, org_id) DO NOTHING",
        SqlParams(report_id, p.org_id, p.user_id, context.clock.UtcNow()));
    if (!added) return added.error();
    TRY_ASSIGN(IncidentSightings counted, Count(sql, report_id, p.org_id));
    if (*added == 1) {
      TRY(Record(context, "incident.sighting", "incident_report/" + std::to_string(report_id)));
      // From k organisations on, the count goes to TAXII readers of the report too.
      if (counted.count) TRY(PublishSightings(context, report_id, *counted.count));
    }
    return counted;
  });
}

}  // namespace hoshitori::service
