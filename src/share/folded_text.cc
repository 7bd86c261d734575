#include "share/folded_text.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <unordered_map>

namespace hoshitori::share {
namespace {

const icu::Normalizer2& Nfkc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
    return U_SUCCESS(status) ? normalizer : nullptr;
  }();
  return *instance;
}

bool IsDash(UChar32 c) {
  return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x30FC || c == 0x2500 || c == 0xFF70;
}

bool IsBlank(UChar32 c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000; }

// Appends `folded` (already NFKC_Casefold) with the extra folds, all bytes mapped to
// [begin, end) of the original.
class Builder {
 public:
  Builder(std::string& text, std::vector<uint32_t>& begin, std::vector<uint32_t>& end)
      : text_(text), begin_(begin), end_(end) {}

  void Blank(size_t begin, size_t end) {
    if (pending_blank_) return;
    pending_blank_ = true;
    blank_begin_ = begin;
    blank_end_ = end;
  }

  void Append(std::string_view folded, size_t begin, size_t end) {
    for (size_t i = 0; i < folded.size();) {
      UChar32 c;
      size_t start = i;
      U8_NEXT(folded.data(), i, folded.size(), c);
      if (IsBlank(c)) {
        Blank(begin, end);
        continue;
      }
      bool ascii = c < 0x80;
      if (pending_blank_) {
        pending_blank_ = false;
        if (ascii && !text_.empty() && static_cast<unsigned char>(text_.back()) < 0x80) {
          Push(" ", blank_begin_, blank_end_);
        }
      }
      if (IsDash(c)) {
        Push("-", begin, end);
      } else {
        Push(folded.substr(start, i - start), begin, end);
      }
    }
  }

 private:
  void Push(std::string_view bytes, size_t begin, size_t end) {
    text_.append(bytes);
    begin_.insert(begin_.end(), bytes.size(), static_cast<uint32_t>(begin));
    end_.insert(end_.end(), bytes.size(), static_cast<uint32_t>(end));
  }

  std::string& text_;
  std::vector<uint32_t>& begin_;
  std::vector<uint32_t>& end_;
  bool pending_blank_ = false;
  size_t blank_begin_ = 0, blank_end_ = 0;
};

}  // namespace

FoldedText::FoldedText(std::string_view original) {
  text_.reserve(original.size());
  begin_.reserve(original.size());
  end_.reserve(original.size());
  Builder builder(text_, begin_, end_);
  const icu::Normalizer2& nfkc = Nfkc();
  std::unordered_map<UChar32, std::string> single;  // folded form of lone code points
  const char* data = original.data();
  const int32_t size = static_cast<int32_t>(original.size());
  int32_t i = 0;
  while (i < size) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, size, c);
    if (c < 0) c = 0xFFFD;
    if (c < 0x80 && (i >= size || static_cast<unsigned char>(data[i]) < 0x80)) {
      char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
      builder.Append(std::string_view(&lower, 1), start, i);
      continue;
    }
    // The segment: this character and those that do not start a new normalisation segment.
    int32_t end = i;
    bool lone = true;
    while (end < size) {
      int32_t next = end;
      UChar32 d;
      U8_NEXT(data, next, size, d);
      if (d < 0 || nfkc.hasBoundaryBefore(d)) break;
      end = next;
      lone = false;
    }
    if (lone && nfkc.isInert(c) && c != 0xFFFD && !IsDash(c) && !IsBlank(c)) {
      builder.Append(std::string_view(data + start, i - start), start, i);
      i = end;
      continue;
    }
    if (lone) {
      auto found = single.find(c);
      if (found == single.end()) {
        icu::UnicodeString one(c);
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString normal = nfkc.normalize(one, status);
        std::string utf8;
        (U_SUCCESS(status) ? normal : one).toUTF8String(utf8);
        found = single.emplace(c, std::move(utf8)).first;
      }
      builder.Append(found->second, start, end);
    } else {
      icu::UnicodeString segment =
          icu::UnicodeString::fromUTF8(icu::StringPiece(data + start, end - start));
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString normal = nfkc.normalize(segment, status);
      std::string utf8;
      (U_SUCCESS(status) ? normal : segment).toUTF8String(utf8);
      builder.Append(utf8, start, end);
    }
    i = end;
  }
}

std::string Fold(std::string_view text) { return FoldedText(text).text(); }

}  // namespace hoshitori::share
