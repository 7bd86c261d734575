// Building organisations from user input, and importing them from CSV in one transaction.
#pragma once

#include <string>
#include <string_view>

#include "store/store.h"

namespace hoshitori {

// Validates the fields of one organisation. `where` prefixes messages ("row 3").
Result<Organisation> MakeOrganisation(std::string_view where, std::string_view number,
                                      std::string_view name, std::string_view industry,
                                      std::string_view employees, std::string_view capital);

// Registers every organisation of a CSV (header corporate_number,name,industry,employees,
// capital_yen). All or nothing; returns how many were added.
Result<int> ImportOrganisationsCsv(Store& store, std::string_view csv_text);

}  // namespace hoshitori
