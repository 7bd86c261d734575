// The server's clock is passed in (`serve --today`): use cases date what they record and
// check validity against it, not against the machine's date.
#include <gtest/gtest.h>

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class ClockTest : public ApiFixture {
 protected:
  std::optional<Date> FixedToday() const override { return Date{std::chrono::year{2031}, std::chrono::April, std::chrono::day{1}}; }
};

TEST_F(ClockTest, ConfirmationIsDatedAndCheckedByTheServersDay) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller body_admin = SignUp("3400120034561", "admin@body.example", "L");
  const Caller assessor = Invite(body_admin, "expert@body.example", "assessor");
  AccreditExpert("expert@body.example");
  const int64_t id = SubmittedAssessment(supplier, "3400120034561");
  const std::string path = "/api/v1/assessments/" + std::to_string(id);
  ASSERT_EQ(Send("POST", "/api/v1/shares",
                 json{{"assessment_id", id}, {"buyer_corporate_number", "3400120034561"}, {"detail", "details"}}.dump(),
                 &supplier).status, 201);
  AcceptEngagement(id, supplier, assessor);  // issue 14: a confirmation needs an accepted engagement
  // The server's today is 2031-04-01: the day after is "in the future" for it.
  EXPECT_EQ(Send("POST", path + "/confirm", R"({"valid_from": "2031-04-02"})", &assessor).status, 422);
  const auto confirmed = Send("POST", path + "/confirm", "{}", &assessor);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Json(confirmed)["valid_from"], "2031-04-01") << "dated by the server's clock";
  EXPECT_EQ(Json(confirmed)["held"]["star"], 3);
}

}  // namespace
}  // namespace hoshitori::api
