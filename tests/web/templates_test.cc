// The message files and templates under web/: same keys in every language, every
// {{msg.key}} defined, every template renders.
#include "web/templates.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

namespace hoshitori::web {
namespace {

const std::string kWebDir = std::string(HOSHITORI_SOURCE_DIR) + "/web";

std::set<std::string> Keys(const std::string& lang) {
  std::ifstream in(kWebDir + "/messages/" + lang + ".json");
  const auto parsed = nlohmann::json::parse(in);
  std::set<std::string> keys;
  for (const auto& [key, value] : parsed.items()) keys.insert(key);
  return keys;
}

TEST(WebTemplates, MessageFilesHaveTheSameKeys) {
  const auto ja = Keys("ja"), en = Keys("en");
  EXPECT_GT(ja.size(), 100u);
  std::vector<std::string> only_ja, only_en;
  std::set_difference(ja.begin(), ja.end(), en.begin(), en.end(), std::back_inserter(only_ja));
  std::set_difference(en.begin(), en.end(), ja.begin(), ja.end(), std::back_inserter(only_en));
  EXPECT_TRUE(only_ja.empty()) << "only in ja.json: " << (only_ja.empty() ? "" : only_ja.front());
  EXPECT_TRUE(only_en.empty()) << "only in en.json: " << (only_en.empty() ? "" : only_en.front());
}

TEST(WebTemplates, EveryMessageUsedByATemplateExists) {
  const auto loaded = TemplateSet::Load(kWebDir);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  const auto problems = CheckMessages(**loaded);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_TRUE((*loaded)->HasTemplate("layout"));
  EXPECT_NE((*loaded)->Asset("app.css"), nullptr);
  EXPECT_NE((*loaded)->Asset("app.js"), nullptr);
}

TEST(WebTemplates, JapaneseTextIsReallyJapaneseAndEnglishIsNot) {
  const auto loaded = TemplateSet::Load(kWebDir);
  ASSERT_TRUE(loaded.ok());
  const TemplateSet& t = **loaded;
  EXPECT_EQ(t.Message("ja", "nav_login"), "ログイン");
  EXPECT_EQ(t.Message("en", "nav_login"), "Sign in");
  // A missing key shows itself instead of an empty string.
  EXPECT_EQ(t.Message("en", "no_such_key"), "no_such_key");
}

TEST(WebTemplates, EveryTemplateRendersInBothLanguagesAndEscapes) {
  const auto loaded = TemplateSet::Load(kWebDir);
  ASSERT_TRUE(loaded.ok());
  for (const auto& [name, source] : (*loaded)->templates()) {
    for (const char* lang : {"ja", "en"}) {
      const std::string html = (*loaded)->Render(name, nlohmann::json{{"title", "<x>"}}, lang);
      EXPECT_FALSE(html.empty()) << name;
      EXPECT_EQ(html.find("<x>"), std::string::npos) << name << " does not escape";
    }
  }
  const std::string layout = (*loaded)->Render(
      "layout", nlohmann::json{{"lang", "en"}, {"title", "T"}, {"body", "<p>b</p>"}}, "en");
  EXPECT_NE(layout.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(layout.find("<p>b</p>"), std::string::npos);
  EXPECT_NE(layout.find("日本語"), std::string::npos);  // the switch to the other language
}

TEST(WebTemplates, FormatFillsNamedPlaceholders) {
  EXPECT_EQ(FormatText("{n} of {m} answered", {{"n", "3"}, {"m", "10"}}), "3 of 10 answered");
  EXPECT_EQ(FormatText("{unknown} stays", {}), "{unknown} stays");
}

}  // namespace
}  // namespace hoshitori::web
