#include "sbom/version_debian.h"

#include "sbom/version_numeric.h"

namespace hoshitori::sbom {
namespace {

constexpr std::string_view kScheme = "Debian";

// The weight of one character in a non-digit run; the end of the run weighs 0.
int Weight(char c) {
  if (c == '~') return -1;
  if (IsLetter(c)) return static_cast<unsigned char>(c);
  return static_cast<unsigned char>(c) + 256;
}

// dpkg's verrevcmp: alternating non-digit and digit runs.
int CompareFragment(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !IsDigit(a[i])) || (j < b.size() && !IsDigit(b[j]))) {
      const int x = (i < a.size() && !IsDigit(a[i])) ? Weight(a[i]) : 0;
      const int y = (j < b.size() && !IsDigit(b[j])) ? Weight(b[j]) : 0;
      if (x != y) return x < y ? -1 : 1;
      if (i < a.size() && !IsDigit(a[i])) ++i;
      if (j < b.size() && !IsDigit(b[j])) ++j;
    }
    const size_t a_start = i, b_start = j;
    while (i < a.size() && IsDigit(a[i])) ++i;
    while (j < b.size() && IsDigit(b[j])) ++j;
    const std::string_view x = a.substr(a_start, i - a_start);
    const std::string_view y = b.substr(b_start, j - b_start);
    if (int order = CompareNumbers(x.empty() ? "0" : x, y.empty() ? "0" : y); order != 0) {
      return order;
    }
  }
  return 0;
}

bool AllowedIn(std::string_view text, std::string_view extra) {
  for (const char c : text) {
    if (!IsDigit(c) && !IsLetter(c) && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

Result<DebianVersion> ParseDebianVersion(std::string_view text) {
  const std::string_view original = text;
  if (text.size() > kMaxVersionLength) return NotAVersion(kScheme, original, "too long");
  DebianVersion version;
  if (const size_t colon = text.find(':'); colon != std::string_view::npos) {
    if (!IsAllDigits(text.substr(0, colon))) {
      return NotAVersion(kScheme, original, "the epoch before ':' must be a number");
    }
    version.epoch = std::string(StripLeadingZeros(text.substr(0, colon)));
    text = text.substr(colon + 1);
  }
  if (const size_t dash = text.rfind('-'); dash != std::string_view::npos) {
    version.revision = std::string(text.substr(dash + 1));
    if (version.revision.empty() || !AllowedIn(version.revision, ".+~")) {
      return NotAVersion(kScheme, original,
                         "the revision after the last '-' may hold only "
                         "letters, digits and . + ~");
    }
    text = text.substr(0, dash);
  }
  if (text.empty() || !IsDigit(text.front())) {
    return NotAVersion(kScheme, original, "the upstream version must start with a digit");
  }
  const std::string extra = std::string(".+~") + (version.revision.empty() ? "" : "-") +
                            (original.find(':') != std::string_view::npos ? ":" : "");
  if (!AllowedIn(text, extra)) {
    return NotAVersion(kScheme, original,
                       "the upstream version may hold only letters, digits and . + ~ - :");
  }
  version.upstream = std::string(text);
  return version;
}

int CompareDebianVersions(const DebianVersion& a, const DebianVersion& b) {
  if (int order = CompareNumbers(a.epoch, b.epoch); order != 0) return order;
  if (int order = CompareFragment(a.upstream, b.upstream); order != 0) return order;
  return CompareFragment(a.revision, b.revision);
}

}  // namespace hoshitori::sbom
