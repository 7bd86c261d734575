// OSCAL mapping collection import and export (see oscal.h).
#include <algorithm>
#include <cctype>
#include <map>

#include "interchange/oscal.h"
#include "interchange/oscal_common.h"
#include "interchange/text.h"

namespace hoshitori::interchange {

using oscal::json;
using oscal::Prop;
using oscal::PropValue;
using oscal::StringMember;

namespace {

// What folding a part to its control keeps of "source R target": `contains` = the source
// asks for at least all of the target, `contained` = the source asks for no more.
struct Claim {
  bool contains = false;
  bool contained = false;
  bool related = true;  // false only for no-relationship
  bool equal_to = false;
};

Claim ClaimOf(Relationship relationship) {
  switch (relationship) {
    case Relationship::kEqualTo: return {true, true, true, true};
    case Relationship::kEquivalentTo: return {true, true, true, false};
    case Relationship::kSubsetOf: return {false, true, true, false};
    case Relationship::kSupersetOf: return {true, false, true, false};
    case Relationship::kIntersectsWith: return {false, false, true, false};
    case Relationship::kNoRelationship: return {false, false, false, false};
  }
  return {};
}

Relationship RelationshipOf(const Claim& claim) {
  if (!claim.related) return Relationship::kNoRelationship;
  if (claim.contains && claim.contained) return claim.equal_to ? Relationship::kEqualTo : Relationship::kEquivalentTo;
  if (claim.contains) return Relationship::kSupersetOf;
  if (claim.contained) return Relationship::kSubsetOf;
  return Relationship::kIntersectsWith;
}

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
  auto document = oscal::ParseJson(json_text, options.file_name);
  if (!document) return document.error();
  const json& root = *document;
  const std::string& file = options.file_name;
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
    const Framework* source_framework = options.catalog ? options.catalog->FindFramework(source) : nullptr;
    const Framework* target_framework = options.catalog ? options.catalog->FindFramework(target) : nullptr;
    if (options.catalog && !source_framework) return MakeError("source framework '" + source + "' is not in the catalog");
    if (options.catalog && !target_framework) return MakeError("target framework '" + target + "' is not in the catalog");

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
            if (node < 0) {
              return MakeError(where + ": '" + id + "' is not a requirement of " + framework->id);
            }
            if (!framework->nodes()[node].assessable) {
              return MakeError(where + ": '" + id + "' in " + framework->id +
                               " is a group heading, not an assessable requirement");
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
            continue;
          }
          // Merge: every claim is true, so their union holds; no-relationship yields to any
          // relationship; coverage keeps the largest stated (each part covers at least that).
          Claim& merged = pending.claims[found->second];
          Mapping& existing = pending.set.mappings[found->second];
          if (!merged.related) {
            merged = claim;
          } else if (claim.related) {
            merged.equal_to = merged.equal_to && claim.equal_to;
            merged.contains |= claim.contains;
            merged.contained |= claim.contained;
          }
          if (!t.part && coverage) existing.coverage = std::max(existing.coverage.value_or(0.0), *coverage);
          if (confidence != Confidence::kUnspecified &&
              (existing.confidence == Confidence::kUnspecified ||
               static_cast<int>(confidence) < static_cast<int>(existing.confidence))) {
            existing.confidence = confidence;
          }
          pending.folded[found->second] = true;
        }
      }
    }
  }

  std::vector<MappingSet> out;
  for (const auto& key : order) {
    Pending& pending = sets[key];
    for (size_t i = 0; i < pending.set.mappings.size(); ++i) {
      Mapping& mapping = pending.set.mappings[i];
      mapping.relationship = RelationshipOf(pending.claims[i]);
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
