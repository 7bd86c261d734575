// Supply-chain relationships and disclosures in SQLite (schema: migrations/002_relationships.sql),
// and the defaults of backends that do not store them yet.
#include <chrono>
#include <cstdio>

#include "chain/relationship.h"
#include "store/sqlite_store.h"

namespace hoshitori {

Result<int64_t> Store::InsertRelationships(const std::vector<SupplyRelationship>&, size_t*) {
  return MakeError("this storage backend does not store supply-chain relationships yet");
}
Status Store::ForEachRelationship(const std::function<void(const SupplyRelationship&)>&) {
  return MakeError("this storage backend does not store supply-chain relationships yet");
}
Result<int64_t> Store::CountRelationships() {
  return MakeError("this storage backend does not store supply-chain relationships yet");
}
Result<std::vector<int64_t>> Store::FindRelationshipIds(const std::vector<SupplyRelationship>&) {
  return MakeError("this storage backend does not store supply-chain relationships yet");
}
Result<std::optional<SupplyRelationship>> Store::GetRelationship(int64_t) {
  return MakeError("this storage backend does not store supply-chain relationships yet");
}
Result<bool> Store::ConfirmRelationship(int64_t, int64_t, const std::string&) {
  return MakeError("this storage backend does not store supply-chain relationships yet");
}
Result<bool> Store::EndRelationship(int64_t, int64_t, const std::string&) {
  return MakeError("this storage backend does not store supply-chain relationships yet");
}
Status Store::AddDisclosure(const Disclosure&) {
  return MakeError("this storage backend does not store disclosures yet");
}
Result<bool> Store::RemoveDisclosure(const Disclosure&) {
  return MakeError("this storage backend does not store disclosures yet");
}
Result<std::vector<Disclosure>> Store::ListDisclosures() {
  return MakeError("this storage backend does not store disclosures yet");
}

namespace {

void Bind(sqlite3_stmt* s, int i, std::string_view text) {
  sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void BindDate(sqlite3_stmt* s, int i, const std::optional<Date>& date) {
  if (date) Bind(s, i, FormatDate(*date)); else sqlite3_bind_null(s, i);
}

std::string_view Text(sqlite3_stmt* s, int i) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return text ? std::string_view(text, sqlite3_column_bytes(s, i)) : std::string_view();
}

std::optional<Date> ColumnDate(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  auto date = ParseDate(Text(s, i));
  if (!date) return std::nullopt;
  return *date;
}

struct OneStatement {
  SqliteStatement statement;
  Status status = OkStatus();
  OneStatement(sqlite3* db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
      status = MakeError(std::string("cannot prepare statement: ") + sqlite3_errmsg(db));
    }
    statement.reset(raw);
  }
  sqlite3_stmt* get() const { return statement.get(); }
};

constexpr const char* kRelationshipColumns =
    "SELECT id, org_id, buyer_id, supplier_id, kind, data_handled, connectivity, substitutability, "
    "production_critical, on_supplier_it, start_date, end_date, confirmed_at FROM relationships ";

// Reads a row of kRelationshipColumns; false when a value is not known to this version.
bool ReadRelationship(sqlite3_stmt* s, SupplyRelationship& r) {
  r.id = sqlite3_column_int64(s, 0);
  r.declared_by = sqlite3_column_int64(s, 1);
  r.buyer = sqlite3_column_int64(s, 2);
  r.supplier = sqlite3_column_int64(s, 3);
  auto kind = ParseRelationshipKind(Text(s, 4));
  auto data = ParseDataHandled(Text(s, 5));
  auto connectivity = ParseConnectivity(Text(s, 6));
  auto substitutability = ParseSubstitutability(Text(s, 7));
  if (!kind || !data || !connectivity || !substitutability) return false;
  r.kind = *kind;
  r.data = *data;
  r.connectivity = *connectivity;
  r.substitutability = *substitutability;
  r.production_critical = sqlite3_column_int(s, 8) != 0;
  r.on_supplier_it = sqlite3_column_int(s, 9) != 0;
  r.start = ColumnDate(s, 10);
  r.end = ColumnDate(s, 11);
  r.confirmed = sqlite3_column_type(s, 12) != SQLITE_NULL;
  return true;
}

// Readable reasons for the constraint failures a user can cause.
std::string ExplainInsertFailure(sqlite3* db) {
  const std::string message = sqlite3_errmsg(db);
  if (message.find("UNIQUE") != std::string::npos) {
    return "this buyer already has a relationship of this kind with this supplier";
  }
  if (message.find("FOREIGN KEY") != std::string::npos) return "the buyer, supplier or declarer is not registered";
  return "cannot store the relationship: " + message;
}

}  // namespace

