// The notification duties of a stored incident report (service/incident_deadlines.h): the
// answers read as facts, the duties of the shipped regime files with their clocks, the
// reporter alone sees them, and the reminder job posts each reminder once. Both backends.
#include "api_test_support.h"
#include "service/incident_deadlines.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class IncidentDeadlinesTest : public ApiFixture {
 protected:
  int64_t Report(const Caller& supplier, const json& answers) {
    const auto created = Send("POST", "/api/v1/incidents", answers.dump(), &supplier);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? Json(created)["id"].get<int64_t>() : 0;
  }
  static service::Actor ActorOf(const Caller& caller, Role role = Role::kOrgAdmin) {
    service::Actor actor;
    actor.principal = Principal{caller.user_id, caller.org_id, role};
    return actor;
  }
  Result<std::vector<share::Duty>> DutiesAt(const std::string& day, const Caller& who,
                                            int64_t id) {
    const Clock clock(ParseDate(day).value());
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr,
                             ActorOf(who)};
    return service::IncidentDuties(context, id);
  }
  Result<int> RemindAt(const std::string& day) {
    const Clock clock(ParseDate(day).value());
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr,
                             service::Actor::Operator()};
    return service::RemindIncidentDeadlines(context);
  }
  static std::map<std::string, std::string> DueByKey(const std::vector<share::Duty>& duties) {
    std::map<std::string, std::string> due;
    for (const share::Duty& duty : duties) {
      due[duty.key] = duty.due_at ? std::to_string(duty.due_at->time_since_epoch().count()) : "now";
    }
    return due;
  }
};

TEST_F(IncidentDeadlinesTest, AnswersGiveTheDutiesWithTheirClocks) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller outsider = SignUp("3400120034561", "admin@outsider.example");
  // Ransomware detected 2026-12-01 09:30 Japan time, customer data of about 1,500 people.
  const int64_t id = Report(supplier, json{{"title", "ランサムウェア感染"},
                                           {"kind", "ransomware"},
                                           {"detected_at", "2026-12-01T09:30"},
                                           {"personal_data", "yes"},
                                           {"people_affected", 1500},
                                           {"critical_infrastructure", "情報通信"}});
  ASSERT_GT(id, 0);
  const auto duties = DutiesAt("2026-12-01", supplier, id);
  ASSERT_TRUE(duties.ok()) << duties.error().message;
  const auto due = DueByKey(*duties);
  for (const char* key : {"ppc-appi/preliminary", "ppc-appi/final-malicious",
                          "cybercrime-report/police", "critical-infrastructure/ministry-report"}) {
    EXPECT_TRUE(due.count(key)) << key;
  }
  EXPECT_FALSE(due.count("ppc-appi/final")) << "the 60-day report replaces the 30-day one";
  EXPECT_FALSE(due.count("nis2/early-warning")) << "no EU customers";
  // Day 60 counting 2026-12-01 as day 1 ends 2027-01-29 24:00 JST = 15:00 UTC.
  const auto final_report = std::find_if(duties->begin(), duties->end(), [](const auto& d) {
    return d.key == "ppc-appi/final-malicious";
  });
  ASSERT_NE(final_report, duties->end());
  ASSERT_TRUE(final_report->due_at.has_value());
  EXPECT_EQ(std::chrono::sys_days(std::chrono::year{2027} / 1 / 29) + std::chrono::hours(15),
            *final_report->due_at);
  // The ministry of the sector typed in Japanese is named among the contacts.
  const auto ministry = std::find_if(duties->begin(), duties->end(), [](const auto& d) {
    return d.key == "critical-infrastructure/ministry-report";
  });
  ASSERT_NE(ministry, duties->end());
  bool named = false;
  for (const auto& contact : ministry->contacts) named = named || contact.name.ja == "総務省";
  EXPECT_TRUE(named);

  // Nobody else learns of the report through its duties.
  EXPECT_EQ(DutiesAt("2026-12-01", outsider, id).error().kind, ErrorKind::kNotFound);
}

TEST_F(IncidentDeadlinesTest, TheReminderJobPostsEachReminderOnce) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const int64_t id = Report(supplier, json{{"title", "不正アクセス"},
                                           {"kind", "unauthorised_access"},
                                           {"detected_at", "2026-12-01T09:30"},
                                           {"personal_data", "no"}});
  ASSERT_GT(id, 0);
  const auto first = RemindAt("2026-12-01");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_GT(*first, 0) << "the police and IPA: now";
  EXPECT_EQ(RemindAt("2026-12-01").value(), 0) << "nothing twice";
  const json entries = Json(Send("GET", "/api/v1/inbox", "", &supplier))["entries"];
  int reminders = 0;
  for (const json& entry : entries) reminders += entry["kind"] == "incident_deadline" ? 1 : 0;
  EXPECT_EQ(reminders, *first);
  EXPECT_EQ(entries[0]["link"], "/incidents/" + std::to_string(id));
}

}  // namespace
}  // namespace hoshitori::api
