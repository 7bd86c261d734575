#include "interchange/table.h"

#include "core/csv.h"

namespace hoshitori::interchange {

const std::string& TableRow::Cell(int column) const {
  static const std::string kEmpty;
  return column >= 0 && column < static_cast<int>(cells.size()) ? cells[column] : kEmpty;
}

bool LooksLikeXlsx(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

Result<Table> ReadCsvTable(std::string_view text) {
  auto records = ParseCsv(text);
  if (!records) return records.error();
  Table table;
  for (CsvRecord& record : *records) {
    bool blank = true;
    for (const std::string& field : record.fields) blank = blank && field.find_first_not_of(" \t") == std::string::npos;
    if (blank) continue;
    table.rows.push_back(TableRow{record.line, std::move(record.fields)});
  }
  return table;
}

Result<Table> ReadTable(std::string_view bytes, std::string_view sheet) {
  if (LooksLikeXlsx(bytes)) return ReadXlsxSheet(bytes, sheet);
  return ReadCsvTable(bytes);
}

std::string ColumnName(int column) {
  std::string name;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  return name;
}

}  // namespace hoshitori::interchange
