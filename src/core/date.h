// Calendar dates (no time of day) as used for validity periods: "2026-11-21".
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori {

using Date = std::chrono::year_month_day;

// Parses an ISO 8601 calendar date YYYY-MM-DD; rejects impossible dates such as 2026-02-30.
Result<Date> ParseDate(std::string_view text);
std::string FormatDate(const Date& date);
// Today in UTC.
Date Today();
// The date `years` years after `date` (Feb 29 becomes Feb 28 where needed).
Date AddYears(const Date& date, int years);

}  // namespace hoshitori
