// Japanese everywhere (issue 15): every error a page can show in Japanese says it in Japanese
// (no English developer text), numbers typed with an IME (full-width digits) are accepted,
// the blast radius lists the chain without the buyer and with arrows in one direction,
// suppliers that shared nothing are "未共有", not ☆☆☆☆☆, and each role lands on its own page.
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <vector>

#include "core/japanese_text.h"
#include "web/web_page.h"
#include "web_test_support.h"

namespace hoshitori::web {
namespace {

using namespace testing_support;  // NOLINT(google-build-using-namespace)
using nlohmann::json;

constexpr const char* kBuyer = "4180001234567";
constexpr const char* kTier1 = "3500201238765";
constexpr const char* kTier2 = "7101104567890";

// The texts of the page's alerts (<div class="problem" role="alert">…</div>), tags removed.
std::vector<std::string> AlertTexts(const HttpResponse& response) {
  std::vector<std::string> out;
  const std::string open = "<div class=\"problem\" role=\"alert\">";
  for (size_t at = response.body.find(open); at != std::string::npos;
       at = response.body.find(open, at + 1)) {
    const size_t end = response.body.find("</div>", at);
    const std::string inner = response.body.substr(at + open.size(), end - at - open.size());
    // Each paragraph separately: one English paragraph under a Japanese one is still English.
    static const std::regex paragraph("<p[^>]*>(.*?)</p>");
    for (auto it = std::sregex_iterator(inner.begin(), inner.end(), paragraph);
         it != std::sregex_iterator(); ++it) {
      out.push_back(std::regex_replace((*it)[1].str(), std::regex("<[^>]*>"), ""));
    }
  }
  return out;
}

bool HasJapanese(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
}

// The page shows at least one alert, and each of its paragraphs is Japanese.
void ExpectJapaneseAlert(const HttpResponse& response, const std::string& what) {
  const auto texts = AlertTexts(response);
  ASSERT_FALSE(texts.empty()) << what << ": no alert\n" << response.body.substr(0, 3000);
  for (const std::string& text : texts) {
    EXPECT_TRUE(HasJapanese(text)) << what << ": English only on a Japanese page: " << text;
  }
}

class JapanesePagesTest : public WebAppTest {};

TEST_F(JapanesePagesTest, SignupAndLoginErrorsAreJapanese) {
  Browser browser(*web_);
  browser.Get("/signup");
  const std::vector<std::pair<std::string, std::string>> good = {
      {"corporate_number", "7000012050002"},
      {"name", "みらい製作所"},
      {"industry", "E"},
      {"email", "soumu@mirai.example"},
      {"display_name", "総務 花子"},
      {"password", "a long enough password"}};
  auto with = [&](const std::string& key, const std::string& value) {
    auto fields = good;
    for (auto& [k, v] : fields) {
      if (k == key) v = value;
    }
    if (key == "employees") fields.emplace_back(key, value);
    return fields;
  };
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"corporate_number", "7000012050003"},
                                                        {"corporate_number", "70000120"},
                                                        {"corporate_number", "7000x12050002"},
                                                        {"email", "not-an-address"},
                                                        {"password", "short"},
                                                        {"employees", "forty"},
                                                        {"industry", "Z"},
                                                        {"name", ""}}) {
    const auto response = browser.Post("/signup", with(key, value));
    EXPECT_EQ(response.status, 422) << key << "=" << value;
    ExpectJapaneseAlert(response, "signup " + key + "=" + value);
  }
  // The same refusal in English says it in English.
  const auto english = browser.Post("/signup?lang=en", with("corporate_number", "7000012050003"));
  EXPECT_TRUE(Contains(english, "wrong check digit")) << english.body.substr(0, 3000);

  browser.Get("/login?lang=ja");
  const auto login =
      browser.Post("/login", {{"email", "nobody@mirai.example"}, {"password", "wrong password"}});
  EXPECT_EQ(login.status, 401);
  ExpectJapaneseAlert(login, "login");
}

