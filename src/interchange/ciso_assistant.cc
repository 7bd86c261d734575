#include "interchange/ciso_assistant.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "interchange/text.h"

namespace hoshitori::interchange {

namespace {

// yaml-cpp throws when asked the type of a missing entry; these say false instead.
bool IsMapNode(const YAML::Node& node) { return node.IsDefined() && node.IsMap(); }
bool IsSequenceNode(const YAML::Node& node) { return node.IsDefined() && node.IsSequence(); }
bool IsScalarNode(const YAML::Node& node) { return node.IsDefined() && node.IsScalar(); }

const LocalizedText kFallbackNote{
    "利用者が CISO Assistant のライブラリから取り込んだテキストです。一方の言語の文がない項目は、"
    "もう一方の言語の文を表示しています。",
    "Text imported by the user from a CISO Assistant library. Where a text exists in one "
    "language only, both language fields show it."};

struct Failure {
  std::string message;
};

class Reader {
 public:
  explicit Reader(const CisoImportOptions& options) : options_(options) {}

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& message) const {
    const int line = at.IsDefined() ? at.Mark().line + 1 : 0;
    throw Failure{options_.file_name + ":" + std::to_string(line) + ": " + message};
  }

  std::string Text(const YAML::Node& map, const char* key) const {
    if (!IsMapNode(map)) return "";
    const YAML::Node value = map[key];
    if (!value.IsDefined() || value.IsNull()) return "";
    if (!IsScalarNode(value)) Fail(value, "'" + std::string(key) + "' must be text");
    return Trim(value.Scalar());
  }

  // The text of `key` in the library's locale plus its translation into the other language.
  LocalizedText Localized(const YAML::Node& map, const char* key) const {
    LocalizedText text;
    const std::string main = Text(map, key);
    (locale_ja_ ? text.ja : text.en) = main;
    const YAML::Node translations = map["translations"];
    if (IsMapNode(translations)) {
      const char* other = locale_ja_ ? "en" : "ja";
      const YAML::Node translated = translations[other];
      if (IsMapNode(translated)) (locale_ja_ ? text.en : text.ja) = Text(translated, key);
    }
    if (text.ja.empty() != text.en.empty()) one_language_ = true;
    FillMissingLanguage(text);
    return text;
  }

  static std::string LastSegment(const std::string& urn) {
    const size_t at = urn.rfind(':');
    return at == std::string::npos ? urn : urn.substr(at + 1);
  }

