// SqliteStore: accounts, sessions, API tokens, invitations, shares, requests and the audit
// log (migration 003).
#include <chrono>
#include <cstdio>

#include "store/shared_sql.h"
#include "store/sqlite_store.h"

namespace hoshitori {

namespace {

// A prepared statement with positional binding and typed column reads.
class Query {
 public:
  Query(sqlite3* db, const char* sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) failed_ = true;
    statement_.reset(raw);
  }
  Query& Bind(int64_t value) {
    sqlite3_bind_int64(statement_.get(), ++index_, value);
    return *this;
  }
  Query& Bind(const std::string& value) {
    sqlite3_bind_text(statement_.get(), ++index_, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Query& Bind(std::string_view value) { return Bind(std::string(value)); }
  Query& Bind(const char* value) { return Bind(std::string(value)); }
  Query& Bind(const std::optional<std::string>& value) {
    if (value) return Bind(*value);
    sqlite3_bind_null(statement_.get(), ++index_);
    return *this;
  }
  Query& Bind(const std::optional<int64_t>& value) {
    if (value) return Bind(*value);
    sqlite3_bind_null(statement_.get(), ++index_);
    return *this;
  }
  // Steps once: true when a row is available.
  bool Row() {
    if (failed_) return false;
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) failed_ = true;
    return false;
  }
  // Runs a statement that returns no rows.
  Status Run(const char* what) {
    if (Row() || failed_) return Fail(what);
    return OkStatus();
  }
  Error Fail(const char* what) const { return MakeError(std::string(what) + ": " + sqlite3_errmsg(db_)); }
  bool failed() const { return failed_; }
  sqlite3_stmt* raw() const { return statement_.get(); }

  int64_t Int(int column) const { return sqlite3_column_int64(statement_.get(), column); }
  std::string Text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), column));
    return text ? std::string(text, sqlite3_column_bytes(statement_.get(), column)) : std::string();
  }
  bool Null(int column) const { return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL; }
  std::optional<std::string> OptText(int column) const {
    return Null(column) ? std::nullopt : std::optional<std::string>(Text(column));
  }
  std::optional<int64_t> OptInt(int column) const {
    return Null(column) ? std::nullopt : std::optional<int64_t>(Int(column));
  }

 private:
  sqlite3* db_;
  SqliteStatement statement_;
  int index_ = 0;
  bool failed_ = false;
};

// Runs `query` and collects each row through `read`; error names `what`.
template <typename T, typename Read>
Result<std::vector<T>> Collect(Query& query, const char* what, Read read) {
  std::vector<T> out;
  while (query.Row()) out.push_back(read(query));
  if (query.failed()) return query.Fail(what);
  return out;
}
template <typename T, typename Read>
Result<std::optional<T>> First(Query& query, const char* what, Read read) {
  if (query.Row()) return std::optional<T>(read(query));
  if (query.failed()) return query.Fail(what);
  return std::optional<T>();
}

constexpr const char* kUserColumns =
    "SELECT id, org_id, email, display_name, role, password_hash, created_at, disabled_at FROM users";
User ReadUser(const Query& q) {
  return User{q.Int(0), q.Int(1), q.Text(2), q.Text(3), ParseRole(q.Text(4)).value_or(Role::kMember), q.Text(5), q.Text(6),
              q.OptText(7)};
}
constexpr const char* kShareColumns =
    "SELECT id, org_id, assessment_id, buyer_org_id, detail, request_id, created_at, expires_at, revoked_at FROM shares";
Share ReadShare(const Query& q) {
  Share s;
  s.id = q.Int(0);
  s.org_id = q.Int(1);
  s.assessment_id = q.Int(2);
  s.buyer_org_id = q.Int(3);
  s.detail = q.Text(4) == "details" ? ShareDetail::kDetails : ShareDetail::kLevel;
  s.request_id = q.OptInt(5);
  s.created_at = q.Text(6);
  s.expires_at = q.OptText(7);
  s.revoked_at = q.OptText(8);
  return s;
}
constexpr const char* kRequestColumns =
    "SELECT id, org_id, supplier_org_id, framework_id, required_star, message, status, share_id, created_at FROM assessment_requests";
