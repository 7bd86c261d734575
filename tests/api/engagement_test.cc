// The engagement of an assessor organisation, end to end through the API on both backends:
// requested → accepted (only then the assessor reads the assessment in full) → findings and
// evidence requests the supplier answers → confirmation; a decline lets the supplier name
// another organisation; a refusal ends it without a level. Nobody else sees or acts on it.
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;
using testing_support::ShippedCatalog;

class EngagementTest : public ApiFixture {
 protected:
  // The id of the first ★3 criterion of the hub framework (SubmittedAssessment implements
  // every ★3 criterion).
  static std::string Star3Criterion(int skip = 0) {
    const Framework& hub = *ShippedCatalog().FindFramework("hoshitori-common");
    for (NodeIndex n : hub.assessable()) {
      if (LowestStar(hub.nodes()[n].levels) == 3 && skip-- == 0) return hub.nodes()[n].id;
    }
    return "";
  }
  int64_t EngagementOf(int64_t assessment, const Caller& caller) {
    const auto response = Send(
        "GET", "/api/v1/assessments/" + std::to_string(assessment) + "/engagement", "", &caller);
    EXPECT_EQ(response.status, 200) << response.body;
    return Json(response)["id"];
  }
  std::vector<std::string> AuditActions(const Caller& admin) {
    std::vector<std::string> actions;
    const auto log =
        Json(Send("GET", "/api/v1/audit", "", &admin));  // named: the loop must not dangle
    for (const auto& entry : log["entries"]) actions.push_back(entry["action"]);
    return actions;
  }
};

