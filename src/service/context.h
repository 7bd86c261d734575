// The environment of one use case: who asks (Actor), the store connection it runs on, and the
// engines shared by the whole process (catalog, clock, supply graph). Every service takes a
// Context, authorises through Allow (the one Authorize function) at its boundary, runs its
// change in one transaction with one audit entry per change, and returns typed results or an
// Error with a kind (core/result.h). The API routes, the web pages and the command line are
// adapters that build a Context and call a service.
//
// A Context lives for one request or one command and is used by one thread.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "catalog/catalog.h"
#include "core/clock.h"
#include "core/result.h"
#include "service/audit.h"
#include "service/authorization.h"
#include "store/change_scope.h"
#include "store/store.h"

namespace hoshitori::service {

class AttestationIssuer;
class ChainService;
class IndicatorCorrelator;
class SbomEngines;

// Who is asking. `principal` is empty for a caller that is not signed in.
struct Actor {
  std::optional<Principal> principal;
  std::optional<User> user;
  std::string address;       // the client's address (audit, throttles); empty for the CLI
  bool read_only = false;    // signed in with an API token of scope "read"
  bool via_token = false;    // signed in with an API token (not a session)
  std::string session_hash;  // SHA-256 of the session cookie, when signed in by cookie
  // The command line on a database it was given: acts as the scheme operator, for operator
  // use cases only (imports, rescoring, granting roles). Never set for HTTP callers.
  bool is_operator = false;

  static Actor Operator() {
    Actor actor;
    actor.is_operator = true;
    return actor;
  }
};

struct Context {
  Store& store;
  const Catalog& catalog;
  const Clock& clock;
  ChainService* chain = nullptr;  // the server's supply graph; null in one-off commands
  Actor actor;
  // Where committed changes report what they touched (the adapter drops the caches it names;
  // null: nobody listens). A use case names its scope with Touching() before InTransaction;
  // a commit that named none reports Everything().
  ChangeScope* committed = nullptr;
  ChangeScope touching = {};  // the scope of the change being made
  // The server's signing keys and public URL (service/attestation_service.h); null where no
  // attestation is issued (one-off commands other than `attest` on a database).
  const AttestationIssuer* issuer = nullptr;
  // The server's advisory index and exposure engine (service/sbom_engines.h); null in one-off
  // commands, which load them from the store when a use case needs them.
  SbomEngines* sbom = nullptr;
  // The server's index of shared indicators (service/indicator_correlation.h); null in one-off
  // commands, which build one from the store when a use case needs it.
  IndicatorCorrelator* correlator = nullptr;

  // Names what the change about to be made touches.
  void Touching(const ChangeScope& scope) { touching.Add(scope); }
};

// An organisation named by a use case's result (a party to a share, a request, a relationship
// or an analysis): its id and, when known, its profile (readable by every signed-in user).
struct Party {
  int64_t id = 0;
  std::optional<Organisation> organisation;
};

// Errors of use cases, by kind.
inline Error Invalid(std::string title, std::string message) {
  return MakeError(ErrorKind::kInvalid, std::move(title), std::move(message));
}
inline Error NotFound(std::string message) { return MakeError(ErrorKind::kNotFound, "Not found", std::move(message)); }
inline Error Conflict(std::string title, std::string message) {
  return MakeError(ErrorKind::kConflict, std::move(title), std::move(message));
}
inline Error Forbidden(std::string message) { return MakeError(ErrorKind::kForbidden, "Forbidden", std::move(message)); }
inline Error Unauthenticated(std::string message) {
  return MakeError(ErrorKind::kUnauthenticated, "Sign in required", std::move(message));
}

// The signed-in caller, or kUnauthenticated.
inline Result<Principal> SignedIn(const Context& context) {
  if (!context.actor.principal) {
    return Unauthenticated("sign in, or send an API token as 'Authorization: Bearer ...'");
  }
  return *context.actor.principal;
}

// The one authorisation step of every use case: Authorize, turned into an error of kind
// kUnauthenticated (nobody signed in), `when_denied` (kForbidden, or kNotFound where even
// the existence of the resource must not leak) otherwise.
inline Status Allow(const Context& context, Action action, const ResourceFacts& facts,
                    ErrorKind when_denied = ErrorKind::kForbidden) {
  const Decision decision = Authorize(context.actor.principal, action, facts);
  if (decision.allowed) return OkStatus();
  if (!context.actor.principal) return Unauthenticated(std::string(decision.reason));
  return MakeError(when_denied, when_denied == ErrorKind::kNotFound ? "Not found" : "Forbidden",
                   std::string(decision.reason));
}

// Operator use cases (command line only).
inline Status AllowOperator(const Context& context) {
  if (context.actor.is_operator) return OkStatus();
  return Forbidden("only the scheme operator, on the command line, may do this");
}

// Appends one audit entry for the actor; call inside the transaction of the change.
inline Status Record(Context& context, std::string action, std::string resource, std::string detail = "") {
  const auto& p = context.actor.principal;
  return AppendAudit(context.store, AuditEvent{p ? std::optional<int64_t>(p->user_id) : std::nullopt,
                                               p ? std::optional<int64_t>(p->org_id) : std::nullopt,
                                               std::move(action), std::move(resource), std::move(detail)});
}

// Runs `change()` (returning Result<T> or Status) in one transaction: committed when it
// succeeds, rolled back otherwise. After a commit, reports the scope named by Touching()
// (Everything() when none was named) to `context.committed`.
template <typename Change>
auto InTransaction(Context& context, Change&& change) -> decltype(change()) {
  ChangeScope touched;
  Transaction transaction(context.store);
  if (!transaction.begun()) {
    context.touching = ChangeScope();
    return transaction.begun().error();
  }
  auto result = change();
  std::swap(touched, context.touching);
  if (!result) return result;
  if (Status committed = transaction.Commit(); !committed) return committed.error();
  if (context.committed) context.committed->Add(touched.empty() ? ChangeScope::Everything() : touched);
  return result;
}

}  // namespace hoshitori::service

// Early returns on failure inside functions that return a Result or a Status.
#define HOSHITORI_CONCAT_INNER(a, b) a##b
#define HOSHITORI_CONCAT(a, b) HOSHITORI_CONCAT_INNER(a, b)
#define TRY(expr)                                            \
  do {                                                       \
    if (auto&& try_status_ = (expr); !try_status_) {         \
      return try_status_.error();                            \
    }                                                        \
  } while (false)
#define TRY_ASSIGN(lhs, expr) TRY_ASSIGN_IMPL(HOSHITORI_CONCAT(try_result_, __LINE__), lhs, expr)
#define TRY_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                    \
  if (!tmp) return tmp.error();         \
  lhs = std::move(tmp).value()
