#include "store/relationship_import.h"

#include <nlohmann/json.hpp>

#include <array>
#include <unordered_map>

#include "core/csv.h"
#include "core/json_limits.h"

namespace hoshitori {

namespace {

constexpr size_t kMaxErrors = 20;
constexpr size_t kBatch = 10000;

enum Column { kBuyer, kSupplier, kKind, kData, kConnectivity, kSubstitutability, kCritical,
              kOnSupplierIt, kStart, kEnd, kDeclaredBy, kColumnCount };
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "buyer", "supplier", "kind", "data", "connectivity", "substitutability", "critical",
    "on_supplier_it", "start", "end", "declared_by"};

// Collects the bad rows, then stores the good ones in batches (nothing is committed unless
// every row was good).
class Importer {
 public:
  Importer(Store& store, const RelationshipImportOptions& options, bool confirmed)
      : store_(store), options_(options), confirmed_(confirmed) {}

  Status Prepare() {
    auto organisations = store_.ListOrganisations();
    if (!organisations) return organisations.error();
    ids_.reserve(organisations->size());
    for (const Organisation& o : *organisations) ids_.emplace(o.corporate_number.digits(), o.id);
    if (options_.declared_by) {
      auto it = ids_.find(options_.declared_by->digits());
      if (it == ids_.end()) {
        return MakeError("the declaring organisation " + options_.declared_by->digits() + " is not registered");
      }
      declarer_ = it->second;
    }
    return OkStatus();
  }

  // One row given as text fields (absent columns as empty strings).
  void Add(const std::string& where, const std::array<std::string_view, kColumnCount>& f) {
    auto relationship = Make(where, f);
    if (!relationship) {
      Fail(relationship.error().message);
      return;
    }
    if (!errors_.empty()) return;  // keep validating, but stop writing
    batch_.push_back(*relationship);
    batch_where_.push_back(where);
    if (batch_.size() >= kBatch) Flush();
  }

  bool full() const { return errors_.size() >= kMaxErrors; }
  void Fail(std::string message) {
    if (errors_.size() < kMaxErrors) errors_.push_back(std::move(message));
  }

  // Writes what is left; fails when any row was bad (the caller then rolls back).
  Status Finish() {
    if (errors_.empty()) Flush();
    if (!errors_.empty()) {
      std::string message = std::to_string(errors_.size()) +
                            (errors_.size() >= kMaxErrors ? " or more" : "") +
                            " bad rows; nothing was imported / 取り込みませんでした:";
      for (const std::string& e : errors_) message += "\n  " + e;
      return MakeError(message);
    }
    return OkStatus();
  }
  int64_t stored() const { return stored_; }
  // Keeps every relationship written (for callers that update an in-memory graph).
  void KeepStored(std::vector<SupplyRelationship>* kept) { kept_ = kept; }

 private:
  Result<int64_t> OrgId(const std::string& where, std::string_view what, std::string_view text) {
    auto number = CorporateNumber::Parse(text);
    if (!number) return MakeError(where + ": " + std::string(what) + ": " + number.error().message);
    auto it = ids_.find(number->digits());
    if (it == ids_.end()) {
      return MakeError(where + ": " + std::string(what) + " " + number->digits() +
                       " is not registered; add it first with `hoshitori org import`");
    }
    return it->second;
  }

