#include "catalog/catalog_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace hoshitori {

std::string CatalogProblems::Joined() const {
  std::string out;
  for (const std::string& message : messages) {
    out += message;
    out += '\n';
  }
  if (!out.empty()) out.pop_back();
  return out;
}

namespace {

// Collects problems for one file, prefixing "file:line: ".
class FileReport {
 public:
  FileReport(const std::string& file, CatalogProblems& problems)
      : file_(file), problems_(problems) {}

  void Add(const YAML::Node& at, const std::string& message) {
    Add(at.IsDefined() ? at.Mark().line + 1 : 0, message);
  }
  void Add(int line, const std::string& message) {
    ++count_;
    problems_.messages.push_back(file_ + ":" + std::to_string(line) + ": " + message);
  }
  int count() const { return count_; }

 private:
  const std::string& file_;
  CatalogProblems& problems_;
  int count_ = 0;
};

int LineOf(const YAML::Node& node) { return node.IsDefined() ? node.Mark().line + 1 : 0; }

void CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
               std::string_view where, FileReport& report) {
  if (!map.IsMap()) return;
  for (const auto& entry : map) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      report.Add(entry.first, "unknown key '" + key + "' in " + std::string(where));
    }
  }
}

// Reads a scalar string. Missing and `required` → problem. Non-scalar → problem.
std::string ReadString(const YAML::Node& map, const char* key, std::string_view where,
                       bool required, FileReport& report) {
  const YAML::Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) {
    if (required) report.Add(map, std::string(where) + " needs '" + key + "'");
    return "";
  }
  if (!value.IsScalar()) {
    report.Add(value, "'" + std::string(key) + "' in " + std::string(where) + " must be text");
    return "";
  }
  return value.Scalar();
}

std::optional<int> ReadInt(const YAML::Node& map, const char* key, std::string_view where,
                           FileReport& report) {
  const YAML::Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  int parsed = 0;
  if (!value.IsScalar() || !YAML::convert<int>::decode(value, parsed)) {
    report.Add(value, "'" + std::string(key) + "' in " + std::string(where) +
                          " must be a whole number");
    return std::nullopt;
  }
  return parsed;
}

// Reads {ja: ..., en: ...}. When `required`, both languages must be present and non-empty.
LocalizedText ReadText(const YAML::Node& map, const char* key, std::string_view where,
                       bool required, FileReport& report) {
  LocalizedText text;
  const YAML::Node value = map[key];
  if (!value.IsDefined() || value.IsNull()) {
    if (required) {
      report.Add(map, std::string(where) + " needs '" + key + "' with ja and en text");
    }
    return text;
  }
  if (!value.IsMap()) {
    report.Add(value, "'" + std::string(key) + "' in " + std::string(where) +
                          " must be a map {ja: ..., en: ...}");
    return text;
  }
  CheckKeys(value, {"ja", "en"}, std::string(where) + " " + key, report);
  const std::string field_where = std::string(where) + " " + key;
  text.ja = ReadString(value, "ja", field_where, false, report);
  text.en = ReadString(value, "en", field_where, false, report);
  if (text.ja.empty()) report.Add(value, "'" + std::string(key) + "' in " + std::string(where) + " is missing its Japanese (ja) text");
  if (text.en.empty()) report.Add(value, "'" + std::string(key) + "' in " + std::string(where) + " is missing its English (en) text");
  return text;
}

const std::regex& FrameworkIdPattern() {
  static const std::regex pattern("[a-z0-9][a-z0-9.\\-_]*");
  return pattern;
}
const std::regex& NodeIdPattern() {
  static const std::regex pattern("[A-Za-z0-9][A-Za-z0-9._\\-]*");
  return pattern;
}

