#include "assure/strict_json.h"

#include <set>
#include <string>
#include <vector>

#include "core/json_limits.h"

namespace hoshitori::assure {

using nlohmann::json;

Result<json> ParseSignedJsonObject(std::string_view text, std::string_view what, int max_depth,
                                   size_t max_bytes) {
  const std::string name(what);
  if (text.size() > max_bytes) {
    return MakeError(name + " is longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (JsonNestingDepth(text, max_depth) > max_depth) {
    return MakeError(name + " is nested deeper than " + std::to_string(max_depth) + " levels");
  }
  // One set of member names per open object; a name seen twice in one object is refused.
  std::vector<std::set<std::string>> open_objects;
  bool duplicate = false;
  std::string duplicate_name;
  const json::parser_callback_t watch = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case json::parse_event_t::key:
        if (!open_objects.empty() &&
            !open_objects.back().insert(parsed.get<std::string>()).second) {
          if (!duplicate) duplicate_name = parsed.get<std::string>();
          duplicate = true;
        }
        break;
      default:
        break;
    }
    return true;
  };
  json value = json::parse(text.begin(), text.end(), watch, /*allow_exceptions=*/false);
  if (value.is_discarded()) return MakeError(name + " is not valid JSON");
  if (duplicate) return MakeError(name + " names the member \"" + duplicate_name + "\" twice");
  if (!value.is_object()) return MakeError(name + " must be a JSON object");
  return value;
}

Result<std::string> StringMember(const json& object, const char* name, std::string_view what,
                                 size_t max_bytes, bool required) {
  const auto found = object.find(name);
  if (found == object.end()) {
    if (!required) return std::string();
    return MakeError(std::string(what) + ": \"" + name + "\" is missing");
  }
  if (!found->is_string()) {
    return MakeError(std::string(what) + ": \"" + name + "\" must be a string");
  }
  const auto& text = found->get_ref<const std::string&>();
  if (text.empty() || text.size() > max_bytes) {
    return MakeError(std::string(what) + ": \"" + name + "\" must be 1 to " +
                     std::to_string(max_bytes) + " bytes long");
  }
  return text;
}

}  // namespace hoshitori::assure