TEST_F(JapanesePagesTest, FullWidthDigitsAreNumbers) {
  Browser browser(*web_);
  browser.Get("/signup");
  const auto response =
      browser.Post("/signup", {{"corporate_number", "７０００－０１２０－５０００２"},
                               {"name", "みらい製作所"},
                               {"industry", "E"},
                               {"employees", "４０"},
                               {"capital_yen", "１，０００，０００"},
                               {"email", "soumu@mirai.example"},
                               {"display_name", "総務 花子"},
                               {"password", "a long enough password"}});
  ASSERT_EQ(response.status, 303) << response.body.substr(0, 3000);
  // The API reads full-width numbers too, and stores the ASCII digits.
  const auto api = Send("POST", "/api/v1/signup",
                        json{{"corporate_number", "３５００２０１２３８７６５"},
                             {"name", "テスト部品"},
                             {"industry", "E"},
                             {"email", "admin@tier1.example"},
                             {"display_name", "管理者"},
                             {"password", "a long enough password"}}
                            .dump());
  ASSERT_EQ(api.status, 201) << api.body;
  EXPECT_EQ(Json(api)["organisation"]["corporate_number"], kTier1);
}

class ChainPagesTest : public WebAppTest {
 protected:
  // The buyer (signed in in `browser_`) buys from tier 1 (single source, critical), which
  // buys from tier 2 (critical) and discloses that to the buyer; every claim confirmed.
  void SetUp() override {
    WebAppTest::SetUp();
    if (IsSkipped()) return;
    browser_ = std::make_unique<Browser>(SignUpInBrowser(kBuyer, "buyer@buyer.example"));
    tier1_ = SignUp(kTier1, "admin@tier1.example");
    tier2_ = SignUp(kTier2, "admin@tier2.example");
  }
  void BuildChain() {
    const auto declared = browser_->Post("/relationships", {{"supplier", kTier1},
                                                            {"kind", "parts"},
                                                            {"substitutability", "single_source"},
                                                            {"critical", "yes"}});
    ASSERT_EQ(declared.status, 303) << declared.body.substr(0, 3000);
    ConfirmAll(tier1_);
    const auto own =
        Send("POST", "/api/v1/relationships",
             json{{"relationships", json::array({{{"buyer", kTier1},
                                                  {"supplier", kTier2},
                                                  {"kind", "it_outsourcing"},
                                                  {"substitutability", "single_source"},
                                                  {"critical", true}}})}}
                 .dump(),
             &tier1_);
    ASSERT_EQ(own.status, 201) << own.body;
    ConfirmAll(tier2_);
    ASSERT_EQ(Send("POST", "/api/v1/disclosures", json{{"viewer_corporate_number", kBuyer}}.dump(),
                   &tier1_)
                  .status,
              201);
  }
  void ConfirmAll(const api::testing_support::Caller& who) {
    const auto pending =
        Json(Send("GET", "/api/v1/relationships?status=awaiting_you", "", &who))["relationships"];
    ASSERT_FALSE(pending.empty());
    for (const auto& r : pending) {
      const auto confirmed = Send(
          "POST", "/api/v1/relationships/" + std::to_string(r["id"].get<int64_t>()) + "/confirm",
          "", &who);
      ASSERT_EQ(confirmed.status, 200) << confirmed.body;
    }
  }

  std::unique_ptr<Browser> browser_;
  api::testing_support::Caller tier1_, tier2_;
};

