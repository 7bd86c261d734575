// ChangeFollower: keeps one server node's caches consistent with changes made by other
// processes on the same PostgreSQL database (other `hoshitori serve` nodes, the command
// line). It listens for the change notices of migrations/007_change_notices.sql and
// 008_change_scope.sql and reports each batch's scope to the ChainService (which drops the
// supplier boards, rendered views and credentials the batch touched), and reloads the supply
// graph when relationships or disclosures changed. While it is not listening the node
// caches nothing. Before a node answers a request it passes a read barrier (ReadBarrierThen), so
// that what it answers reflects every change committed before the request arrived, on any
// node or by the command line.
//
// SQLite databases have one server process by design: no follower is needed there.
//
// Thread-safety: works on its own thread; `chain` must outlive the follower.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "service/chain_service.h"
#include "store/pg_change_listener.h"

namespace hoshitori::api {

class ChangeFollower {
 public:
  // Starts following `db_url` (a PostgreSQL URL) for `chain`; messages about lost or regained
  // notices go to standard error. Until the first connection, `chain` caches nothing.
  // `reporting` are the server processes (pg_backend_pid) of this node's connections whose
  // every change is reported to `chain` before it is acknowledged (Runtime's pool): their
  // notices are skipped while the first listening connection lasts. After a reconnection
  // (PostgreSQL may have restarted, and reused those ids for other clients) every notice
  // counts again.
  ChangeFollower(const std::string& db_url, service::ChainService& chain, std::vector<int64_t> reporting = {});
  ~ChangeFollower();
  ChangeFollower(const ChangeFollower&) = delete;
  ChangeFollower& operator=(const ChangeFollower&) = delete;

  // True for URLs that need a follower (PostgreSQL ones).
  static bool Needed(const std::string& db_url);

  // Strict read-after-write across nodes: calls `then` once with true when every change
  // committed anywhere before the call has reached this node's caches
  // (PgChangeListener::AwaitCommittedThen), at once while the node caches nothing (every read
  // then goes to the database). False when neither holds within `timeout`: the request must
  // not be answered from the caches. `then` runs on the listener's thread or at once on the
  // caller's; it must hand its work elsewhere. The calling thread is never held.
  void ReadBarrierThen(std::function<void(bool)> then, std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  // Reloads the graph through a store of its own (reopened after a failure).
  void ReloadGraph();

  const std::string db_url_;
  service::ChainService& chain_;
  std::unique_ptr<Store> store_;  // used only on the listener's thread
  bool lost_reported_ = false;
  // Guarded by being touched on the listener's thread only (after construction).
  std::vector<int64_t> reporting_;  // sorted
  int connections_ = 0;
  std::unique_ptr<PgChangeListener> listener_;  // last: stopped first
};

}  // namespace hoshitori::api
