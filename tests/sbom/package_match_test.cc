// Matching a package version against an advisory (sbom/package_match.h): the orders per
// ecosystem, which affected entries name which Package URL, real advisories from
// tests/data/osv (Go SEMVER ranges, PyPI ECOSYSTEM ranges with versions lists, last_affected,
// withdrawn), what cannot be told, and the plain Package URL list reader.
#include "sbom/package_match.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "interchange/osv.h"

namespace hoshitori::sbom {
namespace {

namespace fs = std::filesystem;
const fs::path kData = fs::path(HOSHITORI_SOURCE_DIR) / "tests/data/osv";

Advisory Load(const std::string& relative) {
  std::ifstream in(kData / relative, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  Result<Advisory> advisory = interchange::ReadOsvAdvisory(bytes.str(), relative);
  if (!advisory) throw std::runtime_error(advisory.error().message);
  return std::move(advisory).value();
}

PackageUrl Purl(const std::string& text) {
  Result<PackageUrl> purl = ParsePackageUrl(text, PurlParseMode::kLenient);
  if (!purl) throw std::runtime_error(purl.error().message);
  return std::move(purl).value();
}

OsvPackage Package(std::string ecosystem, std::string name, std::string purl = "") {
  return OsvPackage{std::move(ecosystem), std::move(name), std::move(purl)};
}

TEST(OrdersForEcosystem, SemverAlwaysEcosystemOnlyWhenKnown) {
  const RangeOrders pypi = OrdersForEcosystem("PyPI");
  ASSERT_TRUE(pypi.semver && pypi.ecosystem);
  EXPECT_LT(*pypi.ecosystem("1.0a1", "1.0"), 0);  // PEP 440: a pre-release first
  EXPECT_GT(*pypi.semver("1.10.0", "1.9.0"), 0);
  const RangeOrders debian = OrdersForEcosystem("Debian:12");
  ASSERT_TRUE(debian.ecosystem);
  EXPECT_LT(*debian.ecosystem("1.0~rc1", "1.0"), 0);
  const RangeOrders hex = OrdersForEcosystem("Hex");
  EXPECT_TRUE(hex.semver);
  EXPECT_FALSE(hex.ecosystem);
}

TEST(AffectedPackageKey, FromPurlOrEcosystemAndName) {
  EXPECT_EQ(AffectedPackageKey(Package("PyPI", "werkzeug", "pkg:pypi/werkzeug")),
            "pkg:pypi/werkzeug");
  // PyPI names: case and '_' do not matter (the pypi purl type's rules).
  EXPECT_EQ(AffectedPackageKey(Package("PyPI", "Foo_Bar")), "pkg:pypi/foo-bar");
  EXPECT_EQ(AffectedPackageKey(Package("Go", "github.com/gin-gonic/gin")),
            "pkg:golang/github.com/gin-gonic/gin");
  EXPECT_EQ(AffectedPackageKey(Package("Maven", "org.apache.logging.log4j:log4j-core")),
            "pkg:maven/org.apache.logging.log4j/log4j-core");
  EXPECT_EQ(AffectedPackageKey(Package("npm", "@babel/traverse")), "pkg:npm/%40babel/traverse");
  EXPECT_EQ(AffectedPackageKey(Package("npm", "lodash")), "pkg:npm/lodash");
  EXPECT_EQ(AffectedPackageKey(Package("Debian:12", "openssl")), "pkg:deb/debian/openssl");
  EXPECT_EQ(AffectedPackageKey(Package("Ubuntu:22.04:LTS", "openssl")), "pkg:deb/ubuntu/openssl");
  // A purl with a version names the package without it.
  EXPECT_EQ(AffectedPackageKey(Package("", "", "pkg:cargo/rand@0.8.5")), "pkg:cargo/rand");
  // Nothing to name: Go's standard library, an ecosystem without a purl type, no package.
  EXPECT_EQ(AffectedPackageKey(Package("Go", "stdlib")), std::nullopt);
  EXPECT_EQ(AffectedPackageKey(Package("Hex", "plug")), std::nullopt);
  EXPECT_EQ(AffectedPackageKey(Package("", "")), std::nullopt);
  // A broken purl falls back to ecosystem and name.
  EXPECT_EQ(AffectedPackageKey(Package("PyPI", "Django", "not a purl")), "pkg:pypi/django");
}

TEST(NamesPackage, ComparesKeys) {
  AffectedPackage entry;
  entry.package = Package("PyPI", "Foo_Bar");
  EXPECT_TRUE(NamesPackage(entry, PackageKey(Purl("pkg:pypi/foo-bar@1.0"))));
  EXPECT_TRUE(NamesPackage(entry, PackageKey(Purl("pkg:pypi/FOO_BAR@1.0"))));
  EXPECT_FALSE(NamesPackage(entry, PackageKey(Purl("pkg:pypi/foo.bar@1.0"))));
  EXPECT_FALSE(NamesPackage(entry, "pkg:npm/foo-bar"));
}

TEST(MatchPackage, GoModuleInsideAndOutsideASemverRange) {
  // GO-2020-0001: github.com/gin-gonic/gin, SEMVER introduced 0, fixed 1.6.0.
  const Advisory advisory = Load("go/GO-2020-0001.json");
  const RangeMatch inside =
      MatchPackage(advisory, Purl("pkg:golang/github.com/gin-gonic/gin@v1.5.0"));
  EXPECT_EQ(inside.verdict, Verdict::kAffected) << inside.reason;
  EXPECT_EQ(inside.affected_index, 0);
  EXPECT_EQ(inside.range_index, 0);
  ASSERT_TRUE(inside.closed.has_value());
  EXPECT_EQ(inside.closed->version, "1.6.0");
  EXPECT_NE(inside.reason.find("1.6.0"), std::string::npos) << inside.reason;
  // Pseudo-versions are pre-releases: before 1.6.0 they are inside too.
  EXPECT_EQ(
      MatchPackage(advisory,
                   Purl("pkg:golang/github.com/gin-gonic/gin@v1.5.1-0.20200101000000-abcdefabcdef"))
          .verdict,
      Verdict::kAffected);
  const RangeMatch fixed =
      MatchPackage(advisory, Purl("pkg:golang/github.com/gin-gonic/gin@v1.6.0"));
  EXPECT_EQ(fixed.verdict, Verdict::kNotAffected) << fixed.reason;
  EXPECT_EQ(MatchPackage(advisory, Purl("pkg:golang/github.com/gin-gonic/gin@1.9.1")).verdict,
            Verdict::kNotAffected);
  // Another package is not concerned at all.
  const RangeMatch other =
      MatchPackage(advisory, Purl("pkg:golang/github.com/gin-gonic/other@v1.0.0"));
  EXPECT_EQ(other.verdict, Verdict::kNotAffected);
  EXPECT_EQ(other.affected_index, -1);
}

TEST(MatchPackage, PypiEcosystemRangeAndVersionsList) {
  // PYSEC-2023-57: werkzeug, ECOSYSTEM introduced 0, fixed 2.2.3, with a versions list.
  const Advisory advisory = Load("pypa/werkzeug/PYSEC-2023-57.yaml");
  EXPECT_EQ(MatchPackage(advisory, Purl("pkg:pypi/Werkzeug@2.2.2")).verdict, Verdict::kAffected);
  EXPECT_EQ(MatchPackage(advisory, Purl("pkg:pypi/werkzeug@0.10")).verdict, Verdict::kAffected);
  EXPECT_EQ(MatchPackage(advisory, Purl("pkg:pypi/werkzeug@2.2.3")).verdict, Verdict::kNotAffected);
  EXPECT_EQ(MatchPackage(advisory, Purl("pkg:pypi/werkzeug@3.0.0")).verdict, Verdict::kNotAffected);
}

TEST(MatchPackage, LastAffectedAndSeveralIntervals) {
  // PYSEC-2022-42969: py, last_affected 1.11.0.
  const Advisory py = Load("pypa/py/PYSEC-2022-42969.yaml");
  EXPECT_EQ(MatchPackage(py, Purl("pkg:pypi/py@1.11.0")).verdict, Verdict::kAffected);
  EXPECT_EQ(MatchPackage(py, Purl("pkg:pypi/py@1.11.1")).verdict, Verdict::kNotAffected);
  // PYSEC-2021-73: salt, introduced 0 / fixed 2015.8.10 / introduced 2015.8.11 / fixed 2015.8.13.
  const Advisory salt = Load("pypa/salt/PYSEC-2021-73.yaml");
  EXPECT_EQ(MatchPackage(salt, Purl("pkg:pypi/salt@2015.8.9")).verdict, Verdict::kAffected);
  EXPECT_EQ(MatchPackage(salt, Purl("pkg:pypi/salt@2015.8.10")).verdict, Verdict::kNotAffected);
  EXPECT_EQ(MatchPackage(salt, Purl("pkg:pypi/salt@2015.8.12")).verdict, Verdict::kAffected);
}

TEST(MatchPackage, WithdrawnAdvisoryAffectsNothing) {
  // GO-2022-0617: k8s.io/kubernetes, introduced 0 and no fix, withdrawn.
  const Advisory advisory = Load("go/GO-2022-0617.json");
  ASSERT_TRUE(advisory.withdrawn.has_value());
  const RangeMatch match = MatchPackage(advisory, Purl("pkg:golang/k8s.io/kubernetes@v1.20.0"));
  EXPECT_EQ(match.verdict, Verdict::kNotAffected);
  EXPECT_NE(match.reason.find("withdrawn"), std::string::npos) << match.reason;
}

TEST(MatchPackage, SaysWhatCannotBeTold) {
  Advisory advisory;
  advisory.id = "TEST-1";
  AffectedPackage entry;
  entry.package = Package("Hex", "plug", "pkg:hex/plug");
  AffectedRange range;
  range.type = RangeType::kEcosystem;
  range.type_name = "ECOSYSTEM";
  range.events = {{EventKind::kIntroduced, "0"}, {EventKind::kFixed, "1.2.0"}};
  entry.ranges.push_back(range);
  advisory.affected.push_back(entry);
  const RangeMatch unknown_order = MatchPackage(advisory, Purl("pkg:hex/plug@1.0.0"));
  EXPECT_EQ(unknown_order.verdict, Verdict::kCannotTell);
  EXPECT_EQ(unknown_order.affected_index, 0);
  // No version: nothing to compare.
  const Advisory werkzeug = Load("pypa/werkzeug/PYSEC-2023-57.yaml");
  const RangeMatch no_version = MatchPackage(werkzeug, Purl("pkg:pypi/werkzeug"));
  EXPECT_EQ(no_version.verdict, Verdict::kCannotTell);
  EXPECT_NE(no_version.reason.find("no version"), std::string::npos);
  // A version the order rejects, where no versions list answers instead.
  const Advisory gin = Load("go/GO-2020-0001.json");
  const RangeMatch rejected = MatchPackage(gin, Purl("pkg:golang/github.com/gin-gonic/gin@latest"));
  EXPECT_EQ(rejected.verdict, Verdict::kCannotTell);
  EXPECT_NE(rejected.reason.find("rejects 'latest'"), std::string::npos) << rejected.reason;
  // With a versions list, the list answers: a version neither listed nor in an evaluable
  // range is not affected (osv_range.h).
  EXPECT_EQ(MatchPackage(werkzeug, Purl("pkg:pypi/werkzeug@not-a-version")).verdict,
            Verdict::kNotAffected);
}

TEST(MatchPackage, AnAffectedEntryWinsOverAnUndecidedOne) {
  Advisory advisory;
  advisory.id = "TEST-2";
  AffectedPackage git_only;
  git_only.package = Package("PyPI", "demo");
  AffectedRange git;
  git.type = RangeType::kGit;
  git.type_name = "GIT";
  git.repo = "https://example.org/demo";
  git.events = {{EventKind::kIntroduced, "0"}};
  git_only.ranges.push_back(git);
  AffectedPackage listed;
  listed.package = Package("PyPI", "demo");
  listed.versions = {"1.0"};
  advisory.affected = {git_only, listed};
  const RangeMatch listed_match = MatchPackage(advisory, Purl("pkg:pypi/demo@1.0"));
  EXPECT_EQ(listed_match.verdict, Verdict::kAffected);
  EXPECT_EQ(listed_match.affected_index, 1);
  EXPECT_EQ(listed_match.version_index, 0);
  const RangeMatch other = MatchPackage(advisory, Purl("pkg:pypi/demo@2.0"));
  EXPECT_EQ(other.verdict, Verdict::kCannotTell);
  EXPECT_EQ(other.affected_index, 0);
}

TEST(ReadPurlList, SkipsBlanksAndCommentsAndNamesTheBadLine) {
  auto list = ReadPurlList(
      "# components\r\n\npkg:pypi/Werkzeug@2.2.2\r\n  "
      "pkg:golang/github.com/gin-gonic/gin@v1.5.0\t\n"
      "pkg:npm/lodash",
      "list.txt");
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].line, 3u);
  EXPECT_EQ(ToString((*list)[0].purl), "pkg:pypi/werkzeug@2.2.2");
  EXPECT_EQ((*list)[1].line, 4u);
  EXPECT_EQ((*list)[2].purl.version, "");

  auto bad = ReadPurlList("pkg:pypi/a@1\nnot a purl\n", "list.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(bad.error().message.rfind("list.txt:2: ", 0), 0u) << bad.error().message;
  EXPECT_NE(bad.error().message.find("2 行目"), std::string::npos);

  auto empty = ReadPurlList("", "empty.txt");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  const std::string huge(kMaxPurlListBytes + 1, '#');
  EXPECT_FALSE(ReadPurlList(huge, "huge.txt").ok());
}

}  // namespace
}  // namespace hoshitori::sbom
