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
  return store.AppendChainedAuditEntry(std::move(entry), [](std::string_view text) { return Sha256Hex(text); });
}

Result<AuditVerification> VerifyAudit(Store& store) {
  AuditVerification result;
  std::string previous = kGenesis;
  int64_t expected_seq = 1;
  // PostgreSQL keeps the chain's head beside the log: read first, so that entries appended
  // meanwhile only come after it, it tells whether entries were removed from the end.
  const auto head = AuditRepository(store.Sql()).ReadHead();
  if (!head) return head.error();
  std::optional<std::string> hash_at_head;
  Status status = store.ForEachAuditEntry([&](const AuditEntry& entry) {
    if (*head && entry.seq == (*head)->seq) hash_at_head = entry.hash;
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
  if (*head && !result.broken_at && (*head)->seq > 0) {
    const int64_t head_seq = (*head)->seq;
    if (result.entries < head_seq) {
      result.broken_at = result.entries + 1;
      result.problem = "entries " + std::to_string(result.entries + 1) + " to " + std::to_string(head_seq) +
                       " are missing: the log ends before its head (table audit_head)";
    } else if (hash_at_head != (*head)->hash) {
      result.broken_at = head_seq;
      result.problem = "entry " + std::to_string(head_seq) +
                       " is not the one appended (its hash differs from the head's, table audit_head)";
    }
  }
  return result;
}

}  // namespace hoshitori::service