  Framework ReadFramework(const YAML::Node& library, const YAML::Node& node) {
    if (!IsMapNode(node)) Fail(node, "'framework' must be a map with urn, ref_id, name and requirement_nodes");
    Framework framework;
    const std::string urn = Text(node, "urn");
    if (urn.empty()) Fail(node, "the framework needs a 'urn'");
    framework.id = !options_.framework_id.empty() ? options_.framework_id : FrameworkIdFrom(LastSegment(urn));
    framework.version = Text(library, "version");
    if (framework.version.empty()) framework.version = "1";
    framework.name = Localized(node, "name");
    if (framework.name.en.empty()) framework.name = Both(Text(node, "ref_id").empty() ? framework.id : Text(node, "ref_id"));
    std::string provider = Text(library, "provider");
    if (provider.empty()) provider = Text(library, "packager");
    framework.publisher = Both(provider.empty() ? "CISO Assistant library" : provider);
    const std::string copyright = Text(library, "copyright");

    std::map<std::string, LevelTag> groups;
    if (const YAML::Node definitions = node["implementation_groups_definition"]; IsSequenceNode(definitions)) {
      for (const YAML::Node& group : definitions) {
        const std::string ref = Text(group, "ref_id");
        if (auto mapped = options_.level_map.find(ref); mapped != options_.level_map.end()) {
          groups[ref] = mapped->second;
        } else {
          std::string lower = ref;
          for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (auto tag = ParseLevelTag(lower)) groups[ref] = *tag;
        }
      }
    }
    for (const auto& [ref, tag] : options_.level_map) groups.emplace(ref, tag);

    const YAML::Node list = node["requirement_nodes"];
    if (!IsSequenceNode(list) || list.size() == 0) Fail(node, "the framework needs a non-empty 'requirement_nodes' list");
    struct Pending {
      RequirementNode node;
      int parent = -1;
      std::vector<int> children;
      bool explicit_assessable = false;
      YAML::Node source;
    };
    std::vector<Pending> pending;
    std::map<std::string, int> by_urn;
    std::set<std::string> ids, refs;
    for (const YAML::Node& item : list) {
      if (!IsMapNode(item)) Fail(item, "a requirement node must be a map with urn, ref_id, name, ...");
      Pending p;
      p.source = item;
      const std::string node_urn = Text(item, "urn");
      if (node_urn.empty()) Fail(item, "requirement node needs a 'urn'");
      if (by_urn.count(node_urn)) Fail(item, "requirement node urn '" + node_urn + "' appears twice");
      std::string id = NodeIdFrom(LastSegment(node_urn));
      if (id.empty()) Fail(item, "requirement node urn '" + node_urn + "' has no last segment to use as id");
      for (int n = 2; !ids.insert(id).second; ++n) id = NodeIdFrom(LastSegment(node_urn)) + "-" + std::to_string(n);
      p.node.id = id;
      const std::string ref = Text(item, "ref_id");
      p.node.ref = !ref.empty() && refs.insert(ref).second ? ref : id;
      p.node.title = Localized(item, "name");
      if (p.node.title.en.empty()) p.node.title = Both(ref.empty() ? id : ref);
      p.node.description = Localized(item, "description");
      p.node.why = Localized(item, "annotation");
      p.node.evidence = Localized(item, "typical_evidence");
      if (const YAML::Node flag = item["assessable"]; flag.IsDefined() && !flag.IsNull()) {
        bool value = false;
        if (!IsScalarNode(flag) || !YAML::convert<bool>::decode(flag, value)) Fail(flag, "'assessable' must be true or false");
        p.node.assessable = value;
        p.explicit_assessable = true;
      }
      if (const YAML::Node igs = item["implementation_groups"]; igs.IsDefined() && !igs.IsNull()) {
        if (!IsSequenceNode(igs)) Fail(igs, "'implementation_groups' must be a list such as [IG1, IG2]");
        for (const YAML::Node& ig : igs) {
          if (!IsScalarNode(ig)) Fail(ig, "an implementation group must be a ref_id");
          auto tag = groups.find(ig.Scalar());
          if (tag != groups.end()) p.node.levels |= tag->second;
        }
      }
      const std::string parent_urn = Text(item, "parent_urn");
      if (!parent_urn.empty()) {
        auto parent = by_urn.find(parent_urn);
        if (parent == by_urn.end()) {
          Fail(item["parent_urn"], "parent_urn '" + parent_urn + "' is not the urn of an earlier requirement node");
        }
        p.parent = parent->second;
        pending[parent->second].children.push_back(static_cast<int>(pending.size()));
      }
      by_urn[node_urn] = static_cast<int>(pending.size());
      pending.push_back(std::move(p));
    }
    // Categories: top-level nodes with children; top-level leaves go to "general".
    for (Pending& p : pending) {
      if (p.parent >= 0) continue;
      if (!p.children.empty()) {
        framework.categories.push_back(Category{p.node.id, p.node.title});
      }
    }
    int general = -1;
    std::function<void(int, NodeIndex, int, int)> add = [&](int at, NodeIndex parent, int category, int depth) {
      Pending& p = pending[at];
      if (depth > 64) Fail(p.source, "requirement nodes are nested more than 64 levels deep");
      if (!p.explicit_assessable) p.node.assessable = p.children.empty();
      if (p.node.assessable && p.node.description.en.empty()) p.node.description = p.node.title;
      p.node.parent = parent;
      p.node.category = category;
      const NodeIndex index = framework.AddNode(std::move(p.node));
      for (int child : p.children) add(child, index, category, depth + 1);
    };
    for (size_t i = 0; i < pending.size(); ++i) {
      if (pending[i].parent >= 0) continue;
      int category = framework.FindCategory(pending[i].node.id);
      if (category < 0) {
        if (general < 0) {
          framework.categories.push_back(Category{"general", LocalizedText{"全般", "General"}});
          general = static_cast<int>(framework.categories.size()) - 1;
        }
        category = general;
      }
      add(static_cast<int>(i), -1, category, 0);
    }
    std::string clash;
    if (!framework.Seal(&clash)) Fail(node, "two requirement nodes end up with the id or ref '" + clash + "'");
    if (framework.assessable().empty()) Fail(node, "the framework has no assessable requirement node");
    if (!copyright.empty()) {
      framework.licence_note = Both(copyright);
    } else {
      framework.licence_note = Both("");
    }
    if (one_language_ || framework.licence_note.ja.empty()) {
      framework.licence_note.ja = (copyright.empty() ? "" : copyright + " ") + kFallbackNote.ja;
      framework.licence_note.en = (copyright.empty() ? "" : copyright + " ") + kFallbackNote.en;
    }
    return framework;
  }

