// AuditRepository: the hash-chained audit log.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "store/accounts.h"
#include "store/sql_session.h"

namespace hoshitori {

// The chain's rule: an entry's hash is the SHA-256 (lower-case hex) of AuditChainText(entry).
// The text starts with the previous entry's hash and the entry's seq, then AuditChainTail:
// its other fields. Every field is written as "<length in bytes>:<text>|", so no two
// different entries give the same text. The PostgreSQL append computes the first two fields
// in SQL (audit_repository.cc): the two must change together.
std::string AuditChainField(std::string_view value);
std::string AuditChainTail(const AuditEntry& entry);
std::string AuditChainText(const AuditEntry& entry);

// Works on the session it was given (which must outlive it); one thread at a time.
class AuditRepository {
 public:
  explicit AuditRepository(SqlSession& session) : session_(session) {}

  // Appends `entry` after the last entry, inside the caller's transaction, with its seq (the
  // last one's + 1), prev_hash (the last one's hash; 64 zeros for the first) and hash.
  // - SQLite: at once (a write transaction holds the whole database); `sha256_hex` hashes.
  // - PostgreSQL: the entry waits in audit_pending. When the transaction commits, the server
  //   chains it if the chain's head (table audit_head, one row) is free; if another COMMIT
  //   holds the head, the entry is left for the next holder: a later COMMIT, a reader of the
  //   log (ForEach and ReadHead chain first) or ChainPending
  //   (migrations/033_audit_chained_without_waiting.sql). Nobody waits for the head while
  //   committing. Entries of one transaction keep the order they were written in; a missing
  //   head fails the COMMIT.
  Status AppendChained(AuditEntry entry, const Sha256HexFunction& sha256_hex);
  // Every entry in seq order, after chaining those waiting (PostgreSQL); memory stays bounded.
  Status ForEach(const std::function<void(const AuditEntry&)>& sink);

  // PostgreSQL: chains every committed entry still waiting, waiting for the head if another
  // transaction holds it; returns how many were chained (an error when the head is missing).
  // 0 on SQLite, which chains at once.
  Result<int64_t> ChainPending();

  // The chain's head as PostgreSQL keeps it beside the log, after chaining the entries waiting:
  // the seq and hash of the last entry appended (seq 0 before the first). nullopt on SQLite,
  // which keeps no head.
  struct Head {
    int64_t seq = 0;
    std::string hash;
  };
  Result<std::optional<Head>> ReadHead();

 private:
  // ChainPending for readers: a missing head is not an error (the log is read as it is).
  Status ChainWhatWaits();

  SqlSession& session_;
};

}  // namespace hoshitori
