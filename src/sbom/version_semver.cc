#include "sbom/version_semver.h"

#include "sbom/version_numeric.h"

namespace hoshitori::sbom {
namespace {

Result<SemVer> Parse(std::string_view scheme, std::string_view text, bool allow_short) {
  const std::string_view original = text;
  if (text.size() > kMaxVersionLength) return NotAVersion(scheme, original, "too long");
  if (!text.empty() && text.front() == 'v') text.remove_prefix(1);
  SemVer version;
  if (const size_t plus = text.find('+'); plus != std::string_view::npos) {
    std::vector<std::string> ignored;
    if (!SplitDottedIdentifiers(text.substr(plus + 1), false, ignored)) {
      return NotAVersion(scheme, original, "malformed build metadata after '+'");
    }
    version.build = std::string(text.substr(plus + 1));
    text = text.substr(0, plus);
  }
  if (const size_t dash = text.find('-'); dash != std::string_view::npos) {
    if (!SplitDottedIdentifiers(text.substr(dash + 1), true, version.prerelease)) {
      return NotAVersion(scheme, original, "malformed pre-release after '-'");
    }
    text = text.substr(0, dash);
  }
  const std::vector<std::string_view> numbers = SplitDots(text);
  if (numbers.size() > 3) return NotAVersion(scheme, original, "more than three numbers");
  // Go's shorthand "v1.2" means v1.2.0, but only without pre-release or build parts.
  if (numbers.size() < 3 &&
      (!allow_short || !version.prerelease.empty() || !version.build.empty())) {
    return NotAVersion(scheme, original, "expected MAJOR.MINOR.PATCH");
  }
  std::string* const parts[] = {&version.major, &version.minor, &version.patch};
  for (size_t i = 0; i < 3; ++i) {
    const std::string_view part = i < numbers.size() ? numbers[i] : std::string_view("0");
    if (!IsAllDigits(part)) {
      return NotAVersion(scheme, original, "expected MAJOR.MINOR.PATCH in decimal digits");
    }
    if (part.size() > 1 && part.front() == '0') {
      return NotAVersion(scheme, original, "a number has a leading zero");
    }
    *parts[i] = std::string(part);
  }
  return version;
}

}  // namespace

Result<SemVer> ParseSemVer(std::string_view text) { return Parse("SemVer", text, false); }

Result<SemVer> ParseGoVersion(std::string_view text) {
  return Parse("Go module", text, !text.empty() && text.front() == 'v');
}

int CompareSemVer(const SemVer& a, const SemVer& b) {
  if (int order = CompareNumbers(a.major, b.major); order != 0) return order;
  if (int order = CompareNumbers(a.minor, b.minor); order != 0) return order;
  if (int order = CompareNumbers(a.patch, b.patch); order != 0) return order;
  return ComparePrerelease(a.prerelease, b.prerelease);
}

}  // namespace hoshitori::sbom
