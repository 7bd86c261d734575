// AssessorRepository: the scheme operator's registry of accredited assessors, the management
// declarations of submissions (migration 012), and the one relationship question a conflict
// of interest needs. The rules (who may write, what counts as valid, what the directory
// shows) are the service's (service/assessor_service.h); this is storage only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

enum class AccreditationKind { kExpert, kBody };
enum class AccreditationStatus { kActive, kSuspended, kWithdrawn };

std::string_view AccreditationKindName(AccreditationKind kind);
std::optional<AccreditationKind> ParseAccreditationKind(std::string_view name);
std::string_view AccreditationStatusName(AccreditationStatus status);

// One accreditation as stored. Dates are "YYYY-MM-DD"; times ISO 8601 UTC.
struct Accreditation {
  int64_t id = 0;
  AccreditationKind kind = AccreditationKind::kExpert;
  int64_t org_id = 0;              // the body, or the expert's own organisation
  std::optional<int64_t> user_id;  // the expert (kExpert only)
  std::string number;              // registration number (expert) / accreditation number (body)
  std::string qualification;       // expert: e.g. 情報処理安全確保支援士
  std::string scope;               // body: what it is accredited to evaluate
  std::string valid_from;
  std::string valid_until;
  AccreditationStatus status = AccreditationStatus::kActive;
  std::string status_reason;                     // why it was suspended, reinstated or withdrawn
  std::optional<std::string> status_changed_on;  // the day of that change
  std::string display_name;
  std::string region;      // JIS X 0401 prefecture code "01".."47", or empty
  std::string industries;  // JSIC major group letters, e.g. "EG"
  std::string languages;   // language tags joined by ',', e.g. "ja,en"
  std::optional<int64_t> fee_min_yen;
  std::optional<int64_t> fee_max_yen;
  bool accepting = true;
  std::string contact;
  std::string created_at;
  std::string updated_at;
};

// A management declaration as stored (one per assessment).
struct StoredDeclaration {
  int64_t assessment_id = 0;
  int64_t org_id = 0;
  std::string representative_name;
  std::string representative_title;
  std::string declared_on;  // YYYY-MM-DD
  std::string text_version;
  std::string text_digest;  // hex SHA-256 of the declaration text of that version
  std::optional<int64_t> recorded_by;
  std::string recorded_at;
};

// Works on the session it was given (which must outlive it); one thread at a time. The
// caller owns the transaction of every write.
class AssessorRepository {
 public:
  explicit AssessorRepository(SqlSession& session) : session_(session) {}

  // Stores a new accreditation (its id is ignored) and returns its id. A second accreditation
  // that is not withdrawn for the same expert or body, or a number used twice for one kind,
  // is refused by the database (an error of kind kInternal naming the statement).
  Result<int64_t> Insert(const Accreditation& accreditation);
  Result<std::optional<Accreditation>> Get(int64_t id);
  // Every accreditation, newest first; at most `limit` rows.
  Result<std::vector<Accreditation>> List(int64_t limit);
  // Accreditations with status active whose validity contains `day` ("YYYY-MM-DD"), by
  // display name; at most `limit` rows.
  Result<std::vector<Accreditation>> ListActiveOn(const std::string& day, int64_t limit);
  // The accreditation of `kind` that is not withdrawn, of user `user_id` (expert) or
  // organisation `org_id` (body); none when there is none.
  Result<std::optional<Accreditation>> CurrentOfUser(int64_t user_id);
  Result<std::optional<Accreditation>> CurrentOfBody(int64_t org_id);
  // Whether organisation `org_id` holds an accreditation (expert of one of its users, or
  // body) that is active and valid on `day`.
  Result<bool> OrganisationAccreditedOn(int64_t org_id, const std::string& day);
  // Sets status, reason and the day of the change of accreditation `id` (and updated_at);
  // false when no such accreditation.
  Result<bool> SetStatus(int64_t id, AccreditationStatus status, const std::string& reason,
                         const std::string& day, const std::string& now);

  // Whether a relationship between organisations `a` and `b` is stored, in either direction
  // and in any state except one the other party rejected (ended without ever being
  // confirmed, by the party that had not declared it).
  Result<bool> RelatedOrganisations(int64_t a, int64_t b);

  // Stores (or replaces) the declaration of its assessment.
  Status PutDeclaration(const StoredDeclaration& declaration);
  Result<std::optional<StoredDeclaration>> GetDeclaration(int64_t assessment_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
