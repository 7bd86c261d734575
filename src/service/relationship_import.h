// Writing a relationship file (interchange/relationship_file.h reads it) into the store,
// inside the caller's transaction: the operator's bulk import (ImportService::Relationships,
// stored confirmed by both parties) and one organisation's declaration
// (RelationshipService::Declare, stored unconfirmed).
//
// All or nothing: a file with any bad row must store nothing (the caller rolls back on an
// error), and the error lists every bad row found (up to 20) with its number and reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "chain/relationship.h"
#include "store/store.h"

namespace hoshitori::service {

struct RelationshipImportOptions {
  // The organisation declaring every row (rows' declared_by must then be empty or equal).
  std::optional<CorporateNumber> declared_by;
};

struct RelationshipImportSummary {
  int64_t relationships = 0;
};

// Validates and writes every relationship of `text` (CSV, or JSON when the first non-blank
// character is '{' or '['), stored confirmed by both parties. Returns how many were written.
Result<int64_t> WriteConfirmedRelationships(Store& store, std::string_view text,
                                            const RelationshipImportOptions& options);

// Validates and writes like WriteConfirmedRelationships, but stores every relationship
// unconfirmed (a one-sided claim until the other party confirms it). Returns the
// relationships written, with their ids.
Result<std::vector<SupplyRelationship>> StageRelationships(
    Store& store, std::string_view text, const RelationshipImportOptions& options);

}  // namespace hoshitori::service
