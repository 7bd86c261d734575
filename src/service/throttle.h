// Throttles for sign-in, sign-up and password hashing: bounded memory, no hard locks.
//
// AttemptThrottle counts events (failed sign-ins, sign-ups) per key and answers how long a
// key must still wait. Up to `free_attempts` events within `forget_after` may follow each
// other at once; from then on the next attempt waits 1 s, and each further event doubles
// the wait (2 s, 4 s, ...) up to `max_delay`. A key is
// forgotten `forget_after` after its last event. At most `capacity` keys are kept; when full,
// the key idle longest is dropped first. Keys are kept as 64-bit digests, so a long key costs
// no more memory than a short one. Thread-safe.
//
// HashGate bounds how many password hashes (argon2id, ~64 MiB and tens of ms each) run at
// once, so a flood of sign-ins cannot starve every other request. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <semaphore>
#include <string_view>
#include <unordered_map>

namespace hoshitori::service {

class AttemptThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    size_t capacity = 50'000;
    int free_attempts = 5;
    std::chrono::seconds max_delay{900};
    std::chrono::seconds forget_after{900};
  };

  explicit AttemptThrottle(Options options) : options_(options) {}
  AttemptThrottle(const AttemptThrottle&) = delete;
  AttemptThrottle& operator=(const AttemptThrottle&) = delete;

  // Whole seconds `key` must still wait at `now` before its next attempt; 0 when it may try.
  int64_t Wait(std::string_view key, Clock::time_point now);
  // Counts one event of `key` at `now`.
  void Record(std::string_view key, Clock::time_point now);
  // Forgets `key` (after a successful sign-in).
  void Forget(std::string_view key);
  // Keys currently kept (never more than options.capacity).
  size_t size() const;

 private:
  struct Entry {
    int events = 0;
    Clock::time_point last;
    Clock::time_point next_allowed;
    std::list<uint64_t>::iterator order;  // position in `idle_order_`
  };
  void Touch(uint64_t digest, Entry& entry);

  const Options options_;
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, Entry> entries_;
  std::list<uint64_t> idle_order_;  // least recently touched first
};

class HashGate {
 public:
  // Allows `concurrent` hashes at once (at most 16).
  explicit HashGate(int concurrent) : slots_(concurrent < 1 ? 1 : (concurrent > 16 ? 16 : concurrent)) {}
  HashGate(const HashGate&) = delete;
  HashGate& operator=(const HashGate&) = delete;

  // Holds one slot for its lifetime; `acquired()` is false when none came free in time.
  class Slot {
   public:
    Slot(HashGate& gate, std::chrono::milliseconds patience) : gate_(gate), acquired_(gate.slots_.try_acquire_for(patience)) {}
    ~Slot() {
      if (acquired_) gate_.slots_.release();
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    bool acquired() const { return acquired_; }

   private:
    HashGate& gate_;
    bool acquired_;
  };

 private:
  std::counting_semaphore<16> slots_;
};

}  // namespace hoshitori::service
