#include "service/runtime.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "service/chain_service.h"
#include "service/results.h"
#include "store/sql_session.h"

namespace hoshitori::service {

Runtime::Runtime(const Catalog& catalog, RuntimeOptions options)
    : catalog_(catalog),
      options_(std::move(options)),
      clock_(options_.today),
      login_by_account_({50'000, options_.login_failures_allowed, std::chrono::seconds(900), std::chrono::seconds(900)}),
      login_by_address_({20'000, options_.login_failures_allowed_per_address, std::chrono::seconds(900),
                         std::chrono::seconds(900)}),
      signup_by_address_({20'000, options_.signups_allowed_per_address, std::chrono::seconds(3600),
                          std::chrono::seconds(3600)}),
      hashes_(options_.concurrent_password_hashes) {}

Runtime::~Runtime() {
  if (chain_ && sbom_observer_ != 0) chain_->StopObserving(sbom_observer_);
}

Result<std::unique_ptr<Runtime>> Runtime::Open(const Catalog& catalog, RuntimeOptions options) {
  if (!InitSecurity()) return MakeError("libsodium cannot be initialised");
  std::unique_ptr<Runtime> runtime(new Runtime(catalog, std::move(options)));
  auto decoy = HashPassword("decoy password for unknown e-mail addresses", runtime->options_.password_cost);
  if (!decoy) return decoy.error();
  runtime->decoy_hash_ = std::move(decoy).value();
  for (int i = 0; i < std::max(1, runtime->options_.connections); ++i) {
    auto store = Store::Open(runtime->options_.db_url);
    if (!store) return store.error();
    if ((*store)->Sql().dialect().runs_postgres_only) {
      auto process = (*store)->Sql().Execute("read the connection's server process", "SELECT pg_backend_pid()", SqlParams{},
                                             [&](const SqlRow& row) { runtime->server_processes_.push_back(row.Int(0)); });
      if (!process) return process.error();
    }
    runtime->idle_.push_back(std::move(store).value());
  }
  Lease lease(*runtime);
  // Results computed against another catalog (weights, level tags or mappings changed since)
  // are computed again, and assessments imported without one are scored, before serving.
  if (auto refreshed = RefreshResults(lease.store(), catalog); !refreshed) return refreshed.error();
  auto chain = ChainService::Load(lease.store());
  if (!chain) return chain.error();
  runtime->chain_ = std::move(chain).value();
  auto sbom = SbomEngines::Load(lease.store());
  if (!sbom) return sbom.error();
  runtime->sbom_ = std::move(sbom).value();
  SbomEngines* engines = runtime->sbom_.get();
  runtime->sbom_observer_ = runtime->chain_->Observe(
      [engines](uint64_t, const ChangeScope& scope) { engines->Changed(scope); });
  // The shared indicators, indexed before serving (later rows are read by each correlation).
  runtime->correlator_ = IndicatorCorrelator::WithSystemSuffixes();
  const auto started = std::chrono::steady_clock::now();
  auto indexed = runtime->correlator_->CatchUp(lease.store().Sql());
  if (!indexed) return indexed.error();
  std::cerr << "indicator index: " << indexed->indicators << " indicators from " << indexed->rows
            << " shared objects in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count()
            << " ms\n";
  return runtime;
}

Runtime::Lease::Lease(Runtime& runtime) : runtime_(runtime) {
  std::unique_lock lock(runtime_.pool_mutex_);
  if (runtime_.pool_waiters_.empty() && !runtime_.idle_.empty()) {
    store_ = std::move(runtime_.idle_.back());
    runtime_.idle_.pop_back();
    return;
  }
  PoolWaiter waiter;
  runtime_.pool_waiters_.push_back(&waiter);
  waiter.handed.wait(lock, [&] { return waiter.store != nullptr; });
  store_ = std::move(waiter.store);
}

Runtime::Lease::~Lease() {
  std::lock_guard lock(runtime_.pool_mutex_);
  if (runtime_.pool_waiters_.empty()) {
    runtime_.idle_.push_back(std::move(store_));
    return;
  }
  PoolWaiter* next = runtime_.pool_waiters_.front();
  runtime_.pool_waiters_.pop_front();
  next->store = std::move(store_);
  next->handed.notify_one();
}

std::string TokenExpiry(const ApiToken& token) {
  if (token.expires_at) return *token.expires_at;
  const auto created = ParseDate(std::string_view(token.created_at).substr(0, 10));
  if (!created) return "";
  return FormatDate(Date(std::chrono::sys_days(*created) + std::chrono::days(90))) + token.created_at.substr(10);
}

Result<std::optional<Runtime::Credential>> Runtime::FindSession(Store& store, std::string_view cookie) {
  const uint64_t generation = chain_->credentials_generation();
  const std::string hash = Sha256Hex(cookie);
  auto credential = CachedCredential(hash, generation);
  if (!credential) {
    TRY_ASSIGN(const auto session, store.FindSession(hash));
    if (!session) return std::optional<Credential>();
    TRY_ASSIGN(const auto user, store.GetUser(session->user_id));
    if (!user || user->disabled_at) return std::optional<Credential>();
    credential = Credential{*user, session->csrf_token, session->expires_at, ""};
    KeepCredential(hash, *credential, generation);
  }
  if (credential->expires_at <= clock_.UtcNow()) return std::optional<Credential>();
  return credential;
}

Result<std::optional<Runtime::Credential>> Runtime::FindToken(Store& store, std::string_view token) {
  const uint64_t generation = chain_->credentials_generation();
  const std::string hash = Sha256Hex(token);
  auto credential = CachedCredential(hash, generation);
  if (!credential) {
    TRY_ASSIGN(const auto record, store.FindApiToken(hash));
    if (!record || record->revoked_at) return std::optional<Credential>();
    TRY_ASSIGN(const auto user, store.GetUser(record->user_id));
    if (!user || user->disabled_at) return std::optional<Credential>();
    credential = Credential{*user, "", TokenExpiry(*record), record->scope};
    KeepCredential(hash, *credential, generation);
  }
  if (credential->expires_at <= clock_.UtcNow()) return std::optional<Credential>();
  return credential;
}

std::optional<Runtime::Credential> Runtime::CachedCredential(const std::string& hash, uint64_t generation) {
  std::lock_guard lock(credentials_mutex_);
  if (credentials_generation_ != generation) {
    credentials_.clear();
    credentials_generation_ = generation;
  }
  const auto it = credentials_.find(hash);
  if (it == credentials_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - it->second.read_at > kCredentialSeconds) {
    credentials_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void Runtime::KeepCredential(const std::string& hash, Credential credential, uint64_t generation) {
  std::lock_guard lock(credentials_mutex_);
  if (credentials_generation_ != generation) return;
  if (credentials_.size() >= 10'000) credentials_.clear();
  credentials_.emplace(hash, std::move(credential));
}

}  // namespace hoshitori::service
