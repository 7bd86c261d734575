// Store: where organisations, assessments and answers are kept.
//
// One interface, implemented once (SqlStore, store/sql_store.h) by repositories per
// aggregate over a SQL session of either backend: SQLite or PostgreSQL. The domain code
// never sees SQL. A Store is used by one thread at a time; open one per
// thread. Every method returns an error a user can act on instead of throwing.
//
// Writes that belong together run inside a Transaction: either all of them are visible
// afterwards or none is (a crash or an error rolls back).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assess/answers.h"
#include "assess/star_level.h"
#include "core/corporate_number.h"
#include "core/industry.h"
#include "core/result.h"
#include "store/accounts.h"

namespace hoshitori {

struct Organisation {
  int64_t id = 0;
  CorporateNumber corporate_number;
  std::string name;
  Industry industry;
  std::optional<int64_t> employees;
  std::optional<int64_t> capital_yen;
  std::string created_at;

  bool is_sme() const { return IsSme(industry.sector(), employees, capital_yen); }
};

// --- Supply-chain relationships (chain) ---
// Declared in chain/relationship.h (include it to call the methods below).
struct SupplyRelationship;
struct Disclosure;
// --- end of supply-chain relationships (chain) ---

class SqlSession;  // store/sql_session.h

// --- advisories ---
// Declared in store/advisory_repository.h (include it to call the methods below).
struct StoredAdvisory;
struct AdvisoryImportCounts;
// --- end of advisories ---

// What an assessment's answers earn, derived by scoring and stored with them.
// One category of a stored result (assess/scoring.h CategoryScore).
struct CategoryResult {
  std::string category;  // Framework::categories[i].id
  double coverage = 0;   // 0..1
  double maturity = 0;   // 0..5
};

struct AssessmentResult {
  int64_t assessment_id = 0;
  int eligible_star = 0;
  LevelTags present_stars = 0;  // star tags of the assessed framework (bit s-1 for ★s)
  std::string evaluation;       // the full evaluation as JSON text (api/views EvaluationJson)
  std::string evaluated_at;
  // What the result was computed against (service/results.h CatalogDigest): a result whose
  // digest is not the current catalog's is stale and is computed again.
  std::string catalog_digest = {};
  // Per category of the framework, in its order; stored as rows beside the result.
  std::vector<CategoryResult> categories = {};
};

// The categories of the latest result of one organisation for one framework.
struct LatestCategoryResults {
  int64_t org_id = 0;
  int64_t assessment_id = 0;
  std::vector<CategoryResult> categories;  // in the framework's order
};

// The catalog digest an assessment's stored result was computed against.
struct ResultStamp {
  int64_t assessment_id = 0;
  std::string framework_id;
  std::string catalog_digest;
};

// A buyer's own requirement rules (added to the default decision flow; chain/policy.h).
struct BuyerPolicy {
  int64_t org_id = 0;
  std::string rules;
  std::optional<int64_t> updated_by;
  std::string updated_at;
};

struct AssessmentRecord {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string framework_id;
  std::string scope;
  Attestation attestation;
  std::string created_at;
  std::string updated_at;
  int64_t version = 1;  // grows with every change of the assessment or its answers (ETag)
  std::optional<int64_t> assessor_org_id;  // named by the supplier at submission
  std::optional<std::string> submitted_at;
};

// One active share with what a buyer's list needs to show it.
struct SharedAssessment {
  Share share;
  AssessmentRecord record;
  std::optional<AssessmentResult> result;
  Organisation supplier;
};

class Store {
 public:
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Opens the store named by `url`: "sqlite:PATH" or a plain file path (SQLite; the file is
  // created when missing), or "postgresql://user@host:port/database" (also "postgres://";
  // PostgreSQL, see store/postgres/pg_session.h). Applies pending migrations.
  static Result<std::unique_ptr<Store>> Open(const std::string& url);

  // The highest applied migration version.
  virtual Result<int> SchemaVersion() = 0;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // Organisations. AddOrganisation fails when the corporate number is already registered.
  virtual Result<Organisation> AddOrganisation(const Organisation& organisation) = 0;
  virtual Result<std::vector<Organisation>> ListOrganisations() = 0;
  virtual Result<std::optional<Organisation>> FindOrganisation(const CorporateNumber& number) = 0;
  virtual Result<std::optional<Organisation>> GetOrganisation(int64_t id) = 0;

  // Assessments. InsertAssessment returns the new id; the caller owns the transaction.
  virtual Result<int64_t> InsertAssessment(const AssessmentRecord& record) = 0;
  virtual Status InsertAnswer(int64_t assessment_id, int64_t org_id, const Answer& answer) = 0;
  virtual Result<std::vector<AssessmentRecord>> ListAssessments(std::optional<int64_t> org_id) = 0;
  virtual Result<std::optional<AssessmentRecord>> GetAssessment(int64_t id) = 0;
  virtual Result<std::vector<Answer>> LoadAnswers(int64_t assessment_id) = 0;

  // Streams every answer of every assessment of `framework_id`, ordered by assessment, as
  // (assessment_id, node_id, status, maturity or -1). For rebuilding in-memory engines.
  using AnswerRowSink = std::function<void(int64_t assessment_id, std::string_view node_id,
                                           AnswerStatus status, int maturity)>;
  virtual Status ForEachAnswer(const std::string& framework_id, const AnswerRowSink& sink) = 0;

  // --- Supply-chain relationships (chain) ---
  // Adds relationships (ValidateRelationship holds; buyer, supplier and kind are unique
  // among relationships not ended) and returns the id of the last one; each is stored
  // confirmed or not as its `confirmed` says. On failure sets `*failed` to the index in
  // `batch` of the relationship refused. The caller owns the transaction.
  virtual Result<int64_t> InsertRelationships(const std::vector<SupplyRelationship>& batch,
                                              size_t* failed) = 0;
  // The ids of the relationships not ended with the buyer, supplier and kind of each of
  // `batch`, in its order (0 where there is none). For callers that just inserted them.
  virtual Result<std::vector<int64_t>> FindRelationshipIds(
      const std::vector<SupplyRelationship>& batch) = 0;
  // Streams every relationship not ended, in id order (to build the in-memory graph).
  virtual Status ForEachRelationship(
      const std::function<void(const SupplyRelationship&)>& sink) = 0;
  // Relationships not ended.
  virtual Result<int64_t> CountRelationships() = 0;
  // Relationship `id` unless it was ended.
  virtual Result<std::optional<SupplyRelationship>> GetRelationship(int64_t id) = 0;
  // Confirms relationship `id` as `org_id`: only when it is not ended, not yet confirmed,
  // and `org_id` is its party that did not declare it — checked by the one statement that
  // writes. Returns whether it was confirmed. The caller owns the transaction.
  virtual Result<bool> ConfirmRelationship(int64_t id, int64_t org_id, const std::string& at) = 0;
  // Ends relationship `id` as `org_id` (confirmed or not: ending an unconfirmed claim of the
  // other party rejects it): only when it is not ended and `org_id` is one of its parties,
  // checked by the statement that writes. Returns whether it was ended.
  virtual Result<bool> EndRelationship(int64_t id, int64_t org_id, const std::string& at) = 0;
  // Records a disclosure (idempotent: an existing equal one is kept).
  virtual Status AddDisclosure(const Disclosure& disclosure) = 0;
  // Withdraws a disclosure; returns whether there was one.
  virtual Result<bool> RemoveDisclosure(const Disclosure& disclosure) = 0;
  virtual Result<std::vector<Disclosure>> ListDisclosures() = 0;
  // --- end of supply-chain relationships (chain) ---

  // --- Accounts, sharing and audit (api) ---
  // Callers own the transaction for multi-step changes.
  virtual Result<User> AddUser(const User& user) = 0;
  // Looks the address up without case (FoldEmail).
  virtual Result<std::optional<User>> FindUserByEmail(const std::string& email) = 0;
  virtual Result<std::optional<User>> GetUser(int64_t id) = 0;
  virtual Result<std::vector<User>> ListUsers(int64_t org_id) = 0;
  virtual Status AddSession(const Session& session) = 0;
  virtual Result<std::optional<Session>> FindSession(const std::string& token_hash) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  // Offboarding: changes a user's role; disables a user (who then cannot sign in); ends
  // every session and revokes every API token of a user (returns how many were ended).
  virtual Status UpdateUserRole(int64_t user_id, Role role) = 0;
  virtual Status DisableUser(int64_t user_id, const std::string& at) = 0;
  virtual Result<int64_t> EndUserCredentials(int64_t user_id, const std::string& at) = 0;
  virtual Result<int64_t> AddApiToken(const ApiToken& token) = 0;
  virtual Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) = 0;
  // Marks a token revoked; returns false when the user has no such unrevoked token.
  virtual Result<bool> RevokeApiToken(int64_t id, int64_t user_id, const std::string& at) = 0;
  virtual Status AddInvitation(const Invitation& invitation) = 0;
  virtual Result<std::optional<Invitation>> FindInvitation(const std::string& token_hash) = 0;
  virtual Status MarkInvitationAccepted(const std::string& token_hash, const std::string& at) = 0;
  virtual Result<int64_t> AddShare(const Share& share) = 0;
  virtual Result<std::optional<Share>> GetShare(int64_t id) = 0;
  // Shares granted by `org_id` (as owner) or to it (as buyer).
  virtual Result<std::vector<Share>> ListSharesByOwner(int64_t org_id) = 0;
  virtual Result<std::vector<Share>> ListSharesForBuyer(int64_t buyer_org_id) = 0;
  virtual Result<std::vector<Share>> ListSharesOfAssessment(int64_t assessment_id) = 0;
  virtual Status RevokeShare(int64_t id, const std::string& at) = 0;
  virtual Result<int64_t> AddRequest(const AssessmentRequest& request) = 0;
  virtual Result<std::optional<AssessmentRequest>> GetRequest(int64_t id) = 0;
  virtual Result<std::vector<AssessmentRequest>> ListRequests(
      int64_t org_id) = 0;  // as buyer or supplier
  virtual Status AnswerRequest(int64_t id, int64_t share_id) = 0;
  // Assessment lifecycle and answers. Each of these raises the assessment's version by one.
  // ReplaceAnswers replaces every answer; UpsertAnswers adds or replaces only those given.
  virtual Status UpdateAssessmentAttestation(int64_t id, const Attestation& attestation) = 0;
  virtual Status ReplaceAnswers(int64_t assessment_id, int64_t org_id,
                                const std::vector<Answer>& answers) = 0;
  virtual Status UpsertAnswers(int64_t assessment_id, int64_t org_id,
                               const std::vector<Answer>& answers) = 0;
  // Records the submission time and the organisation named to confirm or evaluate it.
  virtual Status RecordSubmission(int64_t id, std::optional<int64_t> assessor_org_id,
                                  const std::string& at) = 0;
  // Reads an assessment inside the caller's transaction so that no other transaction can
  // change it before this one ends (PostgreSQL: SELECT ... FOR UPDATE; SQLite's write
  // transactions are exclusive already). State checks before a write use this.
  virtual Result<std::optional<AssessmentRecord>> LockAssessment(int64_t id) = 0;
  // Audit log: appending an entry chained to the last one (AuditRepository::AppendChained:
  // the store sets seq, prev_hash and hash, on PostgreSQL when the transaction commits;
  // `sha256_hex` hashes where the database does not); entries in seq order.
  virtual Status AppendChainedAuditEntry(AuditEntry entry, const Sha256HexFunction& sha256_hex) = 0;
  virtual Status ForEachAuditEntry(const std::function<void(const AuditEntry&)>& sink) = 0;
  // --- end of accounts, sharing and audit (api) ---

