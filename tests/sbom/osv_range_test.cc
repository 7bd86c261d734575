// OSV range semantics (sbom/osv_range.h): the cases file tests/data/osv/range_cases.txt (the
// schema's own examples, limits, ties, unsorted events), the ecosystem order, what cannot be
// told, versions lists, withdrawn advisories and a property check against the schema's
// pseudocode.
#include "sbom/osv_range.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace hoshitori::sbom {
namespace {

// Dotted numeric versions ("1.0.2"); missing parts count as 0, so "1.0" equals "1.0.0".
// Anything else is rejected, as a real scheme rejects what is not one of its versions.
Result<int> DottedOrder(std::string_view a, std::string_view b) {
  auto parts = [](std::string_view text, std::vector<long>* out) {
    if (text.empty()) return false;
    size_t at = 0;
    while (true) {
      const size_t dot = text.find('.', at);
      const std::string_view part = text.substr(at, dot == std::string_view::npos ? dot : dot - at);
      if (part.empty() || part.size() > 9 ||
          !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
      }
      out->push_back(std::stol(std::string(part)));
      if (dot == std::string_view::npos) return true;
      at = dot + 1;
    }
  };
  std::vector<long> x, y;
  if (!parts(a, &x)) return MakeError(ErrorKind::kInvalid, "bad version", "not dotted numbers");
  if (!parts(b, &y)) return MakeError(ErrorKind::kInvalid, "bad version", "not dotted numbers");
  const size_t n = std::max(x.size(), y.size());
  x.resize(n, 0);
  y.resize(n, 0);
  return x < y ? -1 : (x == y ? 0 : 1);
}

const RangeOrders kOrders{DottedOrder, DottedOrder};

// "i:1.0 f:1.2 la:3 l:*" -> events, in the written order.
std::vector<RangeEvent> Events(const std::string& spec) {
  std::vector<RangeEvent> events;
  std::istringstream words(spec);
  std::string word;
  while (words >> word) {
    const size_t colon = word.find(':');
    const std::string kind = word.substr(0, colon);
    RangeEvent event;
    event.version = word.substr(colon + 1);
    if (kind == "i") event.kind = EventKind::kIntroduced;
    if (kind == "f") event.kind = EventKind::kFixed;
    if (kind == "la") event.kind = EventKind::kLastAffected;
    if (kind == "l") event.kind = EventKind::kLimit;
    events.push_back(event);
  }
  return events;
}

AffectedRange Range(const std::string& spec, RangeType type = RangeType::kSemver) {
  AffectedRange range;
  range.type = type;
  range.type_name = std::string(RangeTypeName(type));
  range.events = Events(spec);
  return range;
}

std::string Short(const std::optional<RangeEvent>& event) {
  if (!event) return "-";
  static const char* const kShort[] = {"i", "f", "la", "l"};
  return std::string(kShort[static_cast<int>(event->kind)]) + ":" + event->version;
}

// Runs tests/data/osv/range_cases.txt (its header explains the format): the schema's
// examples, unsorted events, limits, ties, and what the order rejects.
TEST(OsvRange, CasesFile) {
  const std::string file = std::string(HOSHITORI_SOURCE_DIR) + "/tests/data/osv/range_cases.txt";
  std::ifstream in(file);
  ASSERT_TRUE(in.is_open()) << file;
  std::string line;
  int number = 0;
  int cases = 0;
  std::optional<AffectedRange> range;
  std::string range_text;
  while (std::getline(in, line)) {
    ++number;
    SCOPED_TRACE("range_cases.txt:" + std::to_string(number) + ": " + line);
    std::istringstream words(line);
    std::string first;
    if (!(words >> first) || first[0] == '#') continue;
    if (first == "range") {
      std::getline(words, range_text);
      range = Range(range_text);
      EXPECT_FALSE(range->events.empty()) << "a range needs events";
      continue;
    }
    ASSERT_TRUE(range.has_value()) << "a case before the first range line";
    std::string verdict, opened = "-", closed = "-", extra;
    words >> verdict >> opened >> closed;
    ASSERT_FALSE(words >> extra) << "unexpected text after the closing event";
    ASSERT_TRUE(verdict == "affected" || verdict == "not-affected" || verdict == "cannot-tell")
        << "unknown verdict '" << verdict << "'";
    const RangeMatch match = EvaluateRange(*range, first, kOrders);
    std::string got(VerdictName(match.verdict));
    std::replace(got.begin(), got.end(), ' ', '-');
    EXPECT_EQ(got, verdict) << match.reason;
    EXPECT_FALSE(match.reason.empty());
    if (verdict != "cannot-tell") {
      EXPECT_EQ(Short(match.opened), opened) << match.reason;
      EXPECT_EQ(Short(match.closed), closed) << match.reason;
    }
    ++cases;
  }
  EXPECT_GE(cases, 50) << "the cases file was cut short";
}

TEST(OsvRange, EcosystemRangesUseTheEcosystemOrder) {
  const RangeOrders reversed{DottedOrder, [](std::string_view a, std::string_view b) {
                               Result<int> order = DottedOrder(b, a);
                               return order;
                             }};
  const AffectedRange range = Range("i:2 f:1", RangeType::kEcosystem);
  EXPECT_EQ(EvaluateRange(range, "1.5", reversed).verdict, Verdict::kAffected);
  EXPECT_EQ(EvaluateRange(range, "1.5", kOrders).verdict, Verdict::kNotAffected);
  // A SEMVER range ignores the ecosystem's order.
  EXPECT_EQ(EvaluateRange(Range("i:1 f:2"), "1.5", reversed).verdict, Verdict::kAffected);
}

TEST(OsvRange, WhatCannotBeToldSaysWhy) {
  struct Case {
    AffectedRange range;
    const char* version;
    RangeOrders orders;
    const char* reason_has;
  };
  AffectedRange git = Range("i:abc123 f:def456", RangeType::kGit);
  git.repo = "https://example.org/repo";
  AffectedRange other = Range("i:1", RangeType::kOther);
  other.type_name = "CALVER";
  const std::vector<Case> cases = {
      {git, "abc123", kOrders, "GIT ranges need the repository's commit graph"},
      {other, "1", kOrders, "range type 'CALVER' is not defined"},
      {Range("i:1 f:2", RangeType::kEcosystem),
       "1.5",
       {DottedOrder, nullptr},
       "no version order known for this ecosystem"},
      {Range("i:1 f:2"), "1.5", {nullptr, DottedOrder}, "no SemVer order given"},
      {Range("i:1 f:2"), "1.x", kOrders, "rejects '1.x'"},
      {Range("i:0"), "latest", kOrders, "rejects 'latest'"},
      {Range("i:1 f:2.x"), "1.5", kOrders, "rejects '2.x'"},
      {Range("i:1 l:2.x"), "1.5", kOrders, "rejects '2.x'"},
      {Range("i:1.x f:3"), "2", kOrders, "rejects '1.x'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.reason_has);
    const RangeMatch match = EvaluateRange(c.range, c.version, c.orders);
    EXPECT_EQ(match.verdict, Verdict::kCannotTell) << match.reason;
    EXPECT_NE(match.reason.find(c.reason_has), std::string::npos) << match.reason;
  }
  // A limit that decides alone spares the undecidable one.
  EXPECT_EQ(EvaluateRange(Range("i:1 l:5 l:2.x"), "1.5", kOrders).verdict, Verdict::kAffected);
}

AffectedPackage Entry(const std::string& name, std::vector<AffectedRange> ranges,
                      std::vector<std::string> versions = {}) {
  AffectedPackage entry;
  entry.package = {"PyPI", name, "pkg:pypi/" + name};
  entry.ranges = std::move(ranges);
  entry.versions = std::move(versions);
  return entry;
}

TEST(OsvRange, AffectedEntryCombinesVersionsAndRanges) {
  const AffectedPackage listed =
      Entry("a", {Range("i:0 f:1.0", RangeType::kEcosystem)}, {"0.8", "0.9", "1.7-legacy"});
  RangeMatch match = EvaluateAffected(listed, "0.9", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kAffected);
  EXPECT_EQ(match.version_index, 1);
  EXPECT_EQ(match.range_index, -1);
  // Listed text matches even where the order rejects it.
  match = EvaluateAffected(listed, "1.7-legacy", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kAffected);
  EXPECT_EQ(match.version_index, 2);
  // Not listed, but inside the range.
  match = EvaluateAffected(listed, "0.9.5", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kAffected);
  EXPECT_EQ(match.range_index, 0);
  EXPECT_EQ(Short(match.opened), "i:0");

  // Several ranges: any one suffices; the index says which.
  const AffectedPackage two = Entry("b", {Range("i:1 f:2"), Range("i:5 f:6")});
  match = EvaluateAffected(two, "5.5", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kAffected);
  EXPECT_EQ(match.range_index, 1);
  match = EvaluateAffected(two, "3", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kNotAffected);
  EXPECT_EQ(match.reason, "outside all 2 ranges");

  // GIT ranges beside a versions list: the list stands in for them.
  AffectedRange git = Range("i:abc f:def", RangeType::kGit);
  const AffectedPackage with_git =
      Entry("c", {Range("i:0 f:1.0", RangeType::kEcosystem), git}, {"0.9"});
  match = EvaluateAffected(with_git, "1.2", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kNotAffected);
  EXPECT_NE(match.reason.find("not in the versions list nor in any evaluated range"),
            std::string::npos);
  EXPECT_NE(match.reason.find("range 1: GIT ranges need"), std::string::npos) << match.reason;
  // Without a list they cannot be told.
  match = EvaluateAffected(Entry("d", {Range("i:0 f:1.0", RangeType::kEcosystem), git}), "1.2",
                           kOrders);
  EXPECT_EQ(match.verdict, Verdict::kCannotTell);
  EXPECT_EQ(match.range_index, 1);
  // An unknown ecosystem answers from the list alone.
  match = EvaluateAffected(listed, "1.5", {DottedOrder, nullptr});
  EXPECT_EQ(match.verdict, Verdict::kNotAffected);
  EXPECT_NE(match.reason.find("no version order known"), std::string::npos);
  match = EvaluateAffected(listed, "0.8", {DottedOrder, nullptr});
  EXPECT_EQ(match.verdict, Verdict::kAffected);

  EXPECT_EQ(EvaluateAffected(Entry("e", {}), "1", kOrders).verdict, Verdict::kNotAffected);
  EXPECT_EQ(EvaluateAffected(Entry("f", {}, {"1.0"}), "1", kOrders).verdict,
            Verdict::kNotAffected);  // versions compare as text, as the schema says
  EXPECT_EQ(EvaluateAffected(Entry("g", {Range("i:1 f:2")}), "2", kOrders).reason,
            "fixed in 2 (SEMVER)");
}

TEST(OsvRange, AdvisoriesWithdrawnOrAboutOtherPackages) {
  Advisory advisory;
  advisory.id = "PYSEC-0000-1";
  advisory.affected = {Entry("other", {Range("i:0")}), Entry("mine", {Range("i:1 f:2")}),
                       Entry("mine", {Range("i:3 f:4")})};
  const auto mine = [](const AffectedPackage& entry) { return entry.package.name == "mine"; };
  RangeMatch match = EvaluateAdvisory(advisory, mine, "3.5", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kAffected);
  EXPECT_EQ(match.affected_index, 2);
  EXPECT_EQ(match.range_index, 0);
  EXPECT_EQ(match.reason, "introduced 3, fixed 4 (SEMVER)");
  match = EvaluateAdvisory(advisory, mine, "2.5", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kNotAffected);
  EXPECT_EQ(match.affected_index, 1);
  match = EvaluateAdvisory(advisory, mine, "1.x", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kCannotTell);
  const auto nobody = [](const AffectedPackage&) { return false; };
  EXPECT_EQ(EvaluateAdvisory(advisory, nobody, "1", kOrders).reason,
            "the advisory does not name this package");

  advisory.withdrawn = ParseOsvTimestamp("2024-05-01T10:00:00Z").value();
  match = EvaluateAdvisory(advisory, mine, "3.5", kOrders);
  EXPECT_EQ(match.verdict, Verdict::kNotAffected);
  EXPECT_EQ(match.reason, "withdrawn on 2024-05-01T10:00:00Z");
}

// The schema's IncludedInRanges, written out literally: sort the events (introduced first at
// one version), walk them, limits first. Versions are small integers.
bool PseudocodeAffected(std::vector<std::pair<EventKind, int>> events, int v) {
  bool has_limit = false, before_limit = false;
  for (const auto& [kind, at] : events) {
    if (kind != EventKind::kLimit) continue;
    has_limit = true;
    before_limit = before_limit || v < at;
  }
  if (has_limit && !before_limit) return false;
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second < b.second;
    return (a.first == EventKind::kIntroduced) > (b.first == EventKind::kIntroduced);
  });
  bool vulnerable = false;
  for (const auto& [kind, at] : events) {
    if (kind == EventKind::kIntroduced && v >= at) {
      vulnerable = true;
    } else if (kind == EventKind::kFixed && v >= at) {
      vulnerable = false;
    } else if (kind == EventKind::kLastAffected && v > at) {
      vulnerable = false;
    }
  }
  return vulnerable;
}

