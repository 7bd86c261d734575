#include "core/date.h"

#include <cstdio>

namespace hoshitori {

Result<Date> ParseDate(std::string_view text) {
  auto fail = [&]() -> Result<Date> {
    return MakeError("'" + std::string(text) + "' is not a date; write YYYY-MM-DD, e.g. 2026-04-01");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return fail();
  int parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (size_t k = 0; k < lengths[i]; ++k) {
      const char c = text[starts[i] + k];
      if (c < '0' || c > '9') return fail();
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  Date date{std::chrono::year(parts[0]), std::chrono::month(static_cast<unsigned>(parts[1])),
            std::chrono::day(static_cast<unsigned>(parts[2]))};
  if (!date.ok()) return fail();
  return date;
}

std::string FormatDate(const Date& date) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

Date Today() {
  return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

Date AddYears(const Date& date, int years) {
  Date shifted = date + std::chrono::years(years);
  if (!shifted.ok()) shifted = shifted.year() / shifted.month() / std::chrono::last;
  return shifted;
}

}  // namespace hoshitori
