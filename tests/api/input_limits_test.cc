// Limits on what a request may carry (docs/security.md, "Input limits"): JSON nesting depth
// on every route, string lengths per field, array sizes, and bounded /metrics series.
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

// A ~200 KB body nested 100,000 levels deep: once enough to overflow the stack in a dump.
std::string DeepBody(const std::string& field) {
  constexpr int kLevels = 100000;
  return "{\"" + field + "\": " + std::string(kLevels, '[') + std::string(kLevels, ']') + "}";
}

class InputLimitsTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    owner_ = SignUp("7000012050002", "admin@supplier.example");
    const auto created = Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &owner_);
    ASSERT_EQ(created.status, 201) << created.body;
    assessment_ = "/api/v1/assessments/" + std::to_string(Json(created)["id"].get<int64_t>());
  }
  void ExpectProblem(const HttpResponse& r, int status, const std::string& needle) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json");
    EXPECT_NE(r.body.find(needle), std::string::npos) << r.body.substr(0, 500);
  }
  static json SignupBody() {
    return json{{"corporate_number", "4180001234567"}, {"name", "Buyer"}, {"industry", "E"},
                {"email", "admin@buyer.example"}, {"display_name", "Admin"}, {"password", "a long enough password"}};
  }

  Caller owner_;
  std::string assessment_;
};

TEST_F(InputLimitsTest, DeeplyNestedAnswersAreRefusedNotFatal) {
  ExpectProblem(Send("PATCH", assessment_ + "/answers", DeepBody("answers"), &owner_), 400,
                "nested deeper than 64 levels");
  // 64 levels are still read (and refused for what they say, not for their depth).
  const std::string nested64 = "{\"answers\": " + std::string(63, '[') + std::string(63, ']') + "}";
  const auto at_limit = Send("PATCH", assessment_ + "/answers", nested64, &owner_);
  EXPECT_EQ(at_limit.status, 422) << at_limit.body;
  // The server is still there.
  EXPECT_EQ(Send("GET", assessment_ + "/answers", "", &owner_).status, 200);
}

TEST_F(InputLimitsTest, DeeplyNestedRelationshipsAreRefusedNotFatal) {
  ExpectProblem(Send("POST", "/api/v1/relationships", DeepBody("relationships"), &owner_), 400,
                "nested deeper than 64 levels");
}

TEST_F(InputLimitsTest, EveryRouteTakingABodySurvivesDeepNesting) {
  int tried = 0;
  for (const Route& route : app_->router().routes()) {
    // Signing out would end the session the other routes are tried with.
    if (route.method == "GET" || route.method == "HEAD" || route.pattern == "/api/v1/logout") continue;
    std::string path = route.pattern;
    for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{')) {
      const size_t close = path.find('}', open);
      const std::string name = path.substr(open + 1, close - open - 1);
      path.replace(open, close - open + 1, name == "corporate_number" ? "7000012050002" : "1");
    }
    for (const char* field : {"answers", "relationships", "rules", "email", "name"}) {
      const auto response = Send(route.method, path, DeepBody(field), &owner_);
      EXPECT_NE(response.status, 500) << route.method << " " << path << ": " << response.body;
      if (response.status == 400) {
        EXPECT_NE(response.body.find("nested deeper than 64 levels"), std::string::npos) << route.pattern;
      }
    }
    ++tried;
  }
  EXPECT_GT(tried, 10);
}

TEST_F(InputLimitsTest, StringFieldsHaveLimitsNamedInTheAnswer) {
  json body = SignupBody();
  body["email"] = std::string(250, 'a') + "@b.example";
  ExpectProblem(Send("POST", "/api/v1/signup", body.dump()), 422, R"(field \"email\" is longer than 254 characters)");
  body = SignupBody();
  body["display_name"] = std::string(201, 'n');
  ExpectProblem(Send("POST", "/api/v1/signup", body.dump()), 422,
                R"(field \"display_name\" is longer than 200 characters)");
  body = SignupBody();
  body["password"] = "correct horse " + std::string(1020, 'x');
  ExpectProblem(Send("POST", "/api/v1/signup", body.dump()), 422, R"(field \"password\" is longer than 1024 characters)");
  body = SignupBody();
  body["industry"] = std::string(201, 'E');
  ExpectProblem(Send("POST", "/api/v1/signup", body.dump()), 422, R"(field \"industry\" is longer than 200 characters)");
  // Sign-in: a megabyte-long e-mail is refused before it reaches the limiter.
  ExpectProblem(Send("POST", "/api/v1/login", json{{"email", std::string(100000, 'a')}, {"password", "x"}}.dump()), 422,
                R"(field \"email\" is longer than 254 characters)");
  // Free text: a request's message, an assessment's scope, an answer's comment.
  ExpectProblem(Send("POST", "/api/v1/assessments",
                     json{{"framework", "hoshitori-common"}, {"scope", std::string(4001, 's')}}.dump(), &owner_),
                422, R"(field \"scope\" is longer than 4000 characters)");
  ExpectProblem(Send("PATCH", assessment_ + "/answers",
                     json{{"answers", {{{"ref", "GV-01.1"}, {"status", "implemented"}, {"comment", std::string(4001, 'c')}}}}}
                         .dump(),
                     &owner_),
                422, R"(field \"comment\" is longer than 4000 characters)");
  EXPECT_EQ(store_->ListOrganisations()->size(), 1u);
}

TEST_F(InputLimitsTest, LimitsCountCharactersNotBytes) {
  json body = SignupBody();
  std::string name;
  for (int i = 0; i < 200; ++i) name += "星";  // 200 characters, 600 bytes
  body["display_name"] = name;
  body["name"] = name;
  const auto created = Send("POST", "/api/v1/signup", body.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Json(created)["user"]["display_name"], name);
}

TEST_F(InputLimitsTest, ArraysHaveAnItemLimit) {
  json relationships = json::array();
  for (int i = 0; i < 5001; ++i) relationships.push_back(json::object());
  ExpectProblem(Send("POST", "/api/v1/relationships", json{{"relationships", relationships}}.dump(), &owner_), 422,
                R"(field \"relationships\" has more than 5000 items)");
}

TEST_F(InputLimitsTest, UnknownMethodsDoNotAddMetricSeries) {
  for (int i = 0; i < 50; ++i) Send("FOO" + std::to_string(i), "/api/v1/me", "", &owner_);
  Send("GET", "/api/v1/me", "", &owner_);
  const auto metrics = Send("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.body.find("FOO"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find(R"(method="other",route="unmatched",status="405")"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find(R"(method="GET",route="/api/v1/me",status="200")"), std::string::npos);
}

}  // namespace
}  // namespace hoshitori::api
