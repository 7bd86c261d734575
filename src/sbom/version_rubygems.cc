#include "sbom/version_rubygems.h"

#include "sbom/version_numeric.h"

namespace hoshitori::sbom {
namespace {

constexpr std::string_view kScheme = "RubyGems";

// Gem::Version's pattern: N(.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(.[0-9A-Za-z-]+)*)?
bool MatchesPattern(std::string_view text) {
  size_t i = 0;
  if (i == text.size() || !IsDigit(text[i])) return false;
  while (i < text.size() && IsDigit(text[i])) ++i;
  while (i < text.size() && text[i] == '.') {
    const size_t start = ++i;
    while (i < text.size() && (IsDigit(text[i]) || IsLetter(text[i]))) ++i;
    if (i == start) return false;
  }
  if (i == text.size()) return true;
  if (text[i] != '-') return false;
  std::vector<std::string> parts;
  return SplitDottedIdentifiers(text.substr(i + 1), false, parts);
}

}  // namespace

Result<RubyGemsVersion> ParseRubyGemsVersion(std::string_view text) {
  const std::string_view original = text;
  if (text.size() > kMaxVersionLength) return NotAVersion(kScheme, original, "too long");
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!MatchesPattern(text)) {
    return NotAVersion(kScheme, original,
                       "expected numbers and words separated by '.', optionally '-' and a "
                       "prerelease label");
  }
  // Segments as Gem::Version scans them, every '-' read as ".pre.".
  std::vector<std::string> segments;
  RubyGemsVersion version;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    if (IsDigit(text[i])) {
      while (i < text.size() && IsDigit(text[i])) ++i;
      segments.emplace_back(StripLeadingZeros(text.substr(start, i - start)));
    } else if (IsLetter(text[i])) {
      while (i < text.size() && IsLetter(text[i])) ++i;
      segments.emplace_back(text.substr(start, i - start));
      version.prerelease = true;
    } else {
      if (text[i] == '-') {
        segments.emplace_back("pre");
        version.prerelease = true;
      }
      ++i;
    }
  }
  // Drop trailing zeros of the numeric part and of the rest, as canonical_segments does.
  size_t first_word = 0;
  while (first_word < segments.size() && IsAllDigits(segments[first_word])) ++first_word;
  std::vector<std::string> numeric(segments.begin(), segments.begin() + first_word);
  std::vector<std::string> rest(segments.begin() + first_word, segments.end());
  while (!numeric.empty() && numeric.back() == "0") numeric.pop_back();
  while (!rest.empty() && rest.back() == "0") rest.pop_back();
  version.segments = std::move(numeric);
  version.segments.insert(version.segments.end(), rest.begin(), rest.end());
  return version;
}

int CompareRubyGemsVersions(const RubyGemsVersion& a, const RubyGemsVersion& b) {
  for (size_t i = 0; i < a.segments.size() || i < b.segments.size(); ++i) {
    const std::string_view x =
        i < a.segments.size() ? std::string_view(a.segments[i]) : std::string_view("0");
    const std::string_view y =
        i < b.segments.size() ? std::string_view(b.segments[i]) : std::string_view("0");
    const bool x_number = IsAllDigits(x);
    const bool y_number = IsAllDigits(y);
    if (x_number && y_number) {
      if (int order = CompareNumbers(x, y); order != 0) return order;
    } else if (x_number != y_number) {
      return x_number ? 1 : -1;
    } else if (int order = Sign(x.compare(y)); order != 0) {
      return order;
    }
  }
  return 0;
}

}  // namespace hoshitori::sbom
