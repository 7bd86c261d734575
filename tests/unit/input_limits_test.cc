// Limits on outside input read by the pure parsers and importers: JSON nesting depth
// (core/json_limits.h), answer comments and evidence, answer counts, UTF-8 checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "../operator_imports.h"
#include "assess/answers.h"
#include "core/json_limits.h"
#include "core/utf8.h"
#include "test_support.h"

namespace hoshitori {
namespace {

using testing_support::MiniCatalog;
using testing_support::TempDir;

const Framework& Hub() { return *MiniCatalog().FindFramework("mini-hub"); }

std::string Nested(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST(JsonNestingDepth, CountsArraysAndObjectsOutsideStrings) {
  EXPECT_EQ(JsonNestingDepth("1"), 0);
  EXPECT_EQ(JsonNestingDepth(R"({"a": [1, {"b": []}]})"), 4);
  EXPECT_EQ(JsonNestingDepth(R"({"a": "[[[[\"[[[", "b": {}})"), 2);
  EXPECT_EQ(JsonNestingDepth(Nested(64)), 64);
  EXPECT_EQ(JsonNestingDepth(Nested(65)), 65);
  EXPECT_EQ(JsonNestingDepth(Nested(100000)), kMaxJsonDepth + 1);  // stops early
  EXPECT_TRUE(CheckJsonDepth(Nested(64)).ok());
  const Status deep = CheckJsonDepth(Nested(65));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().message, "the JSON is nested deeper than 64 levels");
}

TEST(InputLimits, AnswersJsonNestedTooDeepIsRefusedBeforeParsing) {
  const std::string deep = R"({"answers": [{"ref": "H1", "status": "implemented", "comment": )" +
                           Nested(100000) + "}]}";
  const auto answers = ParseAnswersJson(deep, Hub());
  ASSERT_FALSE(answers.ok());
  EXPECT_NE(answers.error().message.find("nested deeper than 64 levels"), std::string::npos) << answers.error().message;
}

TEST(InputLimits, AnswerCommentsAndEvidenceHaveLimits) {
  const auto with_comment = [](const std::string& comment) {
    return ParseAnswersJson(
        nlohmann::json{{"answers", {{{"ref", "H1"}, {"status", "implemented"}, {"comment", comment}}}}}.dump(), Hub());
  };
  // 4000 characters of Japanese (12000 bytes) are fine; one more is not.
  std::string japanese;
  for (int i = 0; i < 4000; ++i) japanese += "あ";
  EXPECT_TRUE(with_comment(japanese).ok());
  const auto long_comment = with_comment(japanese + "あ");
  ASSERT_FALSE(long_comment.ok());
  EXPECT_NE(long_comment.error().message.find("answer 1: the comment for H1 is longer than 4000 characters"),
            std::string::npos)
      << long_comment.error().message;

  const auto long_reference = ParseAnswersJson(
      nlohmann::json{{"answers", {{{"ref", "H1"}, {"status", "implemented"}, {"evidence", {std::string(1001, 'e')}}}}}}
          .dump(),
      Hub());
  ASSERT_FALSE(long_reference.ok());
  EXPECT_NE(long_reference.error().message.find("longer than 1000 characters"), std::string::npos);

  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 101; ++i) many.push_back("file-" + std::to_string(i) + ".pdf");
  const auto too_many = ParseAnswersJson(
      nlohmann::json{{"answers", {{{"ref", "H1"}, {"status", "implemented"}, {"evidence", many}}}}}.dump(), Hub());
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("more than 100 evidence references"), std::string::npos);

  // CSV goes through the same rules.
  const auto csv = ParseAnswersCsv("H1,implemented,," + std::string(4001, 'c') + "\n", Hub());
  ASSERT_FALSE(csv.ok());
  EXPECT_NE(csv.error().message.find("row 1: the comment for H1 is longer than 4000 characters"), std::string::npos);
}

TEST(InputLimits, NoMoreAnswersThanAssessableRequirements) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i <= Hub().assessable().size(); ++i) list.push_back({{"ref", "H1"}, {"status", "implemented"}});
  const auto answers = ParseAnswersJson(nlohmann::json{{"answers", list}}.dump(), Hub());
  ASSERT_FALSE(answers.ok());
  EXPECT_NE(answers.error().message.find("assessable requirements"), std::string::npos) << answers.error().message;
}

TEST(InputLimits, RelationshipJsonNestedTooDeepIsRefused) {
  TempDir dir;
  auto store = Store::Open((dir.path() / "t.db").string());
  ASSERT_TRUE(store.ok()) << store.error().message;
  const auto imported = testing_support::ImportRelationshipsAsOperator(
      **store, R"({"relationships": [{"buyer": )" + Nested(100000) + "}]}");
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.error().message.find("nested deeper than 64 levels"), std::string::npos)
      << imported.error().message;
}

TEST(Utf8, ValidatesAndCounts) {
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("星取 ★3 𝄞"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE6\x98"));          // cut short
  EXPECT_EQ(Utf8Length("星取り"), 3u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
}

}  // namespace
}  // namespace hoshitori
