// What the CycloneDX and SPDX readers share (internal to interchange; not a public header):
// the JSON pointer of the value being read, the checks of the bounds of sbom/bom.h, the
// collection of dependency pairs, and simdjson helpers that stop at the first error.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "core/result.h"
#include "sbom/bom.h"

namespace hoshitori::interchange::sbom_detail {

// The error every SBOM reader returns: kInvalid, "Invalid SBOM", "<file>: <where>: <reason>".
Error SbomError(std::string_view file_name, std::string_view where, std::string_view reason);

// The error for a file over kMaxBomBytes, or nullopt.
std::optional<Error> CheckBomSize(std::string_view text, std::string_view file_name);

// The first non-blank character of `text` after an optional UTF-8 byte order mark, or '\0'.
char FirstSignificantChar(std::string_view text);

// A JSON pointer (RFC 6901) built while walking a document: cheap to push and pop, rendered
// only when an error is reported.
class JsonPath {
 public:
  void Push(std::string_view key) { segments_.emplace_back(key); }
  void Push(size_t index) { segments_.emplace_back(index); }
  void Pop() { segments_.pop_back(); }
  // "/components/3/purl"; "/" for the document itself.
  std::string ToString() const;

 private:
  std::vector<std::variant<std::string_view, size_t>> segments_;
};

// Groups dependency pairs by dependent ref in first-seen order and drops repeated pairs;
// refuses more than kMaxDependencyEdges pairs.
class DependencyCollector {
 public:
  // False when the bound is exceeded (the pair is not added).
  bool Add(std::string_view from, std::string_view to);
  // Registers `from` as a dependent with no (further) dependencies, keeping its position.
  void Touch(std::string_view from);
  std::vector<sbom::Dependency> Take() { return std::move(dependencies_); }

 private:
  size_t EntryOf(std::string_view from);
  std::vector<sbom::Dependency> dependencies_;
  // Dependent ref -> entry in dependencies_, keyed by views of refs_ (stable addresses), so a
  // lookup allocates nothing.
  std::deque<std::string> refs_;
  std::unordered_map<std::string_view, size_t> index_;
  // "from\0to" of the pairs of entries too long to search for repeats one by one.
  std::unordered_set<std::string> pairs_;
  size_t edges_ = 0;
};

// Walks a simdjson DOM, remembering the first error with its JSON pointer. Every Get* returns
// false once an error is recorded, so callers can return as soon as one fails.
class JsonWalker {
 public:
  explicit JsonWalker(std::string file_name) : file_name_(std::move(file_name)) {}

  // Parses `text` (bounds: kMaxBomBytes, kMaxBomDepth) into `root`, with this thread's
  // parser: `root` stays valid until the thread's next Parse. Each thread keeps the parser's
  // buffers (sized for the largest document it has read, at most a few times kMaxBomBytes)
  // because allocating them afresh for every document costs more than the parse itself.
  bool Parse(std::string_view text, simdjson::dom::element* root);

  JsonPath& path() { return path_; }
  bool failed() const { return error_.has_value(); }
  Error TakeError() { return std::move(*error_); }
  // Records `reason` at the current path (or at the current path plus `key`); returns false.
  bool Fail(std::string_view reason);
  bool FailAt(std::string_view key, std::string_view reason);

  // `object[key]` as an object / array / string (bounded by kMaxFieldBytes). A missing member
  // gives false from Has and leaves *out untouched in the optional forms; the Required forms
  // fail on it. A present member of the wrong type always fails.
  bool ObjectAt(simdjson::dom::element value, simdjson::dom::object* out);
  bool OptionalArray(simdjson::dom::object object, std::string_view key, simdjson::dom::array* out,
                     bool* present);
  bool OptionalObject(simdjson::dom::object object, std::string_view key,
                      simdjson::dom::object* out, bool* present);
  // Strings are bounded by `max_bytes` (kMaxFieldBytes unless said otherwise).
  bool OptionalString(simdjson::dom::object object, std::string_view key, std::string* out,
                      size_t max_bytes = sbom::kMaxFieldBytes);
  bool RequiredString(simdjson::dom::object object, std::string_view key, std::string* out,
                      size_t max_bytes = sbom::kMaxFieldBytes);
  // `value` (at the current path) as a bounded string.
  bool StringValue(simdjson::dom::element value, std::string* out,
                   size_t max_bytes = sbom::kMaxFieldBytes);
  // `value`, the member `key` of the object at the current path, as a bounded string.
  bool StringMember(std::string_view key, simdjson::dom::element value, std::string* out,
                    size_t max_bytes = sbom::kMaxFieldBytes);

 private:
  std::string file_name_;
  JsonPath path_;
  std::optional<Error> error_;
};

}  // namespace hoshitori::interchange::sbom_detail
