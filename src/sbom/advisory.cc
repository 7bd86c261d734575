#include "sbom/advisory.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace hoshitori::sbom {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads exactly `count` digits at `at` into `value`; false when they are not all digits.
bool Digits(std::string_view text, size_t at, size_t count, int* value) {
  if (at + count > text.size()) return false;
  int result = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    result = result * 10 + (text[i] - '0');
  }
  *value = result;
  return true;
}

Error BadTimestamp(std::string_view text, std::string_view why) {
  std::string shown(text.substr(0, 40));
  if (text.size() > 40) shown += "...";
  return MakeError(ErrorKind::kInvalid, "invalid timestamp",
                   "'" + shown + "' is not an RFC 3339 timestamp (" + std::string(why) + ")");
}

}  // namespace

Result<Timestamp> ParseOsvTimestamp(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(text, 0, 4, &year) || text.size() < 19 || text[4] != '-' ||
      !Digits(text, 5, 2, &month) || text[7] != '-' || !Digits(text, 8, 2, &day)) {
    return BadTimestamp(text, "expected YYYY-MM-DD first");
  }
  if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !Digits(text, 11, 2, &hour) ||
      text[13] != ':' || !Digits(text, 14, 2, &minute) || text[16] != ':' ||
      !Digits(text, 17, 2, &second)) {
    return BadTimestamp(text, "expected THH:MM:SS after the date");
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return BadTimestamp(text, "no such date");
  // 60 is a leap second; it is counted as the next second's start.
  if (hour > 23 || minute > 59 || second > 60) return BadTimestamp(text, "no such time of day");
  size_t at = 19;
  int64_t micros = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const size_t start = at;
    int64_t scale = 100000;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      micros += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start) return BadTimestamp(text, "no digits after the decimal point");
  }
  int offset_minutes = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    int offset_hours = 0, offset_mins = 0;
    if (!Digits(text, at + 1, 2, &offset_hours) || at + 3 >= text.size() || text[at + 3] != ':' ||
        !Digits(text, at + 4, 2, &offset_mins) || offset_hours > 23 || offset_mins > 59) {
      return BadTimestamp(text, "the offset must look like +09:00");
    }
    offset_minutes = (offset_hours * 60 + offset_mins) * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return BadTimestamp(text, "no time zone: end with Z or an offset such as +09:00");
  }
  if (at != text.size()) return BadTimestamp(text, "unexpected text after the time zone");
  const auto local = std::chrono::sys_days(date) + hours(hour) + minutes(minute) + seconds(second) +
                     microseconds(micros);
  return Timestamp(local - minutes(offset_minutes));
}

std::string FormatOsvTimestamp(Timestamp time) {
  const auto day_start = std::chrono::floor<days>(time);
  const std::chrono::year_month_day date(day_start);
  const std::chrono::hh_mm_ss<microseconds> clock(time - day_start);
  char buffer[48];
  const int written = std::snprintf(
      buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02lld", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<long long>(clock.seconds().count()));
  std::string text(buffer, static_cast<size_t>(written));
  if (clock.subseconds().count() != 0) {
    std::snprintf(buffer, sizeof buffer, ".%06lld",
                  static_cast<long long>(clock.subseconds().count()));
    text += buffer;
  }
  return text + "Z";
}

std::string_view RangeTypeName(RangeType type) {
  switch (type) {
    case RangeType::kSemver:
      return "SEMVER";
    case RangeType::kEcosystem:
      return "ECOSYSTEM";
    case RangeType::kGit:
      return "GIT";
    case RangeType::kOther:
      break;
  }
  return "other";
}

std::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kIntroduced:
      return "introduced";
    case EventKind::kFixed:
      return "fixed";
    case EventKind::kLastAffected:
      return "last_affected";
    case EventKind::kLimit:
      break;
  }
  return "limit";
}

}  // namespace hoshitori::sbom
