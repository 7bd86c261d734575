// AdvisoryIndex: advisories in memory, filed under the packages they name, so that matching
// a component looks only at the advisories about its package.
//
// Keys are PackageKey strings (purl.h: "pkg:type/namespace/name", normalised, no version);
// which entries name which package is package_match.h's AffectedPackageKey. An advisory is
// filed once under each distinct key of its affected entries; entries that name no Package
// URL (an unsupported ecosystem without purl, Go's "stdlib") are counted, not filed.
//
// Incremental: Put and Remove touch only the keys of the advisory they change, so an import
// of a few advisories costs in proportion to them, not to the index.
//
// Thread-safe: any number of concurrent Match/Find/size calls, Put and Remove exclusive
// (std::shared_mutex). Advisories are held as shared_ptr<const Advisory>: a match result
// keeps its advisory alive after a later Put or Remove replaced it.
#pragma once

#include <cstddef>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sbom/advisory.h"
#include "sbom/osv_range.h"
#include "sbom/package_match.h"
#include "sbom/purl.h"

namespace hoshitori::sbom {

// One advisory that concerns a component, and how.
struct AdvisoryHit {
  std::shared_ptr<const Advisory> advisory;
  RangeMatch match;  // kAffected or kCannotTell
};

class AdvisoryIndex {
 public:
  AdvisoryIndex() = default;
  AdvisoryIndex(const AdvisoryIndex&) = delete;
  AdvisoryIndex& operator=(const AdvisoryIndex&) = delete;

  // Adds `advisory`, or replaces the one with its id (its old keys are dropped first).
  // Returns the package keys the change touched (old and new, sorted, unique).
  std::vector<std::string> Put(Advisory advisory);
  // Removes the advisory with `id`; returns the keys it was filed under (empty: none held).
  std::vector<std::string> Remove(std::string_view id);

  // The advisories that affect `purl` (a normalised Package URL with a version) or whose
  // effect cannot be told, in id order, with the match that says so (package_match.h
  // MatchPackage). Withdrawn advisories and those that do not affect it are left out.
  std::vector<AdvisoryHit> Match(const PackageUrl& purl) const;

  // The advisory with `id`, or null.
  std::shared_ptr<const Advisory> Find(std::string_view id) const;
  // The ids filed under `package_key`, in id order.
  std::vector<std::string> IdsFor(std::string_view package_key) const;

  size_t size() const;           // advisories held
  size_t package_count() const;  // distinct package keys
  // Affected entries, over all advisories held, that name no Package URL (not filed).
  size_t unfiled_entries() const;

 private:
  struct Held {
    std::shared_ptr<const Advisory> advisory;
    std::shared_ptr<const EntryKeys> entry_keys;  // package_match.h EntryKeysOf
    std::vector<std::string> keys;  // sorted, unique
    size_t unfiled = 0;
  };
  // Removes `id` with the lock held; appends its keys to `touched`.
  void RemoveLocked(const std::string& id, std::vector<std::string>* touched);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Held> by_id_;
  // Per key, the ids filed under it, sorted.
  std::unordered_map<std::string, std::vector<std::string>> by_key_;
  size_t unfiled_ = 0;
};

}  // namespace hoshitori::sbom
