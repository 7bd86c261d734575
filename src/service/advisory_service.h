// AdvisoryService: OSV advisories in the store, and the in-memory matching index built from
// them (issue 17, "Vulnerability data").
//
// What the store keeps per advisory (store/advisory_repository.h): its id, `modified`,
// `withdrawn`, summary, the package keys it names, and `document`: the advisory as OSV JSON
// written back from what the reader kept (AdvisoryToOsvJson), whatever the source was (JSON
// or YAML file, directory or zip). Fields the reader drops (sbom/advisory.h: details,
// credits, database_specific, ...) are not stored; reading the document again gives the same
// sbom::Advisory (except references_dropped, which is not written).
//
// Not thread-safe: one per Context.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "interchange/osv.h"
#include "sbom/advisory.h"
#include "sbom/advisory_index.h"
#include "service/context.h"
#include "service/sbom_engines.h"
#include "store/advisory_repository.h"

namespace hoshitori::service {

// What an import read and what it did with what it read.
struct AdvisoryImportReport {
  interchange::OsvReadReport read;  // files found, advisories read, files skipped with reasons
  AdvisoryImportCounts stored;      // of the advisories read: added, updated, unchanged
  // Deliveries whose buyer was warned (ExposureService's WarnBuyers), earlier warnings of the
  // same advisory and delivery included.
  size_t exposed_deliveries = 0;
};

// The advisory as compact OSV JSON (the stored document). ReadOsvAdvisory of the result gives
// `advisory` back.
std::string AdvisoryToOsvJson(const sbom::Advisory& advisory);

// `time` as the store writes it: "2023-06-12T18:45:41.000000Z" (always six fraction digits).
std::string StoredTimestamp(sbom::Timestamp time);

// The row the store keeps for `advisory`.
StoredAdvisory ToStoredAdvisory(const sbom::Advisory& advisory, std::string imported_at);

class AdvisoryService {
 public:
  explicit AdvisoryService(Context& context) : context_(context) {}

  // Reads every advisory of the directory or zip archive at `source` (interchange/osv.h) and
  // stores them incrementally by `modified`, in one transaction with one audit entry
  // ("advisory.import"): all or nothing. In the same transaction, every buyer that receives a
  // product version an advisory affects is warned (service/exposure_service.h). Files that cannot be read are skipped and reported,
  // never stored. Operator only (the command line). kNotFound when `source` does not exist;
  // kInvalid when it is neither a directory nor a readable zip.
  Result<AdvisoryImportReport> Import(const std::filesystem::path& source);

  // Stores advisories already read; `read` is carried into the report. Operator only.
  Result<AdvisoryImportReport> StoreAdvisories(const std::vector<sbom::Advisory>& advisories,
                                               interchange::OsvReadReport read);

 private:
  // The advisories read that reach some buyer, with the deliveries they reach.
  struct Exposures {
    static Result<Exposures> Open(Context& context);
    void Add(sbom::Advisory advisory);
    SbomSnapshot engines;  // the exposure engine and version names (no advisory index)
    std::vector<std::pair<sbom::Advisory, std::vector<sbom::Exposure>>> found;
  };
  Result<AdvisoryImportReport> Save(std::vector<StoredAdvisory> rows,
                                    interchange::OsvReadReport read, const Exposures& exposures);

  Context& context_;
};

// Puts every stored advisory into `index` (Put: replaces advisories of the same id). Returns
// how many were loaded. kInternal naming the advisory when a stored document no longer reads.
// Reads only; no authorisation (advisories are public data).
Result<size_t> LoadAdvisoryIndex(Store& store, sbom::AdvisoryIndex& index);

}  // namespace hoshitori::service
