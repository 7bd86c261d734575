// OSCAL catalog import and export (see oscal.h).
#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "interchange/oscal.h"
#include "interchange/oscal_common.h"
#include "interchange/text.h"

namespace hoshitori::interchange {

using oscal::json;
using oscal::Prop;
using oscal::PropValue;
using oscal::StringMember;

namespace {

constexpr int kMaxDepth = 32;
constexpr size_t kMaxExpansions = 200000;
constexpr size_t kMaxProduced = 64u << 20;

// Texts shown instead of the missing Japanese translation of an English-only catalog.
const LocalizedText kImportedLicenceNote{
    "利用者が公式文書（OSCAL 形式）から取り込んだテキストです。公式の日本語訳がないため、日本語の"
    "欄にも英語の原文を表示しています。出典と利用条件は発行元の文書を確認してください。",
    "Text imported by the user from the official OSCAL publication. There is no official "
    "Japanese translation, so the Japanese fields show the English original. See the "
    "publisher's document for its source and terms of use."};

struct Reader {
  const OscalCatalogOptions& options;
  Framework framework;
  std::map<std::string, const json*> params;  // id -> parameter, across the catalog
  mutable size_t expansions = 0;               // parameters shown so far
  mutable size_t produced = 0;                 // characters of parameter text made so far
  std::set<std::string> refs;
  std::string error;

  bool Fail(const std::string& path, const std::string& message) {
    if (error.empty()) error = options.file_name + ": " + path + ": " + message;
    return false;
  }

  // Every parameter of the catalog by id, gathered before any text is read, because prose
  // (and other parameters' labels and choices) may name a parameter defined elsewhere.
  void CollectParams(const json& owner, int depth = 0) {
    if (depth > kMaxDepth || !owner.is_object()) return;
    if (auto it = owner.find("params"); it != owner.end() && it->is_array()) {
      for (const json& param : *it) {
        const std::string id = StringMember(param, "id");
        if (!id.empty()) params.emplace(id, &param);
      }
    }
    for (const char* key : {"groups", "controls"}) {
      if (auto it = owner.find(key); it != owner.end() && it->is_array()) {
        for (const json& child : *it) CollectParams(child, depth + 1);
      }
    }
  }

  // The text shown for parameter `id`: its set values, else "[Assignment: label]", else
  // "[Selection (one or more): a; b]", else the parameters it aggregates; "[id]" when the
  // catalog does not define it.
  std::string ParamText(const std::string& id, int depth) const {
    auto found = params.find(id);
    // The budget stops parameters that name each other many times over from growing the
    // text without end (a real catalog needs a few thousand expansions).
    if (found == params.end() || depth > 8 || ++expansions > kMaxExpansions ||
        produced > kMaxProduced) {
      return "[" + id + "]";
    }
    const json& param = *found->second;
    if (auto values = param.find("values"); values != param.end() && values->is_array() && !values->empty()) {
      std::string shown;
      for (const json& value : *values) {
        if (value.is_string()) shown += (shown.empty() ? "" : ", ") + Resolve(value.get<std::string>(), depth + 1);
      }
      if (!shown.empty()) return shown;
    }
    if (std::string label = StringMember(param, "label"); !label.empty()) {
      return "[Assignment: " + OneLine(Resolve(label, depth + 1)) + "]";
    }
    if (auto select = param.find("select"); select != param.end() && select->is_object()) {
      std::string choices;
      if (auto c = select->find("choice"); c != select->end() && c->is_array()) {
        for (const json& choice : *c) {
          if (choice.is_string()) choices += (choices.empty() ? "" : "; ") + OneLine(Resolve(choice.get<std::string>(), depth + 1));
        }
      }
      const std::string how_many = StringMember(*select, "how-many");
      return "[Selection" + std::string(how_many == "one-or-more" ? " (one or more)" : "") + ": " + choices + "]";
    }
    std::string aggregated;
    if (auto props = param.find("props"); props != param.end() && props->is_array()) {
      for (const json& prop : *props) {
        if (StringMember(prop, "name") != "aggregates") continue;
        aggregated += (aggregated.empty() ? "" : ", ") + ParamText(StringMember(prop, "value"), depth + 1);
      }
    }
    return aggregated.empty() ? "[" + id + "]" : aggregated;
  }