  Result<SupplyRelationship> Make(const std::string& where, const std::array<std::string_view, kColumnCount>& f) {
    SupplyRelationship r;
    if (f[kBuyer].empty() || f[kSupplier].empty() || f[kKind].empty()) {
      return MakeError(where + ": buyer, supplier and kind are required");
    }
    auto buyer = OrgId(where, "buyer", f[kBuyer]);
    if (!buyer) return buyer.error();
    auto supplier = OrgId(where, "supplier", f[kSupplier]);
    if (!supplier) return supplier.error();
    r.buyer = *buyer;
    r.supplier = *supplier;
    auto prefixed = [&where](const Error& e) { return MakeError(where + ": " + e.message); };
    auto kind = ParseRelationshipKind(f[kKind]);
    if (!kind) return prefixed(kind.error());
    r.kind = *kind;
    auto data = ParseDataHandled(f[kData]);
    if (!data) return prefixed(data.error());
    r.data = *data;
    auto connectivity = ParseConnectivity(f[kConnectivity]);
    if (!connectivity) return prefixed(connectivity.error());
    r.connectivity = *connectivity;
    if (!f[kSubstitutability].empty()) {
      auto substitutability = ParseSubstitutability(f[kSubstitutability]);
      if (!substitutability) return prefixed(substitutability.error());
      r.substitutability = *substitutability;
    }
    auto critical = ParseYesNo(f[kCritical]);
    if (!critical) return MakeError(where + ": critical: " + critical.error().message);
    r.production_critical = *critical;
    if (!f[kOnSupplierIt].empty()) {
      auto own = ParseYesNo(f[kOnSupplierIt]);
      if (!own) return MakeError(where + ": on_supplier_it: " + own.error().message);
      r.on_supplier_it = *own;
    }
    for (auto [column, slot] : {std::pair{kStart, &r.start}, std::pair{kEnd, &r.end}}) {
      if (f[column].empty()) continue;
      auto date = ParseDate(f[column]);
      if (!date) return MakeError(where + ": " + std::string(kColumnNames[column]) + ": " + date.error().message);
      *slot = *date;
    }
    r.declared_by = r.buyer;
    if (!f[kDeclaredBy].empty()) {
      auto declarer = OrgId(where, "declared_by", f[kDeclaredBy]);
      if (!declarer) return declarer.error();
      r.declared_by = *declarer;
      if (declarer_ && *declarer != *declarer_) {
        return MakeError(where + ": declared_by differs from the importing organisation");
      }
    } else if (declarer_) {
      r.declared_by = *declarer_;
    }
    if (Status valid = ValidateRelationship(r); !valid) return prefixed(valid.error());
    r.confirmed = confirmed_;
    return r;
  }

  void Flush() {
    if (batch_.empty()) return;
    size_t failed = 0;
    auto stored = store_.InsertRelationships(batch_, &failed);
    if (!stored) {
      Fail(batch_where_[failed < batch_where_.size() ? failed : 0] + ": " + stored.error().message);
    } else {
      stored_ += static_cast<int64_t>(batch_.size());
      if (kept_) {
        auto ids = store_.FindRelationshipIds(batch_);
        if (!ids) {
          Fail(ids.error().message);
        } else {
          for (size_t i = 0; i < batch_.size(); ++i) batch_[i].id = (*ids)[i];
          kept_->insert(kept_->end(), batch_.begin(), batch_.end());
        }
      }
    }
    batch_.clear();
    batch_where_.clear();
  }

  Store& store_;
  const RelationshipImportOptions& options_;
  bool confirmed_;
  std::unordered_map<std::string, int64_t> ids_;
  std::optional<int64_t> declarer_;
  std::vector<SupplyRelationship> batch_;
  std::vector<std::string> batch_where_;
  std::vector<std::string> errors_;
  int64_t stored_ = 0;
  std::vector<SupplyRelationship>* kept_ = nullptr;
};

Status ReadCsv(std::string_view text, Importer& importer) {
  std::array<int, kColumnCount> position;
  position.fill(-1);
  bool header = true;
  std::optional<Error> header_error;
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
          header_error = MakeError(where + ": unknown column '" + record.fields[i] +
                                   "'; columns are buyer,supplier,kind,data,connectivity,"
                                   "substitutability,critical,on_supplier_it,start,end,declared_by");
          return false;
        }
      }
      if (position[kBuyer] < 0 || position[kSupplier] < 0 || position[kKind] < 0) {
        header_error = MakeError(where + ": the header must name at least buyer,supplier,kind");
        return false;
      }
      return true;
    }
    std::array<std::string_view, kColumnCount> fields{};
    for (size_t c = 0; c < kColumnCount; ++c) {
      if (position[c] >= 0 && static_cast<size_t>(position[c]) < record.fields.size()) {
        fields[c] = record.fields[position[c]];
      }
    }
    importer.Add(where, fields);
    return !importer.full();
  });
  if (header_error) return *header_error;
  if (!parsed) return parsed;
  if (header) return MakeError("the file is empty; the first row must name the columns buyer,supplier,kind,...");
  return OkStatus();
}

