// Parsing JSON that a signature covers: bounded, and refusing duplicate member names.
//
// Two readers of one signed document must see the same values. A JSON object with a member
// named twice is read differently by different libraries (first wins, last wins, error), so
// signed headers, payloads and keys with duplicates are refused (RFC 7515 §5.2 allows it).
// Thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.h"

namespace hoshitori::assure {

// The JSON value of `text`, which must be one object nested at most `max_depth` levels and at
// most `max_bytes` long, with no member name repeated in any object. Errors name `what`.
Result<nlohmann::json> ParseSignedJsonObject(std::string_view text, std::string_view what,
                                             int max_depth, size_t max_bytes);

// The member `name` of `object` as a string of 1..max_bytes bytes; an error naming `what`
// when it is missing (and required), not a string, empty or longer.
Result<std::string> StringMember(const nlohmann::json& object, const char* name,
                                 std::string_view what, size_t max_bytes, bool required = true);

}  // namespace hoshitori::assure