void LoadNodes(const YAML::Node& list, NodeIndex parent, int inherited_category,
               Framework& framework, FileReport& report) {
  if (!list.IsSequence()) {
    report.Add(list, "'children' / 'nodes' must be a list of requirement nodes");
    return;
  }
  for (const YAML::Node& item : list) {
    if (!item.IsMap()) {
      report.Add(item, "a requirement node must be a map with id, ref, title, ...");
      continue;
    }
    RequirementNode node;
    node.source_line = LineOf(item);
    node.parent = parent;
    node.id = ReadString(item, "id", "requirement node", true, report);
    const std::string where = "node '" + node.id + "'";
    CheckKeys(item,
              {"id", "ref", "title", "description", "why", "evidence", "category", "levels",
               "weight", "effort", "assessable", "children", "choices"},
              where, report);
    if (!node.id.empty() && !std::regex_match(node.id, NodeIdPattern())) {
      report.Add(item["id"], "node id '" + node.id +
                                 "' may use only letters, digits, '.', '_' and '-'");
    }
    node.ref = ReadString(item, "ref", where, false, report);
    if (node.ref.empty()) node.ref = node.id;
    node.title = ReadText(item, "title", where, true, report);
    const bool has_children = item["children"].IsDefined() && !item["children"].IsNull();
    node.assessable = !has_children;
    if (item["assessable"].IsDefined()) {
      bool flag = false;
      if (!item["assessable"].IsScalar() || !YAML::convert<bool>::decode(item["assessable"], flag)) {
        report.Add(item["assessable"], "'assessable' in " + where + " must be true or false");
      }
      node.assessable = flag;
    }
    node.description = ReadText(item, "description", where, node.assessable, report);
    node.why = ReadText(item, "why", where, false, report);
    node.evidence = ReadText(item, "evidence", where, false, report);

    node.category = inherited_category;
    const std::string category = ReadString(item, "category", where, false, report);
    if (!category.empty()) {
      node.category = framework.FindCategory(category);
      if (node.category < 0) {
        report.Add(item["category"], "category '" + category + "' of " + where +
                                         " is not declared in the framework's categories");
      }
    } else if (node.assessable && node.category < 0) {
      report.Add(item, where + " is assessable but has no category (its own or a parent's)");
    }

    if (const YAML::Node levels = item["levels"]; levels.IsDefined() && !levels.IsNull()) {
      if (!levels.IsSequence()) {
        report.Add(levels, "'levels' in " + where + " must be a list such as [star3]");
      } else {
        for (const YAML::Node& tag : levels) {
          const auto parsed = tag.IsScalar() ? ParseLevelTag(tag.Scalar()) : std::nullopt;
          if (!parsed) {
            report.Add(tag, "unknown level tag '" + (tag.IsScalar() ? tag.Scalar() : "?") +
                                "' in " + where +
                                "; use star1..star5 or lv1..lv3");
          } else {
            node.levels |= *parsed;
          }
        }
      }
    }
    if (auto weight = ReadInt(item, "weight", where, report)) {
      if (*weight < 1 || *weight > 5) report.Add(item["weight"], "weight of " + where + " must be 1..5");
      node.weight = *weight;
    }
    if (auto effort = ReadInt(item, "effort", where, report)) {
      if (*effort < 1 || *effort > 3) report.Add(item["effort"], "effort of " + where + " must be 1..3");
      node.effort = *effort;
    }
    if (const YAML::Node choices = item["choices"]; choices.IsDefined() && !choices.IsNull()) {
      if (!choices.IsSequence()) {
        report.Add(choices, "'choices' in " + where + " must be a list");
      } else {
        std::set<std::string> seen;
        for (const YAML::Node& c : choices) {
          if (!c.IsMap()) {
            report.Add(c, "a choice in " + where + " must be a map {id, status, points, label}");
            continue;
          }
          CheckKeys(c, {"id", "status", "points", "label"}, "choice of " + where, report);
          Choice choice;
          choice.id = ReadString(c, "id", "choice of " + where, true, report);
          if (!choice.id.empty() && !seen.insert(choice.id).second) {
            report.Add(c, "choice '" + choice.id + "' appears twice in " + where);
          }
          const std::string status = ReadString(c, "status", "choice of " + where, true, report);
          if (auto parsed = ParseAnswerStatus(status)) {
            choice.status = *parsed;
          } else if (!status.empty()) {
            report.Add(c["status"], "unknown status '" + status + "' in a choice of " + where);
          }
          choice.points = ReadInt(c, "points", "choice of " + where, report).value_or(0);
          choice.label = ReadText(c, "label", "choice of " + where, true, report);
          node.choices.push_back(std::move(choice));
        }
      }
    }
    const int category_for_children = node.category;
    const NodeIndex index = framework.AddNode(std::move(node));
    if (has_children) LoadNodes(item["children"], index, category_for_children, framework, report);
  }
}

