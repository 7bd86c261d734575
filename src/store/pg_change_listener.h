// PgChangeListener: a thread with its own PostgreSQL connection that LISTENs on the channel
// the change triggers announce on (migrations/007_change_notices.sql, whose payloads
// migrations/008_change_scope.sql extended with the organisations or users a statement
// touched) and reports every committed change to the tables a server caches, with its scope.
// It is how several `hoshitori serve` nodes on one database learn of each other's changes
// and of the command line's.
//
// Delivery: PostgreSQL delivers a notice only after the writing transaction commits, so a
// reported change is always visible to a new read. Notices sent while the listener is not
// connected are lost; the listener therefore reports every (re)connection as "anything may
// have changed" and every loss as "caches cannot be trusted until the next connection".
// A lost connection is retried every `retry` until Stop.
//
// Read barrier: AwaitCommitted() returns once every change committed before the call has been
// reported through on_changes. The listener sends a barrier notice of its own on channel
// kBarrierChannel from its listening connection (a transaction that commits after the call
// began) and waits for it to come back: PostgreSQL delivers the notices of different
// transactions in the order they committed, so every change committed before the barrier
// has been drained and reported by then. Concurrent callers share one barrier (the next
// one begun after they arrived), so the cost is about one round trip per batch of readers,
// not per reader. Other listeners ignore barriers that are not theirs. A server waits without
// holding a thread (AwaitCommittedThen): a request is parked until its barrier comes back,
// so one round trip serves every request that arrived meanwhile, however few threads serve.
//
// Thread-safety: the callbacks run on the listener's thread, one at a time; the object itself
// is started and stopped by one owner. AwaitCommitted may be called from any thread.
// Destruction stops and joins the thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/change_scope.h"

namespace hoshitori {

inline constexpr const char* kChangeChannel = "hoshitori_changes";
inline constexpr const char* kBarrierChannel = "hoshitori_barrier";

class PgChangeListener {
 public:
  struct Callbacks {
    // Connected and listening: anything may have changed since the last notice seen.
    std::function<void()> on_connected;
    // Tables changed by transactions committed since the last report (names as in the schema:
    // "shares", "relationships", ...), gathered over at most one wait, and what they touched
    // (ChangeScopeOfNotice of every notice, added up).
    std::function<void(const std::set<std::string>& tables, const ChangeScope& scope)> on_changes;
    // Not listening (cannot connect, or the connection was lost): `problem` says why, without
    // the URL's password.
    std::function<void(const std::string& problem)> on_lost;
    // Optional: whether the changes of server process `pid` (a connection's pg_backend_pid)
    // were reported in this process already, by whoever made them: its notices are then
    // drained without being reported again.
    std::function<bool(int pid)> reported_here;
  };
  struct Options {
    std::chrono::milliseconds wait{200};        // longest wait for a notice before checking Stop
    std::chrono::milliseconds retry{500};       // pause between connection attempts
    std::chrono::milliseconds heartbeat{2000};  // a query this often detects a silently dead link
  };

  // Starts listening on `url` (a PostgreSQL URL) in a new thread. Never fails: an unreachable
  // database is reported through on_lost and retried.
  PgChangeListener(std::string url, Callbacks callbacks, Options options);
  PgChangeListener(std::string url, Callbacks callbacks)
      : PgChangeListener(std::move(url), std::move(callbacks), Options{}) {}
  ~PgChangeListener();
  PgChangeListener(const PgChangeListener&) = delete;
  PgChangeListener& operator=(const PgChangeListener&) = delete;

  // Stops the thread (within about one wait) and joins it. Idempotent.
  void Stop();

  // Waits until every change committed before this call has been reported through
  // on_changes. False when that did not happen within `timeout` (not listening, or the
  // database is slow): the caller must not answer from what it cached.
  bool AwaitCommitted(std::chrono::milliseconds timeout);
  // The same without waiting: `then` is called exactly once with what AwaitCommitted would
  // return — on the listener's thread when the barrier comes back, is lost or times out
  // (checked at every wait, so up to one wait late), or at once on the caller's thread when
  // not listening. `then` must be quick (hand the work to another thread) and must not call
  // back into this listener.
  void AwaitCommittedThen(std::chrono::milliseconds timeout, std::function<void(bool)> then);

 private:
  void Run();
  // Listens on one connection until it is lost or Stop; returns why it ended.
  std::string ListenOnce();
  // Sends the barrier readers wait for, if any (`connection` is the listening PGconn*);
  // empty on success, else the failure.
  std::string SendBarrier(void* connection);
  // Wakes the listener's thread (a byte on wake_).
  void Wake();
  // Answers the waiters whose barrier came back (true), or, with `all`, every waiter
  // (false: not listening any more); otherwise those past their deadline (false).
  void Answer(bool all);

  struct Waiter {
    uint64_t target;  // the barrier that answers it
    std::chrono::steady_clock::time_point deadline;
    std::function<void(bool)> then;
  };

  const std::string url_;
  const Callbacks callbacks_;
  const Options options_;
  std::atomic<bool> stopping_{false};
  // Barriers: `requested_` is the highest one a reader waits for, `started_` the highest sent
  // (or being sent), `reached_` the highest that came back; `waiters_` the readers waiting.
  // Guarded by barrier_mutex_.
  std::mutex barrier_mutex_;
  uint64_t requested_ = 0, started_ = 0, reached_ = 0;
  bool listening_ = false;  // connected and listening: barriers can be reached
  std::vector<Waiter> waiters_;
  const uint64_t tag_;  // this listener's barriers (random), so others' are ignored
  int wake_[2] = {-1, -1};  // a pipe: readers write, the listener's poll wakes
  std::thread thread_;
};

}  // namespace hoshitori
