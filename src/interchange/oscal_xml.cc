// OSCAL XML read as the equivalent OSCAL JSON (see oscal_common.h), so that one reader per
// model serves both formats. The conversion follows the OSCAL XML-to-JSON rules for the
// parts of the catalog, profile and mapping-collection models the importers read: repeated
// elements become arrays under their JSON group names (prop -> props, control -> controls),
// attributes become members, markup-line elements (title, label, choice) become text with
// <insert type="param" id-ref="x"/> written as "{{ insert: param, x }}", and the block
// content of a part or guideline (p, ol, ul, table, ...) becomes its prose.
#include <expat.h>

#include <limits>
#include <map>
#include <memory>
#include <set>

#include "interchange/oscal_common.h"

namespace hoshitori::interchange::oscal {

namespace {

constexpr int kMaxDepth = 256;

struct XmlNode {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  // Children in document order: an element, or text when `element` is null.
  struct Child {
    std::unique_ptr<XmlNode> element;
    std::string text;
  };
  std::vector<Child> children;
  XmlNode* parent = nullptr;
};

struct Builder {
  XML_Parser parser = nullptr;
  std::unique_ptr<XmlNode> root;
  XmlNode* current = nullptr;
  int depth = 0;
  std::string error;

  void Stop(const std::string& message) {
    if (error.empty()) error = message;
    XML_StopParser(parser, XML_FALSE);
  }
};

// "http://csrc.nist.gov/ns/oscal/1.0 catalog" (namespace-aware parsing) -> "catalog".
std::string LocalName(const XML_Char* name) {
  std::string text(name);
  const size_t at = text.rfind(' ');
  return at == std::string::npos ? text : text.substr(at + 1);
}

void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto* builder = static_cast<Builder*>(data);
  if (++builder->depth > kMaxDepth) return builder->Stop("elements are nested too deeply");
  auto node = std::make_unique<XmlNode>();
  node->name = LocalName(name);
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    node->attributes.emplace_back(LocalName(attributes[i]), attributes[i + 1]);
  }
  XmlNode* raw = node.get();
  if (builder->current == nullptr) {
    if (builder->root) return builder->Stop("more than one root element");
    builder->root = std::move(node);
  } else {
    raw->parent = builder->current;
    builder->current->children.push_back(XmlNode::Child{std::move(node), {}});
  }
  builder->current = raw;
}

void XMLCALL OnEnd(void* data, const XML_Char*) {
  auto* builder = static_cast<Builder*>(data);
  --builder->depth;
  if (builder->current) builder->current = builder->current->parent;
}

void XMLCALL OnText(void* data, const XML_Char* text, int length) {
  auto* builder = static_cast<Builder*>(data);
  if (!builder->current) return;
  auto& children = builder->current->children;
  if (children.empty() || children.back().element) children.push_back(XmlNode::Child{nullptr, {}});
  children.back().text.append(text, static_cast<size_t>(length));
}

void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<Builder*>(data)->Stop(
      "a document type declaration (DOCTYPE) is not accepted in OSCAL XML");
}

void XMLCALL OnEntity(void* data, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                      const XML_Char*, const XML_Char*, const XML_Char*) {
  static_cast<Builder*>(data)->Stop("entity declarations are not accepted in OSCAL XML");
}

