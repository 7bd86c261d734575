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
  Forget();
  return frameworks_.emplace(std::move(id), std::make_unique<Framework>(std::move(framework)))
      .second;
}

std::string Catalog::Memo(const std::string& key, const std::function<std::string()>& make) const {
  {
    std::lock_guard lock(memo_->mutex);
    if (const auto found = memo_->values.find(key); found != memo_->values.end()) return found->second;
  }
  std::string value = make();
  std::lock_guard lock(memo_->mutex);
  return memo_->values.try_emplace(key, std::move(value)).first->second;
}

void Catalog::Forget() {
  std::lock_guard lock(memo_->mutex);
  memo_->values.clear();
}

}  // namespace hoshitori
