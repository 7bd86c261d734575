// ViewCache: responses of read endpoints kept until a change alters them, together with the
// facts each must be authorised on again at every request (a hit skips the store, never
// the authorisation check).
//
// What a view depends on is read from its facts: an assessment view (ResourceKind
// kAssessment) on its owner's data, which includes the owner's shares (a share's change
// names its owner); an aggregate (industry averages) on every organisation's assessments and
// profiles; any other kind on any data change. The cache follows the ChainService's changes
// (ChainService::Observe) and drops the entries a change touches. Every entry also dies when
// the day changes (levels held depend on today's date), and nothing is kept while the
// ChainService does not cache.
//
// Keep(key, view, generation, ...) takes the ChainService generation read before the view's
// data was: a view is not kept when a change reported since that generation touches it, so a
// view read before a change and kept after it is never served.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "service/chain_service.h"
#include "service/authorization.h"
#include "store/change_scope.h"

namespace hoshitori::service {

class ViewCache {
 public:
  struct View {
    ResourceFacts facts;  // what the reader must be allowed to read
    std::string body;
    std::string etag = {};  // sent as the ETag header when not empty
  };

  // Follows `chain`'s changes; `chain` must outlive the cache.
  explicit ViewCache(ChainService& chain)
      : chain_(chain),
        observer_(chain_.Observe([this](uint64_t generation, const ChangeScope& scope) {
          Changed(generation, scope);
        })) {}
  ~ViewCache() { chain_.StopObserving(observer_); }
  ViewCache(const ViewCache&) = delete;
  ViewCache& operator=(const ViewCache&) = delete;

  // The view kept under `key` (nullopt when none). `generation` is the ChainService's, read
  // by the caller; while the service does not cache, nothing is found.
  std::optional<View> Find(const std::string& key, uint64_t generation, const std::string& day) {
    (void)generation;  // entries are dropped by the changes themselves
    if (!chain_.caching()) return std::nullopt;
    std::lock_guard lock(mutex_);
    Age(day);
    const auto it = views_.find(key);
    if (it == views_.end()) return std::nullopt;
    return it->second;
  }
  // Keeps `view` under `key` unless a change reported after `generation` (read before the
  // view's data) touches it.
  void Keep(const std::string& key, View view, uint64_t generation, const std::string& day) {
    if (!chain_.caching()) return;
    std::lock_guard lock(mutex_);
    Age(day);
    if (generation < oldest_logged_) return;  // the changes since then are no longer known
    for (const auto& [changed_at, scope] : recent_) {
      if (changed_at > generation && Touches(scope, view.facts)) return;
    }
    if (views_.size() >= kMaxViews) views_.clear();
    views_.insert_or_assign(key, std::move(view));
  }

  // Number of views kept (for tests).
  size_t size() {
    std::lock_guard lock(mutex_);
    return views_.size();
  }

 private:
  static constexpr size_t kMaxViews = 20'000;
  // Changes remembered for Keep's check; a view whose reads began before the oldest of them
  // is not kept (a request takes far fewer changes than this to run).
  static constexpr size_t kRecentChanges = 1'024;

  // Whether `scope` may alter a view authorised on `facts`.
  static bool Touches(const ChangeScope& scope, const ResourceFacts& facts) {
    switch (facts.kind) {
      case ResourceKind::kAssessment:
        return scope.Touches(facts.owner_org_id);
      case ResourceKind::kAggregate:
        return scope.TouchesAny(ChangeScope::kAssessments | ChangeScope::kProfiles);
      default:
        return scope.TouchesAny(ChangeScope::kDataAspects);
    }
  }

  void Changed(uint64_t generation, const ChangeScope& scope) {
    if (!scope.TouchesAny(ChangeScope::kDataAspects)) return;  // credentials only
    std::lock_guard lock(mutex_);
    for (auto it = views_.begin(); it != views_.end();) {
      if (Touches(scope, it->second.facts)) {
        it = views_.erase(it);
      } else {
        ++it;
      }
    }
    recent_.emplace_back(generation, scope);
    while (recent_.size() > kRecentChanges) {
      oldest_logged_ = recent_.front().first;
      recent_.pop_front();
    }
  }

  void Age(const std::string& day) {
    if (day != day_) {
      views_.clear();
      day_ = day;
    }
  }

  ChainService& chain_;
  const uint64_t observer_;
  std::mutex mutex_;
  std::string day_;
  std::unordered_map<std::string, View> views_;
  std::deque<std::pair<uint64_t, ChangeScope>> recent_;  // (generation, scope), oldest first
  uint64_t oldest_logged_ = 0;  // a Keep at a generation older than this is refused
};

}  // namespace hoshitori::service
