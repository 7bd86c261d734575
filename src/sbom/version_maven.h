// Maven versions, ordered as Maven 3.8's ComparableVersion does (maven.apache.org/pom.html,
// "Version Order Specification").
//
// A version is split at '.', '-' and at every change between digits and letters; a '-' (and
// a digit-letter change) opens a nested list. Numbers compare numerically; qualifiers rank
// alpha < beta < milestone < rc < snapshot < "" (release: also "ga", "final", "release")
// < sp, any other word after all of them in alphabetical order; "a1", "b1", "m1" mean alpha,
// beta, milestone; "cr" means rc. Trailing zeros and release qualifiers are dropped
// ("1.0.0" == "1" == "1-ga"); a missing part counts as padding: 1 < 1.1, 1-alpha < 1,
// 1-sp > 1, 1.1 > 1-1 > 1-sp. Case does not matter.
//
// Maven reads any string as a version; here parsing fails only on empty or over-long input
// and on bytes outside printable ASCII (spaces, control characters, non-ASCII), which no
// real Maven version holds. Other punctuation ('_', '+') is part of a word, as in Maven.
//
// Bounds: at most kMaxVersionLength bytes; nesting follows from the length.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::sbom {

// One item of a parsed version: a number, a qualifier word, or a nested list.
struct MavenItem {
  enum class Kind { kNumber, kWord, kList };
  Kind kind = Kind::kList;
  std::string text;              // kNumber: digits without leading zeros; kWord: canonical
  std::vector<MavenItem> items;  // kList
};

struct MavenVersion {
  MavenItem root;  // a kList
};

// kInvalid error when the text cannot be a Maven version (see above).
Result<MavenVersion> ParseMavenVersion(std::string_view text);

// <0, 0 or >0 as a sorts before, with or after b.
int CompareMavenVersions(const MavenVersion& a, const MavenVersion& b);

}  // namespace hoshitori::sbom