  // `text` with every "{{ insert: param, id }}" replaced by the parameter's text.
  std::string Resolve(const std::string& text, int depth) const {
    static const std::regex insert(R"(\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\})");
    if (text.find("{{") == std::string::npos) return text;
    std::string out;
    size_t last = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), insert); it != std::sregex_iterator(); ++it) {
      out += text.substr(last, static_cast<size_t>(it->position()) - last);
      const std::string shown = ParamText((*it)[1].str(), depth);
      produced += shown.size();
      out += shown;
      last = static_cast<size_t>(it->position() + it->length());
    }
    out += text.substr(last);
    return out;
  }

  std::string Prose(const std::string& text) const { return Trim(Resolve(text, 0)); }

  // The prose of a part and its sub-parts, one line per item, items prefixed by their label.
  void Flatten(const json& part, int depth, std::string& out) const {
    if (depth > kMaxDepth || !part.is_object()) return;
    std::string line = Prose(StringMember(part, "prose"));
    const std::string label = PropValue(part, "label", false);
    if (!label.empty() && !line.empty()) line = label + " " + line;
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += std::string(static_cast<size_t>(std::max(0, depth - 1)) * 2, ' ') + line;
    }
    if (auto sub = part.find("parts"); sub != part.end() && sub->is_array()) {
      for (const json& child : *sub) Flatten(child, depth + 1, out);
    }
  }

  // The flattened text of the first part named `name` (standard when !hoshitori).
  std::string PartText(const json& control, std::string_view name, bool hoshitori) const {
    auto parts = control.find("parts");
    if (parts == control.end() || !parts->is_array()) return "";
    for (const json& part : *parts) {
      if (StringMember(part, "name") != name) continue;
      const bool ours = StringMember(part, "ns") == kHoshitoriNs;
      if (ours != hoshitori) continue;
      std::string out;
      Flatten(part, 0, out);
      return out;
    }
    return "";
  }

  // Withdrawn: prop status=withdrawn, or (as some SP 800-53 enhancements are) a control that
  // only points elsewhere with a moved-to / incorporated-into link and has no parts.
  static bool Withdrawn(const json& control) {
    const std::string status = PropValue(control, "status", false);
    if (status == "withdrawn" || status == "Withdrawn") return true;
    if (control.contains("parts") || control.contains("controls")) return false;
    if (auto links = control.find("links"); links != control.end() && links->is_array()) {
      for (const json& link : *links) {
        const std::string rel = StringMember(link, "rel");
        if (rel == "moved-to" || rel == "incorporated-into") return true;
      }
    }
    return false;
  }

  // The label people use: SP 800-53 lists "AC-02(10)" (class zero-padded), "AC-2(10)" and
  // a class sp800-53a one; the label without a class is the usual form.
  static std::string Label(const json& control) {
    std::string first;
    if (auto props = control.find("props"); props != control.end() && props->is_array()) {
      for (const json& prop : *props) {
        if (StringMember(prop, "name") != "label" || !StringMember(prop, "ns").empty()) continue;
        const std::string value = StringMember(prop, "value");
        if (value.empty()) continue;
        if (!prop.contains("class")) return value;
        if (first.empty()) first = value;
      }
    }
    return first;
  }

  bool Controls(const json& owner, const std::string& path, NodeIndex parent, int category, int depth) {
    auto it = owner.find("controls");
    if (it == owner.end()) return true;
    if (!it->is_array()) return Fail(path + ".controls", "must be an array of controls");
    for (size_t i = 0; i < it->size(); ++i) {
      if (!Control((*it)[i], path + ".controls[" + std::to_string(i) + "]", parent, category, depth)) return false;
    }
    return true;
  }

  bool Control(const json& control, const std::string& path, NodeIndex parent, int category, int depth) {
    if (depth > kMaxDepth) return Fail(path, "controls are nested too deeply");
    if (!control.is_object()) return Fail(path, "a control must be an object");
    const std::string control_id = StringMember(control, "id");
    if (control_id.empty()) return Fail(path, "control has no id");
    if (Withdrawn(control)) return true;
    RequirementNode node;
    node.parent = parent;
    const std::string own_id = PropValue(control, "node-id", true);
    node.id = NodeIdFrom(own_id.empty() ? control_id : own_id);
    const std::string where = path + " (" + control_id + ")";
    std::string ref = Label(control);
    if (ref.empty()) ref = node.id;
    node.ref = refs.insert(ref).second ? ref : node.id;
    node.title.en = OneLine(Prose(StringMember(control, "title")));
    node.title.ja = OneLine(PropValue(control, "title-ja", true));
    if (node.title.en.empty() && node.title.ja.empty()) node.title = Both(node.ref);
    FillMissingLanguage(node.title);
    node.description.en = PartText(control, "statement", false);
    node.description.ja = PartText(control, "statement-ja", true);
    node.why.en = PartText(control, "guidance", false);
    node.why.ja = PartText(control, "guidance-ja", true);
    node.evidence.en = PartText(control, "evidence", true);
    node.evidence.ja = PartText(control, "evidence-ja", true);
    FillMissingLanguage(node.description);
    FillMissingLanguage(node.why);
    FillMissingLanguage(node.evidence);

    bool has_children = false;
    if (auto c = control.find("controls"); c != control.end() && c->is_array()) {
      for (const json& child : *c) has_children |= child.is_object() && !Withdrawn(child);
    }
    const std::string assessable = PropValue(control, "assessable", true);
    if (assessable == "true" || assessable == "false") {
      node.assessable = assessable == "true";
    } else if (options.leaves_only) {
      node.assessable = !has_children;
    } else {
      node.assessable = !has_children || !node.description.en.empty();
    }
    if (node.assessable && node.description.en.empty()) node.description = node.title;

    node.category = category;
    if (const std::string own = PropValue(control, "category", true); !own.empty()) {
      node.category = framework.FindCategory(own);
      if (node.category < 0) return Fail(where, "category '" + own + "' is not one of the catalog's groups");
    }
    if (!ReadHoshitoriFields(control, where, node)) return false;
    const int child_category = node.category;
    const NodeIndex index = framework.AddNode(std::move(node));
    return Controls(control, path, index, child_category, depth + 1);
  }

  bool ReadHoshitoriFields(const json& control, const std::string& where, RequirementNode& node) {
    auto props = control.find("props");
    if (props == control.end() || !props->is_array()) return true;
    std::map<std::string, Choice> choices;  // by group, in group order
    std::vector<std::string> choice_order;
    for (const json& prop : *props) {
      if (StringMember(prop, "ns") != kHoshitoriNs) continue;
      const std::string name = StringMember(prop, "name");
      const std::string value = StringMember(prop, "value");
      auto number = [&](int low, int high, int& out) {
        try {
          size_t used = 0;
          const int parsed = std::stoi(value, &used);
          if (used != value.size() || parsed < low || parsed > high) throw std::out_of_range(value);
          out = parsed;
          return true;
        } catch (const std::exception&) {
          return Fail(where, "prop '" + name + "' must be a whole number from " + std::to_string(low) +
                                 " to " + std::to_string(high) + ", not '" + value + "'");
        }
      };
      if (name == "level") {
        auto tag = ParseLevelTag(value);
        if (!tag) return Fail(where, "unknown level tag '" + value + "'; use star1..star5 or lv1..lv3");
        node.levels |= *tag;
      } else if (name == "weight") {
        if (!number(1, 5, node.weight)) return false;
      } else if (name == "effort") {
        if (!number(1, 3, node.effort)) return false;
      } else if (name.rfind("choice-", 0) == 0) {
        const std::string group = StringMember(prop, "group");
        if (!choices.count(group)) choice_order.push_back(group);
        Choice& choice = choices[group];
        if (name == "choice-id") {
          choice.id = value;
        } else if (name == "choice-status") {
          auto status = ParseAnswerStatus(value);
          if (!status) return Fail(where, "unknown choice status '" + value + "'");
          choice.status = *status;
        } else if (name == "choice-points") {
          if (!number(-1000, 1000, choice.points)) return false;
        } else if (name == "choice-label-ja") {
          choice.label.ja = value;
        } else if (name == "choice-label-en") {
          choice.label.en = value;
        }
      }
    }
    for (const std::string& group : choice_order) {
      Choice choice = choices[group];
      if (choice.id.empty()) return Fail(where, "answer choice group '" + group + "' has no choice-id");
      FillMissingLanguage(choice.label);
      if (choice.label.ja.empty()) choice.label = Both(choice.id);
      node.choices.push_back(std::move(choice));
    }
    return true;
  }

  bool Groups(const json& owner, const std::string& path, NodeIndex parent, int category, int depth) {
    auto it = owner.find("groups");
    if (it == owner.end()) return true;
    if (!it->is_array()) return Fail(path + ".groups", "must be an array of groups");
    std::vector<int> category_of(it->size(), -1);
    if (depth == 0) {
      // Top-level groups are the categories; all are declared first because a control may
      // name a later one (Hoshitori's own category prop).
      for (size_t i = 0; i < it->size(); ++i) {
        const json& group = (*it)[i];
        const std::string group_path = path + ".groups[" + std::to_string(i) + "]";
        if (!group.is_object()) return Fail(group_path, "a group must be an object");
        if (Withdrawn(group)) continue;
        const std::string title = OneLine(StringMember(group, "title"));
        const std::string group_id = StringMember(group, "id");
        Category c;
        const std::string own = PropValue(group, "category-id", true);
        c.id = !own.empty() ? own : !group_id.empty() ? group_id : "group-" + std::to_string(i + 1);
        if (framework.FindCategory(c.id) >= 0) return Fail(group_path, "group id '" + c.id + "' appears twice");
        c.name.en = title.empty() ? c.id : title;
        c.name.ja = OneLine(PropValue(group, "title-ja", true));
        FillMissingLanguage(c.name);
        framework.categories.push_back(std::move(c));
        category_of[i] = static_cast<int>(framework.categories.size()) - 1;
      }
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const json& group = (*it)[i];
      const std::string group_path = path + ".groups[" + std::to_string(i) + "]";
      if (depth > kMaxDepth) return Fail(group_path, "groups are nested too deeply");
      if (!group.is_object()) return Fail(group_path, "a group must be an object");
      if (Withdrawn(group)) continue;
      const std::string title = OneLine(StringMember(group, "title"));
      const std::string group_id = StringMember(group, "id");
      if (depth == 0) {
        const int index = category_of[i];
        if (!Controls(group, group_path, -1, index, depth + 1)) return false;
        if (!Groups(group, group_path, -1, index, depth + 1)) return false;
        continue;
      }
      // A nested group is a grouping node.
      RequirementNode node;
      node.parent = parent;
      node.id = NodeIdFrom(group_id.empty() ? "group-" + std::to_string(framework.nodes().size() + 1) : group_id);
      node.ref = node.id;
      refs.insert(node.ref);
      node.title = Both(title.empty() ? node.id : title);
      node.category = category;
      node.assessable = false;
      const NodeIndex index = framework.AddNode(std::move(node));
      if (!Controls(group, group_path, index, category, depth + 1)) return false;
      if (!Groups(group, group_path, index, category, depth + 1)) return false;
    }
    return true;
  }
};

