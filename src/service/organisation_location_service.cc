#include "service/organisation_location_service.h"

#include "core/utf8.h"
#include "service/assessor_service.h"
#include "share/region.h"
#include "store/organisation_location_repository.h"

namespace hoshitori::service {

namespace {

std::string Resource(int64_t org_id) { return "organisation/" + std::to_string(org_id); }

Error NotYours(int64_t org_id) {
  return NotFound("組織 " + std::to_string(org_id) + " の所在地は見つかりません / no location of " +
                  "organisation " + std::to_string(org_id) + " for you");
}

}  // namespace

Result<std::string> ParsePrefecture(std::string_view typed) {
  // Longer than any name of a prefecture ("Kagoshima", 鹿児島県) with room for blanks.
  constexpr size_t kMaxTyped = 64;
  const Prefecture* found =
      typed.size() <= kMaxTyped && IsValidUtf8(typed) ? FindPrefecture(typed) : nullptr;
  if (!found) {
    // The typed text is echoed in the Japanese half only (the pages show the half of their
    // language, told apart by the English half being ASCII).
    std::string shown(typed.substr(0, 40));
    if (!IsValidUtf8(shown)) shown.clear();
    return Invalid("Unknown prefecture",
                   "「" + shown +
                       "」は都道府県として読めません。都道府県名（例: 東京都）かコード（01〜47）で"
                       "入力してください / not a prefecture of Japan: give its name (e.g. Tokyo) "
                       "or its JIS X 0401 code (01 to 47)");
  }
  return std::string(found->code);
}

Result<Principal> OrganisationLocationService::Member(int64_t org_id, Action action) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  // Outsiders learn nothing, not even whether a location is recorded.
  if (p.org_id != org_id) return NotYours(org_id);
  TRY(Allow(context_, action, ResourceFacts{ResourceKind::kOrganisation, org_id}));
  return p;
}

Result<OrganisationLocation> OrganisationLocationService::LocationOf(int64_t org_id) {
  OrganisationLocation location;
  location.org_id = org_id;
  TRY_ASSIGN(const auto row, OrganisationLocationRepository(context_.store.Sql()).Get(org_id));
  if (!row) return location;
  location.prefecture = row->prefecture;
  location.set_by = row->set_by;
  location.set_at = row->set_at;
  if (const Prefecture* prefecture = FindPrefecture(row->prefecture)) {
    location.prefecture_ja = prefecture->ja;
    location.prefecture_en = prefecture->en;
  }
  if (const share::Region* region = share::RegionOfPrefecture(row->prefecture)) {
    location.region_ja = region->ja;
    location.region_en = region->en;
  }
  return location;
}

Result<OrganisationLocation> OrganisationLocationService::Get(int64_t org_id) {
  TRY(Member(org_id, Action::kRead));
  return LocationOf(org_id);
}

Result<OrganisationLocation> OrganisationLocationService::Set(int64_t org_id,
                                                              std::string_view typed) {
  return InTransaction(context_, [&]() -> Result<OrganisationLocation> {
    TRY_ASSIGN(const Principal p, Member(org_id, Action::kUpdate));
    TRY_ASSIGN(const std::string code, ParsePrefecture(typed));
    context_.Touching(ChangeScope::Of(ChangeScope::kProfiles, {org_id}));
    TRY(OrganisationLocationRepository(context_.store.Sql())
            .Set(OrganisationLocationRow{org_id, code, p.user_id, context_.clock.UtcNow()}));
    TRY(Record(context_, "organisation.location.set", Resource(org_id), "prefecture " + code));
    return LocationOf(org_id);
  });
}

Result<OrganisationLocation> OrganisationLocationService::Clear(int64_t org_id) {
  return InTransaction(context_, [&]() -> Result<OrganisationLocation> {
    TRY(Member(org_id, Action::kUpdate));
    context_.Touching(ChangeScope::Of(ChangeScope::kProfiles, {org_id}));
    TRY_ASSIGN(const bool removed,
               OrganisationLocationRepository(context_.store.Sql()).Clear(org_id));
    if (!removed) {
      return NotFound("組織 " + std::to_string(org_id) +
                      " の所在地は記録されていません / no location is recorded for organisation " +
                      std::to_string(org_id));
    }
    TRY(Record(context_, "organisation.location.clear", Resource(org_id)));
    return LocationOf(org_id);
  });
}

}  // namespace hoshitori::service
