// RelationshipService: the relationships an organisation declares (buyer → supplier edges),
// their confirmation by the other party and their end by either, and the disclosures by which
// an organisation lets buyers upstream see its own relationships (tier-N consent).
//
// A declaration is a one-sided claim until the other party's admin confirms it; either party
// ends it (the other party's admin rejects an unconfirmed claim the same way). Every change is
// one transaction with one audit entry; after its commit the server's in-memory graph
// (Context::chain, when there is one) is updated. A relationship the caller's organisation is
// not a party to is reported as kNotFound.
//
// Not thread-safe: one per Context.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/chain_analysis_service.h"

namespace hoshitori::service {

// A relationship as one of its parties sees it.
enum class RelationshipStatus { kConfirmed, kAwaitingOtherParty, kAwaitingYou };
std::string_view RelationshipStatusName(
    RelationshipStatus status);  // confirmed, awaiting_other_party, ...
std::optional<RelationshipStatus> ParseRelationshipStatus(std::string_view name);

struct RelationshipEntry {
  ChainEdge edge;
  bool as_buyer = false;  // the caller's organisation is the buyer (else the supplier)
  RelationshipStatus status = RelationshipStatus::kConfirmed;
  Party declared_by;
};

struct EndedRelationship {
  SupplyRelationship relationship;
  bool rejected = false;  // an unconfirmed claim ended by the party that did not declare it
};

// A disclosure of the caller's organisation: to one organisation, or to everyone upstream.
struct DisclosureEntry {
  std::optional<Party> viewer;  // none: every buyer upstream
};

// One problem of an uploaded relationship file: the row as the user sees it in the
// spreadsheet (0: the file as a whole), the column's header text ("" when none), and what is
// wrong in Japanese and English.
struct UploadProblem {
  int row = 0;
  std::string column;
  std::string ja, en;
};

// The outcome of an upload: the relationships stored, or (then nothing is stored) the
// problems found, at most RelationshipService::kMaxUploadProblems.
struct UploadOutcome {
  std::vector<SupplyRelationship> stored;
  std::vector<UploadProblem> problems;
};

class RelationshipService {
 public:
  // Bounds of Upload: the file's size (the pages' request body limit), its data rows, and
  // the problems reported before reading stops.
  static constexpr size_t kMaxUploadBytes = 1 << 20;
  static constexpr size_t kMaxUploadRows = 5000;
  static constexpr size_t kMaxUploadProblems = 50;

  explicit RelationshipService(Context& context) : context_(context) {}

  // Declares relationships of the caller's organisation, stored unconfirmed. `declaration` is
  // the relationship interchange text (JSON or CSV, interchange/relationship_file.h) in which the
  // caller's organisation is a party to every row. kInvalid ("Invalid relationships") naming
  // the row and the reason; nothing is stored then.
  Result<std::vector<SupplyRelationship>> Declare(std::string_view declaration);
  // Declares the caller's organisation's suppliers from a spreadsheet (xlsx, first sheet, or
  // CSV): a header row naming the columns (the CSV names of interchange/relationship_file.h,
  // or their Japanese labels as in the template), one supplier a row. The buyer column may be
  // left out (it is the caller's organisation; when present it must be). Every row is checked
  // before anything is written; when any row is bad, nothing is stored and the outcome lists
  // the problems by row and column. Otherwise it is one Declare (one transaction, one audit
  // entry). kInvalid for a file over kMaxUploadBytes or kMaxUploadRows, or one that cannot be
  // read at all; kForbidden as Declare.
  Result<UploadOutcome> Upload(std::string_view file);
  // The template of Upload's file as CSV: the header and one example row.
  static std::string UploadTemplateCsv();

  // The relationships (not ended) the caller's organisation is a party to, as buyer first,
  // optionally only those of one status.
  Result<std::vector<RelationshipEntry>> List(
      std::optional<RelationshipStatus> only = std::nullopt);
  // Confirms relationship `id` declared by the other party (its admin). kConflict when it is
  // already confirmed or was ended or confirmed meanwhile.
  Result<SupplyRelationship> Confirm(int64_t id);
  // Ends relationship `id` (or rejects an unconfirmed claim of the other party).
  Result<EndedRelationship> End(int64_t id);

  // The caller's organisation's disclosures.
  Result<std::vector<DisclosureEntry>> Disclosures();
  // Discloses the caller's organisation's relationships to the organisation with corporate
  // number `viewer`, or to every buyer upstream when none (admins only). kInvalid for a wrong
  // or unknown corporate number.
  Result<Disclosure> Disclose(const std::optional<std::string>& viewer);
  // Withdraws the disclosure to `viewer`: a corporate number, or "upstream". kNotFound when
  // there is no such disclosure.
  Result<Disclosure> Withdraw(const std::string& viewer);

  // For adapters that must authorise before they read a request's body.
  Status MayDeclare();
  Status MayDisclose();

 private:
  // Relationship `id` when the caller's organisation is a party to it and may do `action`.
  Result<SupplyRelationship> PartyTo(int64_t id, Action action);

  Context& context_;
};

}  // namespace hoshitori::service
