// Importing answers into the store: one assessment from one file, or a whole industry
// campaign (many organisations' answers in one CSV). Each import is one transaction: a file
// with any bad row changes nothing, and the error names the row and the reason.
#pragma once

#include <string_view>
#include <vector>

#include "catalog/framework.h"
#include "store/store.h"

namespace hoshitori {

// Adds an assessment with its answers in one transaction. Returns the new id.
Result<int64_t> ImportAssessment(Store& store, const AssessmentRecord& record,
                                 const std::vector<Answer>& answers);

struct CampaignImportSummary {
  int organisations = 0;
  int answers = 0;
  std::vector<int64_t> assessment_ids;  // in order of first appearance in the file
};

// Reads a campaign CSV — header `corporate_number,ref,status[,maturity,comment,evidence]`,
// one row per answer, rows of one organisation need not be adjacent — and adds one
// assessment per organisation with `record_template`'s framework, scope and attestation.
// Every organisation must be registered already. All or nothing.
Result<CampaignImportSummary> ImportCampaign(Store& store, const Framework& framework,
                                             const AssessmentRecord& record_template,
                                             std::string_view csv_text);

}  // namespace hoshitori
