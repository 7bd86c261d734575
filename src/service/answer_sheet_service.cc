#include "service/answer_sheet_service.h"

#include <algorithm>
#include <map>

#include "service/assessment_service.h"
#include "service/sharing_service.h"

namespace hoshitori::service {

Result<SupplierAnswerSheet> AnswerSheetService::Sheet(const std::string& framework_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  const Framework* framework = context_.catalog.FindFramework(framework_id);
  if (!framework) {
    return Invalid("Unknown framework", "framework '" + framework_id + "' is not in the catalog");
  }
  TRY_ASSIGN(auto shared, SharingService(context_).ActiveSharesTo(p.org_id));
  // Per supplier the latest assessment shared; of one assessment shared twice, the share
  // with the details.
  std::map<int64_t, const SharedAssessment*> latest;
  for (const SharedAssessment& s : shared) {
    if (s.record.framework_id != framework_id) continue;
    const SharedAssessment*& kept = latest[s.record.org_id];
    const auto rank = [](const SharedAssessment& a) {
      return std::pair{a.record.id, a.share.detail == ShareDetail::kDetails};
    };
    if (!kept || rank(s) > rank(*kept)) kept = &s;
  }
  SupplierAnswerSheet sheet;
  sheet.framework = framework;
  const Date today = context_.clock.Today();
  for (const auto& [org, s] : latest) {
    SupplierAnswerRow row{s->supplier, s->record, s->share.detail, 0, std::nullopt, {}};
    if (s->result) {
      const HeldLevel held = DetermineHeldLevel(s->result->eligible_star, s->result->present_stars,
                                                s->record.attestation, today);
      row.held_star = held.star;
      row.held_until = held.valid_until;
    }
    if (row.detail == ShareDetail::kDetails) {
      TRY_ASSIGN(const auto answered, AssessmentService(context_).Answers(s->record.id));
      row.answers.assign(framework->assessable().size(), std::nullopt);
      for (const Answer& answer : answered.second) {
        const NodeIndex node = framework->Find(answer.node_id);
        if (node < 0) continue;
        const int position = framework->AssessablePosition(node);
        if (position >= 0) row.answers[position] = answer;
      }
    }
    sheet.rows.push_back(std::move(row));
  }
  std::sort(sheet.rows.begin(), sheet.rows.end(),
            [](const SupplierAnswerRow& a, const SupplierAnswerRow& b) {
              return std::pair{a.supplier.name, a.supplier.corporate_number.digits()} <
                     std::pair{b.supplier.name, b.supplier.corporate_number.digits()};
            });
  return sheet;
}

}  // namespace hoshitori::service
