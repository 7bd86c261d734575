#include "sbom/version_maven.h"

#include <array>
#include <utility>

#include "sbom/version_numeric.h"

namespace hoshitori::sbom {
namespace {

constexpr std::string_view kScheme = "Maven";

// Known qualifiers in order; "" is the release.
constexpr std::array<std::string_view, 7> kQualifiers = {"alpha",    "beta", "milestone", "rc",
                                                         "snapshot", "",     "sp"};
constexpr std::string_view kReleaseRank = "5";

MavenItem Number(std::string_view digits) {
  MavenItem item;
  item.kind = MavenItem::Kind::kNumber;
  item.text = std::string(StripLeadingZeros(digits));
  return item;
}

// A qualifier word in canonical spelling: "a1" -> alpha, "cr" -> rc, "ga" -> "".
MavenItem Word(std::string_view text, bool followed_by_digit) {
  MavenItem item;
  item.kind = MavenItem::Kind::kWord;
  if (followed_by_digit && text.size() == 1) {
    if (text == "a") text = "alpha";
    if (text == "b") text = "beta";
    if (text == "m") text = "milestone";
  }
  if (text == "ga" || text == "final" || text == "release") text = "";
  if (text == "cr") text = "rc";
  item.text = std::string(text);
  return item;
}

MavenItem Token(bool is_digit, std::string_view text) {
  return is_digit ? Number(text) : Word(text, false);
}

// Sorts known qualifiers by their rank and other words after them, alphabetically.
std::string QualifierRank(const std::string& word) {
  for (size_t i = 0; i < kQualifiers.size(); ++i) {
    if (kQualifiers[i] == word) return std::to_string(i);
  }
  return std::to_string(kQualifiers.size()) + "-" + word;
}

bool IsNull(const MavenItem& item) {
  switch (item.kind) {
    case MavenItem::Kind::kNumber:
      return item.text == "0";
    case MavenItem::Kind::kWord:
      return item.text.empty();
    case MavenItem::Kind::kList:
      return item.items.empty();
  }
  return false;
}

// Drops trailing null items (0, release words, empty lists), looking past non-null lists,
// as ComparableVersion.ListItem.normalize does.
void Normalize(MavenItem& list) {
  for (size_t i = list.items.size(); i-- > 0;) {
    if (IsNull(list.items[i])) {
      list.items.erase(list.items.begin() + static_cast<std::ptrdiff_t>(i));
    } else if (list.items[i].kind != MavenItem::Kind::kList) {
      break;
    }
  }
}

// Compares a to b, where b may be absent (padding).
int CompareItems(const MavenItem& a, const MavenItem* b) {
  using Kind = MavenItem::Kind;
  if (b == nullptr) {
    switch (a.kind) {
      case Kind::kNumber:
        return a.text == "0" ? 0 : 1;
      case Kind::kWord:
        return Sign(QualifierRank(a.text).compare(kReleaseRank));
      case Kind::kList:
        // The first item that differs from padding decides.
        for (const MavenItem& item : a.items) {
          if (int order = CompareItems(item, nullptr); order != 0) return order;
        }
        return 0;
    }
  }
  switch (a.kind) {
    case Kind::kNumber:
      return b->kind == Kind::kNumber ? CompareNumbers(a.text, b->text) : 1;
    case Kind::kWord:
      if (b->kind != Kind::kWord) return -1;
      return Sign(QualifierRank(a.text).compare(QualifierRank(b->text)));
    case Kind::kList:
      if (b->kind == Kind::kNumber) return -1;
      if (b->kind == Kind::kWord) return 1;
      for (size_t i = 0; i < a.items.size() || i < b->items.size(); ++i) {
        const MavenItem* left = i < a.items.size() ? &a.items[i] : nullptr;
        const MavenItem* right = i < b->items.size() ? &b->items[i] : nullptr;
        const int order =
            left == nullptr ? -CompareItems(*right, nullptr) : CompareItems(*left, right);
        if (order != 0) return order;
      }
      return 0;
  }
  return 0;
}

void NormalizeAll(MavenItem& list) {
  for (MavenItem& item : list.items) {
    if (item.kind == MavenItem::Kind::kList) NormalizeAll(item);
  }
  Normalize(list);
}

}  // namespace

Result<MavenVersion> ParseMavenVersion(std::string_view text) {
  if (text.empty()) return NotAVersion(kScheme, text, "it is empty");
  if (text.size() > kMaxVersionLength) return NotAVersion(kScheme, text, "too long");
  for (const char c : text) {
    if (c <= ' ' || c > '~') {
      return NotAVersion(kScheme, text, "only printable ASCII without spaces is allowed");
    }
  }
  const std::string version = LowerAscii(text);
  MavenVersion result;
  // The lists from the root to the one being filled. Only the last one grows, so the
  // pointers to its ancestors stay valid.
  std::vector<MavenItem*> stack = {&result.root};
  const auto open_list = [&stack] {
    MavenItem list;
    list.kind = MavenItem::Kind::kList;
    stack.back()->items.push_back(std::move(list));
    stack.push_back(&stack.back()->items.back());
  };
  bool is_digit = false;
  size_t start = 0;
  for (size_t i = 0; i < version.size(); ++i) {
    const char c = version[i];
    const std::string_view token = std::string_view(version).substr(start, i - start);
    if (c == '.' || c == '-') {
      stack.back()->items.push_back(i == start ? Number("0") : Token(is_digit, token));
      start = i + 1;
      if (c == '-') open_list();
    } else if (IsDigit(c)) {
      if (!is_digit && i > start) {
        // A word after '.' is read as after '-' here too: 1.0.0.X1 < 1.0.0-X2.
        if (!stack.back()->items.empty()) open_list();
        stack.back()->items.push_back(Word(token, true));
        start = i;
        open_list();
      }
      is_digit = true;
    } else {
      if (is_digit && i > start) {
        stack.back()->items.push_back(Number(token));
        start = i;
        open_list();
      }
      is_digit = false;
    }
  }
  if (version.size() > start) {
    // A trailing word after '.' is read as after '-', as above.
    if (!is_digit && !stack.back()->items.empty()) open_list();
    stack.back()->items.push_back(Token(is_digit, std::string_view(version).substr(start)));
  }
  NormalizeAll(result.root);
  return result;
}

int CompareMavenVersions(const MavenVersion& a, const MavenVersion& b) {
  return CompareItems(a.root, &b.root);
}

}  // namespace hoshitori::sbom
