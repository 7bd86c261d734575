// OrganisationLocationService: where an organisation is — its prefecture (JIS X 0401) and the
// region of Japan derived from it (share/region.h). The region is what a shared incident
// report's k-anonymous reporter description may keep (issue 16, IncidentService::Preview);
// the prefecture itself never leaves the organisation.
//
// Rules:
// - members of the organisation read it (kOrganisation kRead); anyone else gets kNotFound, as
//   if the organisation had recorded nothing;
// - its admins record, change or clear it (kOrganisation kUpdate with the organisation as
//   owner: a member gets kForbidden);
// - the prefecture is typed as its code ("13", full-width "１３" too), its Japanese name with or
//   without 都/府/県 ("東京都", "東京") or its English name ("Tokyo", any case); anything else is
//   kInvalid with a ja / en message and nothing is written;
// - each change is one transaction with one audit entry.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "service/context.h"

namespace hoshitori::service {

// The location of one organisation as its members see it. Names are empty when no prefecture
// is recorded.
struct OrganisationLocation {
  int64_t org_id = 0;
  std::optional<std::string> prefecture;  // "01".."47"; none: not recorded
  std::string prefecture_ja, prefecture_en;
  std::string region_ja, region_en;
  std::optional<int64_t> set_by;      // the user who recorded it
  std::optional<std::string> set_at;  // UTC
};

// The JIS X 0401 code of the prefecture `typed` names (see the rules above); kInvalid
// ("Unknown prefecture", ja / en) otherwise.
Result<std::string> ParsePrefecture(std::string_view typed);

class OrganisationLocationService {
 public:
  explicit OrganisationLocationService(Context& context) : context_(context) {}

  // The location of organisation `org_id` (its members only).
  Result<OrganisationLocation> Get(int64_t org_id);
  // Records or replaces the prefecture of organisation `org_id` (its admins only).
  Result<OrganisationLocation> Set(int64_t org_id, std::string_view prefecture);
  // Removes it (its admins only); kNotFound when none was recorded.
  Result<OrganisationLocation> Clear(int64_t org_id);

 private:
  // The caller when it belongs to organisation `org_id` and may do `action` to it.
  Result<Principal> Member(int64_t org_id, Action action);
  Result<OrganisationLocation> LocationOf(int64_t org_id);

  Context& context_;
};

}  // namespace hoshitori::service
