#include "interchange/column_map.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "interchange/check_sheet.h"
#include "interchange/text.h"

namespace hoshitori::interchange {

namespace {

// yaml-cpp throws when asked the type of a missing entry; these say false instead.
bool IsMapNode(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }
bool IsSequenceNode(const YAML::Node& node) { return node.IsDefined() && node.IsSequence(); }
bool IsScalarNode(const YAML::Node& node) { return node.IsDefined() && node.IsScalar(); }

struct Failure {
  std::string message;
};

const LocalizedText kSheetLicenceNote{
    "利用者がスプレッドシートから取り込んだ基準です。出典と利用条件は発行元の資料を確認してください。",
    "A framework the user imported from a spreadsheet. See the publisher's document for its "
    "source and terms of use."};

// Header comparison ignores spaces, line breaks and full-width spaces (U+3000) and case.
std::string HeaderKey(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {
      i += 2;
      continue;
    }
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

class MapReader {
 public:
  explicit MapReader(const std::string& file) : file_(file) {}

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& message) const {
    throw Failure{file_ + ":" + std::to_string(at.IsDefined() ? at.Mark().line + 1 : 0) + ": " + message};
  }
  std::string Scalar(const YAML::Node& node, const std::string& what) const {
    if (!IsScalarNode(node)) Fail(node, what + " must be text");
    return Trim(node.Scalar());
  }
  LocalizedText Text(const YAML::Node& map, const char* key) const {
    LocalizedText text;
    const YAML::Node value = map[key];
    if (!value.IsDefined() || value.IsNull()) return text;
    if (IsScalarNode(value)) return Both(Trim(value.Scalar()));
    if (!IsMapNode(value)) Fail(value, std::string("'") + key + "' must be text or {ja: ..., en: ...}");
    if (value["ja"].IsDefined()) text.ja = Scalar(value["ja"], std::string(key) + ".ja");
    if (value["en"].IsDefined()) text.en = Scalar(value["en"], std::string(key) + ".en");
    FillMissingLanguage(text);
    return text;
  }
  void Columns(const YAML::Node& node, const char* key, std::initializer_list<const char*> fields,
               std::map<std::string, std::vector<std::string>>& out) const {
    const YAML::Node columns = node[key];
    if (!columns.IsDefined() || columns.IsNull()) return;
    if (!IsMapNode(columns)) Fail(columns, std::string("'") + key + "' must map fields to column headers");
    for (const auto& entry : columns) {
      const std::string field = entry.first.Scalar();
      if (std::find_if(fields.begin(), fields.end(), [&](const char* f) { return field == f; }) == fields.end()) {
        std::string known;
        for (const char* f : fields) known += (known.empty() ? "" : ", ") + std::string(f);
        Fail(entry.first, "unknown field '" + field + "' in " + key + "; use " + known);
      }
      std::vector<std::string> headers;
      if (IsSequenceNode(entry.second)) {
        for (const YAML::Node& h : entry.second) headers.push_back(Scalar(h, "a column header"));
      } else {
        headers.push_back(Scalar(entry.second, "the column header of '" + field + "'"));
      }
      if (headers.empty() || std::any_of(headers.begin(), headers.end(), [](const std::string& h) { return h.empty(); })) {
        Fail(entry.second, "the column header of '" + field + "' is empty");
      }
      out[field] = std::move(headers);
    }
  }

  ColumnMap Read(const YAML::Node& root) const {
    if (!IsMapNode(root)) Fail(root, "a column map is a YAML map with 'columns' and/or 'answer_columns'");
    for (const auto& entry : root) {
      static const std::set<std::string> kKeys = {"sheet", "header_row", "framework", "columns",
                                                  "levels", "answer_columns", "answers"};
      if (!kKeys.count(entry.first.Scalar())) {
        Fail(entry.first, "unknown key '" + entry.first.Scalar() +
                              "'; use sheet, header_row, framework, columns, levels, answer_columns, answers");
      }
    }
    ColumnMap map;
    map.file_name = file_;
    if (root["sheet"].IsDefined()) map.sheet = Scalar(root["sheet"], "'sheet'");
    if (const YAML::Node row = root["header_row"]; row.IsDefined()) {
      if (!IsScalarNode(row) || !YAML::convert<int>::decode(row, map.header_row) || map.header_row < 1) {
        Fail(row, "'header_row' must be a row number (1 or more)");
      }
    }
    if (const YAML::Node f = root["framework"]; f.IsDefined()) {
      if (!IsMapNode(f)) Fail(f, "'framework' must be a map with id, version, name, ...");
      for (const auto& entry : f) {
        static const std::set<std::string> kKeys = {"id", "version", "name", "publisher",
                                                    "licence_note", "source_url", "language"};
        if (!kKeys.count(entry.first.Scalar())) Fail(entry.first, "unknown key '" + entry.first.Scalar() + "' in framework");
      }
      if (f["id"].IsDefined()) map.framework_id = Scalar(f["id"], "framework id");
      if (f["version"].IsDefined()) map.version = Scalar(f["version"], "framework version");
      if (f["source_url"].IsDefined()) map.source_url = Scalar(f["source_url"], "source_url");
      if (f["language"].IsDefined()) {
        map.language = Scalar(f["language"], "language");
        if (map.language != "ja" && map.language != "en") Fail(f["language"], "language must be ja or en");
      }
      map.name = Text(f, "name");
      map.publisher = Text(f, "publisher");
      map.licence_note = Text(f, "licence_note");
    }
    Columns(root, "columns", {"id", "ref", "category", "level", "title", "description", "why",
                              "evidence", "weight", "effort", "title_en", "description_en",
                              "why_en", "evidence_en", "category_en"}, map.columns);
    Columns(root, "answer_columns", {"ref", "status", "maturity", "comment", "evidence"}, map.answer_columns);
    if (const YAML::Node levels = root["levels"]; levels.IsDefined()) {
      if (!IsMapNode(levels)) Fail(levels, "'levels' must map cell values to level tags, e.g. {Lv1: lv1}");
      for (const auto& entry : levels) {
        const std::string tag = Scalar(entry.second, "a level tag");
        auto parsed = ParseLevelTag(tag);
        if (!parsed) Fail(entry.second, "unknown level tag '" + tag + "'; use star1..star5 or lv1..lv3");
        map.levels[Trim(entry.first.Scalar())] = *parsed;
      }
    }
    if (const YAML::Node answers = root["answers"]; answers.IsDefined()) {
      if (!IsMapNode(answers)) Fail(answers, "'answers' must map cell values to statuses, e.g. {○: implemented}");
      for (const auto& entry : answers) {
        map.answers[Trim(entry.first.Scalar())] = Scalar(entry.second, "a status");
      }
    }
    if (map.columns.empty() && map.answer_columns.empty()) {
      Fail(root, "the column map needs 'columns' (a guideline) or 'answer_columns' (an answer sheet)");
    }
    return map;
  }

 private:
  const std::string& file_;
};

// Column positions of `fields`, found in the header row; -1 for unmapped fields.
struct Layout {
  int header_index = -1;  // index into table.rows
  std::map<std::string, std::vector<int>> columns;
  std::map<std::string, std::string> shown;  // field -> header text as mapped, for messages
};

int FindColumn(const TableRow& header, const std::string& wanted) {
  if (wanted.size() >= 2 && wanted.front() == '@') {
    int column = 0;
    for (size_t i = 1; i < wanted.size(); ++i) {
      const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(wanted[i])));
      if (c < 'A' || c > 'Z') return -1;
      column = column * 26 + (c - 'A' + 1);
    }
    return column - 1;
  }
  const std::string key = HeaderKey(wanted);
  for (size_t c = 0; c < header.cells.size(); ++c) {
    if (!key.empty() && HeaderKey(header.cells[c]) == key) return static_cast<int>(c);
  }
  return -1;
}

