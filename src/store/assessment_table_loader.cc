#include "store/assessment_table_loader.h"

namespace hoshitori {

Status LoadAssessmentTable(Store& store, const Framework& framework, AssessmentTable& table,
                           size_t* skipped) {
  int64_t current = -1;
  size_t ignored = 0;
  Status status = store.ForEachAnswer(
      framework.id, [&](int64_t assessment_id, std::string_view node_id, AnswerStatus answer, int maturity) {
        if (assessment_id != current) {
          table.AddAssessment(assessment_id);
          current = assessment_id;
        }
        if (!table.SetAnswer(node_id, answer, maturity)) ++ignored;
      });
  if (skipped) *skipped = ignored;
  return status;
}

}  // namespace hoshitori
