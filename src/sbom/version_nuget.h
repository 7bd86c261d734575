// NuGet package versions (learn.microsoft.com/nuget/concepts/package-versioning): SemVer 2.0
// with one to four numbers (Major.Minor.Patch.Revision, missing parts are 0, leading zeros
// allowed: 1.01 is 1.1), and pre-release labels compared without regard to case.
//
// Order: the four numbers; a pre-release before its release; labels one by one, numbers
// numerically and before any word, words by ASCII ignoring case; fewer labels first. Build
// metadata after '+' never affects the order.
//
// Bounds: at most kMaxVersionLength bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::sbom {

struct NuGetVersion {
  std::string numbers[4];               // decimal digits without leading zeros; "0" if absent
  std::vector<std::string> prerelease;  // labels, lowercased
};

// kInvalid error when the text is not a NuGet version.
Result<NuGetVersion> ParseNuGetVersion(std::string_view text);

// <0, 0 or >0 as a sorts before, with or after b.
int CompareNuGetVersions(const NuGetVersion& a, const NuGetVersion& b);

}  // namespace hoshitori::sbom
