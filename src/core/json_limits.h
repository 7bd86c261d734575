// Limits on JSON text that comes from outside, checked before any parser builds a tree.
//
// nlohmann::json parses and destroys iteratively but dumps, copies and compares
// recursively, so a document nested 100,000 levels deep (a 200 KB body) would overflow the
// stack later, far from the parser. Every reader of outside JSON therefore checks the
// nesting on the raw text first: the check is one pass over the bytes, keeps no state but a
// counter, and needs no valid JSON (the parser still rejects malformed text afterwards).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori {

// The deepest nesting of arrays and objects any JSON input may have ({"a": [1]} is 2).
inline constexpr int kMaxJsonDepth = 64;

// The nesting depth of arrays and objects in `text`, counted outside strings; stops and
// returns `limit + 1` as soon as the depth exceeds `limit`. Malformed text is measured as
// far as it goes (an unterminated string ends the count).
inline int JsonNestingDepth(std::string_view text, int limit = kMaxJsonDepth) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is, is part of the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) return limit + 1;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// OK when `text` nests arrays and objects at most kMaxJsonDepth levels deep; otherwise an
// error saying so ("the JSON is nested deeper than 64 levels").
inline Status CheckJsonDepth(std::string_view text) {
  if (JsonNestingDepth(text) > kMaxJsonDepth) {
    return MakeError("the JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  return OkStatus();
}

}  // namespace hoshitori
