// How often `needle` occurs in `text` (overlapping occurrences count), for the SVG tests.
#pragma once

#include <cstddef>
#include <string>

namespace hoshitori::web {

inline size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace hoshitori::web
