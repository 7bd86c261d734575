// AssessmentTable: the answers of many assessments of one framework, held column-dense in
// memory (one status and one maturity byte per criterion per assessment) so that whole
// campaigns or national populations can be scored and aggregated in one pass.
//
// Not thread-safe for writes; concurrent const use is safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "assess/scoring.h"

namespace hoshitori {

class AssessmentTable {
 public:
  explicit AssessmentTable(const Framework& framework);

  // Starts a new assessment row (all criteria unknown) and returns its row index.
  size_t AddAssessment(int64_t assessment_id);
  // Sets one answer of the row last added. Returns false when `node_id` is not an
  // assessable node of the framework (the answer is ignored).
  bool SetAnswer(std::string_view node_id, AnswerStatus status, int maturity);

  size_t size() const { return ids_.size(); }
  int64_t assessment_id(size_t row) const { return ids_[row]; }
  const AnswerStatus* statuses(size_t row) const { return &status_[row * width_]; }
  const int8_t* maturities(size_t row) const { return &maturity_[row * width_]; }
  size_t MemoryBytes() const;

  struct Scores {
    std::vector<uint8_t> eligible_star;  // per row
    // Per row, per category: mean maturity over applicable criteria (0 when none).
    std::vector<float> category_maturity;
    size_t categories = 0;
  };
  // Scores every row: eligible star and category maturity (rules as in scoring.h).
  Scores ScoreAll(const ScoringModel& model) const;

 private:
  const Framework& framework_;
  size_t width_;
  std::unordered_map<std::string_view, int> position_;
  std::vector<int64_t> ids_;
  std::vector<AnswerStatus> status_;
  std::vector<int8_t> maturity_;
};

}  // namespace hoshitori
