// Reading catalog files (YAML, format in docs/catalog-format.md) and checking them.
//
// Every problem is reported as "FILE:LINE: message" so that a catalog author can go
// straight to it. Loading never stops at the first problem: all are collected.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"

namespace hoshitori {

struct CatalogProblems {
  std::vector<std::string> messages;
  bool empty() const { return messages.empty(); }
  // All messages, one per line.
  std::string Joined() const;
};

// Parses one catalog file's text and adds what it defines (a framework or a mapping set) to
// `catalog`. Problems are appended to `problems`; nothing is added from a file with problems.
void LoadCatalogText(std::string_view text, const std::string& file_name, Catalog& catalog,
                     CatalogProblems& problems);

// Checks what only the whole catalog can tell: mapping sets naming unknown frameworks or
// nodes, non-assessable mapping ends, duplicate mapping set ids.
void CheckCatalogReferences(const Catalog& catalog, CatalogProblems& problems);

// Checks the crosswalk authoring rules of docs/crosswalks.md on every mapping set:
// - one source node may be equivalent-to (or equal-to) only one target node of a set;
// - coverage 1.0 only on equal-to, equivalent-to and superset-of (anything else covers a part);
// - every mapping carries a rationale in both Japanese and English.
// Each problem names the mapping's file and line. These are review rules, not load rules:
// crosswalks imported from outside (OSCAL, CISO Assistant) often carry English remarks only and
// still load; `hoshitori catalog validate` applies the rules to everything in the directory.
void CheckCrosswalkRules(const Catalog& catalog, CatalogProblems& problems);

// Which checks ValidateCatalogDirectory applies: kLoad — what loading and installing need;
// kReview — kLoad plus CheckCrosswalkRules (`hoshitori catalog validate`).
enum class CatalogChecks { kLoad, kReview };

// Loads every *.yaml / *.yml file below `directory` (recursively, in name order) and checks
// references. Returns the catalog, or an error listing every problem found.
Result<Catalog> LoadCatalogDirectory(const std::string& directory);

// Loads, returning the problems instead of failing: for `hoshitori catalog validate`.
CatalogProblems ValidateCatalogDirectory(const std::string& directory, Catalog* loaded = nullptr,
                                         CatalogChecks checks = CatalogChecks::kLoad);

}  // namespace hoshitori
