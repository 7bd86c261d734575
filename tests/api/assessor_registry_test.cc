// Issue 14's registry of accredited assessors, pinned on both backends: only the scheme
// operator accredits; only an accreditation in force confirms (★3, an expert) or verifies
// (★4, a body); conflicts of interest are refused; the directory filters what Japanese users
// type; the management declaration is a record the assessor can read; and the forged-assessor
// path of the hardening issue (an organisation inventing an "assessor") leads nowhere.
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kSupplier = "7000012050002";
constexpr const char* kBody = "3400120034561";
constexpr const char* kPuppet = "2200300451234";

class AssessorRegistryTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    supplier_ = SignUp(kSupplier, "admin@supplier.example");
    body_admin_ = SignUp(kBody, "admin@body.example", "L");
    expert_ = Invite(body_admin_, "expert@body.example", "assessor");
  }

  // A submitted assessment of the supplier naming `assessor`, shared in detail with it.
  int64_t NamedAndShared(const std::string& assessor = kBody) {
    const int64_t id = SubmittedAssessment(supplier_, assessor);
    const auto shared = Send(
        "POST", "/api/v1/shares",
        json{{"assessment_id", id}, {"buyer_corporate_number", assessor}, {"detail", "details"}}
            .dump(),
        &supplier_);
    EXPECT_EQ(shared.status, 201) << shared.body;
    return id;
  }
  // Confirms (or verifies) as `who`, which first accepts the engagement when it still waits
  // and `who` may (the review step of issue 14; what these tests check is the accreditation).
  HttpResponse Attest(int64_t id, const Caller& who, bool verify = false) {
    const auto engagement = Send("GET", "/api/v1/assessments/" + std::to_string(id) + "/engagement", "", &supplier_);
    if (engagement.status == 200 && Json(engagement)["state"] == "requested") {
      Send("POST", "/api/v1/engagements/" + std::to_string(Json(engagement)["id"].get<int64_t>()) + "/accept", "{}",
           &who);
    }
    return Send("POST",
                "/api/v1/assessments/" + std::to_string(id) + (verify ? "/verify" : "/confirm"),
                "{}", &who);
  }
  // Accreditation change as the operator (`hoshitori assessor suspend|reinstate|withdraw`).
  void Change(int64_t id, service::AccreditationChange change) {
    const Clock clock;
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr,
                             service::Actor::Operator()};
    auto changed =
        service::AssessorService(context).Change(id, change, "審査のため / under review");
    ASSERT_TRUE(changed.ok()) << changed.error().message;
  }
  int64_t AccreditExpertFor(const std::string& email, const std::string& from,
                            const std::string& until) {
    service::AccreditationInput input;
    input.kind = AccreditationKind::kExpert;
    input.subject = email;
    input.number = "RISS-" + from + "-" + until;
    input.qualification = "情報処理安全確保支援士";
    input.valid_from = from;
    input.valid_until = until;
    auto accredited = AccreditAs(input);
    EXPECT_TRUE(accredited.ok()) << (accredited.ok() ? "" : accredited.error().message);
    return accredited.ok() ? accredited->id : 0;
  }
  static std::string Day(int offset) {
    return FormatDate(
        std::chrono::year_month_day(std::chrono::sys_days(Today()) + std::chrono::days(offset)));
  }
  std::string Status(int64_t id) {
    return Json(Send("GET", "/api/v1/assessments/" + std::to_string(id), "", &supplier_))["status"];
  }

  Caller supplier_, body_admin_, expert_;
};