// The JSON member holding repeated elements of this name (OSCAL's group-as names).
const std::map<std::string, std::string>& GroupNames() {
  static const std::map<std::string, std::string> names = {
      {"prop", "props"},
      {"link", "links"},
      {"part", "parts"},
      {"param", "params"},
      {"control", "controls"},
      {"group", "groups"},
      {"party", "parties"},
      {"role", "roles"},
      {"location", "locations"},
      {"responsible-party", "responsible-parties"},
      {"import", "imports"},
      {"set-parameter", "set-parameters"},
      {"alter", "alters"},
      {"add", "adds"},
      {"remove", "removes"},
      {"matching", "matching"},
      {"with-id", "with-ids"},
      {"value", "values"},
      {"choice", "choice"},
      {"guideline", "guidelines"},
      {"include-controls", "include-controls"},
      {"exclude-controls", "exclude-controls"},
      {"map", "maps"},
      {"mapping", "mappings"},
      {"source", "sources"},
      {"target", "targets"},
      {"revision", "revisions"},
      {"document-id", "document-ids"},
      {"resource", "resources"},
      {"rlink", "rlinks"},
      {"constraint", "constraints"},
      {"test", "tests"},
      {"email-address", "email-addresses"},
      {"telephone-number", "telephone-numbers"},
      {"address", "addresses"},
      {"addr-line", "addr-lines"},
      {"party-uuid", "party-uuids"},
      {"external-id", "external-ids"},
      {"hash", "hashes"},
      {"member-of-organization", "member-of-organizations"},
      {"location-uuid", "location-uuids"},
      {"role-id", "role-ids"},
      {"keep", "keep"},
      {"insert-controls", "insert-controls"},
  };
  return names;
}

bool IsMarkupLine(const std::string& name) {
  static const std::set<std::string> names = {"title", "label", "choice", "usage", "short-name"};
  return names.count(name) > 0;
}
bool IsMarkupMultiline(const std::string& name) {
  static const std::set<std::string> names = {"remarks", "description", "mapping-description"};
  return names.count(name) > 0;
}
bool IsBlock(const std::string& name) {
  static const std::set<std::string> names = {"p",  "ol", "ul",  "li",         "table", "tr",
                                              "td", "th", "h1",  "h2",         "h3",    "h4",
                                              "h5", "h6", "pre", "blockquote", "hr"};
  return names.count(name) > 0;
}
bool IsNumeric(const std::string& attribute) {
  return attribute == "target-coverage" || attribute == "percentage";
}

std::string Attribute(const XmlNode& node, const char* name) {
  for (const auto& [key, value] : node.attributes) {
    if (key == name) return value;
  }
  return "";
}

// Inline content as text; whitespace runs as one space.
void Inline(const XmlNode& node, std::string& out) {
  for (const XmlNode::Child& child : node.children) {
    if (!child.element) {
      for (char c : child.text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space) {
          if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        } else {
          out += c;
        }
      }
      continue;
    }
    const XmlNode& element = *child.element;
    if (element.name == "insert") {
      out +=
          "{{ insert: " + Attribute(element, "type") + ", " + Attribute(element, "id-ref") + " }}";
    } else {
      Inline(element, out);
    }
  }
}

std::string TrimText(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;
  return text.substr(start);
}

std::string InlineText(const XmlNode& node) {
  std::string text;
  Inline(node, text);
  return TrimText(text);
}

void Blocks(const XmlNode& node, std::string& out, int depth);

// One block element (paragraph, list, list item, table row, ...) as lines of text.
void Block(const XmlNode& element, std::string& out, int depth) {
  if (!out.empty() && out.back() != '\n') out += '\n';
  if (element.name == "li") out += std::string(static_cast<size_t>(depth) * 2, ' ') + "- ";
  bool has_blocks = false;
  for (const XmlNode::Child& c : element.children)
    has_blocks |= c.element && IsBlock(c.element->name);
  if (has_blocks) {
    const bool list = element.name == "ol" || element.name == "ul";
    std::string inner;
    Blocks(element, inner, list ? depth + 1 : depth);
    out += TrimText(inner);
  } else {
    out += InlineText(element);
  }
  out += '\n';
}

// Block content as text, one block per line; inline content between blocks joins the line.
void Blocks(const XmlNode& node, std::string& out, int depth) {
  std::string pending;  // inline content not yet written
  auto flush = [&] {
    const std::string text = TrimText(pending);
    if (!text.empty()) out += (out.empty() || out.back() == '\n' ? "" : " ") + text;
    pending.clear();
  };
  for (const XmlNode::Child& child : node.children) {
    if (child.element && IsBlock(child.element->name)) {
      flush();
      Block(*child.element, out, depth);
      continue;
    }
    if (child.element && child.element->name == "insert") {
      pending += "{{ insert: " + Attribute(*child.element, "type") + ", " +
                 Attribute(*child.element, "id-ref") + " }}";
    } else if (child.element) {
      Inline(*child.element, pending);
    } else {
      XmlNode holder;
      holder.children.push_back(XmlNode::Child{nullptr, child.text});
      Inline(holder, pending);
    }
  }
  flush();
}

