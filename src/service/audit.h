// The audit log: every security-relevant action, append-only, in a hash chain.
//
// Entry n's hash is SHA-256 over entry n-1's hash and entry n's fields, so altering or
// removing any entry breaks every later link; `hoshitori audit verify` recomputes the chain.
// An attacker who can rewrite the whole table can rebuild the chain: keep copies of the
// latest hash elsewhere (it is printed by `audit verify`) to anchor it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/store.h"

namespace hoshitori::service {

struct AuditEvent {
  std::optional<int64_t> actor_user_id;
  std::optional<int64_t> org_id;
  std::string action;    // e.g. "login", "share.create"
  std::string resource;  // e.g. "assessment/12"
  std::string detail;    // never a secret
};

// The hash of `entry` given its prev_hash and fields (hash field ignored).
std::string AuditHash(const AuditEntry& entry);

// Appends `event`; call inside the transaction of the change it records.
Status AppendAudit(Store& store, const AuditEvent& event);

struct AuditVerification {
  int64_t entries = 0;
  std::string last_hash;
  std::optional<int64_t> broken_at;  // first sequence number that fails
  std::string problem;
};

// Recomputes the whole chain.
Result<AuditVerification> VerifyAudit(Store& store);

}  // namespace hoshitori::service
