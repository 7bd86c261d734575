// Normalisation of Japanese text typed by people: what an IME produces (full-width digits and
// letters, half-width katakana) and the two kana scripts of a company's reading.
//
// One place for it (ICU's NFKC; hiragana folded to katakana as ICU's Hiragana-Katakana
// transliterator does), so that corporate numbers, numbers in forms and company search agree
// on what counts as the same text.
// Functions are pure and thread-safe. Input is UTF-8; invalid UTF-8 is handled as ICU does
// (replaced by U+FFFD), never an error.
#pragma once

#include <string>
#include <string_view>

namespace hoshitori {

// Inputs longer than this many bytes are returned unchanged by the functions below (a form
// field or a search term is far shorter; the bound keeps the work per call small).
inline constexpr size_t kMaxNormalisedBytes = 4096;

// Unicode NFKC: full-width "１２３" becomes "123", half-width "ｶﾌﾞｼｷ" becomes "カブシキ",
// the ideographic space U+3000 an ASCII space. ASCII text comes back as it is.
std::string NormaliseNfkc(std::string_view text);

// The form in which readings and names are compared in search: NFKC, then hiragana as
// katakana, then ASCII letters in lower case, spaces (ASCII and U+3000) removed. So
// "ﾐﾗｲｾｲｻｸｼｮ", "みらいせいさくしょ" and "ミライ セイサクショ" have one key.
std::string SearchKey(std::string_view text);

// `text` with NFKC applied and then ASCII spaces and hyphens (and the long-vowel-like dashes
// an IME gives for "-": U+2010..U+2015, U+2212, U+30FC, U+FF70) removed when everything else
// is an ASCII digit; otherwise the NFKC text unchanged. For numbers typed in forms
// ("１２３４", "1,234" stays as it is: callers decide on separators).
std::string NormaliseDigits(std::string_view text);

}  // namespace hoshitori