Result<int64_t> SqliteStore::InsertRelationships(const std::vector<SupplyRelationship>& batch, size_t* failed) {
  OneStatement insert(handle(),
                  "INSERT INTO relationships (org_id, buyer_id, supplier_id, kind, data_handled, "
                  "connectivity, substitutability, production_critical, on_supplier_it, start_date, "
                  "end_date, created_at, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert.status) return insert.status.error();
  sqlite3_stmt* s = insert.get();
  const std::string now = UtcNow();
  int64_t last = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    const SupplyRelationship& r = batch[i];
    if (Status valid = ValidateRelationship(r); !valid) {
      if (failed) *failed = i;
      return valid.error();
    }
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, r.declared_by);
    sqlite3_bind_int64(s, 2, r.buyer);
    sqlite3_bind_int64(s, 3, r.supplier);
    Bind(s, 4, RelationshipKindName(r.kind));
    Bind(s, 5, DataHandledName(r.data));
    Bind(s, 6, ConnectivityName(r.connectivity));
    Bind(s, 7, SubstitutabilityName(r.substitutability));
    sqlite3_bind_int(s, 8, r.production_critical ? 1 : 0);
    sqlite3_bind_int(s, 9, r.on_supplier_it ? 1 : 0);
    BindDate(s, 10, r.start);
    BindDate(s, 11, r.end);
    Bind(s, 12, now);
    if (r.confirmed) Bind(s, 13, now); else sqlite3_bind_null(s, 13);
    if (sqlite3_step(s) != SQLITE_DONE) {
      if (failed) *failed = i;
      return MakeError(ExplainInsertFailure(handle()));
    }
    last = sqlite3_last_insert_rowid(handle());
  }
  return last;
}

Status SqliteStore::ForEachRelationship(const std::function<void(const SupplyRelationship&)>& sink) {
  OneStatement query(handle(), (std::string(kRelationshipColumns) + "WHERE ended_at IS NULL ORDER BY id").c_str());
  if (!query.status) return query.status;
  sqlite3_stmt* s = query.get();
  int rc;
  SupplyRelationship r;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    if (!ReadRelationship(s, r)) {
      return MakeError("relationship " + std::to_string(r.id) + " has a value this version does not know");
    }
    sink(r);
  }
  if (rc != SQLITE_DONE) return MakeError(std::string("cannot read relationships: ") + sqlite3_errmsg(handle()));
  return OkStatus();
}

Result<std::optional<SupplyRelationship>> SqliteStore::GetRelationship(int64_t id) {
  OneStatement query(handle(), (std::string(kRelationshipColumns) + "WHERE id = ? AND ended_at IS NULL").c_str());
  if (!query.status) return query.status.error();
  sqlite3_bind_int64(query.get(), 1, id);
  const int rc = sqlite3_step(query.get());
  if (rc == SQLITE_DONE) return std::optional<SupplyRelationship>();
  if (rc != SQLITE_ROW) return MakeError(std::string("cannot read the relationship: ") + sqlite3_errmsg(handle()));
  SupplyRelationship r;
  if (!ReadRelationship(query.get(), r)) {
    return MakeError("relationship " + std::to_string(id) + " has a value this version does not know");
  }
  return std::optional<SupplyRelationship>(r);
}

Result<std::vector<int64_t>> SqliteStore::FindRelationshipIds(const std::vector<SupplyRelationship>& batch) {
  OneStatement query(handle(),
                     "SELECT id FROM relationships WHERE buyer_id = ? AND supplier_id = ? AND kind = ? "
                     "AND ended_at IS NULL");
  if (!query.status) return query.status.error();
  std::vector<int64_t> ids;
  ids.reserve(batch.size());
  for (const SupplyRelationship& r : batch) {
    sqlite3_reset(query.get());
    sqlite3_bind_int64(query.get(), 1, r.buyer);
    sqlite3_bind_int64(query.get(), 2, r.supplier);
    Bind(query.get(), 3, RelationshipKindName(r.kind));
    const int rc = sqlite3_step(query.get());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      return MakeError(std::string("cannot read relationships: ") + sqlite3_errmsg(handle()));
    }
    ids.push_back(rc == SQLITE_ROW ? sqlite3_column_int64(query.get(), 0) : 0);
  }
  return ids;
}

namespace {

// Runs one UPDATE of a relationship bound as (at, id, org_id[, org_id...]); returns whether a
// row changed.
Result<bool> UpdateOne(sqlite3* db, const char* sql, const std::string& at, int64_t id, int64_t org_id,
                       int org_parameters) {
  OneStatement update(db, sql);
  if (!update.status) return update.status.error();
  Bind(update.get(), 1, at);
  sqlite3_bind_int64(update.get(), 2, id);
  for (int i = 0; i < org_parameters; ++i) sqlite3_bind_int64(update.get(), 3 + i, org_id);
  if (sqlite3_step(update.get()) != SQLITE_DONE) {
    return MakeError(std::string("cannot change the relationship: ") + sqlite3_errmsg(db));
  }
  return sqlite3_changes(db) > 0;
}

}  // namespace

