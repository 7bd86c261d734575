// Reading OSV advisories (interchange/osv.h): JSON and YAML alike, errors that name the file
// and the JSON path, the bounds, directories and zips built at test time, the copies of
// real advisories in tests/data/osv, and (when ../shared/data/osv is present) the complete
// PyPA and Go data sets.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "interchange/osv.h"
#include "sbom/osv_range.h"

namespace hoshitori::interchange {
namespace {

namespace fs = std::filesystem;
using sbom::Advisory;
using sbom::EventKind;
using sbom::RangeType;
using sbom::Verdict;

const fs::path kData = fs::path(HOSHITORI_SOURCE_DIR) / "tests/data/osv";
const fs::path kShared = fs::path(HOSHITORI_SOURCE_DIR) / "../shared/data/osv";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A fresh directory under the system's temporary directory, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "hoshitori-osv-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  void Write(const std::string& relative, const std::string& text) const {
    const fs::path file = path_ / relative;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

constexpr const char* kJson = R"({
  "schema_version": "1.6.0",
  "id": "GHSA-test-0001",
  "modified": "2024-03-01T10:20:30.5Z",
  "published": "2024-02-01T00:00:00Z",
  "aliases": ["CVE-2024-0001", "PYSEC-2024-1"],
  "summary": "Example overflow",
  "details": "Long text that is dropped.",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
  "affected": [{
    "package": {"ecosystem": "PyPI", "name": "example", "purl": "pkg:pypi/example"},
    "ranges": [
      {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2"}]},
      {"type": "GIT", "repo": "https://example.org/example.git",
       "events": [{"introduced": "0"}, {"limit": "abcdef"}]}
    ],
    "versions": ["1.0", "1.1"],
    "ecosystem_specific": {"imports": [{"path": "example/x"}]},
    "database_specific": {"source": "x"}
  }],
  "references": [{"type": "WEB", "url": "https://example.org/advisory"}],
  "credits": [{"name": "someone"}],
  "database_specific": {"anything": [1, 2, {"deep": true}]}
})";

constexpr const char* kYaml = R"(# the same advisory in PyPA's YAML
schema_version: 1.6.0
id: GHSA-test-0001
modified: 2024-03-01T10:20:30.500Z
published: '2024-02-01T00:00:00Z'
aliases:
- CVE-2024-0001
- PYSEC-2024-1
summary: Example overflow
details: >-
  Long text that
  is dropped.
severity:
- type: CVSS_V3
  score: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
affected:
- package:
    ecosystem: PyPI
    name: example
    purl: pkg:pypi/example
  ranges:
  - type: ECOSYSTEM
    events:
    - introduced: 0
    - fixed: "1.2"
  - type: GIT
    repo: https://example.org/example.git
    events:
    - introduced: '0'
    - limit: abcdef
  versions: [1.0, '1.1']
references:
- type: WEB
  url: https://example.org/advisory
)";

void ExpectExample(const Advisory& advisory) {
  EXPECT_EQ(advisory.id, "GHSA-test-0001");
  EXPECT_EQ(advisory.aliases, (std::vector<std::string>{"CVE-2024-0001", "PYSEC-2024-1"}));
  EXPECT_EQ(sbom::FormatOsvTimestamp(advisory.modified), "2024-03-01T10:20:30.500000Z");
  ASSERT_TRUE(advisory.published.has_value());
  EXPECT_EQ(sbom::FormatOsvTimestamp(*advisory.published), "2024-02-01T00:00:00Z");
  EXPECT_FALSE(advisory.withdrawn.has_value());
  EXPECT_EQ(advisory.summary, "Example overflow");
  ASSERT_EQ(advisory.severity.size(), 1u);
  EXPECT_EQ(advisory.severity[0].type, "CVSS_V3");
  ASSERT_EQ(advisory.affected.size(), 1u);
  const sbom::AffectedPackage& entry = advisory.affected[0];
  EXPECT_EQ(entry.package.ecosystem, "PyPI");
  EXPECT_EQ(entry.package.name, "example");
  EXPECT_EQ(entry.package.purl, "pkg:pypi/example");
  ASSERT_EQ(entry.ranges.size(), 2u);
  EXPECT_EQ(entry.ranges[0].type, RangeType::kEcosystem);
  EXPECT_EQ(entry.ranges[0].events, (std::vector<sbom::RangeEvent>{{EventKind::kIntroduced, "0"},
                                                                   {EventKind::kFixed, "1.2"}}));
  EXPECT_EQ(entry.ranges[1].type, RangeType::kGit);
  EXPECT_EQ(entry.ranges[1].repo, "https://example.org/example.git");
  EXPECT_EQ(entry.ranges[1].events[1].kind, EventKind::kLimit);
  EXPECT_EQ(entry.versions, (std::vector<std::string>{"1.0", "1.1"}));
  ASSERT_EQ(advisory.references.size(), 1u);
  EXPECT_EQ(advisory.references[0].url, "https://example.org/advisory");
  EXPECT_EQ(advisory.references_dropped, 0u);
}

