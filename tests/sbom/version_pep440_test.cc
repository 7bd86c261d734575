// PEP 440 versions: the ordering example of the specification (and of Python's
// `packaging`), the permitted spellings, and normalisation.
#include "sbom/version_pep440.h"

#include "version_test_support.h"

namespace hoshitori::sbom {
namespace {

TEST(Pep440Order, FollowsTheSpecification) {
  testing::ExpectAscending(VersionScheme::kPep440,
                           {{"0.9"},
                            {"1.0.dev456", "1.0.dev456"},
                            {"1.0.dev457"},
                            {"1.0a1", "1.0alpha1", "1.0-a-1", "1.0.a.1", "1.0A1", "1.0_alpha_1"},
                            {"1.0a2.dev456"},
                            {"1.0a12.dev456"},
                            {"1.0a12"},
                            {"1.0b1.dev456"},
                            {"1.0b2"},
                            {"1.0b2.post345.dev456"},
                            {"1.0b2.post345"},
                            {"1.0rc1.dev456"},
                            {"1.0rc1", "1.0c1", "1.0pre1", "1.0preview1", "1.0-rc1"},
                            {"1.0", "1.0.0", "v1.0", "1.0.0.0", " 1.0 ", "01.00"},
                            {"1.0+abc.5"},
                            {"1.0+abc.7"},
                            {"1.0+5"},
                            {"1.0.post456.dev34"},
                            {"1.0.post456", "1.0-456", "1.0r456", "1.0rev456", "1.0_post_456"},
                            {"1.0.15"},
                            {"1.1.dev1"},
                            {"1.1"},
                            {"1!0.1"},
                            {"2!0.0.dev0"}});
}

TEST(Pep440Order, ImplicitNumbersAndLocalLabels) {
  testing::ExpectAscending(VersionScheme::kPep440,
                           {{"1.0a", "1.0a0", "1.0.alpha", "1.0a.", "1.0a_"},
                            {"1.0b", "1.0b0"},
                            {"1.0"},
                            {"1.0+ubuntu-1", "1.0+ubuntu.1", "1.0+Ubuntu_1"},
                            {"1.0+ubuntu.1.1"},
                            {"1.0.post", "1.0.post0", "1.0-post"},
                            {"1.0.post1.dev", "1.0.post1.dev0"}});
}

TEST(Pep440Order, NormalisesSpellings) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1.0-ALPHA1", "1.0a1"},   {"v1.0", "1.0"},
      {"1.0-1", "1.0.post1"},    {"01.02", "1.2"},
      {"1.0c1", "1.0rc1"},       {" 1.0 ", "1.0"},
      {"1.0.DEV", "1.0.dev0"},   {"1.0-r4_dev3", "1.0.post4.dev3"},
      {"0!1.0", "1.0"},          {"1!2.0.post1.dev2+Local-7", "1!2.0.post1.dev2+local.7"},
      {"1.0preview2", "1.0rc2"}, {"1.0b", "1.0b0"}};
  for (const auto& [spelling, normal] : cases) {
    auto version = ParsePep440Version(spelling);
    ASSERT_TRUE(version) << version.error().message;
    EXPECT_EQ(NormalizedPep440(*version), normal) << spelling;
  }
}

TEST(Pep440Order, RefusesWhatIsNotPep440) {
  testing::ExpectInvalid(
      VersionScheme::kPep440,
      {"", "french toast", "1.0+", "1.0+.a", "1.0+a..b", "1.0-foo", "1.0..1", "1.0post1x", "1!",
       "!1.0", "1.0.", "1.0a1b1", "1.0.dev1.post1", "-1.0", std::string(300, '1')});
}

TEST(Pep440Order, IsATotalOrder) {
  testing::ExpectTotalOrder(VersionScheme::kPep440,
                            testing::Pieces({{"", "", "1!"},
                                             {"0", "1", "1.0", "1.0.0", "2"},
                                             {"", "a0", "a1", "b1", "rc1", "rc2"},
                                             {"", ".post1", ".post2"},
                                             {"", ".dev0", ".dev1"},
                                             {"", "+1", "+a", "+a.1", "+1.a"}}));
}

}  // namespace
}  // namespace hoshitori::sbom
