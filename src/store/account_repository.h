// AccountRepository: users, sign-in sessions, API tokens and invitations.
#pragma once

#include <optional>
#include <vector>

#include "store/accounts.h"
#include "store/sql_session.h"

namespace hoshitori {

// Works on the session it was given (which must outlive it); one thread at a time. The
// contracts are those of the Store methods of the same names.
class AccountRepository {
 public:
  explicit AccountRepository(SqlSession& session) : session_(session) {}

  Result<User> AddUser(const User& user);
  Result<std::optional<User>> FindUserByEmail(const std::string& email);
  Result<std::optional<User>> GetUser(int64_t id);
  Result<std::vector<User>> ListUsers(int64_t org_id);
  Status UpdateUserRole(int64_t user_id, Role role);
  Status DisableUser(int64_t user_id, const std::string& at);
  Result<int64_t> EndUserCredentials(int64_t user_id, const std::string& at);

  Status AddSession(const Session& session);
  Result<std::optional<Session>> FindSession(const std::string& token_hash);
  Status DeleteSession(const std::string& token_hash);

  Result<int64_t> AddApiToken(const ApiToken& token);
  Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash);
  Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id);
  Result<bool> RevokeApiToken(int64_t id, int64_t user_id, const std::string& at);

  Status AddInvitation(const Invitation& invitation);
  Result<std::optional<Invitation>> FindInvitation(const std::string& token_hash);
  Status MarkInvitationAccepted(const std::string& token_hash, const std::string& at);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
