#include "store/incident_reminder_repository.h"

namespace hoshitori {

Result<std::set<std::string>> IncidentReminderRepository::SentKeys(int64_t org_id,
                                                                   int64_t report_id) {
  std::set<std::string> keys;
  auto ran = session_.Execute(
      "cannot read the incident reminders sent",
      "SELECT dedupe_key FROM incident_deadline_reminders WHERE org_id = ? AND report_id = ?",
      SqlParams(org_id, report_id), [&](const SqlRow& row) { keys.insert(row.String(0)); });
  if (!ran) return ran.error();
  return keys;
}

Result<bool> IncidentReminderRepository::Record(const IncidentReminderRow& row) {
  auto inserted = session_.Execute(
      "cannot record the incident reminder",
      "INSERT INTO incident_deadline_reminders (org_id, report_id, duty_key, moment, due_at, "
      "dedupe_key, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, dedupe_key) DO "
      "NOTHING",
      SqlParams(row.org_id, row.report_id, row.duty_key, row.moment, row.due_at, row.dedupe_key,
                row.sent_at));
  if (!inserted) return inserted.error();
  return *inserted == 1;
}

Result<std::vector<IncidentReminderRow>> IncidentReminderRepository::ForReport(int64_t org_id,
                                                                               int64_t report_id) {
  return QueryAll<IncidentReminderRow>(
      session_, "cannot read the incident reminders sent",
      "SELECT org_id, report_id, duty_key, moment, due_at, dedupe_key, sent_at FROM "
      "incident_deadline_reminders WHERE org_id = ? AND report_id = ? ORDER BY id",
      SqlParams(org_id, report_id), [](const SqlRow& r) {
        return IncidentReminderRow{r.Int(0),    r.Int(1),    r.String(2), r.String(3),
                                   r.String(4), r.String(5), r.String(6)};
      });
}

}  // namespace hoshitori
