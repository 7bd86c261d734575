// ReminderService: the daily reminder job (issue 15, "Notifications") — a request's deadline
// approaching (kDeadlineApproaching, to the supplier that has not answered) and a level about
// to expire (kLevelExpiring, to the organisation holding it), posted through the inbox and the
// e-mail outbox (service/inbox_service.h).
//
// Idempotent: every reminder carries a dedupe key naming the event and its date
// ("level_expiring:<assessment>:<valid_until>", "deadline_approaching:<request>:<deadline>"),
// so running the job twice, or on two nodes, or on every day of the window, sends each
// reminder once; a renewed validity or a moved deadline is a new event and is reminded again.
//
// Run by `hoshitori serve` once a day (ReminderLoop) and on demand by operators and tests
// (`hoshitori notify run-reminders [--today YYYY-MM-DD]`). Operator use case only.
//
// The deadline reminders need the requests' deadline column (store/reminder_repository.h);
// they run in a transaction of their own, so that their failure leaves the level reminders
// posted and is reported in ReminderRun::deadline_error.
//
// Not thread-safe: one per Context.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/date.h"
#include "service/context.h"

namespace hoshitori::service {

// A level is reminded from this many days before its last valid day (and on that day).
inline constexpr int kLevelExpiryReminderDays = 30;
// A request's deadline is reminded from this many days before it (and on the day).
inline constexpr int kDeadlineReminderDays = 7;

struct ReminderRun {
  std::string today;             // YYYY-MM-DD the job ran for
  int level_expiring = 0;        // reminders offered to the inbox (repeats are dropped there)
  int deadline_approaching = 0;  // the same for deadlines
  std::optional<std::string> deadline_error;  // why the deadline reminders could not run
  int incident_deadlines = 0;  // incident deadline reminders posted (incident_deadlines.h)
  std::optional<std::string> incident_error;  // why they could not run
};

class ReminderService {
 public:
  explicit ReminderService(Context& context) : context_(context) {}

  // Posts the reminders due on `today`. kForbidden unless the caller is the operator; the
  // store's error when the level reminders cannot be read or posted.
  Result<ReminderRun> Run(const Date& today);

 private:
  Context& context_;
};

class Runtime;

// The job once a day while `serve` runs: a thread that runs ReminderService as the operator
// when it starts and then whenever the runtime's clock shows a day it has not run for,
// looking every `interval`. Incident deadlines have clocks in hours, so their reminders
// (RemindIncidentDeadlines, idempotent) are posted at every look, not once a day. A failed run is
// logged to standard error and tried again at the next look. Every node of a database may run it:
// the dedupe keys keep reminders single.
class ReminderLoop {
 public:
  // Starts the thread; `runtime` must outlive the loop.
  static std::unique_ptr<ReminderLoop> Start(Runtime& runtime, std::chrono::milliseconds interval);
  // Stops the thread after the run in progress (if any).
  ~ReminderLoop();
  ReminderLoop(const ReminderLoop&) = delete;
  ReminderLoop& operator=(const ReminderLoop&) = delete;

 private:
  explicit ReminderLoop(Runtime& runtime) : runtime_(runtime) {}
  void Loop(std::chrono::milliseconds interval);

  Runtime& runtime_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hoshitori::service
