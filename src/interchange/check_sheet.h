// The Hoshitori check sheet: a framework as an xlsx workbook (Japanese headers) that a
// supplier fills in and returns, and the built-in column map that reads it back.
//
// Sheet "チェックシート": a title row, an instruction row, then the header row
//   管理番号 | 分類 | レベル | 要求事項 | 達成基準 | 証跡の例 | 回答 | 成熟度 | コメント | 証跡
// and one row per assessable requirement; the answer column offers the labels
// 実施 / 一部実施 / 未実施 / 該当なし / 不明 as a drop-down. Sheet "hoshitori" holds the
// framework id and version, so the returned file names its framework itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assess/answers.h"
#include "catalog/framework.h"
#include "core/result.h"
#include "interchange/column_map.h"

namespace hoshitori::interchange {

inline constexpr const char* kCheckSheetName = "チェックシート";
inline constexpr const char* kCheckSheetInfoName = "hoshitori";

// The Japanese answer label of a status ("実施" ...), and back (also accepting the English
// status names). nullopt for anything else.
std::string_view CheckSheetLabel(AnswerStatus status);
std::optional<AnswerStatus> CheckSheetStatusFromLabel(std::string_view label);

// The column map that reads a returned check sheet's answers.
const ColumnMap& CheckSheetColumnMap();

// The framework id and version written in the "hoshitori" sheet of a check sheet, or an
// error when the workbook has none (then --framework must be given).
struct CheckSheetInfo {
  std::string framework_id;
  std::string version;
};
Result<CheckSheetInfo> ReadCheckSheetInfo(std::string_view xlsx_bytes);

// Writes the check sheet of `framework` to `path` (xlsx), texts in `lang` ("ja" or "en";
// headers are always Japanese). `prefill` (optional) are earlier answers written into the
// answer columns, e.g. last year's assessment for a renewal. Returns an error naming the
// file when it cannot be written.
Status WriteCheckSheet(const Framework& framework, const std::string& path, const std::string& lang,
                       const std::vector<Answer>* prefill = nullptr);

}  // namespace hoshitori::interchange
