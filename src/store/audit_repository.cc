#include "store/audit_repository.h"

namespace hoshitori {

namespace {

const std::string kGenesis(64, '0');

constexpr const char* kSelectAudit =
    "SELECT seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash "
    "FROM audit_log";
const std::string kLastAudit = std::string(kSelectAudit) + " ORDER BY seq DESC LIMIT 1";
const std::string kAllAudit = std::string(kSelectAudit) + " ORDER BY seq";

// PostgreSQL (migrations/030_audit_head.sql): the head row is moved and the entry written by
// one statement. Under READ COMMITTED an UPDATE that waited for the row's lock works on the
// version committed last, so concurrent appenders chain one after another. The hash is
// AuditChainText's: the previous hash and the seq as fields, then the tail (the first
// parameter). Lengths are in bytes, as in AuditChainField; both values are ASCII.
constexpr const char* kAppendChainedPostgres =
    "WITH head AS ("
    " UPDATE audit_head SET seq = seq + 1, prev_hash = hash,"
    " hash = encode(sha256(convert_to(octet_length(hash) || ':' || hash || '|' ||"
    " octet_length(CAST(seq + 1 AS TEXT)) || ':' || CAST(seq + 1 AS TEXT) || '|' ||"
    " CAST(? AS TEXT), 'UTF8')), 'hex')"
    " WHERE id = 1 RETURNING seq, prev_hash, hash) "
    "INSERT INTO audit_log (seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash) "
    "SELECT seq, CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT),"
    " CAST(? AS TEXT), CAST(? AS TEXT), prev_hash, hash FROM head "
    "RETURNING seq, prev_hash, hash";

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

Result<AuditEntry> AuditRepository::AppendChained(AuditEntry entry, const Sha256HexFunction& sha256_hex) {
  constexpr const char* kWhat = "cannot append to the audit log";
  if (session_.dialect().runs_postgres_only) {
    bool appended = false;
    const auto ran = session_.Execute(kWhat, kAppendChainedPostgres,
                         SqlParams(AuditChainTail(entry), entry.at, entry.actor_user_id,
                                   entry.org_id, entry.action, entry.resource, entry.detail),
                         [&](const SqlRow& row) {
                           entry.seq = row.Int(0);
                           entry.prev_hash = row.String(1);
                           entry.hash = row.String(2);
                           appended = true;
                         });
    if (!ran) return ran.error();
    if (!appended) {
      return MakeError(ErrorKind::kInternal, kWhat,
                       std::string(kWhat) + ": the chain's head (table audit_head) is missing");
    }
    return entry;
  }
  // SQLite: a write transaction holds the whole database, so no other appender comes between
  // reading the last entry and writing the next.
  const auto found = QueryFirst<AuditEntry>(session_, kWhat, kLastAudit, SqlParams(), ReadAudit);
  if (!found) return found.error();
  const std::optional<AuditEntry>& last = *found;
  entry.seq = last ? last->seq + 1 : 1;
  entry.prev_hash = last ? last->hash : kGenesis;
  entry.hash = sha256_hex(AuditChainText(entry));
  const Status inserted = ExecuteStatement(session_, kWhat,
                       "INSERT INTO audit_log (seq, at, actor_user_id, org_id, action, "
                       "resource, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       SqlParams(entry.seq, entry.at, entry.actor_user_id, entry.org_id,
                                 entry.action, entry.resource, entry.detail, entry.prev_hash,
                                 entry.hash));
  if (!inserted) return inserted.error();
  return entry;
}

Result<std::optional<AuditRepository::Head>> AuditRepository::ReadHead() {
  if (!session_.dialect().runs_postgres_only) return std::optional<Head>();
  return QueryFirst<Head>(session_, "cannot read the audit log's head", "SELECT seq, hash FROM audit_head WHERE id = 1",
                          SqlParams(), [](const SqlRow& row) { return Head{row.Int(0), row.String(1)}; });
}

Status AuditRepository::ForEach(const std::function<void(const AuditEntry&)>& sink) {
  return session_.Stream("cannot read the audit log", kAllAudit, SqlParams(),
                         [&](const SqlRow& row) { sink(ReadAudit(row)); });
}

}  // namespace hoshitori
