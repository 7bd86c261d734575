#include "share/deidentify.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>

#include "core/corporate_number.h"
#include "share/folded_text.h"

namespace hoshitori::share {
namespace {

constexpr size_t kMaxProfileEntryBytes = 512;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnum(char c) { return IsDigit(c) || IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool IsHostByte(char c) { return IsAlnum(c) || c == '-' || c == '.' || c == '_'; }
bool IsLocalByte(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// A candidate removal in folded offsets.
struct Hit {
  size_t begin, end;  // folded bytes
  RemovalKind kind;
};

struct Replacements {
  std::array<std::string_view, 11> text;
};

constexpr Replacements kJapanese = {{"[組織名]", "[企業名]", "[法人番号]", "[ホスト名]",
                                     "[IPアドレス]", "[メールアドレス]", "[氏名]", "[電話番号]",
                                     "[郵便番号]", "[住所]", ""}};
constexpr Replacements kEnglish = {{"[organisation]", "[company]", "[corporate number]", "[host]",
                                    "[IP address]", "[e-mail]", "[person]", "[phone]", "[postcode]",
                                    "[address]", ""}};

// Decodes the code point at folded[i], advancing i; -1 for bytes that do not decode.
UChar32 Next(std::string_view text, size_t& i) {
  UChar32 c;
  int32_t index = static_cast<int32_t>(i);
  U8_NEXT(text.data(), index, static_cast<int32_t>(text.size()), c);
  i = static_cast<size_t>(index);
  return c;
}

// The code point ending just before folded[i], moving i back to its start.
UChar32 Previous(std::string_view text, size_t& i) {
  UChar32 c;
  int32_t index = static_cast<int32_t>(i);
  U8_PREV(text.data(), 0, index, c);
  i = static_cast<size_t>(index);
  return c;
}

bool IsKanji(UChar32 c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3005;
}
bool IsKatakana(UChar32 c) { return c >= 0x30A1 && c <= 0x30FA; }
bool IsHiragana(UChar32 c) { return c >= 0x3041 && c <= 0x309F; }
bool IsJapanese(UChar32 c) { return IsKanji(c) || IsKatakana(c) || IsHiragana(c); }

// Characters a company's own name is made of (after folding).
bool IsNameChar(UChar32 c) {
  return IsKanji(c) || IsKatakana(c) || c == 0x30FB ||
         (c < 0x80 && IsAlnum(static_cast<char>(c))) || c == '&' || c == '-';
}

bool AtWordStart(std::string_view text, size_t begin) {
  return begin == 0 ||
         !(IsAlnum(text[begin - 1]) || text[begin - 1] == '_' || text[begin - 1] == '-');
}
bool AtWordEnd(std::string_view text, size_t end) {
  if (end >= text.size()) return true;
  char c = text[end];
  if (c == '.' || c == '-') return end + 1 >= text.size() || !IsAlnum(text[end + 1]);
  return !(IsAlnum(c) || c == '_');
}

// Legal forms stripped from organisation names to find the name as people write it.
constexpr std::array<std::string_view, 6> kJapaneseLegalForms = {"株式会社", "有限会社", "合同会社",
                                                                 "(株)",     "(有)",     "(同)"};
constexpr std::array<std::string_view, 12> kEnglishLegalForms = {
    ", co., ltd.",  " co., ltd.", " co.,ltd.", " co. ltd.", ", inc.", " inc.",
    " corporation", " corp.",     " k.k.",     " ltd.",     ", llc",  " llc"};

std::string StripLegalForms(std::string name) {
  for (std::string_view form : kJapaneseLegalForms) {
    for (size_t at; (at = name.find(form)) != std::string::npos;) name.erase(at, form.size());
  }
  for (std::string_view form : kEnglishLegalForms) {
    if (name.size() > form.size() &&
        name.compare(name.size() - form.size(), form.size(), form) == 0) {
      name.erase(name.size() - form.size());
    }
  }
  while (!name.empty() && (name.back() == ' ' || name.back() == ',')) name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(0, 1);
  return name;
}

bool HasNonAscii(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

constexpr std::array<std::string_view, 47> kPrefectures = {
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県",   "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県",   "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県",   "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"};

constexpr std::array<std::string_view, 20> kHonorifics = {
    "さん", "様",   "さま", "氏",   "殿",     "君",   "くん", "部長", "課長",   "係長",
    "主任", "社長", "専務", "常務", "取締役", "担当", "室長", "所長", "工場長", "センター長"};
constexpr std::array<std::string_view, 6> kTitles = {"mr. ", "ms. ", "mrs. ", "dr. ", "mr ", "ms "};

class Scrubber {
 public:
  Scrubber(std::string_view original, const FoldedText& folded, const PreparedProfile& profile)
      : original_(original), text_(folded.text()), folded_(folded), profile_(profile) {}

  std::vector<Hit> Run() {
    Patterns();
    FamilyNames();
    EmailsAndHosts();
    Ipv6();
    Phones();
    Postcodes();
    CorporateNumbers();
    Addresses();
    JapaneseCompanies();
    EnglishCompanies();
    Times();
    return std::move(hits_);
  }

 private:
  // True when the original had blanks (which folding dropped) just before folded byte i.
  bool BlankBefore(size_t i) const {
    return i > 0 && folded_.OriginalBegin(i) > folded_.OriginalEnd(i);
  }

  void Add(size_t begin, size_t end, RemovalKind kind) {
    if (begin < end) hits_.push_back(Hit{begin, end, kind});
  }

  void Patterns() {
    for (const PreparedProfile::Pattern& pattern : profile_.patterns()) {
      for (size_t at = text_.find(pattern.folded); at != std::string::npos;
           at = text_.find(pattern.folded, at + 1)) {
        size_t end = at + pattern.folded.size();
        if (pattern.word && !(AtWordStart(text_, at) && AtWordEnd(text_, end))) continue;
        Add(at, end, static_cast<RemovalKind>(pattern.kind));
      }
    }
  }

  void FamilyNames() {
    for (const std::string& family : profile_.family_names()) {
      bool latin = !HasNonAscii(family);
      for (size_t at = text_.find(family); at != std::string::npos;
           at = text_.find(family, at + 1)) {
        size_t end = at + family.size();
        if (latin) {
          if (!AtWordStart(text_, at) || !AtWordEnd(text_, end)) continue;
          bool titled = std::any_of(kTitles.begin(), kTitles.end(), [&](std::string_view title) {
            return at >= title.size() && text_.compare(at - title.size(), title.size(), title) == 0;
          });
          size_t after = end < text_.size() && text_[end] == ' ' ? end + 1 : end;
          bool honoured = std::any_of(
              kHonorifics.begin(), kHonorifics.end(),
              [&](std::string_view h) { return text_.compare(after, h.size(), h) == 0; });
          if (titled || honoured) Add(at, end, RemovalKind::kPersonName);
        } else {
          bool honoured =
              std::any_of(kHonorifics.begin(), kHonorifics.end(),
                          [&](std::string_view h) { return text_.compare(end, h.size(), h) == 0; });
          if (honoured) Add(at, end, RemovalKind::kPersonName);
        }
      }
    }
  }

  // E-mail addresses and host names under the organisation's domains, its internal hosts and
  // addresses in its ranges, found as runs of host characters.
  void EmailsAndHosts() {
    size_t i = 0;
    while (i < text_.size()) {
      if (!IsHostByte(text_[i])) {
        ++i;
        continue;
      }
      size_t begin = i;
      while (i < text_.size() && IsHostByte(text_[i])) ++i;
      size_t end = i;
      while (end > begin && (text_[end - 1] == '.' || text_[end - 1] == '-')) --end;
      while (begin < end && (text_[begin] == '.' || text_[begin] == '-')) ++begin;
      if (begin == end) continue;
      std::string_view run(text_.data() + begin, end - begin);
      if (i < text_.size() && text_[i] == '@') {
        // The local part of an e-mail address: look at its domain.
        size_t domain_begin = i + 1, domain_end = domain_begin;
        while (domain_end < text_.size() && IsHostByte(text_[domain_end])) ++domain_end;
        while (domain_end > domain_begin &&
               (text_[domain_end - 1] == '.' || text_[domain_end - 1] == '-')) {
          --domain_end;
        }
        std::string_view domain(text_.data() + domain_begin, domain_end - domain_begin);
        size_t local_begin = begin;
        while (local_begin > 0 && IsLocalByte(text_[local_begin - 1])) --local_begin;
        if (!domain.empty() && profile_.IsOwnHost(domain)) {
          Add(local_begin, domain_end, RemovalKind::kEmail);
        }
        i = domain_end;
        continue;
      }
      bool numeric =
          std::all_of(run.begin(), run.end(), [](char c) { return IsDigit(c) || c == '.'; });
      if (numeric) {
        size_t range_end = end;
        if (range_end < text_.size() && text_[range_end] == '/') {
          size_t digits = range_end + 1;
          while (digits < text_.size() && IsDigit(text_[digits])) ++digits;
          if (digits > range_end + 1) range_end = digits;
        }
        auto range = ParseIpRange(std::string_view(text_.data() + begin, range_end - begin));
        if (range.ok() && profile_.IsOwnAddress(*range))
          Add(begin, range_end, RemovalKind::kIpAddress);
        i = std::max(i, range_end);
        continue;
      }
      if (run.find('.') != std::string_view::npos && profile_.IsOwnHost(run)) {
        Add(begin, end, RemovalKind::kHostName);
      }
    }
  }

  void Ipv6() {
    size_t i = 0;
    auto is_v6 = [](char c) {
      return IsDigit(c) || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
    };
    while (i < text_.size()) {
      if (!is_v6(text_[i]) || (i > 0 && IsAlnum(text_[i - 1]))) {
        ++i;
        continue;
      }
      size_t begin = i;
      while (i < text_.size() && is_v6(text_[i])) ++i;
      size_t end = i;
      while (end > begin && text_[end - 1] == '.') --end;  // a full stop after the address
      std::string_view run(text_.data() + begin, end - begin);
      if (std::count(run.begin(), run.end(), ':') < 2 ||
          (end < text_.size() && IsAlnum(text_[end]))) {
        continue;
      }
      if (end < text_.size() && text_[end] == '/') {
        size_t digits = end + 1;
        while (digits < text_.size() && IsDigit(text_[digits])) ++digits;
        if (digits > end + 1) end = digits;
      }
      auto range = ParseIpRange(std::string_view(text_.data() + begin, end - begin));
      if (range.ok() && profile_.IsOwnAddress(*range)) Add(begin, end, RemovalKind::kIpAddress);
      i = std::max(i, end);
    }
  }

  // Phone numbers: '+' or '0' starting a run of digits, '-', '(', ')' and single blanks,
  // holding 10 to 13 digits, not inside a word, an address or a version.
  void Phones() {
    for (size_t i = 0; i < text_.size(); ++i) {
      char c = text_[i];
      if (!(c == '+' || c == '0' || c == '(')) continue;
      if (i > 0) {
        char before = text_[i - 1];
        if (IsAlnum(before) || before == '.' || before == '-' || before == '_' || before == '+')
          continue;
      }
      size_t j = i, digits = 0, last_digit = i;
      while (j < text_.size()) {
        char d = text_[j];
        if (IsDigit(d)) {
          ++digits;
          last_digit = j;
        } else if (!(d == '-' || d == '(' || d == ')' || (d == '+' && j == i) ||
                     (d == ' ' && j + 1 < text_.size() && IsDigit(text_[j + 1]) && j > i &&
                      IsDigit(text_[j - 1])))) {
          break;
        }
        ++j;
      }
      if (digits < 10 || digits > 13) continue;
      size_t end = last_digit + 1;
      if (end < text_.size() &&
          (IsAlnum(text_[end]) ||
           (text_[end] == '.' && end + 1 < text_.size() && IsDigit(text_[end + 1])))) {
        continue;
      }
      size_t first = i;
      while (first < end && !IsDigit(text_[first]) && text_[first] != '+') ++first;
      if (first < end && (text_[first] == '0' || text_[first] == '+')) {
        Add(first, end, RemovalKind::kPhone);
        i = end;
      }
    }
  }

  void Postcodes() {
    for (std::string_view mark : {std::string_view("〒"), std::string_view("郵便番号")}) {
      for (size_t at = text_.find(mark); at != std::string::npos; at = text_.find(mark, at + 1)) {
        size_t j = at + mark.size();
        while (j < text_.size() && (text_[j] == ' ' || text_[j] == ':')) ++j;
        size_t digits_begin = j;
        int digits = 0;
        while (j < text_.size() && (IsDigit(text_[j]) || (text_[j] == '-' && digits == 3))) {
          if (IsDigit(text_[j])) ++digits;
          ++j;
        }
        if (digits == 7 && (j >= text_.size() || !IsDigit(text_[j]))) {
          Add(mark == "〒" ? at : digits_begin, j, RemovalKind::kPostcode);
        }
      }
    }
  }

  void CorporateNumbers() {
    for (size_t i = 0; i < text_.size();) {
      if (!IsDigit(text_[i])) {
        ++i;
        continue;
      }
      size_t begin = i;
      while (i < text_.size() && IsDigit(text_[i])) ++i;
      if (i - begin != 13 || (begin > 0 && IsAlnum(text_[begin - 1])) ||
          (i < text_.size() && IsAlnum(text_[i]))) {
        continue;
      }
      if (CorporateNumber::Parse(std::string_view(text_.data() + begin, 13)).ok()) {
        Add(begin, i, RemovalKind::kCorporateNumber);
      }
    }
  }

  // A prefecture followed by a municipality and a block number: "大阪府東大阪市高井田元町2-8-1".
  void Addresses() {
    for (std::string_view prefecture : kPrefectures) {
      for (size_t at = text_.find(prefecture); at != std::string::npos;
           at = text_.find(prefecture, at + 1)) {
        size_t j = at + prefecture.size(), last_number = 0;
        bool municipality = false;
        int characters = 0;
        while (j < text_.size() && characters < 40) {
          size_t next = j;
          UChar32 c = Next(text_, next);
          if (c == 0x5E02 || c == 0x533A || c == 0x753A || c == 0x6751 || c == 0x90E1)
            municipality = true;
          bool number = (c < 0x80 && IsDigit(static_cast<char>(c))) || c == 0x756A || c == 0x53F7 ||
                        c == 0x4E01 || c == 0x76EE || c == 0x5730;  // 番 号 丁 目 地
          bool part =
              IsKanji(c) || IsKatakana(c) || number || c == '-' || (IsHiragana(c) && !municipality);
          if (!part) break;
          if (number) last_number = next;
          j = next;
          ++characters;
        }
        if (municipality && last_number > 0) Add(at, last_number, RemovalKind::kAddress);
      }
    }
  }

  // 株式会社○○, ○○株式会社, (株)○○, ○○(株), 有限会社 and 合同会社 likewise.
  void JapaneseCompanies() {
    for (std::string_view form : kJapaneseLegalForms) {
      for (size_t at = text_.find(form); at != std::string::npos; at = text_.find(form, at + 1)) {
        size_t after = at + form.size(), j = after;
        int characters = 0;
        while (j < text_.size() && characters < 30) {
          size_t next = j;
          if (!IsNameChar(Next(text_, next)) || BlankBefore(j)) break;
          j = next;
          ++characters;
        }
        if (j > after) {
          Add(at, j, RemovalKind::kCompanyName);
          continue;
        }
        size_t k = at;
        characters = 0;
        while (k > 0 && characters < 30) {
          size_t previous = k;
          if (!IsNameChar(Previous(text_, previous)) || BlankBefore(k)) break;
          k = previous;
          ++characters;
        }
        if (k < at) Add(k, after, RemovalKind::kCompanyName);
      }
    }
  }

  // "Nippon Example Trading Co., Ltd.", "Example Inc.": up to four capitalised words (as
  // written in the original) before an English legal form.
  void EnglishCompanies() {
    for (std::string_view form : kEnglishLegalForms) {
      for (size_t at = text_.find(form); at != std::string::npos; at = text_.find(form, at + 1)) {
        size_t end = at + form.size();
        if (form.back() != '.' && !AtWordEnd(text_, end)) continue;
        size_t begin = at;
        for (int words = 0; words < 4; ++words) {
          size_t word_end = begin;
          if (words > 0) {
            if (word_end == 0 || text_[word_end - 1] != ' ') break;
            --word_end;
          }
          size_t word_begin = word_end;
          while (word_begin > 0 && (IsAlnum(text_[word_begin - 1]) ||
                                    text_[word_begin - 1] == '&' || text_[word_begin - 1] == '-')) {
            --word_begin;
          }
          if (word_begin == word_end) break;
          char first = original_[folded_.OriginalBegin(word_begin)];
          if (!((first >= 'A' && first <= 'Z') || IsDigit(first))) break;
          begin = word_begin;
        }
        if (begin < at) Add(begin, end, RemovalKind::kCompanyName);
      }
    }
  }

  void Times() {
    for (size_t i = 0; i < text_.size(); ++i) {
      if (!IsDigit(text_[i]) || (i > 0 && (IsDigit(text_[i - 1]) || text_[i - 1] == ':'))) continue;
      size_t j = i;
      while (j < text_.size() && IsDigit(text_[j]) && j - i < 3) ++j;
      size_t hour_digits = j - i;
      if (hour_digits == 0 || hour_digits > 2) continue;
      int hour = std::stoi(text_.substr(i, hour_digits));
      size_t begin = i;
      // "午前" / "午後" before the hour belong to the time.
      for (std::string_view half : {std::string_view("午前"), std::string_view("午後")}) {
        if (begin >= half.size() && text_.compare(begin - half.size(), half.size(), half) == 0) {
          begin -= half.size();
        }
      }
      if (j + 2 < text_.size() && text_[j] == ':' && IsDigit(text_[j + 1]) &&
          IsDigit(text_[j + 2]) && hour <= 24 &&
          (i == 0 || !(IsLower(text_[i - 1]) && text_[i - 1] != 't'))) {
        size_t end = j + 3;
        if (end < text_.size() && IsDigit(text_[end])) continue;
        if (end + 2 < text_.size() && text_[end] == ':' && IsDigit(text_[end + 1]) &&
            IsDigit(text_[end + 2])) {
          end += 3;
          if (end < text_.size() && text_[end] == '.') {
            size_t fraction = end + 1;
            while (fraction < text_.size() && IsDigit(text_[fraction])) ++fraction;
            if (fraction > end + 1) end = fraction;
          }
        }
        if (end < text_.size() && (IsDigit(text_[end]) || text_[end] == ':')) continue;
        if (end < text_.size() && text_[end] == 'z') {
          ++end;
        } else if (end + 5 < text_.size() + 0 && (text_[end] == '+' || text_[end] == '-') &&
                   IsDigit(text_[end + 1]) && IsDigit(text_[end + 2])) {
          size_t offset_end = end + 3;
          if (offset_end < text_.size() && text_[offset_end] == ':') ++offset_end;
          if (offset_end + 1 < text_.size() && IsDigit(text_[offset_end]) &&
              IsDigit(text_[offset_end + 1])) {
            end = offset_end + 2;
          }
        }
        for (std::string_view zone : {std::string_view(" jst"), std::string_view(" utc"),
                                      std::string_view("(jst)"), std::string_view(" (jst)")}) {
          if (text_.compare(end, zone.size(), zone) == 0 && AtWordEnd(text_, end + zone.size())) {
            end += zone.size();
            break;
          }
        }
        if (i > 0 && text_[i - 1] == 't' && i >= 11 && IsDigit(text_[i - 2])) begin = i - 1;
        Add(begin, end, RemovalKind::kTimeOfDay);
        i = end - 1;
        continue;
      }
      if (text_.compare(j, 3, "時") == 0 && text_.compare(j + 3, 3, "間") != 0 && hour <= 24) {
        size_t end = j + 3;
        for (std::string_view unit : {std::string_view("分"), std::string_view("秒")}) {
          size_t k = end;
          while (k < text_.size() && IsDigit(text_[k]) && k - end < 2) ++k;
          if (k > end && text_.compare(k, unit.size(), unit) == 0) end = k + unit.size();
        }
        if (text_.compare(end, 3, "半") == 0) end += 3;
        Add(begin, end, RemovalKind::kTimeOfDay);
        i = end - 1;
      }
    }
  }

  std::string_view original_;  // for the case of letters, which folding removes
  const std::string& text_;
  const FoldedText& folded_;
  const PreparedProfile& profile_;
  std::vector<Hit> hits_;
};

bool ContainsJapanese(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    if (IsJapanese(Next(text, i))) return true;
  }
  return false;
}

Error ProfileError(const std::string& list, size_t index, const std::string& what) {
  return MakeError(ErrorKind::kInvalid, "invalid organisation profile",
                   "profile " + list + "[" + std::to_string(index) + "]: " + what);
}

}  // namespace

std::string_view RemovalKindName(RemovalKind kind) {
  switch (kind) {
    case RemovalKind::kOrganisationName:
      return "organisation-name";
    case RemovalKind::kCompanyName:
      return "company-name";
    case RemovalKind::kCorporateNumber:
      return "corporate-number";
    case RemovalKind::kHostName:
      return "host-name";
    case RemovalKind::kIpAddress:
      return "ip-address";
    case RemovalKind::kEmail:
      return "email";
    case RemovalKind::kPersonName:
      return "person-name";
    case RemovalKind::kPhone:
      return "phone";
    case RemovalKind::kPostcode:
      return "postcode";
    case RemovalKind::kAddress:
      return "address";
    case RemovalKind::kTimeOfDay:
      return "time-of-day";
  }
  return "unknown";
}

Result<PreparedProfile> PreparedProfile::Prepare(const OrganisationProfile& profile) {
  PreparedProfile prepared;
  struct List {
    const char* name;
    const std::vector<std::string>* entries;
  };
  for (List list :
       {List{"names", &profile.names}, List{"domains", &profile.domains},
        List{"ip_ranges", &profile.ip_ranges}, List{"people", &profile.people},
        List{"emails", &profile.emails}, List{"phones", &profile.phones},
        List{"addresses", &profile.addresses}, List{"internal_hosts", &profile.internal_hosts}}) {
    if (list.entries->size() > kMaxProfileEntries) {
      return ProfileError(list.name, kMaxProfileEntries,
                          "more than " + std::to_string(kMaxProfileEntries) + " entries");
    }
    for (size_t i = 0; i < list.entries->size(); ++i) {
      if ((*list.entries)[i].size() > kMaxProfileEntryBytes) {
        return ProfileError(list.name, i, "longer than 512 bytes");
      }
    }
  }
  auto add = [&prepared](std::string folded, RemovalKind kind) {
    bool latin = !HasNonAscii(folded);
    // One or two Latin letters, or a single Japanese character, would remove far too much.
    if (folded.size() < 3) return;
    prepared.patterns_.push_back(Pattern{std::move(folded), static_cast<int>(kind), latin});
  };
  for (const std::string& name : profile.names) {
    std::string folded = Fold(name);
    std::string base = StripLegalForms(folded);
    add(folded, RemovalKind::kOrganisationName);
    if (base != folded) add(base, RemovalKind::kOrganisationName);
  }
  if (!profile.corporate_number.empty())
    add(Fold(profile.corporate_number), RemovalKind::kCorporateNumber);
  for (size_t i = 0; i < profile.domains.size(); ++i) {
    auto domain = NormaliseHostName(profile.domains[i]);
    if (!domain.ok()) return ProfileError("domains", i, domain.error().message);
    prepared.domains_.push_back(*domain);
    if (HasNonAscii(profile.domains[i])) add(Fold(profile.domains[i]), RemovalKind::kHostName);
  }
  for (size_t i = 0; i < profile.internal_hosts.size(); ++i) {
    auto host = NormaliseHostName(profile.internal_hosts[i]);
    if (!host.ok()) return ProfileError("internal_hosts", i, host.error().message);
    prepared.internal_hosts_.push_back(*host);
    add(*host, RemovalKind::kHostName);
  }
  for (size_t i = 0; i < profile.ip_ranges.size(); ++i) {
    auto range = ParseIpRange(profile.ip_ranges[i]);
    if (!range.ok()) return ProfileError("ip_ranges", i, range.error().message);
    prepared.ranges_.push_back(*range);
  }
  for (const std::string& person : profile.people) {
    add(Fold(person), RemovalKind::kPersonName);
    // Given and family name, split where the declared name has its blank (ASCII or
    // ideographic); folding would drop a blank between Japanese characters.
    std::string spaced = person;
    for (size_t at; (at = spaced.find("\u3000")) != std::string::npos;) spaced.replace(at, 3, " ");
    size_t space = spaced.find(' ');
    if (space == std::string::npos || spaced.find(' ', space + 1) != std::string::npos) continue;
    std::string written_first = spaced.substr(0, space);
    std::string first = Fold(written_first), last = Fold(spaced.substr(space + 1));
    if (HasNonAscii(first)) {
      prepared.family_names_.push_back(first);  // Japanese order: family name first
      continue;
    }
    add(last + " " + first, RemovalKind::kPersonName);
    add(last + ", " + first, RemovalKind::kPersonName);
    // The family name: first for "YAMADA Taro" written in capitals, last for "Taro Yamada".
    bool family_first =
        written_first.size() > 1 && std::none_of(written_first.begin(), written_first.end(),
                                                 [](char c) { return c >= 'a' && c <= 'z'; });
    prepared.family_names_.push_back(family_first ? first : last);
  }
  for (const std::string& email : profile.emails) add(Fold(email), RemovalKind::kEmail);
  for (const std::string& phone : profile.phones) add(Fold(phone), RemovalKind::kPhone);
  for (const std::string& address : profile.addresses) add(Fold(address), RemovalKind::kAddress);
  return prepared;
}

bool PreparedProfile::IsOwnHost(std::string_view host) const {
  std::string lowered;
  for (char c : host)
    lowered.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  for (const std::string& domain : domains_) {
    if (IsSameOrSubdomain(lowered, domain)) return true;
  }
  for (const std::string& internal : internal_hosts_) {
    if (IsSameOrSubdomain(lowered, internal)) return true;
  }
  return false;
}

bool PreparedProfile::IsOwnAddress(const IpRange& address) const {
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const IpRange& range) {
    return range.Contains(address) || address.Contains(range);
  });
}

bool PreparedProfile::IsOwnInfrastructure(const Indicator& indicator) const {
  if (!indicator.host.empty() && IsOwnHost(indicator.host)) return true;
  return indicator.has_range && IsOwnAddress(indicator.range);
}

Result<DeidentifiedReport> Deidentify(const ReportDraft& draft, const PreparedProfile& profile) {
  if (draft.text.size() > kMaxReportTextBytes) {
    return MakeError(ErrorKind::kInvalid, "report too long",
                     "the report text has " + std::to_string(draft.text.size()) +
                         " bytes; at most " + std::to_string(kMaxReportTextBytes) +
                         " are accepted");
  }
  if (draft.indicators.size() > kMaxReportIndicators) {
    return MakeError(ErrorKind::kInvalid, "too many indicators",
                     "the report has " + std::to_string(draft.indicators.size()) +
                         " indicators; at most " + std::to_string(kMaxReportIndicators) +
                         " are accepted");
  }
  DeidentifiedReport result;
  FoldedText folded(draft.text);
  std::vector<Hit> hits = Scrubber(draft.text, folded, profile).Run();

  // Into original offsets; overlapping or touching removals merge into the first's kind.
  struct Span {
    size_t begin, end;
    RemovalKind kind;
  };
  std::vector<Span> spans;
  spans.reserve(hits.size());
  for (const Hit& hit : hits) {
    spans.push_back(Span{folded.OriginalBegin(hit.begin), folded.OriginalEnd(hit.end), hit.kind});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty() && span.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, span.end);
      // A company name that holds the organisation's own name is the organisation.
      if (span.kind == RemovalKind::kOrganisationName) merged.back().kind = span.kind;
    } else {
      merged.push_back(span);
    }
  }
  const Replacements& replacements = ContainsJapanese(draft.text) ? kJapanese : kEnglish;
  size_t copied = 0;
  for (const Span& span : merged) {
    result.text.append(draft.text, copied, span.begin - copied);
    std::string replacement(replacements.text[static_cast<size_t>(span.kind)]);
    result.text += replacement;
    result.removals.push_back(Removal{span.begin, span.end - span.begin, span.kind, replacement});
    copied = span.end;
  }
  result.text.append(draft.text, copied, std::string::npos);

