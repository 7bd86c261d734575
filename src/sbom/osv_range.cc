#include "sbom/osv_range.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hoshitori::sbom {
namespace {

// Shown versions are cut so that a hostile advisory cannot make a reason megabytes long.
std::string Shown(std::string_view text) {
  constexpr size_t kMaxShown = 80;
  if (text.size() <= kMaxShown) return std::string(text);
  return std::string(text.substr(0, kMaxShown)) + "...";
}

std::string EventText(const RangeEvent& event) {
  return std::string(EventKindName(event.kind)) + " " + Shown(event.version);
}

RangeMatch Decided(Verdict verdict, std::string reason) {
  RangeMatch match;
  match.verdict = verdict;
  match.reason = std::move(reason);
  return match;
}

bool IsIntroducedZero(const RangeEvent& event) {
  return event.kind == EventKind::kIntroduced && event.version == "0";
}
bool IsInfiniteLimit(const RangeEvent& event) {
  return event.kind == EventKind::kLimit && event.version.find('*') != std::string::npos;
}

// At one version, introduced sorts first, so an interval [X, X) is empty.
int TieRank(EventKind kind) { return kind == EventKind::kIntroduced ? 0 : 1; }

// Compares event values and the queried version in one range's order, minding the special
// values. The latest failure is kept for the reason.
class RangeComparer {
 public:
  RangeComparer(const VersionOrder& order, std::string_view version)
      : order_(order), version_(version) {}

  // The version against an event's value: <0, 0, >0; nullopt when the order rejects one.
  std::optional<int> VersionAgainst(const RangeEvent& event) {
    if (IsIntroducedZero(event)) return 1;
    if (IsInfiniteLimit(event)) return -1;
    return Compare(version_, event.version);
  }

  // True when event a sorts before event b; nullopt when the order rejects one.
  std::optional<bool> Before(const RangeEvent& a, const RangeEvent& b) {
    const bool a_zero = IsIntroducedZero(a), b_zero = IsIntroducedZero(b);
    if (a_zero || b_zero) return a_zero && !b_zero;
    const bool a_infinite = IsInfiniteLimit(a), b_infinite = IsInfiniteLimit(b);
    if (a_infinite || b_infinite) return b_infinite && !a_infinite;
    const std::optional<int> order = Compare(a.version, b.version);
    if (!order) return std::nullopt;
    if (*order != 0) return *order < 0;
    return TieRank(a.kind) < TieRank(b.kind);
  }

  // Why the latest failed comparison failed, naming the version the order rejects.
  const std::string& failure() const { return failure_; }

 private:
  std::optional<int> Compare(std::string_view a, std::string_view b) {
    Result<int> order = order_(a, b);
    if (order.ok()) return *order;
    // Tell which side is at fault by trying each against itself.
    std::string_view rejected = a;
    if (order_(a, a).ok() && !order_(b, b).ok()) rejected = b;
    failure_ = "the version order rejects '" + Shown(rejected) + "'";
    if (!order.error().message.empty()) failure_ += ": " + order.error().message;
    return std::nullopt;
  }

  const VersionOrder& order_;
  std::string_view version_;
  std::string failure_;
};

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAffected:
      return "affected";
    case Verdict::kNotAffected:
      return "not affected";
    case Verdict::kCannotTell:
      break;
  }
  return "cannot tell";
}