Status ReadJson(std::string_view text, Importer& importer) {
  if (Status depth = CheckJsonDepth(text); !depth) return depth;
  nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded()) return MakeError("the file is not valid JSON");
  const nlohmann::json* rows = &document;
  if (document.is_object()) {
    if (!document.contains("relationships")) return MakeError("the JSON object needs a \"relationships\" array");
    rows = &document["relationships"];
  }
  if (!rows->is_array()) return MakeError("\"relationships\" must be an array");
  std::vector<std::string> texts(kColumnCount);
  for (size_t i = 0; i < rows->size() && !importer.full(); ++i) {
    const nlohmann::json& row = (*rows)[i];
    const std::string where = "relationship " + std::to_string(i + 1);
    if (!row.is_object()) {
      importer.Fail(where + ": must be an object");
      continue;
    }
    std::array<std::string_view, kColumnCount> fields{};
    bool bad = false;
    for (const auto& [key, value] : row.items()) {
      size_t c = 0;
      while (c < kColumnCount && kColumnNames[c] != key) ++c;
      if (c == kColumnCount) {
        importer.Fail(where + ": unknown field '" + key + "'");
        bad = true;
        break;
      }
      if (value.is_string()) texts[c] = value.get<std::string>();
      else if (value.is_boolean()) texts[c] = value.get<bool>() ? "yes" : "no";
      else if (value.is_null()) texts[c].clear();
      else {
        importer.Fail(where + ": " + key + " must be a string");
        bad = true;
        break;
      }
      fields[c] = texts[c];
    }
    if (!bad) importer.Add(where, fields);
  }
  return OkStatus();
}

}  // namespace

namespace {

Status Stage(Store& store, std::string_view text, const RelationshipImportOptions& options, bool confirmed,
             std::vector<SupplyRelationship>* kept, int64_t* stored) {
  Importer importer(store, options, confirmed);
  importer.KeepStored(kept);
  if (Status s = importer.Prepare(); !s) return s;
  const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const bool json = first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
  if (Status s = json ? ReadJson(text, importer) : ReadCsv(text, importer); !s) return s;
  if (Status s = importer.Finish(); !s) return s;
  *stored = importer.stored();
  return OkStatus();
}

}  // namespace

Result<RelationshipImportSummary> ImportRelationships(Store& store, std::string_view text,
                                                      const RelationshipImportOptions& options) {
  Transaction transaction(store);
  if (!transaction.begun()) return transaction.begun().error();
  int64_t stored = 0;
  if (Status s = Stage(store, text, options, /*confirmed=*/true, nullptr, &stored); !s) return s.error();
  if (Status s = transaction.Commit(); !s) return s.error();
  return RelationshipImportSummary{stored};
}

Result<std::vector<SupplyRelationship>> StageRelationships(Store& store, std::string_view text,
                                                           const RelationshipImportOptions& options) {
  std::vector<SupplyRelationship> kept;
  int64_t stored = 0;
  if (Status s = Stage(store, text, options, /*confirmed=*/false, &kept, &stored); !s) return s.error();
  return kept;
}

Result<SupplyGraph> LoadSupplyGraph(Store& store) {
  auto organisations = store.ListOrganisations();
  if (!organisations) return organisations.error();
  SupplyGraph graph;
  for (const Organisation& o : *organisations) graph.AddOrganisation(o.id);
  organisations->clear();
  organisations->shrink_to_fit();
  if (Status s = store.ForEachRelationship([&graph](const SupplyRelationship& r) { graph.AddRelationship(r); }); !s) {
    return s.error();
  }
  auto disclosures = store.ListDisclosures();
  if (!disclosures) return disclosures.error();
  for (const Disclosure& d : *disclosures) graph.AddDisclosure(d);
  graph.Compact();
  return graph;
}

}  // namespace hoshitori