TEST(OsvReader, JsonAndYamlGiveTheSameAdvisory) {
  Result<Advisory> from_json = ReadOsvAdvisory(kJson, "a.json");
  ASSERT_TRUE(from_json.ok()) << from_json.error().message;
  ExpectExample(*from_json);
  Result<Advisory> from_yaml = ReadOsvAdvisory(kYaml, "a.yaml");
  ASSERT_TRUE(from_yaml.ok()) << from_yaml.error().message;
  ExpectExample(*from_yaml);
}

TEST(OsvReader, ErrorsNameTheFileThePathAndTheReason) {
  struct Case {
    std::string text;
    std::string says;  // a part of the English message, after "f.json: "
  };
  const std::string head = R"({"id": "X-1", "modified": "2024-01-01T00:00:00Z", )";
  auto with_range = [&head](const std::string& range) {
    return head + R"("affected": [{"package": {"ecosystem": "Go", "name": "m"}, "ranges": [)" +
           range + "]}]}";
  };
  const std::vector<Case> cases = {
      {"", "the file is empty"},
      {"[1, 2]", "$: an advisory must be an object"},
      {"{\"id\": ", "not valid JSON at 1:"},
      {"{\n  \"id\": \"a\",\n  oops\n}", "not valid JSON at 3:"},
      {"\"just a string\"", "$: an advisory must be an object"},
      {"{\"modified\": \"2024-01-01T00:00:00Z\"}", "$.id: missing"},
      {"{\"id\": \"X-1\"}", "$.modified: missing"},
      {"{\"id\": 7, \"modified\": \"2024-01-01T00:00:00Z\"}", "$.id: must be a string"},
      {"{\"id\": \"\", \"modified\": \"2024-01-01T00:00:00Z\"}", "$.id: must not be empty"},
      {"{\"id\": \"X-1\", \"modified\": \"yesterday\"}",
       "$.modified: 'yesterday' is not an RFC 3339"},
      {head + R"("withdrawn": "2024-13-01T00:00:00Z"})", "$.withdrawn: '2024-13-01T00:00:00Z'"},
      {head + R"("schema_version": "2.0.0"})", "$.schema_version: schema version 2.0.0 is newer"},
      {head + R"("aliases": "CVE-1"})", "$.aliases: must be an array"},
      {head + R"("aliases": ["CVE-1", 2]})", "$.aliases[1]: must be a string"},
      {head + R"("severity": [{"type": "CVSS_V3"}]})", "$.severity[0]: needs type and score"},
      {head + R"("affected": {}})", "$.affected: must be an array"},
      {head + R"("affected": [{"package": {"name": "m"}}]})",
       "$.affected[0].package: needs ecosystem and name"},
      {with_range(R"({"events": [{"introduced": "0"}]})"), "$.affected[0].ranges[0].type: missing"},
      {with_range(R"({"type": "SEMVER"})"), "$.affected[0].ranges[0].events: missing"},
      {with_range(R"({"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]})"),
       "$.affected[0].ranges[0].events[0]: an event names exactly one of"},
      {with_range(R"({"type": "SEMVER", "events": [{"fixd": "1"}]})"),
       "$.affected[0].ranges[0].events[0]: an event names exactly one of"},
      {with_range(R"({"type": "SEMVER", "events": [{"fixed": "1"}]})"),
       "$.affected[0].ranges[0].events: a range needs at least one introduced event"},
      {with_range(R"({"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1"},
                      {"last_affected": "2"}]})"),
       "$.affected[0].ranges[0].events: a range may have fixed or last_affected events, not both"},
      {with_range(R"({"type": "SEMVER", "events": [{"introduced": 0}]})"),
       "$.affected[0].ranges[0].events[0].introduced: must be a string"},
      {with_range(R"({"type": "SEMVER", "events": [{"introduced": "1\u0000"}]})"),
       "$.affected[0].ranges[0].events[0].introduced: contains a control character"},
      {head + "\"id2\": \"\xff\"}", "not valid UTF-8"},
      {std::string(100, '[') + std::string(100, ']'), "nested deeper than 64 levels"},
      {"a: " + std::string(100, '[') + std::string(100, ']'), "the YAML is nested deeper than 64"},
      {"{" + std::string(100, '[') + std::string(100, ']') + "}", "nested deeper than 64 levels"},
      {"id: X-1\nmodified: 2024-01-01T00:00:00Z\naffected: [\n", "not valid YAML at line"},
      {"id: [X-1\n", "not valid YAML"},
      {"id: X-1\nmodified: 2024-01-01T00:00:00Z\naliases: {a: b}\n", "$.aliases: must be an array"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text.substr(0, 120));
    Result<Advisory> advisory = ReadOsvAdvisory(c.text, "f.json");
    ASSERT_FALSE(advisory.ok());
    const std::string& message = advisory.error().message;
    EXPECT_EQ(advisory.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(message.rfind("f.json", 0), 0u) << message;  // YAML adds ":line"
    EXPECT_NE(message.find(c.says), std::string::npos) << message;
    EXPECT_NE(message.find(" / "), std::string::npos) << "no Japanese: " << message;
  }
}

