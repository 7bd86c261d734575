// ChainService: the supply graph the server keeps in memory (loaded at start, updated as
// organisations declare, confirm and end relationships and disclose or withdraw through the
// API, and reloaded when another process changes them), the organisation profiles it needs,
// and each buyer's supplier board, cached until something it was built from changes.
//
// Cache validity: every committed change is reported through Changed(scope) with what it
// touched (store/change_scope.h): by the API after each successful change (ApiApp::Handle)
// and for every change notice from another process (ChangeFollower, PostgreSQL only).
// - A cached board records the organisations it was built from (the buyer, every supplier of
//   its visible chain, every organisation that shared with it) and is dropped when a change
//   touches one of them. A change to the graph names the relationship's parties or the
//   disclosing organisation, so a new edge A->B drops every board that holds A. A board is
//   also rebuilt when a share it counted expires and on a new day (validity dates).
// - A change to assessments or shares only (ChangeScope::kAssessments | kSharing) alters the
//   rows of the organisations it names and nothing else of a board: the board stays cached
//   with those rows marked stale, and the next reader refreshes just them
//   (SupplierBoard::Refreshed) — one supplier's write costs one row, not the whole board.
// - A change to the buyer's policy (ChangeScope::kPolicy naming the buyer) keeps the board
//   cached, marked for judging again: the next reader recomputes requirements and statuses
//   over the rows held (SupplierBoard::Repoliced) instead of reading every share again. A
//   policy change of any other organisation leaves the board as it is.
// - A change a request of this process made (ChangedHere, api/api_app.cc) is refreshed into
//   the boards by its writer before the response acknowledges it; meanwhile its rows are
//   only pending, and readers keep the board as it was instead of waiting. Whatever the
//   writer did not refresh becomes stale when it settles (Settle), before it answers.
// - A board being built while a change arrives is not kept when the change touches it; a
//   reader that arrives after such a change may wait for that build but then builds its own.
// - Observers (the view cache) are told of every change with its generation number.
// - Credentials (api_app.cc) are cached per credentials_generation(), which moves only when
//   users, sessions or tokens changed.
// While the notices cannot be trusted (the node is not listening), nothing is cached: every
// generation() and credentials_generation() is a new one, and boards are built per request.
//
// Thread-safe: the graph is read under a shared lock and changed under an exclusive one;
// boards and observers have mutexes of their own.
#pragma once

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "service/supplier_board.h"
#include "chain/supply_graph.h"
#include "store/change_scope.h"
#include "store/store.h"

namespace hoshitori::service {

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
  void Apply(const std::vector<SupplyRelationship>& relationships,
             const std::vector<Disclosure>& disclosures);
  // Applies a committed confirmation or end of relationship `id` bought by `buyer_org`.
  void ConfirmRelationship(int64_t buyer_org, int64_t id);
  void RemoveRelationship(int64_t buyer_org, int64_t id);
  // Applies a committed withdrawal of a disclosure.
  void RemoveDisclosure(const Disclosure& disclosure);

  // The profile of organisation `id` (asks `store` on a miss); nullptr when there is none.
  const Organisation* FindOrganisation(Store& store, int64_t id);

  // Drops what a committed change can alter: the boards built from an organisation `scope`
  // touches, the cached credentials when credentials changed, and whatever the observers
  // drop. Moves generation() (and credentials_generation() for credential changes).
  void Changed(const ChangeScope& scope);
  // Anything may have changed (for callers that cannot say what they changed).
  void Invalidate() { Changed(ChangeScope::Everything()); }
  // A change this process's request committed and has not acknowledged yet, reported like
  // Changed except that the rows of a cached board it alters (and its buyer's judging under
  // a changed policy) are only marked pending: readers go on getting the board as it was,
  // which is allowed until the change is acknowledged, instead of waiting for its refresh.
  // Returns the change's ticket and the buyers whose cached boards hold such pending rows;
  // the writer refreshes them (Board with the ticket), then calls Settle before it
  // acknowledges.
  struct Pending {
    uint64_t ticket = 0;
    std::vector<int64_t> buyers;
  };
  Pending ChangedHere(const ChangeScope& scope);
  // What of `scope` (reported by ChangedHere) is still pending on a board becomes stale, so
  // that every later reader sees it: called once the writer's refreshes are done or failed.
  void Settle(const ChangeScope& scope);

