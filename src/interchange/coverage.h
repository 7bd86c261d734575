// Crosswalk coverage: how much of framework B an assessment of framework A determines.
//
// A criterion of B is *fully* determined when a fully implemented A would carry
// "implemented" to it through the crosswalk (CrosswalkEngine's rules: only full-coverage
// edges all the way, and no partial edge reaching it as well, since the most restrictive
// contribution wins); *partially* when the most it can receive is "partial"; *not* when no
// mapping reaches it. Counted per category of B and in total. Pure.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/result.h"

namespace hoshitori::interchange {

struct CoverageCount {
  int fully = 0;
  int partially = 0;
  int not_determined = 0;
  int total() const { return fully + partially + not_determined; }
};

struct CoverageReport {
  std::vector<std::string> route;         // framework ids from A to B
  std::vector<CoverageCount> categories;  // indexed like B's categories
  CoverageCount total;
  // Per assessable criterion of B (in assessable order): 2 fully, 1 partially, 0 not.
  std::vector<int> criterion;
  // Criteria that at least one chain of full-coverage mappings reaches, although another,
  // partial mapping to them keeps them at "partially" (most restrictive wins). Shows how
  // much more a mapping author could make fully determined. Counted over the provenance the
  // engine keeps (CrosswalkEngine::kMaxChains per criterion).
  int partially_but_full_route = 0;
};

// Errors when either framework is unknown or no chain of mapping sets joins them.
Result<CoverageReport> CrosswalkCoverage(const Catalog& catalog, const std::string& from, const std::string& to);

}  // namespace hoshitori::interchange
