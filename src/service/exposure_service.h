// ExposureService: who is exposed to which advisory through the software their suppliers
// deliver, and the warnings that tell them (issue 17, "Matching and propagation", "Pages and
// API").
//
// - A buyer reads its own exposure: every delivery it receives that carries, directly or
//   through products contained in the delivered one, a component an advisory affects (or
//   cannot tell about), with the delivering supplier's VEX statement on the delivered version.
//   Only deliveries that disclose matches count (the supplier's consent). Deeper tiers are
//   shown as a count of containment steps, not by name: the buyer has no delivery from them.
// - A supplier reads which of its customers it must tell: every delivery of its versions that
//   carries an affected version, disclosing or not.
// - Warnings: when an advisory is imported, an SBOM uploaded, or a version newly delivered or
//   contained, every buyer reached gets one inbox notification (kind sbom_advisory, e-mail
//   unless unsubscribed) per advisory and delivery, naming the supplier, product, version,
//   component, advisory and the supplier's VEX status. "Cannot tell" matches are shown on the
//   pages but do not notify (they would flood buyers with every advisory of a package whose
//   version the SBOM does not give).
//
// Authorisation: the exposure is the buyer's chain analysis (ResourceKind::kChainAnalysis,
// owner = the buyer); the customer list is the supplier's product data (kProduct, owner = the
// supplier).
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sbom/advisory.h"
#include "sbom/exposure.h"
#include "service/context.h"
#include "service/sbom_engines.h"
#include "store/product_repository.h"

namespace hoshitori::service {

// One delivery that carries an affected version, as its reader may see it.
struct ExposureRow {
  std::string advisory_id;
  std::string summary;
  std::vector<std::string> aliases;
  Party supplier;  // the delivering supplier
  Party buyer;     // the receiving buyer
  int64_t delivery_id = 0;
  int64_t relationship_id = 0;
  int64_t version_id = 0;  // the delivered version
  std::string product;
  std::string version;
  bool share_sbom = false;
  bool disclose_matches = true;
  // Containment steps between the delivered version and the affected one (0: the delivered
  // version itself holds the component).
  int64_t depth = 0;
  std::string component;  // canonical Package URL
  std::string match;      // "affected" or "cannot_tell"
  std::string reason;     // why the range decided so, for people
  // The delivering supplier's VEX statement on the delivered version for the advisory or
  // one of its aliases (the newest when several).
  std::optional<VexStatementRow> vex;
};

class ExposureService {
 public:
  explicit ExposureService(Context& context) : context_(context) {}

  // The caller's organisation's exposure, ordered by advisory, supplier, product, version.
  Result<std::vector<ExposureRow>> MyExposure();
  // The caller's organisation's customers to tell, same order (by advisory, then buyer).
  Result<std::vector<ExposureRow>> CustomersToTell();

 private:
  Context& context_;
};

// The engines a use case works with: the server's (context.sbom), or, in a one-off command,
// engines loaded from the store for this call.
Result<SbomSnapshot> SbomSnapshotFor(Context& context);

// Posts the warnings for `exposures` of `advisory` (Exposures() rows) inside the caller's
// transaction: one sbom_advisory notification per affected row. Returns how many rows
// notified (duplicates of earlier warnings count, and change nothing).
Result<size_t> WarnBuyers(Context& context, const sbom::Advisory& advisory,
                          const std::vector<sbom::Exposure>& exposures,
                          const SbomSnapshot& engines);

// After a committed change to version `version_id` (an SBOM upload, a new delivery or
// containment): warns every buyer that the version now carries an advisory to, in a
// transaction of its own. System use after the caller's own authorised change.
Result<size_t> WarnAboutVersion(Context& context, int64_t version_id);

}  // namespace hoshitori::service
