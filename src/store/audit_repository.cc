#include "store/audit_repository.h"

namespace hoshitori {

namespace {

constexpr const char* kSelectAudit =
    "SELECT seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash "
    "FROM audit_log";
const std::string kLastAudit = std::string(kSelectAudit) + " ORDER BY seq DESC LIMIT 1";
const std::string kAllAudit = std::string(kSelectAudit) + " ORDER BY seq";

AuditEntry ReadAudit(const SqlRow& r) {
  return AuditEntry{r.Int(0),    r.String(1), r.OptionalInt(2), r.OptionalInt(3), r.String(4),
                    r.String(5), r.String(6), r.String(7),      r.String(8)};
}

}  // namespace

Result<std::optional<AuditEntry>> AuditRepository::Last() {
  return QueryFirst<AuditEntry>(session_, "cannot read the audit log", kLastAudit, SqlParams(),
                                ReadAudit);
}

Status AuditRepository::Append(const AuditEntry& e) {
  return ExecuteStatement(session_, "cannot append to the audit log",
                          "INSERT INTO audit_log (seq, at, actor_user_id, org_id, action, "
                          "resource, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          SqlParams(e.seq, e.at, e.actor_user_id, e.org_id, e.action, e.resource,
                                    e.detail, e.prev_hash, e.hash));
}

Status AuditRepository::ForEach(const std::function<void(const AuditEntry&)>& sink) {
  return session_.Stream("cannot read the audit log", kAllAudit, SqlParams(),
                         [&](const SqlRow& row) { sink(ReadAudit(row)); });
}

}  // namespace hoshitori
