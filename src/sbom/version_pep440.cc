#include "sbom/version_pep440.h"

#include <array>
#include <utility>

#include "sbom/version_numeric.h"

namespace hoshitori::sbom {
namespace {

constexpr std::string_view kScheme = "PEP 440";

// A cursor over the lowercased text.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  size_t position() const { return pos_; }
  void Reset(size_t position) { pos_ = position; }
  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool PeekDigit() const { return pos_ < text_.size() && IsDigit(text_[pos_]); }
  bool Take(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  bool TakeSeparator() { return Take('-') || Take('_') || Take('.'); }
  bool TakeWord(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  std::string TakeDigits() {
    const size_t start = pos_;
    while (PeekDigit()) ++pos_;
    return std::string(StripLeadingZeros(text_.substr(start, pos_ - start)));
  }
  // An optional separator, then an optional number after a label; "0" if none. The
  // separator is taken even without a number ("1.0a." is 1.0a0), as the specification's
  // regular expression does.
  std::string TakeLabelNumber() {
    TakeSeparator();
    return PeekDigit() ? TakeDigits() : "0";
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

// Spellings of the pre-release labels, longest first so "preview" is not read as "pre".
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kPreLabels = {{
    {"preview", "rc"},
    {"alpha", "a"},
    {"beta", "b"},
    {"pre", "rc"},
    {"rc", "rc"},
    {"a", "a"},
    {"b", "b"},
    {"c", "rc"},
}};

int PreRank(const Pep440Version& v) {
  if (v.pre_label.empty()) return (!v.post && v.dev) ? -1 : 3;
  return v.pre_label == "a" ? 0 : (v.pre_label == "b" ? 1 : 2);
}

}  // namespace

Result<Pep440Version> ParsePep440Version(std::string_view text) {
  const std::string_view original = text;
  if (text.size() > kMaxVersionLength) return NotAVersion(kScheme, original, "too long");
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  const std::string lowered = LowerAscii(text);
  Scanner in(lowered);
  Pep440Version version;
  in.Take('v');
  if (!in.PeekDigit()) return NotAVersion(kScheme, original, "it must start with a number");
  std::string number = in.TakeDigits();
  if (in.Take('!')) {
    version.epoch = std::move(number);
    if (!in.PeekDigit()) return NotAVersion(kScheme, original, "no release number after '!'");
    number = in.TakeDigits();
  }
  version.release.push_back(std::move(number));
  while (true) {
    const size_t before = in.position();
    if (in.Take('.') && in.PeekDigit()) {
      version.release.push_back(in.TakeDigits());
    } else {
      in.Reset(before);
      break;
    }
  }

  size_t before = in.position();
  in.TakeSeparator();
  bool found = false;
  for (const auto& [spelling, label] : kPreLabels) {
    if (in.TakeWord(spelling)) {
      version.pre_label = std::string(label);
      version.pre_number = in.TakeLabelNumber();
      found = true;
      break;
    }
  }
  if (!found) in.Reset(before);

  before = in.position();
  if (in.Take('-') && in.PeekDigit()) {
    version.post = true;
    version.post_number = in.TakeDigits();
  } else {
    in.Reset(before);
    in.TakeSeparator();
    if (in.TakeWord("post") || in.TakeWord("rev") || in.TakeWord("r")) {
      version.post = true;
      version.post_number = in.TakeLabelNumber();
    } else {
      in.Reset(before);
    }
  }

  before = in.position();
  in.TakeSeparator();
  if (in.TakeWord("dev")) {
    version.dev = true;
    version.dev_number = in.TakeLabelNumber();
  } else {
    in.Reset(before);
  }

  if (in.Take('+')) {
    std::string segment;
    while (true) {
      const bool end = in.AtEnd() || in.Peek('.') || in.Peek('-') || in.Peek('_');
      if (end) {
        if (segment.empty()) {
          return NotAVersion(kScheme, original, "an empty part in the local label");
        }
        version.local.push_back(std::move(segment));
        segment.clear();
        if (in.AtEnd()) break;
        in.TakeSeparator();
        continue;
      }
      const size_t at = in.position();
      const char c = lowered[at];
      if (!IsDigit(c) && !(c >= 'a' && c <= 'z')) {
        return NotAVersion(kScheme, original, "the local label may hold only letters and digits");
      }
      segment += c;
      in.Reset(at + 1);
    }
  }
  if (!in.AtEnd()) {
    return NotAVersion(kScheme, original,
                       "unexpected text at position " + std::to_string(in.position() + 1));
  }
  return version;
}

std::string NormalizedPep440(const Pep440Version& version) {
  std::string out;
  if (version.epoch != "0") out += version.epoch + "!";
  for (size_t i = 0; i < version.release.size(); ++i) {
    if (i > 0) out += '.';
    out += version.release[i];
  }
  if (!version.pre_label.empty()) out += version.pre_label + version.pre_number;
  if (version.post) out += ".post" + version.post_number;
  if (version.dev) out += ".dev" + version.dev_number;
  for (size_t i = 0; i < version.local.size(); ++i) {
    out += i == 0 ? '+' : '.';
    out += version.local[i];
  }
  return out;
}

int ComparePep440Versions(const Pep440Version& a, const Pep440Version& b) {
  if (int order = CompareNumbers(a.epoch, b.epoch); order != 0) return order;
  for (size_t i = 0; i < a.release.size() || i < b.release.size(); ++i) {
    const std::string_view x =
        i < a.release.size() ? std::string_view(a.release[i]) : std::string_view("0");
    const std::string_view y =
        i < b.release.size() ? std::string_view(b.release[i]) : std::string_view("0");
    if (int order = CompareNumbers(x, y); order != 0) return order;
  }
  if (int order = PreRank(a) - PreRank(b); order != 0) return Sign(order);
  if (!a.pre_label.empty()) {
    if (int order = CompareNumbers(a.pre_number, b.pre_number); order != 0) return order;
  }
  if (a.post != b.post) return a.post ? 1 : -1;
  if (a.post) {
    if (int order = CompareNumbers(a.post_number, b.post_number); order != 0) return order;
  }
  if (a.dev != b.dev) return a.dev ? -1 : 1;
  if (a.dev) {
    if (int order = CompareNumbers(a.dev_number, b.dev_number); order != 0) return order;
  }
  if (a.local.empty() != b.local.empty()) return a.local.empty() ? -1 : 1;
  return CompareIdentifierLists(a.local, b.local, /*numbers_first=*/false);
}

}  // namespace hoshitori::sbom
