#include "core/query_parameter.h"

#include <algorithm>

#include "core/japanese_text.h"

namespace hoshitori {

Result<int> IntQueryParameter(const std::map<std::string, std::string>& parameters, const char* name, int low,
                              int high, int fallback) {
  const auto it = parameters.find(name);
  if (it == parameters.end() || it->second.empty()) return fallback;
  const auto problem = [&] {
    return MakeError(std::string(name) + " must be a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high));
  };
  if (it->second.size() > 64) return problem();
  const bool ascii = std::all_of(it->second.begin(), it->second.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  const std::string digits = ascii ? it->second : NormaliseNfkc(it->second);
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9' || value > high) return problem();
    value = value * 10 + (c - '0');
  }
  if (value < low || value > high) return problem();
  return value;
}

}  // namespace hoshitori
