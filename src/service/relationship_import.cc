#include "service/relationship_import.h"

#include <unordered_map>

#include "interchange/relationship_file.h"

namespace hoshitori::service {

namespace {

constexpr size_t kMaxErrors = 20;
constexpr size_t kBatch = 10000;

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
        return MakeError("the declaring organisation " + options_.declared_by->digits() +
                         " is not registered");
      }
      declarer_ = it->second;
    }
    return OkStatus();
  }

  // One row read from the file; false once enough bad rows were found.
  bool Add(const interchange::RelationshipRow& row) {
    auto relationship = interchange::ParseRelationshipRow(
        row,
        [this](const std::string& where, std::string_view what, std::string_view text) {
          return OrgId(where, what, text);
        },
        declarer_);
    if (!relationship) return Fail(relationship.error().message);
    if (!errors_.empty()) return true;  // keep validating, but stop writing
    relationship->confirmed = confirmed_;
    batch_.push_back(*relationship);
    batch_where_.push_back(row.where);
    if (batch_.size() >= kBatch) Flush();
    return !full();
  }

  // Records a bad row; false once enough were found.
  bool Fail(std::string message) {
    if (errors_.size() < kMaxErrors) errors_.push_back(std::move(message));
    return !full();
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
  bool full() const { return errors_.size() >= kMaxErrors; }

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

Status Stage(Store& store, std::string_view text, const RelationshipImportOptions& options,
             bool confirmed, std::vector<SupplyRelationship>* kept, int64_t* stored) {
  Importer importer(store, options, confirmed);
  importer.KeepStored(kept);
  if (Status s = importer.Prepare(); !s) return s;
  Status read = interchange::ReadRelationshipRows(
      text, [&](const interchange::RelationshipRow& row) { return importer.Add(row); },
      [&](std::string message) { return importer.Fail(std::move(message)); });
  if (!read) return read;
  if (Status s = importer.Finish(); !s) return s;
  *stored = importer.stored();
  return OkStatus();
}

}  // namespace

Result<int64_t> WriteConfirmedRelationships(Store& store, std::string_view text,
                                            const RelationshipImportOptions& options) {
  int64_t stored = 0;
  if (Status s = Stage(store, text, options, /*confirmed=*/true, nullptr, &stored); !s)
    return s.error();
  return stored;
}

Result<std::vector<SupplyRelationship>> StageRelationships(
    Store& store, std::string_view text, const RelationshipImportOptions& options) {
  std::vector<SupplyRelationship> kept;
  int64_t stored = 0;
  if (Status s = Stage(store, text, options, /*confirmed=*/false, &kept, &stored); !s)
    return s.error();
  return kept;
}

}  // namespace hoshitori::service