void LoadFramework(const YAML::Node& root, const std::string& file, Catalog& catalog,
                   FileReport& report) {
  const int problems_before = report.count();
  CheckKeys(root, {"framework", "nodes"}, "a framework file", report);
  const YAML::Node meta = root["framework"];
  if (!meta.IsMap()) {
    report.Add(meta, "'framework' must be a map with id, name, ...");
    return;
  }
  CheckKeys(meta,
            {"id", "version", "name", "publisher", "source_url", "licence_note", "categories",
             "scoring"},
            "framework", report);
  Framework framework;
  framework.file = file;
  framework.id = ReadString(meta, "id", "framework", true, report);
  if (!framework.id.empty() && !std::regex_match(framework.id, FrameworkIdPattern())) {
    report.Add(meta["id"], "framework id '" + framework.id +
                               "' may use only lower-case letters, digits, '.', '_' and '-'");
  }
  framework.version = ReadString(meta, "version", "framework", true, report);
  framework.name = ReadText(meta, "name", "framework", true, report);
  framework.publisher = ReadText(meta, "publisher", "framework", true, report);
  framework.source_url = ReadString(meta, "source_url", "framework", false, report);
  framework.licence_note = ReadText(meta, "licence_note", "framework", true, report);

  const YAML::Node categories = meta["categories"];
  if (!categories.IsSequence() || categories.size() == 0) {
    report.Add(meta, "framework needs a non-empty 'categories' list");
  } else {
    for (const YAML::Node& c : categories) {
      if (!c.IsMap()) {
        report.Add(c, "a category must be a map {id, name}");
        continue;
      }
      CheckKeys(c, {"id", "name"}, "category", report);
      Category category;
      category.id = ReadString(c, "id", "category", true, report);
      category.name = ReadText(c, "name", "category '" + category.id + "'", true, report);
      if (framework.FindCategory(category.id) >= 0) {
        report.Add(c, "category '" + category.id + "' is declared twice");
      }
      framework.categories.push_back(std::move(category));
    }
  }

  if (const YAML::Node scoring = meta["scoring"]; scoring.IsDefined() && !scoring.IsNull()) {
    CheckKeys(scoring, {"method", "max", "not_applicable_counts_as", "bands"}, "scoring", report);
    Scoring s;
    const std::string method = ReadString(scoring, "method", "scoring", true, report);
    if (!method.empty() && method != "points") {
      report.Add(scoring["method"], "scoring method '" + method + "' is unknown; use 'points'");
    }
    s.max = ReadInt(scoring, "max", "scoring", report).value_or(0);
    const std::string na = ReadString(scoring, "not_applicable_counts_as", "scoring", false, report);
    if (!na.empty()) {
      auto parsed = ParseAnswerStatus(na);
      if (!parsed || *parsed == AnswerStatus::kNotApplicable) {
        report.Add(scoring["not_applicable_counts_as"],
                   "not_applicable_counts_as must be implemented, partial, not_implemented or "
                   "unknown");
      } else {
        s.not_applicable_counts_as = *parsed;
      }
    }
    const YAML::Node bands = scoring["bands"];
    if (bands.IsDefined() && bands.IsSequence()) {
      for (const YAML::Node& b : bands) {
        if (!b.IsMap()) {
          report.Add(b, "a scoring band must be a map {min, max, label}");
          continue;
        }
        CheckKeys(b, {"min", "max", "label"}, "scoring band", report);
        ScoringBand band;
        band.min = ReadInt(b, "min", "scoring band", report).value_or(0);
        band.max = ReadInt(b, "max", "scoring band", report).value_or(0);
        band.label = ReadText(b, "label", "scoring band", true, report);
        if (band.min > band.max) report.Add(b, "scoring band has min above max");
        for (const ScoringBand& other : s.bands) {
          if (band.min <= other.max && other.min <= band.max) {
            report.Add(b, "scoring band " + std::to_string(band.min) + ".." +
                              std::to_string(band.max) + " overlaps another band");
          }
        }
        s.bands.push_back(std::move(band));
      }
    }
    framework.scoring = std::move(s);
  }

  const YAML::Node nodes = root["nodes"];
  if (!nodes.IsDefined() || !nodes.IsSequence() || nodes.size() == 0) {
    report.Add(root, "framework needs a non-empty 'nodes' list");
  } else {
    LoadNodes(nodes, -1, -1, framework, report);
  }

  // Duplicate ids within the framework, each with its line.
  std::map<std::string, int> seen;
  for (const RequirementNode& node : framework.nodes()) {
    if (node.id.empty()) continue;
    auto [it, inserted] = seen.emplace(node.id, node.source_line);
    if (!inserted) {
      report.Add(node.source_line, "duplicate node id '" + node.id + "' (first at line " +
                                       std::to_string(it->second) + ")");
    }
  }
  std::string clash;
  if (!framework.Seal(&clash) && seen.count(clash) == 0) {
    report.Add(0, "ref '" + clash + "' names two different nodes");
  }
  if (framework.assessable().empty()) report.Add(root, "framework has no assessable node");

  if (framework.scoring) {
    int max_points = 0;
    for (NodeIndex i : framework.assessable()) {
      const RequirementNode& node = framework.nodes()[i];
      if (node.choices.empty()) {
        report.Add(node.source_line, "node '" + node.id +
                                         "' needs answer choices because the framework is "
                                         "point-scored");
        continue;
      }
      int best = node.choices.front().points;
      for (const Choice& c : node.choices) best = std::max(best, c.points);
      max_points += best;
    }
    if (max_points != framework.scoring->max) {
      report.Add(meta["scoring"], "scoring max is " + std::to_string(framework.scoring->max) +
                                      " but the best choices add up to " +
                                      std::to_string(max_points));
    }
  }

  if (report.count() != problems_before) return;
  if (!catalog.AddFramework(std::move(framework))) {
    report.Add(meta["id"], "framework id '" + meta["id"].Scalar() + "' is already used by another file");
  }
}

