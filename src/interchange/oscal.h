// OSCAL (JSON) in and out: catalogs and assessment results (OSCAL 1.1 models) and mapping
// collections (the OSCAL 1.2 mapping model). Files of any 1.x version are read.
//
// Import reads the files NIST publishes as they are (SP 800-53 / 800-171, CSF 2.0):
// groups become categories (the top-level group) and grouping nodes (nested groups);
// controls and their enhancements become requirement nodes; the statement part (with its
// items, parameters written as "[label]") becomes the description, the guidance part the
// "why"; withdrawn controls (prop status=withdrawn) are skipped. English-only sources get
// their English text in `ja` too (see docs/interchange.md) and say so in licence_note.
//
// Export writes standard OSCAL and adds what OSCAL has no field for (Japanese texts, level
// tags, weight, effort, answer choices, scoring) as props and parts in the Hoshitori
// namespace kHoshitoriNs, so that export followed by import gives the same framework.
//
// All functions are pure (text in, values out) and safe to call concurrently.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/answers.h"
#include "assess/scoring.h"
#include "catalog/catalog.h"
#include "core/result.h"

namespace hoshitori::interchange {

inline constexpr const char* kHoshitoriNs = "https://github.com/hoshitori/hoshitori/ns/oscal";
// oscal-version written into exports: catalogs and assessment results use the OSCAL 1.1
// models; the mapping-collection model exists only from OSCAL 1.2 on.
inline constexpr const char* kOscalVersion = "1.1.2";
inline constexpr const char* kOscalMappingVersion = "1.2.2";

struct OscalCatalogOptions {
  std::string file_name = "catalog.json";  // for messages
  // Framework id; empty: the Hoshitori prop of an exported catalog, else made from the
  // metadata title.
  std::string framework_id;
  // false: a control is assessable when it has a statement or no child controls (SP 800-53:
  // base controls and enhancements); true: only controls without child controls are (CSF
  // 2.0: subcategories, not categories).
  bool leaves_only = false;
};

// Reads an OSCAL catalog, JSON or XML (a document starting with '<'). Returns the framework, or an error naming the file and the JSON
// path of the first problem (e.g. "catalog.json: catalog.groups[2].controls[0]: control has
// no id").
Result<Framework> ImportOscalCatalog(std::string_view json_text, const OscalCatalogOptions& options);

// The same for a catalog already parsed (OSCAL JSON structure, e.g. a resolved profile).
Result<Framework> ImportOscalCatalogDocument(const nlohmann::json& document, const OscalCatalogOptions& options);

struct OscalProfileOptions {
  std::string file_name = "profile.json";         // for messages
  std::string catalog_file_name = "catalog.json";  // the catalog every import draws from
};

// Resolves an OSCAL profile (JSON or XML) against its catalog (JSON or XML), as OSCAL tools
// do for a baseline: the controls selected by every import's include-all or
// include-controls (with-ids, matching patterns, with-child-controls) minus its
// exclude-controls, kept in the catalog's groups and order (a selected enhancement whose
// parent is not selected takes the parent's place); modify.set-parameters replaces a
// parameter's label, values or selection; modify.alters adds props, parts, links and params
// at the start or end of a control and removes them by name or id. Every import is resolved
// against the one catalog given. Returns the resolved catalog as OSCAL JSON, or an error
// naming every control id the catalog lacks.
Result<nlohmann::json> ResolveOscalProfile(std::string_view profile_text, std::string_view catalog_text,
                                           const OscalProfileOptions& options);

// The framework as an OSCAL catalog. `timestamp` is metadata.last-modified (RFC 3339).
nlohmann::json ExportOscalCatalog(const Framework& framework, const std::string& timestamp);

struct OscalMappingOptions {
  std::string file_name = "mapping.json";
  // Framework ids of the sources and targets; empty: from the Hoshitori props of an
  // exported collection (required otherwise).
  std::string source;
  std::string target;
  std::string id;  // mapping set id; empty: "<source>_to_<target>"
  // When given, ids are resolved against these frameworks (by id, then ref, then ignoring
  // case); `find_framework` does the same for one framework at a time when there is no
  // catalog. Unknown ids and group headings are errors listing every one of them and the
  // maps naming it, unless `skip_unknown`: then their pairs are left out and each id is
  // listed in `skipped` (when given).
  const Catalog* catalog = nullptr;
  std::function<const Framework*(const std::string&)> find_framework;
  bool skip_unknown = false;
  std::vector<std::string>* skipped = nullptr;
  // When given, receives one line for each change made on the way in (merged repeats).
  std::vector<std::string>* notes = nullptr;
};

// Reads an OSCAL mapping collection into mapping sets (one per source/target pair). Each map
// with several sources or targets gives every pair; statement- and objective-level ids
// ("ac-2_smt.a") are folded to their control with the relationship weakened so that it
// stays true (a part equal to a target makes its control a superset-of the target, and so
// on; see docs/interchange.md); pairs that meet twice are merged: claims about different
// parts add up, while control-level repeats with different relationships keep only what all
// of them imply, with every statement named in the rationale. Two maps with one uuid are an
// error. XML input (a document starting with '<') is read as OSCAL XML.
Result<std::vector<MappingSet>> ImportOscalMappingCollection(std::string_view json_text,
                                                             const OscalMappingOptions& options);

// The mapping set as an OSCAL mapping collection.
nlohmann::json ExportOscalMappingCollection(const MappingSet& set, const std::string& timestamp);

struct AssessmentSummary {
  int64_t id = 0;
  std::string organisation;  // name, for the title
  std::string scope;
  std::string status;       // AssessmentStatusName
  std::string attestation;  // AttestationKindName
  int held_star = 0;
};

// An assessment as OSCAL assessment-results: one finding per assessable requirement,
// target type objective-id ("<control>_obj", present in ExportOscalCatalog's output), state
// satisfied for implemented and not_applicable, not-satisfied otherwise (unanswered
// included); the answer status, maturity and the derived results are Hoshitori props.
nlohmann::json ExportOscalAssessmentResults(const Framework& framework,
                                            const AssessmentSummary& assessment,
                                            const std::vector<Answer>& answers,
                                            const Evaluation& evaluation,
                                            const std::string& timestamp);

}  // namespace hoshitori::interchange
