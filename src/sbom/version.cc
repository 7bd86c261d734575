#include "sbom/version.h"

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "sbom/version_debian.h"
#include "sbom/version_maven.h"
#include "sbom/version_nuget.h"
#include "sbom/version_pep440.h"
#include "sbom/version_rubygems.h"
#include "sbom/version_semver.h"

namespace hoshitori::sbom {
namespace {

struct Ecosystem {
  std::string_view osv_name;
  std::string_view purl_type;
  VersionScheme scheme;
};

constexpr std::array kEcosystems = {
    Ecosystem{"PyPI", "pypi", VersionScheme::kPep440},
    Ecosystem{"Go", "golang", VersionScheme::kGo},
    Ecosystem{"npm", "npm", VersionScheme::kSemVer},
    Ecosystem{"crates.io", "cargo", VersionScheme::kSemVer},
    Ecosystem{"Maven", "maven", VersionScheme::kMaven},
    Ecosystem{"Debian", "deb", VersionScheme::kDebian},
    Ecosystem{"Ubuntu", "deb", VersionScheme::kDebian},
    Ecosystem{"RubyGems", "gem", VersionScheme::kRubyGems},
    Ecosystem{"NuGet", "nuget", VersionScheme::kNuGet},
};

// "Debian:12" and "Ubuntu:22.04:LTS" name a release of the distribution; the versions follow
// the distribution's scheme.
const Ecosystem* FindEcosystem(std::string_view osv_ecosystem) {
  const std::string_view base = osv_ecosystem.substr(0, osv_ecosystem.find(':'));
  for (const Ecosystem& ecosystem : kEcosystems) {
    if (ecosystem.osv_name == base) {
      const bool has_release = base.size() != osv_ecosystem.size();
      if (has_release && ecosystem.scheme != VersionScheme::kDebian) return nullptr;
      return &ecosystem;
    }
  }
  return nullptr;
}

// Parses both values with the scheme's parser and compares them.
template <typename Parse, typename Compare>
Result<int> ParseAndCompare(Parse parse, Compare compare, std::string_view a, std::string_view b) {
  auto left = parse(a);
  if (!left) return left.error();
  auto right = parse(b);
  if (!right) return right.error();
  return compare(*left, *right);
}

// A memo of parsed texts for one scheme, looked up by string_view without a copy.
template <typename Parsed>
struct Memo {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, Result<Parsed>, Hash, std::equal_to<>> parsed;
};

template <typename Parse>
using ParsedBy = std::remove_cvref_t<
    decltype(*std::declval<std::invoke_result_t<Parse, std::string_view>&>())>;

// An order parsing through `memo`; with `size`, also how to count the memo's texts.
template <typename Parse, typename Compare>
VersionOrderFunction Memoized(Parse parse, Compare compare,
                              std::function<size_t()>* size = nullptr) {
  using Parsed = ParsedBy<Parse>;
  auto memo = std::make_shared<Memo<Parsed>>();
  if (size != nullptr) *size = [memo] { return memo->parsed.size(); };
  return [memo, parse, compare](std::string_view a, std::string_view b) -> Result<int> {
    auto get = [&memo, &parse](std::string_view text) -> const Result<Parsed>& {
      auto found = memo->parsed.find(text);
      if (found == memo->parsed.end()) {
        found = memo->parsed.emplace(std::string(text), parse(text)).first;
      }
      return found->second;
    };
    const Result<Parsed>& left = get(a);
    if (!left) return left.error();
    const Result<Parsed>& right = get(b);
    if (!right) return right.error();
    return compare(*left, *right);
  };
}

}  // namespace

namespace {

VersionOrderFunction MemoizedOrderCounted(VersionScheme scheme, std::function<size_t()>* size) {
  switch (scheme) {
    case VersionScheme::kSemVer:
      return Memoized(ParseSemVer, CompareSemVer, size);
    case VersionScheme::kGo:
      return Memoized(ParseGoVersion, CompareSemVer, size);
    case VersionScheme::kPep440:
      return Memoized(ParsePep440Version, ComparePep440Versions, size);
    case VersionScheme::kMaven:
      return Memoized(ParseMavenVersion, CompareMavenVersions, size);
    case VersionScheme::kDebian:
      return Memoized(ParseDebianVersion, CompareDebianVersions, size);
    case VersionScheme::kRubyGems:
      return Memoized(ParseRubyGemsVersion, CompareRubyGemsVersions, size);
    case VersionScheme::kNuGet:
      return Memoized(ParseNuGetVersion, CompareNuGetVersions, size);
  }
  return nullptr;
}

}  // namespace

static_assert(static_cast<size_t>(VersionScheme::kNuGet) + 1 == 7, "VersionMemo::kSchemes");

VersionOrderFunction VersionMemo::Order(VersionScheme scheme) {
  const auto at = static_cast<size_t>(scheme);
  if (at >= kSchemes) return MemoizedOrder(scheme);
  if (!orders_[at]) orders_[at] = MemoizedOrderCounted(scheme, &sizes_[at]);
  return orders_[at];
}

size_t VersionMemo::size() const {
  size_t total = 0;
  for (const std::function<size_t()>& size : sizes_) {
    if (size) total += size();
  }
  return total;
}

void VersionMemo::Clear() {
  orders_ = {};
  sizes_ = {};
}

VersionOrderFunction MemoizedOrder(VersionScheme scheme) {
  switch (scheme) {
    case VersionScheme::kSemVer:
      return Memoized(ParseSemVer, CompareSemVer);
    case VersionScheme::kGo:
      return Memoized(ParseGoVersion, CompareSemVer);
    case VersionScheme::kPep440:
      return Memoized(ParsePep440Version, ComparePep440Versions);
    case VersionScheme::kMaven:
      return Memoized(ParseMavenVersion, CompareMavenVersions);
    case VersionScheme::kDebian:
      return Memoized(ParseDebianVersion, CompareDebianVersions);
    case VersionScheme::kRubyGems:
      return Memoized(ParseRubyGemsVersion, CompareRubyGemsVersions);
    case VersionScheme::kNuGet:
      return Memoized(ParseNuGetVersion, CompareNuGetVersions);
  }
  return [](std::string_view, std::string_view) -> Result<int> {
    return MakeError(ErrorKind::kInternal, "unknown version scheme", "unknown version scheme");
  };
}

std::string_view VersionSchemeName(VersionScheme scheme) {
  switch (scheme) {
    case VersionScheme::kSemVer:
      return "SemVer";
    case VersionScheme::kGo:
      return "Go module";
    case VersionScheme::kPep440:
      return "PEP 440";
    case VersionScheme::kMaven:
      return "Maven";
    case VersionScheme::kDebian:
      return "Debian";
    case VersionScheme::kRubyGems:
      return "RubyGems";
    case VersionScheme::kNuGet:
      return "NuGet";
  }
  return "unknown";
}

std::optional<VersionScheme> SchemeForEcosystem(std::string_view osv_ecosystem) {
  const Ecosystem* ecosystem = FindEcosystem(osv_ecosystem);
  if (ecosystem == nullptr) return std::nullopt;
  return ecosystem->scheme;
}

std::optional<VersionScheme> SchemeForPurlType(std::string_view purl_type) {
  for (const Ecosystem& ecosystem : kEcosystems) {
    if (ecosystem.purl_type == purl_type) return ecosystem.scheme;
  }
  return std::nullopt;
}

std::optional<std::string_view> PurlTypeForEcosystem(std::string_view osv_ecosystem) {
  const Ecosystem* ecosystem = FindEcosystem(osv_ecosystem);
  if (ecosystem == nullptr) return std::nullopt;
  return ecosystem->purl_type;
}

Result<int> CompareVersions(VersionScheme scheme, std::string_view a, std::string_view b) {
  switch (scheme) {
    case VersionScheme::kSemVer:
      return ParseAndCompare(ParseSemVer, CompareSemVer, a, b);
    case VersionScheme::kGo:
      return ParseAndCompare(ParseGoVersion, CompareSemVer, a, b);
    case VersionScheme::kPep440:
      return ParseAndCompare(ParsePep440Version, ComparePep440Versions, a, b);
    case VersionScheme::kMaven:
      return ParseAndCompare(ParseMavenVersion, CompareMavenVersions, a, b);
    case VersionScheme::kDebian:
      return ParseAndCompare(ParseDebianVersion, CompareDebianVersions, a, b);
    case VersionScheme::kRubyGems:
      return ParseAndCompare(ParseRubyGemsVersion, CompareRubyGemsVersions, a, b);
    case VersionScheme::kNuGet:
      return ParseAndCompare(ParseNuGetVersion, CompareNuGetVersions, a, b);
  }
  return MakeError(ErrorKind::kInternal, "unknown version scheme", "unknown version scheme");
}

bool IsVersion(VersionScheme scheme, std::string_view text) {
  return CompareVersions(scheme, text, text).ok();
}

}  // namespace hoshitori::sbom