TEST_F(AssessorRegistryTest, OnlyTheOperatorAccreditsAndReadsTheRegistry) {
  const Caller hub = Invite(body_admin_, "hub@body.example", "hub_admin");
  service::AccreditationInput input;
  input.kind = AccreditationKind::kExpert;
  input.subject = "expert@body.example";
  input.number = "RISS-1";
  input.qualification = "情報処理安全確保支援士";
  input.valid_until = "2099-12-31";
  const Clock clock;
  // An org admin, an assessor and a hub admin, each signed in: none of them accredits.
  for (const Caller* who :
       {static_cast<const Caller*>(&body_admin_), static_cast<const Caller*>(&expert_), &hub}) {
    const auto user = store_->GetUser(who->user_id);
    ASSERT_TRUE(user.ok() && user->has_value());
    service::Actor actor;
    actor.principal = service::Principal{who->user_id, who->org_id, (*user)->role};
    actor.user = **user;
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr, actor};
    const auto refused = service::AssessorService(context).Accredit(input);
    ASSERT_FALSE(refused.ok()) << RoleName((*user)->role);
    EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
    // Only the hub admin reads the registry's records (with suspended entries and reasons).
    EXPECT_EQ(service::AssessorService(context).Registry().ok(), (*user)->role == Role::kHubAdmin);
  }
  // Over HTTP the directory is read-only (no route writes the registry).
  EXPECT_TRUE(Json(Send("GET", "/api/v1/assessors", "", &hub))["assessors"].empty());
  // The operator does, and the expert is listed; a second accreditation is refused.
  const int64_t id = AccreditExpert("expert@body.example");
  const auto listed = Json(Send("GET", "/api/v1/assessors", "", &supplier_))["assessors"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], id);
  EXPECT_EQ(listed[0]["kind"], "expert");
  EXPECT_EQ(listed[0]["organisation"]["corporate_number"], kBody);
  const auto again = AccreditAs(input);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  // Every change is audited.
  int audited = 0;
  ASSERT_TRUE(store_
                  ->ForEachAuditEntry([&](const AuditEntry& e) {
                    audited += e.action == "accreditation.grant" &&
                               e.resource == "accreditation/" + std::to_string(id);
                  })
                  .ok());
  EXPECT_EQ(audited, 1);
  // Signed out: nothing.
  EXPECT_EQ(Send("GET", "/api/v1/assessors").status, 401);
}

TEST_F(AssessorRegistryTest, OnlyAnAccreditationInForceConfirms) {
  const int64_t first = AccreditExpert("expert@body.example");
  const int64_t id = NamedAndShared();

  Change(first, service::AccreditationChange::kSuspend);
  const auto suspended = Attest(id, expert_);
  EXPECT_EQ(suspended.status, 403) << suspended.body;
  EXPECT_NE(suspended.body.find("suspended"), std::string::npos) << suspended.body;
  Change(first, service::AccreditationChange::kWithdraw);
  EXPECT_EQ(Attest(id, expert_).status, 403) << "withdrawn";

  const int64_t expired = AccreditExpertFor("expert@body.example", "2020-01-01", Day(-1));
  EXPECT_EQ(Attest(id, expert_).status, 403) << "expired yesterday";
  Change(expired, service::AccreditationChange::kWithdraw);
  const int64_t future = AccreditExpertFor("expert@body.example", Day(1), "2099-12-31");
  EXPECT_EQ(Attest(id, expert_).status, 403) << "valid only from tomorrow";
  Change(future, service::AccreditationChange::kWithdraw);
  EXPECT_EQ(Status(id), "submitted") << "refusals change nothing";

  // An expert may confirm (★3) but not verify (★4): that takes a body's accreditation.
  const int64_t current = AccreditExpertFor("expert@body.example", "2020-01-01", "2099-12-31");
  EXPECT_EQ(Attest(id, expert_, true).status, 403);
  Change(current, service::AccreditationChange::kSuspend);
  Change(current, service::AccreditationChange::kReinstate);
  const auto confirmed = Attest(id, expert_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Json(confirmed)["held"]["star"], 3);
}

