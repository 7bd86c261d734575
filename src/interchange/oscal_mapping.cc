// OSCAL mapping collection import and export (see oscal.h).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "interchange/oscal.h"
#include "interchange/mapping_merge.h"
#include "interchange/oscal_common.h"
#include "interchange/text.h"

namespace hoshitori::interchange {

using oscal::json;
using oscal::Prop;
using oscal::PropValue;
using oscal::StringMember;

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "ac-2_smt.a" -> "ac-2"; the id of the control a statement or objective belongs to.
std::string ControlOfPart(const std::string& id) {
  const size_t at = id.find('_');
  return at == std::string::npos || at == 0 ? id : id.substr(0, at);
}

struct Endpoint {
  std::string id;
  bool part = false;  // a statement or objective folded to its control
};

Confidence ConfidenceOf(const json& map) {
  auto it = map.find("confidence-score");
  if (it == map.end() || !it->is_object()) return Confidence::kUnspecified;
  const std::string category = Lower(StringMember(*it, "category"));
  if (auto parsed = ParseConfidence(category)) return *parsed;
  if (auto p = it->find("percentage"); p != it->end() && p->is_number()) {
    const double value = p->get<double>();
    if (value >= 0.8) return Confidence::kHigh;
    if (value >= 0.5) return Confidence::kMedium;
    return Confidence::kLow;
  }
  return Confidence::kUnspecified;
}

}  // namespace

