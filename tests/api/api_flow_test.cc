// The supplier and buyer journeys through the API, and how bad input is refused.
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class ApiFlowTest : public ApiFixture {};

TEST_F(ApiFlowTest, SupplierSharesAndBuyerSeesExactlyThat) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const Caller colleague = Invite(supplier, "member@supplier.example", "member");
  EXPECT_EQ(Json(Send("GET", "/api/v1/users", "", &supplier))["users"].size(), 2u);

  const int64_t id = SubmittedAssessment(supplier);
  const std::string path = "/api/v1/assessments/" + std::to_string(id);
  // A colleague reads it; the buyer sees nothing before a share.
  EXPECT_EQ(Send("GET", path, "", &colleague).status, 200);
  EXPECT_EQ(Send("GET", path, "", &buyer).status, 404);
  EXPECT_TRUE(Json(Send("GET", "/api/v1/suppliers", "", &buyer))["suppliers"].empty());

  // Only the admin decides to share.
  const std::string share_body = json{{"assessment_id", id}, {"buyer_corporate_number", "3400120034561"}}.dump();
  EXPECT_EQ(Send("POST", "/api/v1/shares", share_body, &colleague).status, 403);
  const auto shared = Send("POST", "/api/v1/shares", share_body, &supplier);
  ASSERT_EQ(shared.status, 201) << shared.body;
  EXPECT_EQ(Json(shared)["buyer"]["corporate_number"], "3400120034561");  // parties are named
  EXPECT_EQ(Json(Send("GET", "/api/v1/shares", "", &buyer))["received"][0]["supplier"]["name"], "Org 7000012050002");

  // Level share: the buyer reads the level, not the answers or results.
  const auto seen = Send("GET", path, "", &buyer);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(Json(seen)["eligible_star"], 3);
  EXPECT_FALSE(Json(seen).contains("result"));
  EXPECT_EQ(Send("GET", path + "/answers", "", &buyer).status, 403);
  const auto suppliers = Json(Send("GET", "/api/v1/suppliers", "", &buyer))["suppliers"];
  ASSERT_EQ(suppliers.size(), 1u);
  EXPECT_EQ(suppliers[0]["supplier"]["corporate_number"], "7000012050002");
  EXPECT_EQ(suppliers[0]["held"]["star"], 0);  // self-submitted: ★3 needs an expert

  // Revoked: gone again.
  const int64_t share_id = Json(shared)["id"];
  EXPECT_EQ(Send("DELETE", "/api/v1/shares/" + std::to_string(share_id), "", &buyer).status, 403);
  EXPECT_EQ(Send("DELETE", "/api/v1/shares/" + std::to_string(share_id), "", &supplier).status, 204);
  EXPECT_EQ(Send("GET", path, "", &buyer).status, 404);
  EXPECT_TRUE(Json(Send("GET", "/api/v1/suppliers", "", &buyer))["suppliers"].empty());
}

