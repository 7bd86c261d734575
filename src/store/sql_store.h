// SqlStore: the one implementation of Store, over a SQL session of any backend.
//
// Each method delegates to the repository of its aggregate; the repositories hold the SQL,
// written once for every backend. Used by one thread at a time, like every Store.
#pragma once

#include <memory>

#include "store/account_repository.h"
#include "store/advisory_repository.h"
#include "store/assessment_repository.h"
#include "store/audit_repository.h"
#include "store/organisation_repository.h"
#include "store/policy_repository.h"
#include "store/relationship_repository.h"
#include "store/sharing_repository.h"
#include "store/sql_session.h"
#include "store/store.h"

namespace hoshitori {

class SqlStore : public Store {
 public:
  // A store over `session`, whose schema is migrated first.
  static Result<std::unique_ptr<SqlStore>> Open(std::unique_ptr<SqlSession> session);

  Result<int> SchemaVersion() override;
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;
  SqlSession& Sql() override { return *session_; }

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

  Result<int64_t> InsertRelationships(const std::vector<SupplyRelationship>& batch,
                                      size_t* failed) override;
  Result<std::vector<int64_t>> FindRelationshipIds(
      const std::vector<SupplyRelationship>& batch) override;
  Status ForEachRelationship(const std::function<void(const SupplyRelationship&)>& sink) override;
  Result<int64_t> CountRelationships() override;
  Result<std::optional<SupplyRelationship>> GetRelationship(int64_t id) override;
  Result<bool> ConfirmRelationship(int64_t id, int64_t org_id, const std::string& at) override;
  Result<bool> EndRelationship(int64_t id, int64_t org_id, const std::string& at) override;
  Status AddDisclosure(const Disclosure& disclosure) override;
  Result<bool> RemoveDisclosure(const Disclosure& disclosure) override;
  Result<std::vector<Disclosure>> ListDisclosures() override;

  Result<User> AddUser(const User& user) override;
  Result<std::optional<User>> FindUserByEmail(const std::string& email) override;
  Result<std::optional<User>> GetUser(int64_t id) override;
  Result<std::vector<User>> ListUsers(int64_t org_id) override;
  Status AddSession(const Session& session) override;
  Result<std::optional<Session>> FindSession(const std::string& token_hash) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status UpdateUserRole(int64_t user_id, Role role) override;
  Status DisableUser(int64_t user_id, const std::string& at) override;
  Result<int64_t> EndUserCredentials(int64_t user_id, const std::string& at) override;
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
  Status ReplaceAnswers(int64_t assessment_id, int64_t org_id,
                        const std::vector<Answer>& answers) override;
  Status UpsertAnswers(int64_t assessment_id, int64_t org_id,
                       const std::vector<Answer>& answers) override;
  Status RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id,
                          const std::string& at) override;
  Result<std::optional<AssessmentRecord>> LockAssessment(int64_t id) override;
  Status AppendChainedAuditEntry(AuditEntry entry, const Sha256HexFunction& sha256_hex) override;
  Status ForEachAuditEntry(const std::function<void(const AuditEntry&)>& sink) override;

  Status PutAssessmentResult(const AssessmentResult& result) override;
  Result<std::optional<AssessmentResult>> GetAssessmentResult(int64_t assessment_id) override;
  Result<std::vector<int64_t>> AssessmentsWithoutResult() override;
  Result<std::vector<ResultStamp>> ListResultStamps() override;
  Result<std::vector<LatestCategoryResults>> ListLatestCategoryResults(
      const std::string& framework_id, char industry_major) override;
  Result<std::vector<SharedAssessment>> ListActiveSharedAssessments(
      int64_t buyer_org_id, const std::string& now) override;
  Result<std::optional<BuyerPolicy>> GetBuyerPolicy(int64_t org_id) override;
  Status PutBuyerPolicy(const BuyerPolicy& policy) override;

  // --- advisories ---
  Result<AdvisoryImportCounts> ImportAdvisories(const std::vector<StoredAdvisory>& batch) override;
  Status ForEachAdvisory(const std::function<void(const StoredAdvisory&)>& sink) override;
  Result<int64_t> CountAdvisories() override;
  Result<std::vector<std::string>> AdvisoryIdsForPackage(const std::string& package_key) override;
  // --- end of advisories ---

 protected:
  // Takes `session` as it is (callers migrate it: see Open).
  explicit SqlStore(std::unique_ptr<SqlSession> session);
  SqlSession& session() { return *session_; }

 private:
  std::unique_ptr<SqlSession> session_;
  OrganisationRepository organisations_;
  AssessmentRepository assessments_;
  AccountRepository accounts_;
  SharingRepository sharing_;
  RelationshipRepository relationships_;
  PolicyRepository policies_;
  AuditRepository audit_;
  AdvisoryRepository advisories_{*session_};  // --- advisories ---
};

}  // namespace hoshitori
