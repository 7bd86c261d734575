// Notifications (issue 15): the inbox and the outbox written in the transaction of the event,
// the API over them, the e-mail settings, and delivery to a real SMTP server on loopback
// (tests/notify/smtp_sink.py). Runs on SQLite and on PostgreSQL like every API suite.
#include "../notify/smtp_sink.h"
#include "api_test_support.h"
#include "notify/mail_dispatcher.h"
#include "service/inbox_service.h"
#include "store/inbox_repository.h"

namespace hoshitori::api {
namespace {

using hoshitori::testing_support::SmtpSink;
using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class InboxTest : public ApiFixture {
 protected:
  // The buyer asks the supplier for a ★3 assessment against the common controls.
  void Ask(const Caller& buyer, const std::string& supplier_number = "7000012050002") {
    const auto asked = Send("POST", "/api/v1/requests",
                            json{{"supplier_corporate_number", supplier_number},
                                 {"framework", "hoshitori-common"},
                                 {"required_star", 3}}
                                .dump(),
                            &buyer);
    ASSERT_EQ(asked.status, 201) << asked.body;
  }
  std::vector<StoredMail> Outbox(int64_t org_id) {
    auto mails = InboxRepository(store_->Sql()).ListMail(org_id);
    EXPECT_TRUE(mails.ok());
    return mails.ok() ? *mails : std::vector<StoredMail>{};
  }
  service::Context OperatorContext(const Clock& clock) {
    return service::Context{*store_, testing_support::ShippedCatalog(), clock, nullptr,
                            service::Actor::Operator()};
  }
  notify::Notification Warning(int64_t org_id, const std::string& key) {
    notify::Notification n;
    n.kind = notify::NotificationKind::kSbomAdvisory;
    n.recipient_org_id = org_id;
    n.dedupe_key = key;
    n.link = "/exposure";
    n.params = {{"supplier", "仕入先"},           {"product", "製品"},    {"version", "1.0"},
                {"component", "pkg:pypi/jinja2"}, {"advisory", "GHSA-x"}, {"vex_status", ""}};
    return n;
  }
};

TEST_F(InboxTest, ARequestReachesTheSuppliersInboxAndOutboxAndIsMarkedRead) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller member = Invite(supplier, "member@supplier.example", "member");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  Ask(buyer);

  const auto listed = Send("GET", "/api/v1/inbox", "", &supplier);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json page = Json(listed);
  ASSERT_EQ(page["entries"].size(), 1u);
  EXPECT_EQ(page["unread"], 1);
  const json entry = page["entries"][0];
  EXPECT_EQ(entry["kind"], "request_received");
  EXPECT_EQ(entry["title"]["ja"], "Org 3400120034561 から評価の依頼が届きました");
  EXPECT_EQ(entry["title"]["en"], "Org 3400120034561 requests an assessment from you");
  EXPECT_NE(entry["body"]["ja"].get<std::string>().find("★3"), std::string::npos);
  EXPECT_EQ(entry["link"], "/shares");
  EXPECT_EQ(entry["read_at"], nullptr);
  // Every member sees it; the buyer's inbox stays empty.
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &member))["entries"].size(), 1u);
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &buyer))["entries"].size(), 0u);

  // One e-mail per member, Japanese then English.
  const auto mails = Outbox(supplier.org_id);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0].to_address, "admin@supplier.example");
  EXPECT_EQ(mails[1].to_address, "member@supplier.example");
  EXPECT_EQ(mails[0].subject,
            "[Hoshitori] Org 3400120034561 から評価の依頼が届きました / Org 3400120034561 requests "
            "an assessment from you");
  EXPECT_LT(mails[0].body.find("取引先"), mails[0].body.find("Your customer"));
  EXPECT_FALSE(mails[0].sent_at.has_value());

  // Another organisation cannot mark it read (it does not exist for it).
  const std::string read_path =
      "/api/v1/inbox/" + std::to_string(entry["id"].get<int64_t>()) + "/read";
  EXPECT_EQ(Send("POST", read_path, "", &buyer).status, 404);
  const auto read = Send("POST", read_path, "", &member);
  ASSERT_EQ(read.status, 200) << read.body;
  const json first_read = Json(read)["read_at"];
  EXPECT_NE(first_read, nullptr);
  EXPECT_EQ(Json(Send("POST", read_path, "", &supplier))["read_at"], first_read);  // kept
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &supplier))["unread"], 0);
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox?unread=true", "", &supplier))["entries"].size(), 0u);
  EXPECT_EQ(Send("GET", "/api/v1/inbox?unread=maybe", "", &supplier).status, 400);
  EXPECT_EQ(Send("GET", "/api/v1/inbox?limit=201", "", &supplier).status, 400);
  EXPECT_EQ(Send("GET", "/api/v1/inbox").status, 401);
}

