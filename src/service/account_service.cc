#include "service/account_service.h"

#include <algorithm>
#include <chrono>
#include <regex>

#include "core/corporate_number.h"
#include "interchange/organisation_csv.h"
#include "service/import_service.h"
#include "service/security.h"

namespace hoshitori::service {

namespace {

// One answer whether the corporate number or the e-mail is taken: strangers learn nothing.
constexpr const char* kNotPossible =
    "this sign-up cannot be completed; if your organisation already uses Hoshitori, ask its "
    "administrator "
    "to invite you, or sign in";
constexpr int64_t kInvitationSeconds = 7 * 86400;

Error NotPossible() { return Conflict("Registration not possible", kNotPossible); }

bool ValidEmail(const std::string& email) {
  static const std::regex pattern(R"([^@\s]+@[^@\s]+\.[^@\s]+)");
  return email.size() <= 254 && std::regex_match(email, pattern);
}

Error RateLimited(const std::string& message, int64_t wait) {
  Error error = MakeError(ErrorKind::kRateLimited, "Too many attempts",
                          message + std::to_string(wait) + " seconds");
  error.retry_after_seconds = wait;
  return error;
}

// True when `email` already has an account (removed ones included: addresses are unique).
Result<bool> EmailTaken(Store& store, const std::string& email) {
  TRY_ASSIGN(const auto user, store.FindUserByEmail(email));
  return user.has_value();
}

// The last-administrator rule, checked after the change, in the caller's transaction, which
// took LockAdministrators before it wrote. `user` is the user as it was before the change.
Status RequireAdminLeft(Store& store, const User& user, std::string message) {
  if (user.role != Role::kOrgAdmin) return OkStatus();
  TRY_ASSIGN(const auto users, store.ListUsers(user.org_id));
  const bool admin_left = std::any_of(users.begin(), users.end(), [](const User& u) {
    return u.role == Role::kOrgAdmin && !u.disabled_at;
  });
  if (admin_left) return OkStatus();
  return Conflict("Last administrator", std::move(message));
}

constexpr const char* kLastAdmin =
    "the organisation needs at least one administrator; make someone else org_admin first";

}  // namespace

Status LockAdministrators(Store& store, int64_t org_id) {
  constexpr int64_t kAdministratorLocks = 0x61646d0000000000;  // "adm" in the top bytes
  return store.Sql().LockUntilCommit(kAdministratorLocks | org_id);
}

// ---------------------------------------------------------------------------------------
// Sessions.

Result<std::string> AccountService::HashNewPassword(const std::string& password) {
  HashGate::Slot slot(runtime_.hashes(), std::chrono::seconds(5));
  if (!slot.acquired()) {
    return MakeError(ErrorKind::kUnavailable, "Busy",
                     "the server is busy; try again in a few seconds");
  }
  return HashPassword(password, runtime_.options().password_cost);
}

Result<StartedSession> AccountService::StartSession(const User& user) {
  const int64_t seconds = runtime_.options().session_seconds;
  StartedSession started{user, NewToken("hss_"), NewToken(""), seconds};
  TRY(context_.store.AddSession(Session{Sha256Hex(started.cookie_token), user.id, user.org_id,
                                        started.csrf_token, context_.clock.UtcNow(),
                                        context_.clock.UtcNow(seconds)}));
  return started;
}

Result<SignupResult> AccountService::SignUp(const SignupInput& input) {
  // Sign-ups from one address are slowed down after a few (each one costs a password hash).
  const std::string by_address = "signup:" + context_.actor.address;
  const auto now = AttemptThrottle::Clock::now();
  if (const int64_t wait = runtime_.signup_by_address().Wait(by_address, now); wait > 0) {
    return RateLimited("too many sign-ups from your address; wait ", wait);
  }
  // Everything that can be checked without the store or a hash is checked first.
  auto made =
      interchange::MakeOrganisation("signup", input.corporate_number, input.name, input.industry,
                                    input.employees ? std::to_string(*input.employees) : "",
                                    input.capital_yen ? std::to_string(*input.capital_yen) : "");
  if (!made) return Invalid("Invalid organisation", made.error().message);
  const std::string email = FoldEmail(input.email);
  if (!ValidEmail(email))
    return Invalid("Invalid e-mail", "'" + email + "' is not an e-mail address");
  if (Status strong = CheckPasswordStrength(input.password); !strong) {
    return Invalid("Weak password", strong.error().message);
  }
  runtime_.signup_by_address().Record(by_address, now);
  TRY_ASSIGN(const std::string hash, HashNewPassword(input.password));

  std::optional<Organisation> added;
  StartedSession session;
  auto done = InTransaction(context_, [&]() -> Status {
    // Taken numbers and addresses are found by reading, so that a failure of the store while
    // writing is reported as what it is, not as "Registration not possible".
    TRY_ASSIGN(const auto existing, context_.store.FindOrganisation(made->corporate_number));
    TRY_ASSIGN(const bool taken, EmailTaken(context_.store, email));
    if (existing || taken) return NotPossible();
    TRY_ASSIGN(added, context_.store.AddOrganisation(NewOrganisation(*made)));
    TRY_ASSIGN(const User user,
               context_.store.AddUser(User{0, added->id, email, input.display_name, Role::kOrgAdmin,
                                           hash, "", std::nullopt}));
    context_.actor.principal = Principal{user.id, user.org_id, user.role};
    context_.actor.user = user;
    TRY_ASSIGN(session, StartSession(user));
    return Record(context_, "signup", "organisation/" + std::to_string(added->id),
                  added->corporate_number.digits());
  });
  if (!done) {
    if (done.error().kind == ErrorKind::kConflict) return done.error();
    // A concurrent sign-up may have taken the number or the address between the reads and
    // the writes above: the unique constraint refused ours, which is the same answer.
    auto existing = context_.store.FindOrganisation(made->corporate_number);
    auto taken = EmailTaken(context_.store, email);
    if ((existing && *existing) || (taken && *taken)) return NotPossible();
    return done.error();
  }
  return SignupResult{*added, std::move(session)};
}

Result<StartedSession> AccountService::SignIn(const std::string& typed_email,
                                              const std::string& password) {
  const std::string email = FoldEmail(typed_email);
  if (email.size() > 254)
    return Invalid("Invalid e-mail", "an e-mail address has at most 254 characters");
  // Failures slow down one account from one address (its owner elsewhere is not held up),
  // and one address across accounts; never a hard lock.
  const std::string& address = context_.actor.address;
  const std::string by_account = "login:" + email + "\n" + address;
  const std::string by_address = "login:" + address;
  const auto now = AttemptThrottle::Clock::now();
  const auto wait_now = [&] {
    return std::max(runtime_.login_by_account().Wait(by_account, now),
                    runtime_.login_by_address().Wait(by_address, now));
  };
  if (const int64_t wait = wait_now(); wait > 0)
    return RateLimited("too many failed sign-ins; wait ", wait);

  bool ok = false;
  std::optional<User> user;
  {
    HashGate::Slot slot(runtime_.hashes(), std::chrono::seconds(5));
    if (!slot.acquired())
      return MakeError(ErrorKind::kUnavailable, "Busy",
                       "the server is busy; try again in a few seconds");
    TRY_ASSIGN(user, context_.store.FindUserByEmail(email));
    if (user && user->disabled_at) user.reset();
    // An unknown address is checked against a decoy of the same cost: timing tells nothing.
    ok = VerifyPassword(password, user ? user->password_hash : runtime_.decoy_hash()) &&
         user.has_value();
  }
  // The audit log never keeps what was typed as the e-mail (a password may be typed there).
  const std::string typed = "e-mail digest " + Sha256Hex(email).substr(0, 16) + ", from " + address;
  const std::string resource = user ? "user/" + std::to_string(user->id) : "user";
  if (!ok) {
    runtime_.login_by_account().Record(by_account, now);
    runtime_.login_by_address().Record(by_address, now);
    // The failure is recorded even though the use case fails: its own transaction commits.
    Transaction transaction(context_.store);
    TRY(transaction.begun());
    TRY(Record(context_, "login.failed", resource, typed));
    if (wait_now() > 0) TRY(Record(context_, "login.throttled", resource, typed));
    TRY(transaction.Commit());
    return MakeError(ErrorKind::kUnauthenticated, "Sign-in failed",
                     "the e-mail or the password is wrong");
  }
  runtime_.login_by_account().Forget(by_account);
  context_.actor.principal = Principal{user->id, user->org_id, user->role};
  context_.actor.user = user;
  return InTransaction(context_, [&]() -> Result<StartedSession> {
    TRY_ASSIGN(StartedSession started, StartSession(*user));
    TRY(Record(context_, "login", "user/" + std::to_string(user->id), "from " + address));
    return started;
  });
}

Result<int64_t> AccountService::SignOut(bool everywhere) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  return InTransaction(context_, [&]() -> Result<int64_t> {
    if (everywhere) {
      TRY_ASSIGN(const int64_t ended,
                 context_.store.EndUserCredentials(p.user_id, context_.clock.UtcNow()));
      TRY(Record(context_, "logout.everywhere", "user/" + std::to_string(p.user_id),
                 std::to_string(ended) + " sessions and tokens ended"));
      return ended;
    }
    if (!context_.actor.session_hash.empty())
      TRY(context_.store.DeleteSession(context_.actor.session_hash));
    TRY(Record(context_, "logout", "user/" + std::to_string(p.user_id)));
    return int64_t{0};
  });
}

