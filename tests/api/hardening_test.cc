// Issue 10's findings, each pinned: sign-in throttling without hard locks, sign-up checks
// before any hash, no user enumeration, no self-granted trust, offboarding, token limits,
// state checks inside the writing transaction, and no lost or late answer under concurrency.
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "service/throttle.h"
#include "service/chain_service.h"
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class HardeningTest : public ApiFixture {
 protected:
  HttpResponse LoginFrom(const std::string& address, const std::string& email, const std::string& password) {
    const std::string before = remote_address_;
    remote_address_ = address;
    auto response = Send("POST", "/api/v1/login", json{{"email", email}, {"password", password}}.dump());
    remote_address_ = before;
    return response;
  }
  static std::string HeaderOf(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }
  // Every audit entry, read from the store (the hub operator's view).
  std::vector<json> AuditEntries() {
    std::vector<json> out;
    EXPECT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry& e) {
      out.push_back(json{{"action", e.action}, {"resource", e.resource}, {"detail", e.detail}});
    }).ok());
    return out;
  }
};

// The limiter's memory is bounded whatever the keys: long or many, it keeps at most its
// capacity, dropping the keys idle longest.
TEST(AttemptThrottle, KeepsAtMostItsCapacityAndNeverLocksForGood) {
  AttemptThrottle throttle({100, 3, std::chrono::seconds(60), std::chrono::seconds(900)});
  const auto start = AttemptThrottle::Clock::now();
  for (int i = 0; i < 10'000; ++i) {
    throttle.Record(std::string(10'000, 'x') + std::to_string(i), start);
    ASSERT_LE(throttle.size(), 100u);
  }
  // Three free failures, then 1 s, 2 s, 4 s ... capped at 60 s, and gone after 15 minutes.
  const std::string key = "login:a@example.jp\n10.0.0.1";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.Wait(key, start), 0) << i;
    throttle.Record(key, start);
  }
  EXPECT_EQ(throttle.Wait(key, start), 1);
  throttle.Record(key, start);
  EXPECT_EQ(throttle.Wait(key, start), 2);
  for (int i = 0; i < 20; ++i) throttle.Record(key, start);
  EXPECT_EQ(throttle.Wait(key, start), 60);
  EXPECT_EQ(throttle.Wait(key, start + std::chrono::seconds(60)), 0);
  EXPECT_EQ(throttle.Wait("login:a@example.jp\n10.0.0.2", start), 0) << "another address is not held up";
}

TEST_F(HardeningTest, FailedSignInsSlowOneAddressButTheOwnerSignsInElsewhere) {
  SignUp("7000012050002", "admin@supplier.example");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(LoginFrom("198.51.100.7", "admin@supplier.example", "wrong password!").status, 401);
  }
  const auto slowed = LoginFrom("198.51.100.7", "admin@supplier.example", "a long enough password");
  EXPECT_EQ(slowed.status, 429);
  EXPECT_EQ(HeaderOf(slowed, "Retry-After"), "1");
  // The owner, from anywhere else, is not locked out; nor is anyone else from that address.
  EXPECT_EQ(LoginFrom("203.0.113.20", "admin@supplier.example", "a long enough password").status, 200);
  // After the wait the attacker's address may try again: a delay, not a lock.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(LoginFrom("198.51.100.7", "admin@supplier.example", "a long enough password").status, 200);
}