  for (const std::string& written : draft.indicators) {
    auto indicator = ParseIndicator(written);
    if (!indicator.ok()) {
      // Not an indicator we know: it is still checked as a host name of the organisation.
      auto host = NormaliseHostName(written);
      if (host.ok() && profile.IsOwnHost(*host)) {
        result.dropped.push_back(DroppedIndicator{written, "own host"});
      } else {
        result.unparsed_indicators.push_back(written);
      }
      continue;
    }
    if (profile.IsOwnInfrastructure(*indicator)) {
      result.dropped.push_back(DroppedIndicator{
          written,
          indicator->has_range && indicator->host.empty() ? "own IP range" : "own domain"});
      continue;
    }
    result.indicators.push_back(indicator->value);
  }
  return result;
}

Result<std::string> CoarsenToDay(std::string_view timestamp) {
  bool shape = timestamp.size() >= 10 && timestamp[4] == '-' && timestamp[7] == '-';
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    shape = shape && timestamp.size() > i && IsDigit(timestamp[i]);
  if (!shape || (timestamp.size() > 10 && timestamp[10] != 'T' && timestamp[10] != 't' &&
                 timestamp[10] != ' ')) {
    return MakeError(ErrorKind::kInvalid, "invalid timestamp",
                     "'" + std::string(timestamp.substr(0, 40)) +
                         "' is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss)");
  }
  return std::string(timestamp.substr(0, 10));
}

