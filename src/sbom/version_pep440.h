// Python package versions per PEP 440 (packaging.python.org/specifications/version-specifiers):
// [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], read with the specification's permitted
// spellings (case-insensitive; "alpha", "beta", "c", "pre", "preview"; "-N", "rev", "r" for
// post-releases; '-', '_' or '.' separators or none; implicit 0 numbers; a leading "v";
// surrounding whitespace).
//
// Order: epoch; release numbers (1.0 == 1.0.0); then dev-only releases, pre-releases (a < b
// < rc), the release, post-releases; within each, a dev release before its non-dev one; a
// local label sorts after the same version without one (numbers after words, segment by
// segment). Python's `packaging.version.Version` gives the same order.
//
// Bounds: at most kMaxVersionLength bytes. Not supported: the legacy (non-PEP 440)
// versions that old setuptools accepted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::sbom {

struct Pep440Version {
  std::string epoch = "0";           // digits without leading zeros
  std::vector<std::string> release;  // at least one number, without leading zeros
  std::string pre_label;             // "", "a", "b" or "rc"
  std::string pre_number;            // when pre_label is set
  bool post = false;
  std::string post_number;
  bool dev = false;
  std::string dev_number;
  std::vector<std::string> local;  // lowercased segments
};

// kInvalid error when the text is not a PEP 440 version.
Result<Pep440Version> ParsePep440Version(std::string_view text);

// The normalised spelling: "1.0a1.post2.dev3+ubuntu.1", "2!1.0", "1.0rc1".
std::string NormalizedPep440(const Pep440Version& version);

// <0, 0 or >0 as a sorts before, with or after b.
int ComparePep440Versions(const Pep440Version& a, const Pep440Version& b);

}  // namespace hoshitori::sbom
