// RelationshipService::Upload: a buyer's suppliers from a spreadsheet, checked row by row with
// messages in Japanese and English before anything is written (relationship_service.h).
#include <array>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "service/chain_service.h"
#include "interchange/relationship_file.h"
#include "interchange/table.h"
#include "service/relationship_service.h"

namespace hoshitori::service {

namespace {

using interchange::RelationshipRow;

// The columns a buyer may upload: the interchange name and the Japanese label the template
// uses. declared_by is not among them (the uploader declares every row).
struct UploadColumn {
  RelationshipRow::Column column;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<UploadColumn, 10> kUploadColumns = {{
    {RelationshipRow::kBuyer, "buyer", "発注者の法人番号"},
    {RelationshipRow::kSupplier, "supplier", "仕入先の法人番号"},
    {RelationshipRow::kKind, "kind", "取引の種類"},
    {RelationshipRow::kData, "data", "取り扱う情報"},
    {RelationshipRow::kConnectivity, "connectivity", "接続"},
    {RelationshipRow::kSubstitutability, "substitutability", "代替性"},
    {RelationshipRow::kCritical, "critical", "生産に不可欠"},
    {RelationshipRow::kOnSupplierIt, "on_supplier_it", "仕入先のIT環境で扱う"},
    {RelationshipRow::kStart, "start", "開始日"},
    {RelationshipRow::kEnd, "end", "終了日"},
}};

std::string Trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// An Excel date cell arrives as its serial number (days since 1899-12-30): written back as
// YYYY-MM-DD so that the interchange parser reads it. Other text is returned unchanged.
std::string DateCell(const std::string& text) {
  if (text.size() < 4 || text.size() > 6 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return text;
  }
  const int serial = std::stoi(text);
  using std::chrono::days;
  using std::chrono::sys_days;
  const sys_days epoch = sys_days(std::chrono::year{1899} / 12 / 30);
  return FormatDate(Date(epoch + days(serial)));
}

// Collects problems up to the bound.
class Problems {
 public:
  void Add(int row, std::string_view column, std::string ja, std::string en) {
    if (list_.size() < RelationshipService::kMaxUploadProblems)
      list_.push_back(UploadProblem{row, std::string(column), std::move(ja), std::move(en)});
  }
  bool full() const { return list_.size() >= RelationshipService::kMaxUploadProblems; }
  bool empty() const { return list_.empty(); }
  std::vector<UploadProblem> Take() { return std::move(list_); }

 private:
  std::vector<UploadProblem> list_;
};

// The enumerated columns, checked with the chain's parsers; the accepted names come from
// their messages (which list them).
template <typename Parsed>
void CheckChoice(Problems& problems, int row, std::string_view column, const std::string& text,
                 const Result<Parsed>& parsed) {
  if (parsed) return;
  problems.Add(row, column, "「" + text + "」は使えません（" + parsed.error().message + "）",
               "'" + text + "' is not accepted (" + parsed.error().message + ")");
}

}  // namespace

std::string RelationshipService::UploadTemplateCsv() {
  std::string header, example;
  const std::array<std::string_view, 10> sample = {
      "", "3500201238765", "parts", "internal", "email", "delayed", "no", "yes", "2026-04-01", ""};
  for (size_t i = 0; i < kUploadColumns.size(); ++i) {
    if (kUploadColumns[i].column == RelationshipRow::kBuyer) continue;
    header += (header.empty() ? "" : ",") + std::string(kUploadColumns[i].name);
    example += (example.empty() ? "" : ",") + std::string(sample[i]);
  }
  return "\xEF\xBB\xBF" + header + "\r\n" + example + "\r\n";
}

Result<UploadOutcome> RelationshipService::Upload(std::string_view file) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(MayDeclare());
  if (file.size() > kMaxUploadBytes) {
    return Invalid("File too large",
                   "a relationship file is at most 1 MiB / ファイルは 1 MiB まで");
  }
  auto table = interchange::ReadTable(file, "");
  if (!table) {
    return Invalid("Unreadable file",
                   table.error().message + " / ファイルを読めません（xlsx または CSV）");
  }
  if (table->rows.empty()) {
    return Invalid("Empty file", "the file has no header row / 見出し行がありません");
  }
  if (table->rows.size() - 1 > kMaxUploadRows) {
    return Invalid("Too many rows", "at most " + std::to_string(kMaxUploadRows) +
                                        " relationships per file / 1 ファイル " +
                                        std::to_string(kMaxUploadRows) + " 行まで");
  }
  TRY_ASSIGN(const auto own, context_.store.GetOrganisation(p.org_id));
  if (!own) return MakeError(ErrorKind::kInternal, "Storage error", "your organisation is missing");
  const std::string own_number = own->corporate_number.digits();