RangeMatch EvaluateRange(const AffectedRange& range, std::string_view version,
                         const RangeOrders& orders) {
  const std::string type = "(" + std::string(RangeTypeName(range.type)) + ")";
  const VersionOrder* order = nullptr;
  switch (range.type) {
    case RangeType::kGit:
      return Decided(Verdict::kCannotTell,
                     "GIT ranges need the repository's commit graph; not evaluated");
    case RangeType::kOther:
      return Decided(Verdict::kCannotTell, "range type '" + Shown(range.type_name) +
                                               "' is not defined by the OSV schema");
    case RangeType::kSemver:
      if (!orders.semver) return Decided(Verdict::kCannotTell, "no SemVer order given " + type);
      order = &orders.semver;
      break;
    case RangeType::kEcosystem:
      if (!orders.ecosystem) {
        return Decided(Verdict::kCannotTell, "no version order known for this ecosystem " + type);
      }
      order = &orders.ecosystem;
      break;
  }
  // The version must belong to the scheme even where the special values spare comparisons
  // ({introduced: "0"} alone holds every version of the scheme, not any text).
  if (Result<int> self = (*order)(version, version); !self.ok()) {
    std::string reason = "the version order rejects '" + Shown(version) + "'";
    if (!self.error().message.empty()) reason += ": " + self.error().message;
    return Decided(Verdict::kCannotTell, reason + " " + type);
  }
  RangeComparer comparer(*order, version);
  auto undecided = [&comparer, &type] {
    return Decided(Verdict::kCannotTell, comparer.failure() + " " + type);
  };

  // Limits first: at or above every limit, the range does not hold the version. Their
  // comparisons are kept for finding the end of the interval below.
  std::vector<std::optional<int>> limit_against(range.events.size());
  bool has_limit = false;
  bool below_a_limit = false;
  bool limit_unknown = false;
  const RangeEvent* first_limit = nullptr;
  for (size_t i = 0; i < range.events.size(); ++i) {
    const RangeEvent& event = range.events[i];
    if (event.kind != EventKind::kLimit) continue;
    has_limit = true;
    if (first_limit == nullptr) first_limit = &event;
    limit_against[i] = comparer.VersionAgainst(event);
    if (!limit_against[i]) {
      limit_unknown = true;
    } else if (*limit_against[i] < 0) {
      below_a_limit = true;
    }
  }
  if (has_limit && !below_a_limit) {
    if (limit_unknown) return undecided();
    RangeMatch match = Decided(Verdict::kNotAffected, "not below any limit " + type);
    match.closed = *first_limit;
    return match;
  }

  // The last event at or below the version (in the sort order) decides; the first closing
  // event above it ends the interval that holds it (shown, not needed for the verdict).
  const RangeEvent* last_applying = nullptr;
  const RangeEvent* next_closing = nullptr;
  for (size_t i = 0; i < range.events.size(); ++i) {
    const RangeEvent& event = range.events[i];
    if (event.kind == EventKind::kLimit) {
      // A limit the order rejects, or infinity, is no end to show.
      if (!limit_against[i] || *limit_against[i] >= 0 || IsInfiniteLimit(event)) continue;
    }
    const std::optional<int> against =
        event.kind == EventKind::kLimit ? limit_against[i] : comparer.VersionAgainst(event);
    if (!against) return undecided();
    bool applies = false;
    switch (event.kind) {
      case EventKind::kIntroduced:
      case EventKind::kFixed:
        applies = *against >= 0;
        break;
      case EventKind::kLastAffected:
        applies = *against > 0;
        break;
      case EventKind::kLimit:
        applies = false;
        break;
    }
    if (applies) {
      if (last_applying == nullptr) {
        last_applying = &event;
      } else {
        const std::optional<bool> later = comparer.Before(*last_applying, event);
        if (!later) return undecided();
        if (*later) last_applying = &event;
      }
    } else if (event.kind != EventKind::kIntroduced) {
      // Above the version: fixed, last_affected, and (kept above) limits it is below.
      if (next_closing == nullptr) {
        next_closing = &event;
      } else {
        const std::optional<bool> earlier = comparer.Before(event, *next_closing);
        if (!earlier) return undecided();
        if (*earlier) next_closing = &event;
      }
    }
  }
  if (last_applying == nullptr) {
    return Decided(Verdict::kNotAffected, "earlier than every introduced version " + type);
  }
  if (last_applying->kind != EventKind::kIntroduced) {
    RangeMatch match =
        Decided(Verdict::kNotAffected,
                (last_applying->kind == EventKind::kFixed ? "fixed in " : "after last_affected ") +
                    Shown(last_applying->version) + " " + type);
    match.closed = *last_applying;
    return match;
  }
  // Affected: the nearest closing event above the version ends the interval holding it.
  std::string reason = EventText(*last_applying);
  reason += next_closing != nullptr ? ", " + EventText(*next_closing) : ", no fix";
  RangeMatch match = Decided(Verdict::kAffected, reason + " " + type);
  match.opened = *last_applying;
  if (next_closing != nullptr) match.closed = *next_closing;
  return match;
}

RangeMatch EvaluateAffected(const AffectedPackage& entry, std::string_view version,
                            const RangeOrders& orders) {
  for (size_t i = 0; i < entry.versions.size(); ++i) {
    if (entry.versions[i] == version) {
      RangeMatch match = Decided(Verdict::kAffected, "listed in versions");
      match.version_index = static_cast<int>(i);
      return match;
    }
  }
  std::optional<RangeMatch> undecided;
  std::optional<RangeMatch> only_not_affected;
  std::vector<std::string> left_out;  // ranges the versions list stands in for
  size_t not_affected = 0;
  for (size_t i = 0; i < entry.ranges.size(); ++i) {
    RangeMatch match = EvaluateRange(entry.ranges[i], version, orders);
    match.range_index = static_cast<int>(i);
    switch (match.verdict) {
      case Verdict::kAffected:
        return match;
      case Verdict::kCannotTell:
        left_out.push_back("range " + std::to_string(i) + ": " + match.reason);
        if (!undecided) undecided = std::move(match);
        break;
      case Verdict::kNotAffected:
        if (++not_affected == 1) only_not_affected = std::move(match);
        break;
    }
  }
  if (!entry.versions.empty()) {
    std::string reason = "not in the versions list";
    if (not_affected > 0) reason += " nor in any evaluated range";
    if (!left_out.empty()) {
      reason += "; the list stands in for";
      for (size_t i = 0; i < left_out.size(); ++i) reason += (i == 0 ? " " : "; ") + left_out[i];
    }
    return Decided(Verdict::kNotAffected, reason);
  }
  if (undecided) return *undecided;
  if (not_affected == 1 && entry.ranges.size() == 1) return *only_not_affected;
  if (not_affected > 0) {
    return Decided(Verdict::kNotAffected,
                   "outside all " + std::to_string(not_affected) + " ranges");
  }
  return Decided(Verdict::kNotAffected, "the entry lists no versions and no ranges");
}

RangeMatch EvaluateAdvisory(const Advisory& advisory,
                            const std::function<bool(const AffectedPackage&)>& concerns,
                            std::string_view version, const RangeOrders& orders) {
  if (advisory.withdrawn) {
    return Decided(Verdict::kNotAffected,
                   "withdrawn on " + FormatOsvTimestamp(*advisory.withdrawn));
  }
  std::optional<RangeMatch> undecided;
  std::optional<RangeMatch> not_affected;
  for (size_t i = 0; i < advisory.affected.size(); ++i) {
    if (!concerns(advisory.affected[i])) continue;
    RangeMatch match = EvaluateAffected(advisory.affected[i], version, orders);
    match.affected_index = static_cast<int>(i);
    if (match.verdict == Verdict::kAffected) return match;
    if (match.verdict == Verdict::kCannotTell && !undecided) undecided = std::move(match);
    if (match.verdict == Verdict::kNotAffected && !not_affected) not_affected = std::move(match);
  }
  if (undecided) return *undecided;
  if (not_affected) return *not_affected;
  return Decided(Verdict::kNotAffected, "the advisory does not name this package");
}

}  // namespace hoshitori::sbom