TEST_F(InboxTest, RevokingAShareTellsTheBuyer) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const int64_t id = SubmittedAssessment(supplier);
  const auto shared = Send(
      "POST", "/api/v1/shares",
      json{{"assessment_id", id}, {"buyer_corporate_number", "3400120034561"}}.dump(), &supplier);
  ASSERT_EQ(shared.status, 201) << shared.body;
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &buyer))["entries"].size(), 0u);
  ASSERT_EQ(Send("DELETE", "/api/v1/shares/" + std::to_string(Json(shared)["id"].get<int64_t>()),
                 "", &supplier)
                .status,
            204);
  const json page = Json(Send("GET", "/api/v1/inbox", "", &buyer));
  ASSERT_EQ(page["entries"].size(), 1u);
  EXPECT_EQ(page["entries"][0]["kind"], "share_revoked");
  EXPECT_EQ(page["entries"][0]["title"]["ja"], "Org 7000012050002 が評価の共有を取り消しました");
  EXPECT_EQ(Outbox(buyer.org_id).size(), 1u);
}

TEST_F(InboxTest, SettingsStopTheEmailOfOneKindButNotTheEntry) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller member = Invite(supplier, "member@supplier.example", "member");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const json defaults = Json(Send("GET", "/api/v1/notification-settings", "", &member));
  ASSERT_EQ(defaults["settings"].size(), notify::kNotificationKindCount);
  for (const json& s : defaults["settings"]) EXPECT_TRUE(s["email"].get<bool>()) << s;
  EXPECT_EQ(defaults["settings"][0]["label"]["ja"], "評価の依頼を受け取ったとき");

  const auto changed =
      Send("PUT", "/api/v1/notification-settings",
           R"({"settings": [{"kind": "request_received", "email": false}]})", &member);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_FALSE(Json(changed)["settings"][0]["email"].get<bool>());
  EXPECT_TRUE(Json(changed)["settings"][1]["email"].get<bool>());
  // The admin's own settings are untouched.
  EXPECT_TRUE(
      Json(Send("GET", "/api/v1/notification-settings", "", &supplier))["settings"][0]["email"]
          .get<bool>());

  Ask(buyer);
  const auto mails = Outbox(supplier.org_id);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to_address, "admin@supplier.example");
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &member))["entries"].size(), 1u);

  EXPECT_EQ(Send("PUT", "/api/v1/notification-settings",
                 R"({"settings": [{"kind": "no_such_kind", "email": false}]})", &member)
                .status,
            422);
  EXPECT_EQ(
      Send(
          "PUT", "/api/v1/notification-settings",
          R"({"settings": [{"kind": "share_revoked", "email": false}, {"kind": "share_revoked", "email": true}]})",
          &member)
          .status,
      422);
  EXPECT_EQ(Send("PUT", "/api/v1/notification-settings",
                 R"({"settings": [{"kind": "share_revoked"}]})", &member)
                .status,
            400);
}

