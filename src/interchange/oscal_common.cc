#include "interchange/oscal_common.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "interchange/oscal.h"

namespace hoshitori::interchange::oscal {

Result<json> ParseJson(std::string_view text, const std::string& file_name) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    const size_t end = std::min<size_t>(e.byte, text.size());
    const long line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(end), '\n');
    std::string what = e.what();
    if (const size_t at = what.find("syntax error"); at != std::string::npos) what = what.substr(at);
    return MakeError(file_name + ":" + std::to_string(line) + ": not valid JSON (" + what + ")");
  } catch (const json::exception& e) {
    // Values the parser cannot hold (a number such as 1e999 overflows a double).
    std::string what = e.what();
    if (const size_t at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    return MakeError(file_name + ": not valid JSON (" + what + ")");
  }
}

std::string StableUuid(std::string_view seed) {
  // Two 64-bit FNV-1a hashes with different offsets give 128 bits.
  uint64_t a = 1469598103934665603ull, b = 0x9e3779b97f4a7c15ull;
  for (unsigned char c : seed) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ c) * 0x100000001b3ull + 0x632be59bd9b4e019ull;
  }
  unsigned char bytes[16];
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<unsigned char>(a >> (8 * i));
    bytes[8 + i] = static_cast<unsigned char>(b >> (8 * i));
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return out;
}

namespace {
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsTokenChar(char c) {
  return IsLetter(c) || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}
}  // namespace

bool IsToken(std::string_view text) {
  if (text.empty() || !(IsLetter(text.front()) || text.front() == '_')) return false;
  return std::all_of(text.begin(), text.end(), IsTokenChar);
}

std::string ToToken(std::string_view text) {
  std::string out;
  for (char c : text) out += IsTokenChar(c) ? c : '_';
  if (out.empty() || !(IsLetter(out.front()) || out.front() == '_')) out.insert(out.begin(), '_');
  return out;
}

std::string StringMember(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::string PropValue(const json& object, std::string_view name, bool hoshitori) {
  if (!object.is_object()) return "";
  auto props = object.find("props");
  if (props == object.end() || !props->is_array()) return "";
  for (const json& prop : *props) {
    if (StringMember(prop, "name") != name) continue;
    const std::string ns = StringMember(prop, "ns");
    const bool ours = ns == kHoshitoriNs;
    if (hoshitori != ours) continue;
    if (!hoshitori && !ns.empty() && ns.find("nist.gov") == std::string::npos) continue;
    return StringMember(prop, "value");
  }
  return "";
}

json Prop(std::string_view name, std::string_view value, bool hoshitori, std::string_view group) {
  json prop{{"name", name}, {"value", value}};
  if (hoshitori) prop["ns"] = kHoshitoriNs;
  if (!group.empty()) prop["group"] = group;
  return prop;
}

json Metadata(std::string_view title, std::string_view version, const std::string& timestamp,
              std::string_view oscal_version) {
  return json{{"title", title},
              {"last-modified", timestamp},
              {"version", version.empty() ? std::string_view("1") : version},
              {"oscal-version", oscal_version}};
}

}  // namespace hoshitori::interchange::oscal
