// Debian package versions ([epoch:]upstream_version[-debian_revision]) ordered as dpkg does
// (Debian Policy 5.6.12, dpkg's verrevcmp).
//
// Order: epoch numerically (absent is 0); then the upstream version, then the revision,
// each compared in alternating runs: a run of non-digits character by character, where '~'
// sorts before everything (even the end of the string: 1.0~rc1 < 1.0), then letters, then
// other characters; then a run of digits numerically.
//
// Bounds: at most kMaxVersionLength bytes. The upstream version must start with a digit and
// hold only [A-Za-z0-9.+~-:] (':' only with an epoch, '-' only with a revision); the
// revision only [A-Za-z0-9.+~].
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::sbom {

struct DebianVersion {
  std::string epoch = "0";  // digits
  std::string upstream;
  std::string revision;  // empty when absent; equal to "0" in the order, as in dpkg
};

// kInvalid error when the text is not a Debian version.
Result<DebianVersion> ParseDebianVersion(std::string_view text);

// <0, 0 or >0 as a sorts before, with or after b.
int CompareDebianVersions(const DebianVersion& a, const DebianVersion& b);

}  // namespace hoshitori::sbom
