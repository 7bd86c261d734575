// Version ordering per ecosystem: which scheme an OSV ecosystem or a Package URL type uses,
// and one comparison entry point over all schemes. Each scheme lives in its own module
// (version_semver.h, version_pep440.h, version_maven.h, version_debian.h,
// version_rubygems.h, version_nuget.h), which a hot loop can use directly to parse once and
// compare many times. Pure functions: safe from any thread.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace hoshitori::sbom {

// <0, 0 or >0 as a is before, equal to or after b; an error when either is not a version.
// (The same shape as osv_range.h's VersionOrder.)
using VersionOrderFunction = std::function<Result<int>(std::string_view a, std::string_view b)>;

enum class VersionScheme { kSemVer, kGo, kPep440, kMaven, kDebian, kRubyGems, kNuGet };

// "SemVer", "Go module", "PEP 440", "Maven", "Debian", "RubyGems", "NuGet".
std::string_view VersionSchemeName(VersionScheme scheme);

// The scheme of an OSV ecosystem: "PyPI", "Go", "npm", "crates.io", "Maven", "Debian" (also
// "Debian:12"), "Ubuntu" (also "Ubuntu:22.04:LTS"), "RubyGems", "NuGet". Exact spelling as
// OSV writes it; nullopt for ecosystems without a supported scheme (say "Packagist", "Hex").
std::optional<VersionScheme> SchemeForEcosystem(std::string_view osv_ecosystem);

// The scheme of a Package URL type: pypi, golang, npm, cargo, maven, deb, gem, nuget.
std::optional<VersionScheme> SchemeForPurlType(std::string_view purl_type);

// The Package URL type of an OSV ecosystem's packages ("PyPI" -> "pypi", "Debian:12" ->
// "deb"); nullopt when none of the above.
std::optional<std::string_view> PurlTypeForEcosystem(std::string_view osv_ecosystem);

// <0, 0 or >0 as a sorts before, with or after b under the scheme. kInvalid error naming the
// scheme and the value when either is not a version of that scheme.
Result<int> CompareVersions(VersionScheme scheme, std::string_view a, std::string_view b);

// An order for `scheme` with the same results as CompareVersions(scheme, a, b) that parses
// each distinct text once and keeps the parsed value (or the error) for the order's
// lifetime: for comparing many versions against the same few (an advisory's range events).
// Copies share one memo, which is not synchronised: use an order from one thread at a time.
// The memo grows with the distinct texts given; make a new order per batch of work.
VersionOrderFunction MemoizedOrder(VersionScheme scheme);

// Parsed version texts of every scheme, kept by a caller across many memoised orders: for a
// thread that prepares one advisory after another against the same components (the exposure
// engine), so that a component's version is parsed once, not once per advisory naming its
// package. Order(scheme) gives an order with MemoizedOrder's results that parses through this
// memo. Not synchronised: one thread at a time. size() counts the texts held over all schemes;
// Clear() starts afresh (orders handed out before keep the memo they had).
class VersionMemo {
 public:
  VersionOrderFunction Order(VersionScheme scheme);
  size_t size() const;
  void Clear();

 private:
  static constexpr size_t kSchemes = 7;  // VersionScheme's values
  std::array<VersionOrderFunction, kSchemes> orders_;
  std::array<std::function<size_t()>, kSchemes> sizes_;
};

// Whether the text is a version of the scheme.
bool IsVersion(VersionScheme scheme, std::string_view text);

}  // namespace hoshitori::sbom
