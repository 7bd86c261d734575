// SbomEngines: the advisory index (sbom/advisory_index.h) and the exposure engine
// (sbom/exposure.h) of one server process, loaded from the store and kept current (issue 17,
// "Matching and propagation").
//
// How they stay current:
// - Products, versions, SBOMs, deliveries and containment: a committed change with
//   ChangeScope::kProducts (this process's use cases, or another node's change notice on
//   PostgreSQL, migrations/017_sbom_notices.sql), or kGraph (a relationship confirmed or ended
//   makes deliveries live or not), marks the engine stale; the next reader loads a new one
//   from the store and swaps it in. Readers holding the old snapshot keep it until they drop
//   it. A reload reads every product fact: fine for thousands of suppliers; at national scale a
//   reload per organisation is the next step (docs/sbom.md, "What is left").
// - Advisories: `hoshitori osv import` runs in another process. A reader checks the store's
//   advisory signature (count and newest import time) at most once a second and, when it
//   moved, loads every advisory into a new index (imports are rare; a process with another
//   clock cannot make an import look older than the last). kAdvisories marks them stale at
//   once.
// On SQLite, product changes made by another process (`hoshitori sbom import` into a live
// database) are seen at the next change this server makes, or at restart.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/result.h"
#include "sbom/advisory_index.h"
#include "sbom/exposure.h"
#include "store/change_scope.h"
#include "store/product_repository.h"
#include "store/store.h"

namespace hoshitori::service {

// What the engines know of a product version besides its components (for naming it).
struct VersionName {
  int64_t org_id = 0;
  std::string product;
  std::string version;
};

// Engines that stay valid while held: a reload builds new ones.
struct SbomSnapshot {
  std::shared_ptr<const sbom::AdvisoryIndex> advisories;
  std::shared_ptr<const sbom::ExposureEngine> exposure;
  std::shared_ptr<const std::unordered_map<int64_t, VersionName>> versions;

  // The name of version `id`, or null when the engine does not hold it.
  const VersionName* Version(int64_t id) const {
    const auto found = versions->find(id);
    return found == versions->end() ? nullptr : &found->second;
  }
};

// Fills `engine` (empty) with every product version, component, live delivery and containment
// the store holds, and `names` with each version's owner, product and version. Components whose
// stored purl no longer parses are skipped (the upload stored only parsed ones).
Status LoadExposureEngine(Store& store, sbom::ExposureEngine& engine,
                          std::unordered_map<int64_t, VersionName>* names = nullptr);

class SbomEngines {
 public:
  // Loads every advisory and every product fact from `store`.
  static Result<std::unique_ptr<SbomEngines>> Load(Store& store);

  // A committed change: marks what it touched stale (see above).
  void Changed(const ChangeScope& scope);

  // The current engines, reloaded from `store` first when stale.
  Result<SbomSnapshot> Current(Store& store);

 private:
  SbomEngines() = default;
  Status ReloadProducts(Store& store);
  Status ReloadAdvisories(Store& store);

  std::mutex reload_mutex_;  // one reload at a time
  std::mutex mutex_;         // guards the members below
  SbomSnapshot snapshot_;
  bool products_stale_ = false;
  bool advisories_stale_ = false;
  std::string advisory_signature_;  // AdvisoryRepository::Signature at the last load
  std::chrono::steady_clock::time_point advisories_checked_{};
};

}  // namespace hoshitori::service
