#include "store/audit_repository.h"

namespace hoshitori {

namespace {

const std::string kGenesis(64, '0');

constexpr const char* kSelectAudit =
    "SELECT seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash "
    "FROM audit_log";
const std::string kLastAudit = std::string(kSelectAudit) + " ORDER BY seq DESC LIMIT 1";
const std::string kAllAudit = std::string(kSelectAudit) + " ORDER BY seq";

// PostgreSQL chains the entry when the transaction commits, or a later holder of the head does
// (migrations/033_audit_chained_without_waiting.sql). The tail (AuditChainTail) is computed here; the
// server hashes it after the previous hash and the seq.
constexpr const char* kAppendPendingPostgres =
    "INSERT INTO audit_pending (at, actor_user_id, org_id, action, resource, detail, tail) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

AuditEntry ReadAudit(const SqlRow& r) {
  return AuditEntry{r.Int(0),    r.String(1), r.OptionalInt(2), r.OptionalInt(3), r.String(4),
                    r.String(5), r.String(6), r.String(7),      r.String(8)};
}

std::string IdOrDash(const std::optional<int64_t>& id) { return id ? std::to_string(*id) : "-"; }

}  // namespace

std::string AuditChainField(std::string_view value) {
  std::string out = std::to_string(value.size());
  out += ':';
  out += value;
  out += '|';
  return out;
}

std::string AuditChainTail(const AuditEntry& e) {
  return AuditChainField(e.at) + AuditChainField(IdOrDash(e.actor_user_id)) +
         AuditChainField(IdOrDash(e.org_id)) + AuditChainField(e.action) +
         AuditChainField(e.resource) + AuditChainField(e.detail);
}

std::string AuditChainText(const AuditEntry& e) {
  return AuditChainField(e.prev_hash) + AuditChainField(std::to_string(e.seq)) + AuditChainTail(e);
}

Status AuditRepository::AppendChained(AuditEntry entry, const Sha256HexFunction& sha256_hex) {
  constexpr const char* kWhat = "cannot append to the audit log";
  if (session_.dialect().runs_postgres_only) {
    return ExecuteStatement(session_, kWhat, kAppendPendingPostgres,
                            SqlParams(entry.at, entry.actor_user_id, entry.org_id, entry.action, entry.resource,
                                      entry.detail, AuditChainTail(entry)));
  }
  // SQLite: a write transaction holds the whole database, so no other appender comes between
  // reading the last entry and writing the next.
  const auto found = QueryFirst<AuditEntry>(session_, kWhat, kLastAudit, SqlParams(), ReadAudit);
  if (!found) return found.error();
  const std::optional<AuditEntry>& last = *found;
  entry.seq = last ? last->seq + 1 : 1;
  entry.prev_hash = last ? last->hash : kGenesis;
  entry.hash = sha256_hex(AuditChainText(entry));
  return ExecuteStatement(session_, kWhat,
                       "INSERT INTO audit_log (seq, at, actor_user_id, org_id, action, "
                       "resource, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       SqlParams(entry.seq, entry.at, entry.actor_user_id, entry.org_id,
                                 entry.action, entry.resource, entry.detail, entry.prev_hash,
                                 entry.hash));
}

Result<int64_t> AuditRepository::ChainPending() {
  if (!session_.dialect().runs_postgres_only) return int64_t{0};
  const auto chained =
      QueryFirst<int64_t>(session_, "cannot chain the audit log's waiting entries",
                          "SELECT hoshitori_audit_chain_pending(true)", SqlParams(),
                          [](const SqlRow& row) { return row.Int(0); });
  if (!chained) return chained.error();
  if (chained->value_or(0) < 0) {
    return MakeError(
        "cannot chain the audit log's waiting entries: the chain's head (table audit_head) is "
        "missing; the entries stay in audit_pending");
  }
  return chained->value_or(0);
}

Status AuditRepository::ChainWhatWaits() {
  if (!session_.dialect().runs_postgres_only) return OkStatus();
  // Without its head the chain cannot go on, and the log is read as it is.
  return ExecuteStatement(session_, "cannot chain the audit log's waiting entries",
                          "SELECT hoshitori_audit_chain_pending(true)", SqlParams());
}

Result<std::optional<AuditRepository::Head>> AuditRepository::ReadHead() {
  if (!session_.dialect().runs_postgres_only) return std::optional<Head>();
  if (Status chained = ChainWhatWaits(); !chained) return chained.error();
  return QueryFirst<Head>(session_, "cannot read the audit log's head", "SELECT seq, hash FROM audit_head WHERE id = 1",
                          SqlParams(), [](const SqlRow& row) { return Head{row.Int(0), row.String(1)}; });
}

Status AuditRepository::ForEach(const std::function<void(const AuditEntry&)>& sink) {
  if (Status chained = ChainWhatWaits(); !chained) return chained;
  return session_.Stream("cannot read the audit log", kAllAudit, SqlParams(),
                         [&](const SqlRow& row) { sink(ReadAudit(row)); });
}

}  // namespace hoshitori
