// Scoring: turns answers into derived results — category maturity and coverage, the
// questionnaire's point score and band, the star (and Lv) level the answers are eligible
// for, the gaps to the next level, and an action plan. Nothing here is typed in by a user.
//
// Rules (pinned by tests/cases/scoring/*.test):
// - coverage of a category = sum(weight * credit) / sum(weight) over applicable criteria,
//   credit 1 for implemented, 0.5 for partial, 0 otherwise; not_applicable is left out.
// - maturity of a criterion = the given 0..5 value, else 3 for implemented, 1 for partial,
//   0 for not_implemented / unknown; a category's maturity is the mean over applicable
//   criteria.
// - a level L is eligible when every criterion tagged with a level <= L is implemented or
//   not_applicable; the eligible level is the highest level present in the framework that
//   is reached without skipping a failed lower one.
// - the action plan lists every unmet tagged criterion (and untagged ones after them),
//   grouped by the level it is needed for (the next level first), and within a group by
//   risk reduction per effort = weight * (1 - credit) / effort, highest first.
//
// ScoringModel is immutable after construction and safe to share across threads.
#pragma once

#include <optional>
#include <vector>

#include "assess/answers.h"
#include "catalog/framework.h"

namespace hoshitori {

struct CategoryScore {
  int category = 0;  // index into Framework::categories
  double maturity = 0;
  double coverage = 0;
  int implemented = 0, partial = 0, not_implemented = 0, unknown = 0, not_applicable = 0;
  int applicable() const { return implemented + partial + not_implemented + unknown; }
};

struct PointsScore {
  int points = 0;
  int max = 0;
  int band = -1;  // index into Scoring::bands, -1 when no band covers the points
};

struct PlanStep {
  NodeIndex node = -1;
  AnswerStatus status = AnswerStatus::kUnknown;
  int needed_for_star = 0;  // 0 when the criterion is not tagged with a star level
  double priority = 0;      // weight * (1 - credit) / effort
};

struct Evaluation {
  std::vector<CategoryScore> categories;
  int unanswered = 0;   // criteria with no answer (scored as unknown)
  double maturity = 0;  // mean over all applicable criteria
  double coverage = 0;
  std::optional<PointsScore> points;
  int eligible_star = 0;  // 0..5
  int next_star = 0;      // lowest star above eligible_star present in the framework, 0 if none
  int eligible_lv = 0;    // 0..3, for Lv-tagged guidelines
  LevelTags present_stars = 0;  // star tags the framework uses (bit s-1 for ★s)
  std::vector<NodeIndex> gaps_to_next;  // unmet criteria needed for next_star
  std::vector<PlanStep> plan;
};

// The per-criterion facts scoring needs, in assessable order, precomputed once per framework.
class ScoringModel {
 public:
  explicit ScoringModel(const Framework& framework);

  const Framework& framework() const { return framework_; }

  // Full evaluation with gaps and plan.
  Evaluation Evaluate(const ResponseVector& responses) const;

  // Just the level: the eligible star for a row of statuses (size = assessable count).
  // This is the hot path for bulk scoring.
  int EligibleStar(const AnswerStatus* status) const;

  // Adds each criterion's maturity into `sums[category]` and counts applicable criteria in
  // `counts[category]`; both sized categories().size(). Hot path for bulk scoring.
  void AccumulateMaturity(const AnswerStatus* status, const int8_t* maturity, double* sums,
                          int* counts) const;

  // Criterion maturity as defined above (-1 for not_applicable).
  static int CriterionMaturity(AnswerStatus status, int8_t given);

  // The star tags present in the framework (bit s-1 for ★s).
  LevelTags present_stars() const;

 private:
  const Framework& framework_;
  std::vector<int16_t> category_;   // per assessable position
  std::vector<int8_t> star_;        // lowest star tag, 0 = none
  std::vector<int8_t> lv_;          // lowest lv tag, 0 = none
  std::vector<int8_t> weight_;
  std::vector<int8_t> effort_;
  bool star_present_[6] = {};
  bool lv_present_[4] = {};
};

}  // namespace hoshitori
