#include "interchange/organisation_csv.h"

#include <charconv>

#include "core/csv.h"

namespace hoshitori::interchange {

namespace {
Result<std::optional<int64_t>> ParseCount(std::string_view where, std::string_view what,
                                          std::string_view text) {
  if (text.empty()) return std::optional<int64_t>();
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return MakeError(std::string(where) + ": " + std::string(what) + " '" + std::string(text) +
                     "' must be a whole number of 0 or more");
  }
  return std::optional<int64_t>(value);
}
}  // namespace

Result<OrganisationFields> MakeOrganisation(std::string_view where, std::string_view number,
                                            std::string_view name, std::string_view industry,
                                            std::string_view employees, std::string_view capital) {
  const std::string prefix = std::string(where) + ": ";
  auto corporate_number = CorporateNumber::Parse(number);
  if (!corporate_number) return MakeError(prefix + corporate_number.error().message);
  if (name.empty()) return MakeError(prefix + "the organisation needs a name");
  auto parsed_industry = Industry::Parse(industry);
  if (!parsed_industry) return MakeError(prefix + parsed_industry.error().message);
  auto parsed_employees = ParseCount(where, "employees", employees);
  if (!parsed_employees) return parsed_employees.error();
  auto parsed_capital = ParseCount(where, "capital", capital);
  if (!parsed_capital) return parsed_capital.error();
  return OrganisationFields{*corporate_number, std::string(name), *parsed_industry,
                            *parsed_employees, *parsed_capital};
}

Status ReadOrganisationsCsv(std::string_view csv_text,
                            const std::function<Status(const OrganisationCsvRow&)>& row) {
  auto records = ParseCsv(csv_text);
  if (!records) return records.error();
  if (records->empty() || records->front().fields.size() < 3 ||
      records->front().fields[0] != "corporate_number") {
    return MakeError(
        "row 1: the first row must be the header "
        "corporate_number,name,industry,employees,capital_yen");
  }
  for (size_t i = 1; i < records->size(); ++i) {
    const CsvRecord& record = (*records)[i];
    const auto& f = record.fields;
    const std::string where = "row " + std::to_string(record.line);
    if (f.size() < 3 || f.size() > 5) {
      return MakeError(where + ": expected 3 to 5 columns, found " + std::to_string(f.size()));
    }
    auto organisation = MakeOrganisation(where, f[0], f[1], f[2], f.size() > 3 ? f[3] : "",
                                         f.size() > 4 ? f[4] : "");
    if (!organisation) return organisation.error();
    if (Status s = row(OrganisationCsvRow{where, std::move(organisation).value()}); !s) return s;
  }
  return OkStatus();
}

}  // namespace hoshitori::interchange
