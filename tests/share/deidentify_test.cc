// De-identification: targeted cases, then the corpus of realistic reports in
// tests/data/share-corpus (each NN-name.txt with its sidecar NN-name.json: the reporting
// organisation's profile, the indicators, which of them are its own, and the identifiers
// planted in the text). No planted identifier may survive; recall and the false-removal
// rate are printed.
#include "share/deidentify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "share/folded_text.h"

namespace hoshitori::share {
namespace {

PreparedProfile YamadaProfile() {
  OrganisationProfile profile;
  profile.names = {"株式会社山田製作所", "ヤマダセイサクショ", "Yamada Seisakusho Co., Ltd."};
  profile.corporate_number = "4120001077777";
  profile.domains = {"yamada-ss.co.jp"};
  profile.ip_ranges = {"203.0.113.0/24", "2001:db8:10::/48"};
  profile.people = {"山田 太郎", "Hanako Suzuki"};
  profile.emails = {"yamada.taro@gmail.com"};
  profile.internal_hosts = {"fs01", "ad01.corp.local"};
  auto prepared = PreparedProfile::Prepare(profile);
  EXPECT_TRUE(prepared.ok()) << prepared.error().message;
  return *prepared;
}

std::string Removed(const std::string& text, const DeidentifiedReport& report) {
  std::string removed;
  for (const Removal& removal : report.removals) {
    removed += "<" + text.substr(removal.offset, removal.length) + ">";
  }
  return removed;
}

TEST(FoldedText, FullWidthDigitsDashesAndCaseFoldWithOriginalOffsets) {
  std::string original = "電話：０３－１２３４－５６７８ Ｙａｍａｄａ";
  FoldedText folded(original);
  EXPECT_EQ(folded.text(), "電話:03-1234-5678 yamada");
  size_t at = folded.text().find("03-1234-5678");
  ASSERT_NE(at, std::string::npos);
  size_t begin = folded.OriginalBegin(at), end = folded.OriginalEnd(at + 12);
  EXPECT_EQ(original.substr(begin, end - begin), "０３－１２３４－５６７８");
  EXPECT_EQ(Fold("山田　太郎"), Fold("山田太郎"));
  EXPECT_EQ(Fold("㈱ヤマダ"), "(株)ヤマダ");
}

TEST(Deidentify, JapaneseIdentifiersGoAndAttackDetailsStay) {
  PreparedProfile profile = YamadaProfile();
  std::string text =
      "2026年11月3日 14時22分頃、(株)山田製作所の fs01 で暗号化を検知。山田さんが "
      "０６－６７８９－１２３４ へ連絡。〒577-0066 大阪府東大阪市高井田元町2-8-1。"
      "攻撃者は 198.51.100.7 と evil-c2.example から侵入、CVE-2024-3400 を悪用。"
      "取引先の東洋精機株式会社にも影響。担当: taro@mail.yamada-ss.co.jp";
  auto result = Deidentify(ReportDraft{text, {}}, profile);
  ASSERT_TRUE(result.ok());
  std::string out = result->text;
  for (const char* gone :
       {"山田", "fs01", "6789", "577-0066", "高井田", "東洋精機", "yamada-ss", "14時22分"}) {
    EXPECT_EQ(out.find(gone), std::string::npos) << gone << " survived in: " << out;
  }
  for (const char* kept : {"198.51.100.7", "evil-c2.example", "CVE-2024-3400", "2026年11月3日"}) {
    EXPECT_NE(out.find(kept), std::string::npos)
        << kept << " was removed: " << Removed(text, *result);
  }
  EXPECT_NE(out.find("[組織名]"), std::string::npos) << out;
  for (const Removal& removal : result->removals) {
    ASSERT_LE(removal.offset + removal.length, text.size());
  }
}

TEST(Deidentify, EnglishNamesHostsAddressesAndTimes) {
  PreparedProfile profile = YamadaProfile();
  std::string text =
      "At 2026-11-03T14:22:05+09:00 Hanako Suzuki (hanako.suzuki@yamada-ss.co.jp) saw logins "
      "to vpn.yamada-ss.co.jp from 192.0.2.44. Ms. Suzuki then isolated 203.0.113.25 and "
      "called +81-6-6789-1234. Yamada Seisakusho's customer Acme Precision Inc. was told.";
  auto result = Deidentify(ReportDraft{text, {}}, profile);
  ASSERT_TRUE(result.ok());
  std::string out = result->text;
  for (const char* gone : {"Suzuki", "hanako", "vpn.yamada", "203.0.113.25", "6789", "14:22",
                           "Yamada Seisakusho", "Acme Precision"}) {
    EXPECT_EQ(out.find(gone), std::string::npos) << gone << " survived in: " << out;
  }
  EXPECT_NE(out.find("2026-11-03"), std::string::npos) << out;
  EXPECT_NE(out.find("192.0.2.44"), std::string::npos) << out;
  EXPECT_NE(out.find("[person]"), std::string::npos);
}

TEST(Deidentify, DropsIndicatorsOfItsOwnInfrastructure) {
  PreparedProfile profile = YamadaProfile();
  ReportDraft draft{"",
                    {"vpn.yamada-ss.co.jp", "https://portal.yamada-ss.co.jp/login", "203.0.113.9",
                     "2001:db8:10::5", "evil-c2.example", "198.51.100.7", "fs01",
                     "admin@yamada-ss.co.jp", "hxxp://evil-c2[.]example/a.ps1", "not an ioc"}};
  auto result = Deidentify(draft, profile);
  ASSERT_TRUE(result.ok());
  std::vector<std::string> dropped;
  for (const DroppedIndicator& d : result->dropped) dropped.push_back(d.indicator);
  EXPECT_EQ(dropped, (std::vector<std::string>{
                         "vpn.yamada-ss.co.jp", "https://portal.yamada-ss.co.jp/login",
                         "203.0.113.9", "2001:db8:10::5", "fs01", "admin@yamada-ss.co.jp"}));
  EXPECT_EQ(result->indicators, (std::vector<std::string>{"evil-c2.example", "198.51.100.7",
                                                          "http://evil-c2.example/a.ps1"}));
  EXPECT_EQ(result->unparsed_indicators, std::vector<std::string>{"not an ioc"});
}

TEST(Deidentify, BoundsAndProfileErrors) {
  PreparedProfile profile = YamadaProfile();
  auto big = Deidentify(ReportDraft{std::string(kMaxReportTextBytes + 1, 'a'), {}}, profile);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::kInvalid);
  OrganisationProfile bad;
  bad.ip_ranges = {"10.0.0.0/8", "10.0.0/33"};
  auto prepared = PreparedProfile::Prepare(bad);
  ASSERT_FALSE(prepared.ok());
  EXPECT_NE(prepared.error().message.find("ip_ranges[1]"), std::string::npos);
}

TEST(Deidentify, CoarsensTimestampsToTheDay) {
  EXPECT_EQ(*CoarsenToDay("2026-11-03T14:22:05+09:00"), "2026-11-03");
  EXPECT_EQ(*CoarsenToDay("2026-11-03"), "2026-11-03");
  EXPECT_FALSE(CoarsenToDay("03/11/2026 14:22").ok());
}

TEST(KAnonymousDescription, PublishesOnlyWhatKOrganisationsShare) {
  std::vector<DescriptionCount> population = {{{"E", "21-50", "近畿"}, 3},
                                              {{"E", "21-50", "関東"}, 4},
                                              {{"E", "51-100", "近畿"}, 1},
                                              {{"G", "21-50", "近畿"}, 9}};
  ReporterDescription own{"E", "21-50", "近畿"};
  EXPECT_EQ(KAnonymousDescription(own, population, 5), (ReporterDescription{"E", "21-50", ""}));
  EXPECT_EQ(KAnonymousDescription(own, population, 3), own);
  EXPECT_EQ(KAnonymousDescription(own, population, 8), (ReporterDescription{"E", "", ""}));
  EXPECT_EQ(KAnonymousDescription(own, population, 12), (ReporterDescription{"", "21-50", "近畿"}));
  EXPECT_EQ(KAnonymousDescription(own, population, 16), (ReporterDescription{"", "21-50", ""}));
  EXPECT_EQ(KAnonymousDescription(own, population, 100), ReporterDescription{});
}

// ---- The corpus ----

const std::filesystem::path kCorpus =
    std::filesystem::path(HOSHITORI_SOURCE_DIR) / "tests/data/share-corpus";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> Strings(const nlohmann::json& json, const char* key) {
  std::vector<std::string> values;
  if (json.contains(key)) {
    for (const auto& value : json.at(key)) values.push_back(value.get<std::string>());
  }
  return values;
}

// Number of code points in text[begin, end).
size_t CodePoints(const std::string& text, size_t begin, size_t end) {
  size_t count = 0;
  for (size_t i = begin; i < end; ++i)
    count += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return count;
}

TEST(DeidentifyCorpus, NoPlantedIdentifierSurvives) {
  ASSERT_TRUE(std::filesystem::is_directory(kCorpus)) << kCorpus;
  std::vector<std::filesystem::path> reports;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    if (entry.path().extension() == ".txt") reports.push_back(entry.path());
  }
  std::sort(reports.begin(), reports.end());
  ASSERT_GE(reports.size(), 30u);
  size_t planted_total = 0, planted_survived = 0, planted_chars = 0, planted_chars_removed = 0;
  size_t removed_chars = 0, false_chars = 0, japanese = 0, indicators_dropped = 0;
  for (const std::filesystem::path& path : reports) {
    SCOPED_TRACE(path.filename().string());
    std::string text = ReadFile(path);
    std::filesystem::path sidecar_path = path;
    sidecar_path.replace_extension(".json");
    nlohmann::json sidecar = nlohmann::json::parse(ReadFile(sidecar_path));
    const nlohmann::json& p = sidecar.at("profile");
    OrganisationProfile profile;
    profile.names = Strings(p, "names");
    profile.corporate_number = p.value("corporate_number", "");
    profile.domains = Strings(p, "domains");
    profile.ip_ranges = Strings(p, "ip_ranges");
    profile.people = Strings(p, "people");
    profile.emails = Strings(p, "emails");
    profile.phones = Strings(p, "phones");
    profile.addresses = Strings(p, "addresses");
    profile.internal_hosts = Strings(p, "internal_hosts");
    auto prepared = PreparedProfile::Prepare(profile);
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    if (sidecar.value("language", "") == "ja") ++japanese;
    auto result = Deidentify(ReportDraft{text, Strings(sidecar, "indicators")}, *prepared);
    ASSERT_TRUE(result.ok()) << result.error().message;

    std::vector<bool> removed(text.size(), false), planted(text.size(), false);
    for (const Removal& removal : result->removals) {
      ASSERT_LE(removal.offset + removal.length, text.size());
      std::fill(removed.begin() + removal.offset, removed.begin() + removal.offset + removal.length,
                true);
    }
    std::vector<std::string> plants = Strings(sidecar, "planted");
    ASSERT_FALSE(plants.empty());
    std::vector<std::string> accepted = Strings(sidecar, "identifying");
    for (const std::string& plant : plants) {
      size_t found = 0;
      for (size_t at = text.find(plant); at != std::string::npos; at = text.find(plant, at + 1)) {
        ++found;
        ++planted_total;
        bool covered = std::all_of(removed.begin() + at, removed.begin() + at + plant.size(),
                                   [](bool r) { return r; });
        planted_chars += CodePoints(text, at, at + plant.size());
        for (size_t i = at; i < at + plant.size(); ++i) {
          planted[i] = true;
          if (removed[i] && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++planted_chars_removed;
        }
        if (!covered) {
          ++planted_survived;
          ADD_FAILURE() << "planted '" << plant << "' survives at byte " << at;
        }
      }
      EXPECT_GT(found, 0u) << "planted '" << plant << "' is not in the text";
      EXPECT_EQ(Fold(result->text).find(Fold(plant)), std::string::npos)
          << "planted '" << plant << "' is in the output:\n"
          << result->text;
    }
    for (const std::string& plant : accepted) {
      for (size_t at = text.find(plant); at != std::string::npos; at = text.find(plant, at + 1)) {
        std::fill(planted.begin() + at, planted.begin() + at + plant.size(), true);
      }
    }
    for (const Removal& removal : result->removals) {
      removed_chars += CodePoints(text, removal.offset, removal.offset + removal.length);
      if (removal.kind == RemovalKind::kTimeOfDay) continue;  // coarsening is required
      size_t before = false_chars;
      for (size_t i = removal.offset; i < removal.offset + removal.length; ++i) {
        if (!planted[i] && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++false_chars;
      }
      if (false_chars > before) {
        std::printf("  removed, not planted (%s): '%s'\n",
                    std::string(RemovalKindName(removal.kind)).c_str(),
                    text.substr(removal.offset, removal.length).c_str());
      }
    }
    std::vector<std::string> dropped;
    for (const DroppedIndicator& d : result->dropped) dropped.push_back(d.indicator);
    EXPECT_EQ(dropped, Strings(sidecar, "own_indicators"));
    indicators_dropped += dropped.size();
    for (const std::string& kept : Strings(sidecar, "must_keep")) {
      EXPECT_NE(result->text.find(kept), std::string::npos) << "'" << kept << "' was removed";
    }
  }
  std::printf(
      "de-identification corpus: %zu reports (%zu Japanese), %zu planted identifiers, %zu "
      "survived; "
      "recall %.4f (characters); %zu characters removed, %zu not planted: false-removal rate %.4f; "
      "%zu own indicators dropped\n",
      reports.size(), japanese, planted_total, planted_survived,
      planted_chars == 0 ? 0.0 : static_cast<double>(planted_chars_removed) / planted_chars,
      removed_chars, false_chars,
      removed_chars == 0 ? 0.0 : static_cast<double>(false_chars) / removed_chars,
      indicators_dropped);
  EXPECT_EQ(planted_survived, 0u);
}

}  // namespace
}  // namespace hoshitori::share
