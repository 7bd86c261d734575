// Package URL (PURL): the identifier of a software package across ecosystems, as defined by
// the Package-URL specification (ECMA-427) and its registered type definitions.
//
//   pkg:type/namespace/name@version?qualifiers#subpath
//
// A PackageUrl holds the decoded components in canonical form: the type lowercased, the
// type's case and name rules applied (pypi names lowercased with '_' as '-', GitHub owners
// lowercased, ...), qualifier keys lowercased and sorted, empty qualifier values dropped,
// namespace and subpath segments without empty, '.' or '..' parts. ToString() writes the
// canonical string, so parsing and writing again gives the same text.
//
// Bounds: a Package URL string, and each component given to BuildPackageUrl, is at most
// kMaxPackageUrlLength bytes; at most kMaxPurlQualifiers qualifiers. Longer input is an
// error, never truncated. Pure functions: safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace hoshitori::sbom {

inline constexpr size_t kMaxPackageUrlLength = 4096;
inline constexpr size_t kMaxPurlQualifiers = 64;

// One package, decoded. Components are plain (not percent-encoded) text; namespace_ and
// subpath keep '/' between their segments. Empty strings mean "absent".
struct PackageUrl {
  std::string type, namespace_, name, version;
  std::vector<std::pair<std::string, std::string>> qualifiers;  // sorted by key, keys unique
  std::string subpath;

  bool operator==(const PackageUrl&) const = default;
};

// How strictly ParsePackageUrl reads qualifier keys.
enum class PurlParseMode {
  // What the specification requires ("shall"): keys must already be lowercase.
  kStrict,
  // Also repairs what the specification recommends fixing: keys in any case are lowercased.
  // For reading other tools' SBOMs, which often carry such keys.
  kLenient,
};

// Parses and normalises a Package URL string. Accepts "pkg:", "pkg:/", "pkg://" alike and
// upper-case types. Errors (kInvalid) name the input and what is wrong: no "pkg:" scheme, a
// bad type, a missing name, a namespace the type requires or prohibits, a malformed percent
// escape, a bad or duplicate qualifier key, a required qualifier missing, or a name or
// version outside the type's permitted characters.
Result<PackageUrl> ParsePackageUrl(std::string_view text,
                                   PurlParseMode mode = PurlParseMode::kStrict);

// Builds a Package URL from decoded components (as a user or an SBOM gives them) and
// normalises it like ParsePackageUrl. Qualifier keys are lowercased; pairs with an empty
// value are dropped; leading and trailing '/' in namespace, name and subpath are ignored.
// Fails like ParsePackageUrl on components no valid Package URL can have.
Result<PackageUrl> BuildPackageUrl(
    std::string_view type, std::string_view namespace_, std::string_view name,
    std::string_view version, const std::vector<std::pair<std::string, std::string>>& qualifiers,
    std::string_view subpath);

// The canonical string of a normalised PackageUrl (as returned by the functions above).
std::string ToString(const PackageUrl& purl);

// "pkg:type/namespace/name" in canonical form, without version, qualifiers and subpath: the
// key under which the matching index files advisories for a package.
std::string PackageKey(const PackageUrl& purl);

}  // namespace hoshitori::sbom
