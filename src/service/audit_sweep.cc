#include "service/audit_sweep.h"

#include <exception>
#include <iostream>

#include "store/audit_repository.h"

namespace hoshitori::service {

std::unique_ptr<AuditSweep> AuditSweep::Start(Runtime& runtime, std::chrono::milliseconds interval) {
  std::unique_ptr<AuditSweep> sweep(new AuditSweep(runtime));
  sweep->thread_ = std::thread([raw = sweep.get(), interval] { raw->Loop(interval); });
  return sweep;
}

AuditSweep::~AuditSweep() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AuditSweep::Loop(std::chrono::milliseconds interval) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    try {
      Runtime::Lease lease(runtime_);
      if (auto chained = AuditRepository(lease.store().Sql()).ChainPending(); !chained) {
        std::cerr << "audit sweep: " << chained.error().message << "\n";
      }
    } catch (const std::exception& e) {
      std::cerr << "audit sweep: " << e.what() << "\n";
    }
    lock.lock();
  }
}

}  // namespace hoshitori::service
