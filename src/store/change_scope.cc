#include "store/change_scope.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace hoshitori {

namespace {

void SortUnique(std::vector<int64_t>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

// Parses "1,2,3" (at least one id, no empty item) into `ids`; false when anything else is there.
bool ParseIds(std::string_view text, std::vector<int64_t>& ids) {
  for (;;) {
    const size_t comma = text.find(',');
    const std::string_view digits = text.substr(0, comma);
    int64_t id = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size())
      return false;
    ids.push_back(id);
    if (comma == std::string_view::npos) return true;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace

ChangeScope ChangeScope::Everything() {
  ChangeScope scope;
  scope.aspects = kAllAspects;
  scope.all_organisations = true;
  return scope;
}

ChangeScope ChangeScope::Of(uint32_t aspects, std::initializer_list<int64_t> organisations) {
  ChangeScope scope;
  scope.aspects = aspects;
  scope.organisations.assign(organisations.begin(), organisations.end());
  scope.Normalise();
  return scope;
}

ChangeScope ChangeScope::OfAll(uint32_t aspects) {
  ChangeScope scope;
  scope.aspects = aspects;
  scope.all_organisations = (aspects & (kDataAspects | kSbomAspects)) != 0;
  return scope;
}

ChangeScope ChangeScope::Credentials(std::initializer_list<int64_t> users) {
  ChangeScope scope;
  scope.aspects = kCredentials;
  scope.users.assign(users.begin(), users.end());
  scope.Normalise();
  return scope;
}

void ChangeScope::Add(const ChangeScope& other) {
  if (other.empty()) return;
  // "Anyone's credentials" absorbs a list of users, and the other way round.
  const bool any_user =
      (credentials() && users.empty()) || (other.credentials() && other.users.empty());
  aspects |= other.aspects;
  all_organisations = all_organisations || other.all_organisations;
  organisations.insert(organisations.end(), other.organisations.begin(), other.organisations.end());
  if (any_user) {
    users.clear();
  } else {
    users.insert(users.end(), other.users.begin(), other.users.end());
  }
  Normalise();
}

void ChangeScope::Normalise() {
  SortUnique(organisations);
  SortUnique(users);
}

bool ChangeScope::Touches(int64_t org, uint32_t aspects) const {
  if ((this->aspects & aspects & (kDataAspects | kSbomAspects)) == 0) return false;
  return all_organisations || std::binary_search(organisations.begin(), organisations.end(), org);
}

bool ChangeScope::Touches(const std::vector<int64_t>& sorted_orgs, uint32_t aspects) const {
  if ((this->aspects & aspects & (kDataAspects | kSbomAspects)) == 0) return false;
  if (all_organisations) return true;
  // Walk the shorter list and search the longer one.
  const std::vector<int64_t>& few =
      organisations.size() <= sorted_orgs.size() ? organisations : sorted_orgs;
  const std::vector<int64_t>& many =
      organisations.size() <= sorted_orgs.size() ? sorted_orgs : organisations;
  for (const int64_t org : few) {
    if (std::binary_search(many.begin(), many.end(), org)) return true;
  }
  return false;
}

std::string ChangeScope::ToString() const {
  if (everything()) return "everything";
  if (empty()) return "nothing";
  static constexpr std::pair<Aspect, const char*> kNames[] = {
      {kAssessments, "assessments"}, {kSharing, "sharing"}, {kPolicy, "policy"},
      {kProfiles, "profiles"},       {kGraph, "graph"},     {kCredentials, "credentials"},
      {kProducts, "products"},       {kAdvisories, "advisories"},
      {kNotifications, "notifications"}};
  std::string out;
  for (const auto& [aspect, name] : kNames) {
    if (!(aspects & aspect)) continue;
    if (!out.empty()) out += '+';
    out += name;
  }
  const auto list = [&out](const char* label, const std::vector<int64_t>& ids) {
    out += std::string(" ") + label + " ";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  };
  if (all_organisations) {
    out += " orgs all";
  } else if (!organisations.empty()) {
    list("orgs", organisations);
  }
  if (!users.empty()) list("users", users);
  return out;
}

ChangeScope ChangeScopeOfNotice(std::string_view payload) {
  struct Table {
    std::string_view name;
    uint32_t aspects;
  };
  // Every table migrations/008_change_scope.sql, 017 and 020 announce, with what a change to it
  // alters.
  static constexpr Table kTables[] = {
      {"organisations", ChangeScope::kProfiles}, {"assessments", ChangeScope::kAssessments},
      {"answers", ChangeScope::kAssessments},    {"assessment_results", ChangeScope::kAssessments},
      {"relationships", ChangeScope::kGraph},    {"chain_disclosures", ChangeScope::kGraph},
      {"shares", ChangeScope::kSharing},         {"assessment_requests", ChangeScope::kSharing},
      {"buyer_policies", ChangeScope::kPolicy},  {"users", ChangeScope::kCredentials},
      {"sessions", ChangeScope::kCredentials},   {"api_tokens", ChangeScope::kCredentials},
      // migrations/017_sbom_notices.sql (the table's name alone).
      {"products", ChangeScope::kProducts},      {"product_versions", ChangeScope::kProducts},
      {"product_deliveries", ChangeScope::kProducts},
      {"product_contents", ChangeScope::kProducts},
      {"sbom_documents", ChangeScope::kProducts},
      {"vex_statements", ChangeScope::kProducts},
      {"advisories", ChangeScope::kAdvisories},
      // migrations/020_issue15_notices.sql (the table's name alone).
      {"requirement_overrides", ChangeScope::kPolicy},
      {"assessment_profiles", ChangeScope::kAssessments},
      {"carried_answers", ChangeScope::kAssessments},
  };
  const size_t colon = payload.find(':');
  const std::string_view name = payload.substr(0, colon);
  const auto table = std::find_if(std::begin(kTables), std::end(kTables),
                                  [&](const Table& t) { return t.name == name; });
  if (table == std::end(kTables)) return ChangeScope::Everything();
  ChangeScope scope = ChangeScope::OfAll(table->aspects);
  if (colon == std::string_view::npos) return scope;  // the whole table
  const std::string_view rest = payload.substr(colon + 1);
  const bool credentials = table->aspects == ChangeScope::kCredentials;
  const std::string_view kind = credentials ? "u:" : "o:";
  if (rest.substr(0, 2) != kind) return ChangeScope::Everything();
  if (rest.size() == 2) return ChangeScope();  // no row changed
  std::vector<int64_t> ids;
  if (!ParseIds(rest.substr(2), ids)) return ChangeScope::Everything();
  if (credentials) {
    scope.users = std::move(ids);
  } else {
    scope.all_organisations = false;
    scope.organisations = std::move(ids);
  }
  scope.Normalise();
  return scope;
}

}  // namespace hoshitori
