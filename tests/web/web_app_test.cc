// The pages through WebApp over an in-process API: language, sessions and CSRF, the
// supplier journey by form posts, and the buyer's list and exports.
#include "web/web_app.h"

#include <chrono>

#include "web_test_support.h"

namespace hoshitori::web {
namespace {

using namespace testing_support;  // NOLINT(google-build-using-namespace)

TEST_F(WebAppTest, JapaneseByDefaultEnglishOnRequestRemembered) {
  Browser browser(*web_);
  auto home = browser.Get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(Contains(home, "<html lang=\"ja\">"));
  EXPECT_TRUE(Contains(home, "新規登録"));
  auto english = browser.Get("/?lang=en");
  EXPECT_TRUE(Contains(english, "<html lang=\"en\">"));
  EXPECT_TRUE(Contains(english, "Sign up"));
  EXPECT_EQ(browser.Cookie("hoshitori_lang"), "en");
  EXPECT_TRUE(Contains(browser.Get("/login"), "<html lang=\"en\">"));
  EXPECT_EQ(browser.Get("/static/app.css").content_type, "text/css; charset=utf-8");
  HttpRequest head;
  head.method = "HEAD";
  head.path = "/login";
  const auto headed = web_->Handle(head);
  EXPECT_EQ(headed.status, 200);
  EXPECT_TRUE(headed.body.empty());
  EXPECT_EQ(browser.Get("/static/nothing.css").status, 404);
  // Pages that need a session send the browser to sign in.
  EXPECT_EQ(Location(browser.Get("/suppliers")), "/login?next=%2Fsuppliers");
}

TEST_F(WebAppTest, SignupFormKeepsWhatWasTypedAndShowsTheProblem) {
  Browser browser(*web_);
  browser.Get("/signup");
  const auto response = browser.Post("/signup",
                                     {{"corporate_number", "1000012050002"},
                                      {"name", "みらい製作所"},
                                      {"industry", "E"},
                                      {"email", "a@example.jp"},
                                      {"display_name", "花子"},
                                      {"password", "a long enough password"}});
  EXPECT_EQ(response.status, 422);
  EXPECT_TRUE(Contains(response, "role=\"alert\""));
  EXPECT_TRUE(Contains(response, "法人番号が正しくありません"));
  EXPECT_TRUE(Contains(response, "value=\"みらい製作所\""));
  EXPECT_FALSE(Contains(response, "a long enough password"));  // never echoed
}

TEST_F(WebAppTest, ChangesWithoutTheCsrfTokenAreRefused) {
  Browser browser = SignUpInBrowser("7000012050002", "soumu@mirai.example");
  const auto refused =
      browser.Post("/assessments", {{"framework", "security-action"}, {"csrf", "forged"}}, false);
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(Contains(browser.Get("/"), "まだ評価はありません"));
}

TEST_F(WebAppTest, SupplierJourneyFromSignupToASharedStarSeenByTheBuyer) {
  const auto buyer = SignUp("3400120034561", "buyer@buyer.example");
  Browser browser = SignUpInBrowser("7000012050002", "soumu@mirai.example");
  const auto dashboard = browser.Get("/");
  EXPECT_TRUE(Contains(dashboard, "SECURITY ACTION"));

  // Start SECURITY ACTION and answer every category with "done".
  const auto started = browser.Post("/assessments", {{"framework", "security-action"}});
  ASSERT_EQ(started.status, 303) << started.body;
  const std::string answer_path = Location(started);
  ASSERT_NE(answer_path.find("/answer"), std::string::npos);
  const std::string base = answer_path.substr(0, answer_path.find("/answer"));
  const Framework& framework =
      *api::testing_support::ShippedCatalog().FindFramework("security-action");
  for (size_t c = 0; c < framework.categories.size(); ++c) {
    const auto page = browser.Get(base + "/answer?c=" + std::to_string(c));
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(Contains(page, "<progress"));
    EXPECT_TRUE(Contains(page, "なぜ大切？"));
    std::vector<std::pair<std::string, std::string>> fields{{"c", std::to_string(c)},
                                                            {"action", "next"}};
    for (NodeIndex n : framework.assessable()) {
      const auto& node = framework.nodes()[n];
      if (node.category == static_cast<int>(c)) fields.emplace_back("a_" + node.id, "implemented");
    }
    const auto saved = browser.Post(base + "/answer", fields);
    ASSERT_EQ(saved.status, 303) << saved.body;
  }
  // Resuming shows the saved answers.
  EXPECT_TRUE(Contains(browser.Get(base + "/answer?c=0"), "checked"));

  // Submitting goes through the confirmation step first: posting the form without
  // confirmed=yes only shows it.
  const auto review = browser.Post(base + "/submit", {{"management_declaration", "yes"}});
  ASSERT_EQ(review.status, 200) << review.body.substr(0, 2000);
  EXPECT_TRUE(Contains(review, "name=\"confirmed\" value=\"yes\""));
  const auto submitted = browser.Post(base + "/submit", {{"confirmed", "yes"}, {"management_declaration", "yes"}});
  ASSERT_EQ(submitted.status, 303) << submitted.body;
  const auto result = browser.Get(base);
  EXPECT_TRUE(Contains(result, "data-held=\"2\"")) << result.body.substr(0, 4000);
  EXPECT_TRUE(Contains(result, "<table>"));
  EXPECT_TRUE(Contains(result, "業種平均"));  // says there is no average yet, never fakes one

  // A wrong buyer number comes back with the message and the typed value.
  const std::string id = base.substr(base.rfind('/') + 1);
  const auto wrong = browser.Post("/shares", {{"from", "result"},
                                              {"assessment_id", id},
                                              {"buyer_corporate_number", "3400120034562"},
                                              {"detail", "level"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(Contains(wrong, "value=\"3400120034562\""));
  const auto shared = browser.Post("/shares", {{"from", "result"},
                                               {"assessment_id", id},
                                               {"buyer_corporate_number", "3400120034561"},
                                               {"detail", "level"}});
  ASSERT_EQ(shared.status, 303) << shared.body;
  EXPECT_TRUE(Contains(browser.Get("/shares"), "shares/"));

  // The buyer's API view shows the star; its web list shows the supplier.
  const auto suppliers = Json(Send("GET", "/api/v1/suppliers", "", &buyer))["suppliers"];
  ASSERT_EQ(suppliers.size(), 1u);
  EXPECT_EQ(suppliers[0]["held"]["star"], 2);
}

TEST_F(WebAppTest, BuyerListAndExportsFromTheSameData) {
  const auto supplier = SignUp("7000012050002", "admin@supplier.example");
  const int64_t id = SubmittedAssessment(supplier);
  Browser buyer = SignUpInBrowser("3400120034561", "buyer@buyer.example");
  ASSERT_EQ(
      Send(
          "POST", "/api/v1/shares",
          nlohmann::json{{"assessment_id", id}, {"buyer_corporate_number", "3400120034561"}}.dump(),
          &supplier)
          .status,
      201);
  const auto started = std::chrono::steady_clock::now();
  const auto list = buyer.Get("/suppliers");
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Contains(list, "Org 7000012050002"));
  EXPECT_LT(list.body.size(), 100u * 1024);
  RecordProperty("suppliers_page_ms", std::to_string(ms));
  const auto csv = buyer.Get("/suppliers/export.csv");
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("Org 7000012050002"), std::string::npos);
  const auto xlsx = buyer.Get("/suppliers/export.xlsx");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

TEST_F(WebAppTest, AdminInvitesAColleagueWhoJoinsByTheLink) {
  Browser admin = SignUpInBrowser("7000012050002", "soumu@mirai.example");
  const auto invited = admin.Post("/team", {{"email", "keiri@mirai.example"}, {"role", "member"}});
  ASSERT_EQ(invited.status, 200);
  // Attributes are HTML-escaped ("/" as &#x2F;, "=" as &#x3D;); a browser decodes them.
  std::string html = invited.body;
  for (const auto& [entity, text] :
       {std::pair<std::string, std::string>{"&#x2F;", "/"}, {"&#x3D;", "="}}) {
    for (size_t i = html.find(entity); i != std::string::npos; i = html.find(entity, i))
      html.replace(i, entity.size(), text);
  }
  const size_t at = html.find("/invitations/accept?token=");
  ASSERT_NE(at, std::string::npos);
  const std::string link = html.substr(at, html.find('"', at) - at);
  Browser colleague(*web_);
  EXPECT_EQ(colleague.Get(link).status, 200);
  const std::string token = link.substr(link.find('=') + 1);
  const auto joined = colleague.Post(
      "/invitations/accept",
      {{"token", token}, {"display_name", "経理 太郎"}, {"password", "another long password"}});
  ASSERT_EQ(joined.status, 303) << joined.body;
  EXPECT_TRUE(Contains(colleague.Get("/team"), "経理 太郎"));
  // The link works once.
  Browser again(*web_);
  again.Get(link);
  EXPECT_EQ(
      again
          .Post("/invitations/accept",
                {{"token", token}, {"display_name", "x"}, {"password", "another long password"}})
          .status,
      422);
}

// Two people on one answer page: the second save carries the version its page was read at,
// is refused with a clear message that keeps what was chosen, and succeeds when sent again.
// Answers on other questions are never overwritten.
TEST_F(WebAppTest, ASaveOverSomeoneElsesIsRefusedClearlyAndKeepsTheChoices) {
  Browser first = SignUpInBrowser("7000012050002", "soumu@mirai.example");
  Browser second(*web_);
  second.Get("/login");
  ASSERT_EQ(second.Post("/login", {{"email", "soumu@mirai.example"}, {"password", "a long enough password"}}).status, 303);
  const auto started = first.Post("/assessments", {{"framework", "security-action"}});
  const std::string base = Location(started).substr(0, Location(started).find("/answer"));
  const Framework& framework = *api::testing_support::ShippedCatalog().FindFramework("security-action");
  std::vector<std::string> on_first_page;
  for (NodeIndex n : framework.assessable()) {
    if (framework.nodes()[n].category == 0) on_first_page.push_back(framework.nodes()[n].id);
  }
  ASSERT_GE(on_first_page.size(), 2u);
  auto version_in = [](const HttpResponse& page) {
    const std::string marker = "name=\"v\" value=\"";
    const size_t at = page.body.find(marker);
    return at == std::string::npos ? std::string() : page.body.substr(at + marker.size(), page.body.find('"', at + marker.size()) - at - marker.size());
  };
  const std::string v1 = version_in(first.Get(base + "/answer?c=0"));
  const std::string v2 = version_in(second.Get(base + "/answer?c=0"));
  ASSERT_FALSE(v1.empty());
  ASSERT_EQ(v1, v2);
  ASSERT_EQ(second.Post(base + "/answer", {{"c", "0"}, {"v", v2}, {"a_" + on_first_page[0], "implemented"}}).status, 303);
  const auto refused = first.Post(base + "/answer", {{"c", "0"}, {"v", v1}, {"a_" + on_first_page[1], "partial"}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(Contains(refused, "別の人がこの評価を保存しました"));
  const std::string v3 = version_in(refused);
  EXPECT_NE(v3, v1);
  const auto saved = first.Post(base + "/answer", {{"c", "0"}, {"v", v3}, {"a_" + on_first_page[1], "partial"}});
  EXPECT_EQ(saved.status, 303) << saved.body;
  const auto page = first.Get(base + "/answer?c=0");
  EXPECT_TRUE(Contains(page, "value=\"implemented\" checked") || Contains(page, "value=\"implemented\"  checked")) ;
}

// An admin removes a colleague from the team page: the colleague's browser is signed out.
TEST_F(WebAppTest, AdminRemovesAColleagueFromTheTeamPage) {
  const auto admin = SignUp("7000012050002", "admin@supplier.example");
  const auto member = Invite(admin, "member@supplier.example", "member");
  Browser admin_browser(*web_);
  admin_browser.Get("/login");
  ASSERT_EQ(admin_browser.Post("/login", {{"email", "admin@supplier.example"}, {"password", "a long enough password"}}).status, 303);
  Browser member_browser(*web_);
  member_browser.Get("/login");
  ASSERT_EQ(member_browser.Post("/login", {{"email", "member@supplier.example"}, {"password", "another long password"}}).status, 303);
  const auto team = admin_browser.Get("/team");
  EXPECT_TRUE(Contains(team, "削除"));
  EXPECT_FALSE(Contains(member_browser.Get("/team"), "name=\"action\" value=\"remove\"")) << "members manage nobody";
  const auto removed = admin_browser.Post("/team", {{"action", "remove"}, {"user_id", std::to_string(member.user_id)}});
  EXPECT_EQ(removed.status, 303) << removed.body;
  EXPECT_EQ(Location(member_browser.Get("/assessments")), "/login?next=%2Fassessments");
}

// Login CSRF: a form posted from elsewhere (no token of this site's form) signs nobody in.
TEST_F(WebAppTest, SessionFormsRefuseAPostWithoutTheirOwnToken) {
  SignUp("7000012050002", "admin@supplier.example");
  for (const char* form : {"/login", "/signup", "/invitations/accept"}) {
    Browser forged(*web_);
    const auto refused = forged.Post(form, {{"email", "admin@supplier.example"}, {"password", "a long enough password"}}, false);
    EXPECT_EQ(refused.status, 403) << form;
    EXPECT_TRUE(forged.Cookie("hoshitori_session").empty()) << form;
    Browser wrong(*web_);
    wrong.Get(form);
    EXPECT_EQ(wrong.Post(form, {{"email", "admin@supplier.example"}, {"csrf", "not-the-token"}}, false).status, 403) << form;
  }
  Browser real(*web_);
  real.Get("/login");
  EXPECT_EQ(real.Post("/login", {{"email", "ADMIN@Supplier.example"}, {"password", "a long enough password"}}).status, 303)
      << "e-mail addresses are compared without case";
}

// After sign-in only this site's own pages are returned to; never another site, never a
// header broken by control characters.
TEST_F(WebAppTest, SignInReturnsOnlyToThisSitesPages) {
  SignUp("7000012050002", "admin@supplier.example");
  auto location_after = [&](const std::string& next) {
    Browser browser(*web_);
    browser.Get("/login");
    return Location(browser.Post("/login", {{"email", "admin@supplier.example"},
                                            {"password", "a long enough password"},
                                            {"next", next}}));
  };
  EXPECT_EQ(location_after("/suppliers?status=below"), "/suppliers?status=below");
  EXPECT_EQ(location_after("/assessments/3/answer?c=1"), "/assessments/3/answer?c=1");
  for (const std::string bad : {"//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example",
                                "/suppliers\r\nSet-Cookie: planted=1", "/../evil", "/nowhere", "/login"}) {
    EXPECT_EQ(location_after(bad), "/") << bad;
  }
}

TEST_F(WebAppTest, BuyerPagesPolicyChainAndRelationshipsRender) {
  const auto supplier = SignUp("7000012050002", "admin@supplier.example");
  Browser buyer = SignUpInBrowser("3400120034561", "buyer@buyer.example");
  // Declare the supplier through the form; it then appears with its kind.
  const auto declared = buyer.Post("/relationships", {{"action", "declare"},
                                                      {"supplier", "7000012050002"},
                                                      {"kind", "logistics"},
                                                      {"data", "confidential"},
                                                      {"connectivity", "portal"},
                                                      {"substitutability", "easy"}});
  ASSERT_EQ(declared.status, 303) << declared.body;
  const auto relationships = buyer.Get("/relationships");
  EXPECT_TRUE(Contains(relationships, "Org 7000012050002"));
  EXPECT_TRUE(Contains(relationships, "物流"));
  // A wrong number comes back with a message, keeping the form.
  const auto wrong = buyer.Post("/relationships",
                                {{"action", "declare"}, {"supplier", "1234"}, {"kind", "parts"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(Contains(wrong, "value=\"1234\""));

  const auto policy = buyer.Get("/policy");
  ASSERT_EQ(policy.status, 200);
  EXPECT_TRUE(Contains(policy, "★4"));
  const auto bad = buyer.Post("/policy", {{"rules", "rule nonsense"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Contains(bad, "rule nonsense"));
  ASSERT_EQ(buyer
                .Post("/policy",
                      {{"rules", "rule star4-logistics: kind = logistics => star4 \"x / 物流\""}})
                .status,
            303);
  // The supplier has shared nothing: it is unknown, required ★4 by the new rule.
  const auto list = buyer.Get("/suppliers?status=unknown");
  EXPECT_TRUE(Contains(list, "Org 7000012050002"));
  EXPECT_TRUE(Contains(list, "★4"));
  const auto chain = buyer.Get("/chain?supplier=7000012050002");
  ASSERT_EQ(chain.status, 200);
  EXPECT_TRUE(Contains(chain, "role=\"status\""));
  (void)supplier;
}

// A buyer's declaration waits, marked unconfirmed, until the supplier confirms it on its
// relationships page; the supplier can reject one, either can end one, and a disclosure
// can be withdrawn.
TEST_F(WebAppTest, RelationshipsAreConfirmedRejectedEndedAndDisclosuresWithdrawn) {
  Browser supplier = SignUpInBrowser("7000012050002", "admin@supplier.example");
  Browser buyer = SignUpInBrowser("3400120034561", "buyer@buyer.example");
  ASSERT_EQ(buyer.Post("/relationships", {{"action", "declare"}, {"supplier", "7000012050002"}, {"kind", "logistics"}})
                .status,
            303);
  EXPECT_TRUE(Contains(buyer.Get("/relationships"), "未確認（相手先の確認待ち）"));
  const auto pending = supplier.Get("/relationships");
  EXPECT_TRUE(Contains(pending, "id=\"pending-notice\""));
  EXPECT_TRUE(Contains(pending, "未確認（自社の確認待ち）"));
  // The buttons are forms that carry the page's CSRF token.
  EXPECT_TRUE(Contains(pending, "name=\"csrf\" value=\"" + supplier.Cookie("hoshitori_csrf") +
                                    "\"><input type=\"hidden\" name=\"action\" value=\"confirm\""));
  const size_t at = pending.body.find("name=\"action\" value=\"confirm\"><input type=\"hidden\" name=\"id\" value=\"");
  ASSERT_NE(at, std::string::npos) << pending.body;
  const size_t start = pending.body.find("value=\"", pending.body.find("name=\"id\"", at)) + 7;
  const std::string id = pending.body.substr(start, pending.body.find('"', start) - start);
  const auto confirmed = supplier.Post("/relationships", {{"action", "confirm"}, {"id", id}});
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_EQ(Location(confirmed), "/relationships?done=confirmed");
  EXPECT_TRUE(Contains(buyer.Get("/relationships"), "確認済み"));
  EXPECT_FALSE(Contains(supplier.Get("/relationships"), "pending-notice"));

  // The supplier discloses to everyone upstream and withdraws it again.
  ASSERT_EQ(supplier.Post("/relationships", {{"action", "disclose"}}).status, 303);
  EXPECT_TRUE(Contains(supplier.Get("/relationships"), "全ての発注元（上流）"));
  const auto withdrawn = supplier.Post("/relationships", {{"action", "withdraw"}, {"viewer", "upstream"}});
  ASSERT_EQ(withdrawn.status, 303) << withdrawn.body;
  EXPECT_TRUE(Contains(supplier.Get("/relationships"), "まだ開示していません。"));

  // The buyer ends the relationship: it is gone from both pages.
  const auto ended = buyer.Post("/relationships", {{"action", "end"}, {"id", id}});
  ASSERT_EQ(ended.status, 303) << ended.body;
  EXPECT_FALSE(Contains(supplier.Get("/relationships"), "3400120034561"));
  EXPECT_FALSE(Contains(buyer.Get("/relationships"), "確認済み"));
  EXPECT_EQ(buyer.Post("/relationships", {{"action", "end"}, {"id", id}}).status, 422);
}

TEST_F(WebAppTest, BuyerRequestsAndSupplierAnswersWithAShare) {
  Browser buyer = SignUpInBrowser("3400120034561", "buyer@buyer.example");
  const auto supplier = SignUp("7000012050002", "admin@supplier.example");
  const int64_t id = SubmittedAssessment(supplier);
  const auto sent = buyer.Post("/requests", {{"supplier_corporate_number", "7000012050002"},
                                             {"framework", "hoshitori-common"},
                                             {"required_star", "3"},
                                             {"message", "年次の確認をお願いします"}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_TRUE(Contains(buyer.Get("/shares"), "年次の確認をお願いします"));
  // An unknown supplier is refused on the list page, keeping the form.
  const auto unknown = buyer.Post("/requests", {{"supplier_corporate_number", "2200300451234"},
                                                {"framework", "hoshitori-common"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_TRUE(Contains(unknown, "value=\"2200300451234\""));

  // The supplier answers through its browser session.
  Browser supplier_browser(*web_);
  supplier_browser.Get("/login");
  ASSERT_EQ(supplier_browser
                .Post("/login",
                      {{"email", "admin@supplier.example"}, {"password", "a long enough password"}})
                .status,
            303);
  const auto shares = supplier_browser.Get("/shares");
  EXPECT_TRUE(Contains(shares, "年次の確認をお願いします"));
  const int64_t request_id =
      Json(Send("GET", "/api/v1/requests", "", &supplier))["requests"][0]["id"];
  const auto answered =
      supplier_browser.Post("/shares", {{"request_id", std::to_string(request_id)},
                                        {"assessment_id", std::to_string(id)},
                                        {"buyer_corporate_number", "3400120034561"},
                                        {"detail", "details"}});
  ASSERT_EQ(answered.status, 303) << answered.body;
  EXPECT_EQ(Json(Send("GET", "/api/v1/requests", "", &supplier))["requests"][0]["status"],
            "answered");
  // The buyer now sees the detailed result, with its radar chart.
  const auto detail = buyer.Get("/suppliers/" + std::to_string(id) + "?supplier=7000012050002");
  ASSERT_EQ(detail.status, 200);
  EXPECT_TRUE(Contains(detail, "Org 7000012050002"));
  EXPECT_TRUE(Contains(detail, "<svg"));
  // A wrong supplier number in the link shows no name (the API confirms the owner).
  EXPECT_FALSE(Contains(buyer.Get("/suppliers/" + std::to_string(id) + "?supplier=3400120034561"),
                        "Org 3400120034561"));
}

// The directory of accredited assessors (issue 14): Japanese first, English on request,
// filters as a Japanese keyboard types them; the operator's registry only for the hub admin,
// and neither page writes anything.
TEST_F(WebAppTest, AssessorDirectoryAndTheOperatorsRegistry) {
  const auto body_admin = SignUp("3400120034561", "admin@body.example", "L");
  Invite(body_admin, "expert@body.example", "assessor");
  Invite(body_admin, "hub@body.example", "hub_admin");
  service::AccreditationInput expert;
  expert.kind = AccreditationKind::kExpert;
  expert.subject = "expert@body.example";
  expert.number = "RISS-0001";
  expert.qualification = "情報処理安全確保支援士";
  expert.valid_until = "2099-12-31";
  expert.region = "東京都";
  expert.industries = "E";
  expert.contact = "expert-contact@body.example";
  ASSERT_TRUE(AccreditAs(expert).ok());

  Browser supplier = SignUpInBrowser("7000012050002", "admin@supplier.example");
  const auto page = supplier.Get("/assessors");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  EXPECT_TRUE(Contains(page, "認定評価者の一覧"));
  EXPECT_TRUE(Contains(page, "RISS-0001"));
  EXPECT_TRUE(Contains(page, "expert-contact@body.example"));
  EXPECT_TRUE(Contains(supplier.Get("/assessors?lang=en"), "Accredited assessors"));
  // Full-width letters, a prefecture without its suffix: understood; another region: empty.
  EXPECT_TRUE(Contains(supplier.Get("/assessors?industry=%EF%BC%A5&region=%E6%9D%B1%E4%BA%AC"), "RISS-0001"));
  EXPECT_FALSE(Contains(supplier.Get("/assessors?region=Osaka"), "RISS-0001"));
  EXPECT_EQ(supplier.Get("/assessors?region=Atlantis").status, 422);
  // The registry: not for an org admin; for the hub admin, read-only.
  EXPECT_EQ(supplier.Get("/operator/assessors").status, 403);
  Browser hub(*web_);
  hub.Get("/login");
  ASSERT_EQ(hub.Post("/login", {{"email", "hub@body.example"}, {"password", "another long password"}}).status, 303);
  const auto registry = hub.Get("/operator/assessors");
  ASSERT_EQ(registry.status, 200) << registry.body.substr(0, 2000);
  EXPECT_TRUE(Contains(registry, "RISS-0001"));
  EXPECT_TRUE(Contains(registry, "hoshitori assessor"));
  EXPECT_FALSE(Contains(registry, "action=\"/operator")) << "no form changes the registry";
  EXPECT_EQ(hub.Post("/operator/assessors", {{"action", "withdraw"}, {"id", "1"}}).status, 404);
  EXPECT_TRUE(Contains(supplier.Get("/assessors"), "RISS-0001")) << "still accredited";
}

}  // namespace
}  // namespace hoshitori::web

namespace hoshitori::web {
namespace {

// Issue 14: the assessor's review page — accept, read the answers and the evidence, record
// findings, confirm — and nobody else sees it.
TEST_F(WebAppTest, AssessorReviewsAnEngagementOnItsPage) {
  using nlohmann::json;
  const auto supplier = SignUp("7000012050002", "admin@supplier.example");
  const auto body_admin = SignUp("3400120034561", "admin@body.example", "L");
  Invite(body_admin, "expert@body.example", "assessor");
  AccreditExpert("expert@body.example");
  const int64_t id = SubmittedAssessment(supplier, "3400120034561");
  const std::string pdf = "%PDF-1.4\n%%EOF\n";
  const Framework& hub = *api::testing_support::ShippedCatalog().FindFramework("hoshitori-common");
  const std::string criterion = hub.nodes()[hub.assessable().front()].id;
  const auto uploaded = Send("POST",
                             "/api/v1/assessments/" + std::to_string(id) + "/evidence?criterion=" + criterion +
                                 "&name=policy.pdf",
                             pdf, &supplier, "application/pdf");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string file_url =
      "/api/v1/assessments/" + std::to_string(id) + "/evidence/" + std::to_string(Json(uploaded)["id"].get<int64_t>());
  const int64_t engagement =
      Json(Send("GET", "/api/v1/assessments/" + std::to_string(id) + "/engagement", "", &supplier))["id"];
  const std::string page_path = "/review/" + std::to_string(engagement);

  // The supplier adds a second file from a page form (multipart/form-data).
  Browser owner(*web_);
  owner.Get("/login");
  ASSERT_EQ(owner.Post("/login", {{"email", "admin@supplier.example"}, {"password", "a long enough password"}}).status, 303);
  auto multipart = [&](const std::string& csrf, const std::string& type, const std::string& bytes) {
    HttpRequest request;
    request.method = "POST";
    request.path = "/assessments/" + std::to_string(id) + "/evidence";
    request.remote_address = "127.0.0.1";
    request.headers.emplace_back("content-type", "multipart/form-data; boundary=----b0undary");
    request.headers.emplace_back("cookie", "hoshitori_session=" + owner.Cookie("hoshitori_session") +
                                               "; hoshitori_csrf=" + owner.Cookie("hoshitori_csrf"));
    request.body = "------b0undary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf +
                   "\r\n------b0undary\r\nContent-Disposition: form-data; name=\"criterion\"\r\n\r\n" + criterion +
                   "\r\n------b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"手順.txt\"\r\n"
                   "Content-Type: " + type + "\r\n\r\n" + bytes + "\r\n------b0undary--\r\n";
    return web_->Handle(request);
  };
  EXPECT_EQ(multipart("wrong", "text/plain", "手順です").status, 403) << "the form's CSRF token is checked";
  EXPECT_EQ(multipart(owner.Cookie("hoshitori_csrf"), "text/html", "<script>").status, 422);
  const auto sent = multipart(owner.Cookie("hoshitori_csrf"), "text/plain", "手順です");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_NE(Location(sent).find("done=evidence_uploaded"), std::string::npos);
  const auto files = Json(Send("GET", "/api/v1/assessments/" + std::to_string(id) + "/evidence", "", &supplier));
  ASSERT_EQ(files["evidence"].size(), 2u);
  EXPECT_EQ(files["evidence"][1]["name"], "手順.txt");

  Browser expert(*web_);
  expert.Get("/login");
  ASSERT_EQ(expert.Post("/login", {{"email", "expert@body.example"}, {"password", "another long password"}}).status, 303);
  const auto list = expert.Get("/review");
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(Contains(list, "href=\"" + page_path + "\""));
  auto before = expert.Get(page_path);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_TRUE(Contains(before, "受諾する"));
  EXPECT_FALSE(Contains(before, file_url)) << "no evidence before accepting";

  const auto accepted = expert.Post(page_path, {{"action", "accept"}});
  ASSERT_EQ(accepted.status, 303) << accepted.body;
  auto review = expert.Get(page_path);
  EXPECT_TRUE(Contains(review, file_url)) << "the evidence is linked once accepted";
  EXPECT_TRUE(Contains(review, "value=\"needs_evidence\""));
  const auto missing = expert.Post(page_path, {{"action", "finding"}, {"criterion", criterion}, {"verdict", "needs_evidence"}});
  EXPECT_EQ(missing.status, 422) << "an evidence request needs a comment";
  ASSERT_EQ(expert.Post(page_path, {{"action", "finding"}, {"criterion", criterion}, {"verdict", "confirmed"}, {"comment", "確認"}})
                .status,
            303);
  ASSERT_EQ(expert.Post(page_path, {{"action", "confirm"}}).status, 303);
  EXPECT_EQ(Json(Send("GET", "/api/v1/assessments/" + std::to_string(id), "", &supplier))["held"]["star"], 3);
  EXPECT_TRUE(Contains(expert.Get(page_path + "?lang=en"), "concluded"));

  Browser stranger = SignUpInBrowser("6100000000001", "admin@stranger.example");
  EXPECT_EQ(stranger.Get(page_path).status, 404);
  EXPECT_FALSE(Contains(stranger.Get("/review"), page_path));
}


// Issue 15: a request shows in the supplier's inbox with a badge in the navigation; opening it
// marks it read and follows its link; the settings form stops one kind of e-mail.
TEST_F(WebAppTest, InboxShowsARequestOpensItAndKeepsEmailSettings) {
  Browser supplier = SignUpInBrowser("7000012050002", "admin@supplier.example");
  EXPECT_TRUE(Contains(supplier.Get("/inbox"), "お知らせはまだありません"));
  const auto buyer = SignUp("3400120034561", "buyer@buyer.example");
  ASSERT_EQ(Send("POST", "/api/v1/requests",
                 nlohmann::json{{"supplier_corporate_number", "7000012050002"},
                                {"framework", "hoshitori-common"}}
                     .dump(),
                 &buyer)
                .status,
            201);
  const auto inbox = supplier.Get("/inbox");
  ASSERT_EQ(inbox.status, 200);
  EXPECT_TRUE(Contains(inbox, "Org 3400120034561 から評価の依頼が届きました"));
  EXPECT_TRUE(Contains(inbox, "<span class=\"badge\" aria-label=\"未読\">1</span>"));
  EXPECT_TRUE(Contains(supplier.Get("/inbox?lang=en"), "Org 3400120034561 requests an assessment"));
  const size_t at = inbox.body.find("data-entry=\"");
  ASSERT_NE(at, std::string::npos);
  const std::string id = inbox.body.substr(at + 12, inbox.body.find('"', at + 12) - at - 12);
  const auto opened = supplier.Post("/inbox/" + id + "/read", {{"open", "1"}});
  EXPECT_EQ(opened.status, 303);
  EXPECT_EQ(Location(opened), "/shares");
  EXPECT_FALSE(Contains(supplier.Get("/inbox"), "class=\"badge\" aria-label"));
  EXPECT_EQ(supplier.Post("/inbox/999999/read", {}).status, 404);

  // Every kind by e-mail at once by default; each kind: at once, daily digest or off.
  const auto before = supplier.Get("/inbox/settings?lang=ja");
  EXPECT_TRUE(Contains(before, "name=\"mail_request_received\""));
  EXPECT_TRUE(Contains(before, "<option value=\"now\" selected>すぐにメール</option>"));
  // "request received" off (not sent), "level expiring" daily, the others at once.
  std::vector<std::pair<std::string, std::string>> fields;
  for (const char* kind : {"deadline_approaching", "share_revoked", "assessment_confirmed",
                           "sbom_advisory", "incident_warning", "incident_deadline"}) {
    fields.emplace_back(std::string("mail_") + kind, "now");
  }
  fields.emplace_back("mail_level_expiring", "daily");
  const auto saved = supplier.Post("/inbox/settings", fields);
  EXPECT_EQ(Location(saved), "/inbox/settings?done=inbox_settings_saved");
  const auto settings = supplier.Get("/inbox/settings?done=inbox_settings_saved");
  EXPECT_TRUE(Contains(settings, "通知メールの設定を保存しました。"));
  auto selected = [&](const std::string& kind, const std::string& value) {
    const std::string& page = settings.body;
    const size_t at = page.find("name=\"mail_" + kind + "\"");
    const size_t end = page.find("</select>", at);
    return at != std::string::npos &&
           page.substr(at, end - at).find("value=\"" + value + "\" selected") !=
               std::string::npos;
  };
  EXPECT_TRUE(selected("request_received", "off"));
  EXPECT_TRUE(selected("share_revoked", "now"));
  EXPECT_TRUE(selected("level_expiring", "daily"));
  // Without the form's token nothing changes.
  EXPECT_EQ(supplier.Post("/inbox/settings", {}, /*with_csrf=*/false).status, 403);
}
}  // namespace
}  // namespace hoshitori::web
