#include "api/chain_service.h"

#include "store/relationship_import.h"

namespace hoshitori::api {

Result<std::unique_ptr<ChainService>> ChainService::Load(Store& store) {
  std::unique_ptr<ChainService> service(new ChainService());
  auto graph = LoadSupplyGraph(store);
  if (!graph) return graph.error();
  service->graph_ = std::move(graph).value();
  auto organisations = store.ListOrganisations();
  if (!organisations) return organisations.error();
  for (Organisation& o : *organisations) {
    const int64_t id = o.id;
    service->organisations_.emplace(id, std::make_unique<Organisation>(std::move(o)));
  }
  return service;
}

Status ChainService::Reload(Store& store) {
  auto graph = LoadSupplyGraph(store);
  if (!graph) return graph.error();
  std::unique_lock lock(graph_mutex_);
  graph_ = std::move(graph).value();
  return OkStatus();
}

void ChainService::Apply(const std::vector<SupplyRelationship>& relationships, const std::vector<Disclosure>& disclosures) {
  std::unique_lock lock(graph_mutex_);
  for (const SupplyRelationship& r : relationships) {
    if (r.id && graph_.FindRelationship(r.buyer, r.id)) continue;
    const EdgeId e = graph_.AddRelationship(r);
    // A confirmation or end committed after this declaration may have been applied before it.
    if (early_confirmed_.erase(r.id)) graph_.ConfirmRelationship(e);
    if (early_removed_.erase(r.id)) graph_.RemoveRelationship(e);
  }
  for (const Disclosure& d : disclosures) {
    graph_.RemoveDisclosure(d);  // held once even when a Reload already brought it in
    graph_.AddDisclosure(d);
  }
}

void ChainService::ConfirmRelationship(int64_t buyer_org, int64_t id) {
  std::unique_lock lock(graph_mutex_);
  if (const auto e = graph_.FindRelationship(buyer_org, id)) {
    graph_.ConfirmRelationship(*e);
  } else {
    early_confirmed_.insert(id);
  }
}

void ChainService::RemoveRelationship(int64_t buyer_org, int64_t id) {
  std::unique_lock lock(graph_mutex_);
  if (const auto e = graph_.FindRelationship(buyer_org, id)) {
    graph_.RemoveRelationship(*e);
  } else {
    early_removed_.insert(id);
  }
}

void ChainService::RemoveDisclosure(const Disclosure& disclosure) {
  std::unique_lock lock(graph_mutex_);
  graph_.RemoveDisclosure(disclosure);
}

const Organisation* ChainService::FindOrganisation(Store& store, int64_t id) {
  {
    std::lock_guard lock(organisations_mutex_);
    if (const auto it = organisations_.find(id); it != organisations_.end()) return it->second.get();
  }
  auto found = store.GetOrganisation(id);
  if (!found || !*found) return nullptr;
  std::lock_guard lock(organisations_mutex_);
  auto& slot = organisations_[id];
  if (!slot) slot = std::make_unique<Organisation>(std::move(**found));
  return slot.get();  // profiles are never removed, so the pointer stays valid
}

std::shared_ptr<const SupplierBoard> ChainService::Board(
    int64_t buyer_org, const std::string& now,
    const std::function<std::shared_ptr<const SupplierBoard>(std::string& valid_until)>& build) {
  const uint64_t generation = this->generation();
  std::promise<std::shared_ptr<const SupplierBoard>> promise;
  std::unique_lock lock(boards_mutex_);
  if (const auto it = boards_.find(buyer_org);
      it != boards_.end() && it->second.generation == generation && now < it->second.valid_until) {
    return it->second.board;
  }
  if (const auto it = building_.find(buyer_org); it != building_.end() && it->second.generation == generation) {
    const auto pending = it->second.board;
    lock.unlock();
    return pending.get();  // rethrows the builder's exception
  }
  building_[buyer_org] = Building{generation, promise.get_future().share()};
  lock.unlock();

  std::string valid_until;
  std::shared_ptr<const SupplierBoard> board;
  try {
    board = build(valid_until);
  } catch (...) {
    promise.set_exception(std::current_exception());
    lock.lock();
    if (const auto it = building_.find(buyer_org); it != building_.end() && it->second.generation == generation) {
      building_.erase(it);
    }
    throw;
  }
  promise.set_value(board);
  lock.lock();
  if (const auto it = building_.find(buyer_org); it != building_.end() && it->second.generation == generation) {
    building_.erase(it);
  }
  CachedBoard& slot = boards_[buyer_org];
  if (slot.generation <= generation) slot = CachedBoard{board, generation, valid_until};
  return board;
}

}  // namespace hoshitori::api
