// RubyGems versions: Gem::Version's order (prerelease words, trailing zeros, '-' as ".pre.").
#include "sbom/version_rubygems.h"

#include "version_test_support.h"

namespace hoshitori::sbom {
namespace {

TEST(RubyGemsOrder, FollowsGemVersion) {
  testing::ExpectAscending(VersionScheme::kRubyGems, {{"0.9"},
                                                      {"1.0.A"},
                                                      {"1.0.a", "1.0.0.a", "1.a"},
                                                      {"1.0.a.1", "1.0.a1"},
                                                      {"1.0.a.9"},
                                                      {"1.0.a10"},
                                                      {"1.0.b"},
                                                      {"1.0.b.2"},
                                                      {"1.0.pre"},
                                                      {"1.0-1", "1.0.pre.1"},
                                                      {"1.0.rc1"},
                                                      {"1.0", "1", "1.0.0", " 1.0 ", "1.00"},
                                                      {"1.0.1"},
                                                      {"1.1"},
                                                      {"1.10"},
                                                      {"2.0"},
                                                      {"123456789012345678901234567890"}});
}

TEST(RubyGemsOrder, MarksPrereleases) {
  EXPECT_TRUE(ParseRubyGemsVersion("1.0.rc1")->prerelease);
  EXPECT_TRUE(ParseRubyGemsVersion("1.0-1")->prerelease);
  EXPECT_FALSE(ParseRubyGemsVersion("1.0.1")->prerelease);
}

TEST(RubyGemsOrder, RefusesWhatIsNotAGemVersion) {
  testing::ExpectInvalid(VersionScheme::kRubyGems,
                         {"", "a", "junk", "1..0", "1.0.", "1.0 a", "1.0-", "-1", ".1", "1.0_1",
                          std::string(300, '1')});
}

TEST(RubyGemsOrder, IsATotalOrder) {
  testing::ExpectTotalOrder(
      VersionScheme::kRubyGems,
      testing::Pieces({{"0", "1", "1.0", "2", "1.0.0"},
                       {"", ".0", ".1", ".a", ".b", ".rc1", "-1", "-beta", ".pre.1"},
                       {"", ".0", ".2", ".a"}}));
}

}  // namespace
}  // namespace hoshitori::sbom
