// Debian versions: the order of Debian Policy 5.6.12 (epochs, '~', letters before other
// characters, numeric runs, revisions).
#include "sbom/version_debian.h"

#include "version_test_support.h"

namespace hoshitori::sbom {
namespace {

TEST(DebianOrder, FollowsDebianPolicy) {
  testing::ExpectAscending(
      VersionScheme::kDebian,
      {{"1.0~~"},          {"1.0~~a"},   {"1.0~"},
       {"1.0~rc1"},        {"1.0~rc2"},  {"1.0", "0:1.0", "1.0-0", "1.00", "01.0"},
       {"1.0-1"},          {"1.0-1+b1"}, {"1.0-1.1"},
       {"1.0-2"},          {"1.0-10"},   {"1.0a"},
       {"1.0z"},           {"1.0+b"},    {"1.0+dfsg-1"},
       {"1.0.1"},          {"1.1"},      {"2.0"},
       {"2.0-beta-1"},     {"10.0"},     {"1:0.1"},
       {"1:0.1-1ubuntu1"}, {"2:0.0"}});
}

TEST(DebianOrder, KeepsTheParts) {
  auto version = ParseDebianVersion("2:7.50.3-1+deb9u1");
  ASSERT_TRUE(version);
  EXPECT_EQ(version->epoch, "2");
  EXPECT_EQ(version->upstream, "7.50.3");
  EXPECT_EQ(version->revision, "1+deb9u1");
}

TEST(DebianOrder, RefusesWhatIsNotADebianVersion) {
  testing::ExpectInvalid(VersionScheme::kDebian,
                         {"", "a1.0", "1.0-", "x:1.0", "1.0 beta", "1:", ":1.0", "1.0-a_b", "1.0_1",
                          std::string(300, '1')});
}

TEST(DebianOrder, IsATotalOrder) {
  testing::ExpectTotalOrder(
      VersionScheme::kDebian,
      testing::Pieces({{"", "1:", "0:"},
                       {"1", "1.0", "1.00", "2", "10"},
                       {"", "~", "~rc1", "~~", "a", "+b", ".1", "+dfsg"},
                       {"", "-1", "-0", "-1+b1", "-1.1", "-1~bpo1", "-2ubuntu1"}}));
}

}  // namespace
}  // namespace hoshitori::sbom
