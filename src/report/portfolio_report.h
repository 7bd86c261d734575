// The supplier-portfolio report: a buyer's suppliers on paper, in one language — counts by
// compliance with the buyer's policy and by level held, the suppliers whose level is unknown
// (nothing shared), and the full list with level, attestation, expiry, requirement, tier and
// compliance. About 40 suppliers a page.
//
// A rendering of rows the caller already read and authorised (the service layer builds it
// from the buyer's supplier board, which shows only what the buyer may read).
//
// Bounds (refused with ErrorKind::kInvalid, naming the field): at most kMaxPortfolioRows rows;
// every text well-formed UTF-8 without control characters, at most kMaxReportTextBytes bytes;
// stars 0..5; tiers 0..kMaxPortfolioTier.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "report/management_report.h"

namespace hoshitori::report {

inline constexpr size_t kMaxPortfolioRows = 20'000;
inline constexpr int kMaxPortfolioTier = 1'000;

enum class Compliance { kMeets, kBelow, kUnknown, kExpired, kOutsideChain };

struct PortfolioRow {
  std::string name;
  std::string corporate_number;
  int held_star = 0;
  std::string attestation;  // "self", "expert_confirmed", "third_party"; "" when none held
  std::string valid_until;  // YYYY-MM-DD or ""
  Compliance compliance = Compliance::kUnknown;
  int required_star = 0;  // 0 outside the chain
  int tier = 0;           // 0 outside the chain
  std::string reason;     // why the level is required, or the verdict's reason
};

struct PortfolioReport {
  Language language = Language::kJapanese;
  std::string buyer;               // the buyer's name
  std::string buyer_number;        // its corporate number, or ""
  std::string generated_on;        // YYYY-MM-DD
  std::vector<PortfolioRow> rows;  // in the order to print
};

// Checks `report` against the bounds above; the error names the field.
Status CheckPortfolioReport(const PortfolioReport& report);

// The report as PDF bytes (A4, as many pages as it needs), or an error: kInvalid for a broken
// bound or a character no installed font can show; kInternal when cairo fails. The same
// report gives the same bytes. Thread-safe. About 0.4 ms of CPU per supplier
// (docs/benchmarks.md, "Report PDFs").
Result<std::string> RenderPortfolioReportPdf(const PortfolioReport& report);

}  // namespace hoshitori::report
