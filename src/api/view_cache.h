// ViewCache: responses of read endpoints kept until the next change, together with the
// facts each must be authorised on again at every request (a hit skips the store, never
// the authorisation check). Entries die when the change generation moves (every successful
// change through the API) or the day changes (levels held depend on today's date).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "service/authorization.h"

namespace hoshitori::api {

// The API is an adapter over the use-case layer: its names are the service layer's.
using namespace hoshitori::service;  // NOLINT(google-build-using-namespace)

class ViewCache {
 public:
  struct View {
    ResourceFacts facts;  // what the reader must be allowed to read
    std::string body;
    std::string etag = {};  // sent as the ETag header when not empty
  };

  std::optional<View> Find(const std::string& key, uint64_t generation, const std::string& day) {
    std::lock_guard lock(mutex_);
    Age(generation, day);
    const auto it = views_.find(key);
    if (it == views_.end()) return std::nullopt;
    return it->second;
  }
  void Keep(const std::string& key, View view, uint64_t generation, const std::string& day) {
    std::lock_guard lock(mutex_);
    Age(generation, day);
    if (generation != generation_) return;  // built from data older than the cache
    if (views_.size() >= kMaxViews) views_.clear();
    views_.insert_or_assign(key, std::move(view));
  }

 private:
  static constexpr size_t kMaxViews = 20'000;
  void Age(uint64_t generation, const std::string& day) {
    if (generation != generation_ || day != day_) {
      views_.clear();
      generation_ = generation;
      day_ = day;
    }
  }

  std::mutex mutex_;
  uint64_t generation_ = 0;
  std::string day_;
  std::unordered_map<std::string, View> views_;
};

}  // namespace hoshitori::api
