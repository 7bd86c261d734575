#include "interchange/check_sheet.h"

#include "interchange/table.h"
#include "interchange/text.h"

namespace hoshitori::interchange {

namespace {
constexpr std::pair<AnswerStatus, std::string_view> kLabels[] = {
    {AnswerStatus::kImplemented, "実施"},
    {AnswerStatus::kPartial, "一部実施"},
    {AnswerStatus::kNotImplemented, "未実施"},
    {AnswerStatus::kNotApplicable, "該当なし"},
    {AnswerStatus::kUnknown, "不明"},
};
}  // namespace

std::string_view CheckSheetLabel(AnswerStatus status) {
  for (const auto& [value, label] : kLabels) {
    if (value == status) return label;
  }
  return "";
}

std::optional<AnswerStatus> CheckSheetStatusFromLabel(std::string_view label) {
  const std::string trimmed = Trim(label);
  for (const auto& [value, text] : kLabels) {
    if (text == trimmed) return value;
  }
  return ParseAnswerStatus(trimmed);
}

const ColumnMap& CheckSheetColumnMap() {
  static const ColumnMap map = [] {
    ColumnMap m;
    m.file_name = "(the Hoshitori check sheet layout)";
    m.sheet = kCheckSheetName;
    m.answer_columns = {{"ref", {"管理番号"}},   {"status", {"回答"}}, {"maturity", {"成熟度"}},
                        {"comment", {"コメント"}}, {"evidence", {"証跡"}}};
    return m;
  }();
  return map;
}

Result<CheckSheetInfo> ReadCheckSheetInfo(std::string_view xlsx_bytes) {
  auto table = ReadXlsxSheet(xlsx_bytes, kCheckSheetInfoName);
  if (!table) {
    return MakeError("the workbook has no 'hoshitori' sheet naming its framework; give --framework");
  }
  CheckSheetInfo info;
  for (const TableRow& row : table->rows) {
    if (row.Cell(0) == "framework") info.framework_id = Trim(row.Cell(1));
    if (row.Cell(0) == "version") info.version = Trim(row.Cell(1));
  }
  if (info.framework_id.empty()) return MakeError("the 'hoshitori' sheet does not name a framework; give --framework");
  return info;
}

}  // namespace hoshitori::interchange