TEST(OsvReader, YamlErrorsNameTheLine) {
  const std::string yaml =
      "id: X-1\n"
      "modified: 2024-01-01T00:00:00Z\n"
      "affected:\n"
      "- package:\n"
      "    ecosystem: PyPI\n"
      "    name: p\n"
      "  ranges:\n"
      "  - type: ECOSYSTEM\n"
      "    events:\n"
      "    - fixed: '1'\n"
      "  versions:\n"
      "  - '1.0'\n"
      "  - [nested]\n";
  Result<Advisory> advisory = ReadOsvAdvisory(yaml, "p.yaml");
  ASSERT_FALSE(advisory.ok());
  EXPECT_EQ(advisory.error().message.rfind("p.yaml:10: $.affected[0].ranges[0].events: a range "
                                           "needs at least one introduced event / ",
                                           0),
            0u)
      << advisory.error().message;
  const size_t introduced = yaml.find("    - fixed");
  advisory = ReadOsvAdvisory(
      yaml.substr(0, introduced) + "    - introduced: '0'\n" + yaml.substr(introduced), "p.yaml");
  ASSERT_FALSE(advisory.ok());
  EXPECT_EQ(
      advisory.error().message.rfind("p.yaml:14: $.affected[0].versions[1]: must be a string", 0),
      0u)
      << advisory.error().message;
}

