// Reading an assessment through METI's supply-chain security evaluation scheme (SCS).
//
// The hub (and any framework with its own ★3/★4 tags) is finer than the scheme: its tags are
// the project's own breakdown. The level shown to users follows the scheme's requirement
// items (catalogs/meti-scs-requirements.yaml), reached from the assessment's answers through
// the crosswalks: ★3 needs every ★3 item of the scheme met, ★4 every item. ★1/★2 (SECURITY
// ACTION) and the provisional ★5 stay with the assessed framework's own tags.
//
// Pure: values in, values out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "assess/crosswalk.h"
#include "assess/scoring.h"

namespace hoshitori {

inline constexpr const char* kSchemeFrameworkId = "meti-scs-requirements";

struct SchemeReading {
  int eligible_star = 0;  // 0, 3 or 4: the scheme's level the inferred answers earn
  int next_star = 0;      // the scheme's next level (0 when none)
  std::vector<std::string> gaps_to_next;  // refs of the scheme's items unmet for next_star
};

// The scheme's reading of `responses` to `from`, or nullopt when it does not apply: `from` is
// the scheme itself, uses neither ★3 nor ★4 tags, or no crosswalk joins it to the scheme (or
// the catalog has no scheme).
std::optional<SchemeReading> ReadThroughScheme(const Catalog& catalog, const CrosswalkEngine& engine,
                                               const Framework& from, const ResponseVector& responses);

// The level shown: the framework's own level up to ★2; ★3 and ★4 as the scheme reads them
// (only on top of the framework's own ★2, when it tags ★2); ★5 only where the scheme gives ★4
// and the framework's own tags give ★5.
int LevelThroughScheme(int own_eligible_star, LevelTags own_present_stars, const SchemeReading& scheme);

// Evaluates `responses` to `framework` (of `catalog`) with the eligible level shown to users:
// LevelThroughScheme where the scheme applies (then `*scheme`, when given, receives its
// reading), the framework's own level otherwise.
Evaluation EvaluateForLevel(const Catalog& catalog, const Framework& framework, const ResponseVector& responses,
                            std::optional<SchemeReading>* scheme = nullptr);

}  // namespace hoshitori
