// libFuzzer target: organisation CSV files (`hoshitori org import`). Any bytes must give
// organisations or an error naming the row — never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interchange/organisation_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hoshitori::interchange::ReadOrganisationsCsv(
      text, [&](const hoshitori::interchange::OrganisationCsvRow& row) -> hoshitori::Status {
        // Every row passed on is valid: a name, and sizes that are not negative.
        if (row.organisation.name.empty()) __builtin_trap();
        if (row.organisation.employees && *row.organisation.employees < 0) __builtin_trap();
        if (row.organisation.capital_yen && *row.organisation.capital_yen < 0) __builtin_trap();
        return hoshitori::OkStatus();
      });
  return 0;
}
