// Reading OSV advisories (https://ossf.github.io/osv-schema/) into sbom::Advisory values:
// one advisory from JSON or YAML bytes (pure), or every advisory in a directory tree or a
// zip archive (osv_files.cc), with a report of what was read and what was skipped and why.
// What an Advisory keeps and what reading drops is listed in sbom/advisory.h.
//
// Strictness: unknown fields are ignored (newer minor schema versions only add fields); a
// schema_version with a major version above 1 is refused. A field the schema defines with a
// wrong type, an event naming more or fewer than one of introduced / fixed / last_affected
// / limit, a range without an introduced event or with both fixed and last_affected
// events, and a missing id or modified make the advisory unreadable: the error names the
// file (for YAML with the line, "PYSEC-2021-1.yaml:12"), the JSON path
// ("$.affected[0].ranges[1].events[2]") and the reason, in English and Japanese
// ("... / ...").
//
// Bounds on outside input (each exceeded one is an error naming it):
//   file size kMaxOsvFileBytes; nesting kMaxOsvDepth; YAML nodes after alias expansion
//   kMaxOsvNodes and their text (values, keys and paths) kMaxOsvExpandedBytes; affected entries
//   kMaxOsvAffected; ranges per entry kMaxOsvRanges; events per range kMaxOsvEvents; versions per
//   entry kMaxOsvVersions; aliases kMaxOsvAliases; severities kMaxOsvSeverities; string lengths
//   kMaxOsvIdBytes (ids, aliases, ecosystems, event values, versions), kMaxOsvNameBytes
//   (package names, purls, repos, URLs, scores). A summary longer than kMaxOsvSummaryBytes
//   is cut at a character boundary and ends with "..."; references beyond
//   sbom::kMaxKeptReferences are counted, not kept. A directory or zip is read up to
//   kMaxOsvFiles advisory files and kMaxOsvTotalBytes of advisory text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sbom/advisory.h"

namespace hoshitori::interchange {

inline constexpr size_t kMaxOsvFileBytes = size_t{4} << 20;
inline constexpr int kMaxOsvDepth = 64;
inline constexpr size_t kMaxOsvNodes = 1'000'000;
inline constexpr size_t kMaxOsvExpandedBytes = size_t{16} << 20;
inline constexpr size_t kMaxOsvAffected = 10'000;
inline constexpr size_t kMaxOsvRanges = 1'000;
inline constexpr size_t kMaxOsvEvents = 10'000;
inline constexpr size_t kMaxOsvVersions = 200'000;
inline constexpr size_t kMaxOsvAliases = 1'000;
inline constexpr size_t kMaxOsvSeverities = 64;
inline constexpr size_t kMaxOsvIdBytes = 256;
inline constexpr size_t kMaxOsvNameBytes = 4096;
inline constexpr size_t kMaxOsvSummaryBytes = 2048;
inline constexpr size_t kMaxOsvFiles = 2'000'000;
inline constexpr uint64_t kMaxOsvTotalBytes = uint64_t{8} << 30;

// Reads one advisory. `bytes` is JSON when its first non-blank character is '{' or '[', else
// YAML;
// `file_name` only names the file in messages. Errors are kInvalid and start with
// file_name.
Result<sbom::Advisory> ReadOsvAdvisory(std::string_view bytes, const std::string& file_name);

// True for names ending in .json, .yaml or .yml (any case): the files a directory or zip
// reading looks at. Everything else (licences, hidden allocator files) is counted as ignored.
bool IsOsvFileName(std::string_view name);

// A file that was not read, and why ("more than 4194304 bytes", "$.id: missing / ...").
struct OsvSkip {
  std::string file;  // path relative to the directory, or the name inside the zip
  std::string reason;
};

struct OsvReadReport {
  size_t files = 0;    // advisory files found (IsOsvFileName)
  size_t read = 0;     // advisories read and handed over
  size_t ignored = 0;  // other files and entries, not looked at
  // Files found but not read; files == read + skipped.size(). When the limits stop the
  // reading, the last skip names the first file not read and says so; later ones are not
  // counted.
  std::vector<OsvSkip> skipped;
};

// Receives each advisory read and the file it came from.
using AdvisorySink = std::function<void(sbom::Advisory&& advisory, const std::string& file)>;

// Reads every advisory file under `directory` (recursively, in path order, not following
// symbolic links to directories). A file that cannot be read or parsed, or whose id was
// already read from another file, is skipped and reported. An error only when the
// directory itself cannot be listed.
Result<OsvReadReport> ReadOsvDirectory(const std::filesystem::path& directory,
                                       const AdvisorySink& sink);

// Reads every advisory file in the zip archive at `path` (any folder inside it), in the
// archive's order, skipping and reporting as ReadOsvDirectory does (also encrypted or
// damaged entries). An error only when the archive cannot be opened.
Result<OsvReadReport> ReadOsvZip(const std::filesystem::path& path, const AdvisorySink& sink);

// The same for an archive held in memory; `name` names it in messages.
Result<OsvReadReport> ReadOsvZipBytes(std::string_view bytes, const std::string& name,
                                      const AdvisorySink& sink);

}  // namespace hoshitori::interchange
