// libFuzzer target: supply-chain relationship files (CSV or JSON). Any bytes must give
// relationships or errors naming the row — never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/corporate_number.h"
#include "interchange/relationship_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Every well-formed corporate number stands for a registered organisation, its id the
  // number's last digits: rows get as far into validation as the bytes allow.
  const hoshitori::interchange::OrganisationIdOf organisation_id =
      [](const std::string& where, std::string_view what,
         std::string_view number) -> hoshitori::Result<int64_t> {
    auto parsed = hoshitori::CorporateNumber::Parse(number);
    if (!parsed) return hoshitori::MakeError(where + ": " + std::string(what));
    return static_cast<int64_t>(std::stoll(parsed->digits().substr(7)));
  };
  (void)hoshitori::interchange::ReadRelationshipRows(
      text,
      [&](const hoshitori::interchange::RelationshipRow& row) {
        (void)hoshitori::interchange::ParseRelationshipRow(row, organisation_id, std::nullopt);
        return true;
      },
      [](std::string) { return true; });
  return 0;
}