TEST(OsvRange, AgreesWithTheSchemaPseudocode) {
  const bool ok = rc::check("EvaluateRange == IncludedInRanges", [] {
    const int count = *rc::gen::inRange(1, 9);
    const bool use_last_affected = *rc::gen::arbitrary<bool>();
    std::vector<std::pair<EventKind, int>> events;
    AffectedRange range;
    range.type = RangeType::kSemver;
    for (int i = 0; i < count; ++i) {
      int pick = *rc::gen::inRange(0, 10);
      EventKind kind = pick < 4 ? EventKind::kIntroduced
                       : pick < 8
                           ? (use_last_affected ? EventKind::kLastAffected : EventKind::kFixed)
                       : pick < 9 ? EventKind::kLimit
                                  : EventKind::kIntroduced;
      const int at = *rc::gen::inRange(1, 12);
      events.emplace_back(kind, at);
      range.events.push_back({kind, std::to_string(at)});
    }
    for (int v = 0; v <= 13; ++v) {
      const RangeMatch match = EvaluateRange(range, std::to_string(v), kOrders);
      RC_ASSERT(match.verdict != Verdict::kCannotTell);
      RC_ASSERT((match.verdict == Verdict::kAffected) == PseudocodeAffected(events, v));
    }
  });
  EXPECT_TRUE(ok);
}

