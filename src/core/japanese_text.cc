#include "core/japanese_text.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace hoshitori {
namespace {

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

icu::UnicodeString Nfkc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  const icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_FAILURE(status)) return source;
  icu::UnicodeString out = nfkc->normalize(source, status);
  return U_FAILURE(status) ? source : out;
}

std::string Utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

// Hiragana as katakana: the same code point mapping as ICU's "Hiragana-Katakana"
// transliterator on the hiragana block (tests/web/japanese_pages_test.cc checks every code
// point against it), done per code point because the transliterator is slow and not
// thread-safe, and search keys are made for every supplier of a board.
UChar32 KatakanaOf(UChar32 c) {
  // ICU leaves the small ゕ and ゖ (U+3095, U+3096) as they are; so does this.
  if ((c >= 0x3041 && c <= 0x3094) || c == 0x309D || c == 0x309E) return c + 0x60;
  return c;
}

}  // namespace

std::string NormaliseNfkc(std::string_view text) {
  if (IsAscii(text) || text.size() > kMaxNormalisedBytes) return std::string(text);
  return Utf8(Nfkc(text));
}

std::string SearchKey(std::string_view text) {
  if (text.size() > kMaxNormalisedBytes) return std::string(text);
  std::string out;
  if (IsAscii(text)) {
    out.reserve(text.size());
    for (char c : text) {
      if (c == ' ' || c == '\t') continue;
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c);
    }
    return out;
  }
  const icu::UnicodeString folded = Nfkc(text);
  icu::UnicodeString key;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (c == ' ' || c == 0x3000 || c == '\t') continue;
    key.append(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : KatakanaOf(c));
  }
  return Utf8(key);
}

std::string NormaliseDigits(std::string_view text) {
  if (text.size() > kMaxNormalisedBytes) return std::string(text);
  const icu::UnicodeString normal = Nfkc(text);
  icu::UnicodeString digits;
  bool only_digits = normal.length() > 0;
  for (int32_t i = 0; i < normal.length();) {
    const UChar32 c = normal.char32At(i);
    i += U16_LENGTH(c);
    if (c >= '0' && c <= '9') {
      digits.append(c);
    } else if (!(c == ' ' || c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
                 c == 0x30FC || c == 0xFF70)) {
      only_digits = false;
    }
  }
  return Utf8(only_digits && digits.length() > 0 ? digits : normal);
}

}  // namespace hoshitori
