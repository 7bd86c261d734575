// Semantic Versioning 2.0.0 (semver.org), as npm and crates.io use it, and Go module
// versions (golang.org/ref/mod#versions), which are SemVer with a leading "v".
//
// Order: major, minor, patch numerically; a pre-release sorts before its release; pre-release
// identifiers compare numerically when both are numbers, a number before any other
// identifier, otherwise by ASCII; fewer identifiers first when all shared ones are equal.
// Build metadata ("+build.5", Go's "+incompatible") never affects the order.
//
// Go pseudo-versions (v0.0.0-20191109021931-daa7c04131f5, v1.2.4-0.2019..., v1.2.3-pre.0.2019...)
// are SemVer pre-releases and need no special rule: they sort after the release they build
// on and before the next one, in commit-time order.
//
// Bounds: at most kMaxVersionLength bytes. Numbers may be any length (compared as digits).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::sbom {

struct SemVer {
  std::string major, minor, patch;      // decimal digits, no leading zeros
  std::vector<std::string> prerelease;  // identifiers between '-' and '+', in order
  std::string build;                    // after '+'; ignored by the order
};

// Strict SemVer 2.0: MAJOR.MINOR.PATCH with no leading zeros, optional "-pre" and "+build".
// A leading "v" is accepted (npm does). kInvalid error otherwise.
Result<SemVer> ParseSemVer(std::string_view text);

// A Go module version: SemVer with an optional leading "v" (OSV records omit it); also the
// shorthands "v1" and "v1.2" (as v1.0.0 and v1.2.0) that Go's semver package accepts.
Result<SemVer> ParseGoVersion(std::string_view text);

// <0, 0 or >0 as a sorts before, with or after b.
int CompareSemVer(const SemVer& a, const SemVer& b);

}  // namespace hoshitori::sbom
