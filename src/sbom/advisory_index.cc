#include "sbom/advisory_index.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include "sbom/package_match.h"

namespace hoshitori::sbom {
namespace {

// Version texts a thread's Match calls keep parsed (package_match.h PrepareAdvisory); started
// afresh past this many.
constexpr size_t kMaxMemoTexts = 200'000;

void SortUnique(std::vector<std::string>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

}  // namespace

void AdvisoryIndex::RemoveLocked(const std::string& id, std::vector<std::string>* touched) {
  const auto found = by_id_.find(id);
  if (found == by_id_.end()) return;
  for (const std::string& key : found->second.keys) {
    const auto ids = by_key_.find(key);
    if (ids != by_key_.end()) {
      std::vector<std::string>& list = ids->second;
      const auto at = std::lower_bound(list.begin(), list.end(), id);
      if (at != list.end() && *at == id) list.erase(at);
      if (list.empty()) by_key_.erase(ids);
    }
    touched->push_back(key);
  }
  unfiled_ -= found->second.unfiled;
  by_id_.erase(found);
}

std::vector<std::string> AdvisoryIndex::Put(Advisory advisory) {
  // Keys are worked out before the lock is taken: parsing purls is the costly part.
  Held held;
  EntryKeys entry_keys = EntryKeysOf(advisory);
  for (const std::optional<std::string>& key : entry_keys) {
    if (key) {
      held.keys.push_back(*key);
    } else {
      ++held.unfiled;
    }
  }
  held.entry_keys = std::make_shared<const EntryKeys>(std::move(entry_keys));
  SortUnique(&held.keys);
  std::string id = advisory.id;
  held.advisory = std::make_shared<const Advisory>(std::move(advisory));

  std::vector<std::string> touched = held.keys;
  std::unique_lock lock(mutex_);
  RemoveLocked(id, &touched);
  for (const std::string& key : held.keys) {
    std::vector<std::string>& list = by_key_[key];
    list.insert(std::lower_bound(list.begin(), list.end(), id), id);
  }
  unfiled_ += held.unfiled;
  by_id_.emplace(std::move(id), std::move(held));
  lock.unlock();
  SortUnique(&touched);
  return touched;
}

std::vector<std::string> AdvisoryIndex::Remove(std::string_view id) {
  std::vector<std::string> touched;
  {
    std::unique_lock lock(mutex_);
    RemoveLocked(std::string(id), &touched);
  }
  SortUnique(&touched);
  return touched;
}

std::vector<AdvisoryHit> AdvisoryIndex::Match(const PackageUrl& purl) const {
  const std::string key = PackageKey(purl);
  std::vector<Held> candidates;
  {
    std::shared_lock lock(mutex_);
    const auto ids = by_key_.find(key);
    if (ids == by_key_.end()) return {};
    candidates.reserve(ids->second.size());
    for (const std::string& id : ids->second) {
      const Held& held = by_id_.at(id);
      candidates.push_back(Held{held.advisory, held.entry_keys, {}, 0});
    }
  }
  // Evaluated without the lock: the advisories and their keys are immutable and kept alive by
  // the pointers. Versions are parsed through this thread's memo (bounded like the engine's).
  thread_local VersionMemo memo;
  if (memo.size() > kMaxMemoTexts) memo.Clear();
  std::vector<AdvisoryHit> hits;
  for (Held& held : candidates) {
    const PreparedAdvisory prepared = PrepareAdvisory(*held.advisory, held.entry_keys, &memo);
    if (SurelyNotAffected(prepared, key, purl.version)) continue;
    RangeMatch match = MatchPackage(prepared, purl, key);
    if (match.verdict == Verdict::kNotAffected) continue;
    hits.push_back(AdvisoryHit{std::move(held.advisory), std::move(match)});
  }
  return hits;
}

std::shared_ptr<const Advisory> AdvisoryIndex::Find(std::string_view id) const {
  std::shared_lock lock(mutex_);
  const auto found = by_id_.find(std::string(id));
  return found == by_id_.end() ? nullptr : found->second.advisory;
}

std::vector<std::string> AdvisoryIndex::IdsFor(std::string_view package_key) const {
  std::shared_lock lock(mutex_);
  const auto found = by_key_.find(std::string(package_key));
  return found == by_key_.end() ? std::vector<std::string>{} : found->second;
}

size_t AdvisoryIndex::size() const {
  std::shared_lock lock(mutex_);
  return by_id_.size();
}

size_t AdvisoryIndex::package_count() const {
  std::shared_lock lock(mutex_);
  return by_key_.size();
}

size_t AdvisoryIndex::unfiled_entries() const {
  std::shared_lock lock(mutex_);
  return unfiled_;
}

}  // namespace hoshitori::sbom
