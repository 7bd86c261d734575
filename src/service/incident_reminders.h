// Reminders of incident deadlines (issue 16, "reminders before each deadline"): the
// notification duties of an organisation's own open incident reports (share/deadlines.h)
// reach its inbox and its members' e-mail a day before each deadline and again when it
// passes, once each; a duty without a clock ("without delay") is reminded once.
//
// The incident reports are stored by another part of issue 16 (migration 022); this file
// takes what it needs as values (OpenIncidentDuties), so whoever reads the reports passes
// their open duties in. Posting records each reminder in incident_deadline_reminders
// (migration 023) and in the inbox (dedupe key "incident_deadline:<report>:<duty>:<moment>:
// <due>"), so running the job again, on another node or every hour sends nothing twice; a
// deadline that moves (the detection time corrected) is a new deadline and is reminded again.
//
// Hour-long clocks (a buyer's 12 hours, NIS2's 24 hours) need the job to run more often than
// once a day to be reminded in time; PostDeadlineReminders is idempotent and cheap to call
// every few minutes.
#pragma once

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "notify/notification.h"
#include "service/context.h"
#include "share/deadlines.h"

namespace hoshitori::service {

// One open incident report of one organisation and the duties not yet marked done.
struct OpenIncidentDuties {
  int64_t org_id = 0;  // the reporting organisation (the reminders' recipient)
  int64_t report_id = 0;
  std::string report_label;  // what the reminder calls the report, e.g. its title or "#12"
  std::string link;          // the report's page, a path ("/incidents/12")
  std::vector<share::Duty> duties;
};

enum class ReminderMoment {
  kNow,     // a duty without a clock: once
  kBefore,  // share::kDueSoonWindow before the deadline
  kDue,     // at the deadline
};
std::string_view ReminderMomentName(ReminderMoment moment);  // "now", "before", "due"

// One reminder to post.
struct PlannedReminder {
  int64_t org_id = 0;
  int64_t report_id = 0;
  std::string report_label;
  std::string link;
  share::Duty duty;
  ReminderMoment moment = ReminderMoment::kNow;
  std::string dedupe_key;
};

// The reminders due at `now` that are not in `already_sent` (dedupe keys), in the order of
// `open` and of each report's duties. Per duty: without a clock, kNow; with one, kDue once
// the deadline has passed, else kBefore once it is within share::kDueSoonWindow, else
// nothing. A kBefore that was never sent is not sent after the deadline (kDue says more).
// Pure and deterministic.
std::vector<PlannedReminder> PlanDeadlineReminders(const std::vector<OpenIncidentDuties>& open,
                                                   std::chrono::sys_seconds now,
                                                   const std::set<std::string>& already_sent);

// The inbox notification of one reminder (kind incident_deadline, texts in both languages).
notify::Notification DeadlineNotification(const PlannedReminder& reminder);

// Bounds on one call (more is kInvalid: the caller pages its reports).
inline constexpr size_t kMaxOpenIncidentReports = 1000;
inline constexpr size_t kMaxDutiesPerReport = 200;

// Posts the reminders due at the clock's now for `open`, in one transaction: each one an
// inbox entry (with the e-mails of service/inbox_service.h) and a row of
// incident_deadline_reminders. Returns how many were posted. kForbidden unless the caller is
// the operator (the reminder job); kInvalid beyond the bounds above or for a report with
// org_id or report_id <= 0; kNotFound when an organisation does not exist; the store's
// error otherwise (then nothing is posted).
Result<int> PostDeadlineReminders(Context& context, const std::vector<OpenIncidentDuties>& open);

}  // namespace hoshitori::service