TEST_F(ApiFlowTest, RequestAnsweredByADetailedShareAndAnAssessorConfirms) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const Caller body_admin = SignUp("2200300451234", "admin@assessor.example", "L");
  const Caller assessor = Invite(body_admin, "expert@assessor.example", "assessor");
  AccreditExpert("expert@assessor.example");

  const auto requested = Send("POST", "/api/v1/requests",
                              json{{"supplier_corporate_number", "7000012050002"}, {"framework", "hoshitori-common"},
                                   {"required_star", 3}, {"message", "年次の確認をお願いします"}}.dump(),
                              &buyer);
  ASSERT_EQ(requested.status, 201) << requested.body;
  const int64_t request_id = Json(requested)["id"];
  ASSERT_EQ(Json(Send("GET", "/api/v1/requests", "", &supplier))["requests"].size(), 1u);

  const int64_t id = SubmittedAssessment(supplier, "2200300451234");
  const std::string path = "/api/v1/assessments/" + std::to_string(id);
  // The assessor cannot confirm what was not shared in detail with its organisation.
  EXPECT_EQ(Send("POST", path + "/confirm", "{}", &assessor).status, 404);
  ASSERT_EQ(Send("POST", "/api/v1/shares",
                 json{{"assessment_id", id}, {"buyer_corporate_number", "2200300451234"}, {"detail", "details"}}.dump(),
                 &supplier).status, 201);
  AcceptEngagement(id, supplier, assessor);  // issue 14: a confirmation needs an accepted engagement
  const auto confirmed = Send("POST", path + "/confirm", "{}", &assessor);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Json(confirmed)["held"]["star"], 3);
  // The body's admin (not an assessor) may read but not confirm.
  EXPECT_EQ(Send("POST", path + "/verify", "{}", &body_admin).status, 403);

  // Answering the buyer's request with a detailed share.
  const auto answered = Send("POST", "/api/v1/shares",
                             json{{"assessment_id", id}, {"buyer_corporate_number", "3400120034561"},
                                  {"detail", "details"}, {"request_id", request_id}}.dump(),
                             &supplier);
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_EQ(Json(Send("GET", "/api/v1/requests", "", &buyer))["requests"][0]["status"], "answered");
  const auto seen = Send("GET", path, "", &buyer);
  EXPECT_EQ(Json(seen)["held"]["star"], 3);
  EXPECT_TRUE(Json(seen).contains("result"));
  EXPECT_EQ(Send("GET", path + "/answers", "", &buyer).status, 200);
  // Answers of a confirmed assessment are frozen.
  extra_headers_ = {{"if-match", "\"" + std::to_string(Json(Send("GET", path + "/answers", "", &supplier))["version"].get<int64_t>()) + "\""}};
  EXPECT_EQ(Send("PUT", path + "/answers", R"({"answers": []})", &supplier).status, 409);
}

TEST_F(ApiFlowTest, BadInputIsRefusedClearlyAndChangesNothing) {
  const auto before = store_->ListOrganisations()->size();
  auto expect = [&](const HttpResponse& r, int status, const std::string& needle) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json");
    EXPECT_NE(r.body.find(needle), std::string::npos) << r.body;
  };
  expect(Send("POST", "/api/v1/signup", "{\"corporate_number\": "), 400, "not valid JSON");
  expect(Send("POST", "/api/v1/signup", "[1, 2]"), 400, "must be a JSON object");
  expect(Send("POST", "/api/v1/signup", R"({"corporate_number": 7000012050002, "name": "X", "industry": "E",
      "email": "a@b.example", "display_name": "A", "password": "a long enough password"})"),
         400, "must be a string");
  expect(Send("POST", "/api/v1/signup", R"({"nickname": "x"})"), 400, "nickname");
  expect(Send("POST", "/api/v1/signup", "{\"name\": \"\xff\xfe\"}"), 400, "not valid JSON");
  expect(Send("POST", "/api/v1/signup", R"({"corporate_number": "1000012050002", "name": "X", "industry": "E",
      "email": "a@b.example", "display_name": "A", "password": "a long enough password"})"),
         422, "wrong check digit");
  expect(Send("POST", "/api/v1/signup", R"({"corporate_number": "7000012050002", "name": "X", "industry": "E",
      "email": "a@b.example", "display_name": "A", "password": "short"})"),
         422, "at least 12 characters");
  expect(Send("POST", "/api/v1/signup", "a=b", nullptr, "application/x-www-form-urlencoded"), 415, "application/json");
  expect(Send("GET", "/api/v1/nothing"), 404, "no such endpoint");
  expect(Send("DELETE", "/api/v1/me"), 405, "not supported");
  EXPECT_EQ(store_->ListOrganisations()->size(), before);

  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const auto created = Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier);
  const std::string path = "/api/v1/assessments/" + std::to_string(Json(created)["id"].get<int64_t>());
  ASSERT_EQ(Send("PATCH", path + "/answers", R"({"answers": [{"ref": "GV-01.1", "status": "implemented"}]})", &supplier).status, 200);
  // One bad answer: nothing of the new set is stored, the old answers stay.
  expect(Send("PATCH", path + "/answers",
              R"({"answers": [{"ref": "GV-01.2", "status": "implemented"}, {"ref": "XX-99", "status": "implemented"}]})",
              &supplier),
         422, "'XX-99' is not a requirement");
  const auto answers = Json(Send("GET", path + "/answers", "", &supplier))["answers"];
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0]["ref"], "GV-01.1");
  expect(Send("GET", "/api/v1/assessments/abc", "", &supplier), 404, "not an id");
  expect(Send("GET", "/api/v1/organisations/123", "", &supplier), 422, "13");
}