TEST_F(EngagementTest, AcceptedAssessorReviewsAsksForEvidenceAndConfirms) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller body_admin = SignUp("3400120034561", "admin@body.example", "L");
  const Caller assessor = AccreditedExpert(body_admin, "expert@body.example");
  const int64_t id = SubmittedAssessment(supplier, "3400120034561");
  const std::string path = "/api/v1/assessments/" + std::to_string(id);

  // Submitting named the body: an engagement exists, requested.
  const auto requested = Send("GET", path + "/engagement", "", &supplier);
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_EQ(Json(requested)["state"], "requested");
  EXPECT_EQ(Json(requested)["assessor"]["corporate_number"], "3400120034561");
  const int64_t engagement = Json(requested)["id"];
  const std::string epath = "/api/v1/engagements/" + std::to_string(engagement);

  // Before accepting, the assessor sees the request but not the assessment.
  EXPECT_EQ(Send("GET", epath, "", &assessor).status, 200);
  ASSERT_EQ(Json(Send("GET", "/api/v1/engagements", "", &assessor))["engagements"].size(), 1u);
  EXPECT_EQ(Send("GET", path, "", &assessor).status, 404);
  EXPECT_EQ(Send("GET", path + "/answers", "", &assessor).status, 404);
  EXPECT_EQ(Send("POST", path + "/confirm", "{}", &assessor).status, 404);
  // The supplier and the body's admin cannot accept for the assessor.
  EXPECT_EQ(Send("POST", epath + "/accept", "{}", &supplier).status, 403);
  EXPECT_EQ(Send("POST", epath + "/accept", "{}", &body_admin).status, 404);

  const auto accepted = Send("POST", epath + "/accept", "{}", &assessor);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(Json(accepted)["state"], "accepted");
  EXPECT_EQ(Send("POST", epath + "/accept", "{}", &assessor).status, 409) << "accepted once";
  // Now in full, by this route (no share was granted).
  const auto full = Send("GET", path, "", &assessor);
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_TRUE(Json(full).contains("result"));
  EXPECT_EQ(Send("GET", path + "/answers", "", &assessor).status, 200);
  EXPECT_EQ(Send("GET", path, "", &assessor).status, 200) << "the cached view is authorised again";

  // A finding asking for evidence blocks the confirmation until the assessor judges again.
  const std::string criterion = Star3Criterion();
  EXPECT_EQ(Send("POST", epath + "/findings",
                 json{{"criterion", criterion}, {"verdict", "needs_evidence"}}.dump(), &assessor)
                .status,
            422)
      << "an evidence request says what is needed";
  EXPECT_EQ(Send("POST", epath + "/findings",
                 json{{"criterion", "no-such-node"}, {"verdict", "confirmed"}}.dump(), &assessor)
                .status,
            422);
  EXPECT_EQ(Send("POST", epath + "/findings",
                 json{{"criterion", criterion}, {"verdict", "maybe"}}.dump(), &assessor)
                .status,
            422);
  EXPECT_EQ(Send("POST", epath + "/findings",
                 json{{"criterion", criterion}, {"verdict", "confirmed"}, {"comment", "ok"}}.dump(),
                 &supplier)
                .status,
            403);
  const auto asked = Send("POST", epath + "/findings",
                          json{{"criterion", criterion},
                               {"verdict", "needs_evidence"},
                               {"comment", "手順書の写しを添付してください"}}
                              .dump(),
                          &assessor);
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(Json(asked)["open_requests"], 1);
  EXPECT_FALSE(Json(asked)["ready_to_conclude"]);
  const auto blocked = Send("POST", path + "/confirm", "{}", &assessor);
  EXPECT_EQ(blocked.status, 409) << blocked.body;
  EXPECT_EQ(Json(Send("GET", path, "", &supplier))["status"], "submitted")
      << "the refusal changed nothing";

  // The supplier sees where it stands and answers.
  const auto standing = Json(Send("GET", epath, "", &supplier));
  ASSERT_EQ(standing["findings"].size(), 1u);
  EXPECT_EQ(standing["findings"][0]["verdict"], "needs_evidence");
  EXPECT_EQ(standing["findings"][0]["comment"], "手順書の写しを添付してください");
  EXPECT_EQ(Send("POST", epath + "/replies",
                 json{{"criterion", criterion}, {"comment", "x"}}.dump(), &assessor)
                .status,
            403);
  EXPECT_EQ(Send("POST", epath + "/replies",
                 json{{"criterion", Star3Criterion(1)}, {"comment", "x"}}.dump(), &supplier)
                .status,
            409)
      << "no request on that criterion";
  const auto replied = Send(
      "POST", epath + "/replies",
      json{{"criterion", criterion}, {"comment", "証拠ファイルを追加しました"}}.dump(), &supplier);
  ASSERT_EQ(replied.status, 200) << replied.body;
  EXPECT_EQ(Json(replied)["open_requests"], 0);
  EXPECT_EQ(Json(replied)["answered_requests"], 1);
  EXPECT_EQ(Json(replied)["findings"][0]["reply"], "証拠ファイルを追加しました");
  EXPECT_EQ(Send("POST", path + "/confirm", "{}", &assessor).status, 409)
      << "answered, but not judged again yet";

  // The next finding is the next version; the history keeps both.
  const auto judged = Send(
      "POST", epath + "/findings",
      json{{"criterion", criterion}, {"verdict", "confirmed"}, {"comment", "確認しました"}}.dump(),
      &assessor);
  ASSERT_EQ(judged.status, 201) << judged.body;
  EXPECT_EQ(Json(judged)["findings"][0]["version"], 2);
  EXPECT_TRUE(Json(judged)["ready_to_conclude"]);
  const auto history = Json(Send("GET", epath + "/findings", "", &supplier))["findings"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["verdict"], "needs_evidence");
  EXPECT_EQ(history[1]["verdict"], "confirmed");

  const auto concluded =
      Send("POST", epath + "/conclude", R"({"outcome": "confirmed"})", &assessor);
  ASSERT_EQ(concluded.status, 200) << concluded.body;
  EXPECT_EQ(Json(concluded)["state"], "concluded");
  EXPECT_EQ(Json(concluded)["assessment_status"], "confirmed");
  EXPECT_EQ(Json(Send("GET", path, "", &supplier))["held"]["star"], 3);
  // Concluded: the engagement no longer opens the assessment.
  EXPECT_EQ(Send("GET", path + "/answers", "", &assessor).status, 404);
  EXPECT_EQ(
      Send("POST", epath + "/findings",
           json{{"criterion", criterion}, {"verdict", "not_confirmed"}, {"comment", "late"}}.dump(),
           &assessor)
          .status,
      409)
      << "concluded: no more findings";

  // Every step is in the audit log of the organisation that took it.
  const auto body_actions = AuditActions(body_admin);
  for (const char* action :
       {"engagement.accept", "engagement.finding", "engagement.conclude", "assessment.confirm"}) {
    EXPECT_NE(std::find(body_actions.begin(), body_actions.end(), action), body_actions.end())
        << action;
  }
  const auto supplier_actions = AuditActions(supplier);
  for (const char* action : {"engagement.request", "engagement.reply"}) {
    EXPECT_NE(std::find(supplier_actions.begin(), supplier_actions.end(), action),
              supplier_actions.end())
        << action;
  }
}

