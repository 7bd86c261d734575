// ReminderRepository: the reads of the daily reminder job (issue 15, service/reminder_service.h)
// over one SqlSession — assessments whose stored validity ends within a window, and open
// requests whose deadline falls within one.
//
// The requests' deadline column (assessment_requests.deadline, TEXT YYYY-MM-DD or NULL) is
// added by migration 019 on the `bulk` branch of issue 15; DueRequests is the only statement
// here that names it, so until that migration is applied it fails with the database's "no
// such column" error and nothing else does.
//
// Not thread-safe: one per session, like the session.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

// An assessment of status confirmed or verified, not suspended, whose validity may end in the
// window asked for: its valid_until in the window, or (without one) its valid_from in the
// window of starts that end there for its attestation kind.
struct ExpiringAssessmentRow {
  int64_t id = 0;
  int64_t org_id = 0;
};

// An open request (not answered, not withdrawn) whose deadline falls in the window asked for.
struct DueRequestRow {
  int64_t id = 0;
  int64_t buyer_org_id = 0;
  int64_t supplier_org_id = 0;
  std::string framework_id;
  std::string deadline;  // YYYY-MM-DD
};

class ReminderRepository {
 public:
  explicit ReminderRepository(SqlSession& session) : session_(session) {}

  // Candidates whose validity ends between `from` and `to` (YYYY-MM-DD, both included), by
  // id: valid_until in [from, to], or no valid_until and valid_from in [expert_from,
  // expert_to] (expert-confirmed) or [third_party_from, third_party_to] (third party). The
  // caller decides with the attestation's rules (assess/star_level.h); the windows may be
  // wider than exact.
  struct Window {
    std::string from, to;
    std::string expert_from, expert_to;
    std::string third_party_from, third_party_to;
  };
  Result<std::vector<ExpiringAssessmentRow>> ExpiringAssessments(const Window& window);
  // Open requests whose deadline is between `from` and `to` (both included), by id.
  Result<std::vector<DueRequestRow>> DueRequests(const std::string& from, const std::string& to);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