void LoadMappingSet(const YAML::Node& root, const std::string& file, Catalog& catalog,
                    FileReport& report) {
  const int problems_before = report.count();
  CheckKeys(root, {"mapping_set", "mappings"}, "a mapping file", report);
  const YAML::Node meta = root["mapping_set"];
  if (!meta.IsMap()) {
    report.Add(meta, "'mapping_set' must be a map with id, source, target");
    return;
  }
  CheckKeys(meta, {"id", "source", "target", "name", "note", "decomposition"}, "mapping_set", report);
  MappingSet set;
  set.file = file;
  set.id = ReadString(meta, "id", "mapping_set", true, report);
  set.source = ReadString(meta, "source", "mapping_set", true, report);
  set.target = ReadString(meta, "target", "mapping_set", true, report);
  set.name = ReadText(meta, "name", "mapping_set", true, report);
  set.note = ReadText(meta, "note", "mapping_set", false, report);
  if (const std::string decomposition = ReadString(meta, "decomposition", "mapping_set", false, report);
      !decomposition.empty()) {
    if (decomposition == "complete") {
      set.complete_decomposition = true;
    } else {
      report.Add(meta["decomposition"], "decomposition '" + decomposition +
                                            "' is unknown; the only value is 'complete'");
    }
  }
  const YAML::Node mappings = root["mappings"];
  if (!mappings.IsDefined() || !mappings.IsSequence()) {
    report.Add(root, "mapping file needs a 'mappings' list");
  } else {
    for (const YAML::Node& m : mappings) {
      if (!m.IsMap()) {
        report.Add(m, "a mapping must be a map {source, target, relationship, ...}");
        continue;
      }
      CheckKeys(m, {"source", "target", "relationship", "coverage", "confidence", "rationale"},
                "mapping", report);
      Mapping mapping;
      mapping.source_line = LineOf(m);
      mapping.source = ReadString(m, "source", "mapping", true, report);
      mapping.target = ReadString(m, "target", "mapping", true, report);
      const std::string where = "mapping " + mapping.source + " -> " + mapping.target;
      const std::string relationship = ReadString(m, "relationship", where, true, report);
      if (auto parsed = ParseRelationship(relationship)) {
        mapping.relationship = *parsed;
      } else if (!relationship.empty()) {
        report.Add(m["relationship"],
                   "unknown relationship '" + relationship + "' in " + where +
                       "; use equivalent-to, equal-to, subset-of, superset-of, intersects-with "
                       "or no-relationship");
      }
      if (const YAML::Node coverage = m["coverage"]; coverage.IsDefined() && !coverage.IsNull()) {
        double value = -1;
        if (!coverage.IsScalar() || !YAML::convert<double>::decode(coverage, value) ||
            !(value >= 0.0 && value <= 1.0)) {
          report.Add(coverage, "coverage in " + where + " must be a number from 0 to 1");
        } else {
          mapping.coverage = value;
        }
      }
      const std::string confidence = ReadString(m, "confidence", where, false, report);
      if (!confidence.empty()) {
        if (auto parsed = ParseConfidence(confidence)) {
          mapping.confidence = *parsed;
        } else {
          report.Add(m["confidence"], "confidence in " + where + " must be high, medium or low");
        }
      }
      if (m["rationale"].IsDefined()) {
        // A rationale may be given in one language only.
        const YAML::Node r = m["rationale"];
        if (r.IsMap()) {
          CheckKeys(r, {"ja", "en"}, where + " rationale", report);
          mapping.rationale.ja = ReadString(r, "ja", where, false, report);
          mapping.rationale.en = ReadString(r, "en", where, false, report);
        } else {
          report.Add(r, "rationale in " + where + " must be a map {ja: ..., en: ...}");
        }
      }
      set.mappings.push_back(std::move(mapping));
    }
  }
  if (report.count() == problems_before) catalog.AddMappingSet(std::move(set));
}

}  // namespace

