#include "interchange/text.h"

#include <cctype>
#include <charconv>

namespace hoshitori::interchange {

namespace {
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
}  // namespace

std::string Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string NodeIdFrom(std::string_view text) {
  const std::string trimmed = Trim(text);
  std::string out;
  for (char c : trimmed) {
    const bool ok = IsAlnum(c) || c == '.' || c == '_' || c == '-';
    out += ok ? c : '-';
  }
  if (!out.empty() && !IsAlnum(out.front())) out.insert(out.begin(), 'n');
  return out;
}

std::string FrameworkIdFrom(std::string_view text) {
  std::string out = NodeIdFrom(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void FillMissingLanguage(LocalizedText& text) {
  if (text.ja.empty()) text.ja = text.en;
  if (text.en.empty()) text.en = text.ja;
}

LocalizedText Both(std::string_view text) { return LocalizedText{std::string(text), std::string(text)}; }

std::string DecimalText(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "0";
  return std::string(buffer, end);
}

}  // namespace hoshitori::interchange