TEST(OsvReader, BoundsOnWhatComesFromOutside) {
  const std::string head = R"({"id": "X-1", "modified": "2024-01-01T00:00:00Z", )";
  // Too large a file.
  std::string big = head + "\"details\": \"" + std::string(kMaxOsvFileBytes, 'x') + "\"}";
  Result<Advisory> advisory = ReadOsvAdvisory(big, "big.json");
  ASSERT_FALSE(advisory.ok());
  EXPECT_NE(advisory.error().message.find("more than 4194304"), std::string::npos);
  // Too long an id, too many aliases.
  advisory = ReadOsvAdvisory(R"({"id": ")" + std::string(kMaxOsvIdBytes + 1, 'a') +
                                 R"(", "modified": "2024-01-01T00:00:00Z"})",
                             "f.json");
  ASSERT_FALSE(advisory.ok());
  EXPECT_NE(advisory.error().message.find("$.id: is 257 bytes long, more than 256"),
            std::string::npos);
  std::string aliases = head + "\"aliases\": [";
  for (size_t i = 0; i <= kMaxOsvAliases; ++i)
    aliases += (i ? ",\"A-" : "\"A-") + std::to_string(i) + "\"";
  advisory = ReadOsvAdvisory(aliases + "]}", "f.json");
  ASSERT_FALSE(advisory.ok());
  EXPECT_NE(advisory.error().message.find("$.aliases: has 1001 items, more than 1000"),
            std::string::npos);
  // A YAML alias bomb: nine levels of ten aliases each would be 10^9 nodes (the node or the
  // text bound stops it, whichever comes first).
  std::string bomb = "id: X-1\nmodified: 2024-01-01T00:00:00Z\nx0: &a0 [" +
                     std::string("aaaaaaaaaa,aaaaaaaaaa") + "]\n";
  for (int level = 1; level <= 9; ++level) {
    bomb += "x" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *a" : "*a") + std::to_string(level - 1);
    bomb += "]\n";
  }
  advisory = ReadOsvAdvisory(bomb, "bomb.yaml");
  ASSERT_FALSE(advisory.ok());
  EXPECT_NE(advisory.error().message.find("aliases expanded"), std::string::npos)
      << advisory.error().message;
  // Paths repeat keys: a long key over many aliases is text too.
  std::string long_key = "id: X-1\nmodified: 2024-01-01T00:00:00Z\nsmall: &s x\n? " +
                         std::string(100'000, 'k') + "\n: [";
  for (int i = 0; i < 200; ++i) long_key += (i ? ", *s" : "*s");
  advisory = ReadOsvAdvisory(long_key + "]\n", "keys.yaml");
  ASSERT_FALSE(advisory.ok());
  EXPECT_NE(advisory.error().message.find("exceeds 16777216 bytes"), std::string::npos)
      << advisory.error().message;
  // A long summary is cut at a character boundary; references beyond the kept ones counted.
  std::string summary;
  while (summary.size() < kMaxOsvSummaryBytes + 10) summary += "脆弱";
  std::string references = ", \"references\": [";
  for (int i = 0; i < 40; ++i) {
    references += (i ? "," : "") + std::string(R"({"type": "WEB", "url": "https://e.org/)") +
                  std::to_string(i) + "\"}";
  }
  advisory =
      ReadOsvAdvisory(head + "\"summary\": \"" + summary + "\"" + references + "]}", "f.json");
  ASSERT_TRUE(advisory.ok()) << advisory.error().message;
  EXPECT_LE(advisory->summary.size(), kMaxOsvSummaryBytes + 3);
  EXPECT_EQ(advisory->summary.substr(advisory->summary.size() - 3), "...");
  EXPECT_EQ(advisory->summary.substr(0, 6), "脆弱");
  EXPECT_EQ(advisory->summary.size() % 3, 0u);  // whole three-byte characters, then "..."
  EXPECT_EQ(advisory->references.size(), sbom::kMaxKeptReferences);
  EXPECT_EQ(advisory->references_dropped, 40 - sbom::kMaxKeptReferences);
  EXPECT_EQ(advisory->references.back().url, "https://e.org/31");
}

TEST(OsvReader, UnknownFieldsAndTypesAreKeptOrIgnored) {
  Result<Advisory> advisory = ReadOsvAdvisory(
      R"({"schema_version": "1.99.0", "id": "X-1", "modified": "2024-01-01T00:00:00Z",
          "withdrawn": null, "future_field": {"a": [1]},
          "affected": [{"ranges": [{"type": "CALVER", "events": [{"introduced": "2024.1"}]}]}]})",
      "f.json");
  ASSERT_TRUE(advisory.ok()) << advisory.error().message;
  EXPECT_FALSE(advisory->withdrawn.has_value());
  ASSERT_EQ(advisory->affected.size(), 1u);
  EXPECT_TRUE(advisory->affected[0].package.name.empty());
  EXPECT_EQ(advisory->affected[0].ranges[0].type, RangeType::kOther);
  EXPECT_EQ(advisory->affected[0].ranges[0].type_name, "CALVER");
}

