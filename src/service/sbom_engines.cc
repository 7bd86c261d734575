#include "service/sbom_engines.h"

#include <optional>
#include <utility>
#include <vector>

#include "service/advisory_service.h"
#include "store/advisory_repository.h"

namespace hoshitori::service {
namespace {

// How often a reader asks the store whether advisories were imported by another process.
constexpr auto kAdvisoryCheckInterval = std::chrono::seconds(1);

Error EngineError(const Error& error) {
  return MakeError(ErrorKind::kInternal, "SBOM engine not loaded", error.message);
}

}  // namespace

Status LoadExposureEngine(Store& store, sbom::ExposureEngine& engine,
                          std::unordered_map<int64_t, VersionName>* names) {
  ProductRepository products(store.Sql());
  std::optional<Error> failed;
  const auto keep = [&failed](Status status) {
    if (!status && !failed) failed = EngineError(status.error());
  };
  Status streamed = products.ForEachProductVersion([&](const VersionFact& fact) {
    keep(engine.PutProductVersion(
        sbom::ProductVersionFact{fact.version_id, fact.org_id, fact.product_name, fact.version}));
    if (names) names->emplace(fact.version_id, VersionName{fact.org_id, fact.product_name, fact.version});
  });
  if (!streamed) return streamed.error();
  if (failed) return *failed;

  // Components come ordered by version: gather one version's, then hand them over.
  int64_t current = 0;
  std::vector<sbom::PackageUrl> components;
  const auto flush = [&]() {
    if (current != 0) {
      Result<sbom::ComponentChange> set = engine.SetComponents(current, components);
      if (!set) keep(set.error());
    }
    components.clear();
  };
  streamed = products.ForEachComponent([&](const ComponentFact& fact) {
    if (fact.version_id != current) {
      flush();
      current = fact.version_id;
    }
    Result<sbom::PackageUrl> purl = sbom::ParsePackageUrl(fact.normalised_purl);
    if (purl) components.push_back(std::move(purl).value());
  });
  if (!streamed) return streamed.error();
  flush();
  if (failed) return *failed;

  streamed = products.ForEachLiveDelivery([&](const DeliveryFact& fact) {
    keep(engine.PutDelivery(sbom::DeliveryFact{fact.id, fact.version_id, fact.supplier_id,
                                               fact.buyer_id, fact.relationship_id,
                                               fact.share_sbom, fact.disclose_matches}));
  });
  if (!streamed) return streamed.error();
  streamed = products.ForEachContainment([&](const ContainmentFact& fact) {
    keep(engine.PutContainment(fact.outer_version_id, fact.inner_version_id));
  });
  if (!streamed) return streamed.error();
  if (failed) return *failed;
  return OkStatus();
}

Result<std::unique_ptr<SbomEngines>> SbomEngines::Load(Store& store) {
  std::unique_ptr<SbomEngines> engines(new SbomEngines());
  if (Status loaded = engines->ReloadAdvisories(store); !loaded) return loaded.error();
  if (Status loaded = engines->ReloadProducts(store); !loaded) return loaded.error();
  return engines;
}

void SbomEngines::Changed(const ChangeScope& scope) {
  std::lock_guard lock(mutex_);
  if (scope.TouchesAny(ChangeScope::kProducts | ChangeScope::kGraph)) products_stale_ = true;
  if (scope.TouchesAny(ChangeScope::kAdvisories)) advisories_stale_ = true;
}

Result<SbomSnapshot> SbomEngines::Current(Store& store) {
  bool check_advisories = false;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    check_advisories = advisories_stale_ || now - advisories_checked_ >= kAdvisoryCheckInterval;
    if (!products_stale_ && !check_advisories) return snapshot_;
  }
  std::lock_guard reload(reload_mutex_);
  if (check_advisories) {
    bool stale = false;
    {
      std::lock_guard lock(mutex_);
      stale = advisories_stale_;
      advisories_checked_ = std::chrono::steady_clock::now();
    }
    if (!stale) {
      Result<std::string> signature = AdvisoryRepository(store.Sql()).Signature();
      if (!signature) return EngineError(signature.error());
      std::lock_guard lock(mutex_);
      stale = *signature != advisory_signature_;
    }
    if (stale) {
      if (Status loaded = ReloadAdvisories(store); !loaded) return loaded.error();
    }
  }
  bool products_stale = false;
  {
    std::lock_guard lock(mutex_);
    products_stale = products_stale_;
  }
  if (products_stale) {
    if (Status loaded = ReloadProducts(store); !loaded) return loaded.error();
  }
  std::lock_guard lock(mutex_);
  return snapshot_;
}

Status SbomEngines::ReloadAdvisories(Store& store) {
  // The signature is read first: an import committed while loading moves it again, so the
  // next check loads once more rather than missing it.
  Result<std::string> signature = AdvisoryRepository(store.Sql()).Signature();
  if (!signature) return EngineError(signature.error());
  {
    std::lock_guard lock(mutex_);
    advisories_stale_ = false;
  }
  auto index = std::make_shared<sbom::AdvisoryIndex>();
  Result<size_t> loaded = LoadAdvisoryIndex(store, *index);
  if (!loaded) return EngineError(loaded.error());
  std::lock_guard lock(mutex_);
  advisory_signature_ = std::move(signature).value();
  snapshot_.advisories = std::move(index);
  return OkStatus();
}

Status SbomEngines::ReloadProducts(Store& store) {
  {
    // Cleared before reading: a change committed while loading marks it stale again.
    std::lock_guard lock(mutex_);
    products_stale_ = false;
  }
  auto engine = std::make_shared<sbom::ExposureEngine>();
  auto names = std::make_shared<std::unordered_map<int64_t, VersionName>>();
  if (Status loaded = LoadExposureEngine(store, *engine, names.get()); !loaded) {
    std::lock_guard lock(mutex_);
    products_stale_ = true;
    return loaded;
  }
  std::lock_guard lock(mutex_);
  snapshot_.exposure = std::move(engine);
  snapshot_.versions = std::move(names);
  return OkStatus();
}

}  // namespace hoshitori::service
