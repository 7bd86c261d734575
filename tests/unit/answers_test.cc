#include <gtest/gtest.h>

#include "assess/answers.h"
#include "test_support.h"

namespace hoshitori {
namespace {

using testing_support::MiniCatalog;

const Framework& Hub() { return *MiniCatalog().FindFramework("mini-hub"); }

TEST(AnswersCsv, ReadsRowsWithOptionalColumnsAndHeader) {
  auto answers = ParseAnswersCsv(
      "ref,status,maturity,comment,evidence\nH1,implemented,4,\"done, checked\",policy.pdf; log 2026\n"
      "H2,partial\n",
      Hub());
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  ASSERT_EQ(answers->size(), 2u);
  EXPECT_EQ((*answers)[0].node_id, "H1");
  EXPECT_EQ((*answers)[0].maturity, 4);
  EXPECT_EQ((*answers)[0].comment, "done, checked");
  EXPECT_EQ((*answers)[0].evidence, (std::vector<std::string>{"policy.pdf", "log 2026"}));
  EXPECT_EQ((*answers)[1].status, AnswerStatus::kPartial);
}

TEST(AnswersCsv, ErrorsNameTheRowAndReason) {
  auto unknown = ParseAnswersCsv("ref,status\nH1,implemented\nH9,implemented\n", Hub());
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("row 3: 'H9' is not a requirement of mini-hub"), std::string::npos)
      << unknown.error().message;
  auto status = ParseAnswersCsv("H1,done-ish\n", Hub());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("row 1: status 'done-ish'"), std::string::npos);
  auto maturity = ParseAnswersCsv("H1,implemented,7\n", Hub());
  ASSERT_FALSE(maturity.ok());
  EXPECT_NE(maturity.error().message.find("from 0 to 5"), std::string::npos);
  auto twice = ParseAnswersCsv("H1,implemented\nH1,partial\n", Hub());
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("row 2: H1 is answered twice"), std::string::npos);
  auto columns = ParseAnswersCsv("H1\n", Hub());
  ASSERT_FALSE(columns.ok());
  EXPECT_NE(columns.error().message.find("expected 2 to 5 columns"), std::string::npos);
}

TEST(AnswersJson, ReadsObjectOrArray) {
  auto answers = ParseAnswers(
      R"({"answers": [{"ref": "H1", "status": "implemented", "maturity": 3, "evidence": ["a", "b"]},
                      {"ref": "H2", "status": "not_applicable", "comment": "no servers"}]})",
      Hub());
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  EXPECT_EQ(answers->size(), 2u);
  EXPECT_EQ((*answers)[0].evidence.size(), 2u);
  auto bare = ParseAnswers(R"([{"ref": "H1", "status": "partial"}])", Hub());
  ASSERT_TRUE(bare.ok());
}

TEST(AnswersJson, RejectsMalformedInputClearly) {
  EXPECT_NE(ParseAnswers("{\"answers\": [", Hub()).error().message.find("not valid JSON"), std::string::npos);
  EXPECT_NE(ParseAnswers(R"({"answers": [{"ref": "H1", "status": 3}]})", Hub()).error().message.find("must be a string"),
            std::string::npos);
  EXPECT_NE(ParseAnswers(R"({"answers": [{"ref": "H1", "status": "implemented", "x": 1}]})", Hub())
                .error().message.find("unknown field \"x\""),
            std::string::npos);
  EXPECT_NE(ParseAnswers(R"({"answers": [{"ref": "H1"}]})", Hub()).error().message.find("exactly one of"),
            std::string::npos);
  EXPECT_NE(ParseAnswers(R"({"answers": [{"ref": "H1", "status": "implemented", "maturity": 1.5}]})", Hub())
                .error().message.find("whole number"),
            std::string::npos);
  EXPECT_NE(ParseAnswers(R"({"list": []})", Hub()).error().message.find("\"answers\""), std::string::npos);
}

TEST(ResponseVector, PlacesAnswersInFrameworkOrder) {
  auto answers = ParseAnswersCsv("H3,implemented,5\nH1,partial\n", Hub());
  ASSERT_TRUE(answers.ok());
  const ResponseVector responses = ToResponseVector(Hub(), *answers);
  ASSERT_EQ(responses.size(), 6u);
  EXPECT_EQ(responses.status[0], AnswerStatus::kPartial);
  EXPECT_EQ(responses.status[2], AnswerStatus::kImplemented);
  EXPECT_EQ(responses.maturity[2], 5);
  EXPECT_FALSE(responses.answered[1]);
}

}  // namespace
}  // namespace hoshitori
