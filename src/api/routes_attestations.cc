// Routes of the server's attestations (issue 14): HTTP adapters over
// service::AttestationService. Public without signing in: /.well-known/jwks.json, the status
// lists at /status/{list}, an attestation and its verification by id (the unguessable id is
// the capability), and the registry search. Signed in: the organisation's own attestations
// and publishing or withdrawing its registry entry (its admin).
#include "api/api_app.h"
#include "api/handler_support.h"
#include "service/attestation_service.h"

namespace hoshitori::api {

namespace {

// Compact JWS (RFC 7515 §9.2.1).
constexpr const char* kJoseType = "application/jose";

HttpResponse TextResponse(const char* content_type, std::string body, const char* cache) {
  HttpResponse response;
  response.status = 200;
  response.content_type = content_type;
  response.body = std::move(body);
  response.headers.emplace_back("Cache-Control", cache);
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  return response;
}

json AttestationJson(const IssuedAttestation& a, const service::AttestationIssuer* issuer) {
  return json{{"id", a.id},
              {"assessment_id", a.assessment_id},
              {"level", a.level},
              {"kind", a.kind},
              {"framework", a.framework_id},
              {"assessor", a.assessor_name},
              {"issued_at", a.issued_at},
              {"valid_from", a.valid_from},
              {"expires_at", a.expires_at},
              {"state", IssuedStateName(a.state)},
              {"state_changed_at", a.state_changed_at ? json(*a.state_changed_at) : json(nullptr)},
              {"status_list", a.status_list},
              {"status_index", a.status_index},
              {"verify_url", issuer ? json(issuer->VerifyUrl(a.id)) : json(nullptr)}};
}

json EntryJson(const service::RegistryEntry& e) {
  return json{{"name", e.name},
              {"corporate_number", e.corporate_number},
              {"level", e.level},
              {"kind", e.kind},
              {"valid_from", e.valid_from},
              {"valid_until", e.valid_until},
              {"issuer", e.issuer},
              {"assessor", e.assessor},
              {"status", e.status},
              {"attestation_id", e.attestation_id},
              {"verify_url", e.verify_url}};
}

int64_t ListParam(const PathParams& params) {
  const std::string& text = params.at("list");
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    Fail(404, "Not found", "no status list '" + text + "'");
  }
  return std::stoll(text);
}

}  // namespace

void ApiApp::AddAttestationRoutes() {
  router_.Add("GET", "/.well-known/jwks.json", [](Call& call) {
    auto context = call.Context();
    return TextResponse("application/jwk-set+json",
                        Unwrap(service::AttestationService(context).Jwks()), "public, max-age=300");
  });

  router_.Add("GET", "/status/{list}", [](Call& call) {
    auto context = call.Context();
    return TextResponse(
        kJoseType,
        Unwrap(service::AttestationService(context).StatusListJws(ListParam(call.params))),
        "public, max-age=300");
  });

  router_.Add("GET", "/api/v1/attestations", [](Call& call) {
    auto context = call.Context();
    const auto own = Unwrap(service::AttestationService(context).ListOwn());
    json items = json::array();
    for (const IssuedAttestation& a : own) items.push_back(AttestationJson(a, context.issuer));
    return JsonResponse(200, json{{"attestations", items}});
  });

  router_.Add("GET", "/api/v1/attestations/{id}", [](Call& call) {
    auto context = call.Context();
    const auto attestation = Unwrap(service::AttestationService(context).Get(call.params.at("id")));
    return TextResponse(kJoseType, attestation.jws, "no-store");
  });

  // The certificate PDF: a download, never shown inline (nosniff is on every response).
  router_.Add("GET", "/api/v1/attestations/{id}/certificate", [](Call& call) {
    auto context = call.Context();
    const std::string& id = call.params.at("id");
    HttpResponse response = TextResponse(
        "application/pdf", Unwrap(service::AttestationService(context).CertificatePdf(id)), "no-store");
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"hoshitori-certificate-" + id + ".pdf\"");
    return response;
  });

  router_.Add("GET", "/api/v1/attestations/{id}/verification", [](Call& call) {
    auto context = call.Context();
    const auto check = Unwrap(service::AttestationService(context).Check(call.params.at("id")));
    json out = check.report.ToJson();
    out["id"] = check.attestation.id;
    out["status"] = check.status;
    out["verify_url"] = context.issuer->VerifyUrl(check.attestation.id);
    HttpResponse response = JsonResponse(200, out);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });

  router_.Add("GET", "/api/v1/registry", [](Call& call) {
    auto context = call.Context();
    const auto found = call.request.query.find("q");
    const auto entries = Unwrap(service::AttestationService(context).SearchRegistry(
        found == call.request.query.end() ? "" : found->second));
    json items = json::array();
    for (const auto& entry : entries) items.push_back(EntryJson(entry));
    return JsonResponse(200, json{{"entries", items}});
  });

  router_.Add("PUT", "/api/v1/registry/entries/{corporate_number}", [](Call& call) {
    auto context = call.Context();
    const auto entry =
        Unwrap(service::AttestationService(context).Publish(call.params.at("corporate_number")));
    return JsonResponse(200, EntryJson(entry));
  });

  router_.Add("DELETE", "/api/v1/registry/entries/{corporate_number}", [](Call& call) {
    auto context = call.Context();
    Unwrap(service::AttestationService(context).Unpublish(call.params.at("corporate_number")));
    HttpResponse response;
    response.status = 204;
    return response;
  });
}

}  // namespace hoshitori::api
