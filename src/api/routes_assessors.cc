// Routes of the accredited-assessor registry (issue 14): the directory suppliers choose an
// assessor from, the current management declaration text, and the declaration recorded for
// an assessment. HTTP adapters over service::AssessorService; nothing here writes the
// registry (only the scheme operator does, at the command line: `hoshitori assessor`).
#include "api/api_app.h"
#include "api/handler_support.h"
#include "api/views.h"
#include "service/assessor_service.h"

namespace hoshitori::api {

namespace {

// "EG" → ["E", "G"].
json Industries(const std::string& letters) {
  json out = json::array();
  for (char c : letters) out.push_back(std::string(1, c));
  return out;
}

// "ja,en" → ["ja", "en"].
json Languages(const std::string& tags) {
  json out = json::array();
  size_t start = 0;
  while (start < tags.size()) {
    const size_t comma = std::min(tags.find(',', start), tags.size());
    if (comma > start) out.push_back(tags.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// One directory entry. The registry's own facts (status, its reason) are added by the caller
// where it may show them.
json EntryJson(const service::AssessorEntry& entry) {
  const Accreditation& a = entry.accreditation;
  json region = nullptr;
  if (const service::Prefecture* p = service::FindPrefecture(a.region)) {
    region = json{
        {"code", std::string(p->code)}, {"ja", std::string(p->ja)}, {"en", std::string(p->en)}};
  }
  json out{
      {"id", a.id},
      {"kind", std::string(AccreditationKindName(a.kind))},
      {"display_name", a.display_name},
      {"organisation", entry.organisation ? OrganisationJson(*entry.organisation) : json(nullptr)},
      {"number", a.number},
      {"qualification", a.qualification},
      {"scope", a.scope},
      {"valid_from", a.valid_from},
      {"valid_until", a.valid_until},
      {"region", region},
      {"industries", Industries(a.industries)},
      {"languages", Languages(a.languages)},
      {"fee_min_yen", a.fee_min_yen ? json(*a.fee_min_yen) : json(nullptr)},
      {"fee_max_yen", a.fee_max_yen ? json(*a.fee_max_yen) : json(nullptr)},
      {"accepting", a.accepting}};
  // Contact details only of an accreditation in force (the directory shows no other).
  out["contact"] = entry.in_force ? json(a.contact) : json(nullptr);
  return out;
}

json DeclarationJson(const StoredDeclaration& d) {
  json out{{"assessment_id", d.assessment_id},
           {"representative_name", d.representative_name},
           {"representative_title", d.representative_title},
           {"declared_on", d.declared_on},
           {"text_version", d.text_version},
           {"text_digest", d.text_digest},
           {"recorded_at", d.recorded_at}};
  if (const service::DeclarationText* text = service::FindDeclarationText(d.text_version)) {
    out["text"] = json{{"ja", std::string(text->ja)}, {"en", std::string(text->en)}};
  } else {
    out["text"] = nullptr;
  }
  return out;
}

std::string QueryValue(const Call& call, const char* key) {
  const auto found = call.request.query.find(key);
  if (found == call.request.query.end()) return "";
  if (found->second.size() > kDefaultFieldCharacters) {
    Fail(422, "Field too long", std::string("query parameter ") + key + " is too long");
  }
  return found->second;
}

}  // namespace

void ApiApp::AddAssessorRoutes() {
  // The directory: accreditations active and valid today, filtered; every signed-in user.
  router_.Add("GET", "/api/v1/assessors", [](Call& call) {
    auto context = call.Context();
    const service::DirectoryQuery query{QueryValue(call, "kind"), QueryValue(call, "region"),
                                        QueryValue(call, "industry"), QueryValue(call, "language"),
                                        QueryValue(call, "accepting")};
    json assessors = json::array();
    for (const auto& entry : Unwrap(service::AssessorService(context).Directory(query))) {
      assessors.push_back(EntryJson(entry));
    }
    return JsonResponse(200, json{{"assessors", assessors}});
  });

  // The text a representative agrees to (public, like the catalog: it is the same for all).
  router_.Add("GET", "/api/v1/management-declaration", [](Call&) {
    const service::DeclarationText& text = service::CurrentDeclarationText();
    return JsonResponse(200, json{{"version", std::string(text.version)},
                                  {"ja", std::string(text.ja)},
                                  {"en", std::string(text.en)},
                                  {"digest", service::DeclarationDigest(text)}});
  });

  // The declaration recorded at submission: for the supplier and its assessor (whoever may
  // read the answers).
  router_.Add("GET", "/api/v1/assessments/{id}/management-declaration", [](Call& call) {
    auto context = call.Context();
    const int64_t id = IdParam(call.params, "id");
    return JsonResponse(200,
                        DeclarationJson(Unwrap(service::AssessorService(context).Declaration(id))));
  });
}

}  // namespace hoshitori::api