TEST_F(HardeningTest, OverlongInputIsRefusedBeforeItCostsAnything) {
  const std::string huge(100'000, 'a');
  EXPECT_EQ(LoginFrom("198.51.100.8", huge + "@example.jp", "whatever password").status, 422);
  EXPECT_EQ(Send("POST", "/api/v1/signup",
                 json{{"corporate_number", "7000012050002"}, {"name", "X"}, {"industry", "E"}, {"email", huge},
                      {"display_name", "A"}, {"password", "a long enough password"}}.dump()).status,
            422);
}

TEST_F(HardeningTest, SignUpsAreCheckedFirstThenLimitedPerAddress) {
  remote_address_ = "192.0.2.50";
  auto signup = [&](const std::string& number, const std::string& email) {
    return Send("POST", "/api/v1/signup",
                json{{"corporate_number", number}, {"name", "Org " + number}, {"industry", "E"}, {"email", email},
                     {"display_name", "A"}, {"password", "a long enough password"}}.dump());
  };
  // Invalid sign-ups are refused before any hash and do not use up the address's allowance.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(signup("1000012050002", "x" + std::to_string(i) + "@e.example").status, 422);
  const char* numbers[] = {"7000012050002", "3400120034561", "2200300451234", "4180001234567", "3500201238765"};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(signup(numbers[i], "admin" + std::to_string(i) + "@e.example").status, 201);
  const auto limited = signup("7101104567890", "admin5@e.example");
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(HeaderOf(limited, "Retry-After").empty());
  EXPECT_FALSE(store_->FindOrganisation(*CorporateNumber::Parse("7101104567890"))->has_value());
}

TEST_F(HardeningTest, SignUpAndSignInRevealNothingAboutWhoIsRegistered) {
  SignUp("7000012050002", "admin@supplier.example");
  remote_address_ = "192.0.2.60";
  const auto taken_number = Send("POST", "/api/v1/signup",
                                 json{{"corporate_number", "7000012050002"}, {"name", "X"}, {"industry", "E"},
                                      {"email", "new@other.example"}, {"display_name", "A"},
                                      {"password", "a long enough password"}}.dump());
  const auto taken_email = Send("POST", "/api/v1/signup",
                                json{{"corporate_number", "3400120034561"}, {"name", "X"}, {"industry", "E"},
                                     {"email", "ADMIN@Supplier.Example"}, {"display_name", "A"},
                                     {"password", "a long enough password"}}.dump());
  EXPECT_EQ(taken_number.status, 409);
  EXPECT_EQ(taken_email.status, 409) << "e-mail addresses are compared without case";
  EXPECT_EQ(taken_number.body, taken_email.body) << "the two refusals must read the same";
  EXPECT_EQ(taken_email.body.find("ADMIN"), std::string::npos);
  EXPECT_FALSE(store_->FindOrganisation(*CorporateNumber::Parse("3400120034561"))->has_value()) << "nothing half written";
  // A wrong password and an unknown address answer alike.
  const auto wrong = LoginFrom("192.0.2.61", "admin@supplier.example", "not the password");
  const auto unknown = LoginFrom("192.0.2.62", "nobody@supplier.example", "not the password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(LoginFrom("192.0.2.63", "Admin@SUPPLIER.example", "a long enough password").status, 200);
}

TEST_F(HardeningTest, NobodyGrantsItselfTrust) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller puppet = SignUp("2200300451234", "admin@puppet.example", "L");
  // An organisation cannot make anyone an assessor: not by invitation, not by a role change.
  EXPECT_EQ(Send("POST", "/api/v1/invitations", R"({"email": "x@puppet.example", "role": "assessor"})", &puppet).status, 422);
  const Caller member = Invite(puppet, "m@puppet.example", "member");
  EXPECT_EQ(Send("PATCH", "/api/v1/users/" + std::to_string(member.user_id), R"({"role": "assessor"})", &puppet).status, 422);
  EXPECT_EQ(Send("PATCH", "/api/v1/users/" + std::to_string(member.user_id), R"({"role": "hub_admin"})", &puppet).status, 422);

  // Even an accredited assessor confirms only what names its organisation, dated sensibly.
  const Caller body_admin = SignUp("3400120034561", "admin@body.example", "L");
  const Caller assessor = Invite(body_admin, "expert@body.example", "assessor");
  const Caller other_assessor = Invite(puppet, "expert@puppet.example", "assessor");
  AccreditExpert("expert@body.example");
  const int64_t id = SubmittedAssessment(supplier, "3400120034561");
  const std::string path = "/api/v1/assessments/" + std::to_string(id);
  for (const char* number : {"3400120034561", "2200300451234"}) {
    ASSERT_EQ(Send("POST", "/api/v1/shares", json{{"assessment_id", id}, {"buyer_corporate_number", number}, {"detail", "details"}}.dump(),
                   &supplier).status, 201);
  }
  AcceptEngagement(id, supplier, assessor);  // issue 14: a confirmation needs an accepted engagement
  EXPECT_EQ(Send("POST", path + "/confirm", "{}", &other_assessor).status, 403) << "not the named assessor";
  EXPECT_EQ(Send("POST", path + "/confirm", R"({"valid_from": "2099-01-01"})", &assessor).status, 422);
  EXPECT_EQ(Send("POST", path + "/confirm", R"({"valid_from": "2020-01-01"})", &assessor).status, 422);
  EXPECT_EQ(Json(Send("GET", path, "", &supplier))["status"], "submitted") << "refusals change nothing";
  const auto confirmed = Send("POST", path + "/confirm", "{}", &assessor);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Json(confirmed)["held"]["star"], 3);
  // An assessment that names nobody cannot be confirmed by anyone.
  const int64_t unnamed = SubmittedAssessment(supplier);
  ASSERT_EQ(Send("POST", "/api/v1/shares", json{{"assessment_id", unnamed}, {"buyer_corporate_number", "3400120034561"}, {"detail", "details"}}.dump(),
                 &supplier).status, 201);
  EXPECT_EQ(Send("POST", "/api/v1/assessments/" + std::to_string(unnamed) + "/confirm", "{}", &assessor).status, 403);
  // Naming oneself is refused.
  const auto created = Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier);
  EXPECT_EQ(Send("POST", "/api/v1/assessments/" + std::to_string(Json(created)["id"].get<int64_t>()) + "/submit",
                 R"({"assessor_corporate_number": "7000012050002"})", &supplier).status, 422);
}

