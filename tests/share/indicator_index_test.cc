// The indicator index: registered domains through the public suffix list, correlation by
// exact value, CIDR containment both ways and registered domain, TLP filtering, and the
// index against a plain scan of every indicator over generated data.
#include "share/indicator_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>

namespace hoshitori::share {
namespace {

Indicator Parsed(const std::string& text) {
  auto indicator = ParseIndicator(text);
  EXPECT_TRUE(indicator.ok()) << text;
  return *indicator;
}

PublicSuffixList SmallList() {
  auto list = PublicSuffixList::Parse(
      "// comment\n\njp\nco.jp\n*.kawasaki.jp\n!city.kawasaki.jp\ncom\nblogspot.com extra words\n"
      "テスト\n");
  EXPECT_TRUE(list.ok());
  return *list;
}

TEST(PublicSuffix, RegisteredDomainWithNormalWildcardAndExceptionRules) {
  PublicSuffixList list = SmallList();
  EXPECT_EQ(list.RegisteredDomain("a.b.example.co.jp"), "example.co.jp");
  EXPECT_EQ(list.RegisteredDomain("example.co.jp"), "example.co.jp");
  EXPECT_EQ(list.RegisteredDomain("co.jp"), "");
  EXPECT_EQ(list.RegisteredDomain("www.foo.kawasaki.jp"), "www.foo.kawasaki.jp");
  EXPECT_EQ(list.RegisteredDomain("foo.kawasaki.jp"), "");
  EXPECT_EQ(list.RegisteredDomain("a.city.kawasaki.jp"), "city.kawasaki.jp");
  EXPECT_EQ(list.RegisteredDomain("x.me.blogspot.com"), "me.blogspot.com");
  EXPECT_EQ(list.RegisteredDomain("deep.evil.example"), "evil.example");  // implicit "*"
  EXPECT_EQ(list.RegisteredDomain("a.xn--zckzah"), "a.xn--zckzah");
  EXPECT_FALSE(PublicSuffixList::Parse("bad..rule\n").ok());
}

TEST(PublicSuffix, DebiansListWhenInstalled) {
  if (!std::filesystem::exists(kDebianPublicSuffixList)) {
    GTEST_SKIP() << kDebianPublicSuffixList << " is absent (Debian package publicsuffix)";
  }
  auto list = PublicSuffixList::Load(kDebianPublicSuffixList);
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_GT(list->size(), 5000u);
  EXPECT_EQ(list->RegisteredDomain("mail.example.co.jp"), "example.co.jp");
  EXPECT_EQ(list->RegisteredDomain("www.city.kawasaki.jp"), "city.kawasaki.jp");
  EXPECT_EQ(list->RegisteredDomain("evil.github.io"), "evil.github.io");
  EXPECT_EQ(list->RegisteredDomain("a.b.example.com"), "example.com");
}

SharedObject Clear(OrgId owner) {
  return SharedObject{Audience{Tlp::kClear, owner, 1, 0, {}, {}}, {}};
}
SharedObject Red(OrgId owner, PersonId author) {
  return SharedObject{Audience{Tlp::kRed, owner, author, 0, {}, {}}, {}};
}

TEST(IndicatorIndex, ExactRangesAndRegisteredDomains) {
  PublicSuffixList list = SmallList();
  IndicatorIndex index(&list);
  index.PutObject(0, Clear(1));
  IndicatorId range = index.Add(Parsed("198.51.100.0/24"), 0);
  IndicatorId address = index.Add(Parsed("203.0.113.9"), 0);
  IndicatorId domain = index.Add(Parsed("c2.evil.co.jp"), 0);
  IndicatorId url = index.Add(Parsed("https://dl.evil.co.jp/x"), 0);
  IndicatorId hash = index.Add(Parsed("d41d8cd98f00b204e9800998ecf8427e"), 0);
  Reader anyone{9, 91, {}, {}};
  auto kinds = [&](const std::string& text) {
    std::vector<std::pair<IndicatorId, MatchKind>> found;
    for (const IndicatorMatch& m : index.Correlate(Parsed(text), anyone)) {
      found.emplace_back(m.indicator, m.kind);
    }
    return found;
  };
  using P = std::pair<IndicatorId, MatchKind>;
  EXPECT_EQ(kinds("198.51.100.7"), (std::vector<P>{{range, MatchKind::kRangeContains}}));
  EXPECT_EQ(kinds("203.0.113.0/24"), (std::vector<P>{{address, MatchKind::kWithinRange}}));
  EXPECT_EQ(kinds("203.0.113.9"), (std::vector<P>{{address, MatchKind::kExact}}));
  EXPECT_EQ(kinds("C2.EVIL.co.jp"),
            (std::vector<P>{{domain, MatchKind::kExact}, {url, MatchKind::kSameRegisteredDomain}}));
  EXPECT_EQ(kinds("x@evil.co.jp"), (std::vector<P>{{url, MatchKind::kSameRegisteredDomain},
                                                   {domain, MatchKind::kSameRegisteredDomain}}));
  EXPECT_EQ(kinds("D41D8CD98F00B204E9800998ECF8427E"), (std::vector<P>{{hash, MatchKind::kExact}}));
  EXPECT_TRUE(kinds("other.co.jp").empty());
  EXPECT_TRUE(kinds("198.51.101.1").empty());
}

TEST(IndicatorIndex, NobodyLearnsThatAnUnreadableIndicatorExists) {
  IndicatorIndex index(nullptr);
  index.PutObject(0, Red(1, 11));
  index.PutObject(1, Clear(2));
  index.Add(Parsed("evil.example"), 0);
  Reader outsider{3, 31, {}, {}};
  Reader author{1, 11, {}, {}};
  EXPECT_TRUE(index.Correlate(Parsed("evil.example"), outsider).empty());
  EXPECT_EQ(index.Correlate(Parsed("evil.example"), author).size(), 1u);
  index.Add(Parsed("evil.example"), 1);
  auto seen = index.Correlate(Parsed("evil.example"), outsider);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].object, 1u);
  // A marking made stricter applies at once.
  index.PutObject(1, Red(2, 21));
  EXPECT_TRUE(index.Correlate(Parsed("evil.example"), outsider).empty());
}