// Per-set totals, counted independently (Python's json and yaml modules) over the files.
struct Totals {
  size_t advisories = 0, withdrawn = 0, affected = 0, aliases = 0, severity = 0, versions = 0;
  std::map<std::string, size_t> ranges;  // by type name
  std::map<std::string, size_t> events;  // by kind name
  bool operator==(const Totals&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Totals& t) {
  out << "advisories=" << t.advisories << " withdrawn=" << t.withdrawn << " affected=" << t.affected
      << " aliases=" << t.aliases << " severity=" << t.severity << " versions=" << t.versions;
  for (const auto& [type, n] : t.ranges) out << " range." << type << "=" << n;
  for (const auto& [kind, n] : t.events) out << " event." << kind << "=" << n;
  return out;
}

void Add(Totals* totals, const Advisory& advisory) {
  ++totals->advisories;
  totals->withdrawn += advisory.withdrawn.has_value();
  totals->aliases += advisory.aliases.size();
  totals->severity += advisory.severity.size();
  for (const auto& entry : advisory.affected) {
    ++totals->affected;
    totals->versions += entry.versions.size();
    for (const auto& range : entry.ranges) {
      ++totals->ranges[range.type_name];
      for (const auto& event : range.events)
        ++totals->events[std::string(EventKindName(event.kind))];
    }
  }
}

std::string Skips(const OsvReadReport& report) {
  std::string text;
  for (const OsvSkip& skip : report.skipped) text += "\n  " + skip.file + ": " + skip.reason;
  return text;
}

TEST(OsvReader, RealAdvisoriesInTestData) {
  std::map<std::string, Advisory> by_id;
  Totals pypa, go;
  Result<OsvReadReport> report =
      ReadOsvDirectory(kData, [&](Advisory&& advisory, const std::string& file) {
        Add(file.rfind("pypa/", 0) == 0 ? &pypa : &go, advisory);
        by_id.emplace(advisory.id, std::move(advisory));
      });
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->files, 632u);
  EXPECT_EQ(report->read, 632u) << Skips(*report);
  EXPECT_TRUE(report->skipped.empty()) << Skips(*report);
  EXPECT_EQ(report->ignored, 4u);  // two LICENSE files, README.md and range_cases.txt
  Totals expected_pypa{307,
                       10,
                       307,
                       499,
                       40,
                       16308,
                       {{"ECOSYSTEM", 305}, {"GIT", 143}},
                       {{"introduced", 683}, {"fixed", 663}, {"last_affected", 1}}};
  Totals expected_go{
      325, 17, 483, 578, 0, 0, {{"SEMVER", 483}}, {{"introduced", 625}, {"fixed", 438}}};
  EXPECT_EQ(pypa, expected_pypa);
  EXPECT_EQ(go, expected_go);

  // Matching on real entries, with a dotted numeric order standing in for the real schemes.
  const auto dotted = [](std::string_view a, std::string_view b) -> Result<int> {
    std::vector<long> x, y;
    for (auto [text, out] : {std::pair{a, &x}, std::pair{b, &y}}) {
      std::string part;
      for (size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '.') {
          if (part.empty() || part.size() > 9) return MakeError("not a dotted version");
          out->push_back(std::stol(part));
          part.clear();
        } else if (text[i] >= '0' && text[i] <= '9') {
          part += text[i];
        } else {
          return MakeError("not a dotted version");
        }
      }
    }
    return x < y ? -1 : (x == y ? 0 : 1);
  };
  const sbom::RangeOrders orders{dotted, dotted};
  auto verdict = [&](const std::string& id, const std::string& name, const std::string& version) {
    const auto named = [&name](const sbom::AffectedPackage& e) { return e.package.name == name; };
    return sbom::EvaluateAdvisory(by_id.at(id), named, version, orders);
  };
  // Cilium: [0, 1.9.16), [1.10.0, 1.10.11), [1.11.0, 1.11.5).
  EXPECT_EQ(verdict("GO-2022-0457", "github.com/cilium/cilium", "1.9.15").verdict,
            Verdict::kAffected);
  EXPECT_EQ(verdict("GO-2022-0457", "github.com/cilium/cilium", "1.9.16").verdict,
            Verdict::kNotAffected);
  const sbom::RangeMatch cilium = verdict("GO-2022-0457", "github.com/cilium/cilium", "1.10.5");
  EXPECT_EQ(cilium.verdict, Verdict::kAffected);
  EXPECT_EQ(cilium.reason, "introduced 1.10.0, fixed 1.10.11 (SEMVER)");
  EXPECT_EQ(verdict("GO-2022-0457", "github.com/cilium/cilium", "1.11.5").verdict,
            Verdict::kNotAffected);
  EXPECT_EQ(verdict("GO-2022-0457", "github.com/other/module", "1.10.5").verdict,
            Verdict::kNotAffected);
  // Withdrawn: affects nothing.
  const sbom::RangeMatch withdrawn = verdict("GO-2022-0617", "k8s.io/kubernetes", "1.0.0");
  EXPECT_EQ(withdrawn.verdict, Verdict::kNotAffected);
  EXPECT_EQ(withdrawn.reason, "withdrawn on 2024-08-21T16:25:56Z");
  // py: introduced 0, last_affected 1.11.0, and a versions list (which includes 1.11.0).
  sbom::RangeMatch py = verdict("PYSEC-2022-42969", "py", "1.11.0");
  EXPECT_EQ(py.verdict, Verdict::kAffected);
  EXPECT_GE(py.version_index, 0);
  py = verdict("PYSEC-2022-42969", "py", "1.10.99");
  EXPECT_EQ(py.verdict, Verdict::kAffected);
  EXPECT_EQ(py.reason, "introduced 0, last_affected 1.11.0 (ECOSYSTEM)");
  py = verdict("PYSEC-2022-42969", "py", "1.11.1");
  EXPECT_EQ(py.verdict, Verdict::kNotAffected);
}

