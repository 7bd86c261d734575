// multipart/form-data (RFC 7578) as browsers send a form with a file: the parts of a request
// body, each with its field name, file name and media type. Header-only and pure (bytes in,
// views out), so that the fuzz target needs no library.
//
// Bounds: a boundary of 1..70 characters (RFC 2046), at most kMaxFormParts parts, each
// part's header block at most kMaxPartHeaderBytes. Anything else — no closing boundary, a
// part without a name, a header line without a colon — is refused as a whole.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hoshitori::web {

inline constexpr size_t kMaxFormParts = 16;
inline constexpr size_t kMaxPartHeaderBytes = 4096;

struct FormPart {
  std::string name;          // the form field's name
  std::string filename;      // empty for a field that is not a file
  std::string content_type;  // as the browser declared it; empty when it declared none
  std::string_view data;     // into the body given to ParseMultipartForm
};

namespace multipart_detail {

inline std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return out;
}

inline std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of parameter `key` in a header value's "; key=value" list (quoted or not).
inline std::optional<std::string> Parameter(std::string_view value, std::string_view key) {
  size_t at = value.find(';');
  while (at != std::string_view::npos) {
    const size_t next = value.find(';', at + 1);
    std::string_view item = Trim(value.substr(
        at + 1, next == std::string_view::npos ? std::string_view::npos : next - at - 1));
    const size_t eq = item.find('=');
    if (eq != std::string_view::npos && Lower(Trim(item.substr(0, eq))) == key) {
      std::string_view text = Trim(item.substr(eq + 1));
      if (text.size() >= 2 && text.front() == '"') {
        // A quoted value may hold ';': take it up to its closing quote.
        const size_t start = value.find('"', at) + 1;
        const size_t close = value.find('"', start);
        if (close == std::string_view::npos) return std::nullopt;
        return std::string(value.substr(start, close - start));
      }
      return std::string(text);
    }
    at = next;
  }
  return std::nullopt;
}

}  // namespace multipart_detail

// The parts of `body` sent with Content-Type `content_type` (multipart/form-data with its
// boundary); none when the type is another or the body is malformed or beyond the bounds.
inline std::optional<std::vector<FormPart>> ParseMultipartForm(std::string_view content_type,
                                                               std::string_view body) {
  using namespace multipart_detail;
  if (Lower(Trim(content_type.substr(0, content_type.find(';')))) != "multipart/form-data")
    return std::nullopt;
  const auto boundary = Parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  const std::string delimiter = "--" + *boundary;
  if (!body.starts_with(delimiter)) return std::nullopt;
  std::vector<FormPart> parts;
  size_t at = delimiter.size();
  while (true) {
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n" || parts.size() == kMaxFormParts) return std::nullopt;
    at += 2;
    const size_t headers_end = body.find("\r\n\r\n", at);
    if (headers_end == std::string_view::npos || headers_end - at > kMaxPartHeaderBytes)
      return std::nullopt;
    FormPart part;
    bool named = false;
    for (size_t line = at; line < headers_end;) {
      size_t end = body.find("\r\n", line);
      if (end == std::string_view::npos || end > headers_end) end = headers_end;
      const std::string_view header = body.substr(line, end - line);
      const size_t colon = header.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      const std::string key = Lower(Trim(header.substr(0, colon)));
      const std::string_view value = Trim(header.substr(colon + 1));
      if (key == "content-disposition") {
        if (Lower(Trim(value.substr(0, value.find(';')))) != "form-data") return std::nullopt;
        const auto name = Parameter(value, "name");
        if (!name) return std::nullopt;
        part.name = *name;
        part.filename = Parameter(value, "filename").value_or("");
        named = true;
      } else if (key == "content-type") {
        part.content_type = std::string(value);
      }
      line = end + 2;
    }
    if (!named) return std::nullopt;
    const size_t data_start = headers_end + 4;
    const size_t next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos) return std::nullopt;
    part.data = body.substr(data_start, next - data_start);
    parts.push_back(std::move(part));
    at = next + 2 + delimiter.size();
  }
}

}  // namespace hoshitori::web
