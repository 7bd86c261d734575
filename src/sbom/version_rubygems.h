// RubyGems versions (Gem::Version): numbers and words separated by '.', a '-' meaning
// ".pre." ("1.0-1" is "1.0.pre.1"); a version holding a letter is a prerelease.
//
// Order (Gem::Version#<=>): split into segments (runs of digits as numbers, runs of letters
// as words); trailing zero numbers are dropped, both before the first word and at the end
// ("1.0" == "1", "1.0.a" == "1.a"); then segment by segment, a missing one counting as 0: a
// word sorts before a number ("1.0.a" < "1.0"), words by ASCII, numbers numerically.
//
// Bounds: at most kMaxVersionLength bytes. Surrounding spaces are ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::sbom {

struct RubyGemsVersion {
  // The canonical segments: digit runs without leading zeros, or letter runs.
  std::vector<std::string> segments;
  bool prerelease = false;
};

// kInvalid error when the text is not a RubyGems version.
Result<RubyGemsVersion> ParseRubyGemsVersion(std::string_view text);

// <0, 0 or >0 as a sorts before, with or after b.
int CompareRubyGemsVersions(const RubyGemsVersion& a, const RubyGemsVersion& b);

}  // namespace hoshitori::sbom
