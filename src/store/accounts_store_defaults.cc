// Default implementations of the accounts/sharing/audit part of Store for backends that do
// not keep accounts yet: each returns an error saying so.
#include "store/store.h"

namespace hoshitori {

namespace {
Error NotKept() { return MakeError("this storage backend does not keep accounts and shares yet"); }
}  // namespace
Result<User> Store::AddUser(const User&) { return NotKept(); }
Result<std::optional<User>> Store::FindUserByEmail(const std::string&) { return NotKept(); }
Result<std::optional<User>> Store::GetUser(int64_t) { return NotKept(); }
Result<std::vector<User>> Store::ListUsers(int64_t) { return NotKept(); }
Status Store::AddSession(const Session&) { return NotKept(); }
Result<std::optional<Session>> Store::FindSession(const std::string&) { return NotKept(); }
Status Store::DeleteSession(const std::string&) { return NotKept(); }
Result<int64_t> Store::AddApiToken(const ApiToken&) { return NotKept(); }
Result<std::optional<ApiToken>> Store::FindApiToken(const std::string&) { return NotKept(); }
Result<std::vector<ApiToken>> Store::ListApiTokens(int64_t) { return NotKept(); }
Result<bool> Store::RevokeApiToken(int64_t, int64_t, const std::string&) { return NotKept(); }
Status Store::AddInvitation(const Invitation&) { return NotKept(); }
Result<std::optional<Invitation>> Store::FindInvitation(const std::string&) { return NotKept(); }
Status Store::MarkInvitationAccepted(const std::string&, const std::string&) { return NotKept(); }
Result<int64_t> Store::AddShare(const Share&) { return NotKept(); }
Result<std::optional<Share>> Store::GetShare(int64_t) { return NotKept(); }
Result<std::vector<Share>> Store::ListSharesByOwner(int64_t) { return NotKept(); }
Result<std::vector<Share>> Store::ListSharesForBuyer(int64_t) { return NotKept(); }
Result<std::vector<Share>> Store::ListSharesOfAssessment(int64_t) { return NotKept(); }
Status Store::RevokeShare(int64_t, const std::string&) { return NotKept(); }
Result<int64_t> Store::AddRequest(const AssessmentRequest&) { return NotKept(); }
Result<std::optional<AssessmentRequest>> Store::GetRequest(int64_t) { return NotKept(); }
Result<std::vector<AssessmentRequest>> Store::ListRequests(int64_t) { return NotKept(); }
Status Store::AnswerRequest(int64_t, int64_t) { return NotKept(); }
Status Store::UpdateAssessmentAttestation(int64_t, const Attestation&) { return NotKept(); }
Status Store::ReplaceAnswers(int64_t, int64_t, const std::vector<Answer>&) { return NotKept(); }
Status Store::UpsertAnswers(int64_t, int64_t, const std::vector<Answer>&) { return NotKept(); }
Status Store::RecordSubmission(int64_t, std::optional<int64_t>, const std::string&) { return NotKept(); }
Result<std::optional<AssessmentRecord>> Store::LockAssessment(int64_t id) { return GetAssessment(id); }
Status Store::UpdateUserRole(int64_t, Role) { return NotKept(); }
Status Store::DisableUser(int64_t, const std::string&) { return NotKept(); }
Result<int64_t> Store::EndUserCredentials(int64_t, const std::string&) { return NotKept(); }
Result<std::optional<AuditEntry>> Store::LastAuditEntry() { return NotKept(); }
Status Store::AppendAuditEntry(const AuditEntry&) { return NotKept(); }
Status Store::ForEachAuditEntry(const std::function<void(const AuditEntry&)>&) { return NotKept(); }
Status Store::PutAssessmentResult(const AssessmentResult&) { return NotKept(); }
Result<std::optional<AssessmentResult>> Store::GetAssessmentResult(int64_t) { return NotKept(); }
Result<std::vector<int64_t>> Store::AssessmentsWithoutResult() { return NotKept(); }
Result<std::vector<SharedAssessment>> Store::ListActiveSharedAssessments(int64_t, const std::string&) { return NotKept(); }
Result<std::optional<BuyerPolicy>> Store::GetBuyerPolicy(int64_t) { return NotKept(); }
Status Store::PutBuyerPolicy(const BuyerPolicy&) { return NotKept(); }

}  // namespace hoshitori