TEST_F(InboxTest, NotifyIsDedupedRolledBackWithTheCallerAndAddressedPerUser) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller member = Invite(supplier, "member@supplier.example", "member");
  const Clock clock;
  service::Context context = OperatorContext(clock);

  // Outside a transaction: refused.
  EXPECT_EQ(service::Notify(context, Warning(supplier.org_id, "a")).error().kind,
            ErrorKind::kInternal);

  // The same event twice: one entry, one mail per member.
  for (int i = 0; i < 2; ++i) {
    const Status posted = service::InTransaction(context, [&]() -> Status {
      return service::Notify(context, Warning(supplier.org_id, "advisory:GHSA-x:product:1"));
    });
    ASSERT_TRUE(posted.ok()) << posted.error().message;
  }
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &supplier))["total"], 1);
  EXPECT_EQ(Outbox(supplier.org_id).size(), 2u);

  // A change that fails after notifying leaves neither entry nor mail.
  const Status failed = service::InTransaction(context, [&]() -> Status {
    TRY(service::Notify(context, Warning(supplier.org_id, "rolled-back")));
    return MakeError(ErrorKind::kConflict, "Conflict", "the caller's change failed");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &supplier))["total"], 1);
  EXPECT_EQ(Outbox(supplier.org_id).size(), 2u);

  // To one user: only that user sees it and only that user gets mail.
  notify::Notification personal = Warning(supplier.org_id, "personal");
  personal.recipient_user_id = member.user_id;
  ASSERT_TRUE(service::InTransaction(context, [&]() -> Status {
                return service::Notify(context, personal);
              }).ok());
  const json mine = Json(Send("GET", "/api/v1/inbox", "", &member));
  EXPECT_EQ(mine["total"], 2);
  EXPECT_EQ(mine["entries"][0]["to_me_only"], true);
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &supplier))["total"], 1);
  const std::string other_path =
      "/api/v1/inbox/" + std::to_string(mine["entries"][0]["id"].get<int64_t>()) + "/read";
  EXPECT_EQ(Send("POST", other_path, "", &supplier).status, 404);
  EXPECT_EQ(Outbox(supplier.org_id).size(), 3u);

  // Unknown recipients and invalid notifications are refused.
  const Status unknown = service::InTransaction(
      context, [&]() -> Status { return service::Notify(context, Warning(999999, "x")); });
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  // So are a user of another organisation and a removed user: nothing is written for them.
  const Caller other = SignUp("3400120034561", "admin@other.example");
  const Caller leaver = Invite(supplier, "leaver@supplier.example", "member");
  ASSERT_LT(Send("DELETE", "/api/v1/users/" + std::to_string(leaver.user_id), "", &supplier).status, 300);
  for (const int64_t user : {other.user_id, leaver.user_id}) {
    notify::Notification stray = Warning(supplier.org_id, "stray" + std::to_string(user));
    stray.recipient_user_id = user;
    const Status refused = service::InTransaction(
        context, [&]() -> Status { return service::Notify(context, stray); });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::kNotFound);
  }
  EXPECT_EQ(Outbox(supplier.org_id).size(), 3u);
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &supplier))["total"], 1);
  notify::Notification bad = Warning(supplier.org_id, "bad");
  bad.params.erase("advisory");
  const Status invalid =
      service::InTransaction(context, [&]() -> Status { return service::Notify(context, bad); });
  EXPECT_EQ(invalid.error().kind, ErrorKind::kInvalid);
}

// Only the users an entry is addressed to, whatever their role; settings are one's own.
TEST(InboxAuthorization, EntriesAndSettingsBelongToTheirUsers) {
  using service::Action;
  using service::Authorize;
  using service::Principal;
  using service::ResourceFacts;
  using service::ResourceKind;
  for (Role role : {Role::kOrgAdmin, Role::kMember, Role::kAssessor, Role::kAssociationAdmin,
                    Role::kHubAdmin}) {
    const Principal p{10, 100, role};
    for (Action action : {Action::kRead, Action::kUpdate}) {
      EXPECT_TRUE(Authorize(p, action, ResourceFacts(ResourceKind::kInboxEntry, 100)).allowed);
      EXPECT_TRUE(Authorize(p, action, ResourceFacts(ResourceKind::kInboxEntry, 100, 10)).allowed);
      EXPECT_FALSE(Authorize(p, action, ResourceFacts(ResourceKind::kInboxEntry, 100, 11)).allowed);
      EXPECT_FALSE(Authorize(p, action, ResourceFacts(ResourceKind::kInboxEntry, 200)).allowed);
      EXPECT_TRUE(Authorize(p, action, ResourceFacts(ResourceKind::kNotificationSettings, 100, 10))
                      .allowed);
      EXPECT_FALSE(Authorize(p, action, ResourceFacts(ResourceKind::kNotificationSettings, 100, 11))
                       .allowed);
    }
    for (Action action : {Action::kCreate, Action::kShare, Action::kRevoke}) {
      EXPECT_FALSE(Authorize(p, action, ResourceFacts(ResourceKind::kInboxEntry, 100, 10)).allowed);
    }
  }
  EXPECT_FALSE(Authorize(std::nullopt, Action::kRead, ResourceFacts(ResourceKind::kInboxEntry, 100))
                   .allowed);
}

