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

bool ChainService::MarkStale(CachedBoard& cached, const ChangeScope& scope, bool here) {
  if (!RowsOnly(scope)) return false;
  const int64_t buyer = cached.board->buyer_org();
  // Only the buyer's own policy shapes its board; the aspects of a scope are not told apart
  // per organisation, so a named buyer with kPolicy means its policy may have changed.
  if (scope.TouchesAny(ChangeScope::kPolicy) &&
      std::find(scope.organisations.begin(), scope.organisations.end(), buyer) != scope.organisations.end()) {
    (here ? cached.pending_repolicy : cached.repolicy) = true;
  }
  if (!scope.TouchesAny(ChangeScope::kAssessments | ChangeScope::kSharing)) return true;
  std::vector<int64_t>& rows = here ? cached.pending : cached.stale;
  for (const int64_t org : scope.organisations) {
    // The buyer's own assessments and shares are no row of its board (a share to it names
    // the supplier too).
    if (org == buyer) continue;
    const auto at = std::lower_bound(rows.begin(), rows.end(), org);
    if (at == rows.end() || *at != org) rows.insert(at, org);
  }
  return cached.stale.size() + cached.pending.size() <= kMaxStaleRows;
}

ChainService::Pending ChainService::Report(const ChangeScope& scope, bool here) {
  Pending ahead;
  if (scope.empty()) return ahead;
  if (scope.credentials()) credentials_generation_.fetch_add(1, std::memory_order_acq_rel);
  const uint64_t generation = generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
  if (scope.TouchesAny(ChangeScope::kDataAspects)) {
    std::lock_guard lock(boards_mutex_);
    ahead.ticket = ++reports_;
    for (auto it = boards_.begin(); it != boards_.end();) {
      if (!scope.Touches(it->second.board->organisations())) {
        ++it;
      } else if (!MarkStale(it->second, scope, here)) {
        it = boards_.erase(it);
      } else {
        if (here && it->second.NeedsRefresh(true)) ahead.buyers.push_back(it->first);
        ++it;
      }
    }
    for (const auto& build : in_flight_) build->changes.push_back(Reported{scope, here});
  }
  std::lock_guard lock(observers_mutex_);
  for (const auto& [id, observer] : observers_) observer(generation, scope);
  return ahead;
}

void ChainService::Changed(const ChangeScope& scope) { Report(scope, false); }

ChainService::Pending ChainService::ChangedHere(const ChangeScope& scope) { return Report(scope, true); }

void ChainService::Settle(const ChangeScope& scope) {
  // A change that altered more than rows dropped the boards it touched: nothing is pending.
  if (!scope.TouchesAny(ChangeScope::kDataAspects) || !RowsOnly(scope)) return;
  std::lock_guard lock(boards_mutex_);
  for (auto& [buyer, cached] : boards_) {
    if (!scope.Touches(cached.board->organisations())) continue;
    const bool names_buyer =
        std::find(scope.organisations.begin(), scope.organisations.end(), buyer) != scope.organisations.end();
    if (cached.pending_repolicy && names_buyer && scope.TouchesAny(ChangeScope::kPolicy)) {
      cached.pending_repolicy = false;
      cached.repolicy = true;
    }
    for (const int64_t org : scope.organisations) {
      const auto at = std::lower_bound(cached.pending.begin(), cached.pending.end(), org);
      if (at == cached.pending.end() || *at != org) continue;
      cached.pending.erase(at);
      const auto into = std::lower_bound(cached.stale.begin(), cached.stale.end(), org);
      if (into == cached.stale.end() || *into != org) cached.stale.insert(into, org);
    }
  }
  // A board being built keeps what it missed of the change as stale, not pending.
  for (const auto& build : in_flight_) build->changes.push_back(Reported{scope, false});
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
    if (!build.changes[i].here && build.changes[i].scope.Touches(board.organisations())) return true;
  }
  return false;
}