AssessmentRequest ReadRequest(const Query& q) {
  AssessmentRequest r;
  r.id = q.Int(0);
  r.org_id = q.Int(1);
  r.supplier_org_id = q.Int(2);
  r.framework_id = q.Text(3);
  if (auto star = q.OptInt(4)) r.required_star = static_cast<int>(*star);
  r.message = q.Text(5);
  r.status = q.Text(6);
  r.share_id = q.OptInt(7);
  r.created_at = q.Text(8);
  return r;
}
constexpr const char* kTokenColumns =
    "SELECT id, token_hash, user_id, org_id, name, created_at, revoked_at, expires_at, scope FROM api_tokens";
ApiToken ReadToken(const Query& q) {
  return ApiToken{q.Int(0), q.Text(1), q.Int(2), q.Int(3), q.Text(4), q.Text(5), q.OptText(6), q.OptText(7), q.Text(8)};
}
AuditEntry ReadAudit(const Query& q) {
  return AuditEntry{q.Int(0), q.Text(1), q.OptInt(2), q.OptInt(3), q.Text(4), q.Text(5), q.Text(6), q.Text(7), q.Text(8)};
}
constexpr const char* kAuditColumns =
    "SELECT seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash FROM audit_log";

std::string Concat(const char* a, const char* b) { return std::string(a) + b; }

}  // namespace

