// STIX 2.1 bundles: the writer (objects, patterns, markings, ids), the reader (checks, bounds,
// extraction, TLP), and OASIS's examples read and written back without loss. When
// HOSHITORI_STIX_OUT names a directory, the bundles written here are also saved there for the
// ajv schema check (ctest stix.schema, tests/stix/schema_test.sh).
#include "interchange/stix.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace hoshitori::interchange {
namespace {

using nlohmann::json;
using share::IndicatorKind;
using share::Tlp;

std::string SourceDir() { return HOSHITORI_SOURCE_DIR; }

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Saves `text` for the schema check when HOSHITORI_STIX_OUT is set.
void SaveForSchemaCheck(const std::string& name, const std::string& text) {
  const char* out = std::getenv("HOSHITORI_STIX_OUT");
  if (out == nullptr || *out == '\0') return;
  std::ofstream file(std::filesystem::path(out) / name, std::ios::binary);
  file << text;
}

share::Indicator Parsed(std::string_view text) {
  auto indicator = share::ParseIndicator(text);
  EXPECT_TRUE(indicator.ok()) << text;
  return indicator.ok() ? *indicator : share::Indicator{};
}

StixReportInput SampleInput() {
  StixReportInput input;
  input.report_key = "incident-report/42";
  input.name = "ランサムウェアによる暗号化被害 / Ransomware encryption";
  input.summary = "VPN 機器の脆弱性を悪用され、ファイルサーバが暗号化された。";
  input.published = "2026-12-01";
  input.timestamp = "2026-12-02T09:30:15.123456Z";
  input.tlp = Tlp::kGreen;
  input.reporter = {"E", "21-50", "関東"};
  input.author.name = "Hoshitori hub";
  input.indicators = {Parsed("198.51.100.7"),
                      Parsed("2001:db8::1"),
                      Parsed("203.0.113.0/24"),
                      Parsed("evil.example.com"),
                      Parsed("hxxp://evil.example.com/a'b\\c"),
                      Parsed("drop@evil.example.com"),
                      Parsed("d41d8cd98f00b204e9800998ecf8427e"),
                      Parsed("da39a3ee5e6b4b0d3255bfef95601890afd80709"),
                      Parsed("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                      Parsed("CVE-2023-27997"),
                      Parsed("T1486")};
  input.cves = {"CVE-2024-3400", "cve-2023-27997"};
  input.malware = {"LockBit", "lockbit "};
  input.techniques = {"T1190", "T1059.001"};
  input.sightings = 6;
  return input;
}

std::map<std::string, size_t> CountTypes(const StixBundle& bundle) {
  std::map<std::string, size_t> counts;
  for (const StixObject& object : bundle.objects) ++counts[object.type];
  return counts;
}

const StixObject* FindOne(const StixBundle& bundle, const std::string& type) {
  for (const StixObject& object : bundle.objects) {
    if (object.type == type) return &object;
  }
  return nullptr;
}

TEST(StixIds, UuidV5MatchesRfcExample) {
  // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
  EXPECT_EQ(UuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com"),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  EXPECT_EQ(UuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  // A name longer than one SHA-1 block.
  EXPECT_NE(UuidV5(kStixNamespace, std::string(200, 'a')),
            UuidV5(kStixNamespace, std::string(201, 'a')));
}

TEST(StixPatterns, OnePerKindWithQuotesEscaped) {
  EXPECT_EQ(*StixPattern(Parsed("198.51.100.7")), "[ipv4-addr:value = '198.51.100.7']");
  EXPECT_EQ(*StixPattern(Parsed("203.0.113.9/24")), "[ipv4-addr:value = '203.0.113.0/24']");
  EXPECT_EQ(*StixPattern(Parsed("2001:DB8::1")), "[ipv6-addr:value = '2001:db8::1']");
  EXPECT_EQ(*StixPattern(Parsed("Evil.Example.COM")), "[domain-name:value = 'evil.example.com']");
  EXPECT_EQ(*StixPattern(Parsed("http://evil.example.com/a'b\\c")),
            "[url:value = 'http://evil.example.com/a\\'b\\\\c']");
  EXPECT_EQ(*StixPattern(Parsed("drop@evil.example.com")),
            "[email-addr:value = 'drop@evil.example.com']");
  EXPECT_EQ(*StixPattern(Parsed("D41D8CD98F00B204E9800998ECF8427E")),
            "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']");
  EXPECT_EQ(*StixPattern(Parsed("da39a3ee5e6b4b0d3255bfef95601890afd80709")),
            "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']");
  EXPECT_EQ(
      *StixPattern(Parsed("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")),
      "[file:hashes.'SHA-256' = "
      "'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']");
  EXPECT_FALSE(StixPattern(Parsed("CVE-2024-3400")).ok());
  EXPECT_FALSE(StixPattern(Parsed("T1059")).ok());
}

TEST(StixWriter, WritesEveryObjectMarkedAndReferenced) {
  auto bundle = WriteReportBundle(SampleInput());
  ASSERT_TRUE(bundle.ok()) << bundle.error().message;
  SaveForSchemaCheck("written-green.json", Serialise(*bundle));

  const auto counts = CountTypes(*bundle);
  EXPECT_EQ(counts.at("identity"), 1u);
  EXPECT_EQ(counts.at("report"), 1u);
  EXPECT_EQ(counts.at("indicator"), 9u);
  EXPECT_EQ(counts.at("malware"), 1u);         // "LockBit" and "lockbit " are one
  EXPECT_EQ(counts.at("attack-pattern"), 3u);  // T1190, T1059.001 and T1486 from indicators
  EXPECT_EQ(counts.at("vulnerability"), 2u);   // CVE-2023-27997 given twice
  EXPECT_EQ(counts.at("sighting"), 9u);
  EXPECT_EQ(counts.at("marking-definition"), 2u);  // GREEN, and CLEAR for the identity
  // 9 indicators indicate the malware; the malware uses 3 techniques and exploits 2 CVEs.
  EXPECT_EQ(counts.at("relationship"), 9u + 3u + 2u);

  const std::string green(Tlp2MarkingId(Tlp::kGreen));
  EXPECT_EQ(green, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
  const StixObject* identity = FindOne(*bundle, "identity");
  ASSERT_NE(identity, nullptr);
  std::set<std::string> ids;
  for (const StixObject& object : bundle->objects) {
    EXPECT_TRUE(ids.insert(object.id).second) << "duplicate id " << object.id;
    if (object.type == "marking-definition") {
      EXPECT_TRUE(object.json == Tlp2MarkingDefinition(Tlp::kGreen) ||
                  object.json == Tlp2MarkingDefinition(Tlp::kClear));
      continue;
    }
    EXPECT_EQ(object.object_marking_refs,
              std::vector<std::string>{
                  object.type == "identity" ? std::string(Tlp2MarkingId(Tlp::kClear)) : green})
        << object.id;
    EXPECT_EQ(object.spec_version, "2.1");
    EXPECT_EQ(object.modified,
              object.type == "identity" ? "2026-01-01T00:00:00.000Z" : "2026-12-02T09:30:15.123Z");
    if (object.type != "identity") {
      EXPECT_EQ(object.json.at("created_by_ref"), identity->id);
    }
  }
  const StixObject* report = FindOne(*bundle, "report");
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(report->json.at("published"), "2026-12-01T00:00:00.000Z");
  EXPECT_EQ(report->json.at("object_refs").size(), bundle->objects.size() - 3);
  EXPECT_EQ(report->json.at("description"),
            "VPN 機器の脆弱性を悪用され、ファイルサーバが暗号化された。\n\nReporter / 報告者: "
            "industry (JSIC) / 業種 E, size / 規模 21-50, region / 地域 関東");
  for (const StixObject& object : bundle->objects) {
    if (object.type == "attack-pattern" && object.json.at("name") == "T1059.001") {
      const json& ref = object.json.at("external_references").at(0);
      EXPECT_EQ(ref.at("source_name"), "mitre-attack");
      EXPECT_EQ(ref.at("external_id"), "T1059.001");
      EXPECT_EQ(ref.at("url"), "https://attack.mitre.org/techniques/T1059/001/");
    }
    if (object.type == "vulnerability" && object.json.at("name") == "CVE-2024-3400") {
      EXPECT_EQ(object.json.at("external_references").at(0).at("source_name"), "cve");
    }
    if (object.type == "malware") {
      EXPECT_EQ(object.json.at("is_family"), false);
    }
    if (object.type == "sighting") {
      EXPECT_EQ(object.json.at("count"), 6);
      EXPECT_FALSE(object.json.contains("where_sighted_refs"));
    }
  }
}

TEST(StixWriter, IdsAreDeterministicPerValueAndMarking) {
  const StixReportInput input = SampleInput();
  auto first = WriteReportBundle(input);
  auto again = WriteReportBundle(input);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(Serialise(*first), Serialise(*again));

  // Another report with one shared indicator: the indicator keeps its id.
  StixReportInput other = input;
  other.report_key = "incident-report/43";
  other.indicators = {Parsed("198.51.100.7")};
  auto second = WriteReportBundle(other);
  ASSERT_TRUE(second.ok());
  const auto indicator_id = [](const StixBundle& bundle, const std::string& pattern) {
    for (const StixObject& object : bundle.objects) {
      if (object.type == "indicator" && object.json.at("pattern") == pattern) return object.id;
    }
    return std::string();
  };
  const std::string pattern = "[ipv4-addr:value = '198.51.100.7']";
  EXPECT_FALSE(indicator_id(*first, pattern).empty());
  EXPECT_EQ(indicator_id(*first, pattern), indicator_id(*second, pattern));
  EXPECT_NE(FindOne(*first, "report")->id, FindOne(*second, "report")->id);

  // Under another marking the same value is another object: one id never changes marking.
  StixReportInput red = input;
  red.tlp = Tlp::kRed;
  auto red_bundle = WriteReportBundle(red);
  ASSERT_TRUE(red_bundle.ok());
  SaveForSchemaCheck("written-red.json", Serialise(*red_bundle));
  EXPECT_NE(indicator_id(*first, pattern), indicator_id(*red_bundle, pattern));
  EXPECT_EQ(FindOne(*red_bundle, "marking-definition")->id,
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
}

TEST(StixWriter, SmallReportsAndEveryMarking) {
  StixReportInput input;
  input.report_key = "incident-report/7";
  input.name = "Phishing";
  input.published = "2026-02-28";
  input.author.name = "Hoshitori hub";
  input.indicators = {Parsed("phish.example.net")};
  input.techniques = {"T1566"};
  for (Tlp tlp : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed}) {
    input.tlp = tlp;
    auto bundle = WriteReportBundle(input);
    ASSERT_TRUE(bundle.ok()) << bundle.error().message;
    const auto counts = CountTypes(*bundle);
    EXPECT_EQ(counts.count("sighting"), 0u);   // no sightings
    EXPECT_EQ(counts.at("relationship"), 1u);  // indicator indicates the technique
    EXPECT_EQ(FindOne(*bundle, "report")->created, "2026-02-28T00:00:00.000Z");
    SaveForSchemaCheck("written-" + std::to_string(static_cast<int>(tlp)) + ".json",
                       Serialise(*bundle));
    auto read = ReadBundle(Serialise(*bundle));
    ASSERT_TRUE(read.ok()) << read.error().message;
    for (size_t i = 0; i < read->bundle.objects.size(); ++i) {
      const std::string& type = read->bundle.objects[i].type;
      if (type == "marking-definition") continue;
      EXPECT_EQ(read->tlp[i].tlp, type == "identity" ? Tlp::kClear : tlp) << type;
    }
  }
}

TEST(StixWriter, RefusesWhatItCannotWrite) {
  StixReportInput input = SampleInput();
  input.published = "2026-02-30";
  EXPECT_FALSE(WriteReportBundle(input).ok());
  input = SampleInput();
  input.timestamp = "2026-12-02 09:30";
  EXPECT_FALSE(WriteReportBundle(input).ok());
  input = SampleInput();
  input.name.clear();
  auto empty = WriteReportBundle(input);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("name is required / name は必須です"), std::string::npos);
  input = SampleInput();
  input.cves.push_back("CVE-24-1");
  EXPECT_FALSE(WriteReportBundle(input).ok());
  input = SampleInput();
  input.techniques.push_back("TA0001");
  EXPECT_FALSE(WriteReportBundle(input).ok());
  input = SampleInput();
  input.summary = std::string("\xff\xfe");
  EXPECT_FALSE(WriteReportBundle(input).ok());
  input = SampleInput();
  input.malware.push_back("  ");
  EXPECT_FALSE(WriteReportBundle(input).ok());
}

TEST(StixWriter, ReadsBackWhatItWrote) {
  const StixReportInput input = SampleInput();
  auto bundle = WriteReportBundle(input);
  ASSERT_TRUE(bundle.ok());
  auto read = ReadBundle(Serialise(*bundle), "written.json");
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->bundle.objects.size(), bundle->objects.size());
  EXPECT_EQ(read->patterns_not_extracted, 0u);
  EXPECT_EQ(read->unknown_markings, 0u);
  std::vector<share::Indicator> expected;
  for (const share::Indicator& indicator : input.indicators) {
    if (indicator.kind != IndicatorKind::kCve &&
        indicator.kind != IndicatorKind::kAttackTechnique) {
      expected.push_back(indicator);
    }
  }
  std::vector<share::Indicator> got;
  for (const StixExtractedIndicator& found : read->indicators) got.push_back(found.indicator);
  const auto by_value = [](const share::Indicator& a, const share::Indicator& b) {
    return a.value < b.value;
  };
  std::sort(expected.begin(), expected.end(), by_value);
  std::sort(got.begin(), got.end(), by_value);
  EXPECT_EQ(got, expected);
  std::vector<std::string> cves = read->cves, techniques = read->techniques;
  std::sort(cves.begin(), cves.end());
  std::sort(techniques.begin(), techniques.end());
  EXPECT_EQ(cves, (std::vector<std::string>{"CVE-2023-27997", "CVE-2024-3400"}));
  EXPECT_EQ(techniques, (std::vector<std::string>{"T1059.001", "T1190", "T1486"}));
  EXPECT_EQ(read->malware, std::vector<std::string>{"LockBit"});
  EXPECT_EQ(Serialise(read->bundle), Serialise(*bundle));
}

// --- Reading -------------------------------------------------------------------------------

std::string BundleOf(const std::vector<std::string>& objects) {
  std::string text =
      R"({"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[)";
  for (size_t i = 0; i < objects.size(); ++i) text += (i > 0 ? "," : "") + objects[i];
  return text + "]}";
}

std::string IndicatorWith(const std::string& pattern, const std::string& markings = "",
                          const std::string& id = "8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f") {
  json object = {{"type", "indicator"},
                 {"spec_version", "2.1"},
                 {"id", "indicator--" + id},
                 {"created", "2016-04-06T20:03:48.000Z"},
                 {"modified", "2016-04-06T20:03:48.000Z"},
                 {"pattern", pattern},
                 {"pattern_type", "stix"},
                 {"valid_from", "2016-01-01T00:00:00Z"}};
  if (!markings.empty()) object["object_marking_refs"] = json::parse(markings);
  return object.dump();
}

TEST(StixReader, ExtractsSimplePatternsAndCountsTheRest) {
  const std::string bundle = BundleOf({
      IndicatorWith("[ipv4-addr:value = '198.51.100.7' OR domain-name:value = 'Evil.Example.com']",
                    "", "00000000-0000-4000-8000-000000000001"),
      IndicatorWith("[url:value = 'http://x.example.org/it\\'s'] OR [file:hashes.'SHA-256' = "
                    "'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']",
                    "", "00000000-0000-4000-8000-000000000002"),
      IndicatorWith("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:name = 'a']",
                    "", "00000000-0000-4000-8000-000000000003"),
      IndicatorWith("[email-message:subject MATCHES '^Invoice']", "",
                    "00000000-0000-4000-8000-000000000004"),
      IndicatorWith("[ipv4-addr:value = '198.51.100.8'] REPEATS 5 TIMES", "",
                    "00000000-0000-4000-8000-000000000005"),
      IndicatorWith("[ipv6-addr:value = '198.51.100.9']", "",
                    "00000000-0000-4000-8000-000000000006"),
      IndicatorWith("[email-addr:value = 'a@b.example']", "",
                    "00000000-0000-4000-8000-000000000007"),
  });
  auto read = ReadBundle(bundle, "patterns.json");
  ASSERT_TRUE(read.ok()) << read.error().message;
  std::vector<std::string> values;
  for (const auto& found : read->indicators) values.push_back(found.indicator.value);
  EXPECT_EQ(values, (std::vector<std::string>{
                        "198.51.100.7", "evil.example.com", "http://x.example.org/it's",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                        "a@b.example"}));
  EXPECT_EQ(read->indicators[0].object_id, "indicator--00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(read->patterns_not_extracted, 4u);
  ASSERT_EQ(read->notes.size(), 4u);
  EXPECT_NE(read->notes[0].find("$.objects[2].pattern"), std::string::npos) << read->notes[0];
  EXPECT_EQ(read->count_by_type.at("indicator"), 7u);
  EXPECT_EQ(read->bundle.objects.size(), 7u);
}

TEST(StixReader, TlpFromOfficialIdsStrictestAndUnknownAsRed) {
  const std::string tlp1_amber = "\"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82\"";
  const std::string tlp1_white = "\"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9\"";
  const std::string tlp2_strict = "\"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003\"";
  const std::string statement = "marking-definition--34098fce-860f-48ae-8e50-000000000001";
  const std::string unknown = "\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec\"";
  const json statement_object = {{"type", "marking-definition"},
                                 {"spec_version", "2.1"},
                                 {"id", statement},
                                 {"created", "2017-01-20T00:00:00.000Z"},
                                 {"definition_type", "statement"},
                                 {"definition", {{"statement", "Copyright 2026 Example"}}}};
  const std::string bundle = BundleOf({
      IndicatorWith("[ipv4-addr:value = '192.0.2.1']", "[" + tlp1_white + "]",
                    "00000000-0000-4000-8000-000000000001"),
      IndicatorWith("[ipv4-addr:value = '192.0.2.2']", "[" + tlp1_amber + "," + tlp2_strict + "]",
                    "00000000-0000-4000-8000-000000000002"),
      IndicatorWith("[ipv4-addr:value = '192.0.2.3']", "[" + tlp1_white + "," + unknown + "]",
                    "00000000-0000-4000-8000-000000000003"),
      IndicatorWith("[ipv4-addr:value = '192.0.2.4']", "[\"" + statement + "\"]",
                    "00000000-0000-4000-8000-000000000004"),
      IndicatorWith("[ipv4-addr:value = '192.0.2.5']", "", "00000000-0000-4000-8000-000000000005"),
      statement_object.dump(),
  });
  auto read = ReadBundle(bundle);
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->tlp.size(), 6u);
  EXPECT_EQ(read->tlp[0].tlp, Tlp::kClear);
  EXPECT_EQ(read->tlp[1].tlp, Tlp::kAmberStrict);
  EXPECT_EQ(read->tlp[2].tlp, Tlp::kRed);
  EXPECT_TRUE(read->tlp[2].unknown_marking);
  EXPECT_FALSE(read->tlp[3].tlp.has_value());  // a statement is not TLP
  EXPECT_FALSE(read->tlp[4].tlp.has_value());  // unmarked
  EXPECT_EQ(read->unknown_markings, 1u);
  ASSERT_EQ(read->notes.size(), 1u);
  EXPECT_NE(read->notes[0].find("TLP:RED"), std::string::npos);
}

TEST(StixReader, RefusesBadObjectsNamingThePath) {
  struct Case {
    std::string bundle;
    std::string where;
  };
  const std::string good = IndicatorWith("[ipv4-addr:value = '192.0.2.1']");
  json missing_version = json::parse(good);
  missing_version.erase("spec_version");
  json old_version = json::parse(good);
  old_version["spec_version"] = "2.0";
  json bad_created = json::parse(good);
  bad_created["created"] = "2016-04-06 20:03:48";
  json no_modified = json::parse(good);
  no_modified.erase("modified");
  json bad_id = json::parse(good);
  bad_id["id"] = "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
  json bad_type = json::parse(good);
  bad_type["type"] = "Indicator";
  const std::vector<Case> cases = {
      {BundleOf({good, missing_version.dump()}), "$.objects[1].spec_version: missing / ありません"},
      {BundleOf({old_version.dump()}), "$.objects[0].spec_version: must be \"2.1\""},
      {BundleOf({bad_created.dump()}), "$.objects[0].created: is not an RFC 3339"},
      {BundleOf({no_modified.dump()}), "$.objects[0].modified: missing"},
      {BundleOf({bad_id.dump()}), "$.objects[0].id: \"malware--"},
      {BundleOf({bad_type.dump()}), "$.objects[0].type:"},
      {R"({"type":"bundle","id":"bundle--x","objects":[]})", "$.id:"},
      {R"({"type":"collection","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"})", "$.type:"},
      {R"({"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":{}})",
       "$.objects: must be an array"},
      {BundleOf(
           {R"({"type":"extension-definition","spec_version":"2.1","id":"extension-definition--00000000-0000-4000-8000-000000000001","created":"2020-01-01T00:00:00Z","name":"x","schema":"x","version":"1","extension_types":["new-sdo"]})"}),
       "$.objects[0].modified: missing"},
      {R"([1,2])", "$: a bundle must be a JSON object"},
      {R"({"type":"bundle",)", "not valid JSON"},
      {std::string(100, '[') + std::string(100, ']'), "nested deeper than 64 levels"},
  };
  for (const Case& c : cases) {
    auto read = ReadBundle(c.bundle, "bad.json");
    ASSERT_FALSE(read.ok()) << c.where;
    EXPECT_EQ(read.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(read.error().message.rfind("bad.json: ", 0), 0u) << read.error().message;
    EXPECT_NE(read.error().message.find(c.where), std::string::npos) << read.error().message;
    EXPECT_NE(read.error().message.find(" / "), std::string::npos) << read.error().message;
  }
}

TEST(StixReader, KeepsUnknownAndCustomObjects) {
  const std::string bundle = BundleOf({
      R"({"type":"x-acme-widget","id":"x-acme-widget--00000000-0000-4000-8000-000000000001","spec_version":"2.1","created":"2020-01-01T00:00:00Z","modified":"2020-01-01T00:00:00Z","color":"red"})",
      R"({"type":"ipv4-addr","id":"ipv4-addr--00000000-0000-4000-8000-000000000002","value":"192.0.2.1"})",
      R"({"type":"note","spec_version":"2.1","id":"note--00000000-0000-4000-8000-000000000003","created":"2020-01-01T00:00:00Z","modified":"2020-01-01T00:00:00.5Z","content":"x","object_refs":["ipv4-addr--00000000-0000-4000-8000-000000000002"]})",
  });
  auto read = ReadBundle(bundle);
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->bundle.objects.size(), 3u);
  EXPECT_EQ(read->bundle.objects[0].json.at("color"), "red");
  EXPECT_EQ(json::parse(Serialise(read->bundle)), json::parse(bundle));
}

TEST(StixReader, Bounds) {
  // Size.
  std::string big = BundleOf({IndicatorWith("[ipv4-addr:value = '192.0.2.1']")});
  big.append(kMaxStixBundleBytes, ' ');
  auto too_big = ReadBundle(big);
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.error().message.find("bytes, more than"), std::string::npos);
  // A string too long.
  json long_name = json::parse(IndicatorWith("[ipv4-addr:value = '192.0.2.1']"));
  long_name["name"] = std::string(kMaxStixStringBytes + 1, 'a');
  auto too_long = ReadBundle(BundleOf({long_name.dump()}));
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.error().message.find("a string of"), std::string::npos);
  // Too many objects.
  std::string many =
      R"({"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[)";
  for (size_t i = 0; i <= kMaxStixObjects; ++i) many += i > 0 ? ",1" : "1";
  many += "]}";
  auto too_many = ReadBundle(many);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("$.objects: 100001 objects"), std::string::npos)
      << too_many.error().message;
  // Not UTF-8.
  EXPECT_FALSE(ReadBundle("{\"type\":\"bundle\xff\"}").ok());
  // Too many comparisons in one pattern: kept, not extracted.
  std::string pattern = "[";
  for (size_t i = 0; i <= kMaxStixPatternComparisons; ++i) {
    pattern += (i > 0 ? " OR " : "") + std::string("ipv4-addr:value = '192.0.2.1'");
  }
  auto wide = ReadBundle(BundleOf({IndicatorWith(pattern + "]")}));
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(wide->patterns_not_extracted, 1u);
  EXPECT_TRUE(wide->indicators.empty());
}

