// PgStore: accounts, sessions, API tokens, invitations, shares, requests and the audit log
// (migration 003), mirroring sqlite_accounts.cc.
#include <pqxx/pqxx>

#include "store/pg_store.h"
#include "store/shared_sql.h"

namespace hoshitori {

namespace {

int64_t Int(const pqxx::field& f) { return f.as<int64_t>(); }
std::string Text(const pqxx::field& f) {
  return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
}
std::optional<std::string> OptText(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<std::string>(Text(f));
}
std::optional<int64_t> OptInt(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<int64_t>(Int(f));
}

const std::string kUserColumns =
    "SELECT id, org_id, email, display_name, role, password_hash, created_at, disabled_at FROM users";
User ReadUser(const pqxx::row& r) {
  return User{
      Int(r[0]),  Int(r[1]), Text(r[2]), Text(r[3]), ParseRole(Text(r[4])).value_or(Role::kMember),
      Text(r[5]), Text(r[6]), OptText(r[7])};
}
const std::string kShareColumns =
    "SELECT id, org_id, assessment_id, buyer_org_id, detail, request_id, created_at, expires_at, "
    "revoked_at FROM shares";
Share ReadShare(const pqxx::row& r) {
  Share s;
  s.id = Int(r[0]);
  s.org_id = Int(r[1]);
  s.assessment_id = Int(r[2]);
  s.buyer_org_id = Int(r[3]);
  s.detail = Text(r[4]) == "details" ? ShareDetail::kDetails : ShareDetail::kLevel;
  s.request_id = OptInt(r[5]);
  s.created_at = Text(r[6]);
  s.expires_at = OptText(r[7]);
  s.revoked_at = OptText(r[8]);
  return s;
}
const std::string kRequestColumns =
    "SELECT id, org_id, supplier_org_id, framework_id, required_star, message, status, share_id, "
    "created_at FROM assessment_requests";
AssessmentRequest ReadRequest(const pqxx::row& r) {
  AssessmentRequest q;
  q.id = Int(r[0]);
  q.org_id = Int(r[1]);
  q.supplier_org_id = Int(r[2]);
  q.framework_id = Text(r[3]);
  if (auto star = OptInt(r[4])) q.required_star = static_cast<int>(*star);
  q.message = Text(r[5]);
  q.status = Text(r[6]);
  q.share_id = OptInt(r[7]);
  q.created_at = Text(r[8]);
  return q;
}
const std::string kTokenColumns =
    "SELECT id, token_hash, user_id, org_id, name, created_at, revoked_at, expires_at, scope FROM "
    "api_tokens";
ApiToken ReadToken(const pqxx::row& r) {
  return ApiToken{Int(r[0]),  Text(r[1]), Int(r[2]),     Int(r[3]),    Text(r[4]),
                  Text(r[5]), OptText(r[6]), OptText(r[7]), Text(r[8])};
}
const std::string kAuditColumns =
    "SELECT seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash FROM "
    "audit_log";
AuditEntry ReadAudit(const pqxx::row& r) {
  return AuditEntry{Int(r[0]),  Text(r[1]), OptInt(r[2]), OptInt(r[3]), Text(r[4]),
                    Text(r[5]), Text(r[6]), Text(r[7]),   Text(r[8])};
}
Session ReadSession(const pqxx::row& r) {
  return Session{Text(r[0]), Int(r[1]), Int(r[2]), Text(r[3]), Text(r[4]), Text(r[5])};
}
Invitation ReadInvitation(const pqxx::row& r) {
  return Invitation{
      Text(r[0]), Int(r[1]),  Text(r[2]), ParseRole(Text(r[3])).value_or(Role::kMember),
      Int(r[4]),  Text(r[5]), Text(r[6]), OptText(r[7])};
}

std::optional<std::string> DateText(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return FormatDate(*date);
}

}  // namespace

// The rows of `sql` with `params`, each read by `read`.
template <typename T, typename Read, typename... Params>
Result<std::vector<T>> PgStore::All(const char* what, const std::string& sql, Read read,
                                    const Params&... params) {
  std::vector<T> out;
  Status s = Run(what, [&](pqxx::nontransaction& tx) {
    for (const pqxx::row& row : tx.exec_params(sql, params...)) out.push_back(read(row));
  });
  if (!s) return s.error();
  return out;
}

// The first row of `sql` with `params` read by `read`, or none.
template <typename T, typename Read, typename... Params>
Result<std::optional<T>> PgStore::First(const char* what, const std::string& sql, Read read,
                                        const Params&... params) {
  std::optional<T> out;
  Status s = Run(what, [&](pqxx::nontransaction& tx) {
    const pqxx::result rows = tx.exec_params(sql, params...);
    if (!rows.empty()) out = read(rows[0]);
  });
  if (!s) return s.error();
  return out;
}

// The number of rows `sql` changed.
template <typename... Params>
Result<size_t> PgStore::Change(const char* what, const std::string& sql, const Params&... params) {
  size_t changed = 0;
  Status s = Run(what, [&](pqxx::nontransaction& tx) {
    changed = tx.exec_params(sql, params...).affected_rows();
  });
  if (!s) return s.error();
  return changed;
}

Result<User> PgStore::AddUser(const User& user) {
  auto existing = FindUserByEmail(user.email);
  if (!existing) return existing.error();
  if (existing->has_value())
    return MakeError("a user with e-mail " + user.email + " already exists");
  User added = user;
  added.email = FoldEmail(user.email);
  added.created_at = UtcNow();
  auto id = First<int64_t>(
      "cannot add user",
      "INSERT INTO users (org_id, email, display_name, role, password_hash, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      [](const pqxx::row& r) { return Int(r[0]); }, added.org_id, added.email, added.display_name,
      std::string(RoleName(added.role)), added.password_hash, added.created_at);
  if (!id) return id.error();
  added.id = id->value_or(0);
  return added;
}

Result<std::optional<User>> PgStore::FindUserByEmail(const std::string& email) {
  return First<User>("cannot find user", kUserColumns + " WHERE lower(email) = $1", ReadUser,
                     FoldEmail(email));
}

Result<std::optional<User>> PgStore::GetUser(int64_t id) {
  return First<User>("cannot read user", kUserColumns + " WHERE id = $1", ReadUser, id);
}

Result<std::vector<User>> PgStore::ListUsers(int64_t org_id) {
  return All<User>("cannot list users", kUserColumns + " WHERE org_id = $1 ORDER BY id", ReadUser,
                   org_id);
}

Status PgStore::AddSession(const Session& session) {
  auto changed =
      Change("cannot start session",
             "INSERT INTO sessions (token_hash, user_id, org_id, csrf_token, created_at, "
             "expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
             session.token_hash, session.user_id, session.org_id, session.csrf_token,
             session.created_at, session.expires_at);
  if (!changed) return changed.error();
  return OkStatus();
}

Result<std::optional<Session>> PgStore::FindSession(const std::string& token_hash) {
  return First<Session>("cannot read session",
                        "SELECT token_hash, user_id, org_id, csrf_token, created_at, expires_at "
                        "FROM sessions WHERE token_hash = $1",
                        ReadSession, token_hash);
}

Status PgStore::DeleteSession(const std::string& token_hash) {
  auto changed =
      Change("cannot end session", "DELETE FROM sessions WHERE token_hash = $1", token_hash);
  if (!changed) return changed.error();
  return OkStatus();
}

Status PgStore::UpdateUserRole(int64_t user_id, Role role) {
  auto changed = Change("cannot change the user's role", "UPDATE users SET role = $1 WHERE id = $2",
                        std::string(RoleName(role)), user_id);
  if (!changed) return changed.error();
  if (*changed != 1) return MakeError("no user " + std::to_string(user_id));
  return OkStatus();
}

Status PgStore::DisableUser(int64_t user_id, const std::string& at) {
  auto changed = Change("cannot remove the user",
                        "UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL", at,
                        user_id);
  if (!changed) return changed.error();
  return OkStatus();
}

Result<int64_t> PgStore::EndUserCredentials(int64_t user_id, const std::string& at) {
  auto sessions =
      Change("cannot end the user's sessions", "DELETE FROM sessions WHERE user_id = $1", user_id);
  if (!sessions) return sessions.error();
  auto tokens = Change("cannot revoke the user's API tokens",
                       "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
                       at, user_id);
  if (!tokens) return tokens.error();
  return static_cast<int64_t>(*sessions + *tokens);
}

Result<int64_t> PgStore::AddApiToken(const ApiToken& token) {
  auto id = First<int64_t>(
      "cannot add API token",
      "INSERT INTO api_tokens (token_hash, user_id, org_id, name, created_at, expires_at, scope) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      [](const pqxx::row& r) { return Int(r[0]); }, token.token_hash, token.user_id, token.org_id,
      token.name, token.created_at, token.expires_at, token.scope);
  if (!id) return id.error();
  return id->value_or(0);
}

Result<std::optional<ApiToken>> PgStore::FindApiToken(const std::string& token_hash) {
  return First<ApiToken>("cannot read API token", kTokenColumns + " WHERE token_hash = $1",
                         ReadToken, token_hash);
}

Result<std::vector<ApiToken>> PgStore::ListApiTokens(int64_t user_id) {
  return All<ApiToken>("cannot list API tokens", kTokenColumns + " WHERE user_id = $1 ORDER BY id",
                       ReadToken, user_id);
}

Result<bool> PgStore::RevokeApiToken(int64_t id, int64_t user_id, const std::string& at) {
  auto changed = Change("cannot revoke API token",
                        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND "
                        "revoked_at IS NULL",
                        at, id, user_id);
  if (!changed) return changed.error();
  return *changed == 1;
}

Status PgStore::AddInvitation(const Invitation& i) {
  auto changed = Change("cannot add invitation",
                        "INSERT INTO invitations (token_hash, org_id, email, role, created_by, "
                        "created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        i.token_hash, i.org_id, i.email, std::string(RoleName(i.role)),
                        i.created_by, i.created_at, i.expires_at);
  if (!changed) return changed.error();
  return OkStatus();
}

Result<std::optional<Invitation>> PgStore::FindInvitation(const std::string& token_hash) {
  return First<Invitation>("cannot read invitation",
                           "SELECT token_hash, org_id, email, role, created_by, created_at, "
                           "expires_at, accepted_at FROM invitations WHERE token_hash = $1",
                           ReadInvitation, token_hash);
}

Status PgStore::MarkInvitationAccepted(const std::string& token_hash, const std::string& at) {
  auto changed = Change("cannot accept invitation",
                        "UPDATE invitations SET accepted_at = $1 WHERE token_hash = $2 AND "
                        "accepted_at IS NULL",
                        at, token_hash);
  if (!changed) return changed.error();
  if (*changed != 1) return MakeError("the invitation was already used");
  return OkStatus();
}

Result<int64_t> PgStore::AddShare(const Share& s) {
  auto id = First<int64_t>(
      "cannot add share",
      "INSERT INTO shares (org_id, assessment_id, buyer_org_id, detail, request_id, created_at, "
      "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      [](const pqxx::row& r) { return Int(r[0]); }, s.org_id, s.assessment_id, s.buyer_org_id,
      std::string(s.detail == ShareDetail::kDetails ? "details" : "level"), s.request_id,
      s.created_at, s.expires_at);
  if (!id) return id.error();
  return id->value_or(0);
}

Result<std::optional<Share>> PgStore::GetShare(int64_t id) {
  return First<Share>("cannot read share", kShareColumns + " WHERE id = $1", ReadShare, id);
}

Result<std::vector<Share>> PgStore::ListSharesByOwner(int64_t org_id) {
  return All<Share>("cannot list shares", kShareColumns + " WHERE org_id = $1 ORDER BY id",
                    ReadShare, org_id);
}

Result<std::vector<Share>> PgStore::ListSharesForBuyer(int64_t buyer_org_id) {
  return All<Share>("cannot list shares", kShareColumns + " WHERE buyer_org_id = $1 ORDER BY id",
                    ReadShare, buyer_org_id);
}

Result<std::vector<Share>> PgStore::ListSharesOfAssessment(int64_t assessment_id) {
  return All<Share>("cannot list shares", kShareColumns + " WHERE assessment_id = $1 ORDER BY id",
                    ReadShare, assessment_id);
}

Status PgStore::RevokeShare(int64_t id, const std::string& at) {
  auto changed =
      Change("cannot revoke share",
             "UPDATE shares SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL", at, id);
  if (!changed) return changed.error();
  return OkStatus();
}

Result<int64_t> PgStore::AddRequest(const AssessmentRequest& r) {
  const std::optional<int64_t> star =
      r.required_star ? std::optional<int64_t>(*r.required_star) : std::nullopt;
  auto id = First<int64_t>(
      "cannot add request",
      "INSERT INTO assessment_requests (org_id, supplier_org_id, framework_id, "
      "required_star, message, status, created_at) VALUES ($1, $2, $3, $4, $5, "
      "$6, $7) RETURNING id",
      [](const pqxx::row& row) { return Int(row[0]); }, r.org_id, r.supplier_org_id, r.framework_id,
      star, r.message, r.status, r.created_at);
  if (!id) return id.error();
  return id->value_or(0);
}

Result<std::optional<AssessmentRequest>> PgStore::GetRequest(int64_t id) {
  return First<AssessmentRequest>("cannot read request", kRequestColumns + " WHERE id = $1",
                                  ReadRequest, id);
}

Result<std::vector<AssessmentRequest>> PgStore::ListRequests(int64_t org_id) {
  return All<AssessmentRequest>(
      "cannot list requests",
      kRequestColumns + " WHERE org_id = $1 OR supplier_org_id = $1 ORDER BY id", ReadRequest,
      org_id);
}

Status PgStore::AnswerRequest(int64_t id, int64_t share_id) {
  auto changed =
      Change("cannot answer request",
             "UPDATE assessment_requests SET status = 'answered', share_id = $1 WHERE id = "
             "$2 AND status = 'open'",
             share_id, id);
  if (!changed) return changed.error();
  if (*changed != 1) return MakeError("the request is not open any more");
  return OkStatus();
}

Status PgStore::UpdateAssessmentAttestation(int64_t id, const Attestation& a) {
  auto changed =
      Change("cannot update assessment",
             "UPDATE assessments SET status = $1, attestation = $2, management_declaration "
             "= $3, valid_from = $4, valid_until = $5, updated_at = $6, version = version + 1 "
             "WHERE id = $7",
             std::string(AssessmentStatusName(a.status)), std::string(AttestationKindName(a.kind)),
             a.management_declaration ? 1 : 0, DateText(a.valid_from), DateText(a.valid_until),
             UtcNow(), id);
  if (!changed) return changed.error();
  return OkStatus();
}

Status PgStore::ReplaceAnswers(int64_t assessment_id, int64_t org_id,
                               const std::vector<Answer>& answers) {
  auto deleted = Change("cannot replace answers", "DELETE FROM answers WHERE assessment_id = $1",
                        assessment_id);
  if (!deleted) return deleted.error();
  for (const Answer& answer : answers) {
    if (Status s = InsertAnswer(assessment_id, org_id, answer); !s) return s;
  }
  auto touched = Change("cannot update assessment",
                        "UPDATE assessments SET updated_at = $1, version = version + 1 WHERE id = $2",
                        UtcNow(), assessment_id);
  if (!touched) return touched.error();
  return OkStatus();
}

Status PgStore::UpsertAnswers(int64_t assessment_id, int64_t org_id,
                              const std::vector<Answer>& answers) {
  for (const Answer& answer : answers) {
    auto deleted = Change("cannot save answers",
                          "DELETE FROM answers WHERE assessment_id = $1 AND node_id = $2",
                          assessment_id, answer.node_id);
    if (!deleted) return deleted.error();
    if (Status s = InsertAnswer(assessment_id, org_id, answer); !s) return s;
  }
  auto touched = Change("cannot update assessment",
                        "UPDATE assessments SET updated_at = $1, version = version + 1 WHERE id = $2",
                        UtcNow(), assessment_id);
  if (!touched) return touched.error();
  return OkStatus();
}

Status PgStore::RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id,
                                 const std::string& at) {
  auto changed = Change("cannot record the submission",
                        "UPDATE assessments SET assessor_org_id = $1, submitted_at = $2 WHERE id = $3",
                        assessor_org_id, at, id);
  if (!changed) return changed.error();
  return OkStatus();
}

