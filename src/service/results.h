// Derived results of assessments: scoring once when the answers change, reading the stored
// result afterwards. The held level is not stored — it depends on the attestation and on
// today's date — and is derived from the stored eligible level when read.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "catalog/catalog.h"
#include "store/store.h"

namespace hoshitori::service {

// What a result of `framework` depends on in `catalog`, as a SHA-256 hex digest: the
// framework's whole content, and where its level is read through the SCS scheme, the scheme
// and every mapping set between them. Equal digests mean equal results for equal answers.
std::string CatalogDigest(const Catalog& catalog, const Framework& framework);

// Scores `answers` against `framework` (of `catalog`) into a result for `assessment_id`. The
// eligible level follows METI's SCS scheme where the framework tags ★3/★4 and a crosswalk
// reaches the scheme (assess/scheme_level.h); the evaluation then carries the scheme's
// reading under "scheme".
AssessmentResult DeriveResult(const Catalog& catalog, const Framework& framework, int64_t assessment_id,
                              const std::vector<Answer>& answers);

// The stored result of `record`; when there is none yet (an imported assessment), scores its
// answers and stores the result.
Result<AssessmentResult> StoredResult(Store& store, const Catalog& catalog, const AssessmentRecord& record);

// Scores and stores the result of every assessment that has none. Returns how many.
Result<int64_t> FillMissingResults(Store& store, const Catalog& catalog);

// Scores again and stores the result of every assessment whose stored result was computed
// against another catalog (its digest differs), or of every assessment when `all`; then fills
// missing ones. Assessments of frameworks no longer in the catalog are left as they are.
// Returns how many results were stored.
Result<int64_t> RefreshResults(Store& store, const Catalog& catalog, bool all = false);

}  // namespace hoshitori::service
