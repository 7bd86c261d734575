// Report PDFs read back with poppler: the management report and the supplier portfolio carry
// their facts in the language asked for (pdftotext), embed the CJK font cut down to what they
// use (pdffonts: emb yes, sub yes), flow over several pages when long, stay within size and
// time for 4,000 suppliers, and refuse input outside their bounds.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "report/management_report.h"
#include "report/portfolio_report.h"

namespace hoshitori::report {
namespace {

class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "report-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDirectory() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::string RunCommand(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  pclose(pipe);
  return output;
}

struct Read {
  std::string text;   // pdftotext
  std::string info;   // pdfinfo
  std::string fonts;  // pdffonts
};

Read ReadPdf(const std::string& pdf) {
  ScratchDirectory scratch;
  const std::string path = scratch.File("report.pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  return {RunCommand("pdftotext -enc UTF-8 '" + path + "' -"),
          "\n" + RunCommand("pdfinfo '" + path + "'"), RunCommand("pdffonts '" + path + "'")};
}

std::string InfoField(const std::string& info, const std::string& field) {
  const size_t at = info.find("\n" + field + ":");
  if (at == std::string::npos) return "";
  const size_t start = info.find_first_not_of(' ', at + field.size() + 2);
  return info.substr(start, info.find('\n', start) - start);
}

// `text` without white space: pdftotext breaks lines where the page wraps them, in the middle
// of Japanese words too.
std::string Squeezed(const std::string& text) {
  std::string squeezed;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\f') squeezed += c;
  }
  return squeezed;
}

void ExpectAll(const std::string& text, const std::vector<std::string>& wanted) {
  const std::string squeezed = Squeezed(text);
  for (const std::string& word : wanted) {
    EXPECT_NE(squeezed.find(Squeezed(word)), std::string::npos) << "missing: " << word << "\nin:\n"
                                                                << text;
  }
}

// Every font in pdffonts' table is embedded and a subset, and one of them is Noto Sans CJK.
void ExpectCjkFontEmbeddedAsSubset(const std::string& fonts) {
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
  size_t rows = 0;
  size_t line_start = fonts.find('\n', fonts.find("-----"));
  while (line_start != std::string::npos && line_start + 1 < fonts.size()) {
    const size_t line_end = fonts.find('\n', line_start + 1);
    const std::string line = fonts.substr(line_start + 1, line_end - line_start - 1);
    line_start = line_end;
    if (line.empty()) continue;
    ++rows;
    // Columns: name type encoding emb sub uni object ID; the name of a subset starts with
    // six capital letters and "+".
    EXPECT_EQ(line.find('+'), 6u) << "not a subset: " << line;
    EXPECT_NE(line.find(" yes yes "), std::string::npos) << "not embedded as a subset: " << line;
  }
  EXPECT_GT(rows, 0u) << fonts;
}

ManagementReport Management(Language language) {
  ManagementReport r;
  r.language = language;
  r.organisation = "星取部品株式会社";
  r.corporate_number = "8700110005901";
  r.assessment = "#11";
  r.framework = language == Language::kJapanese ? "共通対策基準" : "Common control set";
  r.status = "confirmed";
  r.attestation = "expert_confirmed";
  r.held_star = 3;
  r.eligible_star = 3;
  r.next_star = 4;
  r.valid_until = "2027-11-30";
  const char* names[][2] = {{"ガバナンス", "Governance"},
                            {"取引先管理", "Supplier management"},
                            {"リスクの特定", "Risk identification"},
                            {"防御", "Protection"},
                            {"検知", "Detection"},
                            {"インシデント対応", "Incident response"},
                            {"復旧", "Recovery"}};
  int i = 0;
  for (const auto& name : names) {
    CategoryLine line;
    line.name = name[language == Language::kJapanese ? 0 : 1];
    line.coverage = 0.4 + 0.08 * i;
    line.implemented = 5 + i;
    line.partial = 2;
    line.not_implemented = 3;
    line.average = 0.5;
    r.categories.push_back(line);
    ++i;
  }
  r.average_contributors = 7;
  r.gaps = {{"GV-4.1", language == Language::kJapanese ? "経営層によるリスクの見直し"
                                                       : "Management reviews the risks"}};
  r.plan = {
      {"PR-2.3",
       language == Language::kJapanese ? "多要素認証を導入する" : "Introduce multi-factor sign-in",
       "not_implemented", 4, 2}};
  r.generated_on = "2026-12-06";
  return r;
}

