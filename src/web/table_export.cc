#include "web/table_export.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/date.h"

namespace hoshitori::web {

namespace {

// A spreadsheet runs a cell starting with one of these as a formula (tab and CR too: some
// strip them first), so such a cell gets a leading apostrophe.
std::string Defused(const std::string& cell) {
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos) return "'" + cell;
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

// A new, empty file only this process can read (mkstemp: unpredictable name, O_EXCL, mode
// 0600), removed when this goes out of scope, whatever happened in between.
class PrivateTempFile {
 public:
  PrivateTempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hoshitori-export-XXXXXX.xlsx").string();
    fd_ = ::mkstemps(pattern.data(), 5);
    if (fd_ >= 0) path_ = std::move(pattern);
  }
  ~PrivateTempFile() {
    if (fd_ < 0) return;
    ::unlink(path_.c_str());
    ::close(fd_);
  }
  PrivateTempFile(const PrivateTempFile&) = delete;
  PrivateTempFile& operator=(const PrivateTempFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }
  // The whole content, read through the descriptor opened at creation (the same file even
  // if the name were swapped meanwhile).
  Result<std::string> Read() const {
    std::string bytes;
    char chunk[64 * 1024];
    off_t offset = 0;
    for (;;) {
      const ssize_t n = ::pread(fd_, chunk, sizeof chunk, offset);
      if (n < 0) return MakeError("cannot read the workbook back from " + path_);
      if (n == 0) return bytes;
      bytes.append(chunk, static_cast<size_t>(n));
      offset += n;
    }
  }

 private:
  int fd_ = -1;
  std::string path_;
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
  const PrivateTempFile file;
  if (!file.ok()) return MakeError("cannot create a temporary file for the workbook");
  {
    // libxlsxwriter truncates and rewrites the file by name; it keeps its 0600 mode.
    std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new(file.path().c_str()));
    if (!workbook) return MakeError("cannot create a workbook at " + file.path());
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
    lxw_format* date_format = workbook_add_format(workbook.get());
    format_set_num_format(date_format, "yyyy-mm-dd");
    for (size_t r = 0; r < table.rows.size(); ++r) {
      for (size_t c = 0; c < table.rows[r].size(); ++c) {
        const std::string& text = table.rows[r][c];
        if (text.empty()) continue;
        const auto row = static_cast<lxw_row_t>(r + 1);
        const auto col = static_cast<lxw_col_t>(c);
        const ColumnKind kind = c < table.kinds.size() ? table.kinds[c] : ColumnKind::kText;
        if (kind == ColumnKind::kNumber) {
          double number = 0;
          const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
          if (error == std::errc() && end == text.data() + text.size()) {
            worksheet_write_number(sheet, row, col, number, nullptr);
            continue;
          }
        } else if (kind == ColumnKind::kDate) {
          if (const auto date = ParseDate(text)) {
            lxw_datetime when{static_cast<int>(date->year()),
                              static_cast<int>(static_cast<unsigned>(date->month())),
                              static_cast<int>(static_cast<unsigned>(date->day())),
                              0,
                              0,
                              0};
            worksheet_write_datetime(sheet, row, col, &when, date_format);
            continue;
          }
        }
        worksheet_write_string(sheet, row, col, text.c_str(), nullptr);
      }
    }
    if (!table.headers.empty()) {
      worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                           static_cast<lxw_col_t>(table.headers.size() - 1));
    }
    worksheet_freeze_panes(sheet, 1, 0);
  }  // workbook_close writes the file
  auto bytes = file.Read();
  if (bytes && bytes->empty()) return MakeError("the workbook was not written to " + file.path());
  return bytes;
}

}  // namespace hoshitori::web
