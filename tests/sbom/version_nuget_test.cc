// NuGet versions: SemVer 2.0 precedence with up to four numbers and case-insensitive labels.
#include "sbom/version_nuget.h"

#include "version_test_support.h"

namespace hoshitori::sbom {
namespace {

TEST(NuGetOrder, FollowsNuGetPrecedence) {
  testing::ExpectAscending(VersionScheme::kNuGet,
                           {{"1.0.0-alpha", "1.0.0-ALPHA", "1.0-Alpha"},
                            {"1.0.0-alpha.1"},
                            {"1.0.0-alpha.beta"},
                            {"1.0.0-beta"},
                            {"1.0.0-beta.2"},
                            {"1.0.0-beta.11"},
                            {"1.0.0-rc.1"},
                            {"1.0.0", "1.0", "1", "1.0.0.0", "1.0.0+metadata", "01.0", "1.00.0"},
                            {"1.0.0.1-beta"},
                            {"1.0.0.1"},
                            {"1.0.1"},
                            {"1.1"},
                            {"1.10"},
                            {"2.0.0.0-beta"},
                            {"2.0"},
                            {"99999999999999999999"}});
}

TEST(NuGetOrder, RefusesWhatIsNotANuGetVersion) {
  testing::ExpectInvalid(VersionScheme::kNuGet, {"", "1.0.0.0.0", "v1.0", "1.0-", "1.a", "1..0",
                                                 "1.0+", "1.0-a..b", std::string(300, '1')});
}

TEST(NuGetOrder, IsATotalOrder) {
  testing::ExpectTotalOrder(
      VersionScheme::kNuGet,
      testing::Pieces({{"0", "1", "1.0", "2"},
                       {"", ".1", ".0.1"},
                       {"", "-alpha", "-ALPHA.1", "-beta.2", "-rc.1", "-1", "-Beta"},
                       {"", "+meta"}}));
}

}  // namespace
}  // namespace hoshitori::sbom
