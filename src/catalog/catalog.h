// Catalog: every framework and mapping set known to one Hoshitori installation.
//
// Built once by the loader, then read-only and safe to share across threads.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/framework.h"
#include "catalog/mapping.h"

namespace hoshitori {

class Catalog {
 public:
  // Returns nullptr when no framework has that id.
  const Framework* FindFramework(std::string_view id) const;
  const MappingSet* FindMappingSet(std::string_view id) const;

  const std::map<std::string, std::unique_ptr<Framework>, std::less<>>& frameworks() const {
    return frameworks_;
  }
  const std::vector<MappingSet>& mapping_sets() const { return mapping_sets_; }

  // Adds a framework; returns false (and keeps the first) when the id is taken.
  bool AddFramework(Framework framework);
  void AddMappingSet(MappingSet set) {
    mapping_sets_.push_back(std::move(set));
    Forget();
  }

  // A value derived from this catalog's content (a digest, say), made by `make` on first use
  // of `key` and kept until the catalog changes. Safe to call from several threads.
  std::string Memo(const std::string& key, const std::function<std::string()>& make) const;

 private:
  void Forget();

  std::map<std::string, std::unique_ptr<Framework>, std::less<>> frameworks_;
  std::vector<MappingSet> mapping_sets_;
  struct MemoTable {
    std::mutex mutex;
    std::map<std::string, std::string, std::less<>> values;
  };
  std::unique_ptr<MemoTable> memo_ = std::make_unique<MemoTable>();
};

}  // namespace hoshitori