Result<Layout> FindLayout(const Table& table, int header_row,
                          const std::map<std::string, std::vector<std::string>>& fields,
                          const std::string& table_name) {
  if (fields.empty()) return MakeError(table_name + ": the column map names no columns for this kind of sheet");
  auto try_row = [&](size_t index, std::string* missing) -> std::optional<Layout> {
    Layout layout;
    layout.header_index = static_cast<int>(index);
    for (const auto& [field, headers] : fields) {
      for (const std::string& header : headers) {
        const int column = FindColumn(table.rows[index], header);
        if (column < 0) {
          if (missing) *missing = header;
          return std::nullopt;
        }
        layout.columns[field].push_back(column);
      }
      layout.shown[field] = headers.front();
    }
    return layout;
  };
  std::string missing;
  if (header_row > 0) {
    for (size_t i = 0; i < table.rows.size(); ++i) {
      if (table.rows[i].line != header_row) continue;
      if (auto layout = try_row(i, &missing)) return *layout;
      return MakeError(table_name + ": row " + std::to_string(header_row) + " has no column headed '" + missing +
                       "' (check the column map's header texts)");
    }
    return MakeError(table_name + ": header row " + std::to_string(header_row) + " is empty or missing");
  }
  for (size_t i = 0; i < table.rows.size() && i < 30; ++i) {
    if (auto layout = try_row(i, i == 0 ? &missing : nullptr)) return *layout;
  }
  return MakeError(table_name + ": no header row with all the mapped columns in the first 30 rows (first row lacks '" +
                   missing + "'); set header_row or fix the header texts in the column map");
}

