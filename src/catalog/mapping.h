// Mapping sets: crosswalks between two frameworks, with OSCAL's relationship vocabulary.
//
// A mapping reads "source <relationship> target". subset-of: the source asks for less than
// the target; superset-of: the source asks for at least everything the target asks for.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/framework.h"

namespace hoshitori {

enum class Relationship {
  kEquivalentTo,
  kEqualTo,
  kSubsetOf,
  kSupersetOf,
  kIntersectsWith,
  kNoRelationship,
};

std::optional<Relationship> ParseRelationship(std::string_view name);
std::string_view RelationshipName(Relationship relationship);
// The relationship read the other way round (subset-of <-> superset-of).
Relationship Inverse(Relationship relationship);

enum class Confidence { kUnspecified, kLow, kMedium, kHigh };
std::optional<Confidence> ParseConfidence(std::string_view name);
std::string_view ConfidenceName(Confidence confidence);

struct Mapping {
  std::string source;  // node id in the source framework
  std::string target;  // node id in the target framework
  Relationship relationship = Relationship::kIntersectsWith;
  std::optional<double> coverage;  // 0..1: how much of the target the source covers
  Confidence confidence = Confidence::kUnspecified;
  LocalizedText rationale;
  int source_line = 0;
};

struct MappingSet {
  std::string id;
  std::string source;  // framework id
  std::string target;  // framework id
  LocalizedText name;
  LocalizedText note;
  // `decomposition: complete` in the file: every part of each source node is asked by at
  // least one of its targets in this set, so the targets together make up the source. Read
  // from target to source, a source whose targets are all met is then met (see crosswalk.h).
  bool complete_decomposition = false;
  std::string file;
  std::vector<Mapping> mappings;
};

}  // namespace hoshitori