// Issue 15's "done when": a buyer's request reaches the supplier as an e-mail through a real
// SMTP exchange, with its Japanese subject encoded per RFC 2047 and an absolute link.
TEST_F(InboxTest, TheOutboxIsDeliveredOverSmtpOnceAndFailuresAreRetriedLater) {
  if (!SmtpSink::Available())
    GTEST_SKIP() << "python3-aiosmtpd is not installed (scripts/setup.sh)";
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("hoshitori-inbox-sink-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
  SmtpSink sink(dir);
  ASSERT_GT(sink.port(), 0);
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  Ask(buyer);

  const Clock clock;
  auto sender =
      notify::SmtpSender::Create({sink.url(), "noreply@hoshitori.test", "", "", false, 10});
  ASSERT_TRUE(sender.ok());
  notify::MailDispatcher dispatcher(*store_, clock, **sender,
                                    notify::DispatchOptions{"https://hoshitori.test/", 20, 8, 300});
  const auto drained = dispatcher.DrainOnce();
  ASSERT_TRUE(drained.ok()) << drained.error().message;
  EXPECT_EQ(drained->sent, 1u);
  EXPECT_EQ(drained->failed, 0u);
  const auto received = sink.Messages(1);
  ASSERT_EQ(received.size(), 1u);
  const json& m = received[0];
  EXPECT_EQ(m["rcpt_tos"], json::array({"admin@supplier.example"}));
  EXPECT_EQ(m["mail_from"], "noreply@hoshitori.test");
  EXPECT_EQ(m["subject"],
            "[Hoshitori] Org 3400120034561 から評価の依頼が届きました / Org 3400120034561 requests "
            "an assessment from you");
  EXPECT_EQ(m["headers"]["To"], "<admin@supplier.example>");
  EXPECT_EQ(m["headers"]["Content-Transfer-Encoding"], "base64");
  const std::string body = m["body"];
  EXPECT_NE(body.find("開く / Open: https://hoshitori.test/shares"), std::string::npos) << body;
  EXPECT_NE(body.find("https://hoshitori.test/inbox/settings"), std::string::npos);
  EXPECT_NE(sink.Raw(1).find("Subject: =?UTF-8?B?"), std::string::npos);
  const auto sent = Outbox(supplier.org_id);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].sent_at.has_value());
  EXPECT_EQ(sent[0].attempts, 1);
  // Nothing is sent twice.
  EXPECT_EQ(dispatcher.DrainOnce()->sent, 0u);
  EXPECT_EQ(sink.Messages(2, std::chrono::milliseconds(300)).size(), 1u);

  // A server that cannot be reached: the failure is recorded and the mail waits.
  Ask(buyer);  // a second request (its own entry and mail)
  const Caller other = SignUp("2200300451234", "admin@other.example");
  Ask(other);
  auto unreachable = notify::SmtpSender::Create(
      {"smtp://127.0.0.1:1", "noreply@hoshitori.test", "", "", false, 5});
  ASSERT_TRUE(unreachable.ok());
  notify::MailDispatcher failing(*store_, clock, **unreachable,
                                 notify::DispatchOptions{"https://hoshitori.test", 20, 8, 300});
  const auto tried = failing.DrainOnce();
  ASSERT_TRUE(tried.ok());
  EXPECT_EQ(tried->sent, 0u);
  EXPECT_GE(tried->failed, 1u);
  for (const StoredMail& mail : Outbox(supplier.org_id)) {
    if (mail.sent_at) continue;
    EXPECT_EQ(mail.attempts, 1);
    EXPECT_FALSE(mail.last_error.empty());
    EXPECT_GT(mail.not_before, clock.UtcNow());  // retried later, not at once
  }
  // Not due yet: the working dispatcher leaves it alone.
  EXPECT_EQ(dispatcher.DrainOnce()->sent, 0u);
}

}  // namespace
}  // namespace hoshitori::api