std::string CellOf(const TableRow& row, const Layout& layout, const std::string& field) {
  auto it = layout.columns.find(field);
  if (it == layout.columns.end()) return "";
  std::string out;
  for (int column : it->second) {
    const std::string cell = Trim(row.Cell(column));
    if (cell.empty()) continue;
    if (!out.empty()) out += '\n';
    out += cell;
  }
  return out;
}

std::string Where(const std::string& table_name, const TableRow& row, const Layout& layout, const std::string& field) {
  std::string where = table_name + ": row " + std::to_string(row.line);
  auto it = layout.columns.find(field);
  if (it != layout.columns.end()) {
    where += ", column '" + layout.shown.at(field) + "' (" + ColumnName(it->second.front()) + ")";
  }
  return where;
}

}  // namespace

Result<ColumnMap> ParseColumnMap(std::string_view yaml_text, const std::string& file_name) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return MakeError(file_name + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  try {
    return MapReader(file_name).Read(root);
  } catch (const Failure& failure) {
    return MakeError(failure.message);
  } catch (const YAML::Exception& e) {
    return MakeError(file_name + ":" + std::to_string(e.mark.line + 1) + ": unreadable structure: " + e.msg);
  }
}

Result<Framework> SheetToFramework(const Table& table, const ColumnMap& map, const std::string& table_name) {
  if (map.framework_id.empty()) return MakeError(map.file_name + ": the column map needs framework.id");
  if (FrameworkIdFrom(map.framework_id) != map.framework_id) {
    return MakeError(map.file_name + ": framework id '" + map.framework_id +
                     "' may use only lower-case letters, digits, '.', '_' and '-'");
  }
  if (map.columns.count("title") == 0) return MakeError(map.file_name + ": 'columns' needs a 'title' column");
  auto layout = FindLayout(table, map.header_row, map.columns, table_name);
  if (!layout) return layout.error();
  const bool ja = map.language == "ja";
  auto localized = [&](const std::string& main, const std::string& other) {
    LocalizedText text;
    (ja ? text.ja : text.en) = main;
    (ja ? text.en : text.ja) = other;
    FillMissingLanguage(text);
    return text;
  };

  Framework framework;
  framework.id = map.framework_id;
  framework.version = map.version.empty() ? "1" : map.version;
  framework.name = map.name.ja.empty() ? Both(map.framework_id) : map.name;
  framework.publisher = map.publisher.ja.empty() ? Both("—") : map.publisher;
  framework.licence_note = map.licence_note.ja.empty() ? kSheetLicenceNote : map.licence_note;
  framework.source_url = map.source_url;

  std::map<std::string, int> seen_ids;  // id -> row
  std::set<std::string> refs;
  for (size_t r = static_cast<size_t>(layout->header_index) + 1; r < table.rows.size(); ++r) {
    const TableRow& row = table.rows[r];
    bool blank = true;
    for (const auto& [field, columns] : layout->columns) {
      for (int column : columns) blank = blank && Trim(row.Cell(column)).empty();
    }
    if (blank) continue;
    RequirementNode node;
    node.assessable = true;
    node.source_line = row.line;
    const std::string id_text = layout->columns.count("id") ? CellOf(row, *layout, "id") : "R" + std::to_string(row.line);
    if (id_text.empty()) return MakeError(Where(table_name, row, *layout, "id") + ": the id is empty");
    node.id = NodeIdFrom(id_text);
    if (auto [it, inserted] = seen_ids.emplace(node.id, row.line); !inserted) {
      return MakeError(Where(table_name, row, *layout, "id") + ": id '" + id_text + "' is already used on row " +
                       std::to_string(it->second));
    }
    std::string ref = layout->columns.count("ref") ? CellOf(row, *layout, "ref") : id_text;
    if (ref.empty()) ref = id_text;
    if (!refs.insert(ref).second) {
      return MakeError(Where(table_name, row, *layout, "ref") + ": ref '" + ref + "' is already used");
    }
    node.ref = ref;
    node.title = localized(CellOf(row, *layout, "title"), CellOf(row, *layout, "title_en"));
    if (node.title.ja.empty()) return MakeError(Where(table_name, row, *layout, "title") + ": the title is empty");
    node.description = localized(CellOf(row, *layout, "description"), CellOf(row, *layout, "description_en"));
    if (node.description.ja.empty()) node.description = node.title;
    node.why = localized(CellOf(row, *layout, "why"), CellOf(row, *layout, "why_en"));
    node.evidence = localized(CellOf(row, *layout, "evidence"), CellOf(row, *layout, "evidence_en"));

    const std::string category = CellOf(row, *layout, "category");
    const std::string category_key = category.empty() ? std::string("general") : category;
    int index = -1;
    for (size_t c = 0; c < framework.categories.size(); ++c) {
      if ((framework.categories[c].name.In(map.language) == category_key && !category.empty()) ||
          (category.empty() && framework.categories[c].id == "general")) {
        index = static_cast<int>(c);
      }
    }
    if (index < 0) {
      Category c;
      if (category.empty()) {
        c.id = "general";
        c.name = LocalizedText{"全般", "General"};
      } else {
        char id[16];
        std::snprintf(id, sizeof id, "c%02zu", framework.categories.size() + 1);
        c.id = id;
        c.name = localized(category, CellOf(row, *layout, "category_en"));
      }
      framework.categories.push_back(std::move(c));
      index = static_cast<int>(framework.categories.size()) - 1;
    }
    node.category = index;

    if (layout->columns.count("level")) {
      const std::string level = CellOf(row, *layout, "level");
      if (!level.empty()) {
        std::optional<LevelTag> tag;
        if (auto it = map.levels.find(level); it != map.levels.end()) tag = it->second;
        if (!tag) tag = ParseLevelTag(Lower(level));
        if (!tag) {
          std::string accepted;
          for (const auto& [value, unused] : map.levels) accepted += (accepted.empty() ? "" : ", ") + value;
          return MakeError(Where(table_name, row, *layout, "level") + ": level '" + level + "' is unknown; use " +
                           (accepted.empty() ? std::string("star1..star5 or lv1..lv3, or add it under 'levels' in the column map") : accepted));
        }
        node.levels = *tag;
      }
    }
    auto number = [&](const char* field, int low, int high, int& out) -> Status {
      const std::string text = CellOf(row, *layout, field);
      if (text.empty()) return OkStatus();
      if (text.size() != 1 || text[0] < '0' + low || text[0] > '0' + high) {
        return MakeError(Where(table_name, row, *layout, field) + ": " + field + " '" + text + "' must be a whole number from " +
                         std::to_string(low) + " to " + std::to_string(high));
      }
      out = text[0] - '0';
      return OkStatus();
    };
    if (auto s = number("weight", 1, 5, node.weight); !s) return s.error();
    if (auto s = number("effort", 1, 3, node.effort); !s) return s.error();
    framework.AddNode(std::move(node));
  }
  if (framework.nodes().empty()) return MakeError(table_name + ": no requirement rows below the header row");
  std::string clash;
  if (!framework.Seal(&clash)) return MakeError(table_name + ": the id or ref '" + clash + "' names two rows");
  return framework;
}

