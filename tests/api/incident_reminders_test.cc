// Reminders of incident deadlines (issue 16, service/incident_reminders.h): the pure planner
// at the boundaries of each moment, and the posting — an inbox entry and an outbox e-mail
// per reminder, once however often the job runs, only for the operator — on SQLite and on
// PostgreSQL like every API suite. The open duties are made by hand (the incident reports'
// tables are another part of issue 16).
#include "service/incident_reminders.h"

#include "api_test_support.h"
#include "store/inbox_repository.h"
#include "store/incident_reminder_repository.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using service::OpenIncidentDuties;
using service::PlannedReminder;
using service::ReminderMoment;
using std::chrono::hours;
using std::chrono::sys_seconds;
using testing_support::ApiFixture;
using testing_support::Caller;

share::Duty MakeDuty(const std::string& key, std::optional<sys_seconds> due) {
  share::Duty duty;
  duty.key = key;
  duty.regime_name = {"個人情報保護委員会への漏えい等報告", "Breach report to the PPC"};
  duty.step_name = {"確報", "Final report"};
  duty.due_at = due;
  duty.contacts.push_back(share::Contact{"ppc", {"個人情報保護委員会", "PPC"}, {}, ""});
  return duty;
}

sys_seconds Utc(const char* text) { return *share::ParseUtc(text); }

TEST(IncidentReminderPlan, EachMomentOnceAtItsBoundary) {
  const sys_seconds due = Utc("2026-12-30T15:00:00Z");
  const std::vector<OpenIncidentDuties> open = {
      {7, 12, "#12", "/incidents/12", {MakeDuty("ppc-appi/final", due)}}};
  struct Row {
    const char* now;
    std::vector<std::string> moments;
  };
  const std::vector<Row> rows = {
      {"2026-12-29T14:59:59Z", {}},          // a day and a second before
      {"2026-12-29T15:00:00Z", {"before"}},  // exactly a day before
      {"2026-12-30T14:59:59Z", {"before"}}, {"2026-12-30T15:00:00Z", {"due"}},  // the deadline
      {"2027-03-01T00:00:00Z", {"due"}},  // long after: still the one "due" reminder
  };
  for (const Row& row : rows) {
    std::vector<std::string> moments;
    for (const PlannedReminder& r : service::PlanDeadlineReminders(open, Utc(row.now), {})) {
      moments.emplace_back(service::ReminderMomentName(r.moment));
      EXPECT_EQ(r.org_id, 7);
      EXPECT_EQ(r.dedupe_key,
                "incident_deadline:12:ppc-appi/final:" + moments.back() + ":2026-12-30T15:00:00Z");
    }
    EXPECT_EQ(moments, row.moments) << row.now;
  }
  // Sent already: nothing again; a moved deadline is a new one.
  const auto first = service::PlanDeadlineReminders(open, Utc("2026-12-30T15:00:00Z"), {});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(
      service::PlanDeadlineReminders(open, Utc("2026-12-31T00:00:00Z"), {first[0].dedupe_key})
          .empty());
  std::vector<OpenIncidentDuties> moved = open;
  moved[0].duties[0].due_at = due + hours(24);
  EXPECT_EQ(
      service::PlanDeadlineReminders(moved, Utc("2026-12-31T15:00:00Z"), {first[0].dedupe_key})
          .size(),
      1u);
  // Without a clock: one "now" reminder at any time.
  const std::vector<OpenIncidentDuties> now_duty = {
      {7, 12, "#12", "/incidents/12", {MakeDuty("cybercrime-report/police", std::nullopt)}}};
  const auto planned = service::PlanDeadlineReminders(now_duty, Utc("2026-12-01T00:00:00Z"), {});
  ASSERT_EQ(planned.size(), 1u);
  EXPECT_EQ(planned[0].moment, ReminderMoment::kNow);
  EXPECT_EQ(planned[0].dedupe_key, "incident_deadline:12:cybercrime-report/police:now:-");
}

TEST(IncidentReminderPlan, UnprintableOrLongDutyKeysAreHashedIntoTheDedupeKey) {
  const sys_seconds due = Utc("2026-12-02T01:00:00Z");
  const std::vector<OpenIncidentDuties> open = {
      {7,
       12,
       "",
       "/incidents/12",
       {MakeDuty("buyer-contract/notice/buyer:株式会社 発注", due),
        MakeDuty("buyer-contract/notice/buyer:" + std::string(300, 'x'), due)}}};
  const auto planned = service::PlanDeadlineReminders(open, due, {});
  ASSERT_EQ(planned.size(), 2u);
  for (const PlannedReminder& r : planned) {
    EXPECT_LE(r.dedupe_key.size(), notify::kMaxDedupeKeyBytes) << r.dedupe_key;
    EXPECT_EQ(r.dedupe_key.find(' '), std::string::npos) << r.dedupe_key;
    EXPECT_TRUE(notify::Validate(service::DeadlineNotification(r)).ok()) << r.dedupe_key;
  }
  EXPECT_NE(planned[0].dedupe_key, planned[1].dedupe_key);
  const auto rendered = notify::Render(service::DeadlineNotification(planned[0]));
  ASSERT_TRUE(rendered.ok()) << rendered.error().message;
  EXPECT_NE(rendered->body_ja.find("#12"), std::string::npos) << "no label: the report's number";
  EXPECT_NE(rendered->body_ja.find("2026-12-02 09:59(日本時間)"), std::string::npos)
      << rendered->body_ja;
  EXPECT_NE(rendered->body_ja.find("期限を過ぎました"), std::string::npos);
  EXPECT_NE(rendered->title_en.find("Breach report to the PPC: Final report"), std::string::npos);
}

