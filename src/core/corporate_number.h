// CorporateNumber: Japan's 13-digit corporate number (法人番号), check digit validated.
//
// The first digit is a check digit over the following 12 (National Tax Agency rule:
// 9 - (sum of digit * (1 for odd, 2 for even positions counted from the right)) mod 9).
// A CorporateNumber that exists is always valid. Immutable, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori {

class CorporateNumber {
 public:
  // Returns the number, or an error saying what is wrong (length, non-digit, check digit).
  // Accepts the 13 digits with optional spaces or hyphens between groups, in ASCII or as an
  // IME types them (full-width, NFKC; core/japanese_text.h). Errors are "english / 日本語".
  // Texts over kMaxNormalisedBytes are refused.
  static Result<CorporateNumber> Parse(std::string_view text);

  // The check digit the 12-digit base number `base12` must carry. Requires 12 ASCII digits.
  static int CheckDigitFor(std::string_view base12);

  const std::string& digits() const { return digits_; }
  friend bool operator==(const CorporateNumber&, const CorporateNumber&) = default;

 private:
  explicit CorporateNumber(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

}  // namespace hoshitori