Result<std::vector<MappingSet>> ImportOscalMappingCollection(std::string_view json_text,
                                                             const OscalMappingOptions& options) {
  auto document = oscal::ParseDocument(json_text, options.file_name);
  if (!document) return document.error();
  const json& root = *document;
  const std::string& file = options.file_name;
  // Unknown ids and headings, each with the maps naming it, in order of first appearance.
  std::vector<std::string> problem_order;
  std::map<std::string, std::vector<std::string>> problem_maps;
  std::map<std::string, std::string> map_uuids;  // uuid -> path of the map
  if (!root.is_object() || !root.contains("mapping-collection") || !root["mapping-collection"].is_object()) {
    return MakeError(file + ": not an OSCAL mapping collection (the top level needs a \"mapping-collection\" object)");
  }
  const json& collection = root["mapping-collection"];
  const json metadata = collection.value("metadata", json::object());
  const std::string title = OneLine(StringMember(metadata, "title"));
  auto mappings = collection.find("mappings");
  if (mappings == collection.end() || !mappings->is_array()) {
    return MakeError(file + ": mapping-collection.mappings must be an array");
  }

  // Pairs merged per (source framework, target framework).
  struct Pending {
    MappingSet set;
    std::map<std::pair<std::string, std::string>, size_t> index;
    std::vector<Claim> claims;
    std::vector<bool> folded;
    std::vector<std::vector<std::string>> stated;  // "maps[i] relationship" per entry
    std::set<size_t> conflicts;
  };
  std::map<std::pair<std::string, std::string>, Pending> sets;
  std::vector<std::pair<std::string, std::string>> order;

  for (size_t m = 0; m < mappings->size(); ++m) {
    const json& mapping = (*mappings)[m];
    const std::string path = "mapping-collection.mappings[" + std::to_string(m) + "]";
    if (!mapping.is_object()) return MakeError(file + ": " + path + " must be an object");
    std::string source = options.source, target = options.target;
    if (source.empty()) source = PropValue(mapping, "source-framework", true);
    if (target.empty()) target = PropValue(mapping, "target-framework", true);
    if (source.empty() || target.empty()) {
      return MakeError(file + ": " + path +
                       ": say which frameworks the ids belong to (--source and --target framework ids)");
    }
    const bool resolving = options.catalog != nullptr || static_cast<bool>(options.find_framework);
    auto find = [&](const std::string& id) -> const Framework* {
      if (options.catalog) return options.catalog->FindFramework(id);
      return options.find_framework ? options.find_framework(id) : nullptr;
    };
    const Framework* source_framework = resolving ? find(source) : nullptr;
    const Framework* target_framework = resolving ? find(target) : nullptr;
    if (resolving && !source_framework) return MakeError("source framework '" + source + "' is not in the catalog");
    if (resolving && !target_framework) return MakeError("target framework '" + target + "' is not in the catalog");

    const auto key = std::make_pair(source, target);
    if (!sets.count(key)) {
      order.push_back(key);
      Pending& pending = sets[key];
      pending.set.source = source;
      pending.set.target = target;
      pending.set.id = !options.id.empty() ? options.id : PropValue(collection.value("metadata", json::object()), "mapping-set-id", true);
      if (pending.set.id.empty() || sets.size() > 1) pending.set.id = FrameworkIdFrom(source + "_to_" + target);
      pending.set.name = {PropValue(metadata, "name-ja", true), title};
      if (pending.set.name.en.empty() && pending.set.name.ja.empty()) pending.set.name = Both(source + " → " + target);
      FillMissingLanguage(pending.set.name);
      pending.set.note = {PropValue(metadata, "note-ja", true), PropValue(metadata, "note-en", true)};
      pending.set.complete_decomposition = PropValue(metadata, "decomposition", true) == "complete";
      if (pending.set.note.ja.empty() && pending.set.note.en.empty()) {
        const json provenance = collection.value("provenance", json::object());
        pending.set.note = Both(OneLine(StringMember(provenance, "mapping-description")));
      }
      FillMissingLanguage(pending.set.note);
    }
    Pending& pending = sets[key];

    auto maps = mapping.find("maps");
    if (maps == mapping.end() || !maps->is_array()) return MakeError(file + ": " + path + ".maps must be an array");
    for (size_t i = 0; i < maps->size(); ++i) {
      const json& map = (*maps)[i];
      const std::string where = file + ": " + path + ".maps[" + std::to_string(i) + "]";
      if (!map.is_object()) return MakeError(where + " must be an object");
      const std::string map_path = path + ".maps[" + std::to_string(i) + "]";
      if (const std::string uuid = StringMember(map, "uuid"); !uuid.empty()) {
        auto [seen, inserted] = map_uuids.emplace(uuid, map_path);
        if (!inserted) return MakeError(where + ": uuid " + uuid + " is already the uuid of " + seen->second);
      }
      const std::string relationship_text = StringMember(map, "relationship");
      const auto relationship = ParseRelationship(relationship_text);
      if (!relationship) {
        return MakeError(where + ": relationship '" + relationship_text +
                         "' is not one of equivalent-to, equal-to, subset-of, superset-of, "
                         "intersects-with, no-relationship");
      }
      auto endpoints = [&](const char* key_name, const Framework* framework,
                           std::vector<Endpoint>& out) -> Status {
        auto list = map.find(key_name);
        if (list == map.end() || !list->is_array() || list->empty()) {
          return MakeError(where + ": needs a non-empty \"" + key_name + "\" array");
        }
        for (size_t k = 0; k < list->size(); ++k) {
          const json& item = (*list)[k];
          const std::string type = StringMember(item, "type");
          std::string id = StringMember(item, "id-ref");
          if (id.empty()) return MakeError(where + "." + key_name + "[" + std::to_string(k) + "]: id-ref is missing");
          Endpoint endpoint;
          if (type == "statement" || type == "objective" || type == "statement-id" || type == "objective-id") {
            endpoint.part = true;
            id = ControlOfPart(id);
          } else if (type != "control" && !type.empty()) {
            return MakeError(where + "." + key_name + "[" + std::to_string(k) + "]: type '" + type +
                             "' is not supported; use control, statement or objective");
          }
          // Hoshitori's export writes ids that are not OSCAL tokens with '_' in front.
          if (id.size() > 1 && id.front() == '_') id.erase(id.begin());
          endpoint.id = NodeIdFrom(id);
          if (framework) {
            NodeIndex node = framework->Find(id);
            if (node < 0) node = framework->Find(endpoint.id);
            for (NodeIndex n = 0; node < 0 && n < static_cast<NodeIndex>(framework->nodes().size()); ++n) {
              const RequirementNode& candidate = framework->nodes()[n];
              if (Lower(candidate.id) == Lower(id) || Lower(candidate.ref) == Lower(id)) node = n;
            }
            std::string problem;
            if (node < 0) {
              problem = "'" + id + "' is not a requirement of " + framework->id;
            } else if (!framework->nodes()[node].assessable) {
              problem = "'" + id + "' in " + framework->id + " is a group heading, not an assessable requirement";
            }
            if (!problem.empty()) {
              if (!problem_maps.count(problem)) problem_order.push_back(problem);
              problem_maps[problem].push_back(map_path);
              continue;
            }
            endpoint.id = framework->nodes()[node].id;
          }
          out.push_back(std::move(endpoint));
        }
        return OkStatus();
      };
      std::vector<Endpoint> sources, targets;
      if (auto s = endpoints("sources", source_framework, sources); !s) return s.error();
      if (auto t = endpoints("targets", target_framework, targets); !t) return t.error();
      std::optional<double> coverage;
      if (auto c = map.find("coverage"); c != map.end() && c->is_object()) {
        auto value = c->find("target-coverage");
        if (value != c->end()) {
          if (!value->is_number() || !(value->get<double>() >= 0.0 && value->get<double>() <= 1.0)) {
            return MakeError(where + ": coverage.target-coverage must be a number from 0 to 1");
          }
          coverage = value->get<double>();
        }
      }
      const Confidence confidence = ConfidenceOf(map);
      LocalizedText rationale{PropValue(map, "rationale-ja", true), Trim(StringMember(map, "remarks"))};

      for (const Endpoint& s : sources) {
        for (const Endpoint& t : targets) {
          Claim claim = ClaimOf(*relationship);
          // A part of the source: the whole source still contains what the part contains,
          // but is no longer known to be contained in the target.
          if (s.part) claim.contained = false;
          // A part of the target: a source contained in the part is contained in the whole,
          // but no longer known to contain all of it.
          if (t.part) claim.contains = false;
          if (s.part || t.part) claim.equal_to = false;
          const bool folded = s.part || t.part;
          const auto pair = std::make_pair(s.id, t.id);
          auto found = pending.index.find(pair);
          if (found == pending.index.end()) {
            pending.index.emplace(pair, pending.set.mappings.size());
            Mapping out;
            out.source = s.id;
            out.target = t.id;
            out.coverage = t.part ? std::nullopt : coverage;
            out.confidence = confidence;
            out.rationale = rationale;
            pending.set.mappings.push_back(std::move(out));
            pending.claims.push_back(claim);
            pending.folded.push_back(folded);
            pending.stated.push_back({map_path + " " + std::string(RelationshipName(*relationship))});
            continue;
          }
          Claim& merged = pending.claims[found->second];
          Mapping& existing = pending.set.mappings[found->second];
          const Relationship before = RelationshipOf(merged);
          if (!folded && !pending.folded[found->second]) {
            // The same two controls stated again: if the statements differ one of them is
            // wrong, so keep only what both imply.
            if (before != *relationship) {
              auto common = Common(before, *relationship);
              if (!common) {
                return MakeError(where + ": " + s.id + " -> " + t.id + " is " + relationship_text +
                                 " here but " + std::string(RelationshipName(before)) + " in " +
                                 pending.stated[found->second].front() + "; correct one of them");
              }
              merged = ClaimOf(*common);
              pending.conflicts.insert(found->second);
              if (coverage) existing.coverage = std::min(existing.coverage.value_or(1.0), *coverage);
            }
          } else {
            // Statements about different parts all hold: their claims add up; coverage keeps
            // the largest stated (each part covers at least that).
            merged = Union(merged, claim);
            if (!t.part && coverage) existing.coverage = std::max(existing.coverage.value_or(0.0), *coverage);
            pending.folded[found->second] = true;
          }
          pending.stated[found->second].push_back(map_path + " " + std::string(RelationshipName(*relationship)));
          if (!rationale.en.empty() && existing.rationale.en.find(rationale.en) == std::string::npos) {
            existing.rationale.en += (existing.rationale.en.empty() ? "" : " / ") + rationale.en;
          }
          if (!rationale.ja.empty() && existing.rationale.ja.find(rationale.ja) == std::string::npos) {
            existing.rationale.ja += (existing.rationale.ja.empty() ? "" : " / ") + rationale.ja;
          }
          if (confidence != Confidence::kUnspecified &&
              (existing.confidence == Confidence::kUnspecified ||
               static_cast<int>(confidence) < static_cast<int>(existing.confidence))) {
            existing.confidence = confidence;
          }
        }
      }
    }
  }

  if (!problem_order.empty()) {
    auto listed = [&](const std::string& problem) {
      const std::vector<std::string>& maps = problem_maps[problem];
      std::string line = problem + " (" + maps.front();
      if (maps.size() > 1) line += " and " + std::to_string(maps.size() - 1) + " more";
      return line + ")";
    };
    if (!options.skip_unknown) {
      std::string message = file + ": " + std::to_string(problem_order.size()) +
                            " ids cannot be mapped (pass --skip-unknown to import the other maps and list these):";
      for (const std::string& problem : problem_order) message += "\n  " + listed(problem);
      return MakeError(message);
    }
    if (options.skipped) {
      for (const std::string& problem : problem_order) options.skipped->push_back(file + ": skipped " + listed(problem));
    }
  }

  std::vector<MappingSet> out;
  for (const auto& key : order) {
    Pending& pending = sets[key];
    for (size_t i = 0; i < pending.set.mappings.size(); ++i) {
      Mapping& mapping = pending.set.mappings[i];
      mapping.relationship = RelationshipOf(pending.claims[i]);
      if (pending.conflicts.count(i)) {
        std::string said;
        for (const std::string& s : pending.stated[i]) said += (said.empty() ? "" : ", ") + s;
        const std::string note = "the collection states " + said + "; kept what all of them imply";
        mapping.rationale.en = mapping.rationale.en.empty() ? note : mapping.rationale.en + " (" + note + ")";
        if (options.notes) options.notes->push_back(file + ": " + mapping.source + " -> " + mapping.target + ": " + note);
      }
      if (pending.folded[i]) {
        const std::string note = "folded from statement-level mappings";
        mapping.rationale.en = mapping.rationale.en.empty() ? note : mapping.rationale.en + " (" + note + ")";
      }
    }
    if (pending.set.mappings.empty()) {
      return MakeError(file + ": the mapping collection has no maps for " + key.first + " → " + key.second);
    }
    out.push_back(std::move(pending.set));
  }
  if (out.empty()) return MakeError(file + ": the mapping collection has no mappings");
  return out;
}

