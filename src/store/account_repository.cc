#include "store/account_repository.h"

namespace hoshitori {

namespace {

constexpr const char* kSelectUsers =
    "SELECT id, org_id, email, display_name, role, password_hash, created_at, disabled_at "
    "FROM users";
const std::string kFindUserByEmail = std::string(kSelectUsers) + " WHERE lower(email) = ?";
const std::string kGetUser = std::string(kSelectUsers) + " WHERE id = ?";
const std::string kListUsers = std::string(kSelectUsers) + " WHERE org_id = ? ORDER BY id";

User ReadUser(const SqlRow& r) {
  return User{r.Int(0),
              r.Int(1),
              r.String(2),
              r.String(3),
              ParseRole(r.Text(4)).value_or(Role::kMember),
              r.String(5),
              r.String(6),
              r.OptionalText(7)};
}

constexpr const char* kSelectTokens =
    "SELECT id, token_hash, user_id, org_id, name, created_at, revoked_at, expires_at, scope "
    "FROM api_tokens";
const std::string kFindToken = std::string(kSelectTokens) + " WHERE token_hash = ?";
const std::string kListTokens = std::string(kSelectTokens) + " WHERE user_id = ? ORDER BY id";

ApiToken ReadToken(const SqlRow& r) {
  return ApiToken{r.Int(0),    r.String(1),       r.Int(2),          r.Int(3),   r.String(4),
                  r.String(5), r.OptionalText(6), r.OptionalText(7), r.String(8)};
}

}  // namespace

Result<User> AccountRepository::AddUser(const User& user) {
  auto existing = FindUserByEmail(user.email);
  if (!existing) return existing.error();
  if (existing->has_value())
    return MakeError("a user with e-mail " + user.email + " already exists");
  User added = user;
  added.email = FoldEmail(user.email);
  added.created_at = UtcNow();
  auto id = InsertReturningId(
      session_, "cannot add user",
      "INSERT INTO users (org_id, email, display_name, role, password_hash, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      SqlParams(added.org_id, added.email, added.display_name, RoleName(added.role),
                added.password_hash, added.created_at));
  if (!id) return id.error();
  added.id = *id;
  return added;
}

Result<std::optional<User>> AccountRepository::FindUserByEmail(const std::string& email) {
  return QueryFirst<User>(session_, "cannot find user", kFindUserByEmail,
                          SqlParams(FoldEmail(email)), ReadUser);
}

Result<std::optional<User>> AccountRepository::GetUser(int64_t id) {
  return QueryFirst<User>(session_, "cannot read user", kGetUser, SqlParams(id), ReadUser);
}

Result<std::vector<User>> AccountRepository::ListUsers(int64_t org_id) {
  return QueryAll<User>(session_, "cannot list users", kListUsers, SqlParams(org_id), ReadUser);
}

Status AccountRepository::UpdateUserRole(int64_t user_id, Role role) {
  return ExpectOneRowChanged(
      session_.Execute("cannot change the user's role", "UPDATE users SET role = ? WHERE id = ?",
                       SqlParams(RoleName(role), user_id)),
      "no user " + std::to_string(user_id));
}

Status AccountRepository::DisableUser(int64_t user_id, const std::string& at) {
  return ExecuteStatement(session_, "cannot remove the user",
                          "UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL",
                          SqlParams(at, user_id));
}

Result<int64_t> AccountRepository::EndUserCredentials(int64_t user_id, const std::string& at) {
  auto sessions = session_.Execute("cannot end the user's sessions",
                                   "DELETE FROM sessions WHERE user_id = ?", SqlParams(user_id));
  if (!sessions) return sessions.error();
  auto tokens = session_.Execute(
      "cannot revoke the user's API tokens",
      "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
      SqlParams(at, user_id));
  if (!tokens) return tokens.error();
  return *sessions + *tokens;
}

Status AccountRepository::AddSession(const Session& s) {
  return ExecuteStatement(
      session_, "cannot start session",
      "INSERT INTO sessions (token_hash, user_id, org_id, csrf_token, "
      "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      SqlParams(s.token_hash, s.user_id, s.org_id, s.csrf_token, s.created_at, s.expires_at));
}

Result<std::optional<Session>> AccountRepository::FindSession(const std::string& token_hash) {
  return QueryFirst<Session>(
      session_, "cannot read session",
      "SELECT token_hash, user_id, org_id, csrf_token, created_at, expires_at FROM sessions "
      "WHERE token_hash = ?",
      SqlParams(token_hash), [](const SqlRow& r) {
        return Session{r.String(0), r.Int(1), r.Int(2), r.String(3), r.String(4), r.String(5)};
      });
}

Status AccountRepository::DeleteSession(const std::string& token_hash) {
  return ExecuteStatement(session_, "cannot end session",
                          "DELETE FROM sessions WHERE token_hash = ?", SqlParams(token_hash));
}

Result<int64_t> AccountRepository::AddApiToken(const ApiToken& t) {
  return InsertReturningId(
      session_, "cannot add API token",
      "INSERT INTO api_tokens (token_hash, user_id, org_id, name, created_at, expires_at, scope) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      SqlParams(t.token_hash, t.user_id, t.org_id, t.name, t.created_at, t.expires_at, t.scope));
}

Result<std::optional<ApiToken>> AccountRepository::FindApiToken(const std::string& token_hash) {
  return QueryFirst<ApiToken>(session_, "cannot read API token", kFindToken, SqlParams(token_hash),
                              ReadToken);
}

Result<std::vector<ApiToken>> AccountRepository::ListApiTokens(int64_t user_id) {
  return QueryAll<ApiToken>(session_, "cannot list API tokens", kListTokens, SqlParams(user_id),
                            ReadToken);
}

Result<bool> AccountRepository::RevokeApiToken(int64_t id, int64_t user_id, const std::string& at) {
  auto changed = session_.Execute(
      "cannot revoke API token",
      "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
      SqlParams(at, id, user_id));
  if (!changed) return changed.error();
  return *changed == 1;
}

Status AccountRepository::AddInvitation(const Invitation& i) {
  return ExecuteStatement(session_, "cannot add invitation",
                          "INSERT INTO invitations (token_hash, org_id, email, role, created_by, "
                          "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          SqlParams(i.token_hash, i.org_id, i.email, RoleName(i.role), i.created_by,
                                    i.created_at, i.expires_at));
}

Result<std::optional<Invitation>> AccountRepository::FindInvitation(const std::string& token_hash) {
  return QueryFirst<Invitation>(
      session_, "cannot read invitation",
      "SELECT token_hash, org_id, email, role, created_by, created_at, expires_at, accepted_at "
      "FROM invitations WHERE token_hash = ?",
      SqlParams(token_hash), [](const SqlRow& r) {
        return Invitation{
            r.String(0), r.Int(1),    r.String(2), ParseRole(r.Text(3)).value_or(Role::kMember),
            r.Int(4),    r.String(5), r.String(6), r.OptionalText(7)};
      });
}

Status AccountRepository::MarkInvitationAccepted(const std::string& token_hash,
                                                 const std::string& at) {
  return ExpectOneRowChanged(
      session_.Execute(
          "cannot accept invitation",
          "UPDATE invitations SET accepted_at = ? WHERE token_hash = ? AND accepted_at IS NULL",
          SqlParams(at, token_hash)),
      "the invitation was already used");
}

}  // namespace hoshitori