// ---------------------------------------------------------------------------------------
// The caller, colleagues and invitations.

Result<Me> AccountService::GetMe() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kOrganisation, p.org_id}));
  std::optional<User> user = context_.actor.user;
  if (!user) {
    TRY_ASSIGN(user, context_.store.GetUser(p.user_id));
  }
  if (!user) return Unauthenticated("the signed-in user no longer exists");
  TRY_ASSIGN(auto organisation, context_.store.GetOrganisation(p.org_id));
  return Me{*user, std::move(organisation)};
}

Result<std::vector<User>> AccountService::ListUsers() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kUser, p.org_id}));
  return context_.store.ListUsers(p.org_id);
}

Result<User> AccountService::Colleague(int64_t id, Action action) {
  TRY_ASSIGN(const auto user, context_.store.GetUser(id));
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  if (!user || user->org_id != p.org_id)
    return NotFound("no user " + std::to_string(id) + " in your organisation");
  TRY(Allow(context_, action, ResourceFacts{ResourceKind::kUser, user->org_id, user->id}));
  return *user;
}

Result<User> AccountService::ChangeRole(int64_t user_id, const std::string& role_name) {
  const auto role = ParseRole(role_name);
  if (!role || (*role != Role::kOrgAdmin && *role != Role::kMember)) {
    return Invalid("Invalid role",
                   "an organisation can give only the roles member and org_admin; assessor roles "
                   "come from the scheme "
                   "operator");
  }
  return InTransaction(context_, [&]() -> Result<User> {
    TRY_ASSIGN(User user, Colleague(user_id, Action::kUpdate));
    if (user.disabled_at)
      return Conflict("User removed", "user " + std::to_string(user.id) + " was removed");
    if (user.role == Role::kAssessor || user.role == Role::kAssociationAdmin ||
        user.role == Role::kHubAdmin) {
      return Forbidden("this role was given by the scheme operator; ask the operator to change it");
    }
    TRY(LockAdministrators(context_.store, user.org_id));
    TRY(context_.store.UpdateUserRole(user.id, *role));
    TRY(Record(context_, "user.role", "user/" + std::to_string(user.id),
               std::string(RoleName(user.role)) + " -> " + std::string(RoleName(*role))));
    if (*role != Role::kOrgAdmin) TRY(RequireAdminLeft(context_.store, user, kLastAdmin));
    user.role = *role;
    return user;
  });
}