TEST_F(EngagementTest, DeclinedLetsTheSupplierNameAnotherAndARefusalEndsWithoutALevel) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller first_admin = SignUp("3400120034561", "admin@first.example", "L");
  const Caller first = AccreditedExpert(first_admin, "expert@first.example");
  const Caller second_admin = SignUp("2200300451234", "admin@second.example", "L");
  const Caller second = AccreditedExpert(second_admin, "expert@second.example");
  const int64_t id = SubmittedAssessment(supplier, "3400120034561");
  const std::string path = "/api/v1/assessments/" + std::to_string(id);
  const std::string epath = "/api/v1/engagements/" + std::to_string(EngagementOf(id, supplier));

  EXPECT_EQ(Send("POST", path + "/engagement", R"({"assessor_corporate_number": "2200300451234"})",
                 &supplier)
                .status,
            409)
      << "one open engagement at a time";
  EXPECT_EQ(Send("POST", epath + "/decline", R"({"comment": " "})", &first).status, 422)
      << "a decline gives a reason";
  EXPECT_EQ(Send("POST", epath + "/decline", R"({"comment": "no"})", &second).status, 404)
      << "not named";
  const auto declined =
      Send("POST", epath + "/decline", R"({"comment": "繁忙期のため受けられません"})", &first);
  ASSERT_EQ(declined.status, 200) << declined.body;
  EXPECT_EQ(Json(Send("GET", epath, "", &supplier))["reason"], "繁忙期のため受けられません");
  EXPECT_EQ(Send("POST", epath + "/accept", "{}", &first).status, 409);
  EXPECT_EQ(Send("POST", path + "/confirm", "{}", &first).status, 404);

  // Another organisation, named by the supplier (never itself, never by someone else).
  EXPECT_EQ(Send("POST", path + "/engagement", R"({"assessor_corporate_number": "7000012050002"})",
                 &supplier)
                .status,
            422);
  EXPECT_EQ(Send("POST", path + "/engagement", R"({"assessor_corporate_number": "2200300451234"})",
                 &second)
                .status,
            404);
  const auto renamed = Send("POST", path + "/engagement",
                            R"({"assessor_corporate_number": "2200300451234"})", &supplier);
  ASSERT_EQ(renamed.status, 201) << renamed.body;
  EXPECT_EQ(Json(renamed)["state"], "requested");
  const std::string second_path =
      "/api/v1/engagements/" + std::to_string(Json(renamed)["id"].get<int64_t>());
  EXPECT_EQ(Send("GET", second_path, "", &first).status, 404) << "the first body is out of it";
  ASSERT_EQ(Send("POST", second_path + "/accept", "{}", &second).status, 200);

  // A refusal, with reasons, ends it: no level, nobody confirms, no shopping for another.
  EXPECT_EQ(Send("POST", second_path + "/conclude", R"({"outcome": "refused"})", &second).status,
            422);
  EXPECT_EQ(Send("POST", second_path + "/conclude", R"({"outcome": "perhaps"})", &second).status,
            422);
  const auto refused =
      Send("POST", second_path + "/conclude",
           R"({"outcome": "refused", "comment": "アクセス管理の運用記録がありません"})", &second);
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(Json(refused)["state"], "refused");
  EXPECT_EQ(Json(refused)["reason"], "アクセス管理の運用記録がありません");
  const auto record = Json(Send("GET", path, "", &supplier));
  EXPECT_EQ(record["status"], "submitted");
  EXPECT_EQ(record["held"]["star"], 0);
  EXPECT_EQ(Send("POST", path + "/confirm", "{}", &second).status, 404);
  EXPECT_EQ(Send("POST", path + "/engagement", R"({"assessor_corporate_number": "3400120034561"})",
                 &supplier)
                .status,
            409);
}

