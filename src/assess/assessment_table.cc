#include "assess/assessment_table.h"

namespace hoshitori {

AssessmentTable::AssessmentTable(const Framework& framework)
    : framework_(framework), width_(framework.assessable().size()) {
  for (size_t i = 0; i < width_; ++i) {
    position_.emplace(framework.nodes()[framework.assessable()[i]].id, static_cast<int>(i));
  }
}

size_t AssessmentTable::AddAssessment(int64_t assessment_id) {
  ids_.push_back(assessment_id);
  status_.resize(status_.size() + width_, AnswerStatus::kUnknown);
  maturity_.resize(maturity_.size() + width_, -1);
  return ids_.size() - 1;
}

bool AssessmentTable::SetAnswer(std::string_view node_id, AnswerStatus status, int maturity) {
  auto it = position_.find(node_id);
  if (it == position_.end() || ids_.empty()) return false;
  const size_t at = (ids_.size() - 1) * width_ + it->second;
  status_[at] = status;
  maturity_[at] = static_cast<int8_t>(maturity);
  return true;
}

size_t AssessmentTable::MemoryBytes() const {
  return ids_.capacity() * sizeof(int64_t) + status_.capacity() + maturity_.capacity();
}

AssessmentTable::Scores AssessmentTable::ScoreAll(const ScoringModel& model) const {
  Scores scores;
  scores.categories = framework_.categories.size();
  scores.eligible_star.resize(size());
  scores.category_maturity.resize(size() * scores.categories);
  std::vector<double> sums(scores.categories);
  std::vector<int> counts(scores.categories);
  for (size_t row = 0; row < size(); ++row) {
    scores.eligible_star[row] = static_cast<uint8_t>(model.EligibleStar(statuses(row)));
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(counts.begin(), counts.end(), 0);
    model.AccumulateMaturity(statuses(row), maturities(row), sums.data(), counts.data());
    for (size_t c = 0; c < scores.categories; ++c) {
      scores.category_maturity[row * scores.categories + c] =
          counts[c] ? static_cast<float>(sums[c] / counts[c]) : 0.0f;
    }
  }
  return scores;
}

}  // namespace hoshitori