  Problems problems;
  // Header: which spreadsheet column holds which field.
  const interchange::TableRow& header = table->rows.front();
  std::array<int, RelationshipRow::kColumnCount> position;
  position.fill(-1);
  std::array<std::string, RelationshipRow::kColumnCount> heading;
  for (size_t c = 0; c < header.cells.size(); ++c) {
    const std::string name = Trimmed(header.cells[c]);
    if (name.empty()) continue;
    const UploadColumn* found = nullptr;
    for (const UploadColumn& column : kUploadColumns) {
      if (name == column.name || name == column.label) found = &column;
    }
    if (!found) {
      problems.Add(header.line, name, "この列は使えません（テンプレートの見出しを使ってください）",
                   "unknown column; use the template's headers");
    } else if (position[found->column] >= 0) {
      problems.Add(header.line, name, "同じ列が 2 回あります", "the column appears twice");
    } else {
      position[found->column] = static_cast<int>(c);
      heading[found->column] = name;
    }
  }
  for (auto required : {RelationshipRow::kSupplier, RelationshipRow::kKind}) {
    if (position[required] < 0) {
      const UploadColumn& column = kUploadColumns[required];
      problems.Add(header.line, column.name,
                   "見出し行に「" + std::string(column.label) + "」（" + std::string(column.name) +
                       "）の列がありません",
                   "the header row has no column '" + std::string(column.name) + "'");
    }
  }
  if (!problems.empty()) return UploadOutcome{{}, problems.Take()};

  // The relationships the caller's organisation already has as buyer (not ended), by
  // supplier and kind: a second one is refused by the store, so say it per row.
  std::set<std::pair<int64_t, RelationshipKind>> existing;
  if (context_.chain) {
    context_.chain->WithGraph([&](const SupplyGraph& graph) {
      if (const auto node = graph.FindNode(p.org_id)) {
        graph.ForEachSupplierEdge(*node, [&](EdgeId e, NodeId to) {
          if (!graph.removed(e)) existing.emplace(graph.org(to), graph.kind(e));
        });
      }
      return 0;
    });
  }