TEST_F(AssessorRegistryTest, OnlyAnAccreditedBodyVerifies) {
  AccreditBody(kBody);
  const int64_t id = NamedAndShared();
  // The body's user holds no expert accreditation: it may verify (★4) for the body, not confirm.
  EXPECT_EQ(Attest(id, expert_).status, 403);
  const auto verified = Attest(id, expert_, true);
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(Json(verified)["status"], "verified");
  // A withdrawn body can no longer be named.
  const auto registry = [&] {
    const Clock clock;
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr,
                             service::Actor::Operator()};
    return service::AssessorService(context).Registry();
  }();
  ASSERT_TRUE(registry.ok());
  ASSERT_EQ(registry->size(), 1u);
  Change(registry->front().accreditation.id, service::AccreditationChange::kWithdraw);
  const auto created =
      Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier_);
  const auto named =
      Send("POST",
           "/api/v1/assessments/" + std::to_string(Json(created)["id"].get<int64_t>()) + "/submit",
           json{{"assessor_corporate_number", kBody}, {"declaration", Declaration()}}.dump(),
           &supplier_);
  EXPECT_EQ(named.status, 422) << named.body;
  EXPECT_NE(named.body.find("認定"), std::string::npos);
}

TEST_F(AssessorRegistryTest, ConflictsOfInterestAreRefused) {
  AccreditExpert("expert@body.example");
  const int64_t id = NamedAndShared();
  // After submission, the supplier declares the assessor's organisation as its buyer: even
  // unconfirmed, the claim is a conflict.
  const auto declared = Send(
      "POST", "/api/v1/relationships",
      json{{"relationships",
            json::array({{{"buyer", kBody}, {"supplier", kSupplier}, {"kind", "it_outsourcing"}}})}}
          .dump(),
      &supplier_);
  ASSERT_EQ(declared.status, 201) << declared.body;
  const int64_t relationship = Json(declared)["relationships"][0]["id"];
  const auto refused = Attest(id, expert_);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("利益相反"), std::string::npos) << refused.body;
  // Naming it again is refused at submission too.
  const auto created =
      Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier_);
  EXPECT_EQ(
      Send("POST",
           "/api/v1/assessments/" + std::to_string(Json(created)["id"].get<int64_t>()) + "/submit",
           json{{"assessor_corporate_number", kBody}, {"declaration", Declaration()}}.dump(),
           &supplier_)
          .status,
      422);
  // The assessor's organisation rejects the claim it never made: no conflict any more.
  ASSERT_EQ(
      Send("DELETE", "/api/v1/relationships/" + std::to_string(relationship), "", &body_admin_)
              .status /
          100,
      2);
  const auto confirmed = Attest(id, expert_);
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;

  // A relationship the other way round, confirmed and later ended, still counts.
  const Caller other_body = SignUp("4180001234567", "admin@other-body.example", "L");
  const Caller other_expert = Invite(other_body, "expert@other-body.example", "assessor");
  AccreditExpert("expert@other-body.example");
  const int64_t second = NamedAndShared("4180001234567");
  const auto supplied = Send("POST", "/api/v1/relationships",
                             json{{"relationships", json::array({{{"buyer", kSupplier},
                                                                  {"supplier", "4180001234567"},
                                                                  {"kind", "cloud_service"}}})}}
                                 .dump(),
                             &supplier_);
  ASSERT_EQ(supplied.status, 201) << supplied.body;
  const int64_t edge = Json(supplied)["relationships"][0]["id"];
  ASSERT_EQ(
      Send("POST", "/api/v1/relationships/" + std::to_string(edge) + "/confirm", "", &other_body)
          .status,
      200);
  ASSERT_EQ(
      Send("DELETE", "/api/v1/relationships/" + std::to_string(edge), "", &supplier_).status / 100,
      2);
  EXPECT_EQ(Attest(second, other_expert).status, 403);
}

