// A vulnerability advisory in the OSV schema (https://ossf.github.io/osv-schema/), reduced to
// what matching and display need. Values only: reading them from JSON or YAML is
// interchange/osv.h, deciding whether a version is affected is sbom/osv_range.h.
//
// Kept: id, aliases, modified, published, withdrawn, summary, severity, a bounded number of
// references, and per affected package its ecosystem, name and purl, its ranges (type, repo,
// events) and its explicit versions list.
// Dropped on reading (not needed to match or to show a match): schema_version (checked,
// not kept), details, upstream, related, credits, every database_specific and
// ecosystem_specific object (Go's affected symbols and imports among them), the
// per-package severity, and references beyond kMaxKeptReferences.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::sbom {

// An instant in UTC, to the microsecond (OSV timestamps are RFC 3339).
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// Parses an RFC 3339 date-time: "2023-06-12T18:45:41Z", with an optional fraction of a
// second (digits beyond microseconds are dropped) and "Z" or a "+hh:mm"/"-hh:mm" offset,
// which is converted to UTC. 't'/'z' and a space in place of 'T' are accepted as RFC 3339
// allows. Rejects anything else, and impossible dates such as 2023-02-30, with an error
// saying what is wrong.
Result<Timestamp> ParseOsvTimestamp(std::string_view text);

// "2023-06-12T18:45:41Z", with a six-digit fraction only when it is not zero. ParseOsvTimestamp
// of the result gives `time` back.
std::string FormatOsvTimestamp(Timestamp time);

// How the versions in a range's events are ordered.
enum class RangeType {
  kSemver,     // SemVer 2.0 precedence, whatever the ecosystem
  kEcosystem,  // the package ecosystem's own order
  kGit,        // commit hashes ordered by ancestry: needs the repository, never evaluated here
  kOther,      // a type this schema version does not define (kept so a match can say so)
};
std::string_view RangeTypeName(RangeType type);  // "SEMVER", "ECOSYSTEM", "GIT", "other"

enum class EventKind { kIntroduced, kFixed, kLastAffected, kLimit };
std::string_view EventKindName(EventKind kind);  // "introduced", "fixed", ...

// One step on a range's timeline: at `version` the vulnerability is introduced, fixed, last
// present, or the range ends. Special values: introduced "0" sorts before every version;
// a limit containing "*" is infinity.
struct RangeEvent {
  EventKind kind = EventKind::kIntroduced;
  std::string version;
  bool operator==(const RangeEvent&) const = default;
};

struct AffectedRange {
  RangeType type = RangeType::kEcosystem;
  std::string type_name;           // as written; differs from RangeTypeName only for kOther
  std::string repo;                // GIT ranges: the repository URL
  std::vector<RangeEvent> events;  // in the advisory's order (the matcher sorts)
};

// The package an `affected` entry is about. ecosystem is as written ("PyPI", "Go",
// "Debian:12"); purl, when given, has no version.
struct OsvPackage {
  std::string ecosystem;
  std::string name;
  std::string purl;
};

struct AffectedPackage {
  OsvPackage package;
  std::vector<AffectedRange> ranges;
  std::vector<std::string> versions;  // explicitly listed affected versions
};

// A severity rating: type "CVSS_V3", "CVSS_V4", "Ubuntu", ... and its score (a vector string
// for CVSS).
struct Severity {
  std::string type;
  std::string score;
};

struct Reference {
  std::string type;  // "ADVISORY", "FIX", "WEB", ... as written
  std::string url;
};

struct Advisory {
  std::string id;  // "GHSA-...", "PYSEC-2021-13", "GO-2022-0001"
  std::vector<std::string> aliases;
  Timestamp modified{};
  std::optional<Timestamp> published;
  // Set when the advisory was withdrawn: it then affects nothing (osv_range.h).
  std::optional<Timestamp> withdrawn;
  std::string summary;
  std::vector<AffectedPackage> affected;
  std::vector<Severity> severity;
  std::vector<Reference> references;  // the first kMaxKeptReferences
  size_t references_dropped = 0;      // how many more the advisory listed
};

// References kept per advisory; the rest are counted in references_dropped.
inline constexpr size_t kMaxKeptReferences = 32;

}  // namespace hoshitori::sbom
