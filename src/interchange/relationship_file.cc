#include "interchange/relationship_file.h"

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/json_limits.h"

namespace hoshitori::interchange {

namespace {

using Column = RelationshipRow::Column;
constexpr size_t kColumnCount = RelationshipRow::kColumnCount;
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "buyer",    "supplier",       "kind",  "data", "connectivity", "substitutability",
    "critical", "on_supplier_it", "start", "end",  "declared_by"};

Status ReadCsv(std::string_view text, const std::function<bool(const RelationshipRow&)>& each) {
  std::array<int, kColumnCount> position;
  position.fill(-1);
  bool header = true;
  std::optional<Error> header_error;
  RelationshipRow row;
  Status parsed = ForEachCsvRecord(text, [&](const CsvRecord& record) {
    const std::string where = "row " + std::to_string(record.line);
    if (header) {
      header = false;
      for (size_t i = 0; i < record.fields.size(); ++i) {
        bool known = false;
        for (size_t c = 0; c < kColumnCount; ++c) {
          if (record.fields[i] == kColumnNames[c]) {
            position[c] = static_cast<int>(i);
            known = true;
          }
        }
        if (!known) {
          header_error =
              MakeError(where + ": unknown column '" + record.fields[i] +
                        "'; columns are buyer,supplier,kind,data,connectivity,"
                        "substitutability,critical,on_supplier_it,start,end,declared_by");
          return false;
        }
      }
      if (position[RelationshipRow::kBuyer] < 0 || position[RelationshipRow::kSupplier] < 0 ||
          position[RelationshipRow::kKind] < 0) {
        header_error = MakeError(where + ": the header must name at least buyer,supplier,kind");
        return false;
      }
      return true;
    }
    row.where = where;
    row.fields = {};
    for (size_t c = 0; c < kColumnCount; ++c) {
      if (position[c] >= 0 && static_cast<size_t>(position[c]) < record.fields.size()) {
        row.fields[c] = record.fields[position[c]];
      }
    }
    return each(row);
  });
  if (header_error) return *header_error;
  if (!parsed) return parsed;
  if (header) {
    return MakeError(
        "the file is empty; the first row must name the columns buyer,supplier,kind,...");
  }
  return OkStatus();
}

Status ReadJson(std::string_view text, const std::function<bool(const RelationshipRow&)>& each,
                const std::function<bool(std::string)>& bad) {
  if (Status depth = CheckJsonDepth(text); !depth) return depth;
  nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) return MakeError("the file is not valid JSON");
  const nlohmann::json* rows = &document;
  if (document.is_object()) {
    if (!document.contains("relationships")) {
      return MakeError("the JSON object needs a \"relationships\" array");
    }
    rows = &document["relationships"];
  }
  if (!rows->is_array()) return MakeError("\"relationships\" must be an array");
  std::vector<std::string> texts(kColumnCount);
  RelationshipRow row;
  bool more = true;
  for (size_t i = 0; i < rows->size() && more; ++i) {
    const nlohmann::json& object = (*rows)[i];
    row.where = "relationship " + std::to_string(i + 1);
    if (!object.is_object()) {
      more = bad(row.where + ": must be an object");
      continue;
    }
    row.fields = {};
    std::optional<std::string> problem;
    for (const auto& [key, value] : object.items()) {
      size_t c = 0;
      while (c < kColumnCount && kColumnNames[c] != key) ++c;
      if (c == kColumnCount) {
        problem = row.where + ": unknown field '" + key + "'";
        break;
      }
      if (value.is_string()) {
        texts[c] = value.get<std::string>();
      } else if (value.is_boolean()) {
        texts[c] = value.get<bool>() ? "yes" : "no";
      } else if (value.is_null()) {
        texts[c].clear();
      } else {
        problem = row.where + ": " + key + " must be a string";
        break;
      }
      row.fields[c] = texts[c];
    }
    more = problem ? bad(std::move(*problem)) : each(row);
  }
  return OkStatus();
}

}  // namespace

Status ReadRelationshipRows(std::string_view text,
                            const std::function<bool(const RelationshipRow&)>& row,
                            const std::function<bool(std::string)>& bad) {
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const bool json = first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
  return json ? ReadJson(text, row, bad) : ReadCsv(text, row);
}

Result<SupplyRelationship> ParseRelationshipRow(const RelationshipRow& row,
                                                const OrganisationIdOf& organisation_id,
                                                std::optional<int64_t> declarer) {
  const std::string& where = row.where;
  const auto& f = row.fields;
  SupplyRelationship r;
  if (f[Column::kBuyer].empty() || f[Column::kSupplier].empty() || f[Column::kKind].empty()) {
    return MakeError(where + ": buyer, supplier and kind are required");
  }
  auto buyer = organisation_id(where, "buyer", f[Column::kBuyer]);
  if (!buyer) return buyer.error();
  auto supplier = organisation_id(where, "supplier", f[Column::kSupplier]);
  if (!supplier) return supplier.error();
  r.buyer = *buyer;
  r.supplier = *supplier;
  auto prefixed = [&where](const Error& e) { return MakeError(where + ": " + e.message); };
  auto kind = ParseRelationshipKind(f[Column::kKind]);
  if (!kind) return prefixed(kind.error());
  r.kind = *kind;
  auto data = ParseDataHandled(f[Column::kData]);
  if (!data) return prefixed(data.error());
  r.data = *data;
  auto connectivity = ParseConnectivity(f[Column::kConnectivity]);
  if (!connectivity) return prefixed(connectivity.error());
  r.connectivity = *connectivity;
  if (!f[Column::kSubstitutability].empty()) {
    auto substitutability = ParseSubstitutability(f[Column::kSubstitutability]);
    if (!substitutability) return prefixed(substitutability.error());
    r.substitutability = *substitutability;
  }
  auto critical = ParseYesNo(f[Column::kCritical]);
  if (!critical) return MakeError(where + ": critical: " + critical.error().message);
  r.production_critical = *critical;
  if (!f[Column::kOnSupplierIt].empty()) {
    auto own = ParseYesNo(f[Column::kOnSupplierIt]);
    if (!own) return MakeError(where + ": on_supplier_it: " + own.error().message);
    r.on_supplier_it = *own;
  }
  for (auto [column, slot] :
       {std::pair{Column::kStart, &r.start}, std::pair{Column::kEnd, &r.end}}) {
    if (f[column].empty()) continue;
    auto date = ParseDate(f[column]);
    if (!date) {
      return MakeError(where + ": " + std::string(kColumnNames[column]) + ": " +
                       date.error().message);
    }
    *slot = *date;
  }
  r.declared_by = r.buyer;
  if (!f[Column::kDeclaredBy].empty()) {
    auto declared_by = organisation_id(where, "declared_by", f[Column::kDeclaredBy]);
    if (!declared_by) return declared_by.error();
    r.declared_by = *declared_by;
    if (declarer && *declared_by != *declarer) {
      return MakeError(where + ": declared_by differs from the importing organisation");
    }
  } else if (declarer) {
    r.declared_by = *declarer;
  }
  if (Status valid = ValidateRelationship(r); !valid) return prefixed(valid.error());
  return r;
}

}  // namespace hoshitori::interchange