TEST_F(ApiFlowTest, CookieSessionsNeedTheCsrfTokenForChanges) {
  Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  Caller forged = supplier;
  forged.csrf = "not-the-token";
  const auto refused = Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &forged);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("X-CSRF-Token"), std::string::npos);
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());
  // Reads do not need it.
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &forged).status, 200);
}

TEST_F(ApiFlowTest, ApiTokensAreShownOnceStoredHashedAndRevocable) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const auto created = Send("POST", "/api/v1/tokens", R"({"name": "nightly export"})", &supplier);
  ASSERT_EQ(created.status, 201);
  const std::string token = Json(created)["token"];
  const Caller script{"", "", token, supplier.user_id, supplier.org_id};
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &script).status, 200);
  const auto listed = Send("GET", "/api/v1/tokens", "", &script);
  EXPECT_EQ(listed.body.find(token), std::string::npos) << "a token must never be shown again";
  EXPECT_TRUE(store_->FindApiToken(token)->has_value() == false);
  const int64_t id = Json(created)["id"];
  EXPECT_EQ(Send("DELETE", "/api/v1/tokens/" + std::to_string(id), "", &script).status, 204);
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &script).status, 401);
}

TEST_F(ApiFlowTest, LoginIsRateLimitedAndLogoutEndsTheSession) {
  Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Send("POST", "/api/v1/login", R"({"email": "admin@supplier.example", "password": "wrong password 1"})").status, 401);
  }
  const auto limited = Send("POST", "/api/v1/login", R"({"email": "admin@supplier.example", "password": "a long enough password"})");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Send("POST", "/api/v1/logout", "", &supplier).status, 204);
  EXPECT_EQ(Send("GET", "/api/v1/me", "", &supplier).status, 401);
}

TEST_F(ApiFlowTest, EveryChangeIsAuditedInAnIntactChain) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  SubmittedAssessment(supplier);
  const auto entries = Json(Send("GET", "/api/v1/audit", "", &supplier))["entries"];
  std::vector<std::string> actions;
  for (const auto& e : entries) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"signup", "assessment.create", "assessment.answers.patch", "assessment.submit"}));
  EXPECT_EQ(Send("GET", "/api/v1/audit", "", nullptr).status, 401);
}

TEST_F(ApiFlowTest, IndustryAveragesAppearFromFiveContributors) {
  const char* numbers[] = {"7000012050002", "3400120034561", "2200300451234", "4180001234567", "3500201238765"};
  std::vector<Caller> orgs;
  for (int i = 0; i < 5; ++i) orgs.push_back(SignUp(numbers[i], "admin" + std::to_string(i) + "@e.example"));
  const Caller other_industry = SignUp("7101104567890", "admin@g.example", "G");
  const std::string path = "/api/v1/industry-averages/hoshitori-common";
  for (int i = 0; i < 4; ++i) SubmittedAssessment(orgs[i]);
  auto averages = Json(Send("GET", path, "", &orgs[0]));
  EXPECT_EQ(averages["contributors"], 4);
  EXPECT_TRUE(averages["categories"].is_null()) << "four organisations must not be averaged";
  // A draft does not count; the fifth submitted one does.
  ASSERT_EQ(Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &orgs[4]).status, 201);
  EXPECT_EQ(Json(Send("GET", path, "", &orgs[0]))["contributors"], 4);
  SubmittedAssessment(orgs[4]);
  averages = Json(Send("GET", path, "", &orgs[4]));
  EXPECT_EQ(averages["contributors"], 5);
  EXPECT_EQ(averages["industry"], "E");
  ASSERT_EQ(averages["categories"].size(), testing_support::ShippedCatalog().FindFramework("hoshitori-common")->categories.size());
  EXPECT_GT(averages["categories"][0]["coverage"].get<double>(), 0.0);
  // Another industry has its own (empty) average; signed out sees nothing.
  EXPECT_EQ(Json(Send("GET", path, "", &other_industry))["contributors"], 0);
  EXPECT_EQ(Send("GET", path).status, 401);
  EXPECT_EQ(Send("GET", "/api/v1/industry-averages/no-such", "", &orgs[0]).status, 404);
}

}  // namespace
}  // namespace hoshitori::api