Result<std::vector<Answer>> SheetToAnswers(const Table& table, const ColumnMap& map, const Framework& framework,
                                           const std::string& table_name) {
  if (!map.answer_columns.count("ref") || !map.answer_columns.count("status")) {
    return MakeError(map.file_name + ": 'answer_columns' needs 'ref' and 'status'");
  }
  auto layout = FindLayout(table, map.header_row, map.answer_columns, table_name);
  if (!layout) return layout.error();
  std::vector<Answer> answers;
  std::set<std::string> seen;
  for (size_t r = static_cast<size_t>(layout->header_index) + 1; r < table.rows.size(); ++r) {
    const TableRow& row = table.rows[r];
    const std::string ref = CellOf(row, *layout, "ref");
    std::string status = CellOf(row, *layout, "status");
    if (status.empty()) continue;
    if (auto it = map.answers.find(status); it != map.answers.end()) {
      status = it->second;
    } else if (auto label = CheckSheetStatusFromLabel(status)) {
      status = std::string(AnswerStatusName(*label));
    }
    if (!ParseAnswerStatus(status)) {
      // Not a status: it must be one of the requirement's own choices, else the sheet holds
      // a value the person filling it in can correct from the choices they were shown.
      const NodeIndex node = framework.Find(Trim(ref));
      bool choice = false;
      if (node >= 0) {
        for (const Choice& c : framework.nodes()[node].choices) choice |= c.id == status;
      }
      if (!choice && node >= 0) {
        // The sheet's own values (the column map's, else the check sheet's Japanese
        // labels), in the order of the statuses they stand for.
        std::string accepted;
        for (AnswerStatus s : {AnswerStatus::kImplemented, AnswerStatus::kPartial, AnswerStatus::kNotImplemented,
                               AnswerStatus::kNotApplicable, AnswerStatus::kUnknown}) {
          if (map.answers.empty()) {
            accepted += (accepted.empty() ? "" : "、") + std::string(CheckSheetLabel(s));
            continue;
          }
          for (const auto& [value, status_name] : map.answers) {
            if (status_name == AnswerStatusName(s)) accepted += (accepted.empty() ? "" : "、") + value;
          }
        }
        for (const Choice& c : framework.nodes()[node].choices) accepted += "、" + c.id;
        return MakeError(Where(table_name, row, *layout, "status") + ": answer '" + CellOf(row, *layout, "status") +
                         "' for " + Trim(ref) + " is not one of / 回答は次のいずれかにしてください: " + accepted);
      }
    }
    auto answer = MakeAnswer(framework, table_name + ": row " + std::to_string(row.line), ref, status,
                             CellOf(row, *layout, "maturity"), CellOf(row, *layout, "comment"),
                             CellOf(row, *layout, "evidence"));
    if (!answer) return answer.error();
    if (!seen.insert(answer->node_id).second) {
      return MakeError(table_name + ": row " + std::to_string(row.line) + ": " + answer->node_id + " is answered twice");
    }
    answers.push_back(std::move(answer).value());
  }
  if (answers.empty()) {
    return MakeError(table_name + ": no answers found (the answer column '" + layout->shown.at("status") + "' is empty on every row)");
  }
  return answers;
}

}  // namespace hoshitori::interchange
