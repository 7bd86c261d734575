// Clock: where "now" comes from. Use cases, validity checks and stored timestamps read the
// time through a Clock passed in, never from the system directly, so that a demo or a test can
// run on a chosen day (`hoshitori serve --today 2027-04-01`).
//
// Thread-safe: a Clock is immutable after construction.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"

namespace hoshitori {

class Clock {
 public:
  // The system clock, optionally moved so that today is `today` (the time of day runs on).
  explicit Clock(std::optional<Date> today = std::nullopt);

  std::chrono::system_clock::time_point Now() const;
  // Today in UTC.
  Date Today() const;
  // Now (plus `plus_seconds`) as ISO 8601 UTC with seconds: "2026-12-06T03:00:00Z".
  std::string UtcNow(int64_t plus_seconds = 0) const;

 private:
  std::chrono::system_clock::duration offset_{};
};

}  // namespace hoshitori
