// The notification duties of incident reports (issue 16, "Deadlines and who to tell"): a
// report's answers read as share::IncidentFacts, the duties the regime files give for them
// (share/deadlines.h), and the daily reminders of every open report's duties
// (service/incident_reminders.h).
//
// Read from the answers: personal data involved ("yes"), the number of people (over 1,000 or
// not), unauthorised access (the kinds ransomware and unauthorised_access: both are intrusions
// with intent), ransomware, the critical-infrastructure sector (a sector id of the regime
// files, or its Japanese or English name as typed; anything else is no sector), EU customers,
// and the buyers whose contracts require notice (each with the hours recorded on its
// relationship with the reporter, service/notice_terms_service.h; without them the regime's
// default applies). The clock starts at the detection
// time the reporter wrote, read as Japan time (a date alone: its first minute); without one, at
// the report's creation.
//
// The regimes are read once per process from share::FindRegimeDirectory(); a broken
// directory is an error of every call (kInvalid or kNotFound with the loader's text).
#pragma once

#include <chrono>
#include <vector>

#include "service/context.h"
#include "service/incident_reminders.h"
#include "service/incident_service.h"
#include "share/deadlines.h"

namespace hoshitori::service {

// The regimes (loaded on first use, then shared; thread-safe).
Result<const std::vector<share::Regime>*> IncidentRegimes();

// The facts of `report` at `now`; `buyer_names` names the buyers of answers.notice_buyers.
Result<share::IncidentFacts> IncidentFactsOf(const IncidentReport& report,
                                             const std::vector<share::BuyerNotice>& buyers,
                                             std::chrono::sys_seconds now);

// The duties of report `id` at the clock's now, for the reporter's members and admins
// (IncidentService::Get's authorisation; kNotFound for anyone else).
Result<std::vector<share::Duty>> IncidentDuties(Context& context, int64_t id);

// Posts the deadline reminders due now for every report detected within the last
// kIncidentReminderDays that is not withdrawn (the operator's daily job). Returns how many
// were posted.
inline constexpr int kIncidentReminderDays = 90;
Result<int> RemindIncidentDeadlines(Context& context);

}  // namespace hoshitori::service
