// CISO Assistant library YAML in: frameworks (requirement nodes with parent_urn, assessable,
// implementation groups) and requirement mapping sets (equal, equivalent, subset, superset,
// intersect, not_related; strength of relationship 0..10).
//
// Node ids are the last segment of each requirement node's URN
// ("urn:intuitem:risk:req_node:nist-csf-2.0:gv.oc-01" -> "gv.oc-01"), the ref is its
// ref_id, and a framework's id is the last segment of its URN; mapping sets use the same
// rule, so a library's mappings meet the frameworks imported from its sibling libraries.
// Top-level nodes with children become the categories; top-level leaves go to "general".
// Texts are in the library's locale, with `translations` filling the other language, and
// the fallback rule of text.h where one is still missing.
//
// Pure: text in, values out.
#pragma once

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
};

struct CisoImport {
  std::vector<Framework> frameworks;
  std::vector<MappingSet> mapping_sets;
};

// Returns what the library defines, or an error "FILE:LINE: message" for the first problem.
Result<CisoImport> ImportCisoAssistantLibrary(std::string_view yaml_text, const CisoImportOptions& options);

// Parses "IG1=lv1,IG2=lv2" into a level map, or an error naming the bad entry.
Result<std::map<std::string, LevelTag>> ParseLevelMap(std::string_view text);

}  // namespace hoshitori::interchange