Result<int64_t> AccountService::RemoveUser(int64_t user_id) {
  return InTransaction(context_, [&]() -> Result<int64_t> {
    TRY_ASSIGN(const User user, Colleague(user_id, Action::kRevoke));
    if (user.disabled_at)
      return Conflict("User removed", "user " + std::to_string(user.id) + " was already removed");
    const std::string now = context_.clock.UtcNow();
    TRY(LockAdministrators(context_.store, user.org_id));
    TRY(context_.store.DisableUser(user.id, now));
    TRY_ASSIGN(const int64_t ended, context_.store.EndUserCredentials(user.id, now));
    TRY(Record(context_, "user.remove", "user/" + std::to_string(user.id),
               std::to_string(ended) + " sessions and tokens ended"));
    TRY(RequireAdminLeft(context_.store, user, kLastAdmin));
    return ended;
  });
}

Result<int64_t> AccountService::SignOutUser(int64_t user_id) {
  return InTransaction(context_, [&]() -> Result<int64_t> {
    TRY_ASSIGN(const User user, Colleague(user_id, Action::kRevoke));
    TRY_ASSIGN(const int64_t ended,
               context_.store.EndUserCredentials(user.id, context_.clock.UtcNow()));
    TRY(Record(context_, "user.sign_out", "user/" + std::to_string(user.id),
               std::to_string(ended) + " sessions and tokens ended"));
    return ended;
  });
}

