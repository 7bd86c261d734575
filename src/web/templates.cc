#include "web/templates.h"

#include <fstream>
#include <mstch/mstch.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace hoshitori::web {

using nlohmann::json;

struct TemplateSet::Nodes {
  std::map<std::string, mstch::node> messages;  // lang -> mstch::map of messages
  // Per template, only the partials it uses: mstch parses every partial it is given on
  // every render, so handing it all templates would multiply the work.
  std::map<std::string, std::map<std::string, std::string>> partials;
};

TemplateSet::TemplateSet() : nodes_(std::make_unique<Nodes>()) {}
TemplateSet::~TemplateSet() = default;

namespace {

Result<std::string> ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string ContentType(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

mstch::node ToNode(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return nullptr;
    case json::value_t::boolean:
      return value.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return std::to_string(value.get<int64_t>());
    case json::value_t::number_float: {
      std::ostringstream out;
      out << value.get<double>();
      return out.str();
    }
    case json::value_t::string:
      return value.get<std::string>();
    case json::value_t::array: {
      mstch::array out;
      out.reserve(value.size());
      for (const json& item : value) out.push_back(ToNode(item));
      return out;
    }
    case json::value_t::object: {
      mstch::map out;
      for (const auto& [key, item] : value.items()) out.emplace(key, ToNode(item));
      return out;
    }
    default:
      return nullptr;
  }
}

}  // namespace

std::string FormatText(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      const size_t close = text.find('}', i);
      if (close != std::string_view::npos) {
        const auto found = values.find(std::string(text.substr(i + 1, close - i - 1)));
        if (found != values.end()) {
          out += found->second;
          i = close;
          continue;
        }
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

Result<std::shared_ptr<const TemplateSet>> TemplateSet::Load(const std::filesystem::path& web_dir) {
  auto set = std::make_shared<TemplateSet>();
  std::error_code error;
  const auto templates_dir = web_dir / "templates";
  if (!std::filesystem::is_directory(templates_dir, error)) {
    return MakeError("no templates in " + templates_dir.string() +
                     " (set --web-dir to the web/ folder)");
  }
  for (const auto& entry : std::filesystem::directory_iterator(templates_dir)) {
    if (entry.path().extension() != ".mustache") continue;
    auto text = ReadWhole(entry.path());
    if (!text) return text.error();
    set->templates_[entry.path().stem().string()] = std::move(text).value();
  }
  for (std::string_view lang : kLanguages) {
    const auto path = web_dir / "messages" / (std::string(lang) + ".json");
    auto text = ReadWhole(path);
    if (!text) return text.error();
    const json parsed = json::parse(*text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
      return MakeError(path.string() + ": not a JSON object");
    auto& messages = set->messages_[std::string(lang)];
    mstch::map nodes;
    for (const auto& [key, value] : parsed.items()) {
      if (!value.is_string())
        return MakeError(path.string() + ": message \"" + key + "\" must be a string");
      messages[key] = value.get<std::string>();
      nodes.emplace(key, value.get<std::string>());
    }
    set->nodes_->messages[std::string(lang)] = std::move(nodes);
  }
  const auto static_dir = web_dir / "static";
  if (std::filesystem::is_directory(static_dir, error)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(static_dir)) {
      if (!entry.is_regular_file()) continue;
      auto body = ReadWhole(entry.path());
      if (!body) return body.error();
      set->assets_[std::filesystem::relative(entry.path(), static_dir).generic_string()] =
          StaticAsset{ContentType(entry.path()), std::move(body).value()};
    }
  }
  static const std::regex partial(R"(\{\{>\s*([A-Za-z0-9_-]+)\s*\}\})");
  for (const auto& [name, source] : set->templates_) {
    auto& used = set->nodes_->partials[name];
    for (auto it = std::sregex_iterator(source.begin(), source.end(), partial);
         it != std::sregex_iterator(); ++it) {
      const std::string wanted = (*it)[1];
      const auto found = set->templates_.find(wanted);
      if (found == set->templates_.end())
        return MakeError("templates/" + name + ".mustache uses a missing partial '" + wanted + "'");
      used[wanted] = found->second;
    }
  }
  const auto problems = CheckMessages(*set);
  if (!problems.empty()) return MakeError(problems.front());
  return std::shared_ptr<const TemplateSet>(std::move(set));
}

std::string TemplateSet::Render(std::string_view name, const json& context,
                                std::string_view lang) const {
  const auto found = templates_.find(std::string(name));
  if (found == templates_.end()) return "";
  mstch::node root = ToNode(context);
  auto* map = boost::get<mstch::map>(&root);
  if (!map) return "";
  const auto messages = nodes_->messages.find(std::string(lang));
  if (messages != nodes_->messages.end()) map->emplace("msg", messages->second);
  return mstch::render(found->second, root, nodes_->partials.at(found->first));
}

const std::string& TemplateSet::Message(std::string_view lang, std::string_view key) const {
  static const std::string kEmpty;
  const auto language = messages_.find(std::string(lang));
  if (language == messages_.end()) return kEmpty;
  const auto found = language->second.find(std::string(key));
  if (found == language->second.end()) {
    static thread_local std::string missing;
    missing = std::string(key);
    return missing;
  }
  return found->second;
}

std::string TemplateSet::Format(std::string_view lang, std::string_view key,
                                const std::map<std::string, std::string>& values) const {
  return FormatText(Message(lang, key), values);
}

bool TemplateSet::HasTemplate(std::string_view name) const {
  return templates_.count(std::string(name)) != 0;
}

const StaticAsset* TemplateSet::Asset(std::string_view path) const {
  const auto found = assets_.find(path);
  return found == assets_.end() ? nullptr : &found->second;
}

std::vector<std::string> CheckMessages(const TemplateSet& templates) {
  std::vector<std::string> problems;
  const auto& all = templates.messages();
  const auto ja = all.find("ja");
  if (ja == all.end()) return {"messages: ja.json is missing"};
  for (const auto& [lang, messages] : all) {
    for (const auto& [key, text] : ja->second) {
      if (!messages.count(key))
        problems.push_back("messages/" + lang + ".json: missing \"" + key + "\"");
    }
    for (const auto& [key, text] : messages) {
      if (!ja->second.count(key))
        problems.push_back("messages/ja.json: missing \"" + key + "\" (present in " + lang + ")");
      if (text.empty()) problems.push_back("messages/" + lang + ".json: \"" + key + "\" is empty");
    }
  }
  static const std::regex use(R"(\{\{\s*msg\.([A-Za-z0-9_]+)\s*\}\})");
  for (const auto& [name, source] : templates.templates()) {
    for (auto it = std::sregex_iterator(source.begin(), source.end(), use);
         it != std::sregex_iterator(); ++it) {
      const std::string key = (*it)[1];
      if (!ja->second.count(key))
        problems.push_back("templates/" + name + ".mustache uses unknown message \"" + key + "\"");
    }
  }
  return problems;
}

}  // namespace hoshitori::web
