// "We saw this too" (issue 16, "a sighting button whose counts are shown only over ≥ k
// organisations"): a reader of a shared incident report records that its organisation saw the
// same attack, and every reader sees how many organisations did — but only once at least
// kIncidentDescriptionK (5) organisations did, so a small count never points at anyone.
//
// Both use cases read the report through IncidentService::ReadShared, so TLP decides: a
// reader the marking excludes gets kNotFound, as for the report itself. The reporting
// organisation does not record sightings of its own report (kInvalid). Recording twice keeps
// the first; one audit entry per new sighting. From k organisations on, each new sighting also
// publishes the count as STIX sighting objects to the report's TAXII collections
// (PublishSightings, service/incident_publication.h).
#pragma once

#include <cstdint>
#include <optional>

#include "service/context.h"

namespace hoshitori::service {

struct IncidentSightings {
  bool we_saw = false;           // the reader's organisation recorded a sighting
  std::optional<int64_t> count;  // organisations that did, when at least k; else empty
  int64_t k = 0;                 // the threshold
};

Result<IncidentSightings> ReadSightings(Context& context, int64_t report_id);
Result<IncidentSightings> RecordSighting(Context& context, int64_t report_id);

}  // namespace hoshitori::service
