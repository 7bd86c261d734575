#include "store/relationship_repository.h"

#include "store/accounts.h"
#include "store/row_values.h"

namespace hoshitori {

namespace {

const SqlTable kRelationshipsTable{
    "relationships",
    {"org_id", "buyer_id", "supplier_id", "kind", "data_handled", "connectivity",
     "substitutability", "production_critical", "on_supplier_it", "start_date", "end_date",
     "created_at", "confirmed_at"},
    {{0, "organisations"}, {1, "organisations"}, {2, "organisations"}},
    "cannot store the relationship",
    "cannot store the relationship of "};

constexpr const char* kSelectRelationships =
    "SELECT id, org_id, buyer_id, supplier_id, kind, data_handled, connectivity, substitutability, "
    "production_critical, on_supplier_it, start_date, end_date, confirmed_at FROM relationships ";
const std::string kAllRelationships =
    std::string(kSelectRelationships) + "WHERE ended_at IS NULL ORDER BY id";
const std::string kGetRelationship =
    std::string(kSelectRelationships) + "WHERE id = ? AND ended_at IS NULL";

// Reads a row of kSelectRelationships; false when a value is not known to this version.
bool ReadRelationship(const SqlRow& row, SupplyRelationship& r) {
  r.id = row.Int(0);
  r.declared_by = row.Int(1);
  r.buyer = row.Int(2);
  r.supplier = row.Int(3);
  auto kind = ParseRelationshipKind(row.Text(4));
  auto data = ParseDataHandled(row.Text(5));
  auto connectivity = ParseConnectivity(row.Text(6));
  auto substitutability = ParseSubstitutability(row.Text(7));
  if (!kind || !data || !connectivity || !substitutability) return false;
  r.kind = *kind;
  r.data = *data;
  r.connectivity = *connectivity;
  r.substitutability = *substitutability;
  r.production_critical = row.Int(8) != 0;
  r.on_supplier_it = row.Int(9) != 0;
  r.start = DateColumn(row, 10);
  r.end = DateColumn(row, 11);
  r.confirmed = !row.IsNull(12);
  return true;
}

Error UnknownValue(int64_t id) {
  return MakeError("relationship " + std::to_string(id) +
                   " has a value this version does not know");
}

// Whether a statement changed a row.
Result<bool> Changed(const Result<int64_t>& changed) {
  if (!changed) return changed.error();
  return *changed > 0;
}

}  // namespace

Result<int64_t> RelationshipRepository::Insert(const std::vector<SupplyRelationship>& batch,
                                               size_t* failed) {
  for (size_t i = 0; i < batch.size(); ++i) {
    if (Status valid = ValidateRelationship(batch[i]); !valid) {
      if (failed) *failed = i;
      return valid.error();
    }
  }
  const std::string now = UtcNow();
  std::vector<SqlParams> rows;
  rows.reserve(batch.size());
  for (const SupplyRelationship& r : batch) {
    rows.emplace_back(r.declared_by, r.buyer, r.supplier, RelationshipKindName(r.kind),
                      DataHandledName(r.data), ConnectivityName(r.connectivity),
                      SubstitutabilityName(r.substitutability), r.production_critical ? 1 : 0,
                      r.on_supplier_it ? 1 : 0, DateParam(r.start), DateParam(r.end), now,
                      r.confirmed ? std::optional<std::string>(now) : std::nullopt);
  }
  SqlBulkFailure failure;
  auto last = session_.InsertAll(kRelationshipsTable.failure, kRelationshipsTable, rows, &failure);
  if (last) return last;
  if (failed) *failed = failure.row;
  switch (failure.constraint) {
    case SqlConstraint::kUnique:
      return MakeError("this buyer already has a relationship of this kind with this supplier");
    case SqlConstraint::kForeignKey:
      return MakeError("the buyer, supplier or declarer is not registered");
    case SqlConstraint::kNone:
      break;
  }
  return last.error();
}

Result<std::vector<int64_t>> RelationshipRepository::FindIds(
    const std::vector<SupplyRelationship>& batch) {
  std::vector<int64_t> ids;
  ids.reserve(batch.size());
  for (const SupplyRelationship& r : batch) {
    int64_t id = 0;
    auto found = session_.Execute(
        "cannot read relationships",
        "SELECT id FROM relationships WHERE buyer_id = ? AND supplier_id = ? AND kind = ? "
        "AND ended_at IS NULL",
        SqlParams(r.buyer, r.supplier, RelationshipKindName(r.kind)),
        [&](const SqlRow& row) { id = row.Int(0); });
    if (!found) return found.error();
    ids.push_back(id);
  }
  return ids;
}

Status RelationshipRepository::ForEach(const std::function<void(const SupplyRelationship&)>& sink) {
  SupplyRelationship r;
  std::optional<int64_t> unknown;
  Status s = session_.Stream("cannot read relationships", kAllRelationships, SqlParams(),
                             [&](const SqlRow& row) {
                               if (unknown) return;
                               if (!ReadRelationship(row, r)) {
                                 unknown = r.id;
                                 return;
                               }
                               sink(r);
                             });
  if (!s) return s;
  if (unknown) return UnknownValue(*unknown);
  return OkStatus();
}

Result<int64_t> RelationshipRepository::Count() {
  int64_t count = 0;
  auto counted = session_.Execute("cannot count relationships",
                                  "SELECT COUNT(*) FROM relationships WHERE ended_at IS NULL",
                                  SqlParams(), [&](const SqlRow& row) { count = row.Int(0); });
  if (!counted) return counted.error();
  return count;
}

Result<std::optional<SupplyRelationship>> RelationshipRepository::Get(int64_t id) {
  std::optional<SupplyRelationship> found;
  bool known = true;
  auto read = session_.Execute("cannot read the relationship", kGetRelationship, SqlParams(id),
                               [&](const SqlRow& row) {
                                 SupplyRelationship r;
                                 known = ReadRelationship(row, r);
                                 found = r;
                               });
  if (!read) return read.error();
  if (!known) return UnknownValue(id);
  return found;
}

Result<bool> RelationshipRepository::Confirm(int64_t id, int64_t org_id, const std::string& at) {
  return Changed(session_.Execute(
      "cannot confirm the relationship",
      "UPDATE relationships SET confirmed_at = ?1 WHERE id = ?2 AND ended_at IS NULL "
      "AND confirmed_at IS NULL AND org_id <> ?3 AND (buyer_id = ?3 OR supplier_id = ?3)",
      SqlParams(at, id, org_id)));
}

Result<bool> RelationshipRepository::End(int64_t id, int64_t org_id, const std::string& at) {
  return Changed(session_.Execute(
      "cannot end the relationship",
      "UPDATE relationships SET ended_at = ?1, ended_by = ?3 WHERE id = ?2 AND ended_at IS NULL "
      "AND (buyer_id = ?3 OR supplier_id = ?3)",
      SqlParams(at, id, org_id)));
}

Status RelationshipRepository::AddDisclosure(const Disclosure& disclosure) {
  if (disclosure.viewer && *disclosure.viewer == disclosure.declarer) {
    return MakeError(
        "an organisation always sees what it declared; disclose to another organisation");
  }
  int64_t existing = 0;
  auto counted = session_.Execute("cannot read disclosures",
                                  "SELECT COUNT(*) FROM chain_disclosures WHERE org_id = ? AND "
                                  "viewer_id IS NOT DISTINCT FROM ?",
                                  SqlParams(disclosure.declarer, disclosure.viewer),
                                  [&](const SqlRow& row) { existing = row.Int(0); });
  if (!counted) return counted.error();
  if (existing > 0) return OkStatus();
  return ExecuteStatement(
      session_, "cannot store the disclosure",
      "INSERT INTO chain_disclosures (org_id, viewer_id, created_at) VALUES (?, ?, ?)",
      SqlParams(disclosure.declarer, disclosure.viewer, UtcNow()));
}

Result<bool> RelationshipRepository::RemoveDisclosure(const Disclosure& disclosure) {
  return Changed(session_.Execute(
      "cannot withdraw the disclosure",
      "DELETE FROM chain_disclosures WHERE org_id = ? AND viewer_id IS NOT DISTINCT FROM ?",
      SqlParams(disclosure.declarer, disclosure.viewer)));
}

Result<std::vector<Disclosure>> RelationshipRepository::ListDisclosures() {
  return QueryAll<Disclosure>(session_, "cannot read disclosures",
                              "SELECT org_id, viewer_id FROM chain_disclosures ORDER BY id",
                              SqlParams(), [](const SqlRow& row) {
                                return Disclosure{row.Int(0), row.OptionalInt(1)};
                              });
}

}  // namespace hoshitori
