// The public pages of issue 14 without sign-in: /verify/{id} shows the facts and the current
// status of an attestation the server issued (ja first, en by the language switch), and
// /registry finds what an organisation published.
#include "../api/api_test_support.h"
#include "service/attestation_service.h"
#include "service/management_declaration.h"
#include "web/web_app.h"

namespace hoshitori::web {
namespace {

using api::HttpRequest;
using api::HttpResponse;
using api::testing_support::ApiFixture;
using api::testing_support::Caller;
using nlohmann::json;

class VerifyPageTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    UseIssuer();
    if (HasFatalFailure()) return;
    auto created =
        WebApp::Create(*app_, WebOptions{std::string(HOSHITORI_SOURCE_DIR) + "/web", false});
    ASSERT_TRUE(created.ok()) << created.error().message;
    web_ = std::move(created).value();
  }
  void TearDown() override {
    web_.reset();
    ApiFixture::TearDown();
  }

  // A page as a visitor who is not signed in sees it.
  HttpResponse Page(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    EXPECT_TRUE(api::SplitTarget(target, request.path, request.query));
    request.remote_address = "192.0.2.7";
    return web_->Handle(request);
  }

  // The id of the attestation issued when an assessor confirms the supplier's ★3.
  std::string Confirmed() {
    supplier_ = SignUp("7000012050002", "admin@supplier.example");
    const Caller body_admin = SignUp("2200300451234", "admin@assessor.example", "L");
    const Caller assessor = AccreditedExpert(body_admin, "expert@assessor.example");
    const int64_t id = SubmittedAssessment(supplier_, "2200300451234");
    AcceptEngagement(id, supplier_, assessor);
    EXPECT_EQ(Send("POST", "/api/v1/shares",
                   json{{"assessment_id", id},
                        {"buyer_corporate_number", "2200300451234"},
                        {"detail", "details"}}
                       .dump(),
                   &supplier_)
                  .status,
              201);
    EXPECT_EQ(
        Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/confirm", "{}", &assessor)
            .status,
        200);
    return Json(Send("GET", "/api/v1/attestations", "", &supplier_))["attestations"][0]["id"];
  }

  static bool Contains(const HttpResponse& response, const std::string& needle) {
    return response.body.find(needle) != std::string::npos;
  }

  // A page request as `caller` (signed in by its session cookie; forms carry the CSRF token).
  HttpResponse AsUser(const Caller& caller, const std::string& method, const std::string& target,
                      const std::string& form = "") {
    HttpRequest request;
    request.method = method;
    EXPECT_TRUE(api::SplitTarget(target, request.path, request.query));
    request.remote_address = "192.0.2.8";
    // The form's token is the session's own (as its pages give it).
    request.headers.emplace_back("cookie", "hoshitori_session=" + caller.cookie + "; hoshitori_csrf=" + caller.csrf);
    if (method == "POST") {
      request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
      request.body = "csrf=" + caller.csrf + "&" + form;
    }
    return web_->Handle(request);
  }

  std::unique_ptr<WebApp> web_;
  Caller supplier_;
};