Result<std::optional<AuditEntry>> PgStore::LastAuditEntry() {
  return First<AuditEntry>("cannot read the audit log",
                           kAuditColumns + " ORDER BY seq DESC LIMIT 1", ReadAudit);
}

Status PgStore::AppendAuditEntry(const AuditEntry& e) {
  auto changed = Change(
      "cannot append to the audit log",
      "INSERT INTO audit_log (seq, at, actor_user_id, org_id, action, resource, detail, "
      "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      e.seq, e.at, e.actor_user_id, e.org_id, e.action, e.resource, e.detail, e.prev_hash, e.hash);
  if (!changed) return changed.error();
  return OkStatus();
}

Status PgStore::ForEachAuditEntry(const std::function<void(const AuditEntry&)>& sink) {
  return Stream("cannot read the audit log", kAuditColumns + " ORDER BY seq", {},
                [&](const pqxx::row& row) { sink(ReadAudit(row)); });
}

// --- Derived results and buyer policies -------------------------------------------------

Status PgStore::PutAssessmentResult(const AssessmentResult& r) {
  auto changed = Change(
      "cannot store the assessment result",
      "INSERT INTO assessment_results (assessment_id, eligible_star, present_stars, evaluation, evaluated_at) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (assessment_id) DO UPDATE SET eligible_star = excluded.eligible_star, "
      "present_stars = excluded.present_stars, evaluation = excluded.evaluation, evaluated_at = excluded.evaluated_at",
      r.assessment_id, r.eligible_star, static_cast<int>(r.present_stars), r.evaluation, r.evaluated_at);
  if (!changed) return changed.error();
  return OkStatus();
}

Result<std::optional<AssessmentResult>> PgStore::GetAssessmentResult(int64_t assessment_id) {
  return First<AssessmentResult>(
      "cannot read the assessment result",
      "SELECT assessment_id, eligible_star, present_stars, evaluation, evaluated_at FROM assessment_results "
      "WHERE assessment_id = $1",
      [](const pqxx::row& r) {
        return AssessmentResult{Int(r[0]), r[1].as<int>(), static_cast<LevelTags>(r[2].as<int>()), Text(r[3]), Text(r[4])};
      },
      assessment_id);
}

Result<std::vector<int64_t>> PgStore::AssessmentsWithoutResult() {
  return All<int64_t>("cannot list assessments without results",
                      "SELECT a.id FROM assessments a LEFT JOIN assessment_results r ON r.assessment_id = a.id "
                      "WHERE r.assessment_id IS NULL ORDER BY a.id",
                      [](const pqxx::row& r) { return Int(r[0]); });
}

Result<std::vector<SharedAssessment>> PgStore::ListActiveSharedAssessments(int64_t buyer_org_id, const std::string& now) {
  return All<SharedAssessment>(
      "cannot list shared assessments",
      kActiveSharedAssessmentsSql,
      [](const pqxx::row& r) {
        SharedAssessment out{ReadShare(r), ReadAssessment(r, 9), std::nullopt, ReadOrganisation(r, 23)};
        if (!r[30].is_null()) {
          out.result = AssessmentResult{out.record.id, r[30].as<int>(), static_cast<LevelTags>(r[31].as<int>()), "",
                                        Text(r[32])};
        }
        return out;
      },
      buyer_org_id, now);
}

Result<std::optional<BuyerPolicy>> PgStore::GetBuyerPolicy(int64_t org_id) {
  return First<BuyerPolicy>(
      "cannot read the buyer's policy", "SELECT org_id, rules, updated_by, updated_at FROM buyer_policies WHERE org_id = $1",
      [](const pqxx::row& r) { return BuyerPolicy{Int(r[0]), Text(r[1]), OptInt(r[2]), Text(r[3])}; }, org_id);
}

Status PgStore::PutBuyerPolicy(const BuyerPolicy& p) {
  auto changed = Change("cannot store the buyer's policy",
                        "INSERT INTO buyer_policies (org_id, rules, updated_by, updated_at) VALUES ($1, $2, $3, $4) "
                        "ON CONFLICT (org_id) DO UPDATE SET rules = excluded.rules, updated_by = excluded.updated_by, "
                        "updated_at = excluded.updated_at",
                        p.org_id, p.rules, p.updated_by, p.updated_at);
  if (!changed) return changed.error();
  return OkStatus();
}

}  // namespace hoshitori