TEST_F(HardeningTest, AdminsRemoveAndDemoteColleaguesAndEveryCredentialEnds) {
  const Caller admin = SignUp("7000012050002", "admin@supplier.example");
  const Caller member = Invite(admin, "member@supplier.example", "member");
  const auto token = Send("POST", "/api/v1/tokens", R"({"name": "script"})", &member);
  ASSERT_EQ(token.status, 201);
  const Caller script{"", "", Json(token)["token"], member.user_id, member.org_id};
  ASSERT_EQ(Send("GET", "/api/v1/me", "", &script).status, 200);
  // A member cannot remove the admin; the last admin cannot be demoted or removed.
  EXPECT_EQ(Send("DELETE", "/api/v1/users/" + std::to_string(admin.user_id), "", &member).status, 403);
  EXPECT_EQ(Send("PATCH", "/api/v1/users/" + std::to_string(admin.user_id), R"({"role": "member"})", &admin).status, 409);
  EXPECT_EQ(Send("DELETE", "/api/v1/users/" + std::to_string(admin.user_id), "", &admin).status, 409);
  // Promote and demote.
  EXPECT_EQ(Json(Send("PATCH", "/api/v1/users/" + std::to_string(member.user_id), R"({"role": "org_admin"})", &admin))["role"], "org_admin");
  EXPECT_EQ(Json(Send("PATCH", "/api/v1/users/" + std::to_string(member.user_id), R"({"role": "member"})", &admin))["role"], "member");
  // Removal ends the session and the token at once; signing in again fails.
  EXPECT_EQ(Send("DELETE", "/api/v1/users/" + std::to_string(member.user_id), "", &admin).status, 204);
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &member).status, 401);
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &script).status, 401);
  EXPECT_EQ(LoginFrom("192.0.2.70", "member@supplier.example", "another long password").status, 401);
  // Another organisation's user is not found.
  const Caller stranger = SignUp("3400120034561", "admin@buyer.example");
  EXPECT_EQ(Send("DELETE", "/api/v1/users/" + std::to_string(stranger.user_id), "", &admin).status, 404);
}

