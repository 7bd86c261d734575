// Organisations as users write them: the fields of one organisation (the sign-up form,
// `hoshitori org add`) and the organisation CSV (`hoshitori org import`, the demo). Pure: text
// in, validated values out; registering them is the operator's import
// (service/import_service.h) or the account service's.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/corporate_number.h"
#include "core/industry.h"
#include "core/result.h"

namespace hoshitori::interchange {

// One organisation, validated: what registering it needs.
struct OrganisationFields {
  CorporateNumber corporate_number;
  std::string name;
  Industry industry;
  std::optional<int64_t> employees;
  std::optional<int64_t> capital_yen;
};

// Validates the fields of one organisation. `where` prefixes messages ("row 3").
Result<OrganisationFields> MakeOrganisation(std::string_view where, std::string_view number,
                                            std::string_view name, std::string_view industry,
                                            std::string_view employees, std::string_view capital);

// One data row of an organisation CSV.
struct OrganisationCsvRow {
  std::string where;  // "row 3": the row's line, for messages
  OrganisationFields organisation;
};

// Reads an organisation CSV (header corporate_number,name,industry,employees,capital_yen; 3 to
// 5 columns a row). The whole text is read as CSV first, so text that is not CSV fails before
// any row is passed on. Then calls `row` for each data row in order, and stops at the first
// bad row (the error names it: "row 4: ...") or at the first error `row` returns (returned as
// it is).
Status ReadOrganisationsCsv(std::string_view csv_text,
                            const std::function<Status(const OrganisationCsvRow&)>& row);

}  // namespace hoshitori::interchange