  std::string ResolveNode(const std::string& framework_id, const std::string& urn,
                          const YAML::Node& at, const CisoImport& so_far) const {
    std::string id = LastSegment(urn);
    const Framework* framework = nullptr;
    for (const Framework& f : so_far.frameworks) {
      if (f.id == framework_id) framework = &f;
    }
    if (!framework && options_.catalog) framework = options_.catalog->FindFramework(framework_id);
    if (!framework) return NodeIdFrom(id);
    NodeIndex node = framework->Find(id);
    if (node < 0) node = framework->Find(NodeIdFrom(id));
    auto lower = [](std::string s) {
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    for (NodeIndex n = 0; node < 0 && n < static_cast<NodeIndex>(framework->nodes().size()); ++n) {
      const RequirementNode& candidate = framework->nodes()[n];
      if (lower(candidate.id) == lower(id) || lower(candidate.ref) == lower(id)) node = n;
    }
    if (node < 0) Fail(at, "'" + urn + "' is not a requirement of " + framework_id);
    return framework->nodes()[node].id;
  }

  MappingSet ReadMappingSet(const YAML::Node& node, const CisoImport& so_far) {
    if (!IsMapNode(node)) Fail(node, "a requirement mapping set must be a map");
    MappingSet set;
    const std::string source_urn = Text(node, "source_framework_urn");
    const std::string target_urn = Text(node, "target_framework_urn");
    if (source_urn.empty() || target_urn.empty()) {
      Fail(node, "a requirement mapping set needs source_framework_urn and target_framework_urn");
    }
    set.source = !options_.source.empty() ? options_.source : FrameworkIdFrom(LastSegment(source_urn));
    set.target = !options_.target.empty() ? options_.target : FrameworkIdFrom(LastSegment(target_urn));
    const std::string ref = Text(node, "ref_id");
    set.id = FrameworkIdFrom(!ref.empty() ? ref : set.source + "_to_" + set.target);
    set.name = Localized(node, "name");
    if (set.name.en.empty()) set.name = Both(set.source + " → " + set.target);
    set.note = Localized(node, "description");
    const YAML::Node list = node["requirement_mappings"];
    if (!IsSequenceNode(list)) Fail(node, "a requirement mapping set needs a 'requirement_mappings' list");
    std::set<std::pair<std::string, std::string>> seen;
    for (const YAML::Node& item : list) {
      if (!IsMapNode(item)) Fail(item, "a requirement mapping must be a map");
      Mapping mapping;
      const std::string source = Text(item, "source_requirement_urn");
      const std::string target = Text(item, "target_requirement_urn");
      if (source.empty() || target.empty()) {
        Fail(item, "a requirement mapping needs source_requirement_urn and target_requirement_urn");
      }
      mapping.source = ResolveNode(set.source, source, item, so_far);
      mapping.target = ResolveNode(set.target, target, item, so_far);
      const std::string relationship = Text(item, "relationship");
      static const std::pair<const char*, Relationship> kNames[] = {
          {"equal", Relationship::kEqualTo},          {"equivalent", Relationship::kEquivalentTo},
          {"subset", Relationship::kSubsetOf},        {"superset", Relationship::kSupersetOf},
          {"intersect", Relationship::kIntersectsWith}, {"not_related", Relationship::kNoRelationship}};
      bool known = false;
      for (const auto& [name, value] : kNames) {
        if (relationship == name) {
          mapping.relationship = value;
          known = true;
        }
      }
      if (!known) {
        Fail(item["relationship"].IsDefined() ? item["relationship"] : item,
             "relationship '" + relationship +
                 "' is not one of equal, equivalent, subset, superset, intersect, not_related");
      }
      for (const char* key : {"strength_of_relationship", "strength"}) {
        const YAML::Node strength = item[key];
        if (!strength.IsDefined() || strength.IsNull()) continue;
        int value = -1;
        if (!IsScalarNode(strength) || !YAML::convert<int>::decode(strength, value) || value < 0 || value > 10) {
          Fail(strength, "strength of relationship must be a whole number from 0 to 10");
        }
        mapping.confidence = value >= 7 ? Confidence::kHigh : value >= 4 ? Confidence::kMedium : Confidence::kLow;
      }
      std::string rationale = Text(item, "rationale");
      const std::string annotation = Text(item, "annotation");
      if (!annotation.empty()) rationale += (rationale.empty() ? "" : ": ") + annotation;
      (locale_ja_ ? mapping.rationale.ja : mapping.rationale.en) = rationale;
      if (!seen.emplace(mapping.source, mapping.target).second) {
        Fail(item, "the mapping " + source + " -> " + target + " appears twice");
      }
      set.mappings.push_back(std::move(mapping));
    }
    if (set.mappings.empty()) Fail(node, "the requirement mapping set has no mappings");
    return set;
  }

  CisoImport Read(const YAML::Node& library) {
    if (!IsMapNode(library)) Fail(library, "a CISO Assistant library is a map with urn, name and objects");
    if (Text(library, "urn").empty()) Fail(library, "the library needs a 'urn'");
    std::string locale = Text(library, "locale");
    locale_ja_ = locale.rfind("ja", 0) == 0;
    const YAML::Node objects = library["objects"];
    if (!IsMapNode(objects)) Fail(library, "the library needs an 'objects' map");
    CisoImport out;
    if (const YAML::Node framework = objects["framework"]; framework.IsDefined()) {
      out.frameworks.push_back(ReadFramework(library, framework));
    }
    if (const YAML::Node frameworks = objects["frameworks"]; IsSequenceNode(frameworks)) {
      for (const YAML::Node& framework : frameworks) out.frameworks.push_back(ReadFramework(library, framework));
    }
    if (const YAML::Node set = objects["requirement_mapping_set"]; set.IsDefined()) {
      out.mapping_sets.push_back(ReadMappingSet(set, out));
    }
    if (const YAML::Node sets = objects["requirement_mapping_sets"]; sets.IsDefined()) {
      if (!IsSequenceNode(sets)) Fail(sets, "'requirement_mapping_sets' must be a list");
      for (const YAML::Node& set : sets) out.mapping_sets.push_back(ReadMappingSet(set, out));
    }
    if (out.frameworks.empty() && out.mapping_sets.empty()) {
      Fail(objects, "the library has no framework and no requirement mapping set");
    }
    if (out.frameworks.size() > 1 && !options_.framework_id.empty()) {
      Fail(objects, "the library has several frameworks; --id can name only one");
    }
    return out;
  }

 private:
  const CisoImportOptions& options_;
  bool locale_ja_ = false;
  mutable bool one_language_ = false;
};

}  // namespace

Result<CisoImport> ImportCisoAssistantLibrary(std::string_view yaml_text, const CisoImportOptions& options) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return MakeError(options.file_name + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  try {
    Reader reader(options);
    return reader.Read(root);
  } catch (const Failure& failure) {
    return MakeError(failure.message);
  } catch (const YAML::Exception& e) {
    return MakeError(options.file_name + ":" + std::to_string(e.mark.line + 1) + ": unreadable structure: " + e.msg);
  }
}

Result<std::map<std::string, LevelTag>> ParseLevelMap(std::string_view text) {
  std::map<std::string, LevelTag> out;
  while (!text.empty()) {
    const size_t end = text.find(',');
    const std::string entry = Trim(text.substr(0, end));
    if (!entry.empty()) {
      const size_t eq = entry.find('=');
      if (eq == std::string::npos) return MakeError("level map entry '" + entry + "' must look like IG1=lv1");
      const std::string group = Trim(entry.substr(0, eq));
      const std::string tag_name = Trim(entry.substr(eq + 1));
      auto tag = ParseLevelTag(tag_name);
      if (group.empty() || !tag) {
        return MakeError("level map entry '" + entry + "': use GROUP=TAG with TAG one of star1..star5, lv1..lv3");
      }
      out[group] = *tag;
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace hoshitori::interchange