// A supplier asks for ★3 confirmation from its result page (naming the accredited assessor and
// recording the management declaration); once confirmed, the same page offers the certificate
// PDF and the verification page.
TEST_F(VerifyPageTest, ASupplierAsksForConfirmationOnItsPageAndThenGetsTheCertificate) {
  supplier_ = SignUp("7000012050002", "admin@supplier.example");
  const Caller body_admin = SignUp("2200300451234", "admin@assessor.example", "L");
  const Caller assessor = Invite(body_admin, "expert@assessor.example", "assessor");
  AccreditExpert("expert@assessor.example", "RISS-000777");
  // A ★3-ready draft: the helper submits, so answer through the API and submit on the page.
  const auto created = Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier_);
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = Json(created)["id"];
  json answers = json::array();
  const Framework& hub = *api::testing_support::ShippedCatalog().FindFramework("hoshitori-common");
  for (NodeIndex n : hub.assessable()) answers.push_back({{"ref", hub.nodes()[n].id}, {"status", "implemented"}});
  ASSERT_EQ(Send("PATCH", "/api/v1/assessments/" + std::to_string(id) + "/answers", json{{"answers", answers}}.dump(),
                 &supplier_).status,
            200);
  const std::string path = "/assessments/" + std::to_string(id);
  // The confirmation step before submitting holds the request for ★3 and the declaration.
  const auto draft = AsUser(supplier_, "GET", path + "/submit");
  ASSERT_EQ(draft.status, 200);
  EXPECT_TRUE(Contains(draft, "name=\"assessor_corporate_number\""));
  EXPECT_TRUE(Contains(draft, "name=\"representative_name\""));
  // Naming the assessor without the declaration's record is refused, with the values kept.
  const auto refused = AsUser(supplier_, "POST", path + "/submit",
                              "confirmed=yes&management_declaration=yes&assessor_corporate_number=2200300451234");
  EXPECT_EQ(refused.status, 422) << refused.body.substr(0, 2000);
  EXPECT_TRUE(Contains(refused, "value=\"2200300451234\""));
  const std::string version(service::CurrentDeclarationText().version);
  const auto submitted = AsUser(
      supplier_, "POST", path + "/submit",
      "confirmed=yes&management_declaration=yes&assessor_corporate_number=%EF%BC%92%EF%BC%92%EF%BC%90%EF%BC%90300451234"
      "&representative_name=%E6%98%9F%E5%8F%96+%E5%A4%AA%E9%83%8E&representative_title=%E4%BB%A3%E8%A1%A8"
      "&declared_on=2026-01-05&text_version=" + version);
  ASSERT_EQ(submitted.status, 303) << submitted.body.substr(0, 3000);
  AcceptEngagement(id, supplier_, assessor);
  ASSERT_EQ(Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/confirm", "{}", &assessor).status, 200);
  const auto confirmed = AsUser(supplier_, "GET", path);
  ASSERT_EQ(confirmed.status, 200);
  const std::string attestation_id =
      Json(Send("GET", "/api/v1/attestations", "", &supplier_))["attestations"][0]["id"];
  EXPECT_TRUE(Contains(confirmed, "/api/v1/attestations/" + attestation_id + "/certificate"));
  EXPECT_TRUE(Contains(confirmed, "/verify/" + attestation_id));
  const auto pdf = Send("GET", "/api/v1/attestations/" + attestation_id + "/certificate");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
}

TEST_F(VerifyPageTest, ShowsTheFactsAndTheCurrentStatusWithoutSignIn) {
  const std::string id = Confirmed();
  const auto ja = Page("/verify/" + id);
  ASSERT_EQ(ja.status, 200) << ja.body;
  EXPECT_TRUE(Contains(ja, "data-status=\"valid\"")) << ja.body;
  EXPECT_TRUE(Contains(ja, "有効"));
  EXPECT_TRUE(Contains(ja, "7000012050002"));
  EXPECT_TRUE(Contains(ja, "Org 7000012050002"));
  EXPECT_TRUE(Contains(ja, "★3"));
  EXPECT_TRUE(Contains(ja, "/api/v1/attestations/" + id));
  const auto en = Page("/verify/" + id + "?lang=en");
  ASSERT_EQ(en.status, 200);
  EXPECT_TRUE(Contains(en, "Current status"));
  EXPECT_TRUE(Contains(en, ">Valid<"));

  const Clock clock;
  service::Context operator_context{*store_, api::testing_support::ShippedCatalog(), clock, nullptr,
                                    service::Actor::Operator()};
  ASSERT_TRUE(service::AttestationService(operator_context)
                  .ChangeState(id, IssuedState::kRevoked, "test")
                  .ok());
  const auto revoked = Page("/verify/" + id);
  ASSERT_EQ(revoked.status, 200);
  EXPECT_TRUE(Contains(revoked, "data-status=\"revoked\""));
  EXPECT_TRUE(Contains(revoked, "失効"));

  EXPECT_EQ(Page("/verify/AAAAAAAAAAAAAAAAAAAAAA").status, 404);
  EXPECT_EQ(Page("/verify/not-an-id").status, 404);
}

TEST_F(VerifyPageTest, TheRegistryPageFindsWhatWasPublished) {
  Confirmed();
  EXPECT_TRUE(Contains(Page("/registry?q=7000012050002"), "該当する公開中の組織はありません"));
  ASSERT_EQ(Send("PUT", "/api/v1/registry/entries/7000012050002", "", &supplier_).status, 200);
  const auto found = Page("/registry?q=Org%207000");
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_TRUE(Contains(found, "7000012050002"));
  EXPECT_TRUE(Contains(found, "/verify/"));
  const auto en = Page("/registry?lang=en");
  EXPECT_EQ(en.status, 200);
  EXPECT_TRUE(Contains(en, "Public registry"));
}

}  // namespace
}  // namespace hoshitori::web
