#include "service/audit.h"

#include "service/security.h"

namespace hoshitori::service {

namespace {
const std::string kGenesis(64, '0');

void Field(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '|';
}
}  // namespace

std::string AuditHash(const AuditEntry& e) {
  // Length-prefixed fields: no two different entries serialise alike.
  std::string text;
  Field(text, e.prev_hash);
  Field(text, std::to_string(e.seq));
  Field(text, e.at);
  Field(text, e.actor_user_id ? std::to_string(*e.actor_user_id) : "-");
  Field(text, e.org_id ? std::to_string(*e.org_id) : "-");
  Field(text, e.action);
  Field(text, e.resource);
  Field(text, e.detail);
  return Sha256Hex(text);
}

Status AppendAudit(Store& store, const AuditEvent& event) {
  auto last = store.LastAuditEntry();
  if (!last) return last.error();
  AuditEntry entry;
  entry.seq = last->has_value() ? (*last)->seq + 1 : 1;
  entry.prev_hash = last->has_value() ? (*last)->hash : kGenesis;
  entry.at = UtcNow();
  entry.actor_user_id = event.actor_user_id;
  entry.org_id = event.org_id;
  entry.action = event.action;
  entry.resource = event.resource;
  entry.detail = event.detail;
  entry.hash = AuditHash(entry);
  return store.AppendAuditEntry(entry);
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