Result<bool> SqliteStore::ConfirmRelationship(int64_t id, int64_t org_id, const std::string& at) {
  return UpdateOne(handle(),
                   "UPDATE relationships SET confirmed_at = ? WHERE id = ? AND ended_at IS NULL AND "
                   "confirmed_at IS NULL AND org_id <> ? AND (buyer_id = ? OR supplier_id = ?)",
                   at, id, org_id, 3);
}

Result<bool> SqliteStore::EndRelationship(int64_t id, int64_t org_id, const std::string& at) {
  return UpdateOne(handle(),
                   "UPDATE relationships SET ended_at = ?, ended_by = ?3 WHERE id = ?2 AND ended_at IS NULL "
                   "AND (buyer_id = ?3 OR supplier_id = ?3)",
                   at, id, org_id, 1);
}

Result<int64_t> SqliteStore::CountRelationships() {
  OneStatement count(handle(), "SELECT COUNT(*) FROM relationships WHERE ended_at IS NULL");
  if (!count.status) return count.status.error();
  if (sqlite3_step(count.get()) != SQLITE_ROW) {
    return MakeError(std::string("cannot count relationships: ") + sqlite3_errmsg(handle()));
  }
  return static_cast<int64_t>(sqlite3_column_int64(count.get(), 0));
}

Status SqliteStore::AddDisclosure(const Disclosure& disclosure) {
  if (disclosure.viewer && *disclosure.viewer == disclosure.declarer) {
    return MakeError("an organisation always sees what it declared; disclose to another organisation");
  }
  OneStatement existing(handle(),
                    "SELECT COUNT(*) FROM chain_disclosures WHERE org_id = ? AND "
                    "(viewer_id = ? OR (viewer_id IS NULL AND ? IS NULL))");
  if (!existing.status) return existing.status;
  sqlite3_bind_int64(existing.get(), 1, disclosure.declarer);
  for (int i : {2, 3}) {
    if (disclosure.viewer) sqlite3_bind_int64(existing.get(), i, *disclosure.viewer);
    else sqlite3_bind_null(existing.get(), i);
  }
  if (sqlite3_step(existing.get()) != SQLITE_ROW) {
    return MakeError(std::string("cannot read disclosures: ") + sqlite3_errmsg(handle()));
  }
  if (sqlite3_column_int64(existing.get(), 0) > 0) return OkStatus();
  OneStatement insert(handle(), "INSERT INTO chain_disclosures (org_id, viewer_id, created_at) VALUES (?, ?, ?)");
  if (!insert.status) return insert.status;
  sqlite3_bind_int64(insert.get(), 1, disclosure.declarer);
  if (disclosure.viewer) sqlite3_bind_int64(insert.get(), 2, *disclosure.viewer);
  else sqlite3_bind_null(insert.get(), 2);
  Bind(insert.get(), 3, UtcNow());
  if (sqlite3_step(insert.get()) != SQLITE_DONE) {
    return MakeError(std::string("cannot store the disclosure: ") + sqlite3_errmsg(handle()));
  }
  return OkStatus();
}

Result<bool> SqliteStore::RemoveDisclosure(const Disclosure& disclosure) {
  OneStatement remove(handle(),
                      "DELETE FROM chain_disclosures WHERE org_id = ? AND "
                      "(viewer_id = ? OR (viewer_id IS NULL AND ? IS NULL))");
  if (!remove.status) return remove.status.error();
  sqlite3_bind_int64(remove.get(), 1, disclosure.declarer);
  for (int i : {2, 3}) {
    if (disclosure.viewer) sqlite3_bind_int64(remove.get(), i, *disclosure.viewer);
    else sqlite3_bind_null(remove.get(), i);
  }
  if (sqlite3_step(remove.get()) != SQLITE_DONE) {
    return MakeError(std::string("cannot withdraw the disclosure: ") + sqlite3_errmsg(handle()));
  }
  return sqlite3_changes(handle()) > 0;
}

Result<std::vector<Disclosure>> SqliteStore::ListDisclosures() {
  OneStatement query(handle(), "SELECT org_id, viewer_id FROM chain_disclosures ORDER BY id");
  if (!query.status) return query.status.error();
  std::vector<Disclosure> out;
  int rc;
  while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
    Disclosure d;
    d.declarer = sqlite3_column_int64(query.get(), 0);
    if (sqlite3_column_type(query.get(), 1) != SQLITE_NULL) d.viewer = sqlite3_column_int64(query.get(), 1);
    out.push_back(d);
  }
  if (rc != SQLITE_DONE) return MakeError(std::string("cannot read disclosures: ") + sqlite3_errmsg(handle()));
  return out;
}

}  // namespace hoshitori
