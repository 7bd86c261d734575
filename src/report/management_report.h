// The management report: one supplier's assessment on paper for its executives, in one
// language (Japanese or English) — the level it holds and the level its answers are eligible
// for, a radar of coverage by category (with the industry average when the caller may show
// it), the gaps to the next level and the action plan with effort hints. Long gap lists and
// plans flow over as many A4 pages as they need.
//
// The report is a rendering of values the caller already read and authorised (the service
// layer builds it); it decides nothing itself. Words for statuses, attestation kinds and
// effort are the report's own, in both languages.
//
// Bounds (refused with ErrorKind::kInvalid, naming the field): every text well-formed UTF-8
// without control characters, at most kMaxReportTextBytes bytes (a line feed allowed only in
// reasons); at most kMaxCategories categories, kMaxReasons reasons, kMaxReportItems gaps and
// kMaxReportItems plan steps; stars 0..5; coverages and averages in 0..1.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace hoshitori::report {

inline constexpr size_t kMaxReportTextBytes = 2048;
inline constexpr size_t kMaxCategories = 32;
inline constexpr size_t kMaxReasons = 16;
inline constexpr size_t kMaxReportItems = 2000;

enum class Language { kJapanese, kEnglish };

// "ja" or "en" (anything else is Japanese, the pages' default).
Language LanguageFromCode(std::string_view code);

struct CategoryLine {
  std::string name;                                       // in the report's language
  double coverage = 0;                                    // 0..1
  int implemented = 0, partial = 0, not_implemented = 0;  // not_implemented includes unknown
  std::optional<double> average;  // the industry's mean coverage, when shown
};

struct GapLine {
  std::string ref;
  std::string title;
};

struct ActionLine {
  std::string ref;
  std::string title;
  std::string status;       // "not_implemented", "partial", "unknown" (or another answer status)
  int needed_for_star = 0;  // 0 when the criterion carries no star tag
  int effort = 2;           // 1 small .. 3 large
};

struct ManagementReport {
  Language language = Language::kJapanese;
  std::string organisation;      // the supplier's name
  std::string corporate_number;  // 13 digits, or "" when unknown
  std::string assessment;        // how the assessment is named, e.g. "#11"
  std::string framework;         // the framework's name in the report's language
  std::string status;            // "draft", "submitted", "confirmed", "verified", "expired", ...
  std::string attestation;       // "self", "expert_confirmed" or "third_party"
  int held_star = 0;
  int eligible_star = 0;
  int next_star = 0;                 // 0 when there is no higher level in the framework
  std::string valid_until;           // YYYY-MM-DD or ""
  std::vector<std::string> reasons;  // why the held level is below the eligible one
  // Whether the reader may see the evaluation (categories, gaps, plan); false for a buyer
  // holding a level-only share: the report then says so instead of showing empty sections.
  bool details = true;
  std::vector<CategoryLine> categories;
  int average_contributors = 0;  // organisations behind the averages; 0 when not shown
  int unanswered = 0;
  std::vector<GapLine> gaps;     // unmet criteria needed for next_star
  std::vector<ActionLine> plan;  // in the order to act on
  std::string generated_on;      // YYYY-MM-DD, printed and the PDF's creation date
};

// Checks `report` against the bounds above; the error names the field.
Status CheckManagementReport(const ManagementReport& report);

// The report as PDF bytes (A4, as many pages as it needs), or an error: kInvalid for a broken
// bound or a character no installed font can show; kInternal when cairo fails. The same
// report gives the same bytes. Thread-safe.
Result<std::string> RenderManagementReportPdf(const ManagementReport& report);

}  // namespace hoshitori::report
