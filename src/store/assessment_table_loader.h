// Fills an AssessmentTable from the store: every assessment of the table's framework.
#pragma once

#include "assess/assessment_table.h"
#include "store/store.h"

namespace hoshitori {

// Appends every stored assessment of `framework` with its answers. Answers to nodes the
// framework no longer has are skipped and counted in `skipped` (when given).
Status LoadAssessmentTable(Store& store, const Framework& framework, AssessmentTable& table,
                           size_t* skipped = nullptr);

}  // namespace hoshitori
