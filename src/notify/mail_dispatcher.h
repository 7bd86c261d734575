// MailDispatcher: delivers the outbox (store/inbox_repository.h) through a MailTransport.
//
// Delivery is at least once: a mail is claimed (and the claim committed) before it is sent,
// and marked sent after; a process that dies in between leaves the claim to lapse
// (`lease_seconds`) and the mail is sent again, with the same Message-ID so that a receiver
// can tell. A failed mail is tried again after a growing delay (1, 2, 4 ... minutes, at most
// an hour) until it has had `max_attempts` attempts; then it stays unsent with its last
// error. Several dispatchers (one per node) may drain one database: a claim is taken by one.
//
// Not thread-safe: one thread drives a dispatcher (it uses the Store it was given).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/clock.h"
#include "notify/smtp_sender.h"
#include "store/store.h"

namespace hoshitori::notify {

struct DispatchOptions {
  std::string public_url;  // makes the links absolute, e.g. "https://hoshitori.example.jp"
  int64_t batch = 20;      // mails claimed per round
  int64_t max_attempts = 8;
  int64_t lease_seconds = 300;
};

struct DispatchCounts {
  size_t sent = 0;
  size_t failed = 0;
};

class MailDispatcher {
 public:
  // `store`, `clock` and `transport` must outlive the dispatcher.
  MailDispatcher(Store& store, const Clock& clock, MailTransport& transport,
                 DispatchOptions options)
      : store_(store), clock_(clock), transport_(transport), options_(std::move(options)) {}

  // Claims one batch and tries each mail once. Returns what was sent and what failed (the
  // failures are recorded in the outbox, not returned as an error); an error only when the
  // store cannot be read or written.
  Result<DispatchCounts> DrainOnce();

 private:
  Store& store_;
  const Clock& clock_;
  MailTransport& transport_;
  DispatchOptions options_;
};

// The seconds to wait before attempt `attempts` + 1 after a failure.
int64_t RetryDelaySeconds(int64_t attempts);

}  // namespace hoshitori::notify
