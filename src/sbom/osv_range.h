// Whether a package version is affected by an OSV advisory, following the evaluation in the
// OSV schema (docs/schema.md, "Evaluation"): a version is affected when it is listed in an
// affected entry's `versions` or lies in one of its `ranges`. Pure functions of values;
// thread-safe when the VersionOrder is.
//
// A range's events are taken in version order (the advisory's order does not matter). At
// one version, `introduced` sorts before `fixed` and `last_affected`, so {introduced X,
// fixed X} covers nothing. The version is inside the range when the last event at or
// below it (for last_affected: strictly below it) is an `introduced`, and it is below one
// of the range's `limit`s (no limit: no upper bound). Special values: introduced "0" is
// below every version; a limit containing "*" is infinity. Neither is given to the order.
//
// What cannot be decided is said, never guessed (Verdict::kCannotTell, with the reason):
// GIT ranges (they need the repository's commit graph), range types the schema does not
// define, SEMVER or ECOSYSTEM ranges without an order for them (an unknown ecosystem), and
// versions or event values the order rejects. An affected entry that also lists `versions`
// answers from that list instead: the schema asks for the list exactly so that such ranges
// need not be evaluated, so a version neither in the list nor in an evaluable range is not
// affected (the reason names the ranges left out).
// Withdrawn advisories affect nothing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sbom/advisory.h"

namespace hoshitori::sbom {

// Compares two versions of one scheme: <0, 0 or >0 as a is before, equal to or after b; an
// error (kInvalid) when either is not a version of the scheme.
using VersionOrder = std::function<Result<int>(std::string_view a, std::string_view b)>;

// The orders a package's ranges are evaluated in. An empty order leaves its ranges undecided.
struct RangeOrders {
  VersionOrder semver;     // SEMVER ranges (SemVer 2.0 precedence)
  VersionOrder ecosystem;  // ECOSYSTEM ranges: the order of the package's ecosystem
};

enum class Verdict { kAffected, kNotAffected, kCannotTell };
std::string_view VerdictName(Verdict verdict);  // "affected", "not affected", "cannot tell"

// A verdict and where in the advisory it comes from (indices are -1 where they do not apply).
struct RangeMatch {
  Verdict verdict = Verdict::kNotAffected;
  // For people: "introduced 1.0.0, fixed 1.0.2 (SEMVER)", "listed in versions",
  // "fixed in 1.0.2 (ECOSYSTEM)", "GIT ranges need the repository's commit graph", ...
  std::string reason;
  int affected_index = -1;  // the advisory's affected[] entry that decided
  int range_index = -1;     // its ranges[] entry that decided
  int version_index = -1;   // its versions[] entry equal to the version
  // Affected by a range: the introduced event that opens the interval holding the version
  // and the first fixed, last_affected or limit event above the version (none: unbounded).
  // Not affected by a range: `closed` is the fixed or last_affected event that ended it.
  std::optional<RangeEvent> opened;
  std::optional<RangeEvent> closed;
};

// Whether `version` lies in `range`. range_index, version_index and affected_index stay -1.
RangeMatch EvaluateRange(const AffectedRange& range, std::string_view version,
                         const RangeOrders& orders);

// Whether `version` of `entry`'s package is affected: listed in its versions (exact text,
// as the schema's IncludedInVersions) or in any of its ranges. Sets range_index or
// version_index; affected_index stays -1.
RangeMatch EvaluateAffected(const AffectedPackage& entry, std::string_view version,
                            const RangeOrders& orders);

// Whether `version` of a package is affected by `advisory`: not when the advisory is
// withdrawn; otherwise affected when any affected[] entry for which `concerns` is true
// says so, cannot tell when none does but one cannot tell, else not affected. `concerns`
// decides which entries name the package (the caller normalises names and ecosystems).
RangeMatch EvaluateAdvisory(const Advisory& advisory,
                            const std::function<bool(const AffectedPackage&)>& concerns,
                            std::string_view version, const RangeOrders& orders);

}  // namespace hoshitori::sbom
