// AuditSweep: chains the audit entries a busy moment left waiting (PostgreSQL; see
// AuditRepository::AppendChained) every few seconds on a thread of its own, so that no entry
// stays outside the chain long after the writes stop. One per server process; each node of a
// database may run one (only the holder of the chain's head appends).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "service/runtime.h"

namespace hoshitori::service {

class AuditSweep {
 public:
  // Starts the thread; `runtime` must outlive the sweep.
  static std::unique_ptr<AuditSweep> Start(Runtime& runtime, std::chrono::milliseconds interval);
  // Stops the thread after the sweep in progress (if any).
  ~AuditSweep();
  AuditSweep(const AuditSweep&) = delete;
  AuditSweep& operator=(const AuditSweep&) = delete;

 private:
  explicit AuditSweep(Runtime& runtime) : runtime_(runtime) {}
  void Loop(std::chrono::milliseconds interval);

  Runtime& runtime_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hoshitori::service
