// Runtime: what one server process shares between its requests — the pool of store
// connections, the catalog, the clock, the supply graph and the caches of the services, the
// sign-in throttles and the password-hash gate. The API and the web pages hold the same
// Runtime and reach the services through it; nothing else opens the store in `serve`.
//
// Thread-safe: every member is safe for concurrent use; a Lease gives one thread one store
// connection for the duration of a request.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog.h"
#include "core/clock.h"
#include "service/context.h"
#include "service/indicator_correlation.h"
#include "service/sbom_engines.h"
#include "service/security.h"
#include "service/throttle.h"
#include "store/store.h"

namespace hoshitori::service {

// When a token stops working: its expiry, or 90 days after creation for tokens made before
// expiries were recorded.
std::string TokenExpiry(const ApiToken& token);

struct RuntimeOptions {
  std::string db_url;
  int connections = 2;
  PasswordCost password_cost = PasswordCost::kInteractive;
  int64_t session_seconds = 8 * 3600;
  // Sign-in throttling (docs/security.md): failures free of delay per (account, address)
  // and per address within 15 minutes; each further failure doubles the wait, up to 15 min.
  int login_failures_allowed = 5;
  int login_failures_allowed_per_address = 50;
  int signups_allowed_per_address = 5;  // per hour before sign-ups from it are slowed down
  int concurrent_password_hashes = 2;
  int64_t token_days_default = 90;
  int64_t token_days_max = 365;
  std::optional<Date> today;  // run as if today were this day (demos, tests)
};

class Runtime {
 public:
  // Opens `options.connections` store connections, scores imported assessments that have no
  // stored result, and loads the supply graph. The catalog must outlive the runtime.
  static Result<std::unique_ptr<Runtime>> Open(const Catalog& catalog, RuntimeOptions options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // Borrows a store connection (waiting for a free one) until destroyed.
  class Lease {
   public:
    explicit Lease(Runtime& runtime);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Store& store() { return *store_; }

   private:
    Runtime& runtime_;
    std::unique_ptr<Store> store_;
  };

  // A context for `actor` on `store` (a leased connection).
  Context MakeContext(Store& store, Actor actor) {
    Context context{store, catalog_, clock_, chain_.get(), std::move(actor)};
    context.issuer = issuer_.get();
    context.sbom = sbom_.get();
    context.correlator = correlator_.get();
    return context;
  }
  // Sets the issuer of attestations every context gets (before serving; not thread-safe).
  void SetIssuer(std::shared_ptr<const AttestationIssuer> issuer) { issuer_ = std::move(issuer); }
  const AttestationIssuer* issuer() const { return issuer_.get(); }

  // The PostgreSQL server process of each pooled connection (pg_backend_pid); empty on
  // SQLite. A connection is never reopened: a lost one stays lost (store/postgres).
  const std::vector<int64_t>& server_processes() const { return server_processes_; }

  const Catalog& catalog() const { return catalog_; }
  const Clock& clock() const { return clock_; }
  const RuntimeOptions& options() const { return options_; }
  ChainService& chain() { return *chain_; }
  SbomEngines& sbom() { return *sbom_; }
  IndicatorCorrelator& correlator() { return *correlator_; }

  // Sign-in and sign-up throttles and the password-hash gate (service/throttle.h).
  AttemptThrottle& login_by_account() { return login_by_account_; }
  AttemptThrottle& login_by_address() { return login_by_address_; }
  AttemptThrottle& signup_by_address() { return signup_by_address_; }
  HashGate& hashes() { return hashes_; }
  // A hash of the same cost as real ones, checked for unknown e-mails so timing tells nothing.
  const std::string& decoy_hash() const { return decoy_hash_; }

  // Who a credential (SHA-256 of an API token or a session cookie) belongs to, kept between
  // changes: emptied whenever the credentials generation moves (every change to users,
  // sessions or tokens, or such a change notice from another process on PostgreSQL:
  // ChainService::credentials_generation), so a revoked credential is refused
  // from the next request on. Changes made outside this process on SQLite (the operator's
  // `hoshitori user` commands) are seen within kCredentialSeconds. Unknown credentials are
  // not kept.
  static constexpr auto kCredentialSeconds = std::chrono::seconds(30);
  struct Credential {
    User user;
    std::string csrf_token;  // sessions only
    std::string expires_at;  // when the session or token stops working
    std::string scope;       // tokens only: "read" or "write"
    std::chrono::steady_clock::time_point read_at = std::chrono::steady_clock::now();
  };
  // The active session of cookie value `cookie`, or nullopt (unknown, ended, expired, or
  // its user removed). Errors only when the store fails.
  Result<std::optional<Credential>> FindSession(Store& store, std::string_view cookie);
  // The API token `token` (the secret after "Bearer "), or nullopt (unknown, revoked,
  // expired, or its user removed).
  Result<std::optional<Credential>> FindToken(Store& store, std::string_view token);

 private:
  Runtime(const Catalog& catalog, RuntimeOptions options);

  const Catalog& catalog_;
  RuntimeOptions options_;
  Clock clock_;
  std::unique_ptr<ChainService> chain_;
  std::unique_ptr<SbomEngines> sbom_;
  uint64_t sbom_observer_ = 0;
  std::unique_ptr<IndicatorCorrelator> correlator_;
  std::shared_ptr<const AttestationIssuer> issuer_;

  // The connection pool, first come first served: a returned connection goes straight to the
  // longest waiting lease. (A shared wake-up let a thread that had just returned a connection
  // take it back before the woken waiter ran, so under load some requests waited for
  // hundreds of milliseconds while others never waited; bench/share/taxii_bench showed it.)
  struct PoolWaiter {
    std::condition_variable handed;
    std::unique_ptr<Store> store;
  };
  std::mutex pool_mutex_;
  std::deque<PoolWaiter*> pool_waiters_;
  std::vector<std::unique_ptr<Store>> idle_;
  std::vector<int64_t> server_processes_;

  AttemptThrottle login_by_account_;  // key: folded e-mail + client address
  AttemptThrottle login_by_address_;
  AttemptThrottle signup_by_address_;
  HashGate hashes_;
  std::string decoy_hash_;

  std::optional<Credential> CachedCredential(const std::string& hash, uint64_t generation);
  void KeepCredential(const std::string& hash, Credential credential, uint64_t generation);

  std::mutex credentials_mutex_;
  std::unordered_map<std::string, Credential> credentials_;
  uint64_t credentials_generation_ = 0;
};

}  // namespace hoshitori::service
