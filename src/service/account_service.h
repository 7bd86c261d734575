// AccountService: the use cases of organisations and their accounts — sign-up, sign-in and
// sessions, the caller's own profile, colleagues (list, change role, remove, sign out),
// invitations, API tokens, the organisation lookup by corporate number and the audit log.
// OperatorAccountService: what only the scheme operator does, at the command line (grant any
// role, remove or sign out any user, register organisations).
//
// Every method authorises the context's actor through Allow (or, for the operator, checks
// the operator actor) before it reads or writes, and runs a change in one transaction with
// its audit entry. Time comes from the context's clock only (sessions', tokens' and
// invitations' expiry too). Sign-in and sign-up use the runtime's throttles, hash gate and
// decoy hash (docs/security.md).
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "service/runtime.h"

namespace hoshitori::service {

// A new organisation and its first administrator, as typed into the sign-up form.
struct SignupInput {
  std::string corporate_number;
  std::string name;
  std::string industry;  // JSIC code, e.g. "E"
  std::optional<int64_t> employees;
  std::optional<int64_t> capital_yen;
  std::string email;
  std::string display_name;
  std::string password;
};

// A session just started: the secret for the session cookie (shown only here; the store
// keeps its SHA-256) and the CSRF token the session's changes must carry.
struct StartedSession {
  User user;
  std::string cookie_token;
  std::string csrf_token;
  int64_t seconds = 0;  // how long the session lasts
};

struct SignupResult {
  Organisation organisation;
  StartedSession session;
};

// The caller and its organisation (none when the organisation row is missing).
struct Me {
  User user;
  std::optional<Organisation> organisation;
};

// An invitation just made: the secret token (shown only here) to send to the invited person.
struct CreatedInvitation {
  std::string token;
  Invitation invitation;
};

inline constexpr size_t kMaxTokenNameBytes = 200;

struct TokenInput {
  std::string name;
  std::optional<std::string> scope;        // "read" or "write" (default)
  std::optional<int64_t> expires_in_days;  // 1 .. RuntimeOptions::token_days_max
};

// An API token just made: the secret (shown only here) and what the store keeps.
struct CreatedToken {
  std::string token;
  ApiToken record;
};

// Serialises the changes to one organisation's roles and users until the caller's
// transaction ends, so that the last-administrator rule counts every change committed before
// it: a second writer waits here and, under READ COMMITTED, then reads the first one's change.
// Every use case that changes a role or removes a user takes it before it writes. (SQLite's
// write transactions are exclusive already.)
Status LockAdministrators(Store& store, int64_t org_id);

class AccountService {
 public:
  // `runtime` provides the throttles, the hash gate, the decoy hash and the session and
  // token lifetimes; it must outlive the service.
  AccountService(Context& context, Runtime& runtime) : context_(context), runtime_(runtime) {}

  // Registers an organisation with its first user (org_admin) and signs that user in.
  // kRateLimited after too many sign-ups from the actor's address (retry_after set);
  // kInvalid for a bad organisation, e-mail or weak password; kUnavailable ("Busy") when no
  // password hash can be made within 5 s; kConflict "Registration not possible" — the same
  // answer whether the corporate number or the e-mail is taken — only when one of them is
  // registered; any other store failure keeps its own kind (kInternal: 500).
  Result<SignupResult> SignUp(const SignupInput& input);

  // Signs in with e-mail and password and starts a session. Failures are audited (with a
  // digest of the e-mail, never the text typed) and slow down further tries of the account
  // from the address and of the address (kRateLimited with retry_after); a wrong e-mail or
  // password is kUnauthenticated "Sign-in failed" either way, an unknown e-mail costing as
  // much time as a known one.
  Result<StartedSession> SignIn(const std::string& email, const std::string& password);

  // Ends the caller's session (the one the actor signed in with); with `everywhere`, every
  // session and API token of the caller. Returns how many were ended (everywhere only).
  Result<int64_t> SignOut(bool everywhere);