std::shared_ptr<const SupplierBoard> ChainService::Board(int64_t buyer_org, const std::string& now,
                                                        const BoardBuild& build, const BoardRefresh& refresh,
                                                        uint64_t ahead) {
  if (!caching()) {
    if (ahead) return nullptr;  // nothing is cached: nothing to bring up to date
    std::string valid_until;
    boards_built_.fetch_add(1, std::memory_order_relaxed);
    return build(valid_until);  // nothing is cached or shared while changes may go unnoticed
  }
  std::unique_lock lock(boards_mutex_);
  // A reader that waited for a build a later change touched looks again (the build may have
  // been kept with stale rows to refresh); twice at most, then it builds its own. A writer
  // (`ahead`) waits for the refreshes of other writers, each of which takes every pending
  // row when it begins, and gives up after kAheadAttempts of them: its rows then become
  // stale when it settles, and a reader refreshes them.
  const int attempts = ahead ? kAheadAttempts : 3;
  // Refreshes the rows of the cached board `cached` (with `lock` held; releases it).
  const auto refresh_cached = [&](std::unordered_map<int64_t, CachedBoard>::iterator cached) {
    // The pending rows are refreshed too (their writers are about to, or have failed). When
    // only they are, readers keep the board as it was meanwhile: the board stays.
    const bool only_pending = cached->second.stale.empty() && !cached->second.repolicy;
    CachedBoard base = only_pending ? cached->second : std::move(cached->second);
    if (!only_pending) boards_.erase(cached);
    std::vector<int64_t> rows = std::move(base.stale);
    rows.insert(rows.end(), base.pending.begin(), base.pending.end());
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const bool repolicy = base.repolicy || base.pending_repolicy;
    boards_refreshed_.fetch_add(1, std::memory_order_relaxed);
    return BuildBoard(buyer_org, lock, [&](std::string& valid_until) {
      valid_until = base.valid_until;
      return refresh(*base.board, rows, repolicy, valid_until);
    });
  };
  const auto valid_cached = [&] {
    const auto cached = boards_.find(buyer_org);
    return cached != boards_.end() && now < cached->second.valid_until ? cached : boards_.end();
  };
  for (int attempt = 0; attempt < attempts; ++attempt) {
    const auto it = building_.find(buyer_org);
    if (const auto cached = valid_cached(); cached != boards_.end()) {
      // A writer is done once the board was begun after its change was reported.
      if (!cached->second.NeedsRefresh(ahead != 0) || (ahead != 0 && cached->second.covers >= ahead)) {
        return cached->second.board;
      }
      // A writer waits for a refresh under way (it may hold its rows) instead of beginning
      // another one beside it; a reader that must see stale rows refreshes at once.
      if (!ahead || it == building_.end()) return refresh_cached(cached);
    }
    if (it == building_.end()) break;
    // Changes reported so far must show in what this reader gets; later ones need not.
    const std::shared_ptr<Build> pending = it->second;
    const size_t seen = pending->changes.size();
    lock.unlock();
    auto board = pending->board.get();  // rethrows the builder's exception
    lock.lock();
    if (ahead != 0) continue;  // a writer looks at what is cached now
    if (!Touched(*pending, seen, *board)) return board;
  }
  if (ahead) return nullptr;
  // A reader that waited three times takes the board cached by then, its stale rows
  // refreshed, rather than build one whole.
  if (const auto cached = valid_cached(); cached != boards_.end()) {
    if (!cached->second.NeedsRefresh(false)) return cached->second.board;
    return refresh_cached(cached);
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
  entry->covers = reports_;
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
    CachedBoard cached{.board = board, .valid_until = valid_until, .stale = {}, .repolicy = false, .pending = {},
                       .pending_repolicy = false, .sequence = entry->sequence, .covers = entry->covers};
    bool keep = caching();
    for (const Reported& change : entry->changes) {
      if (keep && change.scope.Touches(board->organisations())) keep = MarkStale(cached, change.scope, change.here);
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