Result<CreatedInvitation> AccountService::Invite(const std::string& typed_email,
                                                 const std::string& role_name) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kCreate, ResourceFacts{ResourceKind::kUser, p.org_id}));
  const std::string email = FoldEmail(typed_email);
  if (!ValidEmail(email))
    return Invalid("Invalid e-mail", "'" + email + "' is not an e-mail address");
  const auto role = ParseRole(role_name);
  // Nobody grants trust to itself: roles that certify others come from the operator only.
  if (!role || (*role != Role::kOrgAdmin && *role != Role::kMember)) {
    return Invalid(
        "Invalid role",
        "invite as member or org_admin; assessor roles are given by the scheme operator only");
  }
  CreatedInvitation out{NewToken("hsi_"), {}};
  out.invitation = Invitation{Sha256Hex(out.token),
                              p.org_id,
                              email,
                              *role,
                              p.user_id,
                              context_.clock.UtcNow(),
                              context_.clock.UtcNow(kInvitationSeconds),
                              std::nullopt};
  TRY(InTransaction(context_, [&]() -> Status {
    TRY(context_.store.AddInvitation(out.invitation));
    return Record(context_, "invitation.create", "organisation/" + std::to_string(p.org_id),
                  email + " as " + std::string(RoleName(*role)));
  }));
  return out;
}

Result<StartedSession> AccountService::AcceptInvitation(const std::string& token,
                                                        const std::string& display_name,
                                                        const std::string& password) {
  const std::string hash = Sha256Hex(token);
  if (Status strong = CheckPasswordStrength(password); !strong)
    return Invalid("Weak password", strong.error().message);
  const auto not_valid = [] {
    return MakeError(ErrorKind::kNotFound, "Invitation not valid",
                     "the invitation is unknown, used or expired; ask for a new one");
  };
  TRY_ASSIGN(const auto invitation, context_.store.FindInvitation(hash));
  if (!invitation || invitation->accepted_at || invitation->expires_at <= context_.clock.UtcNow())
    return not_valid();
  TRY_ASSIGN(const std::string password_hash, HashNewPassword(password));
  auto accepted = InTransaction(context_, [&]() -> Result<StartedSession> {
    if (Status marked = context_.store.MarkInvitationAccepted(hash, context_.clock.UtcNow());
        !marked) {
      return MakeError(ErrorKind::kNotFound, "Invitation not valid", marked.error().message);
    }
    TRY_ASSIGN(const bool taken, EmailTaken(context_.store, invitation->email));
    if (taken) return NotPossible();
    TRY_ASSIGN(const User user,
               context_.store.AddUser(User{0, invitation->org_id, invitation->email, display_name,
                                           invitation->role, password_hash, "", std::nullopt}));
    context_.actor.principal = Principal{user.id, user.org_id, user.role};
    context_.actor.user = user;
    TRY_ASSIGN(StartedSession started, StartSession(user));
    TRY(Record(context_, "invitation.accept", "user/" + std::to_string(user.id)));
    return started;
  });
  if (!accepted && accepted.error().kind == ErrorKind::kInternal) {
    // As in SignUp: a concurrent registration of the address is the same answer.
    if (auto taken = EmailTaken(context_.store, invitation->email); taken && *taken)
      return NotPossible();
  }
  return accepted;
}

