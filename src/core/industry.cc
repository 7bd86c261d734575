#include "core/industry.h"

namespace hoshitori {

Result<Industry> Industry::Parse(std::string_view text) {
  auto fail = [&]() -> Result<Industry> {
    return MakeError("industry '" + std::string(text) +
                     "' is not a JSIC code; write the major group letter A-T, optionally with "
                     "the middle group, e.g. E, I-56, G-39");
  };
  if (text.empty() || text[0] < 'A' || text[0] > 'T') return fail();
  Industry industry;
  industry.major = text[0];
  std::string_view rest = text.substr(1);
  if (!rest.empty() && rest[0] == '-') rest.remove_prefix(1);
  if (rest.empty()) {
    if (text.size() != 1) return fail();
    return industry;
  }
  if (rest.size() != 2 || rest[0] < '0' || rest[0] > '9' || rest[1] < '0' || rest[1] > '9') {
    return fail();
  }
  industry.middle = (rest[0] - '0') * 10 + (rest[1] - '0');
  return industry;
}

std::string Industry::ToString() const {
  std::string out(1, major);
  if (middle) {
    out += '-';
    if (*middle < 10) out += '0';
    out += std::to_string(*middle);
  }
  return out;
}

SmeSector Industry::sector() const {
  const int m = middle.value_or(-1);
  switch (major) {
    case 'I':  // wholesale and retail trade
      if (m >= 56 && m <= 61) return SmeSector::kRetail;
      return SmeSector::kWholesale;  // 50-55, and the conservative default without a middle group
    case 'M':  // accommodations, eating and drinking services
      if (m == 76 || m == 77) return SmeSector::kRetail;
      return SmeSector::kServices;
    case 'G':  // information and communications: broadcasting and information services
      if (m == 38 || m == 39 || m == 41) return SmeSector::kServices;
      return SmeSector::kManufacturingAndOthers;
    case 'K':  // goods rental and leasing
      if (m == 70) return SmeSector::kServices;
      return SmeSector::kManufacturingAndOthers;
    case 'L': case 'N': case 'O': case 'P': case 'Q': case 'R':
      return SmeSector::kServices;
    default:
      return SmeSector::kManufacturingAndOthers;
  }
}

std::string_view SmeSectorName(SmeSector sector) {
  switch (sector) {
    case SmeSector::kManufacturingAndOthers: return "manufacturing_and_others";
    case SmeSector::kWholesale: return "wholesale";
    case SmeSector::kRetail: return "retail";
    case SmeSector::kServices: return "services";
  }
  return "manufacturing_and_others";
}

bool IsSme(SmeSector sector, std::optional<int64_t> employees, std::optional<int64_t> capital_yen) {
  int64_t max_employees = 300;
  int64_t max_capital = 300'000'000;
  switch (sector) {
    case SmeSector::kManufacturingAndOthers: break;
    case SmeSector::kWholesale: max_employees = 100; max_capital = 100'000'000; break;
    case SmeSector::kRetail: max_employees = 50; max_capital = 50'000'000; break;
    case SmeSector::kServices: max_employees = 100; max_capital = 50'000'000; break;
  }
  return (employees && *employees <= max_employees) || (capital_yen && *capital_yen <= max_capital);
}

}  // namespace hoshitori
