// Report PDFs through the API (issue 15): who may download which report, in which language,
// and what each shows — read back with poppler's pdftotext. Runs on SQLite and on PostgreSQL
// like every API suite.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class ReportRoutesTest : public ApiFixture {
 protected:
  // pdftotext's reading of `pdf`, without white space (the page wraps lines anywhere).
  std::string PdfText(const std::string& pdf) {
    const std::string path = (dir_ / "report.pdf").string();
    std::ofstream(path, std::ios::binary) << pdf;
    std::string text;
    FILE* pipe = popen(("pdftotext -enc UTF-8 '" + path + "' -").c_str(), "r");
    if (!pipe) return text;
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
    pclose(pipe);
    std::string squeezed;
    for (char c : text) {
      if (c != ' ' && c != '\n' && c != '\f') squeezed += c;
    }
    return squeezed;
  }
  std::string Pdf(const std::string& target, const Caller& caller) {
    const HttpResponse response = Send("GET", target, "", &caller);
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.content_type, "application/pdf");
    bool attachment = false;
    for (const auto& [name, value] : response.headers) {
      if (name == "Content-Disposition") attachment = value.starts_with("attachment;");
    }
    EXPECT_TRUE(attachment) << target;
    return PdfText(response.body);
  }
};

TEST_F(ReportRoutesTest, OwnerGetsTheManagementReportInJapaneseAndEnglish) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const int64_t id = SubmittedAssessment(supplier);
  const std::string path = "/api/v1/assessments/" + std::to_string(id) + "/report.pdf";

  const std::string ja = Pdf(path, supplier);
  for (const char* word :
       {"経営者向けレポート", "Org7000012050002", "7000012050002", "保持しているレベル",
        "回答が満たしているレベル", "分類ごとの達成率", "対策の計画", "#"}) {
    EXPECT_NE(ja.find(word), std::string::npos) << word << " in " << ja;
  }
  const std::string en = Pdf(path + "?lang=en", supplier);
  for (const char* word :
       {"reportformanagement", "Levelheld", "Coveragebycategory", "Actionplan"}) {
    EXPECT_NE(en.find(word), std::string::npos) << word << " in " << en;
  }
  EXPECT_EQ(en.find("保持しているレベル"), std::string::npos);
  EXPECT_EQ(Send("GET", path + "?lang=fr", "", &supplier).status, 400);
}

TEST_F(ReportRoutesTest, OthersSeeTheReportOnlyThroughAShareAndTheLevelOnlyWithoutDetails) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const int64_t id = SubmittedAssessment(supplier);
  const std::string path = "/api/v1/assessments/" + std::to_string(id) + "/report.pdf";
  EXPECT_EQ(Send("GET", path, "", &buyer).status, 404);
  EXPECT_EQ(Send("GET", path).status, 401);

  // A level share: the levels, not the categories or the plan.
  ASSERT_EQ(Send("POST", "/api/v1/shares",
                 json{{"assessment_id", id}, {"buyer_corporate_number", "3400120034561"}}.dump(),
                 &supplier)
                .status,
            201);
  const std::string level_only = Pdf(path, buyer);
  EXPECT_NE(level_only.find("保持しているレベル"), std::string::npos) << level_only;
  EXPECT_EQ(level_only.find("対策の計画（優先順）"), std::string::npos) << level_only;
  EXPECT_NE(level_only.find("この評価はレベルだけが共有されています"), std::string::npos)
      << level_only;
  // A buyer never sees the industry average, which is the supplier's industry's.
  EXPECT_EQ(level_only.find("業種平均（同じ業種の"), std::string::npos) << level_only;
}

TEST_F(ReportRoutesTest, BuyerGetsItsPortfolioWithWhatWasSharedOnly) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller other = SignUp("2200300451234", "admin@other.example");
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const int64_t id = SubmittedAssessment(supplier);
  SubmittedAssessment(other);  // not shared with the buyer
  ASSERT_EQ(Send("POST", "/api/v1/shares",
                 json{{"assessment_id", id}, {"buyer_corporate_number", "3400120034561"}}.dump(),
                 &supplier)
                .status,
            201);
  const std::string ja = Pdf("/api/v1/suppliers/report.pdf", buyer);
  for (const char* word :
       {"取引先のセキュリティ状況", "Org3400120034561", "方針への適合", "保持しているレベル",
        "すべての取引先", "Org7000012050002", "7000012050002"}) {
    EXPECT_NE(ja.find(word), std::string::npos) << word << " in " << ja;
  }
  EXPECT_EQ(ja.find("2200300451234"), std::string::npos) << "an unshared organisation is listed";
  const std::string en = Pdf("/api/v1/suppliers/report.pdf?lang=en", buyer);
  EXPECT_NE(en.find("Suppliersecurityportfolio"), std::string::npos) << en;
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/report.pdf").status, 401);
}

}  // namespace
}  // namespace hoshitori::api