// The edges of the range structures: the whole space (/0 of IPv4 and of IPv6), single
// addresses (/32, /128), ranges spanning several buckets (/23 of IPv4 over two /24 buckets,
// /63 of IPv6 over two /64 buckets), a wide query walking buckets in address order, and an
// IPv6 query of the zero /64 longer than /64 (its addresses share the bucket "::/64", whose key
// lies before the query's first address).
TEST(IndicatorIndex, RangeEdges) {
  IndicatorIndex index(nullptr);
  index.PutObject(0, Clear(1));
  std::vector<std::string> texts = {
      "0.0.0.0/0",
      "::/0",
      "192.0.2.1",
      "192.0.2.0/32",
      "192.0.3.255",
      "198.51.100.0/23",
      "198.51.101.7",
      "2001:db8::/63",
      "2001:db8:0:1::9",
      "2001:db8::/128",
      "::1:0:0:5",
      "::1:0:0:0/80",
      "255.255.255.255",
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      "::",
  };
  std::vector<Indicator> all;
  for (const std::string& text : texts) {
    all.push_back(Parsed(text));
    index.Add(all.back(), 0);
  }
  Reader anyone{9, 91, {}, {}};
  std::vector<std::string> queries = texts;
  for (const char* more : {"192.0.2.0/23", "192.0.0.0/16", "128.0.0.0/1", "::/1", "8000::/1",
                           "2001:db8::/32", "2001:db8::/64", "::/80", "::1:0:0:0/96",
                           "198.51.100.0/24", "198.51.101.0/24", "0.0.0.0/8", "::ffff:0:0/96"}) {
    queries.push_back(more);
  }
  for (const std::string& text : queries) {
    Indicator query = Parsed(text);
    std::set<IndicatorId> expected;
    for (IndicatorId id = 0; id < all.size(); ++id) {
      if (query.range.Contains(all[id].range) || all[id].range.Contains(query.range)) {
        expected.insert(id);
      }
    }
    std::set<IndicatorId> got;
    for (const IndicatorMatch& match : index.Correlate(query, anyone, 100000)) {
      EXPECT_TRUE(got.insert(match.indicator).second) << text << " returned twice";
    }
    EXPECT_EQ(got, expected) << "query " << text;
  }
  // Spot checks that the oracle above is what it seems.
  auto count = [&](const char* text) { return index.Correlate(Parsed(text), anyone).size(); };
  EXPECT_EQ(count("192.0.2.0/23"), 5u);  // 0.0.0.0/0 and ::/0 hold it; .2.0, .2.1, .3.255 inside
  EXPECT_EQ(count("::1:0:0:0/80"), 3u);  // ::/0 holds it; ::1:0:0:5 and itself
}