json TextParts(const std::string& control_token, const RequirementNode& node) {
  json parts = json::array();
  auto add = [&](const std::string& name, const std::string& prose, bool ours, const std::string& suffix) {
    if (prose.empty()) return;
    json part{{"name", name}, {"prose", prose}};
    if (!suffix.empty()) part["id"] = control_token + suffix;
    if (ours) part["ns"] = kHoshitoriNs;
    parts.push_back(std::move(part));
  };
  add("statement", node.description.en, false, "_smt");
  add("statement-ja", node.description.ja, true, "");
  add("guidance", node.why.en, false, "_gdn");
  add("guidance-ja", node.why.ja, true, "");
  add("evidence", node.evidence.en, true, "");
  add("evidence-ja", node.evidence.ja, true, "");
  if (node.assessable) {
    const std::string& objective = !node.description.en.empty() ? node.description.en : node.title.en;
    add("assessment-objective", objective.empty() ? node.title.ja : objective, false, "_obj");
  }
  return parts;
}

json ExportControl(const Framework& framework, NodeIndex index) {
  const RequirementNode& node = framework.nodes()[index];
  const std::string token = oscal::ToToken(node.id);
  json props = json::array();
  props.push_back(Prop("label", node.ref, false));
  if (token != node.id) props.push_back(Prop("node-id", node.id, true));
  if (!node.title.ja.empty()) props.push_back(Prop("title-ja", node.title.ja, true));
  if (node.category >= 0) props.push_back(Prop("category", framework.categories[node.category].id, true));
  props.push_back(Prop("assessable", node.assessable ? "true" : "false", true));
  for (int bit = 0; bit < 8; ++bit) {
    if (node.levels & (1 << bit)) props.push_back(Prop("level", LevelTagName(static_cast<LevelTag>(1 << bit)), true));
  }
  props.push_back(Prop("weight", std::to_string(node.weight), true));
  props.push_back(Prop("effort", std::to_string(node.effort), true));
  for (size_t c = 0; c < node.choices.size(); ++c) {
    const Choice& choice = node.choices[c];
    const std::string group = "choice-" + std::to_string(c + 1);
    props.push_back(Prop("choice-id", choice.id, true, group));
    props.push_back(Prop("choice-status", AnswerStatusName(choice.status), true, group));
    props.push_back(Prop("choice-points", std::to_string(choice.points), true, group));
    if (!choice.label.ja.empty()) props.push_back(Prop("choice-label-ja", choice.label.ja, true, group));
    if (!choice.label.en.empty()) props.push_back(Prop("choice-label-en", choice.label.en, true, group));
  }
  json control{{"id", token},
               {"title", node.title.en.empty() ? node.title.ja : node.title.en},
               {"props", props}};
  json parts = TextParts(token, node);
  if (!parts.empty()) control["parts"] = std::move(parts);
  if (!node.children.empty()) {
    json children = json::array();
    for (NodeIndex child : node.children) children.push_back(ExportControl(framework, child));
    control["controls"] = std::move(children);
  }
  return control;
}

}  // namespace