  // --- Derived results and buyer policies (api) ---
  // Stores (replaces) an assessment's derived result. The caller owns the transaction and
  // calls this in the one that changes the answers.
  virtual Status PutAssessmentResult(const AssessmentResult& result) = 0;
  virtual Result<std::optional<AssessmentResult>> GetAssessmentResult(int64_t assessment_id) = 0;
  // Ids of assessments that have no stored result yet (imported ones), in id order.
  virtual Result<std::vector<int64_t>> AssessmentsWithoutResult() = 0;
  // For every organisation of the JSIC major group `industry_major`: the categories of the
  // stored result of its latest assessment of `framework_id` that is neither a draft nor
  // revoked (organisations whose latest such assessment has no stored result are left out).
  virtual Result<std::vector<LatestCategoryResults>> ListLatestCategoryResults(
      const std::string& framework_id, char industry_major) = 0;
  // Every stored result's assessment, framework and catalog digest, in assessment order.
  virtual Result<std::vector<ResultStamp>> ListResultStamps() = 0;
  // Every share granted to `buyer_org_id` that is active at `now`, joined with its
  // assessment, the assessment's stored result (when there is one; evaluation left empty)
  // and the supplier. One query, for lists of thousands of suppliers.
  virtual Result<std::vector<SharedAssessment>> ListActiveSharedAssessments(
      int64_t buyer_org_id, const std::string& now) = 0;
  virtual Result<std::optional<BuyerPolicy>> GetBuyerPolicy(int64_t org_id) = 0;
  virtual Status PutBuyerPolicy(const BuyerPolicy& policy) = 0;
  // --- end of derived results and buyer policies (api) ---

