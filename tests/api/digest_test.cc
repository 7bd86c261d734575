// The daily digest (issue 16, "a daily digest instead of a flood"): a kind taken daily gets no
// e-mail per entry but one digest a day listing the unread entries since the last one; once a
// day however often the job runs; the setting through the API. Both backends.
#include "api_test_support.h"
#include "service/digest_service.h"
#include "store/inbox_repository.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class DigestTest : public ApiFixture {
 protected:
  void Ask(const Caller& buyer, const std::string& framework = "hoshitori-common") {
    const auto asked = Send("POST", "/api/v1/requests",
                            json{{"supplier_corporate_number", "7000012050002"},
                                 {"framework", framework},
                                 {"required_star", 3}}
                                .dump(),
                            &buyer);
    ASSERT_EQ(asked.status, 201) << asked.body;
  }
  // Sets `who`'s e-mail setting for request_received (email on/off, daily or at once; a bad
  // value is sent as given).
  auto SetRequestSetting(const Caller& who, const json& email, const json& daily) {
    return Send(
        "PUT", "/api/v1/notification-settings",
        json{{"settings",
              json::array({{{"kind", "request_received"}, {"email", email}, {"daily", daily}}})}}
            .dump(),
        &who);
  }
  Result<service::DigestRun> RunOn(const std::string& day, bool as_operator = true) {
    const Clock clock(ParseDate(day).value());
    service::Actor actor = as_operator ? service::Actor::Operator() : service::Actor();
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr, actor};
    return service::RunDailyDigests(context, *ParseDate(day));
  }
  std::vector<StoredMail> Mail(int64_t org_id, int64_t user_id) {
    auto all = InboxRepository(store_->Sql()).ListMail(org_id);
    EXPECT_TRUE(all.ok());
    std::vector<StoredMail> mine;
    for (const StoredMail& mail : all.ok() ? *all : std::vector<StoredMail>{}) {
      if (mail.user_id == user_id) mine.push_back(mail);
    }
    return mine;
  }
};

TEST_F(DigestTest, ADailyKindComesOnceADayInOneMessage) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller colleague = Invite(supplier, "member@supplier.example", "member");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");

  // The admin takes requests daily; the colleague keeps the default (at once).
  const auto set = SetRequestSetting(supplier, true, true);
  ASSERT_EQ(set.status, 200) << set.body;
  const json saved = Json(set);
  bool daily = false;
  for (const json& s : saved["settings"]) {
    if (s["kind"] == "request_received") daily = s["daily"].get<bool>() && s["email"].get<bool>();
  }
  EXPECT_TRUE(daily) << saved.dump();

  Ask(buyer);
  EXPECT_TRUE(Mail(supplier.org_id, supplier.user_id).empty()) << "no e-mail per entry";
  EXPECT_EQ(Mail(supplier.org_id, colleague.user_id).size(), 1u);

  EXPECT_EQ(RunOn("2026-12-07", /*as_operator=*/false).error().kind, ErrorKind::kForbidden);
  const auto first = RunOn("2026-12-07");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->digests, 1);
  EXPECT_EQ(first->entries, 1);
  auto mails = Mail(supplier.org_id, supplier.user_id);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].subject.find("未読のお知らせ 1 件"), std::string::npos) << mails[0].subject;
  EXPECT_NE(mails[0].body.find("・"), std::string::npos) << mails[0].body;
  EXPECT_EQ(mails[0].link, "/inbox");
  EXPECT_EQ(mails[0].to_address, "admin@supplier.example");

  // Again the same day: nothing; a new entry the same day waits for tomorrow.
  Ask(buyer, "meti-scs-requirements");
  EXPECT_EQ(RunOn("2026-12-07")->digests, 0);
  EXPECT_EQ(Mail(supplier.org_id, supplier.user_id).size(), 1u);
  const auto second = RunOn("2026-12-08");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->digests, 1);
  EXPECT_EQ(second->entries, 1) << "only what came after the last digest";
  // Nothing new, nothing sent.
  EXPECT_EQ(RunOn("2026-12-09")->digests, 0);
  EXPECT_EQ(Mail(supplier.org_id, supplier.user_id).size(), 2u);

  // A day already claimed by another node is not claimed again.
  InboxRepository repository(store_->Sql());
  EXPECT_FALSE(repository.ClaimDigest(supplier.user_id, supplier.org_id, 1, "2026-12-08").value());
  EXPECT_TRUE(repository.ClaimDigest(supplier.user_id, supplier.org_id, 1, "2026-12-10").value());
}

TEST_F(DigestTest, ReadEntriesAndKindsOffStayOutOfTheDigest) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  ASSERT_EQ(SetRequestSetting(supplier, true, true).status, 200);
  Ask(buyer);
  const json entries = Json(Send("GET", "/api/v1/inbox", "", &supplier))["entries"];
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_EQ(
      Send("POST", "/api/v1/inbox/" + std::to_string(entries[0]["id"].get<int64_t>()) + "/read", "",
           &supplier)
          .status,
      200);
  EXPECT_EQ(RunOn("2026-12-07")->digests, 0) << "read in the inbox already";

  // E-mail off wins over daily; a malformed setting changes nothing.
  ASSERT_EQ(SetRequestSetting(supplier, false, true).status, 200);
  Ask(buyer, "meti-scs-requirements");
  EXPECT_EQ(RunOn("2026-12-08")->digests, 0);
  EXPECT_TRUE(Mail(supplier.org_id, supplier.user_id).empty());
  EXPECT_EQ(SetRequestSetting(supplier, true, "yes").status, 400);
}

// More entries than a digest lists: the first kMaxDigestEntries are listed, the rest counted,
// and the digest covers them all (none comes again the next day).
TEST_F(DigestTest, ALongDigestListsTheFirstFiftyAndCountsTheRest) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  ASSERT_EQ(SetRequestSetting(supplier, true, true).status, 200);
  const int64_t posted = service::kMaxDigestEntries + 3;
  InboxRepository repository(store_->Sql());
  for (int64_t i = 1; i <= posted; ++i) {
    StoredInboxEntry entry;
    entry.org_id = supplier.org_id;
    entry.kind = "request_received";
    entry.title_ja = "依頼 " + std::to_string(i);
    entry.title_en = "Request " + std::to_string(i);
    entry.link = "/requests";
    entry.dedupe_key = "digest-test-" + std::to_string(i);
    entry.created_at = "2026-12-06T09:00:00Z";
    ASSERT_TRUE(repository.Post(entry).ok());
  }
  const auto run = RunOn("2026-12-07");
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->digests, 1);
  EXPECT_EQ(run->entries, posted);
  const auto mails = Mail(supplier.org_id, supplier.user_id);
  ASSERT_EQ(mails.size(), 1u);
  const std::string& body = mails[0].body;
  EXPECT_NE(mails[0].subject.find("未読のお知らせ 53 件"), std::string::npos) << mails[0].subject;
  EXPECT_NE(body.find("・依頼 1(2026-12-06)"), std::string::npos) << body;
  EXPECT_NE(body.find("・依頼 50(2026-12-06)"), std::string::npos) << body;
  EXPECT_EQ(body.find("依頼 51"), std::string::npos) << body;
  EXPECT_NE(body.find("ほか 3 件"), std::string::npos) << body;
  EXPECT_NE(body.find("and 3 more"), std::string::npos) << body;
  EXPECT_EQ(RunOn("2026-12-08")->digests, 0) << "the counted entries were covered too";
}

}  // namespace
}  // namespace hoshitori::api
