// The campaign CSV of `hoshitori assess import-campaign`: many organisations' answers to one
// framework in one file. Header `corporate_number,ref,status[,maturity,comment,evidence]`, one
// row per answer; the rows of one organisation need not be adjacent. Pure: text in, answers out,
// read as a stream (campaign files run large); storing them is the operator's import
// (service/import_service.h).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "assess/answers.h"
#include "catalog/framework.h"
#include "core/corporate_number.h"
#include "core/result.h"

namespace hoshitori::interchange {

struct CampaignCsvHandler {
  // The first row naming organisation `number`, before its answer is read; organisations are
  // counted from 0 in order of first appearance.
  std::function<Status(const std::string& where, const CorporateNumber& number)> organisation;
  // One answer, valid for the framework and the first of its requirement for that
  // organisation (`organisation` counts as above).
  std::function<Status(const std::string& where, size_t organisation, const Answer& answer)> answer;
};

// Reads `csv_text` against `framework`, calling `handler` row by row. Stops at the first bad row
// (the error names it: "row 4: ...") or at the first error a handler returns (returned as it
// is). An empty file is an error.
Status ReadCampaignCsv(const Framework& framework, std::string_view csv_text,
                       const CampaignCsvHandler& handler);

}  // namespace hoshitori::interchange