json ExportOscalMappingCollection(const MappingSet& set, const std::string& timestamp) {
  json metadata = oscal::Metadata(set.name.en.empty() ? set.name.ja : set.name.en, "1", timestamp, kOscalMappingVersion);
  json props = json::array();
  props.push_back(Prop("mapping-set-id", set.id, true));
  if (!set.name.ja.empty()) props.push_back(Prop("name-ja", set.name.ja, true));
  if (!set.note.ja.empty()) props.push_back(Prop("note-ja", set.note.ja, true));
  if (!set.note.en.empty()) props.push_back(Prop("note-en", set.note.en, true));
  // Hoshitori's own property (its namespace): the targets of each source together ask all of it.
  if (set.complete_decomposition) props.push_back(Prop("decomposition", "complete", true));
  metadata["props"] = std::move(props);
  json maps = json::array();
  for (const Mapping& m : set.mappings) {
    json map{{"uuid", oscal::StableUuid("map:" + set.id + ":" + m.source + ":" + m.target)},
             {"relationship", RelationshipName(m.relationship)},
             {"sources", json::array({{{"type", "control"}, {"id-ref", oscal::ToToken(m.source)}}})},
             {"targets", json::array({{{"type", "control"}, {"id-ref", oscal::ToToken(m.target)}}})}};
    if (m.confidence != Confidence::kUnspecified) map["confidence-score"] = {{"category", ConfidenceName(m.confidence)}};
    if (m.coverage) {
      map["coverage"] = {{"generation-method", "human judgement recorded in the Hoshitori catalog"},
                         {"target-coverage", *m.coverage}};
    }
    if (!m.rationale.en.empty()) map["remarks"] = m.rationale.en;
    if (!m.rationale.ja.empty()) map["props"] = json::array({Prop("rationale-ja", m.rationale.ja, true)});
    maps.push_back(std::move(map));
  }
  json mapping{{"uuid", oscal::StableUuid("mapping:" + set.id)},
               {"props", json::array({Prop("source-framework", set.source, true),
                                      Prop("target-framework", set.target, true)})},
               {"source-resource", {{"type", "catalog"}, {"href", set.source + ".oscal.json"}}},
               {"target-resource", {{"type", "catalog"}, {"href", set.target + ".oscal.json"}}},
               {"maps", std::move(maps)}};
  const std::string description = !set.note.en.empty() ? set.note.en : !set.name.en.empty() ? set.name.en : set.id;
  json collection{{"uuid", oscal::StableUuid("mapping-collection:" + set.id)},
                  {"metadata", std::move(metadata)},
                  {"provenance", {{"method", "human"},
                                  {"matching-rationale", "semantic"},
                                  {"status", "complete"},
                                  {"mapping-description", description}}},
                  {"mappings", json::array({std::move(mapping)})}};
  return json{{"mapping-collection", std::move(collection)}};
}

}  // namespace hoshitori::interchange
