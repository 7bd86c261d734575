// SqliteStore: the embedded backend — one database file in WAL mode.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "store/store.h"

namespace hoshitori {

// Owns a prepared statement; finalises it on destruction.
struct SqliteStatementDeleter {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteStatementDeleter>;

struct SqliteDeleter {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteDeleter>;

// An organisation or assessment read from the columns "id, corporate_number, name, industry,
// employees, capital_yen, created_at" / "id, org_id, framework_id, scope, status,
// attestation, management_declaration, valid_from, valid_until, created_at, updated_at"
// starting at column `at` of the current row.
Organisation ReadOrganisation(sqlite3_stmt* statement, int at = 0);
AssessmentRecord ReadAssessment(sqlite3_stmt* statement, int at = 0);

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) the database at `path` and migrates it.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  Result<int> SchemaVersion() override;
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;

  Result<Organisation> AddOrganisation(const Organisation& organisation) override;
  Result<std::vector<Organisation>> ListOrganisations() override;
  Result<std::optional<Organisation>> FindOrganisation(const CorporateNumber& number) override;
  Result<std::optional<Organisation>> GetOrganisation(int64_t id) override;

  Result<int64_t> InsertAssessment(const AssessmentRecord& record) override;
  Status InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer) override;
  Result<std::vector<AssessmentRecord>> ListAssessments(std::optional<int64_t> org_id) override;
  Result<std::optional<AssessmentRecord>> GetAssessment(int64_t id) override;
  Result<std::vector<Answer>> LoadAnswers(int64_t assessment_id) override;
  Status ForEachAnswer(const std::string& framework_id, const AnswerRowSink& sink) override;

  // --- Supply-chain relationships (chain) ---
  Result<int64_t> InsertRelationships(const std::vector<SupplyRelationship>& batch, size_t* failed) override;
  Status ForEachRelationship(const std::function<void(const SupplyRelationship&)>& sink) override;
  Result<int64_t> CountRelationships() override;
  Status AddDisclosure(const Disclosure& disclosure) override;
  Result<bool> RemoveDisclosure(const Disclosure& disclosure) override;
  Result<std::vector<int64_t>> FindRelationshipIds(const std::vector<SupplyRelationship>& batch) override;
  Result<std::optional<SupplyRelationship>> GetRelationship(int64_t id) override;
  Result<bool> ConfirmRelationship(int64_t id, int64_t org_id, const std::string& at) override;
  Result<bool> EndRelationship(int64_t id, int64_t org_id, const std::string& at) override;
  Result<std::vector<Disclosure>> ListDisclosures() override;
  // --- end of supply-chain relationships (chain) ---

  // --- Accounts, sharing and audit (api) ---
  Result<User> AddUser(const User& user) override;
  Result<std::optional<User>> FindUserByEmail(const std::string& email) override;
  Result<std::optional<User>> GetUser(int64_t id) override;
  Result<std::vector<User>> ListUsers(int64_t org_id) override;
  Status AddSession(const Session& session) override;
  Result<std::optional<Session>> FindSession(const std::string& token_hash) override;
  Status DeleteSession(const std::string& token_hash) override;
  Result<int64_t> AddApiToken(const ApiToken& token) override;
  Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) override;
  Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) override;
  Result<bool> RevokeApiToken(int64_t id, int64_t user_id, const std::string& at) override;
  Status AddInvitation(const Invitation& invitation) override;
  Result<std::optional<Invitation>> FindInvitation(const std::string& token_hash) override;
  Status MarkInvitationAccepted(const std::string& token_hash, const std::string& at) override;
  Result<int64_t> AddShare(const Share& share) override;
  Result<std::optional<Share>> GetShare(int64_t id) override;
  Result<std::vector<Share>> ListSharesByOwner(int64_t org_id) override;
  Result<std::vector<Share>> ListSharesForBuyer(int64_t buyer_org_id) override;
  Result<std::vector<Share>> ListSharesOfAssessment(int64_t assessment_id) override;
  Status RevokeShare(int64_t id, const std::string& at) override;
  Result<int64_t> AddRequest(const AssessmentRequest& request) override;
  Result<std::optional<AssessmentRequest>> GetRequest(int64_t id) override;
  Result<std::vector<AssessmentRequest>> ListRequests(int64_t org_id) override;
  Status AnswerRequest(int64_t id, int64_t share_id) override;
  Status UpdateAssessmentAttestation(int64_t id, const Attestation& attestation) override;
  Status ReplaceAnswers(int64_t assessment_id, int64_t org_id, const std::vector<Answer>& answers) override;
  Status UpsertAnswers(int64_t assessment_id, int64_t org_id, const std::vector<Answer>& answers) override;
  Status RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id, const std::string& at) override;
  Status UpdateUserRole(int64_t user_id, Role role) override;
  Status DisableUser(int64_t user_id, const std::string& at) override;
  Result<int64_t> EndUserCredentials(int64_t user_id, const std::string& at) override;
  Result<std::optional<AuditEntry>> LastAuditEntry() override;
  Status AppendAuditEntry(const AuditEntry& entry) override;
  Status ForEachAuditEntry(const std::function<void(const AuditEntry&)>& sink) override;
  // --- end of accounts, sharing and audit (api) ---

  // --- Derived results and buyer policies (api) ---
  Status PutAssessmentResult(const AssessmentResult& result) override;
  Result<std::optional<AssessmentResult>> GetAssessmentResult(int64_t assessment_id) override;
  Result<std::vector<int64_t>> AssessmentsWithoutResult() override;
  Result<std::vector<SharedAssessment>> ListActiveSharedAssessments(int64_t buyer_org_id,
                                                                     const std::string& now) override;
  Result<std::optional<BuyerPolicy>> GetBuyerPolicy(int64_t org_id) override;
  Status PutBuyerPolicy(const BuyerPolicy& policy) override;
  // --- end of derived results and buyer policies (api) ---

  sqlite3* handle() { return db_.get(); }

 private:
  explicit SqliteStore(SqliteHandle db) : db_(std::move(db)) {}
  Status Migrate();
  Status Exec(const std::string& sql);
  Result<sqlite3_stmt*> Prepared(SqliteStatement& slot, const char* sql);
  Error Fail(const std::string& what);

  SqliteHandle db_;
  SqliteStatement insert_answer_;
  SqliteStatement insert_assessment_;
};

}  // namespace hoshitori
