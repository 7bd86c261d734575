// Routes of a supplier's products (/api/v1/products, /api/v1/product-versions,
// /api/v1/deliveries): HTTP adapters over service::ProductService. SBOM and VEX files are sent
// as the request body itself (any media type; the format is sniffed from the bytes), with an
// optional ?file_name= for messages and the record. Exports are JSON documents of their own
// formats: CycloneDX 1.6 (application/vnd.cyclonedx+json) and OpenVEX (application/json); a
// signed OpenVEX is a compact JWS (application/jose), checked by POST /api/v1/vex/verification.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "sbom/bom.h"
#include "sbom/vex.h"
#include "service/product_service.h"

namespace hoshitori::api {

namespace {

json ProductJson(const ProductRow& p) {
  return json{{"id", p.id},
              {"org_id", p.org_id},
              {"name", p.name},
              {"kind", p.kind},
              {"purl", p.purl ? json(*p.purl) : json(nullptr)},
              {"cpe", p.cpe ? json(*p.cpe) : json(nullptr)},
              {"created_at", p.created_at}};
}

json VersionJson(const ProductVersionRow& v) {
  return json{{"id", v.id},
              {"org_id", v.org_id},
              {"product_id", v.product_id},
              {"product_name", v.product_name},
              {"version", v.version},
              {"created_at", v.created_at}};
}

json DeliveryJson(const DeliveryRow& d) {
  return json{{"id", d.id},
              {"supplier_id", d.org_id},
              {"product_version_id", d.product_version_id},
              {"product_id", d.product_id},
              {"product_name", d.product_name},
              {"version", d.version},
              {"relationship_id", d.relationship_id},
              {"buyer_id", d.buyer_id},
              {"share_sbom", d.share_sbom},
              {"disclose_matches", d.disclose_matches},
              {"live", d.live},
              {"created_at", d.created_at},
              {"ended_at", d.ended_at ? json(*d.ended_at) : json(nullptr)}};
}

json ContainmentJson(const ContainmentRow& c) {
  return json{{"org_id", c.org_id},
              {"outer_version_id", c.outer_version_id},
              {"inner_version_id", c.inner_version_id},
              {"created_at", c.created_at}};
}

json SbomJson(const SbomDocumentRow& s) {
  return json{{"id", s.id},
              {"product_version_id", s.product_version_id},
              {"format", s.format},
              {"encoding", s.encoding},
              {"spec_version", s.spec_version},
              {"file_name", s.file_name},
              {"sha256", s.sha256},
              {"component_count", s.component_count},
              {"uploaded_by", s.uploaded_by ? json(*s.uploaded_by) : json(nullptr)},
              {"uploaded_at", s.uploaded_at}};
}

json ComponentJson(const SbomComponentRow& c) {
  const auto optional = [](const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
  };
  return json{{"ordinal", c.ordinal},
              {"parent", c.parent ? json(*c.parent) : json(nullptr)},
              {"ref", c.ref},
              {"type", c.type},
              {"group", c.group},
              {"name", c.name},
              {"version", c.version},
              {"purl", c.purl},
              {"package_key", optional(c.package_key)},
              {"normalised_purl", optional(c.normalised_purl)},
              {"cpes", c.cpes},
              {"supplier", c.supplier},
              {"licenses", c.licenses},
              {"hashes", c.hashes}};
}

json VexJson(const VexStatementRow& v) {
  return json{{"product_version_id", v.product_version_id},
              {"vulnerability", v.vulnerability},
              {"status", v.status},
              {"justification", v.justification},
              {"impact", v.impact},
              {"action", v.action},
              {"products", v.products},
              {"subcomponents", v.subcomponents},
              {"source", v.source},
              {"updated_by", v.updated_by ? json(*v.updated_by) : json(nullptr)},
              {"updated_at", v.updated_at}};
}

// A signed VEX checked: the verdict, the signer, the lines said to a person (ja, en) and,
// when valid, the statements read from the OpenVEX payload.
json SignedVexJson(const service::SignedVexCheck& check) {
  const assure::SignedVexReport& report = check.report;
  json out = {{"verdict", assure::VerdictName(report.verdict)},
              {"valid", report.valid()},
              {"detail", report.detail},
              {"kid", report.kid},
              {"lines", {{"ja", report.Lines("ja")}, {"en", report.Lines("en")}}},
              {"signature", nullptr},
              {"document", nullptr}};
  if (report.valid() && report.signature) {
    out["signature"] = {{"issuer", report.signature->issuer},
                        {"corporate_number", report.signature->subject},
                        {"signed_at", assure::FormatInstant(report.signature->issued_at)}};
  }
  if (check.document) {
    json statements = json::array();
    for (const sbom::VexStatement& s : check.document->statements) {
      statements.push_back({{"vulnerability", s.vulnerability},
                            {"status", sbom::VexStatusName(s.status)},
                            {"justification", s.justification},
                            {"impact", s.impact},
                            {"action", s.action},
                            {"products", s.products},
                            {"subcomponents", s.subcomponents},
                            {"timestamp", s.timestamp}});
    }
    out["document"] = {{"id", check.document->id},
                       {"author", check.document->author},
                       {"timestamp", check.document->timestamp},
                       {"statements", std::move(statements)}};
  }
  return out;
}

// The request body without the line break a file usually ends with (a compact JWS has none).
std::string_view TrimmedBody(const Call& call) {
  std::string_view body = call.request.body;
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ')) {
    body.remove_suffix(1);
  }
  return body;
}

// The ?file_name= of an upload (one line, at most 200 bytes), else `fallback`.
std::string FileName(const Call& call, const char* fallback) {
  const auto found = call.request.query.find("file_name");
  if (found == call.request.query.end() || found->second.empty()) return fallback;
  const std::string& name = found->second;
  if (name.size() > 200 || name.find_first_of("\r\n") != std::string::npos) {
    Fail(400, "Invalid query",
         "file_name は 200 バイトまでの 1 行です / file_name is one line of "
         "at most 200 bytes");
  }
  return name;
}

// A non-negative whole number from the query, else `fallback`.
int64_t QueryNumber(const Call& call, const char* name, int64_t fallback) {
  const auto found = call.request.query.find(name);
  if (found == call.request.query.end() || found->second.empty()) return fallback;
  const std::string& text = found->second;
  if (text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) {
    Fail(400, "Invalid query",
         std::string(name) + " は 0 以上の整数です / " + name + " must be a whole number >= 0");
  }
  return std::stoll(text);
}

void CheckFileBody(const Call& call) {
  if (call.request.body.size() > sbom::kMaxBomBytes) {
    Fail(413, "File too large",
         "ファイルは " + std::to_string(sbom::kMaxBomBytes >> 20) +
             " MiB までです / a file may have at most " + std::to_string(sbom::kMaxBomBytes >> 20) +
             " MiB");
  }
  if (call.request.body.empty())
    Fail(400, "Empty body", "ファイルを本文で送ってください / send the file as the body");
}

}  // namespace

