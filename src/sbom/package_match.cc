#include "sbom/package_match.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sbom/version.h"

namespace hoshitori::sbom {
namespace {

VersionOrder OrderOf(VersionScheme scheme) {
  return [scheme](std::string_view a, std::string_view b) { return CompareVersions(scheme, a, b); };
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Splits an ecosystem's package name into a Package URL namespace and name.
std::pair<std::string, std::string> SplitName(std::string_view purl_type,
                                              std::string_view ecosystem, std::string_view name) {
  if (purl_type == "golang" || purl_type == "npm") {
    // Go module paths and scoped npm packages: everything before the last '/' is the
    // namespace (an unscoped npm package has none).
    const size_t slash = name.rfind('/');
    if (slash == std::string_view::npos) return {"", std::string(name)};
    return {std::string(name.substr(0, slash)), std::string(name.substr(slash + 1))};
  }
  if (purl_type == "maven") {
    const size_t colon = name.find(':');
    if (colon == std::string_view::npos) return {"", std::string(name)};
    return {std::string(name.substr(0, colon)), std::string(name.substr(colon + 1))};
  }
  if (purl_type == "deb") {
    // "Debian:12" -> "debian", "Ubuntu:22.04:LTS" -> "ubuntu".
    return {Lower(ecosystem.substr(0, ecosystem.find(':'))), std::string(name)};
  }
  return {"", std::string(name)};
}

// OSV writes Go versions without the "v" that Go (and its Package URLs) put in front.
std::string_view VersionForEcosystem(std::string_view osv_ecosystem, std::string_view version) {
  if (SchemeForEcosystem(osv_ecosystem) == VersionScheme::kGo && version.size() > 1 &&
      version.front() == 'v') {
    version.remove_prefix(1);
  }
  return version;
}

}  // namespace

RangeOrders OrdersForEcosystem(std::string_view osv_ecosystem) {
  RangeOrders orders;
  orders.semver = OrderOf(VersionScheme::kSemVer);
  if (const std::optional<VersionScheme> scheme = SchemeForEcosystem(osv_ecosystem)) {
    orders.ecosystem = OrderOf(*scheme);
  }
  return orders;
}

std::optional<std::string> AffectedPackageKey(const OsvPackage& package) {
  if (!package.purl.empty()) {
    Result<PackageUrl> parsed = ParsePackageUrl(package.purl, PurlParseMode::kLenient);
    if (parsed.ok()) return PackageKey(*parsed);
  }
  const std::optional<std::string_view> type = PurlTypeForEcosystem(package.ecosystem);
  if (!type || package.name.empty()) return std::nullopt;
  auto [namespace_, name] = SplitName(*type, package.ecosystem, package.name);
  Result<PackageUrl> built = BuildPackageUrl(*type, namespace_, name, "", {}, "");
  if (!built.ok()) return std::nullopt;
  return PackageKey(*built);
}

bool NamesPackage(const AffectedPackage& entry, std::string_view package_key) {
  const std::optional<std::string> key = AffectedPackageKey(entry.package);
  return key && *key == package_key;
}

EntryKeys EntryKeysOf(const Advisory& advisory) {
  EntryKeys keys;
  keys.reserve(advisory.affected.size());
  for (const AffectedPackage& entry : advisory.affected) {
    keys.push_back(AffectedPackageKey(entry.package));
  }
  return keys;
}

PreparedAdvisory PrepareAdvisory(const Advisory& advisory, VersionMemo* memo) {
  return PrepareAdvisory(advisory, std::make_shared<const EntryKeys>(EntryKeysOf(advisory)),
                         memo);
}

PreparedAdvisory PrepareAdvisory(const Advisory& advisory, std::shared_ptr<const EntryKeys> keys,
                                 VersionMemo* memo) {
  PreparedAdvisory prepared;
  prepared.advisory = &advisory;
  prepared.keys = std::move(keys);
  // One memoised order per scheme, shared by the entries: each event text is parsed once.
  const auto memoized = [memo](VersionScheme scheme) {
    return memo != nullptr ? memo->Order(scheme) : MemoizedOrder(scheme);
  };
  const VersionOrder semver = memoized(VersionScheme::kSemVer);
  std::vector<std::pair<VersionScheme, VersionOrder>> by_scheme;
  for (const AffectedPackage& entry : advisory.affected) {
    RangeOrders orders;
    orders.semver = semver;
    if (const std::optional<VersionScheme> scheme = SchemeForEcosystem(entry.package.ecosystem)) {
      auto held = std::find_if(by_scheme.begin(), by_scheme.end(),
                               [&](const auto& pair) { return pair.first == *scheme; });
      if (held == by_scheme.end()) {
        held = by_scheme.insert(by_scheme.end(), {*scheme, memoized(*scheme)});
      }
      orders.ecosystem = held->second;
    }
    prepared.orders.push_back(std::move(orders));
  }
  return prepared;
}

RangeMatch MatchPackage(const Advisory& advisory, const PackageUrl& purl) {
  return MatchPackage(PrepareAdvisory(advisory), purl);
}

namespace {

// Whether `version` is surely outside `range` (see SurelyNotAffected): the evaluation of
// osv_range.cc without its texts, giving up (false) wherever that one could not tell.
bool SurelyOutside(const AffectedRange& range, std::string_view version,
                   const RangeOrders& orders) {
  const VersionOrder* order = nullptr;
  if (range.type == RangeType::kSemver) order = &orders.semver;
  if (range.type == RangeType::kEcosystem) order = &orders.ecosystem;
  if (order == nullptr || !*order || !(*order)(version, version).ok()) return false;
  const auto zero = [](const RangeEvent& event) {
    return event.kind == EventKind::kIntroduced && event.version == "0";
  };
  const auto infinite = [](const RangeEvent& event) {
    return event.kind == EventKind::kLimit && event.version.find('*') != std::string::npos;
  };
  bool has_limit = false;
  bool below_a_limit = false;
  const RangeEvent* last = nullptr;  // the latest event that applies at `version`
  for (const RangeEvent& event : range.events) {
    int against = 1;  // version against event
    if (infinite(event)) {
      against = -1;
    } else if (!zero(event)) {
      Result<int> compared = (*order)(version, event.version);
      if (!compared.ok()) return false;
      against = *compared;
    }
    if (event.kind == EventKind::kLimit) {
      has_limit = true;
      below_a_limit = below_a_limit || against < 0;
      continue;
    }
    const bool applies = event.kind == EventKind::kLastAffected ? against > 0 : against >= 0;
    if (!applies) continue;
    if (last == nullptr) {
      last = &event;
      continue;
    }
    // Later in the range's order: by version, and at one version introduced first.
    int order_of = 0;
    if (zero(*last) || zero(event)) {
      order_of = zero(*last) == zero(event) ? 0 : (zero(*last) ? -1 : 1);
    } else {
      Result<int> compared = (*order)(last->version, event.version);
      if (!compared.ok()) return false;
      order_of = *compared;
    }
    const int last_rank = last->kind == EventKind::kIntroduced ? 0 : 1;
    const int rank = event.kind == EventKind::kIntroduced ? 0 : 1;
    if (order_of < 0 || (order_of == 0 && last_rank < rank)) last = &event;
  }
  if (has_limit && !below_a_limit) return true;
  return last == nullptr || last->kind != EventKind::kIntroduced;
}

}  // namespace

bool SurelyNotAffected(const PreparedAdvisory& prepared, std::string_view package_key,
                       std::string_view version) {
  const Advisory& advisory = *prepared.advisory;
  if (advisory.withdrawn) return true;
  for (size_t i = 0; i < advisory.affected.size(); ++i) {
    const std::optional<std::string>& key = (*prepared.keys)[i];
    if (!key || *key != package_key) continue;
    if (version.empty()) return false;
    const AffectedPackage& entry = advisory.affected[i];
    const std::string_view written = VersionForEcosystem(entry.package.ecosystem, version);
    for (const std::string& listed : entry.versions) {
      if (listed == written) return false;
    }
    for (const AffectedRange& range : entry.ranges) {
      if (!SurelyOutside(range, written, prepared.orders[i])) return false;
    }
  }
  return true;
}

RangeMatch MatchPackage(const PreparedAdvisory& prepared, const PackageUrl& purl) {
  return MatchPackage(prepared, purl, PackageKey(purl));
}

RangeMatch MatchPackage(const PreparedAdvisory& prepared, const PackageUrl& purl,
                        std::string_view key) {
  const Advisory& advisory = *prepared.advisory;
  if (advisory.withdrawn) {
    // EvaluateAdvisory says why (and when) in its own words.
    return EvaluateAdvisory(
        advisory, [](const AffectedPackage&) { return false; }, purl.version, RangeOrders{});
  }
  std::optional<RangeMatch> undecided;
  std::optional<RangeMatch> unaffected;
  for (size_t i = 0; i < advisory.affected.size(); ++i) {
    const AffectedPackage& entry = advisory.affected[i];
    const std::optional<std::string>& entry_key = (*prepared.keys)[i];
    if (!entry_key || *entry_key != key) continue;
    if (purl.version.empty()) {
      RangeMatch match;
      match.verdict = Verdict::kCannotTell;
      match.reason = "the Package URL has no version";
      match.affected_index = static_cast<int>(i);
      return match;
    }
    RangeMatch match = EvaluateAffected(
        entry, VersionForEcosystem(entry.package.ecosystem, purl.version), prepared.orders[i]);
    match.affected_index = static_cast<int>(i);
    switch (match.verdict) {
      case Verdict::kAffected:
        return match;
      case Verdict::kCannotTell:
        if (!undecided) undecided = std::move(match);
        break;
      case Verdict::kNotAffected:
        if (!unaffected) unaffected = std::move(match);
        break;
    }
  }
  if (undecided) return *std::move(undecided);
  if (unaffected) return *std::move(unaffected);
  RangeMatch none;
  none.reason = "no affected entry names " + std::string(key);
  return none;
}

Result<std::vector<PurlListEntry>> ReadPurlList(std::string_view text,
                                                const std::string& file_name) {
  auto invalid = [&file_name](size_t line, const std::string& english,
                              const std::string& japanese) {
    const std::string where = line == 0 ? file_name : file_name + ":" + std::to_string(line);
    return MakeError(ErrorKind::kInvalid, "invalid Package URL list",
                     where + ": " + english + " / " + japanese);
  };
  if (text.size() > kMaxPurlListBytes) {
    return invalid(0, "more than " + std::to_string(kMaxPurlListBytes) + " bytes",
                   "上限 " + std::to_string(kMaxPurlListBytes) + " バイトを超えています");
  }
  std::vector<PurlListEntry> entries;
  size_t line = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view content = text.substr(start, end - start);
    start = end + 1;
    ++line;
    while (!content.empty() && (content.front() == ' ' || content.front() == '\t')) {
      content.remove_prefix(1);
    }
    while (!content.empty() &&
           (content.back() == ' ' || content.back() == '\t' || content.back() == '\r')) {
      content.remove_suffix(1);
    }
    if (content.empty() || content.front() == '#') continue;
    if (entries.size() == kMaxPurlListEntries) {
      return invalid(
          line, "more than " + std::to_string(kMaxPurlListEntries) + " Package URLs",
          "Package URL が上限 " + std::to_string(kMaxPurlListEntries) + " 件を超えています");
    }
    Result<PackageUrl> purl = ParsePackageUrl(content, PurlParseMode::kLenient);
    if (!purl) {
      return invalid(line, purl.error().message,
                     std::to_string(line) + " 行目は Package URL として読めません");
    }
    entries.push_back(PurlListEntry{line, std::move(purl).value()});
  }
  return entries;
}

}  // namespace hoshitori::sbom