Result<Framework> ImportOscalCatalog(std::string_view json_text, const OscalCatalogOptions& options) {
  auto document = oscal::ParseDocument(json_text, options.file_name);
  if (!document) return document.error();
  return ImportOscalCatalogDocument(*document, options);
}

Result<Framework> ImportOscalCatalogDocument(const json& root, const OscalCatalogOptions& options) {
  if (!root.is_object() || !root.contains("catalog") || !root["catalog"].is_object()) {
    if (root.is_object() && root.contains("profile")) {
      return MakeError(options.file_name + ": this is an OSCAL profile; import it with `hoshitori import oscal profile " +
                       options.file_name + " --catalog CATALOG`");
    }
    return MakeError(options.file_name + ": not an OSCAL catalog (the top level needs a \"catalog\" object)");
  }
  const json& catalog = root["catalog"];
  Reader reader{options, {}, {}, 0, 0, {}, {}};
  Framework& framework = reader.framework;
  const json metadata = catalog.contains("metadata") ? catalog["metadata"] : json::object();
  if (!metadata.is_object()) return MakeError(options.file_name + ": catalog.metadata must be an object");
  const std::string title = OneLine(StringMember(metadata, "title"));
  if (title.empty()) return MakeError(options.file_name + ": catalog.metadata.title is missing");
  const bool ours = !PropValue(metadata, "framework-id", true).empty();
  framework.id = options.framework_id;
  if (framework.id.empty()) framework.id = PropValue(metadata, "framework-id", true);
  if (framework.id.empty()) framework.id = FrameworkIdFrom(title);
  framework.version = StringMember(metadata, "version");
  if (framework.version.empty()) framework.version = "1";
  framework.name = {OneLine(PropValue(metadata, "name-ja", true)), title};
  framework.publisher = {PropValue(metadata, "publisher-ja", true), PropValue(metadata, "publisher-en", true)};
  if (framework.publisher.ja.empty() && framework.publisher.en.empty()) {
    if (auto parties = metadata.find("parties"); parties != metadata.end() && parties->is_array()) {
      for (const json& party : *parties) {
        if (std::string name = StringMember(party, "name"); !name.empty()) {
          framework.publisher.en = OneLine(name);
          break;
        }
      }
    }
  }
  if (framework.publisher.en.empty() && framework.publisher.ja.empty()) framework.publisher = Both(title);
  framework.source_url = PropValue(metadata, "source-url", true);
  framework.licence_note = {PropValue(metadata, "licence-note-ja", true), PropValue(metadata, "licence-note-en", true)};
  if (!ours || (framework.licence_note.ja.empty() && framework.licence_note.en.empty())) {
    framework.licence_note = kImportedLicenceNote;
  }
  FillMissingLanguage(framework.name);
  FillMissingLanguage(framework.publisher);
  FillMissingLanguage(framework.licence_note);

  if (const std::string max = PropValue(metadata, "scoring-max", true); !max.empty()) {
    Scoring scoring;
    try {
      scoring.max = std::stoi(max);
    } catch (const std::exception&) {
      return MakeError(options.file_name + ": metadata prop scoring-max must be a whole number");
    }
    if (auto na = ParseAnswerStatus(PropValue(metadata, "scoring-not-applicable-counts-as", true))) {
      scoring.not_applicable_counts_as = *na;
    }
    std::map<std::string, ScoringBand> bands;
    std::vector<std::string> order;
    for (const json& prop : metadata.value("props", json::array())) {
      const std::string name = StringMember(prop, "name");
      if (StringMember(prop, "ns") != kHoshitoriNs || name.rfind("band-", 0) != 0) continue;
      const std::string group = StringMember(prop, "group");
      if (!bands.count(group)) order.push_back(group);
      ScoringBand& band = bands[group];
      const std::string value = StringMember(prop, "value");
      try {
        if (name == "band-min") band.min = std::stoi(value);
        if (name == "band-max") band.max = std::stoi(value);
      } catch (const std::exception&) {
        return MakeError(options.file_name + ": metadata prop " + name + " must be a whole number");
      }
      if (name == "band-label-ja") band.label.ja = value;
      if (name == "band-label-en") band.label.en = value;
    }
    for (const std::string& group : order) {
      ScoringBand band = bands[group];
      FillMissingLanguage(band.label);
      scoring.bands.push_back(std::move(band));
    }
    framework.scoring = std::move(scoring);
  }

  reader.CollectParams(catalog);
  if (!reader.Groups(catalog, "catalog", -1, -1, 0)) return MakeError(reader.error);
  if (auto controls = catalog.find("controls"); controls != catalog.end() && ours) {
    // Hoshitori's own export puts only uncategorised grouping nodes here.
    if (!reader.Controls(catalog, "catalog", -1, -1, 0)) return MakeError(reader.error);
  } else if (controls != catalog.end()) {
    int general = framework.FindCategory("general");
    if (general < 0) {
      framework.categories.push_back(Category{"general", LocalizedText{"全般", "General"}});
      general = static_cast<int>(framework.categories.size()) - 1;
    }
    if (!reader.Controls(catalog, "catalog", -1, general, 0)) return MakeError(reader.error);
  }
  if (framework.categories.empty()) {
    return MakeError(options.file_name + ": the catalog has no groups and no controls");
  }
  std::string clash;
  if (!framework.Seal(&clash)) {
    return MakeError(options.file_name + ": two controls have the id '" + clash +
                     "' (after making ids fit the catalog format)");
  }
  if (framework.assessable().empty()) {
    return MakeError(options.file_name + ": the catalog has no controls left to assess (all withdrawn?)");
  }
  return std::move(reader.framework);
}

