#include "service/reminder_service.h"

#include <iostream>

#include "service/results.h"
#include "assess/star_level.h"
#include "service/chain_service.h"
#include "service/change_report.h"
#include "service/digest_service.h"
#include "service/inbox_service.h"
#include "service/incident_deadlines.h"
#include "service/runtime.h"
#include "store/reminder_repository.h"

namespace hoshitori::service {

namespace {

Date DaysAfter(const Date& date, int days) {
  return Date(std::chrono::sys_days(date) + std::chrono::days(days));
}

}  // namespace

Result<ReminderRun> ReminderService::Run(const Date& today) {
  TRY(AllowOperator(context_));
  ReminderRun run;
  run.today = FormatDate(today);

  // Levels: the level held today (the attestation's rules applied to the stored result), when
  // its effective last day falls within the window.
  const Date last = DaysAfter(today, kLevelExpiryReminderDays);
  const std::string level_until = FormatDate(last);
  // A validity without an end date ends the day before the anniversary of its start (one year
  // for ★3's expert confirmation, three for a third-party evaluation): one day of slack each
  // side, the attestation's rules decide below.
  ReminderRepository::Window window;
  window.from = run.today;
  window.to = level_until;
  window.expert_from = FormatDate(DaysAfter(AddYears(today, -1), -1));
  window.expert_to = FormatDate(DaysAfter(AddYears(last, -1), 2));
  window.third_party_from = FormatDate(DaysAfter(AddYears(today, -3), -1));
  window.third_party_to = FormatDate(DaysAfter(AddYears(last, -3), 2));
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const auto expiring,
               ReminderRepository(context_.store.Sql()).ExpiringAssessments(window));
    for (const ExpiringAssessmentRow& row : expiring) {
      TRY_ASSIGN(const auto record, context_.store.GetAssessment(row.id));
      if (!record) continue;
      TRY_ASSIGN(const AssessmentResult result,
                 StoredResult(context_.store, context_.catalog, *record));
      const HeldLevel held = DetermineHeldLevel(result.eligible_star, result.present_stars,
                                                record->attestation, today);
      if (held.star == 0 || !held.valid_until) continue;
      const std::string valid_until = FormatDate(*held.valid_until);
      if (valid_until < run.today || valid_until > level_until) continue;
      notify::Notification n;
      n.kind = notify::NotificationKind::kLevelExpiring;
      n.recipient_org_id = row.org_id;
      n.dedupe_key = "level_expiring:" + std::to_string(row.id) + ":" + valid_until;
      n.link = "/assessments/" + std::to_string(row.id);
      n.params = {{"assessment", "#" + std::to_string(row.id)},
                  {"level", "★" + std::to_string(held.star)},
                  {"valid_until", valid_until}};
      TRY(Notify(context_, n));
      ++run.level_expiring;
    }
    return OkStatus();
  }));

  // Deadlines: open requests due within the window, to the supplier asked.
  const std::string deadline_until = FormatDate(DaysAfter(today, kDeadlineReminderDays));
  int deadlines = 0;
  const Status due = InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const auto requests,
               ReminderRepository(context_.store.Sql()).DueRequests(run.today, deadline_until));
    for (const DueRequestRow& row : requests) {
      notify::Notification n;
      n.kind = notify::NotificationKind::kDeadlineApproaching;
      n.recipient_org_id = row.supplier_org_id;
      n.dedupe_key = "deadline_approaching:" + std::to_string(row.id) + ":" + row.deadline;
      n.link = "/shares";
      TRY_ASSIGN(const auto buyer, context_.store.GetOrganisation(row.buyer_org_id));
      n.params["buyer"] = buyer ? buyer->name : "#" + std::to_string(row.buyer_org_id);
      if (const Framework* framework = context_.catalog.FindFramework(row.framework_id)) {
        n.params["framework_ja"] = framework->name.In("ja");
        n.params["framework_en"] = framework->name.In("en");
      } else {
        n.params["framework"] = row.framework_id;
      }
      n.params["deadline"] = row.deadline;
      TRY(Notify(context_, n));
      ++deadlines;
    }
    return OkStatus();
  });
  if (due) {
    run.deadline_approaching = deadlines;
  } else {
    run.deadline_error = due.error().message;
  }
  // Incident deadlines (issue 16): their own transactions, so a failure leaves the reminders
  // above posted and is reported.
  if (auto incidents = RemindIncidentDeadlines(context_); incidents) {
    run.incident_deadlines = *incidents;
  } else {
    run.incident_error = incidents.error().message;
  }
  return run;
}

std::unique_ptr<ReminderLoop> ReminderLoop::Start(Runtime& runtime,
                                                  std::chrono::milliseconds interval) {
  std::unique_ptr<ReminderLoop> loop(new ReminderLoop(runtime));
  loop->thread_ = std::thread([raw = loop.get(), interval] { raw->Loop(interval); });
  return loop;
}

ReminderLoop::~ReminderLoop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ReminderLoop::Loop(std::chrono::milliseconds interval) {
  std::string last_day;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const Date today = runtime_.clock().Today();
    const std::string day = FormatDate(today);
    if (day != last_day) {
      lock.unlock();
      Result<ReminderRun> run = MakeError("not run");
      try {
        Runtime::Lease lease(runtime_);
        Context context = runtime_.MakeContext(lease.store(), Actor::Operator());
        const ChangeReport report(runtime_, context);
        run = ReminderService(context).Run(today);
        if (run && run->incident_error) {
          std::cerr << "reminders " << day << ": incident deadlines: " << *run->incident_error
                    << "\n";
        }
        // The daily digests go out with the reminders, which they may list.
        if (run) {
          if (auto digests = RunDailyDigests(context, today); !digests) {
            std::cerr << "digests " << day << ": " << digests.error().message << "\n";
          }
        }
      } catch (const std::exception& e) {
        run = MakeError(e.what());
      }
      lock.lock();
      if (run) {
        last_day = day;
        if (run->deadline_error) {
          std::cerr << "reminders " << day
                    << ": deadline reminders not run: " << *run->deadline_error << "\n";
        }
      } else {
        std::cerr << "reminders " << day << ": " << run.error().message << "\n";
      }
    } else {
      // Between daily runs: incident deadline reminders whose clocks run in hours.
      lock.unlock();
      try {
        Runtime::Lease lease(runtime_);
        Context context = runtime_.MakeContext(lease.store(), Actor::Operator());
        const ChangeReport report(runtime_, context);
        if (auto posted = RemindIncidentDeadlines(context); !posted) {
          std::cerr << "incident deadline reminders: " << posted.error().message << "\n";
        }
      } catch (const std::exception& e) {
        std::cerr << "incident deadline reminders: " << e.what() << "\n";
      }
      lock.lock();
    }
    wake_.wait_for(lock, interval, [this] { return stopping_; });
  }
}

}  // namespace hoshitori::service
