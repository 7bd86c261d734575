// The daily reminder job (issue 15): a level about to expire reaches its organisation's inbox
// (and outbox) once however often the job runs, only inside the 30-day window and only for
// the operator; a request's deadline approaching reaches the supplier once. Fixed dates, on
// SQLite and on PostgreSQL like every API suite.
#include "service/reminder_service.h"

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class ReminderServiceTest : public ApiFixture {
 protected:
  Result<service::ReminderRun> RunOn(const std::string& day, bool as_operator = true) {
    const Clock clock(FixedToday());
    service::Actor actor = as_operator ? service::Actor::Operator() : service::Actor();
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr, actor};
    return service::ReminderService(context).Run(*ParseDate(day));
  }
  json Inbox(const Caller& caller) {
    const auto listed = Send("GET", "/api/v1/inbox", "", &caller);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return Json(listed)["entries"];
  }
  static int Count(const json& entries, const std::string& kind) {
    int count = 0;
    for (const json& entry : entries) count += entry["kind"] == kind ? 1 : 0;
    return count;
  }
};

TEST_F(ReminderServiceTest, ExpiringLevelIsRemindedOnceInsideTheWindow) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const int64_t id = SubmittedAssessment(supplier);
  // Confirmed by an expert from 2026-01-10 without an end date: ★3 held until 2027-01-09.
  RawSql(
      "UPDATE assessments SET status = 'confirmed', attestation = 'expert_confirmed', "
      "valid_from = '2026-01-10', valid_until = NULL WHERE id = " +
      std::to_string(id));

  // 34 days before the last day: outside the 30-day window.
  auto run = RunOn("2026-12-06");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->level_expiring, 0);
  EXPECT_EQ(Count(Inbox(supplier), "level_expiring"), 0);

  // 25 days before: reminded, with the level and the date.
  run = RunOn("2026-12-15");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->level_expiring, 1);
  json entries = Inbox(supplier);
  ASSERT_EQ(Count(entries, "level_expiring"), 1) << entries.dump();
  for (const json& entry : entries) {
    if (entry["kind"] != "level_expiring") continue;
    EXPECT_NE(entry["body"]["ja"].get<std::string>().find("2027-01-09"), std::string::npos)
        << entry;
    EXPECT_NE(entry["title"]["ja"].get<std::string>().find("★3"), std::string::npos) << entry;
    EXPECT_EQ(entry["link"], "/assessments/" + std::to_string(id));
  }

  // Running again, the same day or later in the window, sends nothing new.
  ASSERT_TRUE(RunOn("2026-12-15").ok());
  ASSERT_TRUE(RunOn("2027-01-09").ok());
  EXPECT_EQ(Count(Inbox(supplier), "level_expiring"), 1);

  // After the last day nothing is held, so nothing is reminded.
  ASSERT_TRUE(RunOn("2027-01-10").ok());
  EXPECT_EQ(Count(Inbox(supplier), "level_expiring"), 1);
}

TEST_F(ReminderServiceTest, ExplicitEndDateAndUnheldLevels) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const int64_t confirmed = SubmittedAssessment(supplier);
  const int64_t revoked = SubmittedAssessment(supplier);
  const int64_t submitted = SubmittedAssessment(supplier);
  RawSql(
      "UPDATE assessments SET status = 'confirmed', attestation = 'expert_confirmed', "
      "valid_from = '2026-03-01', valid_until = '2026-12-31' WHERE id = " +
      std::to_string(confirmed));
  RawSql(
      "UPDATE assessments SET status = 'revoked', attestation = 'expert_confirmed', "
      "valid_from = '2026-03-01', valid_until = '2026-12-31' WHERE id = " +
      std::to_string(revoked));
  RawSql(
      "UPDATE assessments SET valid_from = '2026-03-01', valid_until = '2026-12-31' WHERE id = " +
      std::to_string(submitted));
  const auto run = RunOn("2026-12-10");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->level_expiring, 1) << "only the confirmed one holds a level";
  const json entries = Inbox(supplier);
  ASSERT_EQ(Count(entries, "level_expiring"), 1) << entries.dump();
  for (const json& entry : entries) {
    if (entry["kind"] == "level_expiring") {
      EXPECT_EQ(entry["link"], "/assessments/" + std::to_string(confirmed));
    }
  }
}

TEST_F(ReminderServiceTest, OnlyTheOperatorRunsTheJob) {
  const auto refused = RunOn("2026-12-10", /*as_operator=*/false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
}

TEST_F(ReminderServiceTest, ApproachingDeadlineIsRemindedOnceToTheSupplier) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const auto asked = Send("POST", "/api/v1/requests",
                          json{{"supplier_corporate_number", "7000012050002"},
                               {"framework", "hoshitori-common"},
                               {"required_star", 3}}
                              .dump(),
                          &buyer);
  ASSERT_EQ(asked.status, 201) << asked.body;
  const auto probe = RunOn("2026-12-01");
  ASSERT_TRUE(probe.ok()) << probe.error().message;
  if (probe->deadline_error) {
    GTEST_SKIP() << "the requests have no deadline column yet (migration 019, branch bulk): "
                 << *probe->deadline_error;
  }
  RawSql("UPDATE assessment_requests SET deadline = '2026-12-20'");
  auto run = RunOn("2026-12-10");  // 10 days before: outside the 7-day window
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->deadline_approaching, 0);
  run = RunOn("2026-12-14");
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->deadline_approaching, 1);
  ASSERT_TRUE(RunOn("2026-12-15").ok());
  const json entries = Inbox(supplier);
  ASSERT_EQ(Count(entries, "deadline_approaching"), 1) << entries.dump();
  for (const json& entry : entries) {
    if (entry["kind"] == "deadline_approaching") {
      EXPECT_NE(entry["body"]["ja"].get<std::string>().find("2026-12-20"), std::string::npos);
    }
  }
  EXPECT_EQ(Count(Inbox(buyer), "deadline_approaching"), 0);
}

}  // namespace
}  // namespace hoshitori::api