TEST(ManagementReport, JapaneseReportCarriesLevelsRadarGapsAndPlan) {
  const auto pdf = RenderManagementReportPdf(Management(Language::kJapanese));
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const Read read = ReadPdf(*pdf);
  EXPECT_EQ(InfoField(read.info, "Page size"), "595.28 x 841.89 pts (A4)") << read.info;
  EXPECT_EQ(InfoField(read.info, "Creator"), "Hoshitori");
  ExpectAll(read.text, {"経営者向けレポート",
                        "星取部品株式会社",
                        "8700110005901",
                        "保持しているレベル",
                        "★3",
                        "回答が満たしているレベル",
                        "保持しているレベルと同じです",
                        "専門家の確認",
                        "2027-11-30",
                        "分類ごとの達成率",
                        "ガバナンス",
                        "インシデント対応",
                        "業種平均",
                        "7 社",
                        "★4 に足りない対策",
                        "GV-4.1",
                        "経営層によるリスクの見直し",
                        "対策の計画",
                        "多要素認証を導入する",
                        "実施していない",
                        "数日・少額の費用",
                        "2026-12-06"});
  EXPECT_EQ(read.text.find("Management report"), std::string::npos) << "English on a Japanese page";
  ExpectCjkFontEmbeddedAsSubset(read.fonts);
  EXPECT_LT(pdf->size(), 200u * 1024) << "the embedded font was not cut down";
}

TEST(ManagementReport, EnglishReportIsInEnglish) {
  const auto pdf = RenderManagementReportPdf(Management(Language::kEnglish));
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const Read read = ReadPdf(*pdf);
  ExpectAll(read.text, {"report for management", "星取部品株式会社", "Level held", "★3",
                        "Expert confirmation", "Coverage by category", "Incident response",
                        "industry average (latest assessments of 7 companies", "Missing for ★4",
                        "Management reviews the risks", "Action plan",
                        "Introduce multi-factor sign-in", "Not done", "a few days, small cost"});
  EXPECT_EQ(read.text.find("保持しているレベル"), std::string::npos);
  ExpectCjkFontEmbeddedAsSubset(read.fonts);
}

TEST(ManagementReport, WithoutAverageSaysWhy) {
  ManagementReport r = Management(Language::kJapanese);
  r.average_contributors = 0;
  for (CategoryLine& c : r.categories) c.average.reset();
  const auto pdf = RenderManagementReportPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const Read read = ReadPdf(*pdf);
  ExpectAll(read.text, {"業種平均：表示できません"});
  EXPECT_EQ(Squeezed(read.text).find("7社"), std::string::npos);
}

TEST(ManagementReport, LevelOnlyReportSaysTheDetailsAreNotShared) {
  ManagementReport r = Management(Language::kEnglish);
  r.details = false;
  const auto pdf = RenderManagementReportPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const Read read = ReadPdf(*pdf);
  ExpectAll(read.text, {"Level held", "Only the level of this assessment is shared with you"});
  EXPECT_EQ(read.text.find("Action plan"), std::string::npos) << read.text;
  EXPECT_EQ(read.text.find("Coverage by category"), std::string::npos) << read.text;
}