TEST_F(ChainPagesTest, BlastRadiusListsTheChainWithoutTheBuyerAndArrowsOneWay) {
  BuildChain();
  const auto page = browser_->Get(std::string("/chain?supplier=") + kTier2);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page, "<h2>影響範囲</h2>"));
  EXPECT_FALSE(Contains(page, "ブラストラディウス"));
  // The buyer is told once that it is hit, and that its production stops.
  EXPECT_TRUE(Contains(page, "自社にも影響が届きます（攻撃を受けた会社から 2 段）"))
      << page.body.substr(page.body.find("id=\"blast\""), 3000);
  // The table has the tier-1 supplier only: no row for the buyer at tier 0.
  const size_t table = page.body.find("<tbody>", page.body.find("id=\"blast\""));
  const std::string rows = page.body.substr(table, page.body.find("</tbody>", table) - table);
  EXPECT_EQ(rows.find("みらい製作所"), std::string::npos) << rows;
  EXPECT_EQ(rows.find("<td>0</td>"), std::string::npos) << rows;
  EXPECT_NE(rows.find("Org " + std::string(kTier1) + " → Org " + kTier2), std::string::npos)
      << rows;
  // The buyer's path runs from the buyer down to the attacked company, never back.
  EXPECT_TRUE(Contains(page, "みらい製作所 → Org " + std::string(kTier1) + " → Org " + kTier2));
  EXPECT_FALSE(Contains(page, "Org " + std::string(kTier2) + " → Org " + kTier1));

  // A wrong or unknown corporate number is said in Japanese.
  ExpectJapaneseAlert(browser_->Get("/chain?supplier=12345"), "blast radius, short number");
  ExpectJapaneseAlert(browser_->Get("/chain?supplier=2200300451234"), "blast radius, stranger");
  // Full-width digits find the same company.
  EXPECT_TRUE(Contains(browser_->Get("/chain?supplier=" + UrlEncode("７１０１１０４５６７８９０")),
                       "自社にも影響が届きます"));
}

TEST_F(ChainPagesTest, UnknownSuppliersAreNotSharedNotZeroStars) {
  // Before any supplier: the buyer's empty pages say what to do next.
  EXPECT_TRUE(Contains(browser_->Get("/chain"), "data-next-step"));
  EXPECT_TRUE(Contains(browser_->Get("/suppliers"), "data-next-step"));
  BuildChain();
  const auto list = browser_->Get("/suppliers");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(Contains(list, "<span class=\"not-shared\" data-not-shared>未共有</span>"));
  EXPECT_FALSE(Contains(list, "☆☆☆☆☆"));
  // The status's reason is why it is unknown; the rule's reason is labelled as the reason for
  // the requirement.
  EXPECT_TRUE(Contains(list, "評価結果がまだ共有されていません"));
  EXPECT_TRUE(Contains(list, "要求の理由："));
  EXPECT_FALSE(Contains(browser_->Get("/chain"), "★0"));
}

TEST_F(ChainPagesTest, PolicyAndRelationshipErrorsAreJapanese) {
  const auto policy = browser_->Post("/policy", {{"rules", "rule a: colour = red => star3 \"x\""}});
  ExpectJapaneseAlert(policy, "policy, unknown field");
  EXPECT_TRUE(Contains(policy, "policy 1行目"));
  EXPECT_TRUE(Contains(policy, "「colour」という項目はありません"));
  for (const std::string rules :
       {"rule a: kind = rocket => star3 \"x\"", "rule a b: always => star3 \"x\"",
        "rule a: always => star9 \"x\"", "rule a: always => star3", "hello",
        "rule a: tier = zero => star3 \"x\""}) {
    ExpectJapaneseAlert(browser_->Post("/policy", {{"rules", rules}}), "policy: " + rules);
  }
  // In English, the same error in English.
  const auto english =
      browser_->Post("/policy?lang=en", {{"rules", "rule a: colour = red => star3 \"x\""}});
  EXPECT_TRUE(Contains(english, "policy:1: unknown field &#39;colour&#39;") ||
              Contains(english, "policy:1: unknown field 'colour'"))
      << AlertTexts(english).size();

  const auto relationship =
      browser_->Post("/relationships?lang=ja", {{"supplier", "2200300451234"}, {"kind", "parts"}});
  ExpectJapaneseAlert(relationship, "relationship, unknown supplier");
  const auto bad_number =
      browser_->Post("/relationships", {{"supplier", "220030045123"}, {"kind", "parts"}});
  ExpectJapaneseAlert(bad_number, "relationship, short number");
}

