#include "share/public_suffix.h"

#include <fstream>
#include <sstream>

#include "share/indicator.h"

namespace hoshitori::share {

Result<PublicSuffixList> PublicSuffixList::Parse(std::string_view text) {
  if (text.size() > kMaxPublicSuffixListBytes) {
    return MakeError(
        ErrorKind::kInvalid, "public suffix list too large",
        "the public suffix list is over " + std::to_string(kMaxPublicSuffixListBytes) + " bytes");
  }
  PublicSuffixList list;
  size_t line_number = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    // A rule is the line's first word; the rest of the line is ignored (the format's rule).
    size_t word_end = line.find_first_of(" \t\r");
    line = line.substr(0, word_end);
    if (line.empty() || line.substr(0, 2) == "//") continue;
    if (line.size() > 253) {
      return MakeError(
          ErrorKind::kInvalid, "invalid public suffix list",
          "public suffix list line " + std::to_string(line_number) + ": a rule over 253 bytes");
    }
    Set* set = &list.normal_;
    if (line.substr(0, 2) == "*.") {
      set = &list.wildcard_;
      line.remove_prefix(2);
    } else if (line.front() == '!') {
      set = &list.exception_;
      line.remove_prefix(1);
    }
    auto name = NormaliseHostName(line);
    if (!name.ok()) {
      return MakeError(
          ErrorKind::kInvalid, "invalid public suffix list",
          "public suffix list line " + std::to_string(line_number) + ": " + name.error().message);
    }
    set->insert(*name);
  }
  return list;
}

Result<PublicSuffixList> PublicSuffixList::Load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorKind::kNotFound, "public suffix list not found",
                     path.string() + ": cannot be read (Debian: apt-get install publicsuffix)");
  }
  std::string text(kMaxPublicSuffixListBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return Parse(text);
}

std::string_view PublicSuffixList::RegisteredDomain(std::string_view host) const {
  // Suffixes from the longest (the whole host) to the last label; the first rule that
  // applies decides, which gives exceptions and longer rules their precedence.
  size_t suffix_start = 0;  // where the public suffix starts in host
  bool decided = false;
  for (size_t start = 0; start < host.size() && !decided;) {
    std::string_view suffix = host.substr(start);
    size_t dot = suffix.find('.');
    std::string_view parent = dot == std::string_view::npos ? "" : suffix.substr(dot + 1);
    if (exception_.contains(suffix)) {
      suffix_start = dot == std::string_view::npos ? host.size() : start + dot + 1;
      decided = true;
    } else if (normal_.contains(suffix)) {
      suffix_start = start;
      decided = true;
    } else if (!parent.empty() && wildcard_.contains(parent)) {
      suffix_start = start;
      decided = true;
    }
    if (dot == std::string_view::npos) break;
    start += dot + 1;
  }
  if (!decided) {
    size_t last_dot = host.rfind('.');
    suffix_start = last_dot == std::string_view::npos ? 0 : last_dot + 1;
  }
  if (suffix_start < 2) return {};  // the host is a public suffix
  // One more label to the left of the public suffix.
  size_t label_dot = host.rfind('.', suffix_start - 2);
  return host.substr(label_dot == std::string_view::npos ? 0 : label_dot + 1);
}

std::string_view RegisteredDomainOf(std::string_view host, const PublicSuffixList* list) {
  if (list != nullptr) return list->RegisteredDomain(host);
  size_t last = host.rfind('.');
  if (last == std::string_view::npos || last == 0) return {};
  size_t previous = host.rfind('.', last - 1);
  return host.substr(previous == std::string_view::npos ? 0 : previous + 1);
}

}  // namespace hoshitori::share
