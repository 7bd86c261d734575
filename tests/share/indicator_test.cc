// Indicators: kinds found from their shape, normal forms, defanged writing, and refusals.
#include "share/indicator.h"

#include <gtest/gtest.h>

namespace hoshitori::share {
namespace {

Indicator Parsed(const std::string& text) {
  auto indicator = ParseIndicator(text);
  EXPECT_TRUE(indicator.ok()) << text << ": " << indicator.error().message;
  return indicator.ok() ? *indicator : Indicator{};
}

constexpr const char* kSha256Text =
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

TEST(Indicator, NormalFormsOfEveryKind) {
  struct Case {
    const char* text;
    IndicatorKind kind;
    const char* value;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"192.0.2.1", IndicatorKind::kIp, "192.0.2.1"},
           {"192.0.2.77/24", IndicatorKind::kIp, "192.0.2.0/24"},
           {"2001:DB8:0:0::1", IndicatorKind::kIp, "2001:db8::1"},
           {"::ffff:198.51.100.7", IndicatorKind::kIp, "198.51.100.7"},
           {"2001:db8:abcd:12::/48", IndicatorKind::kIp, "2001:db8:abcd::/48"},
           {"Evil-C2.Example.", IndicatorKind::kDomain, "evil-c2.example"},
           {"例え.テスト", IndicatorKind::kDomain, "xn--r8jz45g.xn--zckzah"},
           {"HTTPS://Evil.Example:443/a/B?x=1#f", IndicatorKind::kUrl,
            "https://evil.example/a/B?x=1#f"},
           {"http://[2001:db8::1]:8080", IndicatorKind::kUrl, "http://[2001:db8::1]:8080/"},
           {"hxxp://evil[.]example/x", IndicatorKind::kUrl, "http://evil.example/x"},
           {"hXxPs://evil.example", IndicatorKind::kUrl, "https://evil.example/"},
           {"Alice.B@Mail.Example", IndicatorKind::kEmail, "Alice.B@mail.example"},
           {"a[@]b[.]example", IndicatorKind::kEmail, "a@b.example"},
           {"D41D8CD98F00B204E9800998ECF8427E", IndicatorKind::kMd5,
            "d41d8cd98f00b204e9800998ecf8427e"},
           {"2fd4e1c67a2d28fced849ee1bb76e7391b93eb12", IndicatorKind::kSha1,
            "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"},
           {kSha256Text, IndicatorKind::kSha256, kSha256Text},
           {"cve-2024-3400", IndicatorKind::kCve, "CVE-2024-3400"},
           {"CVE-2021-1234567", IndicatorKind::kCve, "CVE-2021-1234567"},
           {"t1059.001", IndicatorKind::kAttackTechnique, "T1059.001"},
           {" T1566 ", IndicatorKind::kAttackTechnique, "T1566"},
       }) {
    Indicator indicator = Parsed(c.text);
    EXPECT_EQ(indicator.kind, c.kind) << c.text;
    EXPECT_EQ(indicator.value, c.value) << c.text;
  }
}

TEST(Indicator, HostsAndRangesForMatching) {
  Indicator url = Parsed("https://portal.victim.example/login");
  EXPECT_EQ(url.host, "portal.victim.example");
  EXPECT_FALSE(url.has_range);
  Indicator email = Parsed("x@Victim.Example");
  EXPECT_EQ(email.host, "victim.example");
  Indicator range = Parsed("203.0.113.0/25");
  Indicator address = Parsed("203.0.113.77");
  EXPECT_TRUE(range.range.Contains(address.range));
  EXPECT_FALSE(address.range.Contains(range.range));
  EXPECT_FALSE(Parsed("203.0.113.128").range.Contains(Parsed("203.0.113.0/25").range));
  EXPECT_TRUE(IsSameOrSubdomain("a.b.example", "b.example"));
  EXPECT_FALSE(IsSameOrSubdomain("ab.example", "b.example"));
}

TEST(Indicator, RefusesWhatIsNotAnIndicator) {
  for (const char* text :
       {"", "fs01", "not an indicator", "300.1.2.3", "192.0.2.1/33", "2001:db8::1/129", "CVE-24-1",
        "CVE-2024-12", "http:///x", "http://evil.example:99999/", "a@", "@b.example", "1.2.3",
        "-bad-.example", "example.123"}) {
    auto indicator = ParseIndicator(text);
    EXPECT_FALSE(indicator.ok()) << text << " parsed as "
                                 << (indicator.ok() ? indicator->value : "");
    if (!indicator.ok()) {
      EXPECT_EQ(indicator.error().kind, ErrorKind::kInvalid);
    }
  }
  auto too_long = ParseIndicator(std::string(kMaxIndicatorLength + 1, 'a'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_LT(too_long.error().message.size(), 200u);
}

}  // namespace
}  // namespace hoshitori::share