TEST_F(AssessorRegistryTest, TheDirectoryFiltersWhatUsersType) {
  const Caller osaka_admin = SignUp("4180001234567", "admin@osaka.example", "L");
  service::AccreditationInput tokyo;
  tokyo.kind = AccreditationKind::kExpert;
  tokyo.subject = "expert@body.example";
  tokyo.number = "ＲＩＳＳ－０１２３";
  tokyo.qualification = "情報処理安全確保支援士";
  tokyo.valid_until = "２０９９－１２－３１";
  tokyo.region = "東京";
  tokyo.industries = "ｅ，ｇ";
  tokyo.languages = "ja, EN";
  tokyo.fee_min_yen = "１００，０００円";
  tokyo.fee_max_yen = "300000";
  tokyo.contact = "expert@body.example";
  ASSERT_TRUE(AccreditAs(tokyo).ok());
  service::AccreditationInput osaka;
  osaka.kind = AccreditationKind::kBody;
  osaka.subject = "4180001234567";
  osaka.number = "JAB-42";
  osaka.scope = "★4 評価（製造業）";
  osaka.valid_until = "2099-12-31";
  osaka.region = "Osaka";
  osaka.industries = "E";
  osaka.accepting = false;
  const auto body = AccreditAs(osaka);
  ASSERT_TRUE(body.ok()) << body.error().message;
  // A bad fee, an unknown prefecture: refused with the field named.
  service::AccreditationInput bad = osaka;
  bad.subject = kPuppet;
  bad.fee_min_yen = "十万";
  EXPECT_FALSE(AccreditAs(bad).ok());
  bad.fee_min_yen = "";
  bad.region = "Atlantis";
  EXPECT_FALSE(AccreditAs(bad).ok());

  auto names = [&](const std::string& query) {
    const auto response = Send("GET", "/api/v1/assessors" + query, "", &osaka_admin);
    EXPECT_EQ(response.status, 200) << query << ": " << response.body;
    std::vector<std::string> out;
    const json body = Json(response);
    for (const auto& entry : body["assessors"]) out.push_back(entry["number"]);
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names(""), (Names{"JAB-42", "RISS-0123"}));  // by display name
  EXPECT_EQ(names("?kind=expert"), Names{"RISS-0123"});
  EXPECT_EQ(names("?kind=body"), Names{"JAB-42"});
  EXPECT_EQ(names("?region=%E6%9D%B1%E4%BA%AC%E9%83%BD"), Names{"RISS-0123"});  // 東京都
  EXPECT_EQ(names("?region=27"), Names{"JAB-42"});
  EXPECT_EQ(names("?industry=G"), Names{"RISS-0123"});
  EXPECT_EQ(names("?industry=%EF%BC%A5").size(), 2u);  // Ｅ (full width)
  EXPECT_EQ(names("?language=en"), Names{"RISS-0123"});
  EXPECT_EQ(names("?accepting=no"), Names{"JAB-42"});
  EXPECT_EQ(names("?accepting=yes&region=tokyo&industry=e&language=ja&kind=expert"),
            Names{"RISS-0123"});
  EXPECT_EQ(Send("GET", "/api/v1/assessors?region=Atlantis", "", &osaka_admin).status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/assessors?accepting=maybe", "", &osaka_admin).status, 422);

  const auto entry =
      Json(Send("GET", "/api/v1/assessors?kind=expert", "", &osaka_admin))["assessors"][0];
  EXPECT_EQ(entry["fee_min_yen"], 100000);
  EXPECT_EQ(entry["fee_max_yen"], 300000);
  EXPECT_EQ(entry["industries"], json::array({"E", "G"}));
  EXPECT_EQ(entry["languages"], json::array({"ja", "en"}));
  EXPECT_EQ(entry["region"]["ja"], "東京都");
  EXPECT_EQ(entry["contact"], "expert@body.example");
  // A suspended accreditation leaves the directory, contact and all.
  Change(body->id, service::AccreditationChange::kSuspend);
  EXPECT_EQ(names(""), Names{"RISS-0123"});
  EXPECT_EQ(Send("GET", "/api/v1/assessors", "", &osaka_admin).body.find("JAB-42"),
            std::string::npos);
}

TEST_F(AssessorRegistryTest, TheManagementDeclarationIsARecordTheAssessorReads) {
  AccreditExpert("expert@body.example");
  const auto text = Send("GET", "/api/v1/management-declaration");
  ASSERT_EQ(text.status, 200);
  EXPECT_EQ(Json(text)["version"], Declaration()["text_version"]);
  EXPECT_EQ(Json(text)["digest"].get<std::string>().size(), 64u);

  const auto created =
      Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier_);
  const std::string path =
      "/api/v1/assessments/" + std::to_string(Json(created)["id"].get<int64_t>());
  // Naming an assessor without the record, or with a text version that is not current: refused.
  EXPECT_EQ(
      Send("POST", path + "/submit",
           json{{"management_declaration", true}, {"assessor_corporate_number", kBody}}.dump(),
           &supplier_)
          .status,
      422);
  json wrong = Declaration();
  wrong["text_version"] = "1999-1";
  EXPECT_EQ(
      Send("POST", path + "/submit",
           json{{"assessor_corporate_number", kBody}, {"declaration", wrong}}.dump(), &supplier_)
          .status,
      422);
  json future = Declaration();
  future["declared_on"] = Day(2);
  EXPECT_EQ(
      Send("POST", path + "/submit",
           json{{"assessor_corporate_number", kBody}, {"declaration", future}}.dump(), &supplier_)
          .status,
      422);
  json extra = Declaration();
  extra["signature"] = "x";
  EXPECT_EQ(
      Send("POST", path + "/submit",
           json{{"assessor_corporate_number", kBody}, {"declaration", extra}}.dump(), &supplier_)
          .status,
      400);
  // A bare flag without the record declares nothing (self-declared levels need none).
  const auto bare =
      Send("POST", path + "/submit", R"({"management_declaration": true})", &supplier_);
  ASSERT_EQ(bare.status, 200) << bare.body;
  EXPECT_EQ(Json(bare)["management_declaration"], false);
  EXPECT_EQ(Send("GET", path + "/management-declaration", "", &supplier_).status, 404);

  // With the record: stored, shown to the supplier and to its assessor, to nobody else.
  const int64_t id = NamedAndShared();
  const std::string named = "/api/v1/assessments/" + std::to_string(id);
  EXPECT_EQ(Json(Send("GET", named, "", &supplier_))["management_declaration"], true);
  const auto seen = Send("GET", named + "/management-declaration", "", &expert_);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(Json(seen)["representative_name"], "星取 太郎");
  EXPECT_EQ(Json(seen)["text_digest"], Json(text)["digest"]);
  EXPECT_FALSE(Json(seen)["text"]["ja"].get<std::string>().empty());
  const Caller stranger = SignUp(kPuppet, "admin@stranger.example");
  EXPECT_EQ(Send("GET", named + "/management-declaration", "", &stranger).status, 404);
}

