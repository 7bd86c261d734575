// The scheme dispatch: which scheme an OSV ecosystem or a Package URL type uses, and the
// errors CompareVersions gives.
#include "sbom/version.h"

#include "version_test_support.h"

namespace hoshitori::sbom {
namespace {

TEST(VersionSchemes, ForOsvEcosystems) {
  EXPECT_EQ(SchemeForEcosystem("PyPI"), VersionScheme::kPep440);
  EXPECT_EQ(SchemeForEcosystem("Go"), VersionScheme::kGo);
  EXPECT_EQ(SchemeForEcosystem("npm"), VersionScheme::kSemVer);
  EXPECT_EQ(SchemeForEcosystem("crates.io"), VersionScheme::kSemVer);
  EXPECT_EQ(SchemeForEcosystem("Maven"), VersionScheme::kMaven);
  EXPECT_EQ(SchemeForEcosystem("Debian"), VersionScheme::kDebian);
  EXPECT_EQ(SchemeForEcosystem("Debian:12"), VersionScheme::kDebian);
  EXPECT_EQ(SchemeForEcosystem("Ubuntu:22.04:LTS"), VersionScheme::kDebian);
  EXPECT_EQ(SchemeForEcosystem("RubyGems"), VersionScheme::kRubyGems);
  EXPECT_EQ(SchemeForEcosystem("NuGet"), VersionScheme::kNuGet);
  EXPECT_EQ(SchemeForEcosystem("pypi"), std::nullopt);
  EXPECT_EQ(SchemeForEcosystem("Packagist"), std::nullopt);
  EXPECT_EQ(SchemeForEcosystem("PyPI:3"), std::nullopt);
  EXPECT_EQ(SchemeForEcosystem(""), std::nullopt);
}

TEST(VersionSchemes, ForPurlTypes) {
  EXPECT_EQ(SchemeForPurlType("pypi"), VersionScheme::kPep440);
  EXPECT_EQ(SchemeForPurlType("golang"), VersionScheme::kGo);
  EXPECT_EQ(SchemeForPurlType("npm"), VersionScheme::kSemVer);
  EXPECT_EQ(SchemeForPurlType("cargo"), VersionScheme::kSemVer);
  EXPECT_EQ(SchemeForPurlType("maven"), VersionScheme::kMaven);
  EXPECT_EQ(SchemeForPurlType("deb"), VersionScheme::kDebian);
  EXPECT_EQ(SchemeForPurlType("gem"), VersionScheme::kRubyGems);
  EXPECT_EQ(SchemeForPurlType("nuget"), VersionScheme::kNuGet);
  EXPECT_EQ(SchemeForPurlType("generic"), std::nullopt);
  EXPECT_EQ(PurlTypeForEcosystem("PyPI"), "pypi");
  EXPECT_EQ(PurlTypeForEcosystem("crates.io"), "cargo");
  EXPECT_EQ(PurlTypeForEcosystem("Debian:11"), "deb");
  EXPECT_EQ(PurlTypeForEcosystem("Go"), "golang");
  EXPECT_EQ(PurlTypeForEcosystem("GIT"), std::nullopt);
}

TEST(VersionSchemes, CompareNamesSchemeAndValue) {
  auto order = CompareVersions(VersionScheme::kPep440, "1.0", "not a version");
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(order.error().message,
            "'not a version' is not a PEP 440 version: it must start with a number");
  EXPECT_EQ(*CompareVersions(VersionScheme::kPep440, "1.0", "1.0.post1"), -1);
  EXPECT_TRUE(IsVersion(VersionScheme::kDebian, "1:2.3-4"));
  EXPECT_FALSE(IsVersion(VersionScheme::kSemVer, "1.2"));
}

}  // namespace
}  // namespace hoshitori::sbom


namespace hoshitori::sbom {
namespace {

// A VersionMemo's orders answer as CompareVersions does, share one memo per scheme across the
// orders handed out, count the texts they parsed, and start afresh after Clear().
TEST(VersionMemo, SameAnswersAndCountsTexts) {
  VersionMemo memo;
  EXPECT_EQ(memo.size(), 0u);
  const VersionOrderFunction pep = memo.Order(VersionScheme::kPep440);
  const VersionOrderFunction pep_again = memo.Order(VersionScheme::kPep440);
  const VersionOrderFunction semver = memo.Order(VersionScheme::kSemVer);
  const std::pair<const char*, const char*> pairs[] = {
      {"1.0", "1.0.post1"}, {"2.0rc1", "2.0"}, {"1!0.1", "9.9"}, {"1.0", "1.0.0"}};
  for (const auto& [a, b] : pairs) {
    EXPECT_EQ(*pep(a, b), *CompareVersions(VersionScheme::kPep440, a, b)) << a << " " << b;
  }
  EXPECT_EQ(memo.size(), 7u);  // 1.0, 1.0.post1, 2.0rc1, 2.0, 1!0.1, 9.9, 1.0.0
  EXPECT_EQ(*pep_again("1.0", "2.0"), *CompareVersions(VersionScheme::kPep440, "1.0", "2.0"));
  EXPECT_EQ(memo.size(), 7u);  // both texts were parsed through the shared memo already
  EXPECT_LT(*semver("1.0.0-alpha", "1.0.0"), 0);
  EXPECT_EQ(memo.size(), 9u);
  EXPECT_FALSE(semver("not a version", "1.0.0").ok());
  EXPECT_EQ(memo.size(), 10u);  // the error is kept too
  memo.Clear();
  EXPECT_EQ(memo.size(), 0u);
  EXPECT_EQ(*memo.Order(VersionScheme::kPep440)("1.0", "1.0.0"), 0);
  EXPECT_EQ(memo.size(), 2u);
}

}  // namespace
}  // namespace hoshitori::sbom
