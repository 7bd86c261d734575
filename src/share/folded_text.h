// FoldedText: a copy of UTF-8 text in the form matching works on, that remembers where each
// of its bytes came from in the original, so that what is found in the folded copy can be
// reported (and removed) at its place in the text the user wrote.
//
// Folding, in order: Unicode NFKC with case folding (ICU's NFKC_Casefold: full-width
// letters and digits become ASCII, "㈱" becomes "(株)", half-width katakana full-width,
// Latin letters lower case); dashes and the long-vowel mark (‐ ‑ ‒ – — ― − ー ─) become
// '-'; a run of blanks becomes one ' ', and disappears when it stands next to a non-ASCII
// character ("山田 太郎" and "山田太郎" fold alike). Invalid UTF-8 bytes fold to U+FFFD.
// Normalisation is applied per normalisation segment (a starter and its combining marks),
// so every folded byte maps to whole original characters.
//
// Immutable once built; safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hoshitori::share {

class FoldedText {
 public:
  // Folds `original` (which the result does not keep).
  explicit FoldedText(std::string_view original);

  const std::string& text() const { return text_; }

  // The original byte range [begin, end) that folded bytes [folded_begin, folded_end) came
  // from. Requires folded_begin < folded_end <= text().size().
  size_t OriginalBegin(size_t folded_begin) const { return begin_[folded_begin]; }
  size_t OriginalEnd(size_t folded_end) const { return end_[folded_end - 1]; }

 private:
  std::string text_;
  std::vector<uint32_t> begin_, end_;
};

// Folds a short string the same way (for the patterns matched against a FoldedText).
std::string Fold(std::string_view text);

}  // namespace hoshitori::share
