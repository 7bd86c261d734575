// AssessorService: the scheme operator's registry of accredited assessors (issue 14) — experts
// who may confirm ★3 and evaluation bodies that may evaluate ★4 — its directory for
// suppliers, and the checks the assessment use cases make with it: who may confirm or verify
// on a given day, conflicts of interest, and the management declaration of a submission.
//
// Writes (accredit, suspend, reinstate, withdraw) are the operator's only (AllowOperator: the
// command line on the database, never an HTTP caller, whatever its role); each is one
// transaction with its audit entry. The directory is read by every signed-in user and shows
// only accreditations that are active and valid today; the registry's full records by the
// operator and the hub admin.
//
// Bounds on what comes from outside: display name, qualification and contact at most 200
// characters, number at most 64, scope and reasons at most 2000; at most 20 industries and
// 10 languages; fees 0 .. 10^10 yen. The directory returns at most kMaxDirectoryEntries
// entries; the registry list at most kMaxRegistryEntries.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/context.h"
#include "service/management_declaration.h"
#include "store/assessor_repository.h"

namespace hoshitori::service {

// An accreditation as the operator gives it (texts as typed: full-width digits and letters
// are accepted wherever ASCII is expected).
struct AccreditationInput {
  AccreditationKind kind = AccreditationKind::kExpert;
  // expert: the user's e-mail; body: the organisation's 13-digit corporate number.
  std::string subject;
  std::string number;
  std::string qualification;  // expert (required for an expert)
  std::string scope;          // body (required for a body)
  std::string valid_from;     // YYYY-MM-DD; today when empty
  std::string valid_until;    // YYYY-MM-DD (required)
  std::string display_name;   // empty: the user's or the organisation's name
  std::string region;         // prefecture: code "13", 東京都 / 東京, or Tokyo; may be empty
  std::string industries;     // JSIC major letters, e.g. "E G" or "E,G"
  std::string languages;      // e.g. "ja,en"; empty: ja
  std::string fee_min_yen;    // e.g. "１００，０００" or "100000円"; may be empty
  std::string fee_max_yen;
  bool accepting = true;
  std::string contact;
};

enum class AccreditationChange { kSuspend, kReinstate, kWithdraw };

// One entry of the directory or the registry, with the organisation it belongs to.
struct AssessorEntry {
  Accreditation accreditation;
  std::optional<Organisation> organisation;
  // True while active and valid on the day the entry was read.
  bool in_force = false;
};

// Directory filters as typed (empty: any). kind expert|body; region a prefecture as in
// AccreditationInput; industry one JSIC major letter; language a tag; accepting
// yes|no|true|false|1|0.
struct DirectoryQuery {
  std::string kind, region, industry, language, accepting;
};

// A prefecture (JIS X 0401).
struct Prefecture {
  std::string_view code;  // "01".."47"
  std::string_view ja;    // 北海道, 東京都 ...
  std::string_view en;    // Hokkaido, Tokyo ...
};
const std::vector<Prefecture>& Prefectures();
// The prefecture `text` names (code, Japanese name with or without 都道府県, English name in
// any case); none otherwise.
const Prefecture* FindPrefecture(std::string_view text);

// `text` with full-width ASCII (U+FF01..U+FF5E) and the ideographic space made ASCII, and
// surrounding spaces removed (what Japanese keyboards type into number and code fields).
std::string FoldWidth(std::string_view text);
// A yen amount as typed: digits with optional separators (, _ space) and a trailing 円 or
// "yen"; kInvalid otherwise or above 10^10. Empty text gives none.
Result<std::optional<int64_t>> ParseYen(std::string_view text, std::string_view field);

class AssessorService {
 public:
  static constexpr int64_t kMaxDirectoryEntries = 500;
  static constexpr int64_t kMaxRegistryEntries = 10000;

  explicit AssessorService(Context& context) : context_(context) {}

  // Operator: accredits an expert (who is given the role assessor in the same transaction)
  // or a body. kNotFound for an unknown user or organisation; kInvalid for a bad field;
  // kConflict when the subject already holds an accreditation that is not withdrawn, or the
  // number is taken.
  Result<Accreditation> Accredit(const AccreditationInput& input);
  // Operator: suspends (active → suspended), reinstates (suspended → active) or withdraws
  // (active or suspended → withdrawn, final) accreditation `id`, dated today. A reason is
  // required to suspend or withdraw. kNotFound, kConflict for a change its status forbids.
  Result<Accreditation> Change(int64_t id, AccreditationChange change, const std::string& reason);
  // The operator or the hub admin: every accreditation, newest first, with its organisation.
  Result<std::vector<AssessorEntry>> Registry();
  // Signed-in users: accreditations active and valid today that match `query`, by name.
  // kInvalid names a filter that cannot be understood.
  Result<std::vector<AssessorEntry>> Directory(const DirectoryQuery& query);

  // Inside the transaction that confirms (★3, !third_party) or verifies (★4) `assessment`,
  // dated `date` (at most today): kForbidden unless the signed-in caller holds an active
  // expert accreditation (★3), or its organisation an active body accreditation (★4), valid
  // from `date` through today; kForbidden for a conflict of interest (the caller's
  // organisation is the supplier or a party to a relationship with it, RelatedOrganisations);
  // kConflict when the submission recorded no management declaration.
  Status RequireMayAttest(const AssessmentRecord& assessment, bool third_party, const Date& date);
  // At submission: kInvalid unless organisation `assessor_org_id` holds an accreditation in
  // force today, and has no conflict of interest with the supplier `supplier_org_id`.
  Status RequireAssessorMayBeNamed(int64_t supplier_org_id, int64_t assessor_org_id);
  // Checks a declaration given at submission of `assessment`, and returns the row to store
  // (recorded by the caller, now). kInvalid names the field at fault.
  Result<StoredDeclaration> PrepareDeclaration(const DeclarationInput& input,
                                               const AssessmentRecord& assessment);
  // The declaration stored for assessment `id`, for those who may read its answers (its
  // supplier, and an organisation it was shared with in detail: its assessor). kNotFound
  // when not visible or none was recorded.
  Result<StoredDeclaration> Declaration(int64_t assessment_id);

 private:
  Result<std::vector<AssessorEntry>> WithOrganisations(std::vector<Accreditation> list);

  Context& context_;
};

}  // namespace hoshitori::service
