#include "catalog/mapping.h"

#include <utility>

namespace hoshitori {

namespace {
constexpr std::pair<std::string_view, Relationship> kRelationshipNames[] = {
    {"equivalent-to", Relationship::kEquivalentTo},
    {"equal-to", Relationship::kEqualTo},
    {"subset-of", Relationship::kSubsetOf},
    {"superset-of", Relationship::kSupersetOf},
    {"intersects-with", Relationship::kIntersectsWith},
    {"no-relationship", Relationship::kNoRelationship},
};
}  // namespace

std::optional<Relationship> ParseRelationship(std::string_view name) {
  for (const auto& [text, value] : kRelationshipNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string_view RelationshipName(Relationship relationship) {
  for (const auto& [text, value] : kRelationshipNames) {
    if (value == relationship) return text;
  }
  return "";
}

Relationship Inverse(Relationship relationship) {
  switch (relationship) {
    case Relationship::kSubsetOf: return Relationship::kSupersetOf;
    case Relationship::kSupersetOf: return Relationship::kSubsetOf;
    default: return relationship;
  }
}

std::optional<Confidence> ParseConfidence(std::string_view name) {
  if (name == "high") return Confidence::kHigh;
  if (name == "medium") return Confidence::kMedium;
  if (name == "low") return Confidence::kLow;
  return std::nullopt;
}

std::string_view ConfidenceName(Confidence confidence) {
  switch (confidence) {
    case Confidence::kHigh: return "high";
    case Confidence::kMedium: return "medium";
    case Confidence::kLow: return "low";
    case Confidence::kUnspecified: return "";
  }
  return "";
}

}  // namespace hoshitori
