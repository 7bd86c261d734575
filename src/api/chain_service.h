// ChainService: the supply graph the server keeps in memory (loaded at start, updated as
// organisations declare, confirm and end relationships and disclose or withdraw through the
// API, and reloaded when another process changes them), the organisation profiles it needs,
// and each buyer's supplier board, cached until anything changes.
//
// Cache validity: every successful change made through the API bumps a generation number
// (ApiApp::Handle), and so does every change notice from another process (ChangeFollower,
// PostgreSQL only); a board is rebuilt when it was built at an older generation, or when a
// share it counted expires, or on a new day (validity dates). While the notices cannot be
// trusted (the node is not listening), every generation() is a new one: nothing is cached.
//
// Thread-safe: the graph is read under a shared lock and changed under an exclusive one.
#pragma once

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "api/supplier_board.h"
#include "chain/supply_graph.h"
#include "store/store.h"

namespace hoshitori::api {

class ChainService {
 public:
  // Loads the graph and every organisation profile from `store`.
  static Result<std::unique_ptr<ChainService>> Load(Store& store);

  // Runs `read(graph)` under the shared lock.
  template <typename Read>
  auto WithGraph(Read&& read) const {
    std::shared_lock lock(graph_mutex_);
    return read(graph_);
  }
  // Replaces the graph with the store's current one (after another process changed
  // relationships or disclosures). A change committed after the store was read and applied
  // before the replacement is lost until the next Reload, which its own notice triggers.
  Status Reload(Store& store);

  // Adds committed relationships and disclosures to the graph; what the graph already holds
  // (read by a Reload after its commit) is not added twice.
  void Apply(const std::vector<SupplyRelationship>& relationships, const std::vector<Disclosure>& disclosures);
  // Applies a committed confirmation or end of relationship `id` bought by `buyer_org`.
  void ConfirmRelationship(int64_t buyer_org, int64_t id);
  void RemoveRelationship(int64_t buyer_org, int64_t id);
  // Applies a committed withdrawal of a disclosure.
  void RemoveDisclosure(const Disclosure& disclosure);

  // The profile of organisation `id` (asks `store` on a miss); nullptr when there is none.
  const Organisation* FindOrganisation(Store& store, int64_t id);

  void Invalidate() { generation_.fetch_add(1, std::memory_order_acq_rel); }
  // The generation caches are valid at; a new one at every call while uncached.
  uint64_t generation() const {
    if (uncached_.load(std::memory_order_acquire)) {
      return generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
    }
    return generation_.load(std::memory_order_acquire);
  }
  // Whether this node may cache at all: false while changes made elsewhere may go unnoticed
  // (a PostgreSQL node whose change listener is not connected). Starts true.
  void SetCaching(bool allowed) {
    uncached_.store(!allowed, std::memory_order_release);
    Invalidate();
  }

  // `buyer_org`'s board: the cached one when still valid at `now`, else `build()`'s, which is
  // cached until `valid_until` (ISO 8601 UTC) or the next change. Concurrent callers share
  // one build; an exception thrown by `build` reaches each of them.
  std::shared_ptr<const SupplierBoard> Board(int64_t buyer_org, const std::string& now,
                                             const std::function<std::shared_ptr<const SupplierBoard>(std::string& valid_until)>& build);

 private:
  ChainService() = default;

  mutable std::shared_mutex graph_mutex_;
  SupplyGraph graph_;
  // Relationship ids confirmed or ended before their declaration reached the graph (the
  // declaring request commits, then applies; another request may act in between).
  std::unordered_set<int64_t> early_confirmed_, early_removed_;

  std::mutex organisations_mutex_;
  std::unordered_map<int64_t, std::unique_ptr<Organisation>> organisations_;

  mutable std::atomic<uint64_t> generation_{0};
  std::atomic<bool> uncached_{false};
  struct CachedBoard {
    std::shared_ptr<const SupplierBoard> board;
    uint64_t generation = 0;
    std::string valid_until;
  };
  // A board being built: later callers for the same buyer and generation wait for it
  // instead of building it again.
  struct Building {
    uint64_t generation = 0;
    std::shared_future<std::shared_ptr<const SupplierBoard>> board;
  };
  std::mutex boards_mutex_;
  std::unordered_map<int64_t, CachedBoard> boards_;
  std::unordered_map<int64_t, Building> building_;
};

}  // namespace hoshitori::api
