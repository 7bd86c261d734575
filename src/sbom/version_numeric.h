// Helpers shared by the version schemes: numbers of any length compared without overflow,
// ASCII case folding, dotted identifiers, SemVer pre-release precedence, and the error every
// scheme returns for a value it cannot read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::sbom {

// Every version string is at most this long; longer is an error in every scheme.
inline constexpr size_t kMaxVersionLength = 256;

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}
inline char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

// "007" -> "7", "000" -> "0": the canonical digits of a decimal number.
inline std::string_view StripLeadingZeros(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

// Compares two decimal numbers given as digit strings (leading zeros allowed): <0, 0, >0.
inline int CompareNumbers(std::string_view a, std::string_view b) {
  a = StripLeadingZeros(a);
  b = StripLeadingZeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int order = a.compare(b);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

inline int Sign(int value) { return value < 0 ? -1 : (value > 0 ? 1 : 0); }

// "a.b.c" -> {"a", "b", "c"}; "" -> {""}; empty parts are kept.
inline std::vector<std::string_view> SplitDots(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = text.find('.', start);
    if (dot == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, dot - start));
    start = dot + 1;
  }
}

// Splits "a.b.c" into identifiers, appended to `out`; false unless each is non-empty and
// [0-9A-Za-z-] (and, when asked, no all-digit identifier has a leading zero).
inline bool SplitDottedIdentifiers(std::string_view text, bool reject_leading_zero,
                                   std::vector<std::string>& out) {
  for (const std::string_view part : SplitDots(text)) {
    if (part.empty()) return false;
    for (const char c : part) {
      if (!IsDigit(c) && !IsLetter(c) && c != '-') return false;
    }
    if (reject_leading_zero && IsAllDigits(part) && part.size() > 1 && part.front() == '0') {
      return false;
    }
    out.emplace_back(part);
  }
  return true;
}

// Compares identifier lists one by one: numerically when both are numbers; a number before
// a word (or after it, when `numbers_first` is false); words by ASCII. When the shared
// identifiers are equal, the shorter list sorts first.
inline int CompareIdentifierLists(const std::vector<std::string>& a,
                                  const std::vector<std::string>& b, bool numbers_first) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool a_numeric = IsAllDigits(a[i]);
    const bool b_numeric = IsAllDigits(b[i]);
    int order;
    if (a_numeric && b_numeric) {
      order = CompareNumbers(a[i], b[i]);
    } else if (a_numeric != b_numeric) {
      order = a_numeric == numbers_first ? -1 : 1;
    } else {
      order = Sign(a[i].compare(b[i]));
    }
    if (order != 0) return order;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

// SemVer 2.0 pre-release precedence (shared by NuGet, which lowercases its labels first): an
// empty list (a release) after any other, otherwise numbers before words.
inline int ComparePrerelease(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) {
    if (a.empty() == b.empty()) return 0;
    return a.empty() ? 1 : -1;
  }
  return CompareIdentifierLists(a, b, true);
}

// kInvalid: "'<value>' is not a <scheme> version: <reason>".
inline Error NotAVersion(std::string_view scheme, std::string_view value, std::string_view why) {
  std::string shown(value.substr(0, 80));
  if (value.size() > 80) shown += "...";
  return MakeError(
      ErrorKind::kInvalid, "invalid version",
      "'" + shown + "' is not a " + std::string(scheme) + " version: " + std::string(why));
}

}  // namespace hoshitori::sbom
