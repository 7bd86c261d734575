#include "interchange/ciso_assistant.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <set>

#include "interchange/mapping_merge.h"
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

  // The text of `key`: English from a locale-en library or its translations.en, Japanese
  // from a locale-ja library or its translations.ja; one missing side takes the other.
  LocalizedText Localized(const YAML::Node& map, const char* key) const {
    LocalizedText text;
    const std::string main = Text(map, key);
    auto translated = [&](const char* language) {
      const YAML::Node translations = map["translations"];
      if (!IsMapNode(translations)) return std::string();
      const YAML::Node in = translations[language];
      return IsMapNode(in) ? Text(in, key) : std::string();
    };
    text.en = locale_ == "en" ? main : translated("en");
    text.ja = locale_ == "ja" ? main : translated("ja");
    // A text in neither language: keep the original rather than lose it.
    if (text.en.empty() && text.ja.empty()) text.en = main;
    if (text.ja.empty() != text.en.empty()) one_language_ = true;
    FillMissingLanguage(text);
    return text;
  }

  // The node's questions and their choices as lines appended to its description, so that
  // nothing the library asks is lost ("Questions:" / "質問:").
  void AppendQuestions(const YAML::Node& item, LocalizedText& description) const {
    const YAML::Node questions = item["questions"];
    if (!questions.IsDefined() || questions.IsNull()) return;
    if (!IsMapNode(questions)) Fail(questions, "'questions' must map question urns to {type, text, choices}");
    std::string en, ja;
    for (const auto& entry : questions) {
      const YAML::Node& question = entry.second;
      if (!IsMapNode(question)) Fail(question, "a question must be a map {type, text, choices}");
      const LocalizedText text = Localized(question, "text");
      std::string choices_en, choices_ja;
      if (const YAML::Node choices = question["choices"]; IsSequenceNode(choices)) {
        for (const YAML::Node& choice : choices) {
          if (!IsMapNode(choice)) continue;
          const LocalizedText value = Localized(choice, "value");
          choices_en += (choices_en.empty() ? "" : " / ") + OneLine(value.en);
          choices_ja += (choices_ja.empty() ? "" : " / ") + OneLine(value.ja);
        }
      }
      const std::string type = Text(question, "type");
      auto line = [&](const std::string& body, const std::string& choices) {
        std::string out = "- " + OneLine(body);
        if (!choices.empty()) out += " (" + choices + ")";
        else if (!type.empty()) out += " (" + type + ")";
        return out;
      };
      en += "\n" + line(text.en, choices_en);
      ja += "\n" + line(text.ja, choices_ja);
      ++questions_kept_;
    }
    if (en.empty()) return;
    auto append = [](std::string& to, const char* heading, const std::string& lines) {
      to += (to.empty() ? "" : "\n\n") + std::string(heading) + lines;
    };
    append(description.en, "Questions:", en);
    append(description.ja, "質問:", ja);
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
    std::map<std::string, std::string> urn_of_id;
    for (const YAML::Node& item : list) {
      if (!IsMapNode(item)) Fail(item, "a requirement node must be a map with urn, ref_id, name, ...");
      Pending p;
      p.source = item;
      const std::string node_urn = Text(item, "urn");
      if (node_urn.empty()) Fail(item, "requirement node needs a 'urn'");
      if (by_urn.count(node_urn)) Fail(item, "requirement node urn '" + node_urn + "' appears twice");
      std::string id = CisoNodeId(node_urn);
      if (id.empty()) Fail(item, "requirement node urn '" + node_urn + "' has nothing after the framework to use as id");
      if (!ids.insert(id).second) {
        id = CisoCollisionId(node_urn);
        if (!ids.insert(id).second) {
          Fail(item, "requirement nodes '" + node_urn + "' and '" + urn_of_id[id] +
                         "' end up with the same id '" + id + "'");
        }
      }
      urn_of_id[id] = node_urn;
      p.node.id = id;
      const std::string ref = Text(item, "ref_id");
      p.node.ref = !ref.empty() && refs.insert(ref).second ? ref : id;
      p.node.title = Localized(item, "name");
      if (p.node.title.en.empty()) p.node.title = Both(ref.empty() ? id : ref);
      p.node.description = Localized(item, "description");
      p.node.why = Localized(item, "annotation");
      p.node.evidence = Localized(item, "typical_evidence");
      AppendQuestions(item, p.node.description);
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
    if (!framework.Seal(&clash)) {
      std::string named;
      for (const RequirementNode& n : framework.nodes()) {
        if (n.id == clash || n.ref == clash) named += (named.empty() ? "'" : " and '") + urn_of_id[n.id] + "'";
      }
      Fail(node, "requirement nodes " + named + " end up with the same id or ref '" + clash + "'");
    }
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

  const Framework* FindFramework(const std::string& framework_id, const CisoImport& so_far) const {
    for (const Framework& f : so_far.frameworks) {
      if (f.id == framework_id) return &f;
    }
    if (options_.catalog) return options_.catalog->FindFramework(framework_id);
    if (options_.find_framework) return options_.find_framework(framework_id);
    return nullptr;
  }

  // The node `urn` names in `framework`: its id (or collision id), else a node whose ref or
  // id matches the URN's id ignoring case (frameworks installed from another source).
  static NodeIndex FindNode(const Framework& framework, const std::string& urn) {
    NodeIndex node = framework.Find(CisoCollisionId(urn));
    if (node >= 0 && framework.nodes()[node].id != CisoCollisionId(urn)) node = -1;
    if (node < 0) node = framework.Find(CisoNodeId(urn));
    const std::string last = LastSegment(urn);
    if (node < 0) node = framework.Find(last);
    auto lower = [](std::string s) {
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    const std::string wanted = lower(last);
    for (NodeIndex n = 0; node < 0 && n < static_cast<NodeIndex>(framework.nodes().size()); ++n) {
      const RequirementNode& candidate = framework.nodes()[n];
      if (lower(candidate.id) == wanted || lower(candidate.ref) == wanted) node = n;
    }
    return node;
  }

  // The assessable nodes at and below `index`.
  static std::vector<NodeIndex> AssessableBelow(const Framework& framework, NodeIndex index) {
    std::vector<NodeIndex> out;
    std::vector<NodeIndex> stack{index};
    while (!stack.empty()) {
      const NodeIndex at = stack.back();
      stack.pop_back();
      const RequirementNode& node = framework.nodes()[at];
      if (node.assessable) out.push_back(at);
      for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) stack.push_back(*it);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // One end of a mapping entry: the node ids it stands for. A heading stands for its
  // assessable nodes (`spread`). Empty with `problem` set when the entry cannot be imported.
  struct End {
    std::vector<std::string> ids;
    bool spread = false;
    std::string heading;
  };

  End ResolveEnd(const Framework* framework, const std::string& framework_id, const std::string& urn,
                 std::string& problem) const {
    End end;
    if (!framework) {
      end.ids.push_back(CisoNodeId(urn));
      return end;
    }
    const NodeIndex node = FindNode(*framework, urn);
    if (node < 0) {
      problem = "'" + urn + "' is not a requirement node of " + framework_id;
      return end;
    }
    const RequirementNode& found = framework->nodes()[node];
    if (found.assessable) {
      end.ids.push_back(found.id);
      return end;
    }
    end.spread = true;
    end.heading = found.id;
    for (NodeIndex n : AssessableBelow(*framework, node)) end.ids.push_back(framework->nodes()[n].id);
    if (end.ids.empty()) problem = "'" + urn + "' in " + framework_id + " is a heading without assessable requirements";
    return end;
  }

  // The relationship of `source` to one requirement of a spread heading, or empty when the
  // entry's relationship says nothing certain about single requirements:
  // a heading is the sum of its requirements, so a source containing the heading contains
  // each (superset-of), a heading inside the target has each inside (subset-of), and
  // not_related holds for every part.
  static std::optional<Relationship> Spread(Relationship relationship, bool source_spread, bool target_spread) {
    if (relationship == Relationship::kNoRelationship) return relationship;
    const Claim claim = ClaimOf(relationship);
    if (source_spread && target_spread) return std::nullopt;
    if (target_spread && claim.contains) return Relationship::kSupersetOf;
    if (source_spread && claim.contained) return Relationship::kSubsetOf;
    return std::nullopt;
  }

  static std::optional<Relationship> ParseCisoRelationship(const std::string& relationship) {
    static const std::pair<const char*, Relationship> kNames[] = {
        {"equal", Relationship::kEqualTo},          {"equivalent", Relationship::kEquivalentTo},
        {"subset", Relationship::kSubsetOf},        {"superset", Relationship::kSupersetOf},
        {"intersect", Relationship::kIntersectsWith}, {"not_related", Relationship::kNoRelationship}};
    for (const auto& [name, value] : kNames) {
      if (relationship == name) return value;
    }
    return std::nullopt;
  }

  MappingSet ReadMappingSet(const YAML::Node& node, CisoImport& so_far, std::set<std::string>& set_ids) {
    if (!IsMapNode(node)) Fail(node, "a requirement mapping set must be a map");
    MappingSet set;
    const std::string source_urn = Text(node, "source_framework_urn");
    const std::string target_urn = Text(node, "target_framework_urn");
    if (source_urn.empty() || target_urn.empty()) {
      Fail(node, "a requirement mapping set needs source_framework_urn and target_framework_urn");
    }
    set.source = FrameworkIdFrom(LastSegment(source_urn));
    set.target = FrameworkIdFrom(LastSegment(target_urn));
    // --source/--target name the frameworks of the library's first direction; a reverse set
    // in the same file gets them the other way round.
    if (!options_.source.empty() || !options_.target.empty()) {
      if (first_direction_.first.empty()) first_direction_ = {set.source, set.target};
      const bool reverse = set.source == first_direction_.second && set.target == first_direction_.first &&
                           set.source != set.target;
      const std::string& as_source = reverse ? options_.target : options_.source;
      const std::string& as_target = reverse ? options_.source : options_.target;
      if (!as_source.empty()) set.source = as_source;
      if (!as_target.empty()) set.target = as_target;
    }
    const std::string ref = Text(node, "ref_id");
    set.id = FrameworkIdFrom(!ref.empty() ? ref : set.source + "_to_" + set.target);
    if (!set_ids.insert(set.id).second) Fail(node, "two requirement mapping sets have the ref_id '" + set.id + "'");
    set.name = Localized(node, "name");
    if (set.name.en.empty()) set.name = Both(set.source + " → " + set.target);
    set.note = Localized(node, "description");
    const YAML::Node list = node["requirement_mappings"];
    if (!IsSequenceNode(list)) Fail(node, "a requirement mapping set needs a 'requirement_mappings' list");
    const Framework* source_framework = FindFramework(set.source, so_far);
    const Framework* target_framework = FindFramework(set.target, so_far);

    // Strengths are 0..10 in most libraries and 0..100 in some; the largest value tells.
    int strength_max = 10;
    for (const YAML::Node& item : list) {
      if (!IsMapNode(item)) continue;
      for (const char* key : {"strength_of_relationship", "strength"}) {
        int value = 0;
        const YAML::Node strength = item[key];
        if (IsScalarNode(strength) && YAML::convert<int>::decode(strength, value) && value > 10) strength_max = 100;
      }
    }

    struct Entry {
      Mapping mapping;
      int line = 0;
      bool spread = false;  // derived from a heading
      std::vector<std::pair<int, Relationship>> stated;  // line, relationship of each repeat
    };
    std::vector<Entry> entries;
    std::map<std::pair<std::string, std::string>, size_t> index;
    std::vector<std::string> problems;
    int identical = 0, conflicting = 0, spread_entries = 0;

    for (const YAML::Node& item : list) {
      if (!IsMapNode(item)) Fail(item, "a requirement mapping must be a map");
      const int line = item.Mark().line + 1;
      const std::string where = options_.file_name + ":" + std::to_string(line) + ": ";
      const std::string source = Text(item, "source_requirement_urn");
      const std::string target = Text(item, "target_requirement_urn");
      if (source.empty() || target.empty()) {
        Fail(item, "a requirement mapping needs source_requirement_urn and target_requirement_urn");
      }
      const std::string relationship_text = Text(item, "relationship");
      const auto relationship = ParseCisoRelationship(relationship_text);
      if (!relationship) {
        Fail(item["relationship"].IsDefined() ? item["relationship"] : item,
             "relationship '" + relationship_text +
                 "' is not one of equal, equivalent, subset, superset, intersect, not_related");
      }
      Confidence confidence = Confidence::kUnspecified;
      for (const char* key : {"strength_of_relationship", "strength"}) {
        const YAML::Node strength = item[key];
        if (!strength.IsDefined() || strength.IsNull()) continue;
        int value = -1;
        if (!IsScalarNode(strength) || !YAML::convert<int>::decode(strength, value) || value < 0 || value > 100) {
          Fail(strength, "strength of relationship must be a whole number from 0 to 10 (or 0 to 100)");
        }
        const int tenths = strength_max == 100 ? value / 10 : value;
        confidence = tenths >= 7 ? Confidence::kHigh : tenths >= 4 ? Confidence::kMedium : Confidence::kLow;
      }
      std::string rationale = Text(item, "rationale");
      const std::string annotation = Text(item, "annotation");
      if (!annotation.empty()) rationale += (rationale.empty() ? "" : ": ") + annotation;

      std::string problem;
      const End from = ResolveEnd(source_framework, set.source, source, problem);
      const End to = problem.empty() ? ResolveEnd(target_framework, set.target, target, problem) : End{};
      std::optional<Relationship> applied = relationship;
      if (problem.empty() && (from.spread || to.spread)) {
        applied = Spread(*relationship, from.spread, to.spread);
        if (!applied) {
          problem = "'" + relationship_text + "' to the heading '" + (to.spread ? to.heading : from.heading) +
                    "' says nothing certain about its " +
                    std::to_string(to.spread ? to.ids.size() : from.ids.size()) + " requirements";
        }
      }
      if (!problem.empty()) {
        problems.push_back(where + problem);
        continue;
      }
      const bool spread = from.spread || to.spread;
      if (spread) ++spread_entries;
      for (const std::string& s : from.ids) {
        for (const std::string& t : to.ids) {
          Mapping mapping;
          mapping.source = s;
          mapping.target = t;
          mapping.relationship = *applied;
          mapping.confidence = confidence;
          (locale_ == "ja" ? mapping.rationale.ja : mapping.rationale.en) = rationale;
          if (spread) {
            const std::string note = "spread from the heading " + (to.spread ? to.heading : from.heading);
            mapping.rationale.en = mapping.rationale.en.empty() ? note : mapping.rationale.en + " (" + note + ")";
          }
          const auto key = std::make_pair(s, t);
          auto found = index.find(key);
          if (found == index.end()) {
            index.emplace(key, entries.size());
            entries.push_back(Entry{std::move(mapping), line, spread, {{line, *relationship}}});
            continue;
          }
          Entry& existing = entries[found->second];
          if (spread && !existing.spread) continue;  // the direct entry says more
          if (!spread && existing.spread) {          // the direct entry replaces derived ones
            existing = Entry{std::move(mapping), line, false, {{line, *relationship}}};
            continue;
          }
          if (spread) {  // two headings: both derived claims hold
            existing.mapping.relationship =
                RelationshipOf(Union(ClaimOf(existing.mapping.relationship), ClaimOf(*applied)));
            continue;
          }
          existing.stated.emplace_back(line, *relationship);
          if (*relationship == existing.stated.front().second) {
            ++identical;
            continue;
          }
          auto common = Common(existing.mapping.relationship, *relationship);
          if (!common) {
            Fail(item, "the mapping " + source + " -> " + target + " is '" + relationship_text + "' here but '" +
                           std::string(RelationshipName(existing.stated.front().second)) + "' at line " +
                           std::to_string(existing.stated.front().first) + "; correct one of them");
          }
          ++conflicting;
          existing.mapping.relationship = *common;
          if (confidence != Confidence::kUnspecified &&
              (existing.mapping.confidence == Confidence::kUnspecified ||
               static_cast<int>(confidence) < static_cast<int>(existing.mapping.confidence))) {
            existing.mapping.confidence = confidence;
          }
        }
      }
    }
    if (!problems.empty() && !options_.skip_unknown) {
      std::string listed;
      const size_t shown = std::min<size_t>(problems.size(), 50);
      for (size_t i = 0; i < shown; ++i) listed += "\n  " + problems[i];
      if (problems.size() > shown) listed += "\n  ... and " + std::to_string(problems.size() - shown) + " more";
      throw Failure{options_.file_name + ": mapping set " + set.id + ": " + std::to_string(problems.size()) +
                    " entries cannot be imported (pass --skip-unknown to import the others and list these):" + listed};
    }
    for (std::string& problem : problems) so_far.skipped.push_back(std::move(problem));
    for (Entry& entry : entries) {
      if (entry.stated.size() > 1 && entry.mapping.relationship != entry.stated.front().second) {
        std::string said;
        for (const auto& [line, relationship] : entry.stated) {
          said += (said.empty() ? "" : ", ") + std::string(RelationshipName(relationship)) + " (line " +
                  std::to_string(line) + ")";
        }
        const std::string note = "the library states " + said + "; kept what all of them imply";
        entry.mapping.rationale.en = entry.mapping.rationale.en.empty() ? note : entry.mapping.rationale.en + " (" + note + ")";
      }
      FillMissingLanguage(entry.mapping.rationale);
      set.mappings.push_back(std::move(entry.mapping));
    }
    if (identical > 0) {
      so_far.notes.push_back("mapping set " + set.id + ": " + std::to_string(identical) + " identical repeated entries merged");
    }
    if (conflicting > 0) {
      so_far.notes.push_back("mapping set " + set.id + ": " + std::to_string(conflicting) +
                             " repeated entries with another relationship merged to what both imply");
    }
    if (spread_entries > 0) {
      so_far.notes.push_back("mapping set " + set.id + ": " + std::to_string(spread_entries) +
                             " entries on headings spread over the headings' requirements");
    }
    if (set.mappings.empty()) Fail(node, "the requirement mapping set has no mappings left to import");
    return set;
  }

  CisoImport Read(const YAML::Node& library) {
    if (!IsMapNode(library)) Fail(library, "a CISO Assistant library is a map with urn, name and objects");
    if (Text(library, "urn").empty()) Fail(library, "the library needs a 'urn'");
    locale_ = Text(library, "locale").substr(0, 2);
    if (locale_.empty()) locale_ = "en";
    const YAML::Node objects = library["objects"];
    if (!IsMapNode(objects)) Fail(library, "the library needs an 'objects' map");
    CisoImport out;
    if (const YAML::Node framework = objects["framework"]; framework.IsDefined()) {
      out.frameworks.push_back(ReadFramework(library, framework));
    }
    if (const YAML::Node frameworks = objects["frameworks"]; IsSequenceNode(frameworks)) {
      for (const YAML::Node& framework : frameworks) out.frameworks.push_back(ReadFramework(library, framework));
    }
    std::set<std::string> set_ids;
    if (const YAML::Node set = objects["requirement_mapping_set"]; set.IsDefined()) {
      out.mapping_sets.push_back(ReadMappingSet(set, out, set_ids));
    }
    if (const YAML::Node sets = objects["requirement_mapping_sets"]; sets.IsDefined()) {
      if (!IsSequenceNode(sets)) Fail(sets, "'requirement_mapping_sets' must be a list");
      for (const YAML::Node& set : sets) out.mapping_sets.push_back(ReadMappingSet(set, out, set_ids));
    }
    if (questions_kept_ > 0) {
      out.notes.push_back(std::to_string(questions_kept_) + " questions kept in the requirements' descriptions");
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
  std::string locale_;
  std::pair<std::string, std::string> first_direction_;
  mutable bool one_language_ = false;
  mutable int questions_kept_ = 0;
};

}  // namespace

std::string CisoNodeId(const std::string& urn) {
  // urn:<packager>:risk:req_node:<framework>:<rest> -> <rest>; other shapes: the last segment.
  std::vector<size_t> colons;
  for (size_t i = 0; i < urn.size(); ++i) {
    if (urn[i] == ':') colons.push_back(i);
  }
  std::string tail;
  if (colons.size() >= 5 && urn.compare(colons[2] + 1, colons[3] - colons[2] - 1, "req_node") == 0) {
    tail = urn.substr(colons[4] + 1);
  } else {
    tail = colons.empty() ? urn : urn.substr(colons.back() + 1);
  }
  for (char& c : tail) {
    if (c == ':') c = '_';
  }
  return NodeIdFrom(tail);
}

std::string CisoCollisionId(const std::string& urn) {
  uint32_t hash = 2166136261u;  // FNV-1a: stable across builds and machines
  for (unsigned char c : urn) hash = (hash ^ c) * 16777619u;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%06x", hash & 0xffffffu);
  return CisoNodeId(urn) + "-" + suffix;
}

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
