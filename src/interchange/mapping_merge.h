// Combining what several mapping entries say about one (source, target) pair.
//
// A relationship is read as two claims: the source asks for at least all of the target
// (`contains`) and the source asks for no more than the target (`contained`). Entries that
// describe different parts of a control are all true at once, so their claims add up
// (Union); entries that repeat one pair with different relationships contradict each other,
// so only what every one of them implies is kept (Common), which is true whichever entry was
// right. Pure functions, safe to call concurrently.
#pragma once

#include <optional>
#include <string>

#include "catalog/mapping.h"

namespace hoshitori::interchange {

struct Claim {
  bool contains = false;
  bool contained = false;
  bool related = true;  // false only for no-relationship
  bool equal_to = false;
};

Claim ClaimOf(Relationship relationship);
Relationship RelationshipOf(const Claim& claim);

// Both claims hold: no-relationship yields to any relationship.
Claim Union(const Claim& a, const Claim& b);

// What both relationships imply; empty when one is no-relationship and the other is not
// (then nothing is implied by both and the caller must report the contradiction).
std::optional<Relationship> Common(Relationship a, Relationship b);

}  // namespace hoshitori::interchange
