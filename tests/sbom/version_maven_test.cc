// Maven versions: the orders listed in Maven's version order specification (pom.html) and
// the qualifier and number sequences Maven's own ComparableVersion tests walk through.
#include "sbom/version_maven.h"

#include "version_test_support.h"

namespace hoshitori::sbom {
namespace {

TEST(MavenOrder, Qualifiers) {
  testing::ExpectAscending(VersionScheme::kMaven, {{"1-alpha2snapshot"},
                                                   {"1-alpha2", "1-a2", "1-alpha-2", "1.0-ALPHA-2"},
                                                   {"1-alpha-123"},
                                                   {"1-beta-2", "1-b2"},
                                                   {"1-beta123"},
                                                   {"1-m2", "1-milestone-2"},
                                                   {"1-m11"},
                                                   {"1-rc", "1-cr"},
                                                   {"1-cr2", "1-rc2", "1.0.0-RC2"},
                                                   {"1-rc123"},
                                                   {"1-SNAPSHOT", "1-snapshot"},
                                                   {"1", "1.0", "1.0.0", "1-ga", "1-final",
                                                    "1-release", "1.ga", "1-0", "1.0-GA"},
                                                   {"1-sp"},
                                                   {"1-sp2"},
                                                   {"1-sp123"},
                                                   {"1-abc"},
                                                   {"1-def"},
                                                   {"1-pom-1"},
                                                   {"1-1-snapshot"},
                                                   {"1-1"},
                                                   {"1-2"},
                                                   {"1-123"},
                                                   {"1.1"}});
}

TEST(MavenOrder, NumbersSeparatorsAndPadding) {
  testing::ExpectAscending(VersionScheme::kMaven, {{"2.0", "2"},
                                                   {"2.0.a", "2-a", "2.a"},
                                                   {"2-1"},
                                                   {"2.0.2"},
                                                   {"2.0.123"},
                                                   {"2.1.0", "2.1"},
                                                   {"2.1-a"},
                                                   {"2.1b"},
                                                   {"2.1-c"},
                                                   {"2.1-1"},
                                                   {"2.1.0.1"},
                                                   {"2.2"},
                                                   {"2.123"},
                                                   {"11.a2"},
                                                   {"11.a11"},
                                                   {"11.b2"},
                                                   {"11.b11"},
                                                   {"11.m2"},
                                                   {"11.m11"},
                                                   {"11"},
                                                   {"11.a"},
                                                   {"11b"},
                                                   {"11c"},
                                                   {"11m"},
                                                   {"12345678901234567890"},
                                                   {"12345678901234567890.1"}});
}

// Odd forms where a careless reading of ComparableVersion goes wrong; each row's order is
// what Maven 3.8.7 prints for it.
TEST(MavenOrder, OddFormsAsMavenOrdersThem) {
  testing::ExpectAscending(VersionScheme::kMaven, {{"0", "0.0", "ga"}, {"release-release.2"}});
  testing::ExpectAscending(VersionScheme::kMaven, {{"a-release.cr"}, {"ga.m3"}});
  testing::ExpectAscending(VersionScheme::kMaven, {{"a1-m3-release.a1"}, {"a1.bm3-alpha"}});
  testing::ExpectAscending(VersionScheme::kMaven, {{"milestone-ga"}, {"milestone0.2.rc1"}});
}

TEST(MavenOrder, RefusesOnlyWhatNoRealVersionHolds) {
  testing::ExpectInvalid(VersionScheme::kMaven, {"", "1.0 beta", "1.0\tb", std::string(300, '1')});
  EXPECT_TRUE(IsVersion(VersionScheme::kMaven, "1.0_01+build"));
}

// Maven's own order is not transitive when a word sits between '.' and '-' ("1.a-sp1-1" <
// "1.0-SNAPSHOT" < "1.0" < "1.a-sp1-1": a word sorts before a list, but after the release
// that the list sorts before). We keep Maven's answers, so the generated versions avoid that
// form; NotTransitiveLikeMaven pins it.
TEST(MavenOrder, IsATotalOrder) {
  testing::ExpectTotalOrder(VersionScheme::kMaven,
                            testing::Pieces({{"1", "1.0", "2", "1.1"},
                                             {"", ".0", ".1", "-1"},
                                             {"", "-alpha", "-alpha1", "-beta-2", "-rc",
                                              "-SNAPSHOT", "-ga", "-sp", "-sp1", "-foo", "a1", "b"},
                                             {"", "-1", ".2", "-0"}}));
}

TEST(MavenOrder, NotTransitiveLikeMaven) {
  EXPECT_LT(*CompareVersions(VersionScheme::kMaven, "1.a-sp1-1", "1.0-SNAPSHOT"), 0);
  EXPECT_LT(*CompareVersions(VersionScheme::kMaven, "1.0-SNAPSHOT", "1.0"), 0);
  EXPECT_GT(*CompareVersions(VersionScheme::kMaven, "1.a-sp1-1", "1.0"), 0);
}

}  // namespace
}  // namespace hoshitori::sbom