bool ApiApp::IsProductFileUpload(std::string_view method, std::string_view target) {
  // PUT of the API, or POST of the version page's upload forms (web_products.cc).
  constexpr std::string_view kApiPrefix = "/api/v1/product-versions/";
  constexpr std::string_view kPagePrefix = "/product-versions/";
  const std::string_view path = target.substr(0, target.find('?'));
  std::string_view rest;
  if (method == "PUT" && path.starts_with(kApiPrefix)) {
    rest = path.substr(kApiPrefix.size());
  } else if (method == "POST" && path.starts_with(kPagePrefix)) {
    rest = path.substr(kPagePrefix.size());
  } else {
    return false;
  }
  const size_t slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash > 18) return false;
  if (rest.substr(0, slash).find_first_not_of("0123456789") != std::string_view::npos) return false;
  const std::string_view tail = rest.substr(slash);
  return tail == "/sbom" || tail == "/vex";
}

bool ApiApp::IsLargeUpload(std::string_view method, std::string_view target) {
  return IsEvidenceUpload(method, target) || IsProductFileUpload(method, target);
}

void ApiApp::AddProductRoutes() {
  router_.Add("GET", "/api/v1/products", [](Call& call) {
    const Principal p = Require(call);
    const int64_t org = QueryNumber(call, "org_id", p.org_id);
    auto context = call.Context();
    json list = json::array();
    for (const ProductRow& product : Unwrap(service::ProductService(context).ListProducts(org))) {
      list.push_back(ProductJson(product));
    }
    return JsonResponse(200, json{{"products", list}});
  });

  router_.Add("POST", "/api/v1/products", [](Call& call) {
    const Principal p = Require(call);
    Body body(call.request, {"name", "kind", "purl", "cpe"});
    service::NewProduct input;
    input.org_id = p.org_id;
    input.name = body.Text("name");
    if (const auto kind = body.OptText("kind")) {
      const auto parsed = service::ProductKindFromName(*kind);
      if (!parsed) {
        Fail(422, "Invalid kind",
             "kind は software・device・cloud_service のいずれかです / kind is "
             "software, device or cloud_service");
      }
      input.kind = *parsed;
    }
    input.purl = body.OptText("purl");
    input.cpe = body.OptText("cpe");
    auto context = call.Context();
    return JsonResponse(201,
                        ProductJson(Unwrap(service::ProductService(context).CreateProduct(input))));
  });

  router_.Add("GET", "/api/v1/products/{id}", [](Call& call) {
    Require(call);
    auto context = call.Context();
    const auto detail =
        Unwrap(service::ProductService(context).GetProduct(IdParam(call.params, "id")));
    json out = ProductJson(detail.product);
    json versions = json::array();
    for (const ProductVersionRow& v : detail.versions) versions.push_back(VersionJson(v));
    out["versions"] = std::move(versions);
    out["owner"] = detail.owner;
    return JsonResponse(200, out);
  });

  router_.Add("POST", "/api/v1/products/{id}/versions", [](Call& call) {
    Require(call);
    Body body(call.request, {"version"});
    auto context = call.Context();
    return JsonResponse(201, VersionJson(Unwrap(service::ProductService(context).AddVersion(
                                 IdParam(call.params, "id"), body.Text("version")))));
  });

  router_.Add("GET", "/api/v1/product-versions/{id}", [](Call& call) {
    Require(call);
    auto context = call.Context();
    const auto detail =
        Unwrap(service::ProductService(context).GetVersion(IdParam(call.params, "id")));
    json out = VersionJson(detail.version);
    out["product"] = ProductJson(detail.product);
    out["owner"] = detail.owner;
    out["can_read_sbom"] = detail.can_read_sbom;
    out["can_read_vex"] = detail.can_read_vex;
    out["sbom"] = detail.sbom ? SbomJson(*detail.sbom) : json(nullptr);
    json contains = json::array(), contained_in = json::array();
    for (const ContainmentRow& c : detail.contains) contains.push_back(ContainmentJson(c));
    for (const ContainmentRow& c : detail.contained_in) contained_in.push_back(ContainmentJson(c));
    out["contains"] = std::move(contains);
    out["contained_in"] = std::move(contained_in);
    return JsonResponse(200, out);
  });

  router_.Add("PUT", "/api/v1/product-versions/{id}/sbom", [](Call& call) {
    Require(call);
    CheckFileBody(call);
    auto context = call.Context();
    const auto report = Unwrap(service::ProductService(context).UploadSbom(
        IdParam(call.params, "id"), FileName(call, "sbom"), call.request.body));
    return JsonResponse(200, json{{"sbom", SbomJson(report.document)},
                                  {"format", report.document.format},
                                  {"encoding", report.document.encoding},
                                  {"spec_version", report.document.spec_version},
                                  {"components", report.components},
                                  {"with_purl", report.with_purl},
                                  {"without_purl", report.without_purl},
                                  {"replaced", report.replaced}});
  });

  router_.Add("GET", "/api/v1/product-versions/{id}/sbom", [](Call& call) {
    Require(call);
    auto context = call.Context();
    HttpResponse response;
    response.status = 200;
    response.content_type = "application/vnd.cyclonedx+json; version=1.6";
    response.body = Unwrap(service::ProductService(context).ExportSbom(IdParam(call.params, "id")));
    return response;
  });

  router_.Add("GET", "/api/v1/product-versions/{id}/components", [](Call& call) {
    Require(call);
    auto context = call.Context();
    const auto page = Unwrap(service::ProductService(context).Components(
        IdParam(call.params, "id"), QueryNumber(call, "offset", 0),
        QueryNumber(call, "limit", 100)));
    json items = json::array();
    for (const SbomComponentRow& c : page.items) items.push_back(ComponentJson(c));
    return JsonResponse(200,
                        json{{"total", page.total}, {"offset", page.offset}, {"items", items}});
  });

  router_.Add("PUT", "/api/v1/product-versions/{id}/vex", [](Call& call) {
    Require(call);
    CheckFileBody(call);
    auto context = call.Context();
    const auto report = Unwrap(service::ProductService(context).UploadVex(
        IdParam(call.params, "id"), FileName(call, "vex"), call.request.body));
    return JsonResponse(200, json{{"format", report.format}, {"statements", report.statements}});
  });

  router_.Add("GET", "/api/v1/product-versions/{id}/vex", [](Call& call) {
    Require(call);
    auto context = call.Context();
    HttpResponse response;
    response.status = 200;
    response.content_type = "application/json";
    response.body =
        Unwrap(service::ProductService(context).ExportOpenVex(IdParam(call.params, "id")));
    return response;
  });

  // The same document signed by the server's key (docs/sbom.md, "Signed VEX"); a download.
  router_.Add("GET", "/api/v1/product-versions/{id}/vex.jws", [](Call& call) {
    Require(call);
    auto context = call.Context();
    const int64_t id = IdParam(call.params, "id");
    HttpResponse response;
    response.status = 200;
    response.content_type = "application/jose";  // compact JWS, RFC 7515 §9.2.1
    response.body = Unwrap(service::ProductService(context).ExportSignedOpenVex(id));
    response.headers.emplace_back("Cache-Control", "no-store");
    response.headers.emplace_back(
        "Content-Disposition",
        "attachment; filename=\"hoshitori-vex-" + std::to_string(id) + ".jws\"");
    return response;
  });

  // Anyone holding a signed VEX may check it against this server's keys (no sign-in).
  router_.Add("POST", "/api/v1/vex/verification", [](Call& call) {
    auto context = call.Context();
    const service::SignedVexCheck check =
        Unwrap(service::ProductService(context).VerifySignedVex(TrimmedBody(call)));
    return JsonResponse(200, SignedVexJson(check));
  });

  router_.Add("GET", "/api/v1/product-versions/{id}/vex-statements", [](Call& call) {
    Require(call);
    auto context = call.Context();
    json list = json::array();
    for (const VexStatementRow& v :
         Unwrap(service::ProductService(context).ListVex(IdParam(call.params, "id")))) {
      list.push_back(VexJson(v));
    }
    return JsonResponse(200, json{{"statements", list}});
  });

  router_.Add("PUT", "/api/v1/product-versions/{id}/vex-statements/{vulnerability}",
              [](Call& call) {
                Require(call);
                Body body(call.request, {"status", "justification", "impact", "action"});
                service::VexEdit edit;
                edit.version_id = IdParam(call.params, "id");
                edit.vulnerability = call.params.at("vulnerability");
                edit.status = body.Text("status");
                edit.justification = body.OptText("justification").value_or("");
                edit.impact = body.OptText("impact").value_or("");
                edit.action = body.OptText("action").value_or("");
                auto context = call.Context();
                return JsonResponse(
                    200, VexJson(Unwrap(service::ProductService(context).SetVexStatement(edit))));
              });

  router_.Add("POST", "/api/v1/product-versions/{id}/deliveries", [](Call& call) {
    Require(call);
    Body body(call.request, {"relationship_id", "share_sbom", "disclose_matches"});
    service::NewDelivery input;
    input.version_id = IdParam(call.params, "id");
    const auto relationship = body.OptInt("relationship_id");
    if (!relationship) Fail(400, "Missing field", "field \"relationship_id\" is required");
    input.relationship_id = *relationship;
    input.share_sbom = body.Flag("share_sbom");
    input.disclose_matches = body.Has("disclose_matches") ? body.Flag("disclose_matches") : true;
    auto context = call.Context();
    return JsonResponse(
        201, DeliveryJson(Unwrap(service::ProductService(context).DeclareDelivery(input))));
  });

  router_.Add("GET", "/api/v1/product-versions/{id}/deliveries", [](Call& call) {
    Require(call);
    auto context = call.Context();
    json list = json::array();
    for (const DeliveryRow& d :
         Unwrap(service::ProductService(context).ListDeliveries(IdParam(call.params, "id")))) {
      list.push_back(DeliveryJson(d));
    }
    return JsonResponse(200, json{{"deliveries", list}});
  });

  router_.Add("POST", "/api/v1/product-versions/{id}/contents", [](Call& call) {
    Require(call);
    Body body(call.request, {"inner_version_id"});
    const auto inner = body.OptInt("inner_version_id");
    if (!inner) Fail(400, "Missing field", "field \"inner_version_id\" is required");
    auto context = call.Context();
    return JsonResponse(201,
                        ContainmentJson(Unwrap(service::ProductService(context).DeclareContainment(
                            IdParam(call.params, "id"), *inner))));
  });

  router_.Add("DELETE", "/api/v1/product-versions/{id}/contents/{inner}", [](Call& call) {
    Require(call);
    auto context = call.Context();
    Unwrap(service::ProductService(context).RemoveContainment(IdParam(call.params, "id"),
                                                              IdParam(call.params, "inner")));
    HttpResponse response;
    response.status = 204;
    return response;
  });

  router_.Add("DELETE", "/api/v1/deliveries/{id}", [](Call& call) {
    Require(call);
    auto context = call.Context();
    return JsonResponse(200, DeliveryJson(Unwrap(service::ProductService(context).EndDelivery(
                                 IdParam(call.params, "id")))));
  });

  router_.Add("GET", "/api/v1/deliveries", [](Call& call) {
    const Principal p = Require(call);
    auto context = call.Context();
    json list = json::array();
    for (const DeliveryRow& d :
         Unwrap(service::ProductService(context).DeliveriesToBuyer(p.org_id))) {
      list.push_back(DeliveryJson(d));
    }
    return JsonResponse(200, json{{"deliveries", list}});
  });
}

}  // namespace hoshitori::api
