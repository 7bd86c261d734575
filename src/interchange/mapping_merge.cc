#include "interchange/mapping_merge.h"

namespace hoshitori::interchange {

Claim ClaimOf(Relationship relationship) {
  switch (relationship) {
    case Relationship::kEqualTo:
      return {true, true, true, true};
    case Relationship::kEquivalentTo:
      return {true, true, true, false};
    case Relationship::kSubsetOf:
      return {false, true, true, false};
    case Relationship::kSupersetOf:
      return {true, false, true, false};
    case Relationship::kIntersectsWith:
      return {false, false, true, false};
    case Relationship::kNoRelationship:
      return {false, false, false, false};
  }
  return {};
}

Relationship RelationshipOf(const Claim& claim) {
  if (!claim.related) return Relationship::kNoRelationship;
  if (claim.contains && claim.contained)
    return claim.equal_to ? Relationship::kEqualTo : Relationship::kEquivalentTo;
  if (claim.contains) return Relationship::kSupersetOf;
  if (claim.contained) return Relationship::kSubsetOf;
  return Relationship::kIntersectsWith;
}

Claim Union(const Claim& a, const Claim& b) {
  if (!a.related) return b;
  if (!b.related) return a;
  return Claim{a.contains || b.contains, a.contained || b.contained, true,
               a.equal_to && b.equal_to};
}

std::optional<Relationship> Common(Relationship a, Relationship b) {
  const Claim x = ClaimOf(a), y = ClaimOf(b);
  if (x.related != y.related) return std::nullopt;
  return RelationshipOf(Claim{x.contains && y.contains, x.contained && y.contained, x.related,
                              x.equal_to && y.equal_to});
}

}  // namespace hoshitori::interchange