// ---------------------------------------------------------------------------------------
// API tokens.

Result<CreatedToken> AccountService::CreateToken(const TokenInput& input) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kCreate,
            ResourceFacts{ResourceKind::kApiToken, p.org_id, p.user_id}));
  // A token cannot mint tokens: a leaked token must not outlive its own expiry.
  if (context_.actor.via_token)
    return Forbidden("an API token cannot create tokens; sign in to create one");
  if (input.name.empty() || input.name.size() > kMaxTokenNameBytes) {
    return Invalid("Invalid name", "トークンの名前は 1〜" + std::to_string(kMaxTokenNameBytes) +
                                       " バイトで付けてください / name the token in 1 to " +
                                       std::to_string(kMaxTokenNameBytes) + " bytes");
  }
  const std::string scope = input.scope.value_or("write");
  if (scope != "read" && scope != "write") {
    return Invalid("Invalid scope",
                   "権限は read か write です / scope must be read or write");
  }
  const RuntimeOptions& options = runtime_.options();
  const int64_t days = input.expires_in_days.value_or(options.token_days_default);
  if (days < 1 || days > options.token_days_max) {
    return Invalid("Invalid expiry", "有効日数は 1〜" + std::to_string(options.token_days_max) +
                                         " 日です / expires_in_days must be 1 to " +
                                         std::to_string(options.token_days_max));
  }
  CreatedToken out{NewToken("hst_"), {}};
  out.record = ApiToken{
      0,          Sha256Hex(out.token),    p.user_id,    p.org_id,
      input.name, context_.clock.UtcNow(), std::nullopt, context_.clock.UtcNow(days * 86400),
      scope};
  TRY(InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(out.record.id, context_.store.AddApiToken(out.record));
    return Record(context_, "token.create", "api_token/" + std::to_string(out.record.id),
                  scope + ", expires " + *out.record.expires_at);
  }));
  return out;
}

Result<std::vector<ApiToken>> AccountService::ListTokens() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kApiToken, p.org_id, p.user_id}));
  return context_.store.ListApiTokens(p.user_id);
}

Status AccountService::RevokeToken(int64_t id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRevoke,
            ResourceFacts{ResourceKind::kApiToken, p.org_id, p.user_id}));
  return InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(const bool revoked,
               context_.store.RevokeApiToken(id, p.user_id, context_.clock.UtcNow()));
    if (!revoked) return NotFound("you have no active token " + std::to_string(id));
    return Record(context_, "token.revoke", "api_token/" + std::to_string(id));
  });
}

// ---------------------------------------------------------------------------------------
// Organisations and the audit log.

Result<Organisation> AccountService::FindOrganisation(const std::string& corporate_number) {
  TRY(SignedIn(context_));
  const auto number = CorporateNumber::Parse(corporate_number);
  if (!number) return Invalid("Invalid corporate number", number.error().message);
  TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(*number));
  if (!organisation) return NotFound("no organisation with corporate number " + number->digits());
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kOrganisation, organisation->id}));
  return *organisation;
}

Result<std::vector<AuditEntry>> AccountService::AuditLog() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kAuditLog, p.org_id}));
  std::vector<AuditEntry> entries;
  TRY(context_.store.ForEachAuditEntry([&](const AuditEntry& e) {
    if (p.role == Role::kHubAdmin || e.org_id == p.org_id) entries.push_back(e);
  }));
  return entries;
}

// ---------------------------------------------------------------------------------------
// The operator.

Result<User> OperatorAccountService::UserByEmail(const std::string& email) {
  TRY_ASSIGN(const auto user, context_.store.FindUserByEmail(email));
  if (!user)
    return NotFound("no user with e-mail " + email + " / そのメールアドレスの利用者はいません");
  return *user;
}

