// Table: the rows of one spreadsheet sheet as text cells, from xlsx or CSV, with the row
// number a user sees in Excel so that messages can name it ("row 12"). Empty rows are
// dropped; a cell that is missing in the file (a gap) is "".
//
// The xlsx reader handles what Excel and LibreOffice write: shared strings (rich text runs
// joined, Japanese phonetic guides <rPh> left out), inline strings, formula string
// results, booleans and numbers (written back as the shortest decimal), and cell
// references with gaps. It reads from memory, checks sizes before unpacking (a zip bomb
// is refused), and never trusts the file's structure. Pure: bytes in, values out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::interchange {

struct TableRow {
  int line = 0;  // 1-based row number in the sheet (or line in the CSV file)
  std::vector<std::string> cells;
  // The cell in 0-based column `column`, or "" past the end.
  const std::string& Cell(int column) const;
};

struct Table {
  std::string sheet;  // sheet name ("" for CSV)
  std::vector<TableRow> rows;
};

// True when `bytes` start like a zip archive (an xlsx file).
bool LooksLikeXlsx(std::string_view bytes);

// The sheet names of an xlsx workbook in workbook order.
Result<std::vector<std::string>> XlsxSheetNames(std::string_view xlsx_bytes);

// One sheet of an xlsx workbook: `sheet` is its name, or "" for the first sheet. The error
// names the sheet and lists the ones there are.
Result<Table> ReadXlsxSheet(std::string_view xlsx_bytes, std::string_view sheet);

// A CSV file (core/csv.h rules) as a table; line numbers are the CSV lines.
Result<Table> ReadCsvTable(std::string_view text);

// xlsx when the bytes look like one, CSV otherwise (`sheet` is ignored for CSV).
Result<Table> ReadTable(std::string_view bytes, std::string_view sheet);

// Column letters of a 0-based column index ("A", "Z", "AA").
std::string ColumnName(int column);

}  // namespace hoshitori::interchange