void LoadCatalogText(std::string_view text, const std::string& file_name, Catalog& catalog,
                     CatalogProblems& problems) {
  FileReport report(file_name, problems);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    report.Add(e.mark.line + 1, "not valid YAML: " + e.msg);
    return;
  }
  try {
    if (!root.IsMap()) {
      report.Add(root, "a catalog file must start with 'framework:' or 'mapping_set:'");
    } else if (root["framework"].IsDefined()) {
      LoadFramework(root, file_name, catalog, report);
    } else if (root["mapping_set"].IsDefined()) {
      LoadMappingSet(root, file_name, catalog, report);
    } else {
      report.Add(root, "a catalog file must start with 'framework:' or 'mapping_set:'");
    }
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws on some malformed structures (e.g. keys that are not scalars).
    report.Add(e.mark.line + 1, "unreadable structure: " + e.msg);
  }
}

void CheckCatalogReferences(const Catalog& catalog, CatalogProblems& problems) {
  std::map<std::string, std::string> set_ids;
  for (const MappingSet& set : catalog.mapping_sets()) {
    FileReport report(set.file, problems);
    if (auto [it, inserted] = set_ids.emplace(set.id, set.file); !inserted) {
      report.Add(0, "mapping set id '" + set.id + "' is already used in " + it->second);
    }
    const Framework* source = catalog.FindFramework(set.source);
    const Framework* target = catalog.FindFramework(set.target);
    if (!source) report.Add(0, "mapping set '" + set.id + "': source framework '" + set.source + "' does not exist");
    if (!target) report.Add(0, "mapping set '" + set.id + "': target framework '" + set.target + "' does not exist");
    if (!source || !target) continue;
    std::set<std::pair<std::string, std::string>> pairs;
    for (const Mapping& m : set.mappings) {
      const NodeIndex s = source->Find(m.source);
      const NodeIndex t = target->Find(m.target);
      if (s < 0) {
        report.Add(m.source_line, "mapping source '" + m.source + "' is not a node of " + set.source);
      } else if (!source->nodes()[s].assessable) {
        report.Add(m.source_line, "mapping source '" + m.source + "' is not assessable; map its criteria instead");
      }
      if (t < 0) {
        report.Add(m.source_line, "mapping target '" + m.target + "' is not a node of " + set.target);
      } else if (!target->nodes()[t].assessable) {
        report.Add(m.source_line, "mapping target '" + m.target + "' is not assessable; map to its criteria instead");
      }
      if (!pairs.emplace(m.source, m.target).second) {
        report.Add(m.source_line, "mapping " + m.source + " -> " + m.target + " appears twice");
      }
    }
  }
}

