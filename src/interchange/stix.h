// STIX 2.1 bundles (OASIS, "STIX Version 2.1", 2021): a light object model that carries any
// object, a writer from the de-identified technical part of an incident report, and a reader
// that keeps every object and extracts what Hoshitori uses. Pure: bytes in, values out;
// thread-safe.
//
// Writing (WriteReportBundle). One bundle per report, every object marked with the report's
// TLP 2.0 marking (the official marking-definition object of OASIS's TLP 2.0 extension,
// included in the bundle and referenced from every other object's object_marking_refs),
// except the hub's identity:
//   identity        the hub (the author; created_by_ref of every object), never the victim;
//                   marked TLP:CLEAR (its definition included too), since it is public and
//                   keeps one id in every bundle;
//   report          name, description (the de-identified summary, then a line
//                   "Reporter / 報告者: industry (JSIC) / 業種 E, size / 規模 21-50, …" with the
//                   fields of the reporter's description that may be published), published
//                   (the day), object_refs to every other object except the markings;
//   indicator       one per indicator, pattern_type "stix": [ipv4-addr:value = '…'],
//                   ipv6-addr, domain-name, url, email-addr, file:hashes.MD5 /
//                   file:hashes.'SHA-1' / file:hashes.'SHA-256'; string literals escape \ and ';
//   malware         one per name, is_family false;
//   attack-pattern  one per ATT&CK technique, external reference "mitre-attack" + Txxxx[.yyy];
//   vulnerability   one per CVE, external reference "cve";
//   relationship    indicator indicates malware (each attack-pattern when no malware is
//                   named), malware uses attack-pattern, malware exploits vulnerability
//                   (without malware, vulnerabilities are related through the report only);
//   sighting        one per indicator when the sightings count is above 0 (count only: no
//                   where_sighted_refs, which would name the organisations).
// Ids are deterministic UUIDv5 (RFC 9562) in Hoshitori's namespace (kStixNamespace):
//   indicator/malware/attack-pattern/vulnerability  over type, TLP and the normalised value,
//   identity over the hub's name, report over the input's report_key, relationship over its
//   type and ends, sighting over the report and the indicator.
// So re-exporting a report yields the same ids, the same value under the same marking has one
// id in every report, and an object never changes its marking under one id (a RED copy of a
// GREEN indicator is another object). Timestamps are RFC 3339 UTC with milliseconds: created
// and modified of the report's objects are the report's timestamp, so a value that appears in
// a later report comes again under its id with later timestamps; a store keeps the first
// version it has of an id (the content apart from timestamps is the same) — STIX forbids a
// created that changes between versions.
//
// Reading (ReadBundle). Bounds on outside input (each exceeded one is an error naming it):
//   bundle size kMaxStixBundleBytes (16 MiB); nesting of arrays/objects kMaxStixDepth (64);
//   objects kMaxStixObjects (100,000); any string value or member name kMaxStixStringBytes
//   (1 MiB); a STIX pattern kMaxStixPatternBytes (64 KiB) with at most
//   kMaxStixPatternComparisons comparisons (more: kept, not extracted).
// Checked per object: type (3-250 of a-z, 0-9, '-'), id "<type>--<uuid>", spec_version
//   "2.1" (required for SDOs, SROs, marking definitions, language content and extension
//   definitions; when present on others it must be "2.1"), created and modified (required for
//   SDOs, SROs, language content and extension definitions; created for marking definitions)
//   as RFC 3339 UTC timestamps. Every object is
//   kept as JSON, unknown and custom types too, so Serialise writes back as many objects as
//   were read.
// Extracted: indicators from simple patterns — comparisons "<path> = '<value>'" with the paths
//   above (hash names in any case, quoted or not, "SHA256"/"SHA1" too), joined by OR inside
//   one [ ] or as [ ] OR [ ] — each value normalised by share::ParseIndicator; any other
//   pattern (AND, FOLLOWEDBY, qualifiers, other operators or paths, pattern_type not "stix")
//   is counted in patterns_not_extracted with a note. CVE ids from vulnerabilities (an
//   external reference "cve", else the name); malware names; ATT&CK technique ids from
//   attack-patterns' external references whose source_name starts with "mitre-".
// TLP per object: from object_marking_refs and granular_markings' marking_ref, against the
//   official TLP 1.0 ids (WHITE reads as CLEAR) and TLP 2.0 ids; several: the strictest. A
//   reference to a statement marking defined in the bundle is not a TLP marking and is
//   ignored; any other unknown reference makes the object RED (the strictest) with a note.
//   No TLP marking at all: tlp is empty (the importer decides).
//
// Errors: kInvalid, "<file>: <JSON path>: <English> / <Japanese>", e.g.
//   "bundle.json: $.objects[3].id: "indicator--x" is not "<type>--<UUID>" / ...".
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "share/deidentify.h"
#include "share/indicator.h"
#include "share/tlp.h"

