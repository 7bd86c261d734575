#include "assess/scoring.h"

#include <algorithm>

namespace hoshitori {

namespace {

double Credit(AnswerStatus status) {
  switch (status) {
    case AnswerStatus::kImplemented: return 1.0;
    case AnswerStatus::kPartial: return 0.5;
    default: return 0.0;
  }
}

int LowestLv(LevelTags tags) {
  if (tags & kLv1) return 1;
  if (tags & kLv2) return 2;
  if (tags & kLv3) return 3;
  return 0;
}

// Highest present level below the first failed level, without skipping.
template <size_t N>
int EligibleFrom(const bool (&present)[N], int first_failed) {
  int eligible = 0;
  for (int level = 1; level < static_cast<int>(N) && level < first_failed; ++level) {
    if (present[level]) eligible = level;
  }
  return eligible;
}

}  // namespace

ScoringModel::ScoringModel(const Framework& framework) : framework_(framework) {
  for (NodeIndex index : framework.assessable()) {
    const RequirementNode& node = framework.nodes()[index];
    category_.push_back(static_cast<int16_t>(node.category));
    star_.push_back(static_cast<int8_t>(LowestStar(node.levels)));
    lv_.push_back(static_cast<int8_t>(LowestLv(node.levels)));
    weight_.push_back(static_cast<int8_t>(node.weight));
    effort_.push_back(static_cast<int8_t>(node.effort));
    star_present_[star_.back()] = true;
    lv_present_[lv_.back()] = true;
  }
}

int ScoringModel::CriterionMaturity(AnswerStatus status, int8_t given) {
  if (status == AnswerStatus::kNotApplicable) return -1;
  if (given >= 0) return given;
  switch (status) {
    case AnswerStatus::kImplemented: return 3;
    case AnswerStatus::kPartial: return 1;
    default: return 0;
  }
}

LevelTags ScoringModel::present_stars() const {
  LevelTags tags = 0;
  for (int star = 1; star <= 5; ++star) {
    if (star_present_[star]) tags |= static_cast<LevelTags>(1 << (star - 1));
  }
  return tags;
}

int ScoringModel::EligibleStar(const AnswerStatus* status) const {
  int first_failed = 6;
  const size_t n = star_.size();
  for (size_t i = 0; i < n; ++i) {
    const int star = star_[i];
    if (star != 0 && star < first_failed && !Satisfies(status[i])) first_failed = star;
  }
  return EligibleFrom(star_present_, first_failed);
}

void ScoringModel::AccumulateMaturity(const AnswerStatus* status, const int8_t* maturity,
                                      double* sums, int* counts) const {
  const size_t n = category_.size();
  for (size_t i = 0; i < n; ++i) {
    const int m = CriterionMaturity(status[i], maturity[i]);
    if (m < 0) continue;
    sums[category_[i]] += m;
    counts[category_[i]] += 1;
  }
}

Evaluation ScoringModel::Evaluate(const ResponseVector& responses) const {
  Evaluation result;
  const size_t n = category_.size();
  result.categories.resize(framework_.categories.size());
  std::vector<double> weighted_credit(framework_.categories.size(), 0.0);
  std::vector<double> weight_sum(framework_.categories.size(), 0.0);
  std::vector<double> maturity_sum(framework_.categories.size(), 0.0);
  double all_credit = 0, all_weight = 0, all_maturity = 0;
  int all_applicable = 0;
  int first_failed_star = 6, first_failed_lv = 4;

  for (size_t i = 0; i < n; ++i) {
    const AnswerStatus status = responses.status[i];
    if (!responses.answered[i]) ++result.unanswered;
    CategoryScore& category = result.categories[category_[i]];
    switch (status) {
      case AnswerStatus::kImplemented: ++category.implemented; break;
      case AnswerStatus::kPartial: ++category.partial; break;
      case AnswerStatus::kNotImplemented: ++category.not_implemented; break;
      case AnswerStatus::kUnknown: ++category.unknown; break;
      case AnswerStatus::kNotApplicable: ++category.not_applicable; break;
    }
    if (status != AnswerStatus::kNotApplicable) {
      const double credit = Credit(status);
      weighted_credit[category_[i]] += weight_[i] * credit;
      weight_sum[category_[i]] += weight_[i];
      const int m = CriterionMaturity(status, responses.maturity[i]);
      maturity_sum[category_[i]] += m;
      all_credit += weight_[i] * credit;
      all_weight += weight_[i];
      all_maturity += m;
      ++all_applicable;
    }
    if (!Satisfies(status)) {
      if (star_[i] != 0) first_failed_star = std::min<int>(first_failed_star, star_[i]);
      if (lv_[i] != 0) first_failed_lv = std::min<int>(first_failed_lv, lv_[i]);
    }
  }
  for (size_t c = 0; c < result.categories.size(); ++c) {
    CategoryScore& category = result.categories[c];
    category.category = static_cast<int>(c);
    const int applicable = category.applicable();
    category.maturity = applicable ? maturity_sum[c] / applicable : 0.0;
    category.coverage = weight_sum[c] > 0 ? weighted_credit[c] / weight_sum[c] : 0.0;
  }
  result.maturity = all_applicable ? all_maturity / all_applicable : 0.0;
  result.coverage = all_weight > 0 ? all_credit / all_weight : 0.0;
  result.eligible_star = EligibleFrom(star_present_, first_failed_star);
  result.eligible_lv = EligibleFrom(lv_present_, first_failed_lv);
  result.present_stars = present_stars();
  for (int star = result.eligible_star + 1; star <= 5; ++star) {
    if (star_present_[star]) { result.next_star = star; break; }
  }

  if (framework_.scoring) {
    PointsScore points;
    points.max = framework_.scoring->max;
    for (size_t i = 0; i < n; ++i) {
      const RequirementNode& node = framework_.nodes()[framework_.assessable()[i]];
      AnswerStatus status = responses.status[i];
      if (status == AnswerStatus::kNotApplicable) status = framework_.scoring->not_applicable_counts_as;
      const int chosen = responses.choice[i];
      if (chosen >= 0 && responses.status[i] != AnswerStatus::kNotApplicable) {
        points.points += node.choices[chosen].points;
        continue;
      }
      // No explicit choice: the first choice with that status; unanswered reads as unknown.
      for (const Choice& c : node.choices) {
        if (c.status == status) { points.points += c.points; break; }
      }
    }
    const auto& bands = framework_.scoring->bands;
    for (size_t b = 0; b < bands.size(); ++b) {
      if (points.points >= bands[b].min && points.points <= bands[b].max) points.band = static_cast<int>(b);
    }
    result.points = points;
  }

  for (size_t i = 0; i < n; ++i) {
    const AnswerStatus status = responses.status[i];
    if (Satisfies(status)) continue;
    const NodeIndex node = framework_.assessable()[i];
    if (result.next_star != 0 && star_[i] != 0 && star_[i] <= result.next_star) {
      result.gaps_to_next.push_back(node);
    }
    PlanStep step;
    step.node = node;
    step.status = status;
    step.needed_for_star = star_[i];
    step.priority = weight_[i] * (1.0 - Credit(status)) / effort_[i];
    result.plan.push_back(step);
  }
  // Untagged criteria (needed_for_star 0) go last; ties keep catalog order.
  std::stable_sort(result.plan.begin(), result.plan.end(), [](const PlanStep& a, const PlanStep& b) {
    const int ga = a.needed_for_star == 0 ? 99 : a.needed_for_star;
    const int gb = b.needed_for_star == 0 ? 99 : b.needed_for_star;
    if (ga != gb) return ga < gb;
    return a.priority > b.priority;
  });
  return result;
}

}  // namespace hoshitori
