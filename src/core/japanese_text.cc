#include "core/japanese_text.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace hoshitori {
namespace {

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; });
}

icu::UnicodeString Nfkc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  const icu::UnicodeString source =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (U_FAILURE(status)) return source;
  icu::UnicodeString out = nfkc->normalize(source, status);
  return U_FAILURE(status) ? source : out;
}

std::string Utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

// ICU's Hiragana-Katakana transliterator, built once. Transliterator::transliterate is not
// declared thread-safe, so calls are serialised (they are short: search terms and names).
class KanaFolder {
 public:
  KanaFolder() {
    UErrorCode status = U_ZERO_ERROR;
    transliterator_.reset(
        icu::Transliterator::createInstance("Hiragana-Katakana", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) transliterator_.reset();
  }
  void Fold(icu::UnicodeString& text) {
    if (!transliterator_) return;
    std::lock_guard lock(mutex_);
    transliterator_->transliterate(text);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<icu::Transliterator> transliterator_;
};

}  // namespace

std::string NormaliseNfkc(std::string_view text) {
  if (IsAscii(text) || text.size() > kMaxNormalisedBytes) return std::string(text);
  return Utf8(Nfkc(text));
}

std::string SearchKey(std::string_view text) {
  if (text.size() > kMaxNormalisedBytes) return std::string(text);
  icu::UnicodeString folded = Nfkc(text);
  static KanaFolder* const folder = new KanaFolder();  // never destroyed: used until exit
  if (!IsAscii(text)) folder->Fold(folded);
  icu::UnicodeString out;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (c == ' ' || c == 0x3000 || c == '\t') continue;
    out.append(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  }
  return Utf8(out);
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