  // A number that moves at every Changed; a new one at every call while uncached.
  uint64_t generation() const {
    if (uncached_.load(std::memory_order_acquire)) {
      return generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
    }
    return generation_.load(std::memory_order_acquire);
  }
  // The generation cached credentials are valid at: moves when users, sessions or API tokens
  // changed (or everything did); a new one at every call while uncached.
  uint64_t credentials_generation() const {
    if (uncached_.load(std::memory_order_acquire)) {
      return credentials_generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
    }
    return credentials_generation_.load(std::memory_order_acquire);
  }
  // Whether this node may cache at all: false while changes made elsewhere may go unnoticed
  // (a PostgreSQL node whose change listener is not connected). Starts true.
  void SetCaching(bool allowed) {
    uncached_.store(!allowed, std::memory_order_release);
    Invalidate();
  }
  bool caching() const { return !uncached_.load(std::memory_order_acquire); }

  // Calls `observer(generation, scope)` after every change, from the thread that reported
  // it, after generation() moved, one change at a time. Returns an id for StopObserving,
  // which the observer must call before it goes away.
  using ChangeObserver = std::function<void(uint64_t generation, const ChangeScope& scope)>;
  uint64_t Observe(ChangeObserver observer);
  void StopObserving(uint64_t id);

  // Whether a board of `buyer_org` is cached with no stale row (for tests).
  bool BoardCached(int64_t buyer_org) {
    std::lock_guard lock(boards_mutex_);
    const auto it = boards_.find(buyer_org);
    return it != boards_.end() && it->second.stale.empty() && !it->second.repolicy;
  }
  // The board cached for `buyer_org`, whatever rows wait for a refresh; null when none (for
  // tests: which boards a change replaced).
  std::shared_ptr<const SupplierBoard> BoardHeld(int64_t buyer_org) {
    std::lock_guard lock(boards_mutex_);
    const auto it = boards_.find(buyer_org);
    return it == boards_.end() ? nullptr : it->second.board;
  }
  // Whether `buyer_org`'s cached board waits to be judged again under a changed policy.
  bool PolicyStale(int64_t buyer_org) {
    std::lock_guard lock(boards_mutex_);
    const auto it = boards_.find(buyer_org);
    return it != boards_.end() && it->second.repolicy;
  }
  // The suppliers whose rows of `buyer_org`'s cached board wait for a refresh (for tests).
  std::vector<int64_t> StaleRows(int64_t buyer_org) {
    std::lock_guard lock(boards_mutex_);
    const auto it = boards_.find(buyer_org);
    return it == boards_.end() ? std::vector<int64_t>{} : it->second.stale;
  }
  // The suppliers whose rows of `buyer_org`'s cached board wait for their writer's refresh
  // (ChangedHere; for tests).
  std::vector<int64_t> PendingRows(int64_t buyer_org) {
    std::lock_guard lock(boards_mutex_);
    const auto it = boards_.find(buyer_org);
    return it == boards_.end() ? std::vector<int64_t>{} : it->second.pending;
  }
  // Boards built whole and boards refreshed row by row since the start (tests, benchmarks).
  uint64_t boards_built() const { return boards_built_.load(std::memory_order_relaxed); }
  uint64_t boards_refreshed() const { return boards_refreshed_.load(std::memory_order_relaxed); }

  using BoardBuild = std::function<std::shared_ptr<const SupplierBoard>(std::string& valid_until)>;
  // Makes the next board from `base`: judged again under the buyer's current policy when
  // `repolicy`, then with the rows of `suppliers` (possibly none) recomputed; `valid_until`
  // comes in as the base's and may only move earlier.
  using BoardRefresh = std::function<std::shared_ptr<const SupplierBoard>(
      const SupplierBoard& base, const std::vector<int64_t>& suppliers, bool repolicy, std::string& valid_until)>;