  std::map<std::string, std::optional<int64_t>> registered;  // corporate number → id
  std::map<std::pair<int64_t, RelationshipKind>, int> seen;  // → row
  nlohmann::json rows = nlohmann::json::array();
  for (size_t r = 1; r < table->rows.size() && !problems.full(); ++r) {
    const interchange::TableRow& line = table->rows[r];
    const int row = line.line;
    std::array<std::string, RelationshipRow::kColumnCount> cell;
    for (int c = 0; c < RelationshipRow::kColumnCount; ++c) {
      if (position[c] >= 0) cell[c] = Trimmed(line.Cell(position[c]));
    }
    cell[RelationshipRow::kStart] = DateCell(cell[RelationshipRow::kStart]);
    cell[RelationshipRow::kEnd] = DateCell(cell[RelationshipRow::kEnd]);
    bool good = true;
    const auto problem = [&](RelationshipRow::Column c, std::string ja, std::string en) {
      problems.Add(row, heading[c].empty() ? std::string(kUploadColumns[c].name) : heading[c],
                   std::move(ja), std::move(en));
      good = false;
    };
    // Organisations: a valid number of a registered organisation; the buyer is the caller.
    if (!cell[RelationshipRow::kBuyer].empty()) {
      const auto buyer = CorporateNumber::Parse(cell[RelationshipRow::kBuyer]);
      if (!buyer || buyer->digits() != own_number) {
        problem(RelationshipRow::kBuyer, "発注者は自社（" + own_number + "）でなければなりません",
                "the buyer must be your organisation (" + own_number + ")");
      }
    }
    std::optional<int64_t> supplier_id;
    const std::string& supplier_text = cell[RelationshipRow::kSupplier];
    if (supplier_text.empty()) {
      problem(RelationshipRow::kSupplier, "仕入先の法人番号が空です", "the supplier is empty");
    } else if (const auto number = CorporateNumber::Parse(supplier_text); !number) {
      problem(RelationshipRow::kSupplier,
              "法人番号「" + supplier_text + "」が正しくありません（13 桁、チェックデジット）",
              "'" + supplier_text + "' is not a valid corporate number: " + number.error().message);
    } else if (number->digits() == own_number) {
      problem(RelationshipRow::kSupplier, "自社を仕入先にはできません",
              "your organisation cannot be its own supplier");
    } else {
      auto [it, fresh] = registered.try_emplace(number->digits());
      if (fresh) {
        TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(*number));
        if (organisation) it->second = organisation->id;
      }
      if (!it->second) {
        problem(
            RelationshipRow::kSupplier,
            "法人番号 " + number->digits() + " の組織は Hoshitori に登録されていません",
            "no organisation with corporate number " + number->digits() + " uses Hoshitori yet");
      }
      supplier_id = it->second;
    }
    std::optional<RelationshipKind> kind;
    if (cell[RelationshipRow::kKind].empty()) {
      problem(RelationshipRow::kKind, "取引の種類が空です", "the kind is empty");
    } else {
      const auto parsed = ParseRelationshipKind(cell[RelationshipRow::kKind]);
      if (parsed)
        kind = *parsed;
      else
        good = false;
      CheckChoice(problems, row, heading[RelationshipRow::kKind], cell[RelationshipRow::kKind],
                  parsed);
    }
    const auto choice = [&](RelationshipRow::Column c, const auto& parsed) {
      if (cell[c].empty()) return;
      if (!parsed) good = false;
      CheckChoice(problems, row, heading[c], cell[c], parsed);
    };
    choice(RelationshipRow::kData, ParseDataHandled(cell[RelationshipRow::kData]));
    choice(RelationshipRow::kConnectivity, ParseConnectivity(cell[RelationshipRow::kConnectivity]));
    choice(RelationshipRow::kSubstitutability,
           ParseSubstitutability(cell[RelationshipRow::kSubstitutability]));
    choice(RelationshipRow::kCritical, ParseYesNo(cell[RelationshipRow::kCritical]));
    choice(RelationshipRow::kOnSupplierIt, ParseYesNo(cell[RelationshipRow::kOnSupplierIt]));
    std::optional<Date> start, end;
    for (auto [c, slot] :
         {std::pair{RelationshipRow::kStart, &start}, std::pair{RelationshipRow::kEnd, &end}}) {
      if (cell[c].empty()) continue;
      const auto date = ParseDate(cell[c]);
      if (date) {
        *slot = *date;
      } else {
        problem(c, "日付「" + cell[c] + "」が読めません（YYYY-MM-DD）",
                "'" + cell[c] + "' is not a date (YYYY-MM-DD)");
      }
    }
    if (start && end && *end < *start) {
      problem(RelationshipRow::kEnd, "終了日が開始日より前です", "the end is before the start");
    }
    if (supplier_id && kind) {
      const auto key = std::pair{*supplier_id, *kind};
      if (existing.count(key)) {
        problem(RelationshipRow::kSupplier, "この仕入先との同じ種類の取引は登録済みです",
                "a relationship of this kind with this supplier exists already");
      } else if (const auto [it, fresh] = seen.emplace(key, row); !fresh) {
        problem(RelationshipRow::kSupplier,
                "同じ仕入先・種類が " + std::to_string(it->second) + " 行目にもあります",
                "the same supplier and kind are on row " + std::to_string(it->second));
      }
    }
    if (!good) continue;
    nlohmann::json object{{"buyer", own_number}};
    for (const UploadColumn& column : kUploadColumns) {
      if (column.column != RelationshipRow::kBuyer && !cell[column.column].empty())
        object[std::string(column.name)] = cell[column.column];
    }
    rows.push_back(std::move(object));
  }
  if (!problems.empty()) return UploadOutcome{{}, problems.Take()};
  if (rows.empty()) {
    return Invalid("Empty file",
                   "the file has no relationships below its header / データ行がありません");
  }
  // Every row passed: one declaration (one transaction, one audit entry); the store checks
  // the rows again and refuses the whole file on anything the checks above missed.
  TRY_ASSIGN(auto stored, Declare(nlohmann::json{{"relationships", rows}}.dump()));
  return UploadOutcome{std::move(stored), {}};
}

}  // namespace hoshitori::service
