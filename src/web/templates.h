// TemplateSet: the page templates (web/templates/*.mustache), the UI messages
// (web/messages/<lang>.json, one file per language with the same keys) and the static
// assets (web/static/*), all read once at start. Pages are rendered with mstch from a JSON
// context; the messages of the chosen language are available to every template as
// {{msg.key}}.
//
// Immutable after Load: safe for concurrent Render calls from several server threads.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::web {

// The UI languages, Japanese first (the default).
inline constexpr std::string_view kLanguages[] = {"ja", "en"};

struct StaticAsset {
  std::string content_type;
  std::string body;
};

class TemplateSet {
 public:
  // Loads every template, message file and static asset under `web_dir`. Fails with a
  // message naming the file when one is missing or malformed, or when the message files
  // do not have the same keys.
  static Result<std::shared_ptr<const TemplateSet>> Load(const std::filesystem::path& web_dir);

  // Renders template `name` (file name without .mustache) with `context` and the messages
  // of `lang` as "msg". Other templates are available as partials ({{> name}}). Returns ""
  // when there is no such template.
  std::string Render(std::string_view name, const nlohmann::json& context,
                     std::string_view lang) const;

  // The message `key` in `lang`, or the key itself when missing (visible, never empty).
  const std::string& Message(std::string_view lang, std::string_view key) const;
  // The message `key` with each "{name}" replaced by `values[name]`.
  std::string Format(std::string_view lang, std::string_view key,
                     const std::map<std::string, std::string>& values) const;

  bool HasTemplate(std::string_view name) const;
  // The asset at `path` (e.g. "app.css"), or nullptr.
  const StaticAsset* Asset(std::string_view path) const;

  const std::map<std::string, std::string>& templates() const { return templates_; }
  const std::map<std::string, std::map<std::string, std::string>>& messages() const {
    return messages_;
  }

  struct Nodes;  // pre-converted mstch message maps (defined in templates.cc)
  ~TemplateSet();
  TemplateSet();

 private:
  std::map<std::string, std::string> templates_;                        // name -> source
  std::map<std::string, std::map<std::string, std::string>> messages_;  // lang -> key -> text
  std::map<std::string, StaticAsset, std::less<>> assets_;
  std::unique_ptr<Nodes> nodes_;
};

// Checks that every message file has the same keys as the Japanese one and that every
// {{msg.key}} used by a template exists. Returns one line per problem (empty when fine).
std::vector<std::string> CheckMessages(const TemplateSet& templates);

// Replaces "{name}" in `text` by `values[name]`.
std::string FormatText(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace hoshitori::web
