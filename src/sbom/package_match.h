// Matching one package version against one OSV advisory: the glue between Package URLs
// (purl.h), version orders (version.h) and the OSV range semantics (osv_range.h).
//
// Which package an affected[] entry names is decided by PackageKey equality (purl.h): the
// entry's `package.purl` when it is a valid Package URL, else one built from its ecosystem
// and name with the purl type of the ecosystem and that type's rules (so PyPI's
// "Foo_Bar" and pkg:pypi/foo-bar are one package). Names split into namespace and name the
// way the ecosystem writes them: Go "github.com/a/b" -> namespace "github.com/a", name "b";
// Maven "group:artifact"; npm "@scope/name"; Debian and Ubuntu packages get the
// distribution as namespace ("pkg:deb/debian/openssl"). An entry with neither a valid purl
// nor a supported ecosystem (Go's "stdlib" and "toolchain", say) names no Package URL.
//
// Pure functions of values: safe from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sbom/advisory.h"
#include "sbom/osv_range.h"
#include "sbom/purl.h"
#include "sbom/version.h"

namespace hoshitori::sbom {

// The orders an affected entry of `osv_ecosystem` is evaluated in: SEMVER ranges by SemVer
// 2.0 precedence (a leading "v" accepted); ECOSYSTEM ranges by the ecosystem's scheme
// (SchemeForEcosystem), none when the ecosystem has no supported scheme (those ranges are
// then "cannot tell").
RangeOrders OrdersForEcosystem(std::string_view osv_ecosystem);

// The PackageKey of the package an affected entry names; nullopt when it names none.
std::optional<std::string> AffectedPackageKey(const OsvPackage& package);

// Whether the entry names the package whose PackageKey is `package_key`.
bool NamesPackage(const AffectedPackage& entry, std::string_view package_key);

// Whether `purl` (a normalised Package URL with a version) is affected by `advisory`: every
// affected entry naming the package is evaluated in the orders of its own ecosystem, with
// the version as the ecosystem writes it (Go: without the leading "v" that Go module
// versions in Package URLs carry, since OSV lists Go versions without it). Affected when
// one entry says so, cannot tell when none does but one cannot tell, otherwise not
// affected (also when the advisory is withdrawn or no entry names the package, or the purl
// has no version: then cannot tell). affected_index names the deciding entry.
RangeMatch MatchPackage(const Advisory& advisory, const PackageUrl& purl);

// An advisory prepared for matching many packages: each affected entry's PackageKey and
// range orders worked out once (MatchPackage(advisory, purl) prepares on every call, which
// parses the entries' purls again). The orders are memoised (version.h MemoizedOrder), so
// each event and component version is parsed once: use a PreparedAdvisory from one thread
// at a time. Holds a pointer: `advisory` must outlive it.
// Per affected entry, its AffectedPackageKey (nullopt: the entry names no Package URL).
using EntryKeys = std::vector<std::optional<std::string>>;
EntryKeys EntryKeysOf(const Advisory& advisory);

struct PreparedAdvisory {
  const Advisory* advisory = nullptr;
  // Shared and immutable, so that an index can work them out once per advisory it holds.
  std::shared_ptr<const EntryKeys> keys;
  std::vector<RangeOrders> orders;  // per affected entry (OrdersForEcosystem)
};
// With `memo` (version.h VersionMemo), the orders parse through it, so versions parsed for
// an earlier advisory are not parsed again; the memo must outlive the PreparedAdvisory and
// the one-thread rule above then covers the memo too.
PreparedAdvisory PrepareAdvisory(const Advisory& advisory, VersionMemo* memo = nullptr);
// The same with the entry keys worked out before (EntryKeysOf(advisory)).
PreparedAdvisory PrepareAdvisory(const Advisory& advisory, std::shared_ptr<const EntryKeys> keys,
                                 VersionMemo* memo);

// MatchPackage(advisory, purl) with the preparation done: the same answer.
RangeMatch MatchPackage(const PreparedAdvisory& prepared, const PackageUrl& purl);
// The same, for a caller that holds the purl's PackageKey already (no key is built).
RangeMatch MatchPackage(const PreparedAdvisory& prepared, const PackageUrl& purl,
                        std::string_view package_key);

// A cheap test for skipping candidates: true only when MatchPackage(prepared, purl) would
// answer kNotAffected for a purl with PackageKey `package_key` and version `version`
// (withdrawn; no entry names the package; or every naming entry has the version outside its
// list and only SEMVER / ECOSYSTEM ranges that all parse and leave it out). False means
// "evaluate with MatchPackage", which may still answer kNotAffected. Builds no strings.
bool SurelyNotAffected(const PreparedAdvisory& prepared, std::string_view package_key,
                       std::string_view version);

// A plain list of Package URLs, one per line: the simplest input of `hoshitori sbom match`.
// Blank lines and lines starting with '#' are skipped; spaces and tabs around a purl and a
// final '\r' are ignored. Each purl is read leniently (PurlParseMode::kLenient).
// Bounds: at most kMaxPurlListBytes of text and kMaxPurlListEntries purls; a line longer
// than kMaxPackageUrlLength is refused by the purl parser.
inline constexpr size_t kMaxPurlListBytes = size_t{64} << 20;
inline constexpr size_t kMaxPurlListEntries = 1'000'000;

struct PurlListEntry {
  size_t line = 0;  // 1-based
  PackageUrl purl;
};

// Errors (kInvalid) name the file and line: "list.txt:3: package URL '...': the name is
// missing / 3 行目: Package URL として読めません". Nothing is returned on any error.
Result<std::vector<PurlListEntry>> ReadPurlList(std::string_view text,
                                                const std::string& file_name);

}  // namespace hoshitori::sbom
