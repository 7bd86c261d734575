#include "service/throttle.h"

#include <algorithm>
#include <functional>
#include <string>

namespace hoshitori::service {

namespace {
uint64_t Digest(std::string_view key) { return std::hash<std::string_view>{}(key); }
}  // namespace

void AttemptThrottle::Touch(uint64_t digest, Entry& entry) {
  idle_order_.erase(entry.order);
  entry.order = idle_order_.insert(idle_order_.end(), digest);
}

int64_t AttemptThrottle::Wait(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(Digest(key));
  if (found == entries_.end()) return 0;
  const Entry& entry = found->second;
  if (now - entry.last >= options_.forget_after || now >= entry.next_allowed) return 0;
  const auto left = std::chrono::ceil<std::chrono::seconds>(entry.next_allowed - now).count();
  return std::max<int64_t>(1, left);
}

void AttemptThrottle::Record(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const uint64_t digest = Digest(key);
  auto found = entries_.find(digest);
  if (found == entries_.end()) {
    // Make room: drop the keys idle longest.
    while (!idle_order_.empty() && entries_.size() >= options_.capacity) {
      entries_.erase(idle_order_.front());
      idle_order_.pop_front();
    }
    Entry fresh;
    fresh.order = idle_order_.insert(idle_order_.end(), digest);
    found = entries_.emplace(digest, fresh).first;
  } else {
    Touch(digest, found->second);
  }
  Entry& entry = found->second;
  if (entry.events > 0 && now - entry.last >= options_.forget_after) entry.events = 0;
  entry.events += 1;
  entry.last = now;
  // After the free attempts are used up, each event makes the next attempt wait: 1 s, 2 s, ...
  const int over = entry.events - options_.free_attempts + 1;
  if (over <= 0) {
    entry.next_allowed = now;
  } else {
    const int64_t max_seconds = options_.max_delay.count();
    int64_t delay = 1;
    for (int i = 1; i < over && delay < max_seconds; ++i) delay *= 2;
    entry.next_allowed = now + std::chrono::seconds(std::min(delay, max_seconds));
  }
}

void AttemptThrottle::Forget(std::string_view key) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(Digest(key));
  if (found == entries_.end()) return;
  idle_order_.erase(found->second.order);
  entries_.erase(found);
}

size_t AttemptThrottle::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace hoshitori::service
