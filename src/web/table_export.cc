#include "web/table_export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace hoshitori::web {

namespace {

std::string Defused(const std::string& cell) {
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@'))
    return "'" + cell;
  return cell;
}

void AppendCsvCell(std::string& out, const std::string& raw) {
  const std::string cell = Defused(raw);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    out += cell;
    return;
  }
  out.push_back('"');
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

struct WorkbookCloser {
  void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};

}  // namespace

std::string ToCsv(const ExportTable& table) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out.push_back(',');
      AppendCsvCell(out, cells[i]);
    }
    out += "\r\n";
  };
  line(table.headers);
  for (const auto& row : table.rows) line(row);
  return out;
}

Result<std::string> ToXlsx(const ExportTable& table) {
  static std::atomic<int> counter{0};
  const auto path =
      std::filesystem::temp_directory_path() / ("hoshitori-export-" + std::to_string(::getpid()) +
                                                "-" + std::to_string(counter++) + ".xlsx");
  {
    std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new(path.c_str()));
    if (!workbook) return MakeError("cannot create a workbook at " + path.string());
    const std::string name = table.sheet_name.empty() ? "Sheet1" : table.sheet_name;
    lxw_worksheet* sheet = workbook_add_worksheet(workbook.get(), name.c_str());
    if (!sheet) return MakeError("invalid sheet name '" + name + "'");
    lxw_format* header = workbook_add_format(workbook.get());
    format_set_bold(header);
    format_set_bg_color(header, 0xDDE6F0);
    for (size_t c = 0; c < table.headers.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), table.headers[c].c_str(), header);
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           c == 0 ? 36 : 16, nullptr);
    }
    for (size_t r = 0; r < table.rows.size(); ++r) {
      for (size_t c = 0; c < table.rows[r].size(); ++c) {
        if (table.rows[r][c].empty()) continue;
        worksheet_write_string(sheet, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                               table.rows[r][c].c_str(), nullptr);
      }
    }
    if (!table.headers.empty()) {
      worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                           static_cast<lxw_col_t>(table.headers.size() - 1));
    }
    worksheet_freeze_panes(sheet, 1, 0);
  }  // workbook_close writes the file
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError("the workbook was not written to " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  in.close();
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  return bytes.str();
}

}  // namespace hoshitori::web
