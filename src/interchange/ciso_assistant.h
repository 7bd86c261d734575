// CISO Assistant library YAML in: frameworks (requirement nodes with parent_urn, assessable,
// implementation groups) and requirement mapping sets (equal, equivalent, subset, superset,
// intersect, not_related; strength of relationship 0..10).
//
// A node id is what follows the framework in the node's URN, with ':' written as '_'
// ("urn:intuitem:risk:req_node:nist-csf-2.0:gv.oc-01" -> "gv.oc-01",
// "...:req_node:tisax-v2027:1.1.1:2" -> "1.1.1_2"); when two URNs of one framework still give
// the same id, the later node's id gets "-" and six hex digits derived from its URN. The ref
// is the ref_id and a framework's id is the last segment of its URN. Mapping sets apply the
// same rule, so a library's mappings meet the frameworks imported from its sibling
// libraries. Top-level nodes with children become the categories; top-level leaves go to
// "general". English text is the library's own when its locale is en, else its
// `translations.en`; Japanese likewise (locale ja or `translations.ja`); a missing side takes
// the other (text.h). Questions are kept in the description, with their answer choices.
//
// Mapping entries that cannot be imported as they are: identical repeats are merged;
// repeats with different relationships keep only what all of them imply (and say so in the
// rationale); a repeat that says not_related against a relationship is an error naming both
// lines. An entry whose URN is not a node of its framework, or that maps to a heading in a
// way that cannot be spread over the heading's requirements (see docs/interchange.md), is an
// error listing every such entry, or, with skip_unknown, left out and listed in `skipped`.
//
// Pure: text in, values out.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"

namespace hoshitori::interchange {

struct CisoImportOptions {
  std::string file_name = "library.yaml";
  std::string framework_id;  // overrides the id of the (single) framework
  // Implementation group ref_id -> level tag. Without an entry a group whose ref_id is a
  // level tag name (star1..star5, lv1..lv3, any case) becomes that tag; others are ignored.
  std::map<std::string, LevelTag> level_map;
  // Framework ids for the mapping sets' source and target (empty: from their URNs), and a
  // catalog to resolve node ids against (by id, ref, or ignoring case) when the framework
  // is already installed.
  std::string source;
  std::string target;
  const Catalog* catalog = nullptr;
  // Looks up an installed framework by id when `catalog` is not given (nullptr: unknown).
  std::function<const Framework*(const std::string&)> find_framework;
  // Leave out mapping entries that cannot be imported (listed in CisoImport::skipped)
  // instead of failing.
  bool skip_unknown = false;
};

struct CisoImport {
  std::vector<Framework> frameworks;
  std::vector<MappingSet> mapping_sets;
  // "FILE:LINE: why" for every mapping entry left out (only with skip_unknown).
  std::vector<std::string> skipped;
  // What was changed on the way in (merged repeats, spread headings), one line each.
  std::vector<std::string> notes;
};

// The node id the importer gives the requirement node `urn` (see above), before any
// collision suffix; `CisoCollisionId` is the id of a node whose base id was taken.
std::string CisoNodeId(const std::string& urn);
std::string CisoCollisionId(const std::string& urn);

// Returns what the library defines, or an error "FILE:LINE: message" for the first problem.
Result<CisoImport> ImportCisoAssistantLibrary(std::string_view yaml_text, const CisoImportOptions& options);

// Parses "IG1=lv1,IG2=lv2" into a level map, or an error naming the bad entry.
Result<std::map<std::string, LevelTag>> ParseLevelMap(std::string_view text);

}  // namespace hoshitori::interchange