Result<User> SqliteStore::AddUser(const User& user) {
  if (auto existing = FindUserByEmail(user.email); !existing) {
    return existing.error();
  } else if (existing->has_value()) {
    return MakeError("a user with e-mail " + user.email + " already exists");
  }
  User added = user;
  added.email = FoldEmail(user.email);
  added.created_at = UtcNow();
  Query q(db_.get(), "INSERT INTO users (org_id, email, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  q.Bind(added.org_id).Bind(added.email).Bind(added.display_name).Bind(RoleName(added.role)).Bind(added.password_hash).Bind(added.created_at);
  if (Status s = q.Run("cannot add user"); !s) return s.error();
  added.id = sqlite3_last_insert_rowid(db_.get());
  return added;
}

Result<std::optional<User>> SqliteStore::FindUserByEmail(const std::string& email) {
  Query q(db_.get(), Concat(kUserColumns, " WHERE lower(email) = ?").c_str());
  q.Bind(FoldEmail(email));
  return First<User>(q, "cannot find user", ReadUser);
}

Result<std::optional<User>> SqliteStore::GetUser(int64_t id) {
  Query q(db_.get(), Concat(kUserColumns, " WHERE id = ?").c_str());
  q.Bind(id);
  return First<User>(q, "cannot read user", ReadUser);
}

Result<std::vector<User>> SqliteStore::ListUsers(int64_t org_id) {
  Query q(db_.get(), Concat(kUserColumns, " WHERE org_id = ? ORDER BY id").c_str());
  q.Bind(org_id);
  return Collect<User>(q, "cannot list users", ReadUser);
}

Status SqliteStore::AddSession(const Session& session) {
  Query q(db_.get(), "INSERT INTO sessions (token_hash, user_id, org_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
  q.Bind(session.token_hash).Bind(session.user_id).Bind(session.org_id).Bind(session.csrf_token).Bind(session.created_at).Bind(session.expires_at);
  return q.Run("cannot start session");
}

Result<std::optional<Session>> SqliteStore::FindSession(const std::string& token_hash) {
  Query q(db_.get(), "SELECT token_hash, user_id, org_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = ?");
  q.Bind(token_hash);
  return First<Session>(q, "cannot read session", [](const Query& r) {
    return Session{r.Text(0), r.Int(1), r.Int(2), r.Text(3), r.Text(4), r.Text(5)};
  });
}

Status SqliteStore::DeleteSession(const std::string& token_hash) {
  Query q(db_.get(), "DELETE FROM sessions WHERE token_hash = ?");
  q.Bind(token_hash);
  return q.Run("cannot end session");
}

Status SqliteStore::UpdateUserRole(int64_t user_id, Role role) {
  Query q(db_.get(), "UPDATE users SET role = ? WHERE id = ?");
  q.Bind(RoleName(role)).Bind(user_id);
  if (Status s = q.Run("cannot change the user's role"); !s) return s;
  if (sqlite3_changes(db_.get()) != 1) return MakeError("no user " + std::to_string(user_id));
  return OkStatus();
}

Status SqliteStore::DisableUser(int64_t user_id, const std::string& at) {
  Query q(db_.get(), "UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL");
  q.Bind(at).Bind(user_id);
  return q.Run("cannot remove the user");
}

Result<int64_t> SqliteStore::EndUserCredentials(int64_t user_id, const std::string& at) {
  Query sessions(db_.get(), "DELETE FROM sessions WHERE user_id = ?");
  sessions.Bind(user_id);
  if (Status s = sessions.Run("cannot end the user's sessions"); !s) return s.error();
  int64_t ended = sqlite3_changes(db_.get());
  Query tokens(db_.get(), "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL");
  tokens.Bind(at).Bind(user_id);
  if (Status s = tokens.Run("cannot revoke the user's API tokens"); !s) return s.error();
  return ended + sqlite3_changes(db_.get());
}

Result<int64_t> SqliteStore::AddApiToken(const ApiToken& token) {
  Query q(db_.get(),
          "INSERT INTO api_tokens (token_hash, user_id, org_id, name, created_at, expires_at, scope) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.Bind(token.token_hash).Bind(token.user_id).Bind(token.org_id).Bind(token.name).Bind(token.created_at)
      .Bind(token.expires_at).Bind(token.scope);
  if (Status s = q.Run("cannot add API token"); !s) return s.error();
  return sqlite3_last_insert_rowid(db_.get());
}

Result<std::optional<ApiToken>> SqliteStore::FindApiToken(const std::string& token_hash) {
  Query q(db_.get(), Concat(kTokenColumns, " WHERE token_hash = ?").c_str());
  q.Bind(token_hash);
  return First<ApiToken>(q, "cannot read API token", ReadToken);
}

Result<std::vector<ApiToken>> SqliteStore::ListApiTokens(int64_t user_id) {
  Query q(db_.get(), Concat(kTokenColumns, " WHERE user_id = ? ORDER BY id").c_str());
  q.Bind(user_id);
  return Collect<ApiToken>(q, "cannot list API tokens", ReadToken);
}

Result<bool> SqliteStore::RevokeApiToken(int64_t id, int64_t user_id, const std::string& at) {
  Query q(db_.get(), "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL");
  q.Bind(at).Bind(id).Bind(user_id);
  if (Status s = q.Run("cannot revoke API token"); !s) return s.error();
  return sqlite3_changes(db_.get()) == 1;
}

Status SqliteStore::AddInvitation(const Invitation& i) {
  Query q(db_.get(), "INSERT INTO invitations (token_hash, org_id, email, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.Bind(i.token_hash).Bind(i.org_id).Bind(i.email).Bind(RoleName(i.role)).Bind(i.created_by).Bind(i.created_at).Bind(i.expires_at);
  return q.Run("cannot add invitation");
}

Result<std::optional<Invitation>> SqliteStore::FindInvitation(const std::string& token_hash) {
  Query q(db_.get(), "SELECT token_hash, org_id, email, role, created_by, created_at, expires_at, accepted_at FROM invitations WHERE token_hash = ?");
  q.Bind(token_hash);
  return First<Invitation>(q, "cannot read invitation", [](const Query& r) {
    return Invitation{r.Text(0), r.Int(1), r.Text(2), ParseRole(r.Text(3)).value_or(Role::kMember), r.Int(4), r.Text(5), r.Text(6), r.OptText(7)};
  });
}

Status SqliteStore::MarkInvitationAccepted(const std::string& token_hash, const std::string& at) {
  Query q(db_.get(), "UPDATE invitations SET accepted_at = ? WHERE token_hash = ? AND accepted_at IS NULL");
  q.Bind(at).Bind(token_hash);
  if (Status s = q.Run("cannot accept invitation"); !s) return s;
  if (sqlite3_changes(db_.get()) != 1) return MakeError("the invitation was already used");
  return OkStatus();
}

Result<int64_t> SqliteStore::AddShare(const Share& s) {
  Query q(db_.get(), "INSERT INTO shares (org_id, assessment_id, buyer_org_id, detail, request_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.Bind(s.org_id).Bind(s.assessment_id).Bind(s.buyer_org_id).Bind(s.detail == ShareDetail::kDetails ? "details" : "level")
      .Bind(s.request_id).Bind(s.created_at).Bind(s.expires_at);
  if (Status st = q.Run("cannot add share"); !st) return st.error();
  return sqlite3_last_insert_rowid(db_.get());
}

Result<std::optional<Share>> SqliteStore::GetShare(int64_t id) {
  Query q(db_.get(), Concat(kShareColumns, " WHERE id = ?").c_str());
  q.Bind(id);
  return First<Share>(q, "cannot read share", ReadShare);
}

Result<std::vector<Share>> SqliteStore::ListSharesByOwner(int64_t org_id) {
  Query q(db_.get(), Concat(kShareColumns, " WHERE org_id = ? ORDER BY id").c_str());
  q.Bind(org_id);
  return Collect<Share>(q, "cannot list shares", ReadShare);
}

Result<std::vector<Share>> SqliteStore::ListSharesForBuyer(int64_t buyer_org_id) {
  Query q(db_.get(), Concat(kShareColumns, " WHERE buyer_org_id = ? ORDER BY id").c_str());
  q.Bind(buyer_org_id);
  return Collect<Share>(q, "cannot list shares", ReadShare);
}

Result<std::vector<Share>> SqliteStore::ListSharesOfAssessment(int64_t assessment_id) {
  Query q(db_.get(), Concat(kShareColumns, " WHERE assessment_id = ? ORDER BY id").c_str());
  q.Bind(assessment_id);
  return Collect<Share>(q, "cannot list shares", ReadShare);
}

Status SqliteStore::RevokeShare(int64_t id, const std::string& at) {
  Query q(db_.get(), "UPDATE shares SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  q.Bind(at).Bind(id);
  return q.Run("cannot revoke share");
}

Result<int64_t> SqliteStore::AddRequest(const AssessmentRequest& r) {
  Query q(db_.get(), "INSERT INTO assessment_requests (org_id, supplier_org_id, framework_id, required_star, message, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.Bind(r.org_id).Bind(r.supplier_org_id).Bind(r.framework_id)
      .Bind(r.required_star ? std::optional<int64_t>(*r.required_star) : std::nullopt)
      .Bind(r.message).Bind(r.status).Bind(r.created_at);
  if (Status st = q.Run("cannot add request"); !st) return st.error();
  return sqlite3_last_insert_rowid(db_.get());
}

Result<std::optional<AssessmentRequest>> SqliteStore::GetRequest(int64_t id) {
  Query q(db_.get(), Concat(kRequestColumns, " WHERE id = ?").c_str());
  q.Bind(id);
  return First<AssessmentRequest>(q, "cannot read request", ReadRequest);
}

Result<std::vector<AssessmentRequest>> SqliteStore::ListRequests(int64_t org_id) {
  Query q(db_.get(), Concat(kRequestColumns, " WHERE org_id = ? OR supplier_org_id = ? ORDER BY id").c_str());
  q.Bind(org_id).Bind(org_id);
  return Collect<AssessmentRequest>(q, "cannot list requests", ReadRequest);
}

Status SqliteStore::AnswerRequest(int64_t id, int64_t share_id) {
  Query q(db_.get(), "UPDATE assessment_requests SET status = 'answered', share_id = ? WHERE id = ? AND status = 'open'");
  q.Bind(share_id).Bind(id);
  if (Status s = q.Run("cannot answer request"); !s) return s;
  if (sqlite3_changes(db_.get()) != 1) return MakeError("the request is not open any more");
  return OkStatus();
}

Status SqliteStore::UpdateAssessmentAttestation(int64_t id, const Attestation& a) {
  Query q(db_.get(), "UPDATE assessments SET status = ?, attestation = ?, management_declaration = ?, valid_from = ?, valid_until = ?, updated_at = ?, version = version + 1 WHERE id = ?");
  q.Bind(AssessmentStatusName(a.status)).Bind(AttestationKindName(a.kind)).Bind(int64_t{a.management_declaration ? 1 : 0})
      .Bind(a.valid_from ? std::optional<std::string>(FormatDate(*a.valid_from)) : std::nullopt)
      .Bind(a.valid_until ? std::optional<std::string>(FormatDate(*a.valid_until)) : std::nullopt)
      .Bind(UtcNow()).Bind(id);
  return q.Run("cannot update assessment");
}

Status SqliteStore::ReplaceAnswers(int64_t assessment_id, int64_t org_id, const std::vector<Answer>& answers) {
  Query q(db_.get(), "DELETE FROM answers WHERE assessment_id = ?");
  q.Bind(assessment_id);
  if (Status s = q.Run("cannot replace answers"); !s) return s;
  for (const Answer& answer : answers) {
    if (Status s = InsertAnswer(assessment_id, org_id, answer); !s) return s;
  }
  Query touch(db_.get(), "UPDATE assessments SET updated_at = ?, version = version + 1 WHERE id = ?");
  touch.Bind(UtcNow()).Bind(assessment_id);
  return touch.Run("cannot update assessment");
}

Status SqliteStore::UpsertAnswers(int64_t assessment_id, int64_t org_id, const std::vector<Answer>& answers) {
  for (const Answer& answer : answers) {
    Query remove(db_.get(), "DELETE FROM answers WHERE assessment_id = ? AND node_id = ?");
    remove.Bind(assessment_id).Bind(answer.node_id);
    if (Status s = remove.Run("cannot save answers"); !s) return s;
    if (Status s = InsertAnswer(assessment_id, org_id, answer); !s) return s;
  }
  Query touch(db_.get(), "UPDATE assessments SET updated_at = ?, version = version + 1 WHERE id = ?");
  touch.Bind(UtcNow()).Bind(assessment_id);
  return touch.Run("cannot update assessment");
}

Status SqliteStore::RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id, const std::string& at) {
  Query q(db_.get(), "UPDATE assessments SET assessor_org_id = ?, submitted_at = ? WHERE id = ?");
  q.Bind(assessor_org_id).Bind(at).Bind(id);
  return q.Run("cannot record the submission");
}

Result<std::optional<AuditEntry>> SqliteStore::LastAuditEntry() {
  Query q(db_.get(), Concat(kAuditColumns, " ORDER BY seq DESC LIMIT 1").c_str());
  return First<AuditEntry>(q, "cannot read the audit log", ReadAudit);
}

Status SqliteStore::AppendAuditEntry(const AuditEntry& e) {
  Query q(db_.get(), "INSERT INTO audit_log (seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.Bind(e.seq).Bind(e.at).Bind(e.actor_user_id).Bind(e.org_id).Bind(e.action).Bind(e.resource).Bind(e.detail).Bind(e.prev_hash).Bind(e.hash);
  return q.Run("cannot append to the audit log");
}

Status SqliteStore::ForEachAuditEntry(const std::function<void(const AuditEntry&)>& sink) {
  Query q(db_.get(), Concat(kAuditColumns, " ORDER BY seq").c_str());
  while (q.Row()) sink(ReadAudit(q));
  if (q.failed()) return q.Fail("cannot read the audit log");
  return OkStatus();
}

// --- Derived results and buyer policies -------------------------------------------------

Status SqliteStore::PutAssessmentResult(const AssessmentResult& r) {
  Query q(db_.get(),
          "INSERT INTO assessment_results (assessment_id, eligible_star, present_stars, evaluation, evaluated_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET eligible_star = excluded.eligible_star, "
          "present_stars = excluded.present_stars, evaluation = excluded.evaluation, evaluated_at = excluded.evaluated_at");
  q.Bind(r.assessment_id).Bind(int64_t{r.eligible_star}).Bind(int64_t{r.present_stars}).Bind(r.evaluation).Bind(r.evaluated_at);
  return q.Run("cannot store the assessment result");
}

Result<std::optional<AssessmentResult>> SqliteStore::GetAssessmentResult(int64_t assessment_id) {
  Query q(db_.get(),
          "SELECT assessment_id, eligible_star, present_stars, evaluation, evaluated_at FROM assessment_results "
          "WHERE assessment_id = ?");
  q.Bind(assessment_id);
  return First<AssessmentResult>(q, "cannot read the assessment result", [](const Query& r) {
    return AssessmentResult{r.Int(0), static_cast<int>(r.Int(1)), static_cast<LevelTags>(r.Int(2)), r.Text(3), r.Text(4)};
  });
}

Result<std::vector<int64_t>> SqliteStore::AssessmentsWithoutResult() {
  Query q(db_.get(),
          "SELECT a.id FROM assessments a LEFT JOIN assessment_results r ON r.assessment_id = a.id "
          "WHERE r.assessment_id IS NULL ORDER BY a.id");
  return Collect<int64_t>(q, "cannot list assessments without results", [](const Query& r) { return r.Int(0); });
}

Result<std::vector<SharedAssessment>> SqliteStore::ListActiveSharedAssessments(int64_t buyer_org_id,
                                                                              const std::string& now) {
  Query q(db_.get(),
          kActiveSharedAssessmentsSql);
  q.Bind(buyer_org_id).Bind(now);
  return Collect<SharedAssessment>(q, "cannot list shared assessments", [](const Query& r) {
    SharedAssessment out{ReadShare(r), ReadAssessment(r.raw(), 9), std::nullopt, ReadOrganisation(r.raw(), 23)};
    if (!r.Null(30)) {
      out.result = AssessmentResult{out.record.id, static_cast<int>(r.Int(30)), static_cast<LevelTags>(r.Int(31)), "",
                                    r.Text(32)};
    }
    return out;
  });
}

Result<std::optional<BuyerPolicy>> SqliteStore::GetBuyerPolicy(int64_t org_id) {
  Query q(db_.get(), "SELECT org_id, rules, updated_by, updated_at FROM buyer_policies WHERE org_id = ?");
  q.Bind(org_id);
  return First<BuyerPolicy>(q, "cannot read the buyer's policy",
                            [](const Query& r) { return BuyerPolicy{r.Int(0), r.Text(1), r.OptInt(2), r.Text(3)}; });
}

Status SqliteStore::PutBuyerPolicy(const BuyerPolicy& p) {
  Query q(db_.get(),
          "INSERT INTO buyer_policies (org_id, rules, updated_by, updated_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (org_id) DO UPDATE SET rules = excluded.rules, updated_by = excluded.updated_by, "
          "updated_at = excluded.updated_at");
  q.Bind(p.org_id).Bind(p.rules).Bind(p.updated_by).Bind(p.updated_at);
  return q.Run("cannot store the buyer's policy");
}

}  // namespace hoshitori