TEST_F(HardeningTest, TokensExpireCannotEscalateAndCannotMintTokens) {
  const Caller admin = SignUp("7000012050002", "admin@supplier.example");
  EXPECT_EQ(Send("POST", "/api/v1/tokens", R"({"name": "t", "expires_in_days": 400})", &admin).status, 422);
  EXPECT_EQ(Send("POST", "/api/v1/tokens", R"({"name": "t", "scope": "admin"})", &admin).status, 422);
  const auto read = Send("POST", "/api/v1/tokens", R"({"name": "reader", "scope": "read"})", &admin);
  ASSERT_EQ(read.status, 201);
  EXPECT_FALSE(Json(read)["expires_at"].get<std::string>().empty());
  const Caller reader{"", "", Json(read)["token"], admin.user_id, admin.org_id};
  EXPECT_EQ(Send("GET", "/api/v1/assessments", "", &reader).status, 200);
  EXPECT_EQ(Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &reader).status, 403);
  const auto write = Send("POST", "/api/v1/tokens", R"({"name": "writer"})", &admin);
  const Caller writer{"", "", Json(write)["token"], admin.user_id, admin.org_id};
  EXPECT_EQ(Send("POST", "/api/v1/tokens", R"({"name": "child"})", &writer).status, 403) << "a token cannot mint tokens";
  // A token past its expiry stops working.
  RawSql("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE name = 'writer'");
  // Changed behind the server's back: drop its caches as a change notice would (an
  // assessment created through the API drops only that organisation's cached data now).
  app_->chain().Invalidate();
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &writer).status, 401);
  // Signing out everywhere ends every session and token of the user.
  EXPECT_EQ(Send("POST", "/api/v1/logout", R"({"everywhere": true})", &admin).status, 204);
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &reader).status, 401);
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &admin).status, 401);
}

TEST_F(HardeningTest, RefusalsAndFailedSignInsAreAuditedWithoutWhatWasTyped) {
  const Caller admin = SignUp("7000012050002", "admin@supplier.example");
  const Caller member = Invite(admin, "member@supplier.example", "member");
  EXPECT_EQ(LoginFrom("192.0.2.80", "admin@supplier.example typed-secret", "x").status, 401);
  EXPECT_EQ(Send("PUT", "/api/v1/policy", R"({"rules": ""})", &member).status, 403);
  Caller forged = member;
  forged.csrf = "forged";
  EXPECT_EQ(Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &forged).status, 403);
  std::string text;
  int denied = 0;
  for (const json& e : AuditEntries()) {
    text += e.dump() + "\n";
    if (e["action"] == "access.denied") ++denied;
  }
  EXPECT_EQ(denied, 2) << text;
  EXPECT_NE(text.find("CSRF check failed"), std::string::npos);
  EXPECT_NE(text.find("login.failed"), std::string::npos);
  EXPECT_NE(text.find("192.0.2.80"), std::string::npos) << "the client address is recorded";
  EXPECT_EQ(text.find("typed-secret"), std::string::npos) << "what was typed as the e-mail is never stored";
}

TEST_F(HardeningTest, StaleWritesAreRefusedAndSubmittedAssessmentsAreFrozen) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const auto created = Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier);
  const std::string path = "/api/v1/assessments/" + std::to_string(Json(created)["id"].get<int64_t>());
  const std::string etag = HeaderOf(Send("GET", path, "", &supplier), "ETag");
  ASSERT_FALSE(etag.empty());
  // PUT replaces everything, so it needs the version read.
  EXPECT_EQ(Send("PUT", path + "/answers", R"({"answers": []})", &supplier).status, 428);
  extra_headers_ = {{"if-match", etag}};
  const auto first = Send("PATCH", path + "/answers", R"({"answers": [{"ref": "GV-01.1", "status": "implemented"}]})", &supplier);
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(HeaderOf(first, "ETag"), etag);
  // Someone holding the old version is refused, and nothing changes.
  const auto stale = Send("PATCH", path + "/answers", R"({"answers": [{"ref": "GV-01.1", "status": "not_implemented"}]})", &supplier);
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(Json(Send("GET", path + "/answers", "", &supplier))["answers"][0]["status"], "implemented");
  extra_headers_ = {{"if-match", HeaderOf(first, "ETag")}};
  EXPECT_EQ(Send("PUT", path + "/answers", R"({"answers": [{"ref": "GV-01.2", "status": "partial"}]})", &supplier).status, 200);
  extra_headers_.clear();
  ASSERT_EQ(Send("POST", path + "/submit", "{}", &supplier).status, 200);
  EXPECT_EQ(Send("PATCH", path + "/answers", R"({"answers": [{"ref": "GV-01.1", "status": "partial"}]})", &supplier).status, 409);
  EXPECT_EQ(Send("POST", path + "/submit", "{}", &supplier).status, 409);
}

