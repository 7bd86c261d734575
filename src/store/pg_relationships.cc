// Supply-chain relationships and disclosures in PostgreSQL (schema:
// migrations/002_relationships.sql), mirroring sqlite_relationships.cc.
#include <algorithm>
#include <pqxx/pqxx>
#include <string>
#include <tuple>
#include <vector>

#include "chain/relationship.h"
#include "store/pg_store.h"

namespace hoshitori {

namespace {

std::optional<std::string> DateText(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return FormatDate(*date);
}

std::optional<Date> ColumnDate(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  auto date = ParseDate(std::string_view(field.c_str(), field.size()));
  if (!date) return std::nullopt;
  return *date;
}

// The 1-based line of a failed COPY ("CONTEXT:  COPY relationships, line 17: ..."), or 0.
size_t CopyLine(const std::string& message) {
  const std::string marker = "COPY relationships, line ";
  const size_t at = message.find(marker);
  if (at == std::string::npos) return 0;
  size_t line = 0;
  for (size_t i = at + marker.size(); i < message.size() && message[i] >= '0' && message[i] <= '9';
       ++i) {
    line = line * 10 + static_cast<size_t>(message[i] - '0');
  }
  return line;
}

// The organisations a batch refers to, as a PostgreSQL array literal ("{1,2,3}").
std::string OrganisationArray(const std::vector<SupplyRelationship>& batch) {
  std::vector<int64_t> ids;
  ids.reserve(batch.size() * 3);
  for (const SupplyRelationship& r : batch) {
    ids.push_back(r.buyer);
    ids.push_back(r.supplier);
    ids.push_back(r.declared_by);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::string array = "{";
  for (int64_t id : ids) {
    if (array.size() > 1) array += ',';
    array += std::to_string(id);
  }
  array += '}';
  return array;
}

constexpr const char* kRelationshipColumns =
    "SELECT id, org_id, buyer_id, supplier_id, kind, data_handled, connectivity, substitutability, "
    "production_critical, on_supplier_it, start_date, end_date, confirmed_at FROM relationships ";

// Reads a row of kRelationshipColumns; false when a value is not known to this version.
bool ReadRelationship(const pqxx::row& row, SupplyRelationship& r) {
  const auto text = [&](int i) { return std::string_view(row[i].c_str(), row[i].size()); };
  r.id = row[0].as<int64_t>();
  r.declared_by = row[1].as<int64_t>();
  r.buyer = row[2].as<int64_t>();
  r.supplier = row[3].as<int64_t>();
  auto kind = ParseRelationshipKind(text(4));
  auto data = ParseDataHandled(text(5));
  auto connectivity = ParseConnectivity(text(6));
  auto substitutability = ParseSubstitutability(text(7));
  if (!kind || !data || !connectivity || !substitutability) return false;
  r.kind = *kind;
  r.data = *data;
  r.connectivity = *connectivity;
  r.substitutability = *substitutability;
  r.production_critical = row[8].as<int>() != 0;
  r.on_supplier_it = row[9].as<int>() != 0;
  r.start = ColumnDate(row[10]);
  r.end = ColumnDate(row[11]);
  r.confirmed = !row[12].is_null();
  return true;
}

// Readable reasons for the constraint failures a user can cause.
std::string ExplainInsertFailure(const std::string& message) {
  if (message.find("relationships_by_pair") != std::string::npos ||
      message.find("duplicate key") != std::string::npos) {
    return "this buyer already has a relationship of this kind with this supplier";
  }
  if (message.find("foreign key") != std::string::npos) {
    return "the buyer, supplier or declarer is not registered";
  }
  return message;
}

}  // namespace

Result<int64_t> PgStore::InsertRelationships(const std::vector<SupplyRelationship>& batch,
                                             size_t* failed) {
  // One COPY for the whole batch: a single statement, so a refused relationship leaves
  // nothing of the batch written. What the database would refuse is found first (invalid
  // values, unregistered organisations) or named by the line of the COPY (duplicates), so
  // `*failed` is the index of the refused relationship, as with row-by-row inserts.
  for (size_t i = 0; i < batch.size(); ++i) {
    if (Status valid = ValidateRelationship(batch[i]); !valid) {
      if (failed) *failed = i;
      return valid.error();
    }
  }
  if (batch.empty()) return int64_t{0};
  const std::string now = UtcNow();
  const std::string organisations = OrganisationArray(batch);
  std::vector<int64_t> unregistered;  // sorted
  size_t copy_line = 0;               // 1-based line of the refused row, when the server names one
  int64_t last = 0;
  Status s = Run("cannot store the relationship", [&](pqxx::nontransaction& tx) {
    // Foreign keys are checked at the end of the COPY, whose error then names no line.
    for (const pqxx::row& row :
         tx.exec_params("SELECT wanted.id FROM unnest($1::bigint[]) AS wanted(id) WHERE NOT EXISTS "
                        "(SELECT 1 FROM organisations o WHERE o.id = wanted.id) ORDER BY wanted.id",
                        organisations)) {
      unregistered.push_back(row[0].as<int64_t>());
    }
    if (!unregistered.empty()) return;
    static const std::vector<std::string> columns = {
        "org_id",         "buyer_id",     "supplier_id",      "kind",
        "data_handled",   "connectivity", "substitutability", "production_critical",
        "on_supplier_it", "start_date",   "end_date",         "created_at",
        "confirmed_at"};
    try {
      pqxx::stream_to copy(tx, "relationships", columns);
      for (const SupplyRelationship& r : batch) {
        copy << std::make_tuple(
            r.declared_by, r.buyer, r.supplier, std::string(RelationshipKindName(r.kind)),
            DataHandledName(r.data), std::string(ConnectivityName(r.connectivity)),
            std::string(SubstitutabilityName(r.substitutability)), r.production_critical ? 1 : 0,
            r.on_supplier_it ? 1 : 0, DateText(r.start), DateText(r.end), now,
            r.confirmed ? std::optional<std::string>(now) : std::nullopt);
      }
      copy.complete();
    } catch (const pqxx::sql_error& e) {
      copy_line = CopyLine(e.what());
      throw;
    }
    // The ids were drawn in row order in this session: the last one is the last row's.
    last = tx.exec("SELECT currval(pg_get_serial_sequence('relationships', 'id'))")[0][0]
               .as<int64_t>();
  });
  if (!s) {
    if (failed) *failed = copy_line >= 1 && copy_line <= batch.size() ? copy_line - 1 : 0;
    const std::string prefix = "cannot store the relationship: ";
    std::string message = s.error().message;
    if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
    const std::string explained = ExplainInsertFailure(message);
    return MakeError(explained == message ? prefix + message : explained);
  }
  for (size_t i = 0; i < batch.size() && !unregistered.empty(); ++i) {
    const SupplyRelationship& r = batch[i];
    for (int64_t org : {r.buyer, r.supplier, r.declared_by}) {
      if (std::binary_search(unregistered.begin(), unregistered.end(), org)) {
        if (failed) *failed = i;
        return MakeError(ExplainInsertFailure("foreign key"));
      }
    }
  }
  return last;
}

Status PgStore::ForEachRelationship(const std::function<void(const SupplyRelationship&)>& sink) {
  SupplyRelationship r;
  std::optional<int64_t> unknown;
  Status s = Stream("cannot read relationships",
                    std::string(kRelationshipColumns) + "WHERE ended_at IS NULL ORDER BY id", {},
                    [&](const pqxx::row& row) {
                      if (unknown) return;
                      if (!ReadRelationship(row, r)) {
                        unknown = r.id;
                        return;
                      }
                      sink(r);
                    });
  if (!s) return s;
  if (unknown)
    return MakeError("relationship " + std::to_string(*unknown) +
                     " has a value this version does not know");
  return OkStatus();
}

Result<std::optional<SupplyRelationship>> PgStore::GetRelationship(int64_t id) {
  std::optional<SupplyRelationship> found;
  bool known = true;
  Status s = Run("cannot read the relationship", [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = tx.exec_params(
        std::string(kRelationshipColumns) + "WHERE id = $1 AND ended_at IS NULL", id);
    if (rows.empty()) return;
    SupplyRelationship r;
    known = ReadRelationship(rows[0], r);
    found = r;
  });
  if (!s) return s.error();
  if (!known) {
    return MakeError("relationship " + std::to_string(id) + " has a value this version does not know");
  }
  return found;
}

Result<std::vector<int64_t>> PgStore::FindRelationshipIds(
    const std::vector<SupplyRelationship>& batch) {
  std::vector<int64_t> ids;
  ids.reserve(batch.size());
  Status s = Run("cannot read relationships", [&](pqxx::nontransaction& tx) {
    for (const SupplyRelationship& r : batch) {
      const pqxx::result rows = tx.exec_params(
          "SELECT id FROM relationships WHERE buyer_id = $1 AND supplier_id = $2 AND kind = $3 "
          "AND ended_at IS NULL",
          r.buyer, r.supplier, std::string(RelationshipKindName(r.kind)));
      ids.push_back(rows.empty() ? 0 : rows[0][0].as<int64_t>());
    }
  });
  if (!s) return s.error();
  return ids;
}

Result<bool> PgStore::ConfirmRelationship(int64_t id, int64_t org_id, const std::string& at) {
  bool changed = false;
  Status s = Run("cannot confirm the relationship", [&](pqxx::nontransaction& tx) {
    changed = tx.exec_params(
                      "UPDATE relationships SET confirmed_at = $1 WHERE id = $2 AND ended_at IS NULL "
                      "AND confirmed_at IS NULL AND org_id <> $3 AND (buyer_id = $3 OR supplier_id = $3)",
                      at, id, org_id)
                  .affected_rows() > 0;
  });
  if (!s) return s.error();
  return changed;
}

Result<bool> PgStore::EndRelationship(int64_t id, int64_t org_id, const std::string& at) {
  bool changed = false;
  Status s = Run("cannot end the relationship", [&](pqxx::nontransaction& tx) {
    changed = tx.exec_params(
                      "UPDATE relationships SET ended_at = $1, ended_by = $3 WHERE id = $2 AND "
                      "ended_at IS NULL AND (buyer_id = $3 OR supplier_id = $3)",
                      at, id, org_id)
                  .affected_rows() > 0;
  });
  if (!s) return s.error();
  return changed;
}

Result<int64_t> PgStore::CountRelationships() {
  int64_t count = 0;
  Status s = Run("cannot count relationships", [&](pqxx::nontransaction& tx) {
    count = tx.exec("SELECT COUNT(*) FROM relationships WHERE ended_at IS NULL")[0][0].as<int64_t>();
  });
  if (!s) return s.error();
  return count;
}

Status PgStore::AddDisclosure(const Disclosure& disclosure) {
  if (disclosure.viewer && *disclosure.viewer == disclosure.declarer) {
    return MakeError(
        "an organisation always sees what it declared; disclose to another organisation");
  }
  return Run("cannot store the disclosure", [&](pqxx::nontransaction& tx) {
    const bool exists = tx.exec_params1(
                              "SELECT COUNT(*) FROM chain_disclosures WHERE org_id = $1 AND "
                              "viewer_id IS NOT DISTINCT FROM $2",
                              disclosure.declarer, disclosure.viewer)[0]
                            .as<int64_t>() > 0;
    if (exists) return;
    tx.exec_params(
        "INSERT INTO chain_disclosures (org_id, viewer_id, created_at) VALUES ($1, $2, $3)",
        disclosure.declarer, disclosure.viewer, UtcNow());
  });
}

Result<bool> PgStore::RemoveDisclosure(const Disclosure& disclosure) {
  bool removed = false;
  Status s = Run("cannot withdraw the disclosure", [&](pqxx::nontransaction& tx) {
    removed = tx.exec_params(
                      "DELETE FROM chain_disclosures WHERE org_id = $1 AND viewer_id IS NOT DISTINCT FROM $2",
                      disclosure.declarer, disclosure.viewer)
                  .affected_rows() > 0;
  });
  if (!s) return s.error();
  return removed;
}

Result<std::vector<Disclosure>> PgStore::ListDisclosures() {
  std::vector<Disclosure> out;
  Status s = Run("cannot read disclosures", [&](pqxx::nontransaction& tx) {
    for (const pqxx::row& row :
         tx.exec("SELECT org_id, viewer_id FROM chain_disclosures ORDER BY id")) {
      Disclosure d;
      d.declarer = row[0].as<int64_t>();
      if (!row[1].is_null()) d.viewer = row[1].as<int64_t>();
      out.push_back(d);
    }
  });
  if (!s) return s.error();
  return out;
}

}  // namespace hoshitori
