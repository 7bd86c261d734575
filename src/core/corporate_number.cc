#include "core/corporate_number.h"

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
  std::string digits;
  digits.reserve(13);
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == ' ' || c == '-') {
      continue;
    } else {
      return MakeError("corporate number '" + std::string(text) +
                       "' may contain only digits (法人番号は数字13桁です)");
    }
  }
  if (digits.size() != 13) {
    return MakeError("corporate number '" + std::string(text) + "' has " +
                     std::to_string(digits.size()) + " digits; it needs 13 (法人番号は13桁です)");
  }
  const int expected = CheckDigitFor(std::string_view(digits).substr(1));
  if (digits[0] - '0' != expected) {
    return MakeError("corporate number " + digits + " has a wrong check digit (expected " +
                     std::to_string(expected) + " as the first digit; 法人番号のチェックデジットが一致しません)");
  }
  return CorporateNumber(std::move(digits));
}

}  // namespace hoshitori
