// Importing supply-chain relationships from CSV or JSON (interchange/relationship_file.h
// reads the file) in one transaction, and loading the stored chain into the in-memory
// SupplyGraph.
//
// All or nothing: a file with any bad row stores nothing, and the error lists every bad row
// found (up to 20) with its number and reason.
#pragma once

#include <optional>
#include <string_view>

#include "chain/supply_graph.h"
#include "store/store.h"

namespace hoshitori {

struct RelationshipImportOptions {
  // The organisation declaring every row (rows' declared_by must then be empty or equal).
  std::optional<CorporateNumber> declared_by;
};

struct RelationshipImportSummary {
  int64_t relationships = 0;
};

// Chooses CSV or JSON by the first non-blank character ('{' or '[' means JSON). This is the
// platform operator's bulk import (`hoshitori chain import`): an operator's import is
// trusted, so its relationships are stored confirmed by both parties.
Result<RelationshipImportSummary> ImportRelationships(
    Store& store, std::string_view text, const RelationshipImportOptions& options = {});

// One organisation's declaration (through the API): validates and writes like
// ImportRelationships, but inside the caller's transaction (the caller commits, or rolls back
// on error), and stores every relationship unconfirmed: a one-sided claim until the other
// party confirms it. Returns the relationships written, with their ids.
Result<std::vector<SupplyRelationship>> StageRelationships(
    Store& store, std::string_view text, const RelationshipImportOptions& options);

// Every organisation (NodeId in id order), relationship and disclosure of the store as a
// compacted graph.
Result<SupplyGraph> LoadSupplyGraph(Store& store);

}  // namespace hoshitori
