// SemVer 2.0 (npm, crates.io) and Go module versions: ordering tables from semver.org §11 and
// golang.org/ref/mod (pseudo-versions, +incompatible).
#include "sbom/version_semver.h"

#include "version_test_support.h"

namespace hoshitori::sbom {
namespace {

TEST(SemVerOrder, FollowsThePrecedenceRules) {
  testing::ExpectAscending(VersionScheme::kSemVer,
                           {{"1.0.0-alpha"},
                            {"1.0.0-alpha.1"},
                            {"1.0.0-alpha.beta"},
                            {"1.0.0-beta"},
                            {"1.0.0-beta.2"},
                            {"1.0.0-beta.11"},
                            {"1.0.0-rc.1"},
                            {"1.0.0", "1.0.0+build.5", "v1.0.0", "1.0.0+20130313144700"},
                            {"1.0.1"},
                            {"1.1.0"},
                            {"1.10.0"},
                            {"2.0.0-0"},
                            {"2.0.0-0.3.7"},
                            {"2.0.0-1"},
                            {"2.0.0-x-y-z.--"},
                            {"2.0.0"},
                            {"10.0.0"},
                            {"99999999999999999999999.0.0"}});
}

TEST(SemVerOrder, RefusesWhatIsNotSemVer) {
  testing::ExpectInvalid(
      VersionScheme::kSemVer,
      {"", "1", "1.0", "1.0.0.0", "01.0.0", "1.00.0", "1.0.0-01", "1.0.0-", "1.0.0+", "1.0.0-a..b",
       "1.0.0-a_b", "a.b.c", "1.0.0 ", "latest", std::string(300, '1')});
}

TEST(SemVerOrder, KeepsTheParts) {
  auto version = ParseSemVer("v1.2.3-rc.1+linux.x64");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->major, "1");
  EXPECT_EQ(version->patch, "3");
  EXPECT_EQ(version->prerelease, (std::vector<std::string>{"rc", "1"}));
  EXPECT_EQ(version->build, "linux.x64");
}

TEST(GoVersionOrder, PseudoVersionsAndIncompatible) {
  testing::ExpectAscending(VersionScheme::kGo,
                           {{"v0.0.0-20191109021931-daa7c04131f5"},
                            {"v0.0.0-20200101000000-abcdefabcdef"},
                            {"v0.0.0", "0.0.0"},
                            {"v0.1.0"},
                            {"v1.0.0", "v1", "v1.0", "1.0.0"},
                            {"v1.2.3"},
                            {"v1.2.4-0.20191109021931-daa7c04131f5"},
                            {"v1.2.4"},
                            {"v1.3.0-pre"},
                            {"v1.3.0-pre.0.20191109021931-daa7c04131f5"},
                            {"v1.3.0"},
                            {"v2.0.0+incompatible", "v2.0.0", "2.0.0"},
                            {"v2.1.0-0.20210101000000-0123456789ab+incompatible"},
                            {"v2.1.0+incompatible"}});
}

TEST(GoVersionOrder, RefusesWhatIsNotAGoVersion) {
  testing::ExpectInvalid(VersionScheme::kGo,
                         {"", "v", "latest", "v1.2.3.4", "v01.2.3", "1.2", "v1.2-pre", "master"});
}

TEST(SemVerOrder, IsATotalOrder) {
  testing::ExpectTotalOrder(VersionScheme::kSemVer,
                            testing::Pieces({{"0", "1", "10"},
                                             {".0", ".1", ".2"},
                                             {".0", ".9", ".10"},
                                             {"", "-0", "-1", "-alpha", "-alpha.1", "-alpha.beta",
                                              "-beta.2", "-rc.1", "-1.a", "-a-b"},
                                             {"", "+build", "+7"}}));
  testing::ExpectTotalOrder(
      VersionScheme::kGo, testing::Pieces({{"v0", "v1", "v2"},
                                           {".0", ".1"},
                                           {".0", ".3"},
                                           {"", "-0.20191109021931-daa7c04131f5",
                                            "-pre.0.20200101000000-abcdefabcdef", "-pre", "-rc.1"},
                                           {"", "+incompatible"}}));
}

}  // namespace
}  // namespace hoshitori::sbom