TEST(ManagementReport, LongPlanFlowsOverPagesWithNumberedFoot) {
  ManagementReport r = Management(Language::kJapanese);
  r.plan.clear();
  for (int i = 1; i <= 300; ++i) {
    r.plan.push_back(
        {"X-" + std::to_string(i), "対策その" + std::to_string(i), "partial", 3, 1 + i % 3});
  }
  const auto pdf = RenderManagementReportPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const Read read = ReadPdf(*pdf);
  const int pages = std::stoi(InfoField(read.info, "Pages"));
  EXPECT_GE(pages, 5) << read.info;
  ExpectAll(read.text, {"X-1", "X-300", "対策その300", "1 / " + std::to_string(pages),
                        std::to_string(pages) + " / " + std::to_string(pages)});
}

TEST(ManagementReport, SameReportGivesSameBytes) {
  const auto a = RenderManagementReportPdf(Management(Language::kJapanese));
  const auto b = RenderManagementReportPdf(Management(Language::kJapanese));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

// Reports are made on the server's worker threads; renders at once must neither crash (cairo
// 1.16 shares font caches between surfaces) nor differ.
TEST(ManagementReport, RendersOnManyThreadsAtOnceGiveTheSameBytes) {
  const auto first = RenderManagementReportPdf(Management(Language::kJapanese));
  ASSERT_TRUE(first.ok()) << first.error().message;
  std::vector<std::string> results(4 * 3);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &results] {
      for (int i = 0; i < 3; ++i) {
        const auto pdf = RenderManagementReportPdf(
            Management(i == 1 ? Language::kEnglish : Language::kJapanese));
        results[t * 3 + i] = pdf.ok() ? *pdf : pdf.error().message;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const auto english = RenderManagementReportPdf(Management(Language::kEnglish));
  ASSERT_TRUE(english.ok());
  for (size_t k = 0; k < results.size(); ++k) {
    EXPECT_TRUE(results[k] == (k % 3 == 1 ? *english : *first)) << "render " << k;
  }
}

TEST(ManagementReport, InputOutsideTheBoundsIsRefused) {
  ManagementReport r = Management(Language::kJapanese);
  r.organisation = "星取\x01";
  auto refused = RenderManagementReportPdf(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(refused.error().message.find("organisation"), std::string::npos);

  r = Management(Language::kJapanese);
  r.plan[0].title = std::string(kMaxReportTextBytes + 1, 'a');
  refused = RenderManagementReportPdf(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("plan.title"), std::string::npos);

  r = Management(Language::kJapanese);
  r.held_star = 6;
  EXPECT_FALSE(RenderManagementReportPdf(r).ok());

  r = Management(Language::kJapanese);
  r.categories[0].coverage = 1.5;
  EXPECT_FALSE(RenderManagementReportPdf(r).ok());

  r = Management(Language::kJapanese);
  r.gaps.resize(kMaxReportItems + 1);
  EXPECT_FALSE(RenderManagementReportPdf(r).ok());

  r = Management(Language::kJapanese);
  r.framework = "\xff\xfe";
  EXPECT_FALSE(RenderManagementReportPdf(r).ok());
}

TEST(ManagementReport, CharacterNoFontHasIsRefused) {
  ManagementReport r = Management(Language::kJapanese);
  r.organisation = "\U000F0000 Private use";  // a private-use character no font has
  const auto refused = RenderManagementReportPdf(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
}

PortfolioRow Supplier(int i) {
  PortfolioRow row;
  row.name = "取引先" + std::to_string(i) + "株式会社";
  row.corporate_number = std::to_string(1000000000000LL + i);
  switch (i % 4) {
    case 0:
      row.held_star = 3;
      row.attestation = "expert_confirmed";
      row.valid_until = "2027-03-31";
      row.compliance = Compliance::kMeets;
      break;
    case 1:
      row.held_star = 2;
      row.attestation = "self";
      row.compliance = Compliance::kBelow;
      break;
    case 2:
      row.compliance = Compliance::kUnknown;
      break;
    default:
      row.compliance = Compliance::kOutsideChain;
      row.held_star = 4;
      row.attestation = "third_party";
      break;
  }
  if (row.compliance != Compliance::kOutsideChain) {
    row.required_star = 3;
    row.tier = 1 + i % 3;
    row.reason = "機密情報を扱う";
  }
  return row;
}

PortfolioReport Portfolio(Language language, int suppliers) {
  PortfolioReport r;
  r.language = language;
  r.buyer = "星取自動車株式会社";
  r.buyer_number = "1234567890123";
  r.generated_on = "2026-12-06";
  for (int i = 0; i < suppliers; ++i) r.rows.push_back(Supplier(i));
  return r;
}

TEST(PortfolioReport, JapaneseReportCountsAndListsSuppliers) {
  const auto pdf = RenderPortfolioReportPdf(Portfolio(Language::kJapanese, 8));
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const Read read = ReadPdf(*pdf);
  ExpectAll(read.text,
            {"取引先のセキュリティ状況", "星取自動車株式会社", "方針への適合", "適合",
             "不適合（レベル不足）", "不明（未共有）", "取引関係の登録なし", "保持しているレベル",
             "レベルが不明な取引先（2 社）", "すべての取引先", "取引先5株式会社", "1000000000005",
             "専門家の確認", "2027-03-31", "機密情報を扱う", "★0 ではありません"});
  EXPECT_EQ(read.text.find("Supplier portfolio"), std::string::npos);
  ExpectCjkFontEmbeddedAsSubset(read.fonts);
}

TEST(PortfolioReport, EnglishReportIsInEnglish) {
  const auto pdf = RenderPortfolioReportPdf(Portfolio(Language::kEnglish, 8));
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const Read read = ReadPdf(*pdf);
  ExpectAll(read.text,
            {"Supplier security portfolio", "Compliance with your policy", "Meets",
             "Below the required level", "Unknown (not shared)", "Suppliers of unknown level (2)",
             "All suppliers", "取引先5株式会社", "Third-party evaluation"});
  ExpectCjkFontEmbeddedAsSubset(read.fonts);
}

// 4,000 suppliers (one industry's yearly campaign): every one is listed, the file stays small
// and it renders in seconds (docs/benchmarks.md records the measured time).
TEST(PortfolioReport, FourThousandSuppliersRenderInBoundedSizeAndTime) {
  const auto start = std::chrono::steady_clock::now();
  const auto pdf = RenderPortfolioReportPdf(Portfolio(Language::kJapanese, 4000));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_LT(seconds, 60) << "rendering took " << seconds << " s";
  EXPECT_LT(pdf->size(), 8u * 1024 * 1024);
  const Read read = ReadPdf(*pdf);
  ExpectAll(read.text, {"取引先0株式会社", "取引先3999株式会社", "1000000003999"});
  EXPECT_GT(std::stoi(InfoField(read.info, "Pages")), 50);
}

TEST(PortfolioReport, InputOutsideTheBoundsIsRefused) {
  PortfolioReport r = Portfolio(Language::kJapanese, 2);
  r.rows[1].reason = "a\x7f";
  auto refused = RenderPortfolioReportPdf(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("rows.reason"), std::string::npos);
  r = Portfolio(Language::kJapanese, 2);
  r.rows[0].tier = kMaxPortfolioTier + 1;
  EXPECT_FALSE(RenderPortfolioReportPdf(r).ok());
  r = Portfolio(Language::kJapanese, 0);
  r.rows.resize(kMaxPortfolioRows + 1);
  EXPECT_FALSE(RenderPortfolioReportPdf(r).ok());
}

TEST(PortfolioReport, LeavesNoFontFile) {
  ASSERT_TRUE(RenderPortfolioReportPdf(Portfolio(Language::kJapanese, 3)).ok());
  const std::string prefix = "hoshitori-report-font-" + std::to_string(getpid()) + "-";
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    EXPECT_NE(entry.path().filename().string().rfind(prefix, 0), 0u) << entry.path();
  }
}

}  // namespace
}  // namespace hoshitori::report
