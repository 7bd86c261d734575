// AnswerSheetService: a buyer's per-question view across its suppliers (the industry's
// check-sheet habit). For one framework: every supplier that shares an assessment of it with
// the caller's organisation, with the level that assessment confers today and — only where
// the supplier shared the details — its answer to every question.
//
// Only what each supplier shared: the active shares to the caller's organisation
// (SharingService::ActiveSharesTo, each authorised as the buyer's read of the assessment), and
// answers read through AssessmentService::Answers (authorised as a read of the answers, which
// a level-only share does not grant). Members and admins of the buyer read it.
//
// Not thread-safe: one per Context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assess/answers.h"
#include "service/context.h"
#include "store/store.h"

namespace hoshitori::service {

struct SupplierAnswerRow {
  Organisation supplier;
  AssessmentRecord record;  // the supplier's latest shared assessment of the framework
  ShareDetail detail = ShareDetail::kLevel;
  int held_star = 0;  // the level it confers today (0: none)
  std::optional<Date> held_until;
  // By position in framework.assessable(); empty when only the level is shared, and an empty
  // optional for a question not answered.
  std::vector<std::optional<Answer>> answers;
};

struct SupplierAnswerSheet {
  const Framework* framework = nullptr;
  std::vector<SupplierAnswerRow> rows;  // by supplier name, then corporate number
};

class AnswerSheetService {
 public:
  explicit AnswerSheetService(Context& context) : context_(context) {}

  // The sheet of `framework_id` for the caller's organisation. kInvalid ("Unknown framework")
  // when the catalog has no such framework; kForbidden for a caller who may not analyse the
  // organisation's chain.
  Result<SupplierAnswerSheet> Sheet(const std::string& framework_id);

 private:
  Context& context_;
};

}  // namespace hoshitori::service
