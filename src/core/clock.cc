#include "core/clock.h"

#include <cstdio>

namespace hoshitori {

Clock::Clock(std::optional<Date> today) {
  if (!today) return;
  const auto real_day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  offset_ = std::chrono::sys_days(*today) - real_day;
}

std::chrono::system_clock::time_point Clock::Now() const { return std::chrono::system_clock::now() + offset_; }

Date Today() ;

Date Clock::Today() const { return Date(std::chrono::floor<std::chrono::days>(Now())); }

std::string Clock::UtcNow(int64_t plus_seconds) const {
  const auto now = std::chrono::floor<std::chrono::seconds>(Now()) + std::chrono::seconds(plus_seconds);
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time(now - day);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

}  // namespace hoshitori