TEST_F(ChainPagesTest, EachRoleLandsOnItsOwnPage) {
  // A supplier without suppliers of its own lands on its self-assessments.
  Browser supplier = SignUpInBrowser("7000012050002", "soumu@mirai.example");
  EXPECT_TRUE(Contains(supplier.Get("/"), "href=\"/assessments\" aria-current=\"page\""));
  // A buyer (an organisation with suppliers) lands on its supplier list.
  BuildChain();
  const auto home = browser_->Get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_TRUE(Contains(home, "href=\"/suppliers\" aria-current=\"page\""))
      << home.body.substr(0, 3000);
}

TEST(JapaneseText, SearchKeysFoldWhatAnImeTypes) {
  EXPECT_EQ(SearchKey("ﾐﾗｲｾｲｺｳ"), SearchKey("ミライセイコウ"));
  EXPECT_EQ(SearchKey("みらいせいこう"), SearchKey("ミライセイコウ"));
  EXPECT_EQ(SearchKey("ミライ　精工"), SearchKey("ミライ精工"));
  EXPECT_EQ(SearchKey("ＡＢＣ商事"), "abc商事");
  EXPECT_EQ(SearchKey("Org 123"), "org123");
  EXPECT_EQ(NormaliseDigits("７０００－０１２０－５０００２"), "7000012050002");
  EXPECT_EQ(NormaliseDigits("１２３"), "123");
  EXPECT_EQ(NormaliseDigits("1,234"), "1,234");  // separators are the caller's to judge
  EXPECT_EQ(NormaliseNfkc("ｶﾌﾞｼｷｶﾞｲｼｬ"), "カブシキガイシャ");
  const std::string long_text(kMaxNormalisedBytes + 1, 'A');
  EXPECT_EQ(SearchKey(long_text), long_text);  // bounded: returned as it is
}

// The kana folding is ICU's Hiragana-Katakana transliteration on every hiragana code point.
TEST(JapaneseText, KanaFoldingAgreesWithIcusTransliterator) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> icu_folder(
      icu::Transliterator::createInstance("Hiragana-Katakana", UTRANS_FORWARD, status));
  ASSERT_TRUE(U_SUCCESS(status));
  // Every hiragana letter and iteration mark (the voiced-sound marks U+3099..U+309C are
  // spacing or combining marks, not letters: no search term holds one alone).
  std::vector<UChar32> letters;
  for (UChar32 c = 0x3041; c <= 0x3096; ++c) letters.push_back(c);
  letters.insert(letters.end(), {0x309D, 0x309E, 0x309F});
  for (const UChar32 c : letters) {
    icu::UnicodeString one(c);
    std::string utf8;
    one.toUTF8String(utf8);
    icu::UnicodeString expected = icu::UnicodeString::fromUTF8(NormaliseNfkc(utf8));
    icu_folder->transliterate(expected);
    std::string want;
    expected.toUTF8String(want);
    EXPECT_EQ(SearchKey(utf8), want) << "U+" << std::hex << static_cast<int>(c);
  }
}

TEST_F(ChainPagesTest, SupplierSearchFindsKatakanaNamesTypedInHiraganaOrHalfWidth) {
  const auto signed_up = Send("POST", "/api/v1/signup",
                              json{{"corporate_number", "2200300451234"},
                                   {"name", "ミライ精工株式会社"},
                                   {"industry", "E"},
                                   {"email", "admin@mirai-seiko.example"},
                                   {"display_name", "管理者"},
                                   {"password", "a long enough password"}}
                                  .dump());
  ASSERT_EQ(signed_up.status, 201) << signed_up.body;
  ASSERT_EQ(
      browser_->Post("/relationships", {{"supplier", "2200300451234"}, {"kind", "parts"}}).status,
      303);
  for (const std::string q : {"ミライ", "みらい", "ﾐﾗｲ", "ミライ 精工", "２２００３"}) {
    const auto page = browser_->Get("/suppliers?q=" + UrlEncode(q));
    EXPECT_TRUE(Contains(page, "ミライ精工株式会社")) << q;
  }
  EXPECT_FALSE(
      Contains(browser_->Get("/suppliers?q=" + UrlEncode("ひかり")), "ミライ精工株式会社"));
}

}  // namespace
}  // namespace hoshitori::web