json ExportOscalCatalog(const Framework& framework, const std::string& timestamp) {
  json metadata = oscal::Metadata(framework.name.en.empty() ? framework.name.ja : framework.name.en,
                                  framework.version, timestamp, kOscalVersion);
  json props = json::array();
  props.push_back(Prop("framework-id", framework.id, true));
  auto text_props = [&](const char* base, const LocalizedText& text) {
    if (!text.ja.empty()) props.push_back(Prop(std::string(base) + "-ja", text.ja, true));
    if (!text.en.empty()) props.push_back(Prop(std::string(base) + "-en", text.en, true));
  };
  if (!framework.name.ja.empty()) props.push_back(Prop("name-ja", framework.name.ja, true));
  text_props("publisher", framework.publisher);
  text_props("licence-note", framework.licence_note);
  if (!framework.source_url.empty()) props.push_back(Prop("source-url", framework.source_url, true));
  if (framework.scoring) {
    props.push_back(Prop("scoring-max", std::to_string(framework.scoring->max), true));
    props.push_back(Prop("scoring-not-applicable-counts-as",
                         AnswerStatusName(framework.scoring->not_applicable_counts_as), true));
    for (size_t b = 0; b < framework.scoring->bands.size(); ++b) {
      const ScoringBand& band = framework.scoring->bands[b];
      const std::string group = "band-" + std::to_string(b + 1);
      props.push_back(Prop("band-min", std::to_string(band.min), true, group));
      props.push_back(Prop("band-max", std::to_string(band.max), true, group));
      if (!band.label.ja.empty()) props.push_back(Prop("band-label-ja", band.label.ja, true, group));
      if (!band.label.en.empty()) props.push_back(Prop("band-label-en", band.label.en, true, group));
    }
  }
  metadata["props"] = std::move(props);
  if (!framework.source_url.empty()) metadata["links"] = json::array({{{"href", framework.source_url}, {"rel", "alternate"}}});

  // Top-level nodes go into the group of their category when that keeps their order (the
  // usual case: nodes listed category by category); otherwise every top-level node stays in
  // catalog.controls, in order, with its category prop, and the groups only declare.
  bool grouped = true;
  int last_category = -1;
  for (const RequirementNode& node : framework.nodes()) {
    if (node.parent >= 0) continue;
    if (node.category < 0 || node.category < last_category) grouped = false;
    last_category = std::max(last_category, node.category);
  }
  json groups = json::array();
  for (size_t c = 0; c < framework.categories.size(); ++c) {
    const Category& category = framework.categories[c];
    json group_props = json::array();
    const std::string token = oscal::ToToken(category.id);
    if (token != category.id) group_props.push_back(Prop("category-id", category.id, true));
    if (!category.name.ja.empty()) group_props.push_back(Prop("title-ja", category.name.ja, true));
    json group{{"id", token}, {"class", "category"},
               {"title", category.name.en.empty() ? category.name.ja : category.name.en}};
    if (!group_props.empty()) group["props"] = std::move(group_props);
    json controls = json::array();
    for (NodeIndex i = 0; i < static_cast<NodeIndex>(framework.nodes().size()); ++i) {
      const RequirementNode& node = framework.nodes()[i];
      if (grouped && node.parent < 0 && node.category == static_cast<int>(c)) controls.push_back(ExportControl(framework, i));
    }
    if (!controls.empty()) group["controls"] = std::move(controls);
    groups.push_back(std::move(group));
  }
  json catalog{{"uuid", oscal::StableUuid("catalog:" + framework.id + ":" + framework.version)},
               {"metadata", std::move(metadata)},
               {"groups", std::move(groups)}};
  json loose = json::array();
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(framework.nodes().size()); ++i) {
    const RequirementNode& node = framework.nodes()[i];
    if (node.parent < 0 && (!grouped || node.category < 0)) loose.push_back(ExportControl(framework, i));
  }
  if (!loose.empty()) catalog["controls"] = std::move(loose);
  return json{{"catalog", std::move(catalog)}};
}

}  // namespace hoshitori::interchange
