// PgStore: the production backend — a PostgreSQL (15+) database reached over one libpqxx
// connection, with the schema of the same migrations as SQLite.
//
// A PgStore is used by one thread at a time (like every Store). Store transactions map to
// BEGIN / COMMIT / ROLLBACK on the server, so a crash of the client or of the server
// leaves no part of an uncommitted transaction visible. A lost connection is never
// re-established behind the caller's back: every later call fails until the store is
// reopened.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace pqxx {
class nontransaction;
class row;
}  // namespace pqxx

namespace hoshitori {

// An organisation or assessment read from the columns "id, corporate_number, name, industry,
// employees, capital_yen, created_at" / "id, org_id, framework_id, scope, status,
// attestation, management_declaration, valid_from, valid_until, created_at, updated_at"
// starting at column `at` of `row`.
Organisation ReadOrganisation(const pqxx::row& row, int at = 0);
AssessmentRecord ReadAssessment(const pqxx::row& row, int at = 0);

// "user@host:port/database": `url` without its password, for messages; an error for a URL
// libpq cannot parse.
Result<std::string> DescribePostgresUrl(const std::string& url);
// `text` with the password of `url` (if any) replaced by "***".
std::string WithoutPassword(std::string text, const std::string& url);

class PgStore final : public Store {
 public:
  // Connects to the database named by `url` ("postgresql://user[:password]@host:port/db" or
  // "postgres://...", libpq's URI syntax) and applies pending migrations. On failure the
  // error says where the connection was attempted; it never contains the password.
  static Result<std::unique_ptr<PgStore>> Open(const std::string& url);
  ~PgStore() override;

  // "user@host:port/database": the URL without its password, for messages.
  const std::string& where() const { return where_; }

  Result<int> SchemaVersion() override;
  Status Begin() override;
  // Fails (and leaves the transaction to be rolled back) when an earlier statement of the
  // transaction failed or buffered answers cannot be written.
  Status Commit() override;
  void Rollback() override;

  Result<Organisation> AddOrganisation(const Organisation& organisation) override;
  Result<std::vector<Organisation>> ListOrganisations() override;
  Result<std::optional<Organisation>> FindOrganisation(const CorporateNumber& number) override;
  Result<std::optional<Organisation>> GetOrganisation(int64_t id) override;

  Result<int64_t> InsertAssessment(const AssessmentRecord& record) override;
  // Inside a transaction, answers are buffered and written in bulk (COPY) before the next
  // other call and at Commit; a constraint violation is then reported by that call, naming
  // the answer's node. Outside a transaction the answer is written at once.
  Status InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer) override;
  Result<std::vector<AssessmentRecord>> ListAssessments(std::optional<int64_t> org_id) override;
  Result<std::optional<AssessmentRecord>> GetAssessment(int64_t id) override;
  Result<std::vector<Answer>> LoadAnswers(int64_t assessment_id) override;
  // Reads through a server-side cursor in batches: memory stays bounded for any number of
  // answers. `sink` may call other methods of this store, except Begin and Commit.
  Status ForEachAnswer(const std::string& framework_id, const AnswerRowSink& sink) override;

  // --- Supply-chain relationships (chain) ---
  Result<int64_t> InsertRelationships(const std::vector<SupplyRelationship>& batch,
                                      size_t* failed) override;
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
  Status UpsertAnswers(int64_t assessment_id, int64_t org_id, const std::vector<Answer>& answers) override;
  Status RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id, const std::string& at) override;
  Result<std::optional<AssessmentRecord>> LockAssessment(int64_t id) override;
  Status UpdateUserRole(int64_t user_id, Role role) override;
  Status DisableUser(int64_t user_id, const std::string& at) override;
  Result<int64_t> EndUserCredentials(int64_t user_id, const std::string& at) override;
  Status ReplaceAnswers(int64_t assessment_id, int64_t org_id,
                        const std::vector<Answer>& answers) override;
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

 private:
  struct Backend;  // the libpqxx connection (kept out of this header)
  struct PendingAnswer {
    int64_t assessment_id;
    int64_t org_id;
    Answer answer;
  };

  PgStore(std::unique_ptr<Backend> backend, std::string where);

  // Writes buffered answers, then runs `work` on the connection. A libpqxx exception
  // becomes an Error starting with `what`; it marks an open transaction as failed.
  Status Run(const std::string& what, const std::function<void(pqxx::nontransaction&)>& work);
  // Records a failure (`failure` is what went wrong) and returns its text: a lost
  // connection is noted for good, a failure inside a transaction fails the transaction.
  std::string NoteFailure(std::string failure);
  Status FlushAnswers();
  // Runs `select` (parameters $1.. bound to `params`) through a server-side cursor in
  // batches and calls `each` per row: memory stays bounded. Uses the open transaction, or
  // one of its own. `each` may call other methods of the store, except Begin and Commit.
  Status Stream(const std::string& what, const std::string& select,
                const std::vector<std::string>& params,
                const std::function<void(const pqxx::row&)>& each);
  // Parameterised queries of pg_accounts.cc: every row, the first row, rows changed.
  template <typename T, typename Read, typename... Params>
  Result<std::vector<T>> All(const char* what, const std::string& sql, Read read,
                             const Params&... params);
  template <typename T, typename Read, typename... Params>
  Result<std::optional<T>> First(const char* what, const std::string& sql, Read read,
                                 const Params&... params);
  template <typename... Params>
  Result<size_t> Change(const char* what, const std::string& sql, const Params&... params);
  Status Migrate();

  std::unique_ptr<Backend> backend_;
  std::string where_;
  bool in_transaction_ = false;
  std::string transaction_failure_;  // first error inside the open transaction
  std::string connection_lost_;      // set once the connection is gone for good
  std::vector<PendingAnswer> pending_answers_;
  int64_t cursors_ = 0;  // names cursors uniquely, so that streams may nest
};

}  // namespace hoshitori
