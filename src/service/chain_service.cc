#include "service/chain_service.h"

#include <algorithm>

#include "store/supply_graph_loader.h"

namespace hoshitori::service {

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

void ChainService::Apply(const std::vector<SupplyRelationship>& relationships,
                         const std::vector<Disclosure>& disclosures) {
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
    if (const auto it = organisations_.find(id); it != organisations_.end())
      return it->second.get();
  }
  auto found = store.GetOrganisation(id);
  if (!found || !*found) return nullptr;
  std::lock_guard lock(organisations_mutex_);
  auto& slot = organisations_[id];
  if (!slot) slot = std::make_unique<Organisation>(std::move(**found));
  return slot.get();  // profiles are never removed, so the pointer stays valid
}

bool ChainService::RowsOnly(const ChangeScope& scope) {
  constexpr uint32_t kRowAspects = ChangeScope::kAssessments | ChangeScope::kSharing | ChangeScope::kPolicy;
  return !scope.all_organisations && !scope.organisations.empty() &&
         (scope.aspects & ChangeScope::kDataAspects & ~kRowAspects) == 0;
}

bool ChainService::MarkStale(CachedBoard& cached, const ChangeScope& scope) {
  if (!RowsOnly(scope)) return false;
  const int64_t buyer = cached.board->buyer_org();
  // Only the buyer's own policy shapes its board; the aspects of a scope are not told apart
  // per organisation, so a named buyer with kPolicy means its policy may have changed.
  if (scope.TouchesAny(ChangeScope::kPolicy) &&
      std::find(scope.organisations.begin(), scope.organisations.end(), buyer) != scope.organisations.end()) {
    cached.repolicy = true;
  }
  if (!scope.TouchesAny(ChangeScope::kAssessments | ChangeScope::kSharing)) return true;
  std::vector<int64_t>& stale = cached.stale;
  for (const int64_t org : scope.organisations) {
    // The buyer's own assessments and shares are no row of its board (a share to it names
    // the supplier too).
    if (org == buyer) continue;
    const auto at = std::lower_bound(stale.begin(), stale.end(), org);
    if (at == stale.end() || *at != org) stale.insert(at, org);
  }
  return stale.size() <= kMaxStaleRows;
}

void ChainService::Changed(const ChangeScope& scope) {
  if (scope.empty()) return;
  if (scope.credentials()) credentials_generation_.fetch_add(1, std::memory_order_acq_rel);
  const uint64_t generation = generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (scope.TouchesAny(ChangeScope::kDataAspects)) {
    std::lock_guard lock(boards_mutex_);
    for (auto it = boards_.begin(); it != boards_.end();) {
      if (scope.Touches(it->second.board->organisations()) && !MarkStale(it->second, scope)) {
        it = boards_.erase(it);
      } else {
        ++it;
      }
    }
    for (const auto& build : in_flight_) build->changes.push_back(scope);
  }
  std::lock_guard lock(observers_mutex_);
  for (const auto& [id, observer] : observers_) observer(generation, scope);
}

uint64_t ChainService::Observe(ChangeObserver observer) {
  std::lock_guard lock(observers_mutex_);
  observers_.emplace(next_observer_, std::move(observer));
  return next_observer_++;
}

void ChainService::StopObserving(uint64_t id) {
  std::lock_guard lock(observers_mutex_);
  observers_.erase(id);
}

bool ChainService::Touched(const Build& build, size_t count, const SupplierBoard& board) {
  for (size_t i = 0; i < count && i < build.changes.size(); ++i) {
    if (build.changes[i].Touches(board.organisations())) return true;
  }
  return false;
}

std::shared_ptr<const SupplierBoard> ChainService::Board(int64_t buyer_org, const std::string& now,
                                                        const BoardBuild& build, const BoardRefresh& refresh) {
  if (!caching()) {
    std::string valid_until;
    boards_built_.fetch_add(1, std::memory_order_relaxed);
    return build(valid_until);  // nothing is cached or shared while changes may go unnoticed
  }
  std::unique_lock lock(boards_mutex_);
  // A reader that waited for a build a later change touched looks again (the build may have
  // been kept with stale rows to refresh); twice at most, then it builds its own.
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (const auto it = boards_.find(buyer_org); it != boards_.end() && now < it->second.valid_until) {
      if (it->second.stale.empty() && !it->second.repolicy) return it->second.board;
      CachedBoard base = std::move(it->second);
      boards_.erase(it);
      boards_refreshed_.fetch_add(1, std::memory_order_relaxed);
      return BuildBoard(buyer_org, lock, [&](std::string& valid_until) {
        valid_until = base.valid_until;
        return refresh(*base.board, base.stale, base.repolicy, valid_until);
      });
    }
    const auto it = building_.find(buyer_org);
    if (it == building_.end()) break;
    // Changes reported so far must show in what this reader gets; later ones need not.
    const std::shared_ptr<Build> pending = it->second;
    const size_t seen = pending->changes.size();
    lock.unlock();
    auto board = pending->board.get();  // rethrows the builder's exception
    lock.lock();
    if (!Touched(*pending, seen, *board)) return board;
  }
  boards_built_.fetch_add(1, std::memory_order_relaxed);
  return BuildBoard(buyer_org, lock, build);
}

std::shared_ptr<const SupplierBoard> ChainService::BuildBoard(int64_t buyer_org,
                                                              std::unique_lock<std::mutex>& lock,
                                                              const BoardBuild& build) {
  // Registered so that readers arriving meanwhile wait for it and changes reach it; a build
  // already registered for this buyer keeps going for its own readers.
  std::promise<std::shared_ptr<const SupplierBoard>> promise;
  auto entry = std::make_shared<Build>();
  entry->board = promise.get_future().share();
  entry->sequence = ++builds_begun_;
  building_[buyer_org] = entry;
  in_flight_.push_back(entry);
  lock.unlock();
  const auto unregister = [&] {
    if (const auto it = building_.find(buyer_org); it != building_.end() && it->second == entry) {
      building_.erase(it);
    }
    in_flight_.erase(std::find(in_flight_.begin(), in_flight_.end(), entry));
  };
  std::string valid_until;
  std::shared_ptr<const SupplierBoard> board;
  try {
    board = build(valid_until);
  } catch (...) {
    {
      std::lock_guard relock(boards_mutex_);
      unregister();
    }
    promise.set_exception(std::current_exception());
    throw;
  }
  {
    // Kept (before the waiting readers wake, so that they find it) unless a change reported
    // since the build began altered more than rows of it — a change that came between the
    // build's reads and this point is among entry->changes — or a board begun later is
    // cached already.
    std::lock_guard relock(boards_mutex_);
    unregister();
    CachedBoard cached{.board = board, .valid_until = valid_until, .stale = {}, .repolicy = false, .sequence = entry->sequence};
    bool keep = caching();
    for (const ChangeScope& change : entry->changes) {
      if (keep && change.Touches(board->organisations())) keep = MarkStale(cached, change);
    }
    if (const auto it = boards_.find(buyer_org); it != boards_.end() && it->second.sequence > entry->sequence) {
      keep = false;
    }
    if (keep) boards_[buyer_org] = std::move(cached);
  }
  promise.set_value(board);
  return board;
}

}  // namespace hoshitori::service
