// The buyer's supplier list as a file: CSV (UTF-8 with a byte-order mark, so that Excel
// opens Japanese text correctly) and xlsx (libxlsxwriter).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace hoshitori::web {

// How the xlsx writes a column's cells: as text, as numbers ("3", "87.5") or as dates
// ("YYYY-MM-DD", a date cell shown yyyy-mm-dd). A cell that does not read as its column's
// kind is written as text.
enum class ColumnKind { kText, kNumber, kDate };

struct ExportTable {
  std::string sheet_name;  // xlsx sheet name (at most 31 characters)
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // each as long as headers
  std::vector<ColumnKind> kinds;               // per column; columns past its end are text
};

// RFC 4180 CSV with CRLF line ends and a leading UTF-8 BOM. Cells starting with =, +, -,
// @, tab or CR get a leading apostrophe so that a spreadsheet never runs them as formulas.
std::string ToCsv(const ExportTable& table);

// The bytes of an xlsx workbook with one sheet: a bold header row, frozen, with an
// autofilter. The workbook is written to a private temporary file (mkstemp, mode 0600,
// unpredictable name), removed before returning on every path. Fails when that file cannot
// be written.
Result<std::string> ToXlsx(const ExportTable& table);

}  // namespace hoshitori::web
