// Conversions between the store's value types and the texts the schema keeps them as.
#pragma once

#include <optional>
#include <string>

#include "core/date.h"
#include "store/sql_session.h"

namespace hoshitori {

// A date as the schema keeps it ("2026-11-21"), or NULL.
inline std::optional<std::string> DateParam(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return FormatDate(*date);
}

// The date in `column`, or none when it is NULL or not a date.
inline std::optional<Date> DateColumn(const SqlRow& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  auto date = ParseDate(row.Text(column));
  if (!date) return std::nullopt;
  return *date;
}

}  // namespace hoshitori
