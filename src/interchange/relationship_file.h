// Reading supply-chain relationships from a CSV or JSON file (the format of
// `hoshitori chain import` and of a declaration through the API). Pure: text in, rows and
// relationships out; where they are stored is service/relationship_import.h.
//
// CSV: a header naming the columns (any order), one relationship per row:
//   buyer,supplier,kind[,data,connectivity,substitutability,critical,on_supplier_it,start,end,declared_by]
// buyer, supplier and declared_by are 13-digit corporate numbers; kind, data, connectivity
// and substitutability take the names of chain/relationship.h (data: classes joined by '|');
// critical and on_supplier_it yes/no; start and end YYYY-MM-DD. Missing columns or empty
// cells take the defaults: data none, connectivity none, substitutability easy, critical
// no, on_supplier_it yes, open dates, declared_by the declaring organisation or else the
// buyer.
// JSON: {"relationships": [{"buyer": "...", "supplier": "...", "kind": "...", ...}]} or the
// bare array, with the same names; critical and on_supplier_it may be true/false.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "chain/relationship.h"
#include "core/result.h"

namespace hoshitori::interchange {

// One row of a relationship file as text fields (absent columns and empty cells empty).
struct RelationshipRow {
  enum Column {
    kBuyer,
    kSupplier,
    kKind,
    kData,
    kConnectivity,
    kSubstitutability,
    kCritical,
    kOnSupplierIt,
    kStart,
    kEnd,
    kDeclaredBy,
    kColumnCount
  };
  std::string where;  // "row 3" (CSV line) or "relationship 2" (JSON), for messages
  std::array<std::string_view, kColumnCount> fields;
};

// Reads `text` as JSON when its first non-blank character is '{' or '[', else as CSV. Calls
// `row` for every row that has the file's shape and `bad` (with a message naming the row) for
// one that has not; either returns false to stop reading. Returns an error, and reads no
// further, for a file that cannot be read at all (bad header, invalid JSON).
Status ReadRelationshipRows(std::string_view text,
                            const std::function<bool(const RelationshipRow&)>& row,
                            const std::function<bool(std::string)>& bad);

// Turns a corporate number written in a row into the id of a registered organisation, or an
// error that names the row (`where`) and the column (`what`).
using OrganisationIdOf = std::function<Result<int64_t>(
    const std::string& where, std::string_view what, std::string_view corporate_number)>;

// The relationship `row` describes (not yet confirmed by both parties), validated by
// ValidateRelationship. `declarer`, when given, is the organisation declaring every row: a
// row's declared_by must then be empty or name it. Errors start with the row's `where`.
Result<SupplyRelationship> ParseRelationshipRow(const RelationshipRow& row,
                                                const OrganisationIdOf& organisation_id,
                                                std::optional<int64_t> declarer);

}  // namespace hoshitori::interchange