// Eight people edit different questions of one draft at once while someone submits it. No
// acknowledged answer is lost, and nothing changes once the submission is acknowledged.
// Runs for HOSHITORI_STRESS_SECONDS (default 60) in rounds of about 5 seconds.
class ConcurrentEditTest : public HardeningTest {
 protected:
  int Connections() const override { return 4; }
};

TEST_F(ConcurrentEditTest, NoAcknowledgedAnswerIsLostAndSubmittedStaysSubmitted) {
  const char* configured = std::getenv("HOSHITORI_STRESS_SECONDS");
  const int seconds = configured ? std::atoi(configured) : 60;
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Framework& hub = *testing_support::ShippedCatalog().FindFramework("hoshitori-common");
  std::vector<std::string> refs;
  for (NodeIndex n : hub.assessable()) refs.push_back(hub.nodes()[n].id);
  constexpr int kEditors = 8;
  const char* statuses[] = {"implemented", "partial", "not_implemented", "not_applicable"};
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int rounds = 0;
  int64_t acknowledged_total = 0;
  do {
    const auto created = Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier);
    ASSERT_EQ(created.status, 201);
    const std::string path = "/api/v1/assessments/" + std::to_string(Json(created)["id"].get<int64_t>());
    std::mutex mutex;
    std::map<std::string, std::string> acknowledged;  // ref -> last acknowledged status
    std::atomic<int64_t> errors{0};
    std::vector<std::thread> editors;
    const auto round_end = std::min(end, std::chrono::steady_clock::now() + std::chrono::seconds(5));
    for (int e = 0; e < kEditors; ++e) {
      editors.emplace_back([&, e] {
        std::mt19937 random(static_cast<unsigned>(e * 7919 + rounds));
        while (std::chrono::steady_clock::now() < round_end) {
          // Editor e owns every refs[i] with i % kEditors == e.
          const size_t i = (random() % (refs.size() / kEditors)) * kEditors + e;
          const std::string status = statuses[random() % 4];
          const auto response = Send("PATCH", path + "/answers",
                                     json{{"answers", json::array({json{{"ref", refs[i]}, {"status", status}}})}}.dump(),
                                     &supplier);
          if (response.status == 200) {
            std::lock_guard lock(mutex);
            acknowledged[refs[i]] = status;
          } else if (response.status != 409) {
            ++errors;
          }
        }
      });
    }
    std::this_thread::sleep_until(round_end - std::chrono::milliseconds(1500));
    // Every write raises the version, so the version the submission answered with must be
    // the version at the end: nothing was written after it.
    const auto submit = Send("POST", path + "/submit", "{}", &supplier);
    ASSERT_EQ(submit.status, 200) << submit.body;
    const std::string submitted_version = HeaderOf(submit, "ETag");
    for (auto& t : editors) t.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(HeaderOf(Send("GET", path, "", &supplier), "ETag"), submitted_version) << "a submitted assessment changed";
    const json final_answers = Json(Send("GET", path + "/answers", "", &supplier))["answers"];
    std::map<std::string, std::string> stored;
    for (const json& a : final_answers) stored[a["ref"]] = a["status"];
    EXPECT_EQ(stored, acknowledged) << "an acknowledged answer was lost";
    acknowledged_total += static_cast<int64_t>(acknowledged.size());
    ++rounds;
  } while (std::chrono::steady_clock::now() < end && !HasFailure());
  RecordProperty("rounds", rounds);
  RecordProperty("distinct_answers_acknowledged", static_cast<int>(acknowledged_total));
  EXPECT_GT(acknowledged_total, 0);
}

}  // namespace
}  // namespace hoshitori::api
