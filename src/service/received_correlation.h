// Indicator correlation on the receiving side (issue 16): a reader of a shared incident report
// sees which of its indicators other shared reports (or TAXII objects) that the reader may read
// carry too — the buyer's view of "have we met this before". Defined with CorrelateIncident in
// indicator_correlation.cc, on the same index and with the same TLP rule per match.
#pragma once

#include <cstdint>

#include "service/indicator_correlation.h"

namespace hoshitori::service {

// The matches of the shared part's indicators of report `report_id` against every shared
// indicator the caller may read, other than the report's own published ones. The report is read
// as IncidentService::ReadShared reads it: a reader its marking excludes gets kNotFound.
Result<IncidentCorrelations> CorrelateReceived(Context& context, int64_t report_id);

}  // namespace hoshitori::service
