// Publishing an approved incident report's shared part as STIX 2.1 objects in TAXII
// collections (issue 16): the link between the incident reports (service/incident_service.h)
// and the TAXII server (service/taxii_service.h).
//
// On approval, inside the approval's transaction, the de-identified part becomes a STIX bundle
// (interchange/stix.h: the hub as author, never the reporter) and every object of it is stored
// in share_objects with the report's TLP audience, in these collections:
//   - the sharing group the approval named (TLP:GREEN needs one), and
//   - the supply-chain group of every buyer warned (created on demand: one per buyer; its
//     members are the buyer and its confirmed suppliers), so a buyer pulls what its supplier
//     shared with it through TAXII.
// The rows carry the recipients (AMBER organisations, RED named people) so TAXII's first,
// indexed step admits exactly the audience; every read still passes Authorize(kSharedObject).
// A version already stored in a collection is not stored again. On withdrawal every object
// published from the report is deleted, so TAXII readers no longer get it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/context.h"
#include "service/incident_service.h"
#include "share/tlp.h"

namespace hoshitori::service {

struct IncidentPublication {
  int64_t report_id = 0;
  int64_t reporter_org_id = 0;
  int64_t author_user_id = 0;
  const IncidentPart* part = nullptr;
  const share::SharedObject* audience = nullptr;
  std::vector<int64_t> buyer_org_ids;  // the buyers warned
  std::optional<int64_t> group_id;     // the group named
  std::string approved_at;             // UTC "YYYY-MM-DDTHH:MM:SSZ"
};

// Stores the objects (in the caller's open transaction). Returns how many rows were written.
Result<int64_t> PublishIncident(Context& context, const IncidentPublication& publication);

// "We saw this too" in STIX: the report's sightings count (`count`: organisations, at least
// the k the count is shown from) as one sighting object per published indicator (count only;
// no where_sighted_refs, which would name the organisations), stored in every collection
// holding the indicator, with its audience and recipients. A later count is a new version
// (modified = now) of the same sighting, so TAXII's default listing gives the latest. Nothing
// when the report's part is not shared. In the caller's open transaction.
Status PublishSightings(Context& context, int64_t report_id, int64_t count);

// Deletes every object published from report `report_id` (in the caller's transaction).
Status UnpublishIncident(Context& context, int64_t report_id);

}  // namespace hoshitori::service