  // The caller and its organisation.
  Result<Me> GetMe();

  // The users of the caller's organisation.
  Result<std::vector<User>> ListUsers();
  // An org admin changes a colleague's role between member and org_admin (kInvalid for any
  // other role; kForbidden for a colleague whose role the operator gave). kConflict "Last
  // administrator" when the organisation would have no active org_admin left — checked in
  // the transaction that writes, after its audit entry (see RequireAdminLeft).
  Result<User> ChangeRole(int64_t user_id, const std::string& role);
  // An org admin removes a colleague: the user cannot sign in any more and its sessions
  // and tokens end at once. Same last-administrator rule. Returns sessions/tokens ended.
  Result<int64_t> RemoveUser(int64_t user_id);
  // An org admin ends every session and token of a colleague. Returns how many.
  Result<int64_t> SignOutUser(int64_t user_id);

  // An org admin invites `email` as member or org_admin (valid 7 days).
  Result<CreatedInvitation> Invite(const std::string& email, const std::string& role);
  // The invited person joins with a display name and password, and is signed in. kNotFound
  // "Invitation not valid" for an unknown, used or expired invitation; kConflict
  // "Registration not possible" when the e-mail already has an account.
  Result<StartedSession> AcceptInvitation(const std::string& token, const std::string& display_name,
                                          const std::string& password);

  // A new API token of the caller: only from a session (kForbidden when the caller itself
  // used a token), scope read or write, expiry in days up to the runtime's maximum.
  Result<CreatedToken> CreateToken(const TokenInput& input);
  // The caller's tokens, revoked ones included.
  Result<std::vector<ApiToken>> ListTokens();
  // Revokes the caller's token `id` (kNotFound when the caller has no such active token).
  Status RevokeToken(int64_t id);

  // The organisation with this corporate number (kInvalid for a malformed number).
  Result<Organisation> FindOrganisation(const std::string& corporate_number);

  // The audit log as the caller may read it: its organisation's entries (all for the hub
  // admin), in sequence order.
  Result<std::vector<AuditEntry>> AuditLog();

 private:
  // Starts a session for `user` (inside the caller's transaction).
  Result<StartedSession> StartSession(const User& user);
  // Hashes a new password within the hash gate (kUnavailable "Busy" when no slot is free).
  Result<std::string> HashNewPassword(const std::string& password);
  // Colleague `id` of the caller's organisation when the caller may do `action` on it
  // (kNotFound otherwise, so other organisations' users do not leak).
  Result<User> Colleague(int64_t id, Action action);

  Context& context_;
  Runtime& runtime_;
};

class OperatorAccountService {
 public:
  // The scheme operator at the command line: the actor Actor::Operator() (context.h), which
  // no HTTP request can be; kForbidden for every method for any other actor.
  explicit OperatorAccountService(Context& context) : context_(context) {}

  // The organisation with this corporate number and its users.
  Result<std::pair<Organisation, std::vector<User>>> ListUsers(const std::string& corporate_number);
  // Gives the user with this e-mail any role (assessor and association roles come only from
  // here). kNotFound for an unknown e-mail, kConflict for a removed user.
  Result<User> Grant(const std::string& email, const std::string& role);
  // Removes the user with this e-mail and ends its sessions and tokens; keeps the
  // last-administrator rule of AccountService::RemoveUser. Returns how many were ended.
  Result<int64_t> RemoveUser(const std::string& email);
  // Ends every session and token of the user with this e-mail. Returns how many.
  Result<int64_t> SignOutUser(const std::string& email);
  // Registers an organisation (kConflict when its corporate number is registered already).
  Result<Organisation> AddOrganisation(const Organisation& organisation);

 private:
  Result<User> UserByEmail(const std::string& email);
  // Appends an audit entry with no acting user, for organisation `org_id`.
  Status RecordForOrganisation(int64_t org_id, std::string action, std::string resource,
                               std::string detail);

  Context& context_;
};

}  // namespace hoshitori::service