void CheckCrosswalkRules(const Catalog& catalog, CatalogProblems& problems) {
  for (const MappingSet& set : catalog.mapping_sets()) {
    FileReport report(set.file, problems);
    // source node -> (target, line) of its first equality
    std::map<std::string, std::pair<std::string, int>> equal_to;
    for (const Mapping& m : set.mappings) {
      const std::string link = m.source + " -> " + m.target;
      const bool equality = m.relationship == Relationship::kEquivalentTo ||
                            m.relationship == Relationship::kEqualTo;
      if (equality) {
        auto [it, inserted] = equal_to.emplace(m.source, std::make_pair(m.target, m.source_line));
        if (!inserted && it->second.first != m.target) {
          report.Add(m.source_line,
                     m.source + " is " + std::string(RelationshipName(m.relationship)) + " " +
                         m.target + " and also equivalent to " + it->second.first + " (line " +
                         std::to_string(it->second.second) +
                         "); one item can equal only one criterion — link the parts with "
                         "subset-of or intersects-with");
        }
      }
      const bool full_kind = equality || m.relationship == Relationship::kSupersetOf;
      if (m.coverage && *m.coverage >= 1.0 && !full_kind) {
        report.Add(m.source_line, "mapping " + link + " is " +
                                      std::string(RelationshipName(m.relationship)) +
                                      " with coverage 1.0; full coverage is only for equal-to, "
                                      "equivalent-to or superset-of — lower the coverage or "
                                      "change the relationship");
      }
      if (m.rationale.ja.empty()) {
        report.Add(m.source_line, "mapping " + link + " has no Japanese (ja) rationale");
      }
      if (m.rationale.en.empty()) {
        report.Add(m.source_line, "mapping " + link + " has no English (en) rationale");
      }
    }
  }
}

CatalogProblems ValidateCatalogDirectory(const std::string& directory, Catalog* loaded,
                                         CatalogChecks checks) {
  CatalogProblems problems;
  Catalog catalog;
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    problems.messages.push_back(directory + ": not a directory");
    return problems;
  }
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(directory, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto ext = it->path().extension();
    if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in.good() && !in.eof()) {
      problems.messages.push_back(path.string() + ":0: cannot be read");
      continue;
    }
    LoadCatalogText(buffer.str(), path.string(), catalog, problems);
  }
  if (files.empty()) problems.messages.push_back(directory + ": no catalog files (*.yaml)");
  CheckCatalogReferences(catalog, problems);
  if (checks == CatalogChecks::kReview) CheckCrosswalkRules(catalog, problems);
  if (loaded) *loaded = std::move(catalog);
  return problems;
}

Result<Catalog> LoadCatalogDirectory(const std::string& directory) {
  Catalog catalog;
  CatalogProblems problems = ValidateCatalogDirectory(directory, &catalog);
  if (!problems.empty()) return MakeError("the catalog has problems:\n" + problems.Joined());
  return catalog;
}

}  // namespace hoshitori