// Writes a zip at `path` holding `files` (name -> contents).
void WriteZip(const fs::path& path, const std::vector<std::pair<std::string, std::string>>& files) {
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(archive, nullptr) << code;
  for (const auto& [name, contents] : files) {
    if (name.back() == '/') {
      ASSERT_GE(zip_dir_add(archive, name.c_str(), ZIP_FL_ENC_UTF_8), 0);
      continue;
    }
    zip_source_t* source = zip_source_buffer(archive, contents.data(), contents.size(), 0);
    ASSERT_NE(source, nullptr);
    ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(archive), 0);
}

TEST(OsvReader, ZipArchivesReadLikeDirectories) {
  TempDir temp;
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kData / "go")) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names)
    files.emplace_back("osv/" + name, Slurp(kData / "go" / name));
  files.emplace_back("osv/", "");
  files.emplace_back("LICENSE", Slurp(kData / "go/LICENSE"));
  files.emplace_back("broken.json", "{\"id\": \"X-1\", \"modified\": \"soon\"}");
  files.emplace_back("copy/GO-2020-0001.JSON", Slurp(kData / "go/GO-2020-0001.json"));
  files.emplace_back("huge.yaml", std::string(kMaxOsvFileBytes + 1, '#'));
  const fs::path zip = temp.path() / "all.zip";
  WriteZip(zip, files);

  std::vector<std::string> read;
  Result<OsvReadReport> report = ReadOsvZip(
      zip, [&read](Advisory&& advisory, const std::string&) { read.push_back(advisory.id); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->files, names.size() + 3);
  EXPECT_EQ(report->read, names.size());
  EXPECT_EQ(read.size(), names.size());
  EXPECT_EQ(report->ignored, 2u);  // the folder entry and the licence
  ASSERT_EQ(report->skipped.size(), 3u) << Skips(*report);
  EXPECT_EQ(report->skipped[0].file, "broken.json");
  EXPECT_NE(report->skipped[0].reason.find("$.modified: 'soon'"), std::string::npos);
  EXPECT_EQ(report->skipped[1].file, "copy/GO-2020-0001.JSON");
  EXPECT_NE(
      report->skipped[1].reason.find("id GO-2020-0001 was already read from osv/GO-2020-0001.json"),
      std::string::npos);
  EXPECT_EQ(report->skipped[2].file, "huge.yaml");
  EXPECT_NE(report->skipped[2].reason.find("more than 4194304"), std::string::npos);

  // The same archive from memory gives the same report.
  Result<OsvReadReport> from_bytes =
      ReadOsvZipBytes(Slurp(zip), "all.zip", [](Advisory&&, const std::string&) {});
  ASSERT_TRUE(from_bytes.ok());
  EXPECT_EQ(from_bytes->read, report->read);
  EXPECT_EQ(from_bytes->skipped.size(), report->skipped.size());

  // Not a zip at all.
  temp.Write("not.zip", "PK but not really");
  Result<OsvReadReport> bad =
      ReadOsvZip(temp.path() / "not.zip", [](Advisory&&, const std::string&) {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not.zip: cannot open the zip archive"), std::string::npos);
  EXPECT_FALSE(
      ReadOsvZipBytes("PK\x03\x04 damaged", "bad.zip", [](Advisory&&, const std::string&) {}).ok());
  // libzip takes no bytes for an archive without entries.
  Result<OsvReadReport> empty =
      ReadOsvZipBytes("", "empty.zip", [](Advisory&&, const std::string&) {});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->files, 0u);
}

TEST(OsvReader, DirectoriesReportEverySkippedFile) {
  TempDir temp;
  temp.Write("a/ok.yaml", kYaml);
  temp.Write("b/bad.yml", "id: X-2\nmodified: never\n");
  temp.Write("b/again.json", kJson);
  temp.Write("b/notes.txt", "not an advisory");
  temp.Write(".id-allocator", "123");
  std::vector<std::string> files;
  Result<OsvReadReport> report = ReadOsvDirectory(
      temp.path(), [&files](Advisory&&, const std::string& file) { files.push_back(file); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(files, (std::vector<std::string>{"a/ok.yaml"}));
  EXPECT_EQ(report->files, 3u);
  EXPECT_EQ(report->read, 1u);
  EXPECT_EQ(report->ignored, 2u);
  ASSERT_EQ(report->skipped.size(), 2u);
  EXPECT_EQ(report->skipped[0].file, "b/again.json");
  EXPECT_NE(report->skipped[0].reason.find("already read from a/ok.yaml"), std::string::npos);
  EXPECT_EQ(report->skipped[1].file, "b/bad.yml");
  EXPECT_EQ(report->skipped[1].reason.rfind("line 2: $.modified: 'never'", 0), 0u)
      << report->skipped[1].reason;

  Result<OsvReadReport> missing =
      ReadOsvDirectory(temp.path() / "nowhere", [](Advisory&&, const std::string&) {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

// The complete data sets of ../shared/data/osv: every file reads, and the totals equal
// those counted independently over the same files.
TEST(OsvReader, SharedDataSetsReadCompletely) {
  const fs::path pypa_dir = kShared / "pypa/vulns";
  const fs::path go_dir = kShared / "go/data/osv";
  if (!fs::is_directory(pypa_dir) || !fs::is_directory(go_dir)) {
    GTEST_SKIP() << "../shared/data/osv is not here (a user's clone has no ../shared)";
  }
  struct Set {
    fs::path dir;
    size_t files;
    Totals totals;
  };
  const Set sets[] = {
      {pypa_dir, 2661,
       Totals{2661,
              10,
              2661,
              4475,
              202,
              140847,
              {{"ECOSYSTEM", 2659}, {"GIT", 1391}},
              {{"introduced", 6484}, {"fixed", 6520}, {"last_affected", 1}}}},
      {go_dir, 4291,
       Totals{4291,
              17,
              6125,
              7965,
              0,
              0,
              {{"SEMVER", 6125}},
              {{"introduced", 7579}, {"fixed", 5309}}}},
  };
  for (const Set& set : sets) {
    SCOPED_TRACE(set.dir.string());
    Totals totals;
    Result<OsvReadReport> report = ReadOsvDirectory(
        set.dir, [&totals](Advisory&& advisory, const std::string&) { Add(&totals, advisory); });
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->files, set.files);
    EXPECT_EQ(report->read, set.files) << Skips(*report);
    EXPECT_TRUE(report->skipped.empty()) << Skips(*report);
    EXPECT_EQ(totals, set.totals);
    std::cout << set.dir.filename().string() << ": " << report->files << " files, " << report->read
              << " read, " << report->skipped.size() << " skipped, " << report->ignored
              << " ignored\n";
  }
}

}  // namespace
}  // namespace hoshitori::interchange
