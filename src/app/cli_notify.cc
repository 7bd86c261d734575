// hoshitori notify run-reminders [--today YYYY-MM-DD] — the daily reminder job
// (service/reminder_service.h) on demand, for operators and tests; `serve` runs it once a day.
// hoshitori notify run-digests [--today YYYY-MM-DD] — the daily digests
// (service/digest_service.h) likewise.
#include <iostream>
#include <memory>

#include "app/context.h"
#include "app/operator_context.h"
#include "service/digest_service.h"
#include "service/reminder_service.h"

namespace hoshitori::app {

void AddNotifyCommands(CLI::App& app, Context& context) {
  CLI::App* notify = app.add_subcommand("notify", "notifications / 通知");
  notify->require_subcommand(1);
  auto today = std::make_shared<std::string>();
  auto* run = notify->add_subcommand("run-reminders",
                                     "post the reminders due today (deadlines, expiring levels); "
                                     "idempotent / 期限・有効期限の通知");
  run->add_option("--today", *today, "the day to run for (YYYY-MM-DD) / 実行する日");
  run->callback([&context, today] {
    const Date day = today->empty() ? context.today() : Require(ParseDate(*today));
    service::Context use_case{context.store(), context.catalog(), context.clock(), nullptr,
                              service::Actor::Operator()};
    const service::ReminderRun done = Succeeded(service::ReminderService(use_case).Run(day));
    std::cout << "reminders for " << done.today << ": level_expiring " << done.level_expiring
              << ", deadline_approaching " << done.deadline_approaching << ", incident_deadline "
              << done.incident_deadlines << "\n";
    if (done.incident_error) {
      std::cout << "incident deadline reminders not run / "
                   "インシデントの期限の通知は実行できませんでした: "
                << *done.incident_error << "\n";
    }
    if (done.deadline_error) {
      std::cout << "deadline reminders not run / 期限の通知は実行できませんでした: "
                << *done.deadline_error << "\n";
    }
  });
  auto digest_day = std::make_shared<std::string>();
  auto* digests =
      notify->add_subcommand("run-digests",
                             "queue today's daily digests (one e-mail per user who chose them); "
                             "idempotent / 1日1回のまとめメール");
  digests->add_option("--today", *digest_day, "the day to run for (YYYY-MM-DD) / 実行する日");
  digests->callback([&context, digest_day] {
    const Date day = digest_day->empty() ? context.today() : Require(ParseDate(*digest_day));
    service::Context use_case{context.store(), context.catalog(), context.clock(), nullptr,
                              service::Actor::Operator()};
    const service::DigestRun done = Succeeded(service::RunDailyDigests(use_case, day));
    std::cout << "digests for " << done.today << ": " << done.digests << " e-mails listing "
              << done.entries << " entries\n";
  });
}

}  // namespace hoshitori::app
