// Writing the check sheet with libxlsxwriter (the file-system half of check_sheet.h).
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "interchange/check_sheet.h"

namespace hoshitori::interchange {

namespace {

std::string LevelLabel(LevelTags levels) {
  if (const int star = LowestStar(levels)) return "★" + std::to_string(star);
  for (int lv = 1; lv <= 3; ++lv) {
    if (levels & (kLv1 << (lv - 1))) return "Lv" + std::to_string(lv);
  }
  return "";
}

// Owns a workbook until workbook_close() (which writes and frees it) takes it.
struct WorkbookCloser {
  void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};

}  // namespace

Status WriteCheckSheet(const Framework& framework, const std::string& path, const std::string& lang,
                       const std::vector<Answer>* prefill) {
  std::map<std::string, const Answer*> earlier;
  if (prefill) {
    for (const Answer& answer : *prefill) earlier[answer.node_id] = &answer;
  }
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path temporary = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new(temporary.c_str()));
  if (!workbook) return MakeError("cannot create the workbook '" + path + "'");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook.get(), kCheckSheetName);
  lxw_worksheet* info = workbook_add_worksheet(workbook.get(), kCheckSheetInfoName);
  if (!sheet || !info) return MakeError("cannot create the sheets of '" + path + "'");

  lxw_format* title = workbook_add_format(workbook.get());
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format* header = workbook_add_format(workbook.get());
  format_set_bold(header);
  format_set_bg_color(header, 0xDCE6F1);
  format_set_border(header, LXW_BORDER_THIN);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* cell = workbook_add_format(workbook.get());
  format_set_text_wrap(cell);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* answer = workbook_add_format(workbook.get());
  format_set_border(answer, LXW_BORDER_THIN);
  format_set_bg_color(answer, 0xFFF2CC);
  format_set_align(answer, LXW_ALIGN_VERTICAL_TOP);
  format_set_text_wrap(answer);
  format_set_unlocked(answer);

  const std::string name = framework.name.In(lang) + " (" + framework.id + " " + framework.version + ")";
  worksheet_write_string(sheet, 0, 0, name.c_str(), title);
  worksheet_write_string(sheet, 1, 0,
                         "「回答」欄で 実施／一部実施／未実施／該当なし／不明 のいずれかを選び、必要なら成熟度（0〜5）・"
                         "コメント・証跡（; 区切り）を記入してください。黄色の欄だけを記入します。",
                         nullptr);
  constexpr int kHeaderRow = 3;
  const char* headers[] = {"管理番号", "分類", "レベル", "要求事項", "達成基準", "証跡の例", "回答", "成熟度", "コメント", "証跡"};
  const double widths[] = {12, 16, 8, 36, 60, 30, 12, 8, 30, 30};
  for (int c = 0; c < 10; ++c) {
    worksheet_write_string(sheet, kHeaderRow, static_cast<lxw_col_t>(c), headers[c], header);
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
  }
  lxw_row_t row = kHeaderRow + 1;
  for (NodeIndex index : framework.assessable()) {
    const RequirementNode& node = framework.nodes()[index];
    const std::string category = node.category >= 0 ? framework.categories[node.category].name.In(lang) : "";
    const std::string level = LevelLabel(node.levels);
    worksheet_write_string(sheet, row, 0, node.ref.c_str(), cell);
    worksheet_write_string(sheet, row, 1, category.c_str(), cell);
    worksheet_write_string(sheet, row, 2, level.c_str(), cell);
    worksheet_write_string(sheet, row, 3, node.title.In(lang).c_str(), cell);
    worksheet_write_string(sheet, row, 4, node.description.In(lang).c_str(), cell);
    worksheet_write_string(sheet, row, 5, node.evidence.In(lang).c_str(), cell);
    for (lxw_col_t c = 6; c < 10; ++c) worksheet_write_blank(sheet, row, c, answer);
    if (auto it = earlier.find(node.id); it != earlier.end()) {
      const Answer& given = *it->second;
      worksheet_write_string(sheet, row, 6, std::string(CheckSheetLabel(given.status)).c_str(), answer);
      if (given.maturity) worksheet_write_number(sheet, row, 7, *given.maturity, answer);
      if (!given.comment.empty()) worksheet_write_string(sheet, row, 8, given.comment.c_str(), answer);
      std::string evidence;
      for (const std::string& e : given.evidence) evidence += (evidence.empty() ? "" : "; ") + e;
      if (!evidence.empty()) worksheet_write_string(sheet, row, 9, evidence.c_str(), answer);
    }
    ++row;
  }
  const lxw_row_t last = row - 1;
  if (last > kHeaderRow) {
    const char* labels[] = {"実施", "一部実施", "未実施", "該当なし", "不明", nullptr};
    lxw_data_validation status{};
    status.validate = LXW_VALIDATION_TYPE_LIST;
    status.value_list = const_cast<char**>(labels);
    status.error_title = const_cast<char*>("回答");
    status.error_message = const_cast<char*>("実施／一部実施／未実施／該当なし／不明 から選んでください。");
    worksheet_data_validation_range(sheet, kHeaderRow + 1, 6, last, 6, &status);
    lxw_data_validation maturity{};
    maturity.validate = LXW_VALIDATION_TYPE_INTEGER;
    maturity.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    maturity.minimum_number = 0;
    maturity.maximum_number = 5;
    maturity.error_message = const_cast<char*>("成熟度は 0〜5 の整数です。");
    worksheet_data_validation_range(sheet, kHeaderRow + 1, 7, last, 7, &maturity);
    worksheet_autofilter(sheet, kHeaderRow, 0, last, 9);
  }
  worksheet_freeze_panes(sheet, kHeaderRow + 1, 1);

  worksheet_write_string(info, 0, 0, "framework", nullptr);
  worksheet_write_string(info, 0, 1, framework.id.c_str(), nullptr);
  worksheet_write_string(info, 1, 0, "version", nullptr);
  worksheet_write_string(info, 1, 1, framework.version.c_str(), nullptr);
  worksheet_write_string(info, 2, 0, "note", nullptr);
  worksheet_write_string(info, 2, 1,
                         "Written by Hoshitori; read back with `hoshitori import sheet answers`. "
                         "Do not rename the sheets.",
                         nullptr);

  const lxw_error error = workbook_close(workbook.release());
  if (error != LXW_NO_ERROR) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return MakeError("cannot write '" + path + "': " + lxw_strerror(error));
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return MakeError("cannot write '" + path + "': " + ec.message());
  }
  return OkStatus();
}

}  // namespace hoshitori::interchange
