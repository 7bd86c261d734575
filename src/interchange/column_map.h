// Column maps: how the columns of an association's own spreadsheet (a guideline or check
// sheet, xlsx or CSV) become requirement nodes, and how a filled-in answer sheet becomes
// answers. The file format is described in docs/interchange.md.
//
// Pure: a parsed map and a Table in, a Framework or answers out; every error names the
// file, the row as Excel shows it, and the column.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "assess/answers.h"
#include "catalog/framework.h"
#include "core/result.h"
#include "interchange/table.h"

namespace hoshitori::interchange {

struct ColumnMap {
  std::string file_name = "map.yaml";  // for messages
  std::string sheet;                   // xlsx sheet name; "" = the first sheet
  int header_row = 0;                  // 1-based; 0 = found automatically

  // The framework a guideline sheet defines.
  std::string framework_id;
  std::string version = "1";
  LocalizedText name, publisher, licence_note;
  std::string source_url;
  std::string language = "ja";  // the language of the sheet's texts

  // Field -> the header texts of the column(s) holding it (several are joined with a line
  // break). Fields: id, ref, category, level, title, description, why, evidence, weight,
  // effort, and title_en, description_en, why_en, evidence_en, category_en for a second
  // language.
  std::map<std::string, std::vector<std::string>> columns;
  // Cell value of the level column -> level tag (default: values that are tag names, any case).
  std::map<std::string, LevelTag> levels;

  // Answer sheets: field -> header (ref, status, maturity, comment, evidence), and cell
  // value -> status or choice id (default: the five status names and the Japanese labels
  // of the Hoshitori check sheet).
  std::map<std::string, std::vector<std::string>> answer_columns;
  std::map<std::string, std::string> answers;
};

// Reads a column map file (YAML). Errors are "FILE:LINE: message".
Result<ColumnMap> ParseColumnMap(std::string_view yaml_text, const std::string& file_name);

// Builds the framework a guideline sheet describes: one assessable node per data row (rows
// whose mapped cells are all empty are skipped), categories from the distinct values of the
// category column in order of appearance ("general" without one). `table_name` prefixes
// messages ("guideline.xlsx: row 12, column '要求事項' (D): ...").
Result<Framework> SheetToFramework(const Table& table, const ColumnMap& map, const std::string& table_name);

// Reads the answers of a filled-in sheet for `framework`: rows with an empty answer cell are
// unanswered and skipped; every other row goes through MakeAnswer, so unknown refs, group
// headings, bad statuses and duplicates are errors naming the row.
Result<std::vector<Answer>> SheetToAnswers(const Table& table, const ColumnMap& map,
                                           const Framework& framework, const std::string& table_name);

}  // namespace hoshitori::interchange