TEST(OsvTimestamp, ParsesRfc3339AndFormatsBack) {
  struct Case {
    const char* text;
    const char* formatted;
  };
  const Case cases[] = {
      {"2023-06-12T18:45:41Z", "2023-06-12T18:45:41Z"},
      {"2021-07-15T02:22:00.000000Z", "2021-07-15T02:22:00Z"},
      {"2024-11-21T14:22:30.409829Z", "2024-11-21T14:22:30.409829Z"},
      {"2024-11-21T14:22:30.4Z", "2024-11-21T14:22:30.400000Z"},
      {"2024-11-21T14:22:30.1234567Z", "2024-11-21T14:22:30.123456Z"},
      {"2024-01-01T09:00:00+09:00", "2024-01-01T00:00:00Z"},
      {"2023-12-31t23:30:00-01:00", "2024-01-01T00:30:00Z"},
      {"2024-02-29 12:00:00z", "2024-02-29T12:00:00Z"},
      {"1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500000Z"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Timestamp> time = ParseOsvTimestamp(c.text);
    ASSERT_TRUE(time.ok()) << time.error().message;
    EXPECT_EQ(FormatOsvTimestamp(*time), c.formatted);
    EXPECT_EQ(ParseOsvTimestamp(FormatOsvTimestamp(*time)).value(), *time);
  }
  for (const char* bad :
       {"", "2023-06-12", "2023-06-12T18:45:41", "2023-02-30T00:00:00Z", "2023-06-12T24:00:00Z",
        "2023-06-12T18:45:41.Z", "2023-06-12T18:45Z", "2023-06-12T18:45:41+0900",
        "2023-06-12T18:45:41Zjunk", "２０２３-06-12T18:45:41Z"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseOsvTimestamp(bad).ok());
  }
}

}  // namespace
}  // namespace hoshitori::sbom