TEST_F(AssessorRegistryTest, AnInventedAssessorCannotConfirm) {
  // The hardening issue's path: a supplier registers a second organisation and makes one of
  // its users an "assessor" (here even with the role itself, as a careless operator might).
  const Caller puppet = SignUp(kPuppet, "admin@puppet.example", "L");
  const Caller fake = Invite(puppet, "expert@puppet.example", "assessor");
  const auto created =
      Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier_);
  const int64_t id = Json(created)["id"];
  const auto named =
      Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/submit",
           json{{"assessor_corporate_number", kPuppet}, {"declaration", Declaration()}}.dump(),
           &supplier_);
  EXPECT_EQ(named.status, 422) << "an organisation with no accreditation cannot be named";
  // Even named behind the service's back and shared in detail, it cannot confirm or verify.
  const int64_t forged = SubmittedAssessment(supplier_);
  RawSql("UPDATE assessments SET assessor_org_id = " + std::to_string(puppet.org_id) +
         " WHERE id = " + std::to_string(forged));
  ASSERT_EQ(Send("POST", "/api/v1/shares",
                 json{{"assessment_id", forged},
                      {"buyer_corporate_number", kPuppet},
                      {"detail", "details"}}
                     .dump(),
                 &supplier_)
                .status,
            201);
  EXPECT_EQ(Attest(forged, fake).status, 403);
  EXPECT_EQ(Attest(forged, fake, true).status, 403);
  EXPECT_EQ(Status(forged), "submitted");
}

}  // namespace
}  // namespace hoshitori::api