  // --- advisories ---
  // OSV advisories (store/advisory_repository.h). ImportAdvisories stores each of `batch`
  // unless the same id is stored with the same or a newer `modified`; the caller owns the
  // transaction (one per import: all or nothing).
  virtual Result<AdvisoryImportCounts> ImportAdvisories(
      const std::vector<StoredAdvisory>& batch) = 0;
  // Every stored advisory in id order, streamed (without its package keys).
  virtual Status ForEachAdvisory(const std::function<void(const StoredAdvisory&)>& sink) = 0;
  virtual Result<int64_t> CountAdvisories() = 0;
  // Ids of the advisories naming `package_key` (sbom/purl.h PackageKey), in id order.
  virtual Result<std::vector<std::string>> AdvisoryIdsForPackage(
      const std::string& package_key) = 0;
  // --- end of advisories ---

  // The SQL session under this store. New aggregates (assessor registry, evidence, issued
  // attestations, …) have a repository over it (store/<aggregate>_repository.h) that their
  // service constructs per use case, instead of adding methods to this interface. Use it
  // inside the store's transactions (Transaction above); never keep it past the store.
  virtual SqlSession& Sql() = 0;

 protected:
  Store() = default;
};

// Begins on construction, rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Store& store) : store_(store), begun_(store.Begin()) {}
  ~Transaction() {
    if (begun_.ok() && !committed_) store_.Rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const Status& begun() const { return begun_; }
  Status Commit() {
    Status status = store_.Commit();
    committed_ = status.ok();
    return status;
  }

 private:
  Store& store_;
  Status begun_;
  bool committed_ = false;
};

// Adds an assessment with its answers in one transaction. Returns the new id.
Result<int64_t> ImportAssessment(Store& store, const AssessmentRecord& record,
                                 const std::vector<Answer>& answers);

}  // namespace hoshitori