json Convert(const XmlNode& node);

json Value(const XmlNode& node) {
  if (IsMarkupLine(node.name)) return InlineText(node);
  if (IsMarkupMultiline(node.name)) {
    std::string text;
    Blocks(node, text, 0);
    return TrimText(text);
  }
  bool has_elements = false;
  for (const XmlNode::Child& child : node.children) has_elements |= child.element != nullptr;
  if (node.attributes.empty() && !has_elements && node.name != "include-all")
    return InlineText(node);
  return Convert(node);
}

json Convert(const XmlNode& node) {
  json out = json::object();
  for (const auto& [key, value] : node.attributes) {
    if (key == "schemaLocation" || key == "xmlns") continue;
    if (IsNumeric(key)) {
      try {
        size_t used = 0;
        const double number = std::stod(value, &used);
        if (used == value.size()) {
          out[key] = number;
          continue;
        }
      } catch (const std::exception&) {
      }
    }
    out[key] = value;
  }
  std::string prose;
  for (const XmlNode::Child& child : node.children) {
    if (child.element && IsBlock(child.element->name)) Block(*child.element, prose, 0);
  }
  if (!prose.empty()) out["prose"] = TrimText(prose);
  for (const XmlNode::Child& child : node.children) {
    if (!child.element || IsBlock(child.element->name)) continue;
    const XmlNode& element = *child.element;
    if (element.name == "insert") continue;
    auto group = GroupNames().find(element.name);
    if (group != GroupNames().end()) {
      json& list = out[group->second];
      if (!list.is_array()) list = json::array();
      list.push_back(Value(element));
    } else if (out.contains(element.name)) {
      json& existing = out[element.name];
      if (!existing.is_array()) existing = json::array({existing});
      existing.push_back(Value(element));
    } else {
      out[element.name] = Value(element);
    }
  }
  return out;
}

}  // namespace

bool LooksLikeXml(std::string_view text) {
  size_t at = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") at = 3;
  while (at < text.size() &&
         (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t'))
    ++at;
  return at < text.size() && text[at] == '<';
}

Result<json> ParseXml(std::string_view text, const std::string& file_name) {
  if (text.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return MakeError(file_name + ": the XML document is too large (over 2 GiB)");
  }
  Builder builder;
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
      XML_ParserCreateNS(nullptr, ' '), &XML_ParserFree);
  if (!parser) return MakeError(file_name + ": out of memory while reading XML");
  builder.parser = parser.get();
  XML_SetUserData(parser.get(), &builder);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  XML_SetEntityDeclHandler(parser.get(), OnEntity);
  const auto status = XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE);
  if (status != XML_STATUS_OK || !builder.error.empty()) {
    const auto line = XML_GetCurrentLineNumber(parser.get());
    std::string what = builder.error;
    if (what.empty()) what = XML_ErrorString(XML_GetErrorCode(parser.get()));
    if (XML_GetErrorCode(parser.get()) == XML_ERROR_NO_ELEMENTS ||
        XML_GetErrorCode(parser.get()) == XML_ERROR_UNCLOSED_TOKEN) {
      what += "; the file looks truncated";
    }
    return MakeError(file_name + ":" + std::to_string(line) + ": not valid XML (" + what + ")");
  }
  if (!builder.root) return MakeError(file_name + ": the XML document has no root element");
  return json{{builder.root->name, Convert(*builder.root)}};
}

Result<json> ParseDocument(std::string_view text, const std::string& file_name) {
  if (LooksLikeXml(text)) return ParseXml(text, file_name);
  return ParseJson(text, file_name);
}

}  // namespace hoshitori::interchange::oscal
