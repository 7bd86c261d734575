#include "store/organisation_repository.h"

namespace hoshitori {

namespace {

const std::string kSelectOrganisations =
    std::string("SELECT ") + kOrganisationColumns + " FROM organisations";
const std::string kListOrganisations = kSelectOrganisations + " ORDER BY id";
const std::string kFindOrganisation = kSelectOrganisations + " WHERE corporate_number = ?";
const std::string kGetOrganisation = kSelectOrganisations + " WHERE id = ?";

}  // namespace

Organisation ReadOrganisation(const SqlRow& row, int at) {
  Organisation o{0, *CorporateNumber::Parse(row.Text(at + 1)), "", {}, {}, {}, ""};
  o.id = row.Int(at);
  o.name = row.String(at + 2);
  if (auto industry = Industry::Parse(row.Text(at + 3))) o.industry = *industry;
  o.employees = row.OptionalInt(at + 4);
  o.capital_yen = row.OptionalInt(at + 5);
  o.created_at = row.String(at + 6);
  return o;
}

Result<Organisation> OrganisationRepository::Add(const Organisation& organisation) {
  if (organisation.name.empty()) return MakeError("an organisation needs a name");
  auto existing = Find(organisation.corporate_number);
  if (!existing) return existing.error();
  if (existing->has_value()) {
    return MakeError("corporate number " + organisation.corporate_number.digits() +
                     " is already registered as '" + (*existing)->name + "'");
  }
  Organisation added = organisation;
  added.created_at = UtcNow();
  auto id = InsertReturningId(
      session_, "cannot add organisation",
      "INSERT INTO organisations (corporate_number, name, industry, employees, capital_yen, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      SqlParams(added.corporate_number.digits(), added.name, added.industry.ToString(),
                added.employees, added.capital_yen, added.created_at));
  if (!id) return id.error();
  added.id = *id;
  return added;
}

Result<std::vector<Organisation>> OrganisationRepository::List() {
  return QueryAll<Organisation>(session_, "cannot list organisations", kListOrganisations,
                                SqlParams(),
                                [](const SqlRow& row) { return ReadOrganisation(row); });
}

Result<std::optional<Organisation>> OrganisationRepository::Find(const CorporateNumber& number) {
  return QueryFirst<Organisation>(session_, "cannot find organisation", kFindOrganisation,
                                  SqlParams(number.digits()),
                                  [](const SqlRow& row) { return ReadOrganisation(row); });
}

Result<std::optional<Organisation>> OrganisationRepository::Get(int64_t id) {
  return QueryFirst<Organisation>(session_, "cannot read organisation", kGetOrganisation,
                                  SqlParams(id),
                                  [](const SqlRow& row) { return ReadOrganisation(row); });
}

}  // namespace hoshitori