  // `buyer_org`'s board: the cached one when still valid at `now` (after `refresh` of its
  // stale rows, if any), else `build()`'s, which is cached until `valid_until` (ISO 8601 UTC)
  // or a change that touches it. Concurrent callers share one build or refresh; an exception
  // thrown by either reaches each of them. A board reflects every change reported through
  // Changed or settled (Settle) before the call. With `ahead` (the ticket of a ChangedHere),
  // it reflects that change too, and readers meanwhile keep the board as it was; a writer
  // waits for a refresh under way rather than begin a second, never builds a board whole,
  // and gets null when it gave up (no board cached, or others' refreshes in the way
  // kAheadAttempts times).
  static constexpr int kAheadAttempts = 8;
  std::shared_ptr<const SupplierBoard> Board(int64_t buyer_org, const std::string& now,
                                             const BoardBuild& build, const BoardRefresh& refresh,
                                             uint64_t ahead = 0);

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
  mutable std::atomic<uint64_t> credentials_generation_{0};
  std::atomic<bool> uncached_{false};
  std::mutex observers_mutex_;
  std::unordered_map<uint64_t, ChangeObserver> observers_;
  uint64_t next_observer_ = 1;

  // At most this many stale or pending rows per board; beyond, the board is built again.
  // Refreshing them reads kIdListChunk (64) suppliers per statement (store/id_list.h): far
  // less than building a board of thousands, which under steady writes would see this many
  // changes arrive while it is built and not be kept.
  static constexpr size_t kMaxStaleRows = 512;
  struct CachedBoard {
    std::shared_ptr<const SupplierBoard> board;
    std::string valid_until;
    std::vector<int64_t> stale;  // suppliers whose rows a change altered (sorted, unique)
    bool repolicy = false;       // the buyer's policy changed: judge every row again
    // The same for changes not acknowledged yet (ChangedHere): readers need not wait for them.
    std::vector<int64_t> pending;
    bool pending_repolicy = false;
    uint64_t sequence = 0;  // of the build that made it
    // Every data change reported up to this count (reports_) when its build began is in it
    // or marked on it.
    uint64_t covers = 0;
    // Whether a reader (or, with `ahead`, the writer of a pending change) must refresh it.
    bool NeedsRefresh(bool ahead) const {
      return !stale.empty() || repolicy || (ahead && (!pending.empty() || pending_repolicy));
    }
  };
  // Whether a change that touches a board alters only rows (those of `scope.organisations`)
  // or the policy of a named organisation.
  static bool RowsOnly(const ChangeScope& scope);
  // Marks the rows `scope` alters stale in `cached` (pending when `here`: ChangedHere), and
  // the board for judging again when the buyer's policy changed; false when the board must
  // go instead.
  static bool MarkStale(CachedBoard& cached, const ChangeScope& scope, bool here = false);
  // A change reported while a board was being built, and whether it was reported by
  // ChangedHere (not acknowledged yet).
  struct Reported {
    ChangeScope scope;
    bool here = false;
  };
  // A board being built. Readers that arrive meanwhile wait for it instead of building it
  // again, unless a change they must see arrived after it began (the first `seen` of
  // `changes` touch the board).
  struct Build {
    std::shared_future<std::shared_ptr<const SupplierBoard>> board;
    std::vector<Reported> changes;  // reported since it began; guarded by boards_mutex_
    uint64_t sequence = 0;          // builds begin in this order
    uint64_t covers = 0;            // reports_ when it began
  };
  // Reports `scope` to the boards (pending when `here`) and to the observers; with `here`,
  // the change's ticket and the buyers of the boards kept with pending rows.
  Pending Report(const ChangeScope& scope, bool here);
  // Whether any of the first `count` changes reported during `build` that readers must see
  // (not ChangedHere's) touches `board`.
  static bool Touched(const Build& build, size_t count, const SupplierBoard& board);
  // Builds `buyer_org`'s board as `entry` (registered in building_), keeps it (with the rows
  // the changes reported meanwhile altered marked stale, or not at all when such a change
  // altered more than rows), and returns it. Called with `lock` held; releases it.
  std::shared_ptr<const SupplierBoard> BuildBoard(int64_t buyer_org, std::unique_lock<std::mutex>& lock,
                                                  const BoardBuild& build);
  std::atomic<uint64_t> boards_built_{0}, boards_refreshed_{0};

  std::mutex boards_mutex_;
  std::unordered_map<int64_t, CachedBoard> boards_;
  std::unordered_map<int64_t, std::shared_ptr<Build>> building_;  // the latest per buyer
  std::vector<std::shared_ptr<Build>> in_flight_;  // every build not finished, told of changes
  uint64_t builds_begun_ = 0;                      // guarded by boards_mutex_
  uint64_t reports_ = 0;  // data changes reported so far (ChangedHere's tickets); guarded by boards_mutex_
};

}  // namespace hoshitori::service