class IncidentRemindersTest : public ApiFixture {
 protected:
  Result<int> Post(const std::vector<OpenIncidentDuties>& open, bool as_operator = true) {
    const Clock clock;
    service::Actor actor = as_operator ? service::Actor::Operator() : service::Actor();
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr, actor};
    return service::PostDeadlineReminders(context, open);
  }
  json Inbox(const Caller& caller) {
    const auto listed = Send("GET", "/api/v1/inbox", "", &caller);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return Json(listed)["entries"];
  }
  std::vector<StoredMail> Outbox(int64_t org_id) {
    auto mails = InboxRepository(store_->Sql()).ListMail(org_id);
    EXPECT_TRUE(mails.ok());
    return mails.ok() ? *mails : std::vector<StoredMail>{};
  }
  static sys_seconds Now() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

TEST_F(IncidentRemindersTest, RemindersReachTheInboxAndTheOutboxOnce) {
  const Caller reporter = SignUp("7000012050002", "admin@supplier.example");
  const Caller other = SignUp("3400120034561", "admin@buyer.example");
  const sys_seconds now = Now();
  const std::vector<OpenIncidentDuties> open = {
      {reporter.org_id,
       12,
       "ランサムウェア被害",
       "/incidents/12",
       {MakeDuty("cybercrime-report/police", std::nullopt),
        MakeDuty("nis2/early-warning", now + hours(2)),       // within a day: "before"
        MakeDuty("ppc-appi/preliminary", now - hours(1)),     // passed: "due"
        MakeDuty("ppc-appi/final", now + hours(24 * 20))}}};  // far: nothing yet
  auto posted = Post(open);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(*posted, 3);

  const json entries = Inbox(reporter);
  int deadlines = 0;
  for (const json& entry : entries) {
    if (entry["kind"] != "incident_deadline") continue;
    ++deadlines;
    EXPECT_EQ(entry["link"], "/incidents/12");
    EXPECT_NE(entry["body"]["ja"].get<std::string>().find("ランサムウェア被害"), std::string::npos);
    EXPECT_NE(entry["body"]["en"].get<std::string>().find("PPC"), std::string::npos);
  }
  EXPECT_EQ(deadlines, 3) << entries.dump();
  const auto mails = Outbox(reporter.org_id);
  ASSERT_EQ(mails.size(), 3u);
  for (const StoredMail& mail : mails) {
    EXPECT_EQ(mail.to_address, "admin@supplier.example");
    EXPECT_NE(mail.subject.find("インシデントの報告期限"), std::string::npos) << mail.subject;
    EXPECT_NE(mail.body.find("個人情報保護委員会"), std::string::npos);
  }
  EXPECT_TRUE(Outbox(other.org_id).empty());
  for (const json& entry : Inbox(other)) EXPECT_NE(entry["kind"], "incident_deadline");

  // Again: nothing new, in the inbox, the outbox or the record.
  posted = Post(open);
  ASSERT_TRUE(posted.ok());
  EXPECT_EQ(*posted, 0);
  EXPECT_EQ(Outbox(reporter.org_id).size(), 3u);
  auto recorded = IncidentReminderRepository(store_->Sql()).ForReport(reporter.org_id, 12);
  ASSERT_TRUE(recorded.ok());
  ASSERT_EQ(recorded->size(), 3u);
  EXPECT_EQ((*recorded)[0].moment, "now");
  EXPECT_EQ((*recorded)[0].due_at, "");
  EXPECT_EQ((*recorded)[1].moment, "before");
  EXPECT_EQ((*recorded)[2].moment, "due");
  EXPECT_EQ((*recorded)[2].duty_key, "ppc-appi/preliminary");

  // The same report passed twice in one call posts once.
  std::vector<OpenIncidentDuties> twice = open;
  twice[0].duties = {MakeDuty("nis2/notification", now + hours(1))};
  twice.push_back(twice[0]);
  posted = Post(twice);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(*posted, 1);
  EXPECT_EQ(Outbox(reporter.org_id).size(), 4u);
}

TEST_F(IncidentRemindersTest, RefusalsPostNothing) {
  const Caller reporter = SignUp("7000012050002", "admin@supplier.example");
  const std::vector<OpenIncidentDuties> open = {
      {reporter.org_id, 12, "r", "/incidents/12", {MakeDuty("x/y", std::nullopt)}}};
  const auto refused = Post(open, /*as_operator=*/false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);

  std::vector<OpenIncidentDuties> bad = open;
  bad[0].report_id = 0;
  EXPECT_EQ(Post(bad).error().kind, ErrorKind::kInvalid);
  bad = open;
  bad[0].duties.assign(service::kMaxDutiesPerReport + 1, MakeDuty("x/y", std::nullopt));
  EXPECT_EQ(Post(bad).error().kind, ErrorKind::kInvalid);
  // A link that is not a path fails in Notify and rolls the record back with it.
  bad = open;
  bad[0].link = "https://evil.example/";
  EXPECT_EQ(Post(bad).error().kind, ErrorKind::kInvalid);
  // An organisation that does not exist.
  bad = open;
  bad[0].org_id = 999999;
  EXPECT_EQ(Post(bad).error().kind, ErrorKind::kNotFound);

  EXPECT_TRUE(Outbox(reporter.org_id).empty());
  auto recorded = IncidentReminderRepository(store_->Sql()).ForReport(reporter.org_id, 12);
  ASSERT_TRUE(recorded.ok());
  EXPECT_TRUE(recorded->empty());
}

}  // namespace
}  // namespace hoshitori::api