// TLP verdicts are cached two bits per object, 32 objects to a word: objects on both sides of
// word boundaries, a marking made stricter and one made looser after the cache filled.
TEST(IndicatorIndex, VerdictsAcrossManyObjects) {
  IndicatorIndex index(nullptr);
  constexpr ObjectId kObjects = 100;
  for (ObjectId id = 0; id < kObjects; ++id) {
    index.PutObject(id, id % 3 == 0 ? Red(1, 11) : Clear(1));
    index.Add(Parsed("198.51.100.7"), id);
  }
  Reader outsider{3, 31, {}, {}};
  auto objects_seen = [&]() {
    std::set<ObjectId> seen;
    for (const IndicatorMatch& match : index.Correlate(Parsed("198.51.100.7"), outsider)) {
      seen.insert(match.object);
    }
    return seen;
  };
  std::set<ObjectId> expected;
  for (ObjectId id = 0; id < kObjects; ++id) {
    if (id % 3 != 0) expected.insert(id);
  }
  EXPECT_EQ(objects_seen(), expected);
  EXPECT_EQ(objects_seen(), expected);  // from the cache this time
  index.PutObject(31, Red(1, 11));
  index.PutObject(32, Red(1, 11));
  index.PutObject(96, Clear(1));
  expected.erase(31);
  expected.erase(32);
  expected.insert(96);
  EXPECT_EQ(objects_seen(), expected);
}

TEST(IndicatorIndex, AgreesWithAPlainScan) {
  std::mt19937_64 random(20261206);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<uint64_t>(n)); };
  auto make = [&]() {
    switch (pick(4)) {
      case 0:
        return Parsed("10." + std::to_string(pick(3)) + "." + std::to_string(pick(4)) + "." +
                      std::to_string(pick(8)) +
                      (pick(3) == 0 ? "/" + std::to_string(8 + pick(25)) : ""));
      case 1:
        return Parsed("2001:db8:" + std::to_string(pick(3)) + "::" + std::to_string(pick(5)) +
                      (pick(3) == 0 ? "/" + std::to_string(32 + pick(97)) : ""));
      case 2:
        return Parsed(std::string(pick(2) ? "a." : "") + "d" + std::to_string(pick(6)) +
                      ".example");
      default:
        return Parsed("https://h" + std::to_string(pick(3)) + ".d" + std::to_string(pick(6)) +
                      ".example/p" + std::to_string(pick(3)));
    }
  };
  IndicatorIndex index(nullptr);
  std::vector<Indicator> all;
  std::vector<ObjectId> owner_of;
  std::vector<SharedObject> objects;
  for (ObjectId id = 0; id < 20; ++id) {
    objects.push_back(pick(2) ? Clear(1) : Red(1 + pick(3), 100));
    index.PutObject(id, objects.back());
  }
  for (int i = 0; i < 2000; ++i) {
    all.push_back(make());
    owner_of.push_back(static_cast<ObjectId>(pick(20)));
    index.Add(all.back(), owner_of.back());
  }
  size_t compared = 0;
  for (int q = 0; q < 500; ++q) {
    Indicator query = make();
    Reader reader{1 + pick(3), 100, {}, {}};
    std::set<IndicatorId> expected;
    for (IndicatorId id = 0; id < all.size(); ++id) {
      const Indicator& other = all[id];
      bool related = other.kind == query.kind && other.value == query.value;
      if (other.has_range && query.has_range) {
        related = related || query.range.Contains(other.range) || other.range.Contains(query.range);
      }
      if (!other.host.empty() && !query.host.empty()) {
        related = related || RegisteredDomainOf(other.host, nullptr) ==
                                 RegisteredDomainOf(query.host, nullptr);
      }
      if (related && MayRead(reader, objects[owner_of[id]])) expected.insert(id);
    }
    std::set<IndicatorId> got;
    for (const IndicatorMatch& match : index.Correlate(query, reader, 100000)) {
      EXPECT_TRUE(got.insert(match.indicator).second) << "returned twice: " << match.indicator;
    }
    ASSERT_EQ(got, expected) << "query " << query.value;
    compared += expected.size();
  }
  EXPECT_GT(compared, 1000u);
}

}  // namespace
}  // namespace hoshitori::share
