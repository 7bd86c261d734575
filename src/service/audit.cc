#include "service/audit.h"

#include "service/security.h"
#include "store/audit_repository.h"

namespace hoshitori::service {

namespace {
const std::string kGenesis(64, '0');
}  // namespace

std::string AuditHash(const AuditEntry& e) { return Sha256Hex(AuditChainText(e)); }

Status AppendAudit(Store& store, const AuditEvent& event) {
  AuditEntry entry;
  entry.at = UtcNow();
  entry.actor_user_id = event.actor_user_id;
  entry.org_id = event.org_id;
  entry.action = event.action;
  entry.resource = event.resource;
  entry.detail = event.detail;
  const auto appended = store.AppendChainedAuditEntry(std::move(entry), [](std::string_view text) { return Sha256Hex(text); });
  if (!appended) return appended.error();
  return OkStatus();
}

Result<AuditVerification> VerifyAudit(Store& store) {
  AuditVerification result;
  std::string previous = kGenesis;
  int64_t expected_seq = 1;
  Status status = store.ForEachAuditEntry([&](const AuditEntry& entry) {
    if (result.broken_at) return;
    if (entry.seq != expected_seq) {
      result.broken_at = expected_seq;
      result.problem = "entry " + std::to_string(expected_seq) + " is missing (next present is " +
                       std::to_string(entry.seq) + ")";
    } else if (entry.prev_hash != previous) {
      result.broken_at = entry.seq;
      result.problem = "entry " + std::to_string(entry.seq) + " does not link to the entry before it";
    } else if (AuditHash(entry) != entry.hash) {
      result.broken_at = entry.seq;
      result.problem = "entry " + std::to_string(entry.seq) + " was altered (its hash does not match its content)";
    }
    previous = entry.hash;
    ++expected_seq;
    ++result.entries;
  });
  if (!status) return status.error();
  result.last_hash = previous;
  return result;
}

}  // namespace hoshitori::service
