// Pages of the accredited-assessor registry (issue 14): /assessors, the directory every
// signed-in user searches (kind, prefecture, industry, language, availability; what a
// Japanese keyboard types is accepted), and /operator/assessors, the registry's full records
// for the hub admin. Both are read-only: accreditation is the scheme operator's, at the
// command line (`hoshitori assessor`), so that no web account — however privileged — can
// make an assessor (service/assessor_service.h).
#include "service/assessor_service.h"
#include "web/web_page.h"

namespace hoshitori::web {

namespace {

using api::HttpResponse;
using nlohmann::json;

std::string Yen(const std::optional<int64_t>& amount) {
  if (!amount) return "";
  std::string digits = std::to_string(*amount);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

json EntryContext(const service::AssessorEntry& entry, const std::string& lang, bool registry) {
  const Accreditation& a = entry.accreditation;
  const bool expert = a.kind == AccreditationKind::kExpert;
  std::string region;
  if (const service::Prefecture* p = service::FindPrefecture(a.region)) {
    region = std::string(lang == "en" ? p->en : p->ja);
  }
  std::string fees;
  if (a.fee_min_yen || a.fee_max_yen) fees = Yen(a.fee_min_yen) + " – " + Yen(a.fee_max_yen);
  std::string industries;
  for (char c : a.industries) industries += (industries.empty() ? "" : " ") + std::string(1, c);
  json out{
      {"id", a.id},
      {"expert", expert},
      {"display_name", a.display_name},
      {"organisation", entry.organisation ? entry.organisation->name : ""},
      {"corporate_number", entry.organisation ? entry.organisation->corporate_number.digits() : ""},
      {"number", a.number},
      {"detail", expert ? a.qualification : a.scope},
      {"valid_from", a.valid_from},
      {"valid_until", a.valid_until},
      {"region", region},
      {"industries", industries},
      {"languages", a.languages},
      {"fees", fees},
      {"accepting", a.accepting},
      // Contact details only of an accreditation in force.
      {"contact", entry.in_force ? a.contact : ""}};
  if (registry) {
    out["status"] = std::string(AccreditationStatusName(a.status));
    out["in_force"] = entry.in_force;
    out["status_reason"] = a.status_reason;
    out["status_changed_on"] = a.status_changed_on.value_or("");
    out["contact"] = a.contact;
  }
  return out;
}

}  // namespace

HttpResponse WebApp::Assessors(Page& page, bool registry) {
  page.nav = "assessors";
  const std::string& lang = page.lang;
  json context{
      {"title", templates_->Message(lang, registry ? "registry_title" : "assessors_title")},
      {"registry", registry}};
  const service::DirectoryQuery query{page.Query("kind"), page.Query("region"),
                                      page.Query("industry"), page.Query("language"),
                                      page.Query("accepting")};
  const std::pair<const char*, const std::string*> typed[] = {{"kind", &query.kind},
                                                              {"region", &query.region},
                                                              {"industry", &query.industry},
                                                              {"language", &query.language}};
  for (const auto& [key, value] : typed) {
    // Shown again in the form as typed (the template escapes it); an overlong value is not.
    context["query"][key] = value->size() <= 200 ? *value : std::string();
  }
  context["query"]["accepting_yes"] = query.accepting == "yes";
  context["query"]["kind_expert"] = query.kind == "expert";
  context["query"]["kind_body"] = query.kind == "body";
  const auto found = AsUser(page, [&](service::Context& c) {
    service::AssessorService assessors(c);
    return registry ? assessors.Registry() : assessors.Directory(query);
  });
  if (!found) {
    context["problem"] = ProblemForPage(*templates_, lang, found.error());
    return Render(page, "assessors", context,
                  found.error().kind == ErrorKind::kForbidden ? 403
                  : found.error().kind == ErrorKind::kInvalid ? 422
                                                              : 200);
  }
  json entries = json::array();
  for (const service::AssessorEntry& entry : *found)
    entries.push_back(EntryContext(entry, lang, registry));
  context["entries"] = entries;
  context["empty"] = entries.empty();
  return Render(page, "assessors", context);
}

}  // namespace hoshitori::web
