// PublicSuffixList: the rules of publicsuffix.org's list (Debian package `publicsuffix`,
// /usr/share/publicsuffix/public_suffix_list.dat), used to find a host's registered domain:
// the public suffix plus one label ("a.b.example.co.jp" -> "example.co.jp"). Rules are
// normal ("co.jp"), wildcard ("*.kawasaki.jp") and exception ("!city.kawasaki.jp"); a host
// no rule covers has its last label as public suffix (the list's implicit "*" rule).
// Rules written in Unicode are held as A-labels, like normalised domains.
//
// Bounds: the list is at most kMaxPublicSuffixListBytes; longer lines than 253 bytes are
// errors. Immutable once built; safe to share between threads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/result.h"

namespace hoshitori::share {

inline constexpr size_t kMaxPublicSuffixListBytes = 8u << 20;
inline constexpr const char* kDebianPublicSuffixList =
    "/usr/share/publicsuffix/public_suffix_list.dat";

class PublicSuffixList {
 public:
  // Reads the list's text format: one rule a line, "//" comments, blank lines. Errors
  // (kInvalid) name the line.
  static Result<PublicSuffixList> Parse(std::string_view text);
  // Reads the file at `path`. Errors: unreadable (kNotFound), too large or malformed (kInvalid).
  static Result<PublicSuffixList> Load(const std::filesystem::path& path);

  // The registered domain of a normalised host name (a suffix of `host`), or an empty view
  // when the host is itself a public suffix or has no label before it.
  std::string_view RegisteredDomain(std::string_view host) const;

  size_t size() const { return normal_.size() + wildcard_.size() + exception_.size(); }

 private:
  // Lookups by string_view without building a string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Set = std::unordered_set<std::string, Hash, std::equal_to<>>;
  Set normal_, wildcard_, exception_;  // wildcard: the part after "*."
};

// The registered domain with `list` when given, else the last two labels of `host`.
std::string_view RegisteredDomainOf(std::string_view host, const PublicSuffixList* list);

}  // namespace hoshitori::share
