// Catalog: every framework and mapping set known to one Hoshitori installation.
//
// Built once by the loader, then read-only and safe to share across threads.
#pragma once

#include <map>
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
  void AddMappingSet(MappingSet set) { mapping_sets_.push_back(std::move(set)); }

 private:
  std::map<std::string, std::unique_ptr<Framework>, std::less<>> frameworks_;
  std::vector<MappingSet> mapping_sets_;
};

}  // namespace hoshitori
