// Industry classification (JSIC) and the SME rule of the SME Basic Act (中小企業基本法 第2条).
//
// An industry is written as a JSIC major group letter, optionally with the two-digit middle
// group: "E" (manufacturing), "I-56" (retail), "G-39" (information services). The SME sector
// is derived from it; the middle group is needed only where one major group spans two
// sectors (I: wholesale 50-55 / retail 56-61; M: eating places 76-77 count as retail).
// The cabinet-order exceptions (rubber products, software, hotels) are not modelled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori {

enum class SmeSector { kManufacturingAndOthers, kWholesale, kRetail, kServices };

struct Industry {
  char major = 'E';                  // JSIC major group, 'A'..'T'
  std::optional<int> middle;         // JSIC middle group 01..99, if known

  // Parses "E", "I-56", "I56". Error names the accepted forms.
  static Result<Industry> Parse(std::string_view text);
  std::string ToString() const;
  SmeSector sector() const;
};

std::string_view SmeSectorName(SmeSector sector);

// True when the company is an SME for its sector: employees at or below the limit, or
// capital at or below the limit (either suffices). Unknown values do not count.
bool IsSme(SmeSector sector, std::optional<int64_t> employees, std::optional<int64_t> capital_yen);

}  // namespace hoshitori
