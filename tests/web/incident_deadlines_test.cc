// The deadlines partial (web/templates/incident_deadlines.mustache over web/web_deadlines.h):
// duties computed from the shipped regimes render with their Japan-time deadlines, status
// badges, contacts and sources, in Japanese and in English, escaped.
#include <gtest/gtest.h>

#include "share/deadlines.h"
#include "web/templates.h"
#include "web/web_deadlines.h"

namespace hoshitori::web {
namespace {

const std::string kSource = HOSHITORI_SOURCE_DIR;

class IncidentDeadlinesPartial : public testing::Test {
 protected:
  void SetUp() override {
    auto templates = TemplateSet::Load(kSource + "/web");
    ASSERT_TRUE(templates.ok()) << templates.error().message;
    templates_ = *templates;
    auto regimes = share::LoadRegimeDirectory(kSource + "/data/incident-regimes");
    ASSERT_TRUE(regimes.ok()) << regimes.error().message;
    regimes_ = *regimes;
  }
  std::string Render(const share::IncidentFacts& facts, const std::string& lang) {
    const auto duties = share::ComputeDuties(facts, regimes_);
    return templates_->Render(
        "incident_deadlines",
        nlohmann::json{{"deadlines", DeadlinesView(duties, *templates_, lang)}}, lang);
  }
  static bool Has(const std::string& html, const std::string& part) {
    return html.find(part) != std::string::npos;
  }
  static size_t CountOf(const std::string& html, const std::string& part) {
    size_t count = 0;
    for (size_t at = html.find(part); at != std::string::npos; at = html.find(part, at + 1)) {
      ++count;
    }
    return count;
  }

  std::shared_ptr<const TemplateSet> templates_;
  std::vector<share::Regime> regimes_;
};

share::IncidentFacts RansomwareAtASupplier() {
  share::IncidentFacts facts;
  facts.detected_at = *share::ParseUtc("2026-12-01T01:00:00Z");  // 10:00 JST
  facts.now = *share::ParseUtc("2026-12-04T02:00:00Z");          // day 4, 11:00 JST
  facts.personal_data = true;
  facts.people = share::PeopleBand::kUpTo1000;
  facts.ransomware = true;
  facts.buyers_requiring_notice = {{42, "<script>株式会社発注</script>", 96}};
  return facts;
}

TEST_F(IncidentDeadlinesPartial, ShowsDutiesInJapaneseWithJapanTimeAndBadges) {
  const std::string html = Render(RansomwareAtASupplier(), "ja");
  EXPECT_TRUE(Has(html, "通知の期限と連絡先"));
  // The preliminary report (day 3) has passed; the 60-day final report is open.
  EXPECT_TRUE(Has(html, "個人情報保護委員会への漏えい等報告(個人情報保護法): 速報")) << html;
  EXPECT_TRUE(
      Has(html, "<time datetime=\"2026-12-03T15:00:00Z\">2026-12-03 23:59 (日本時間)</time>"))
      << html;
  EXPECT_TRUE(
      Has(html, "<time datetime=\"2027-01-29T15:00:00Z\">2027-01-29 23:59 (日本時間)</time>"));
  EXPECT_EQ(CountOf(html, "duty-badge-overdue\">期限切れ"), 1u);
  // The buyer's 96 hours end at 2026-12-05 01:00 UTC, 23 hours after "now": due soon.
  EXPECT_EQ(CountOf(html, "duty-badge-due_soon\">24時間以内"), 1u);
  EXPECT_EQ(CountOf(html, "duty-badge-open\">期限前"), 1u);
  EXPECT_EQ(CountOf(html, "duty-badge-now\">直ちに"), 2u);  // police; IPA and JPCERT/CC
  // mstch writes "/" as "&#x2F;" (browsers read it back in attributes).
  EXPECT_TRUE(Has(
      html, "href=\"https:&#x2F;&#x2F;www.npa.go.jp&#x2F;bureau&#x2F;cyber&#x2F;soudan.html\""));
  EXPECT_TRUE(Has(html, "href=\"https:&#x2F;&#x2F;www.jpcert.or.jp&#x2F;form&#x2F;\""));
  EXPECT_TRUE(Has(html, "法令上の義務"));
  EXPECT_TRUE(Has(html, "確認日 2026-12-06"));
  // The buyer's name is text, not markup.
  EXPECT_FALSE(Has(html, "<script>"));
  EXPECT_TRUE(Has(html, "&lt;script&gt;株式会社発注"));
}

TEST_F(IncidentDeadlinesPartial, EnglishAndTheEmptyCase) {
  const std::string html = Render(RansomwareAtASupplier(), "en");
  EXPECT_TRUE(Has(html, "Deadlines and whom to tell"));
  EXPECT_TRUE(Has(html,
                  "Breach report to the Personal Information Protection Commission (APPI): "
                  "Final report (possible malicious intent)"));
  EXPECT_TRUE(Has(html, "2026-12-03 23:59 (Japan time)"));
  EXPECT_TRUE(Has(html, ">Overdue<"));
  EXPECT_TRUE(Has(html, "Now (no fixed time)"));
  EXPECT_FALSE(Has(html, "期限切れ"));

  share::IncidentFacts nothing;
  nothing.detected_at = nothing.now = *share::ParseUtc("2026-12-01T01:00:00Z");
  const std::string empty = Render(nothing, "ja");
  EXPECT_TRUE(Has(empty, "期限のある通知の義務は見つかりませんでした"));
  EXPECT_FALSE(Has(empty, "<ol class=\"duties\">"));
}

}  // namespace
}  // namespace hoshitori::web
