#include "catalog/catalog.h"

namespace hoshitori {

const Framework* Catalog::FindFramework(std::string_view id) const {
  auto it = frameworks_.find(id);
  return it == frameworks_.end() ? nullptr : it->second.get();
}

const MappingSet* Catalog::FindMappingSet(std::string_view id) const {
  for (const MappingSet& set : mapping_sets_) {
    if (set.id == id) return &set;
  }
  return nullptr;
}

bool Catalog::AddFramework(Framework framework) {
  std::string id = framework.id;
  return frameworks_.emplace(std::move(id), std::make_unique<Framework>(std::move(framework)))
      .second;
}

}  // namespace hoshitori