TEST_F(EngagementTest, StrangersBuyersAndOtherAssessorsNeitherSeeNorAct) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller member = Invite(supplier, "member@supplier.example", "member");
  const Caller buyer = SignUp("6100000000001", "admin@buyer.example");
  const Caller stranger = SignUp("5100000000002", "admin@stranger.example");
  const Caller body_admin = SignUp("3400120034561", "admin@body.example", "L");
  const Caller assessor = AccreditedExpert(body_admin, "expert@body.example");
  const Caller other_admin = SignUp("2200300451234", "admin@other.example", "L");
  const Caller other_assessor = AccreditedExpert(other_admin, "expert@other.example");
  const int64_t id = SubmittedAssessment(supplier, "3400120034561");
  const std::string path = "/api/v1/assessments/" + std::to_string(id);
  // The buyer and the other body even hold detailed shares: they read the assessment, not
  // the engagement.
  for (const char* number : {"6100000000001", "2200300451234"}) {
    ASSERT_EQ(
        Send("POST", "/api/v1/shares",
             json{{"assessment_id", id}, {"buyer_corporate_number", number}, {"detail", "details"}}
                 .dump(),
             &supplier)
            .status,
        201);
  }
  const int64_t engagement = EngagementOf(id, member);
  const std::string epath = "/api/v1/engagements/" + std::to_string(engagement);
  ASSERT_EQ(Send("POST", epath + "/accept", "{}", &assessor).status, 200);
  const std::string finding =
      json{{"criterion", Star3Criterion()}, {"verdict", "confirmed"}, {"comment", "x"}}.dump();
  for (const Caller* outsider : {&buyer, &stranger, &other_assessor, &other_admin}) {
    EXPECT_EQ(Send("GET", epath, "", outsider).status, 404);
    EXPECT_EQ(Send("GET", epath + "/findings", "", outsider).status, 404);
    EXPECT_EQ(Send("GET", path + "/engagement", "", outsider).status, 404);
    EXPECT_EQ(Send("POST", epath + "/accept", "{}", outsider).status, 404);
    EXPECT_EQ(Send("POST", epath + "/findings", finding, outsider).status, 404);
    EXPECT_EQ(
        Send("POST", epath + "/conclude", R"({"outcome": "refused", "comment": "x"})", outsider)
            .status,
        404);
    EXPECT_TRUE(Json(Send("GET", "/api/v1/engagements", "", outsider))["engagements"].empty());
  }
  // A detailed share does not let another body confirm: only the engaged assessor.
  EXPECT_EQ(Send("POST", path + "/confirm", "{}", &other_assessor).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/engagements/999999", "", &assessor).status, 404);
  EXPECT_EQ(Send("GET", epath, "").status, 401);
  EXPECT_EQ(Json(Send("GET", epath, "", &member))["state"], "accepted")
      << "the supplier's members follow it";
}

}  // namespace
}  // namespace hoshitori::api
