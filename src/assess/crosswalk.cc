#include "assess/crosswalk.h"

#include <deque>
#include <map>
#include <optional>

namespace hoshitori {

namespace {

struct Contribution {
  AnswerStatus status;
};

// What a source status carries over one edge, or nullopt for nothing.
std::optional<AnswerStatus> Carry(AnswerStatus source, Relationship relationship, bool full) {
  if (relationship == Relationship::kNoRelationship) return std::nullopt;
  const bool contained = relationship == Relationship::kEqualTo ||
                         relationship == Relationship::kEquivalentTo ||
                         relationship == Relationship::kSubsetOf;
  switch (source) {
    case AnswerStatus::kImplemented:
      return full ? AnswerStatus::kImplemented : AnswerStatus::kPartial;
    case AnswerStatus::kPartial: return AnswerStatus::kPartial;
    case AnswerStatus::kNotImplemented:
      if (contained) return AnswerStatus::kNotImplemented;
      return std::nullopt;
    case AnswerStatus::kUnknown: return AnswerStatus::kUnknown;
    case AnswerStatus::kNotApplicable:
      if (relationship == Relationship::kEqualTo || relationship == Relationship::kEquivalentTo) {
        return AnswerStatus::kNotApplicable;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

// Combines a new contribution into the current one: most restrictive wins; N/A yields.
AnswerStatus Combine(std::optional<AnswerStatus> current, AnswerStatus incoming) {
  if (!current) return incoming;
  if (*current == AnswerStatus::kNotApplicable) return incoming;
  if (incoming == AnswerStatus::kNotApplicable) return *current;
  return static_cast<uint8_t>(incoming) < static_cast<uint8_t>(*current) ? incoming : *current;
}

}  // namespace

CrosswalkEngine::CrosswalkEngine(const Catalog& catalog) : catalog_(catalog) {
  for (const MappingSet& set : catalog.mapping_sets()) {
    edges_[set.source].push_back(Edge{&set, true, set.target});
    edges_[set.target].push_back(Edge{&set, false, set.source});
  }
}

Result<std::vector<std::string>> CrosswalkEngine::Route(const std::string& from,
                                                         const std::string& to) const {
  if (!catalog_.FindFramework(from)) return MakeError("framework '" + from + "' is not in the catalog");
  if (!catalog_.FindFramework(to)) return MakeError("framework '" + to + "' is not in the catalog");
  std::map<std::string, std::string> previous{{from, ""}};
  std::deque<std::string> queue{from};
  while (!queue.empty()) {
    const std::string current = queue.front();
    queue.pop_front();
    if (current == to) break;
    auto it = edges_.find(current);
    if (it == edges_.end()) continue;
    for (const Edge& edge : it->second) {
      if (previous.emplace(edge.other, current).second) queue.push_back(edge.other);
    }
  }
  if (!previous.count(to)) {
    return MakeError("no mapping sets connect " + from + " to " + to +
                     "; add a mapping set between them (or to hoshitori-common)");
  }
  std::vector<std::string> route;
  for (std::string at = to; !at.empty(); at = previous[at]) route.insert(route.begin(), at);
  return route;
}

void CrosswalkEngine::ComposeDecomposedSources(const Framework& from, const Framework& to,
                                               const std::vector<InferredNode>& current,
                                               std::vector<std::optional<AnswerStatus>>& combined,
                                               std::vector<InferredNode>& next) const {
  for (const Edge& edge : edges_.at(from.id)) {
    if (edge.other != to.id || edge.forward || !edge.set->complete_decomposition) continue;
    // Per node of `to` (a source in the file): are all its parts in `from` met?
    struct Parts {
      int total = 0, implemented = 0, not_applicable = 0;
    };
    std::map<int, Parts> parts;
    for (const Mapping& mapping : edge.set->mappings) {
      if (mapping.relationship == Relationship::kNoRelationship) continue;
      const int whole = to.AssessablePosition(to.Find(mapping.source));
      const int part = from.AssessablePosition(from.Find(mapping.target));
      if (whole < 0 || part < 0) continue;
      Parts& p = parts[whole];
      ++p.total;
      if (!current[part].reached) continue;
      if (current[part].status == AnswerStatus::kImplemented) ++p.implemented;
      if (current[part].status == AnswerStatus::kNotApplicable) ++p.not_applicable;
    }
    for (const auto& [whole, p] : parts) {
      if (p.implemented + p.not_applicable != p.total) continue;
      combined[whole] = p.implemented > 0 ? AnswerStatus::kImplemented : AnswerStatus::kNotApplicable;
      next[whole].reached = true;
    }
  }
}

Result<InferenceResult> CrosswalkEngine::Infer(const std::string& from, const std::string& to,
                                               const ResponseVector& responses) const {
  auto route = Route(from, to);
  if (!route) return route.error();
  const Framework* first = catalog_.FindFramework(from);
  if (responses.size() != first->assessable().size()) {
    return MakeError("the answers do not fit framework " + from);
  }

  // The current hop's state: statuses and provenance per assessable node.
  std::vector<InferredNode> current(first->assessable().size());
  for (size_t i = 0; i < current.size(); ++i) {
    if (!responses.answered[i]) continue;
    current[i].reached = true;
    current[i].status = responses.status[i];
    ProvenanceChain chain{responses.status[i], {}};
    chain.steps.push_back(ProvenanceStep{from, first->nodes()[first->assessable()[i]].id, "", "", true});
    current[i].provenance.push_back(std::move(chain));
  }
  const Framework* source = first;
  for (size_t hop = 1; hop < route->size(); ++hop) {
    const Framework* target = catalog_.FindFramework((*route)[hop]);
    std::vector<InferredNode> next(target->assessable().size());
    std::vector<std::optional<AnswerStatus>> combined(next.size());
    for (const Edge& edge : edges_.at(source->id)) {
      if (edge.other != target->id) continue;
      for (const Mapping& mapping : edge.set->mappings) {
        const std::string& from_id = edge.forward ? mapping.source : mapping.target;
        const std::string& to_id = edge.forward ? mapping.target : mapping.source;
        const int from_pos = source->AssessablePosition(source->Find(from_id));
        const int to_pos = target->AssessablePosition(target->Find(to_id));
        if (from_pos < 0 || to_pos < 0 || !current[from_pos].reached) continue;
        const Relationship relationship =
            edge.forward ? mapping.relationship : Inverse(mapping.relationship);
        const bool full_kind = relationship == Relationship::kEqualTo ||
                               relationship == Relationship::kEquivalentTo ||
                               relationship == Relationship::kSupersetOf;
        // Coverage is stated for the file's target, so it limits a forward edge; travelled
        // backwards it still limits an equality (an imperfect equality is partial both ways).
        const bool coverage_applies = edge.forward ||
                                      mapping.relationship == Relationship::kEqualTo ||
                                      mapping.relationship == Relationship::kEquivalentTo;
        const bool full = full_kind && (!coverage_applies || mapping.coverage.value_or(1.0) >= 1.0);
        const auto carried = Carry(current[from_pos].status, relationship, full);
        if (!carried) continue;
        combined[to_pos] = Combine(combined[to_pos], *carried);
        InferredNode& out = next[to_pos];
        out.reached = true;
        for (const ProvenanceChain& chain : current[from_pos].provenance) {
          if (out.provenance.size() >= kMaxChains) break;
          ProvenanceChain extended = chain;
          extended.steps.push_back(ProvenanceStep{target->id, target->nodes()[target->assessable()[to_pos]].id,
                                                  std::string(RelationshipName(relationship)),
                                                  edge.set->id, full});
          out.provenance.push_back(std::move(extended));
        }
      }
    }
    ComposeDecomposedSources(*source, *target, current, combined, next);
    for (size_t i = 0; i < next.size(); ++i) {
      if (combined[i]) next[i].status = *combined[i];
    }
    current = std::move(next);
    source = target;
  }

  InferenceResult result;
  result.route = std::move(route).value();
  result.responses = ResponseVector(current.size());
  for (size_t i = 0; i < current.size(); ++i) {
    result.responses.status[i] = current[i].status;
    result.responses.answered[i] = current[i].reached;
  }
  result.nodes = std::move(current);
  return result;
}

}  // namespace hoshitori
