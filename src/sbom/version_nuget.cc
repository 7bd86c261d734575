#include "sbom/version_nuget.h"

#include "sbom/version_numeric.h"

namespace hoshitori::sbom {
namespace {

constexpr std::string_view kScheme = "NuGet";

bool Labels(std::string_view text, std::vector<std::string>& out) {
  const size_t first = out.size();
  if (!SplitDottedIdentifiers(text, false, out)) return false;
  for (size_t i = first; i < out.size(); ++i) out[i] = LowerAscii(out[i]);
  return true;
}

}  // namespace

Result<NuGetVersion> ParseNuGetVersion(std::string_view text) {
  const std::string_view original = text;
  if (text.size() > kMaxVersionLength) return NotAVersion(kScheme, original, "too long");
  if (const size_t plus = text.find('+'); plus != std::string_view::npos) {
    std::vector<std::string> ignored;
    if (!Labels(text.substr(plus + 1), ignored)) {
      return NotAVersion(kScheme, original, "malformed metadata after '+'");
    }
    text = text.substr(0, plus);
  }
  NuGetVersion version;
  if (const size_t dash = text.find('-'); dash != std::string_view::npos) {
    if (!Labels(text.substr(dash + 1), version.prerelease)) {
      return NotAVersion(kScheme, original, "malformed pre-release label after '-'");
    }
    text = text.substr(0, dash);
  }
  const std::vector<std::string_view> numbers = SplitDots(text);
  if (numbers.size() > 4) return NotAVersion(kScheme, original, "more than four numbers");
  for (size_t i = 0; i < 4; ++i) {
    const std::string_view part = i < numbers.size() ? numbers[i] : std::string_view("0");
    if (!IsAllDigits(part)) {
      return NotAVersion(kScheme, original, "expected 1 to 4 numbers separated by '.'");
    }
    version.numbers[i] = std::string(StripLeadingZeros(part));
  }
  return version;
}

int CompareNuGetVersions(const NuGetVersion& a, const NuGetVersion& b) {
  for (int i = 0; i < 4; ++i) {
    if (int order = CompareNumbers(a.numbers[i], b.numbers[i]); order != 0) return order;
  }
  return ComparePrerelease(a.prerelease, b.prerelease);
}

}  // namespace hoshitori::sbom
