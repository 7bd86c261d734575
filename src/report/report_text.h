// Helpers the reports share (internal to src/report/): checks of the text they print and
// their own words in two languages.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "report/management_report.h"

namespace hoshitori::report {

// OK when `text` is well-formed UTF-8 of at most `max_bytes` bytes without control characters
// (C0, DEL, C1; a line feed only when `line_feeds`); otherwise kInvalid naming `field`.
Status CheckReportText(std::string_view text, std::string_view field, bool line_feeds = false,
                       size_t max_bytes = kMaxReportTextBytes);

// `ja` or `en` by `language`.
inline std::string_view Pick(Language language, std::string_view ja, std::string_view en) {
  return language == Language::kEnglish ? en : ja;
}

// "★★★☆☆" for `star` (0..5).
std::string StarRow(int star);

// The assessment status ("draft", "confirmed", ...) and attestation kind ("self", ...) in words.
std::string_view StatusWords(Language language, std::string_view status);
std::string_view AttestationWords(Language language, std::string_view attestation);

}  // namespace hoshitori::report