namespace hoshitori::interchange {

inline constexpr size_t kMaxStixBundleBytes = size_t{16} << 20;
inline constexpr int kMaxStixDepth = 64;
inline constexpr size_t kMaxStixObjects = 100'000;
inline constexpr size_t kMaxStixStringBytes = size_t{1} << 20;
inline constexpr size_t kMaxStixPatternBytes = size_t{64} << 10;
inline constexpr size_t kMaxStixPatternComparisons = 1'000;
inline constexpr size_t kMaxStixNotes = 1'000;  // further notes are counted, not kept

// Hoshitori's UUIDv5 namespace for STIX ids (a fixed value chosen once; changing it would
// change every exported id).
inline constexpr std::string_view kStixNamespace = "8f1d3c6e-1a57-5b2e-9c3d-6f0a2b4e7d19";
// The TLP 2.0 marking extension's id (OASIS cti-stix-common-objects).
inline constexpr std::string_view kStixTlp2Extension =
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

// One STIX object: the common properties read out, and the whole object as JSON (the truth;
// the fields are copies for convenience). Timestamps as written; empty when absent.
struct StixObject {
  std::string type;
  std::string id;
  std::string spec_version;
  std::string created;
  std::string modified;
  std::vector<std::string> object_marking_refs;
  nlohmann::json json;
};

struct StixBundle {
  std::string id;  // "bundle--<uuid>"
  std::vector<StixObject> objects;
};

// The author of exported objects: the hub, never the reporting organisation.
struct StixAuthor {
  std::string name;                             // required
  std::string identity_class = "organization";  // STIX identity-class-ov
  std::string contact_information;              // may be empty
  // When the hub's identity was first published (RFC 3339 UTC); empty: 2026-01-01T00:00:00Z.
  // Every export must pass the same value, since the identity's id never changes.
  std::string created;
};

// The de-identified technical part of an incident report, as approved for sharing.
struct StixReportInput {
  std::string report_key;  // stable key of the report in the hub ("incident-report/42"); required
  std::string name;        // report title (de-identified); required
  std::string summary;     // de-identified free text; may be empty
  std::string published;   // the day, "YYYY-MM-DD" (time is coarsened to the day)
  // When this version was approved (RFC 3339 UTC, any precision); empty: the published day's
  // midnight. Becomes created and modified of the report and of the objects it makes.
  std::string timestamp;
  share::Tlp tlp = share::Tlp::kRed;
  // The reporter as it may be published: share::KAnonymousDescription's result (fields that
  // may not be published are empty). Written into the report's description.
  share::ReporterDescription reporter;
  StixAuthor author;
  // Normalised indicators (share::ParseIndicator). kCve and kAttackTechnique entries join
  // cves and techniques.
  std::vector<share::Indicator> indicators;
  std::vector<std::string> cves;        // "CVE-2024-3400" (read with share::ParseIndicator)
  std::vector<std::string> malware;     // names as reported
  std::vector<std::string> techniques;  // "T1059" / "T1059.001"
  int64_t sightings = 0;                // organisations that saw the indicators (0: none)
};

// The bundle for `input`. Errors (kInvalid, English / Japanese): a required field empty, a
// date or timestamp not in the stated form, text not valid UTF-8, a CVE or technique id not
// of its form, an indicator of a kind with no STIX pattern, more objects than the reader
// accepts (kMaxStixObjects: the writer writes nothing the reader refuses).
Result<StixBundle> WriteReportBundle(const StixReportInput& input);

// The bundle as compact JSON ({"type":"bundle","id":…,"objects":[…]}; no "objects" when there
// are none), each object's json as held. Deterministic: member names sorted.
std::string Serialise(const StixBundle& bundle);

// The STIX pattern of one indicator ("[ipv4-addr:value = '192.0.2.1']"); kInvalid for kCve
// and kAttackTechnique (they are objects of their own, not patterns).
Result<std::string> StixPattern(const share::Indicator& indicator);

// The official TLP 2.0 marking-definition object and its id.
nlohmann::json Tlp2MarkingDefinition(share::Tlp tlp);
std::string_view Tlp2MarkingId(share::Tlp tlp);

// A UUIDv5 (RFC 9562, SHA-1) of `name` in `namespace_uuid` (text form), lower-case text.
std::string UuidV5(std::string_view namespace_uuid, std::string_view name);

struct StixExtractedIndicator {
  std::string object_id;  // the indicator object it came from
  share::Indicator indicator;
};

// An object's TLP as read (see the header comment).
struct StixObjectTlp {
  std::optional<share::Tlp> tlp;  // empty: no TLP marking
  bool unknown_marking = false;   // an unknown reference made it RED
};

struct StixImport {
  StixBundle bundle;
  std::vector<StixObjectTlp> tlp;  // one per bundle.objects, same order
  std::vector<StixExtractedIndicator> indicators;
  std::vector<std::string> cves;        // each once, in order of appearance
  std::vector<std::string> malware;     // each once, in order of appearance
  std::vector<std::string> techniques;  // each once, in order of appearance
  std::map<std::string, size_t> count_by_type;
  size_t patterns_not_extracted = 0;  // indicator objects whose pattern gave no indicator
  size_t unknown_markings = 0;        // objects made RED by an unknown marking
  // What was read but not used, and why ("$.objects[4]: pattern uses AND / ..."); at most
  // kMaxStixNotes, then notes_dropped counts the rest.
  std::vector<std::string> notes;
  size_t notes_dropped = 0;
};

// Reads a bundle; `file_name` only names the file in messages.
Result<StixImport> ReadBundle(std::string_view bytes, const std::string& file_name = "bundle");

}  // namespace hoshitori::interchange
