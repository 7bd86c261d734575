#include "core/corporate_number.h"

#include "core/japanese_text.h"

namespace hoshitori {

int CorporateNumber::CheckDigitFor(std::string_view base12) {
  int sum = 0;
  // Position n counts from the rightmost digit of the base number, starting at 1.
  for (int n = 1; n <= 12; ++n) {
    const int digit = base12[12 - n] - '0';
    sum += digit * (n % 2 == 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

Result<CorporateNumber> CorporateNumber::Parse(std::string_view text) {
  if (text.size() > kMaxNormalisedBytes) {
    return MakeError("a corporate number is 13 digits / 法人番号は数字13桁です");
  }
  // What an IME types ("１２３４…", full-width hyphens) is read as the ASCII it stands for.
  const std::string normal = NormaliseDigits(text);
  std::string digits;
  digits.reserve(13);
  for (char c : normal) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == ' ' || c == '-') {
      continue;
    } else {
      return MakeError("corporate number '" + std::string(text) +
                       "' may contain only digits / 法人番号「" + std::string(text) +
                       "」には数字だけを入力してください（13桁）");
    }
  }
  if (digits.size() != 13) {
    return MakeError("corporate number '" + std::string(text) + "' has " +
                     std::to_string(digits.size()) + " digits; it needs 13 / 法人番号「" +
                     std::string(text) + "」は" + std::to_string(digits.size()) +
                     "桁です。13桁で入力してください");
  }
  const int expected = CheckDigitFor(std::string_view(digits).substr(1));
  if (digits[0] - '0' != expected) {
    return MakeError("corporate number " + digits + " has a wrong check digit (expected " +
                     std::to_string(expected) + " as the first digit) / 法人番号 " + digits +
                     " のチェックデジット（先頭の数字）が一致しません。番号を確かめてください");
  }
  return CorporateNumber(std::move(digits));
}

}  // namespace hoshitori
