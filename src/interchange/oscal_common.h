// Internal helpers shared by the OSCAL readers and writers.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::interchange::oscal {

using nlohmann::json;

// Parses JSON; the error names the file and the line of the problem.
Result<json> ParseJson(std::string_view text, const std::string& file_name);

// Whether `text` is XML (its first non-blank character is '<').
bool LooksLikeXml(std::string_view text);

// Parses OSCAL XML into the JSON OSCAL defines for the same document (see oscal_xml.cc).
// Rejects DOCTYPE and entity declarations; the error names the file and line.
Result<json> ParseXml(std::string_view text, const std::string& file_name);

// OSCAL JSON or XML, told apart by the first character.
Result<json> ParseDocument(std::string_view text, const std::string& file_name);

// A UUID (version-4 layout) derived from `seed`, so that exporting the same thing twice
// gives the same document.
std::string StableUuid(std::string_view seed);

// OSCAL ids are tokens: a letter or '_' first, then letters, digits, '.', '-', '_'.
bool IsToken(std::string_view text);
// `text` made into a token (other characters become '_', '_' in front when needed).
std::string ToToken(std::string_view text);

// The value of the first prop named `name` (in the Hoshitori namespace when `hoshitori`,
// else without ns or in the NIST namespace), or "".
std::string PropValue(const json& object, std::string_view name, bool hoshitori);

json Prop(std::string_view name, std::string_view value, bool hoshitori,
          std::string_view group = "");

// The text of a JSON string member, or "" when missing or not a string.
std::string StringMember(const json& object, const char* key);

json Metadata(std::string_view title, std::string_view version, const std::string& timestamp,
              std::string_view oscal_version);

}  // namespace hoshitori::interchange::oscal