Status OperatorAccountService::RecordForOrganisation(int64_t org_id, std::string action,
                                                     std::string resource, std::string detail) {
  return AppendAudit(context_.store, AuditEvent{std::nullopt, org_id, std::move(action),
                                                std::move(resource), std::move(detail)});
}

Result<std::pair<Organisation, std::vector<User>>> OperatorAccountService::ListUsers(
    const std::string& corporate_number) {
  TRY(AllowOperator(context_));
  TRY_ASSIGN(const CorporateNumber number, CorporateNumber::Parse(corporate_number));
  TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(number));
  if (!organisation)
    return NotFound("no organisation " + number.digits() + " / その法人番号の組織はありません");
  TRY_ASSIGN(auto users, context_.store.ListUsers(organisation->id));
  return std::pair{*organisation, std::move(users)};
}

Result<User> OperatorAccountService::Grant(const std::string& email, const std::string& role_name) {
  TRY(AllowOperator(context_));
  const auto role = ParseRole(role_name);
  if (!role) return Invalid("Invalid role", "unknown role " + role_name + " / 不明な役割です");
  return InTransaction(context_, [&]() -> Result<User> {
    TRY_ASSIGN(User user, UserByEmail(email));
    if (user.disabled_at)
      return Conflict("User removed", "the user was removed / この利用者は削除済みです");
    TRY(LockAdministrators(context_.store, user.org_id));
    TRY(context_.store.UpdateUserRole(user.id, *role));
    TRY(RecordForOrganisation(user.org_id, "user.grant", "user/" + std::to_string(user.id),
                              std::string(RoleName(user.role)) + " -> " +
                                  std::string(RoleName(*role)) + " by the operator"));
    user.role = *role;
    return user;
  });
}

Result<int64_t> OperatorAccountService::RemoveUser(const std::string& email) {
  TRY(AllowOperator(context_));
  return InTransaction(context_, [&]() -> Result<int64_t> {
    TRY_ASSIGN(const User user, UserByEmail(email));
    const std::string now = context_.clock.UtcNow();
    TRY(LockAdministrators(context_.store, user.org_id));
    TRY(context_.store.DisableUser(user.id, now));
    TRY_ASSIGN(const int64_t ended, context_.store.EndUserCredentials(user.id, now));
    TRY(RecordForOrganisation(
        user.org_id, "user.remove", "user/" + std::to_string(user.id),
        std::to_string(ended) + " sessions and tokens ended by the operator"));
    // A removed user's role stays as it was; an already removed admin counts for nobody.
    if (!user.disabled_at) {
      TRY(RequireAdminLeft(
          context_.store, user,
          std::string(kLastAdmin) +
              " / 組織には管理者が1人以上必要です。先に別の利用者を org_admin にしてください"));
    }
    return ended;
  });
}

Result<int64_t> OperatorAccountService::SignOutUser(const std::string& email) {
  TRY(AllowOperator(context_));
  return InTransaction(context_, [&]() -> Result<int64_t> {
    TRY_ASSIGN(const User user, UserByEmail(email));
    TRY_ASSIGN(const int64_t ended,
               context_.store.EndUserCredentials(user.id, context_.clock.UtcNow()));
    TRY(RecordForOrganisation(
        user.org_id, "user.sign_out", "user/" + std::to_string(user.id),
        std::to_string(ended) + " sessions and tokens ended by the operator"));
    return ended;
  });
}

Result<Organisation> OperatorAccountService::AddOrganisation(const Organisation& organisation) {
  TRY(AllowOperator(context_));
  return InTransaction(context_, [&]() -> Result<Organisation> {
    TRY_ASSIGN(const auto existing, context_.store.FindOrganisation(organisation.corporate_number));
    if (existing) {
      return Conflict("Already registered",
                      "corporate number " + organisation.corporate_number.digits() +
                          " is already registered / この法人番号は登録済みです");
    }
    TRY_ASSIGN(const Organisation added, context_.store.AddOrganisation(organisation));
    TRY(RecordForOrganisation(added.id, "organisation.add",
                              "organisation/" + std::to_string(added.id),
                              added.corporate_number.digits() + " by the operator"));
    return added;
  });
}

}  // namespace hoshitori::service
