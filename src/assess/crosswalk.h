// CrosswalkEngine: reads answers given in one framework as answers to another, through the
// mapping sets of the catalog (directly, via the hub, or over further hops).
//
// Rules (pinned by tests/cases/inference/*.test), for a mapping read in the direction of
// travel as "source R target":
// - an edge is *full* when R is equal-to, equivalent-to or superset-of and its coverage
//   (1 when not given) is 1; subset-of and intersects-with edges are *partial*. An edge
//   travelled against its file direction uses the inverse relationship (subset-of <->
//   superset-of); coverage, stated for the file's target, then limits only equal-to and
//   equivalent-to edges (an imperfect equality is partial both ways).
// - implemented carries implemented over a full edge and partial over a partial edge;
//   partial carries partial; not_implemented carries not_implemented where the source is
//   contained in the target (equal-to, equivalent-to, subset-of) and nothing otherwise;
//   unknown carries unknown; not_applicable carries not_applicable over equal-to and
//   equivalent-to only; no-relationship carries nothing.
// - where several sources reach one target the most restrictive wins
//   (not_implemented < unknown < partial < implemented); not_applicable holds only when
//   every contribution is not_applicable. A target nothing reaches is unknown.
// - composition: a mapping set marked `decomposition: complete` states that the targets of
//   each of its source nodes together make up that node. Travelled against its file
//   direction, a node whose linked nodes are all implemented (or not_applicable, at least
//   one implemented) is implemented, and not_applicable when all are; otherwise the rules
//   above apply (so one unmet part leaves it partial, or not_implemented over subset-of).
// - the route is the shortest chain of mapping sets between the two frameworks (breadth
//   first; every framework visited once, so cycles in the mapping graph are harmless);
//   each hop feeds the next with its inferred results.
// - every inferred result carries its provenance: the chains of (framework, node,
//   relationship) from an answered node to the target (at most kMaxChains per node).
//
// The engine holds a reference to the catalog, which must outlive it. Thread-safe for
// concurrent Infer calls.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assess/answers.h"
#include "catalog/catalog.h"
#include "core/result.h"

namespace hoshitori {

struct ProvenanceStep {
  std::string framework;
  std::string node_id;
  // How this step was reached from the previous one; empty for the first step.
  std::string relationship;
  std::string mapping_set;
  bool full = false;
};

struct ProvenanceChain {
  AnswerStatus original;  // the answer given at the start of the chain
  std::vector<ProvenanceStep> steps;
};

struct InferredNode {
  AnswerStatus status = AnswerStatus::kUnknown;
  bool reached = false;  // false: no mapping reached this node
  std::vector<ProvenanceChain> provenance;
};

struct InferenceResult {
  std::vector<std::string> route;   // framework ids from source to target
  std::vector<InferredNode> nodes;  // in the target's assessable order
  ResponseVector responses;         // the inferred statuses, ready for scoring
};

class CrosswalkEngine {
 public:
  static constexpr size_t kMaxChains = 16;

  explicit CrosswalkEngine(const Catalog& catalog);

  // The frameworks from `from` to `to`, or an error when no chain of mapping sets joins them.
  Result<std::vector<std::string>> Route(const std::string& from, const std::string& to) const;

  // Infers answers to `to` from `responses` given to `from`.
  Result<InferenceResult> Infer(const std::string& from, const std::string& to,
                                const ResponseVector& responses) const;

 private:
  struct Edge {
    const MappingSet* set;
    bool forward;
    std::string other;
  };
  // Applies the composition rule for decomposed mapping sets between `from` and `to`.
  void ComposeDecomposedSources(const Framework& from, const Framework& to,
                                const std::vector<InferredNode>& current,
                                std::vector<std::optional<AnswerStatus>>& combined,
                                std::vector<InferredNode>& next) const;

  const Catalog& catalog_;
  std::map<std::string, std::vector<Edge>, std::less<>> edges_;
};

}  // namespace hoshitori