ReporterDescription KAnonymousDescription(const ReporterDescription& own,
                                          const std::vector<DescriptionCount>& population,
                                          int64_t k) {
  k = std::max<int64_t>(k, 1);
  // Which fields each generalisation keeps: industry, size band, region.
  constexpr std::array<std::array<bool, 3>, 7> kOrder = {{{true, true, true},
                                                          {true, true, false},
                                                          {true, false, true},
                                                          {true, false, false},
                                                          {false, true, true},
                                                          {false, true, false},
                                                          {false, false, true}}};
  for (const auto& keep : kOrder) {
    if ((keep[0] && own.industry.empty()) || (keep[1] && own.size_band.empty()) ||
        (keep[2] && own.region.empty())) {
      continue;
    }
    int64_t sharing = 0;
    for (const DescriptionCount& count : population) {
      if ((!keep[0] || count.description.industry == own.industry) &&
          (!keep[1] || count.description.size_band == own.size_band) &&
          (!keep[2] || count.description.region == own.region)) {
        sharing += count.organisations;
      }
    }
    if (sharing >= k) {
      return ReporterDescription{keep[0] ? own.industry : "", keep[1] ? own.size_band : "",
                                 keep[2] ? own.region : ""};
    }
  }
  return ReporterDescription{};
}

}  // namespace hoshitori::share