// --- OASIS's examples ---------------------------------------------------------------------

TEST(StixOasisExamples, ImportWithoutLossAndWriteBack) {
  const std::filesystem::path dir = SourceDir() + "/tests/data/stix2/examples";
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    const std::string name = entry.path().filename().string();
    std::string text = ReadText(entry.path());
    json original = json::parse(text);
    // One example is a lone object, not a bundle: read it as a bundle of one.
    if (original.at("type") != "bundle") {
      original = {{"type", "bundle"},
                  {"id", "bundle--00000000-0000-4000-8000-00000000000e"},
                  {"objects", json::array({original})}};
      text = original.dump();
    }
    auto read = ReadBundle(text, name);
    ASSERT_TRUE(read.ok()) << read.error().message;
    const size_t count_in = original.at("objects").size();
    EXPECT_EQ(read->bundle.objects.size(), count_in) << name;
    const std::string written = Serialise(read->bundle);
    EXPECT_EQ(json::parse(written), original) << name;  // nothing lost or changed
    auto again = ReadBundle(written, name);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->bundle.objects.size(), count_in) << name;
    SaveForSchemaCheck("oasis-" + name, written);

    if (name == "poisonivy.json") {
      EXPECT_EQ(read->cves.size(), 6u);
      EXPECT_EQ(read->count_by_type.at("indicator"), 25u);
      EXPECT_GE(read->indicators.size(), 25u);  // OR-joined patterns give several
      EXPECT_FALSE(read->malware.empty());
    }
    if (name == "apt1.json") {
      EXPECT_EQ(read->count_by_type.at("relationship"), 30u);
      // Ten simple patterns (CIDR ranges, domains, md5 written in lower case); two x509
      // certificate patterns joined by AND are kept unextracted.
      EXPECT_EQ(read->indicators.size(), 10u);
      EXPECT_EQ(read->patterns_not_extracted, 2u);
      EXPECT_TRUE(read->techniques.empty());  // its attack patterns cite CAPEC, not ATT&CK
    }
    if (name == "malicious-email-indicator-with-attachment.json") {
      EXPECT_EQ(read->patterns_not_extracted, 2u);  // MATCHES is not a simple comparison
    }
    if (name == "interop-objectmarking-test.json") {
      ASSERT_EQ(read->tlp.size(), 1u);
      EXPECT_EQ(read->tlp[0].tlp, Tlp::kRed);  // TLP 1.0 RED and an unknown id
      EXPECT_TRUE(read->tlp[0].unknown_marking);
    }
  }
  EXPECT_EQ(files, 8u);
}

}  // namespace
}  // namespace hoshitori::interchange
