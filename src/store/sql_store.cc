#include "store/sql_store.h"

namespace hoshitori {

SqlStore::SqlStore(std::unique_ptr<SqlSession> session)
    : session_(std::move(session)),
      organisations_(*session_),
      assessments_(*session_),
      accounts_(*session_),
      sharing_(*session_),
      relationships_(*session_),
      policies_(*session_),
      audit_(*session_) {}

Result<std::unique_ptr<SqlStore>> SqlStore::Open(std::unique_ptr<SqlSession> session) {
  if (Status migrated = MigrateSchema(*session); !migrated) return migrated.error();
  return std::unique_ptr<SqlStore>(new SqlStore(std::move(session)));
}

Result<int> SqlStore::SchemaVersion() { return ReadSchemaVersion(*session_); }
Status SqlStore::Begin() { return session_->Begin(); }
Status SqlStore::Commit() { return session_->Commit(); }
void SqlStore::Rollback() { session_->Rollback(); }
Result<Organisation> SqlStore::AddOrganisation(const Organisation& organisation) {
  return organisations_.Add(organisation);
}
Result<std::vector<Organisation>> SqlStore::ListOrganisations() { return organisations_.List(); }
Result<std::optional<Organisation>> SqlStore::FindOrganisation(const CorporateNumber& number) {
  return organisations_.Find(number);
}
Result<std::optional<Organisation>> SqlStore::GetOrganisation(int64_t id) {
  return organisations_.Get(id);
}
Result<int64_t> SqlStore::InsertAssessment(const AssessmentRecord& record) {
  return assessments_.Insert(record);
}
Status SqlStore::InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer) {
  return assessments_.InsertAnswer(assessment_id, org_id, answer);
}
Result<std::vector<AssessmentRecord>> SqlStore::ListAssessments(std::optional<int64_t> org_id) {
  return assessments_.List(org_id);
}
Result<std::optional<AssessmentRecord>> SqlStore::GetAssessment(int64_t id) {
  return assessments_.Get(id);
}
Result<std::vector<Answer>> SqlStore::LoadAnswers(int64_t assessment_id) {
  return assessments_.LoadAnswers(assessment_id);
}
Status SqlStore::ForEachAnswer(const std::string& framework_id, const AnswerRowSink& sink) {
  return assessments_.ForEachAnswer(framework_id, sink);
}
Result<int64_t> SqlStore::InsertRelationships(const std::vector<SupplyRelationship>& batch,
                                              size_t* failed) {
  return relationships_.Insert(batch, failed);
}
Result<std::vector<int64_t>> SqlStore::FindRelationshipIds(
    const std::vector<SupplyRelationship>& batch) {
  return relationships_.FindIds(batch);
}
Status SqlStore::ForEachRelationship(const std::function<void(const SupplyRelationship&)>& sink) {
  return relationships_.ForEach(sink);
}
Result<int64_t> SqlStore::CountRelationships() { return relationships_.Count(); }
Result<std::optional<SupplyRelationship>> SqlStore::GetRelationship(int64_t id) {
  return relationships_.Get(id);
}
Result<bool> SqlStore::ConfirmRelationship(int64_t id, int64_t org_id, const std::string& at) {
  return relationships_.Confirm(id, org_id, at);
}
Result<bool> SqlStore::EndRelationship(int64_t id, int64_t org_id, const std::string& at) {
  return relationships_.End(id, org_id, at);
}
Status SqlStore::AddDisclosure(const Disclosure& disclosure) {
  return relationships_.AddDisclosure(disclosure);
}
Result<bool> SqlStore::RemoveDisclosure(const Disclosure& disclosure) {
  return relationships_.RemoveDisclosure(disclosure);
}
Result<std::vector<Disclosure>> SqlStore::ListDisclosures() {
  return relationships_.ListDisclosures();
}
Result<User> SqlStore::AddUser(const User& user) { return accounts_.AddUser(user); }
Result<std::optional<User>> SqlStore::FindUserByEmail(const std::string& email) {
  return accounts_.FindUserByEmail(email);
}
Result<std::optional<User>> SqlStore::GetUser(int64_t id) { return accounts_.GetUser(id); }
Result<std::vector<User>> SqlStore::ListUsers(int64_t org_id) {
  return accounts_.ListUsers(org_id);
}
Status SqlStore::AddSession(const Session& session) { return accounts_.AddSession(session); }
Result<std::optional<Session>> SqlStore::FindSession(const std::string& token_hash) {
  return accounts_.FindSession(token_hash);
}
Status SqlStore::DeleteSession(const std::string& token_hash) {
  return accounts_.DeleteSession(token_hash);
}
Status SqlStore::UpdateUserRole(int64_t user_id, Role role) {
  return accounts_.UpdateUserRole(user_id, role);
}
Status SqlStore::DisableUser(int64_t user_id, const std::string& at) {
  return accounts_.DisableUser(user_id, at);
}
Result<int64_t> SqlStore::EndUserCredentials(int64_t user_id, const std::string& at) {
  return accounts_.EndUserCredentials(user_id, at);
}
Result<int64_t> SqlStore::AddApiToken(const ApiToken& token) {
  return accounts_.AddApiToken(token);
}
Result<std::optional<ApiToken>> SqlStore::FindApiToken(const std::string& token_hash) {
  return accounts_.FindApiToken(token_hash);
}
Result<std::vector<ApiToken>> SqlStore::ListApiTokens(int64_t user_id) {
  return accounts_.ListApiTokens(user_id);
}
Result<bool> SqlStore::RevokeApiToken(int64_t id, int64_t user_id, const std::string& at) {
  return accounts_.RevokeApiToken(id, user_id, at);
}
Status SqlStore::AddInvitation(const Invitation& invitation) {
  return accounts_.AddInvitation(invitation);
}
Result<std::optional<Invitation>> SqlStore::FindInvitation(const std::string& token_hash) {
  return accounts_.FindInvitation(token_hash);
}
Status SqlStore::MarkInvitationAccepted(const std::string& token_hash, const std::string& at) {
  return accounts_.MarkInvitationAccepted(token_hash, at);
}
Result<int64_t> SqlStore::AddShare(const Share& share) { return sharing_.AddShare(share); }
Result<std::optional<Share>> SqlStore::GetShare(int64_t id) { return sharing_.GetShare(id); }
Result<std::vector<Share>> SqlStore::ListSharesByOwner(int64_t org_id) {
  return sharing_.ListSharesByOwner(org_id);
}
Result<std::vector<Share>> SqlStore::ListSharesForBuyer(int64_t buyer_org_id) {
  return sharing_.ListSharesForBuyer(buyer_org_id);
}
Result<std::vector<Share>> SqlStore::ListSharesOfAssessment(int64_t assessment_id) {
  return sharing_.ListSharesOfAssessment(assessment_id);
}
Status SqlStore::RevokeShare(int64_t id, const std::string& at) {
  return sharing_.RevokeShare(id, at);
}
Result<int64_t> SqlStore::AddRequest(const AssessmentRequest& request) {
  return sharing_.AddRequest(request);
}
Result<std::optional<AssessmentRequest>> SqlStore::GetRequest(int64_t id) {
  return sharing_.GetRequest(id);
}
Result<std::vector<AssessmentRequest>> SqlStore::ListRequests(int64_t org_id) {
  return sharing_.ListRequests(org_id);
}
Status SqlStore::AnswerRequest(int64_t id, int64_t share_id) {
  return sharing_.AnswerRequest(id, share_id);
}
Status SqlStore::UpdateAssessmentAttestation(int64_t id, const Attestation& attestation) {
  return assessments_.UpdateAttestation(id, attestation);
}
Status SqlStore::ReplaceAnswers(int64_t assessment_id, int64_t org_id,
                                const std::vector<Answer>& answers) {
  return assessments_.ReplaceAnswers(assessment_id, org_id, answers);
}
Status SqlStore::UpsertAnswers(int64_t assessment_id, int64_t org_id,
                               const std::vector<Answer>& answers) {
  return assessments_.UpsertAnswers(assessment_id, org_id, answers);
}
Status SqlStore::RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id,
                                  const std::string& at) {
  return assessments_.RecordSubmission(id, assessor_org_id, at);
}
Result<std::optional<AssessmentRecord>> SqlStore::LockAssessment(int64_t id) {
  return assessments_.Lock(id);
}
Status SqlStore::AppendChainedAuditEntry(AuditEntry entry, const Sha256HexFunction& sha256_hex) {
  return audit_.AppendChained(std::move(entry), sha256_hex);
}
Status SqlStore::ForEachAuditEntry(const std::function<void(const AuditEntry&)>& sink) {
  return audit_.ForEach(sink);
}
Status SqlStore::PutAssessmentResult(const AssessmentResult& result) {
  return assessments_.PutResult(result);
}
Result<std::optional<AssessmentResult>> SqlStore::GetAssessmentResult(int64_t assessment_id) {
  return assessments_.GetResult(assessment_id);
}
Result<std::vector<ResultStamp>> SqlStore::ListResultStamps() { return assessments_.ResultStamps(); }
Result<std::vector<LatestCategoryResults>> SqlStore::ListLatestCategoryResults(
    const std::string& framework_id, char industry_major) {
  return assessments_.LatestCategories(framework_id, industry_major);
}
Result<std::vector<int64_t>> SqlStore::AssessmentsWithoutResult() {
  return assessments_.WithoutResult();
}
Result<std::vector<SharedAssessment>> SqlStore::ListActiveSharedAssessments(
    int64_t buyer_org_id, const std::string& now) {
  return sharing_.ListActiveSharedAssessments(buyer_org_id, now);
}

Result<std::optional<BuyerPolicy>> SqlStore::GetBuyerPolicy(int64_t org_id) {
  return policies_.Get(org_id);
}
Status SqlStore::PutBuyerPolicy(const BuyerPolicy& policy) { return policies_.Put(policy); }

// --- advisories ---
Result<AdvisoryImportCounts> SqlStore::ImportAdvisories(const std::vector<StoredAdvisory>& batch) {
  return advisories_.Import(batch);
}
Status SqlStore::ForEachAdvisory(const std::function<void(const StoredAdvisory&)>& sink) {
  return advisories_.ForEach(sink);
}
Result<int64_t> SqlStore::CountAdvisories() { return advisories_.Count(); }
Result<std::vector<std::string>> SqlStore::AdvisoryIdsForPackage(const std::string& package_key) {
  return advisories_.IdsForPackage(package_key);
}
// --- end of advisories ---

}  // namespace hoshitori
