// IncidentReminderRepository: the reminders of incident deadlines already posted (migration
// 023, service/incident_reminders.h), over one SqlSession.
//
// Not thread-safe: one per session, like the session.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

// One reminder posted.
struct IncidentReminderRow {
  int64_t org_id = 0;
  int64_t report_id = 0;
  std::string duty_key;
  std::string moment;  // "now", "before", "due"
  std::string due_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ", or "" for a duty without a clock
  std::string dedupe_key;
  std::string sent_at;  // UTC
};

class IncidentReminderRepository {
 public:
  explicit IncidentReminderRepository(SqlSession& session) : session_(session) {}

  // The dedupe keys of the reminders posted to organisation `org_id` for report `report_id`.
  Result<std::set<std::string>> SentKeys(int64_t org_id, int64_t report_id);
  // Records `row`; false (and nothing written) when the organisation already has a row with
  // the same dedupe key.
  Result<bool> Record(const IncidentReminderRow& row);
  // The reminders posted for one report of one organisation, oldest first.
  Result<std::vector<IncidentReminderRow>> ForReport(int64_t org_id, int64_t report_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
