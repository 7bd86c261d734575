#include "store/reminder_repository.h"

namespace hoshitori {

Result<std::vector<ExpiringAssessmentRow>> ReminderRepository::ExpiringAssessments(
    const Window& w) {
  std::vector<ExpiringAssessmentRow> rows;
  const auto ran = session_.Execute(
      "cannot read the assessments that expire soon",
      "SELECT id, org_id FROM assessments WHERE status IN ('confirmed', 'verified') "
      "AND suspended = 0 AND ((valid_until >= ? AND valid_until <= ?) OR (valid_until IS NULL AND "
      "((attestation = 'expert_confirmed' AND valid_from >= ? AND valid_from <= ?) OR "
      "(attestation = 'third_party' AND valid_from >= ? AND valid_from <= ?)))) ORDER BY id",
      SqlParams(w.from, w.to, w.expert_from, w.expert_to, w.third_party_from, w.third_party_to),
      [&](const SqlRow& row) {
        rows.push_back({row.Int(0), row.Int(1)});
      });
  if (!ran) return ran.error();
  return rows;
}

Result<std::vector<DueRequestRow>> ReminderRepository::DueRequests(const std::string& from,
                                                                   const std::string& to) {
  std::vector<DueRequestRow> rows;
  const auto ran = session_.Execute(
      "cannot read the requests due soon",
      "SELECT id, org_id, supplier_org_id, framework_id, deadline FROM assessment_requests "
      "WHERE status = 'open' AND deadline IS NOT NULL AND deadline >= ? AND deadline <= ? "
      "ORDER BY id",
      SqlParams(from, to), [&](const SqlRow& row) {
        rows.push_back({row.Int(0), row.Int(1), row.Int(2), row.String(3), row.String(4)});
      });
  if (!ran) return ran.error();
  return rows;
}

}  // namespace hoshitori
