// Routes of evidence files (/api/v1/assessments/{id}/evidence): HTTP adapters over
// service::EvidenceService. Uploads send the file itself as the body, with its media type as
// Content-Type and the criterion and file name in the query. Downloads are always
// attachments (never rendered inline) with nosniff.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "assure/evidence_file.h"
#include "service/evidence_service.h"

namespace hoshitori::api {

namespace {

json EvidenceJson(const StoredEvidence& f) {
  return json{{"id", f.id},
              {"assessment_id", f.assessment_id},
              {"criterion", f.criterion},
              {"name", f.name},
              {"version", f.version},
              {"media_type", f.media_type},
              {"size", f.size},
              {"sha256", f.sha256},
              {"uploaded_by", f.uploaded_by},
              {"uploaded_at", f.uploaded_at}};
}

// RFC 8187 / RFC 6266: filename*=UTF-8''<percent-encoded name>, plus an ASCII fallback
// with every byte outside a safe set replaced by '_'.
std::string AttachmentDisposition(const std::string& name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string fallback, encoded;
  for (const unsigned char c : name) {
    const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    fallback += safe ? static_cast<char>(c) : '_';
    if (safe) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0x0f];
    }
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace

bool ApiApp::IsEvidenceUpload(std::string_view method, std::string_view target) {
  static_assert(kEvidenceBodyLimit > assure::kMaxEvidenceFileBytes);
  constexpr std::string_view kApiPrefix = "/api/v1/assessments/";
  constexpr std::string_view kPagePrefix = "/assessments/";
  constexpr std::string_view kSuffix = "/evidence";
  const std::string_view path = target.substr(0, target.find('?'));
  const size_t prefix = path.starts_with(kApiPrefix)    ? kApiPrefix.size()
                        : path.starts_with(kPagePrefix) ? kPagePrefix.size()
                                                        : 0;
  if (method != "POST" || prefix == 0 || !path.ends_with(kSuffix) ||
      path.size() < prefix + kSuffix.size())
    return false;
  const std::string_view id = path.substr(prefix, path.size() - prefix - kSuffix.size());
  return !id.empty() && id.size() <= 18 &&
         id.find_first_not_of("0123456789") == std::string_view::npos;
}

void ApiApp::AddEvidenceRoutes() {
  router_.Add("POST", "/api/v1/assessments/{id}/evidence", [](Call& call) {
    Require(call);
    auto context = call.Context();
    service::EvidenceService evidence(context);
    const int64_t id = IdParam(call.params, "id");
    Unwrap(evidence.AllowUpload(id));  // authorised before the body is looked at
    if (call.request.body.size() > assure::kMaxEvidenceFileBytes) {
      Fail(413, "File too large",
           "ファイルは " + std::to_string(assure::kMaxEvidenceFileBytes >> 20) +
               " MiB までです / a file may have at most " +
               std::to_string(assure::kMaxEvidenceFileBytes >> 20) + " MiB");
    }
    auto query = [&](const char* name) {
      const auto found = call.request.query.find(name);
      if (found == call.request.query.end() || found->second.empty()) {
        Fail(400, "Missing parameter",
             std::string("クエリに ") + name + " を付けてください / add the query parameter " +
                 name);
      }
      return found->second;
    };
    service::EvidenceUpload upload{id, query("criterion"), query("name"),
                                   std::string(call.request.Header("content-type")),
                                   call.request.body};
    auto stored = evidence.Upload(upload);
    if (!stored && stored.error().title == "Unsupported evidence file") {
      Fail(415, stored.error().title, stored.error().message);
    }
    return JsonResponse(201, EvidenceJson(Unwrap(std::move(stored))));
  });

  router_.Add("GET", "/api/v1/assessments/{id}/evidence", [](Call& call) {
    auto context = call.Context();
    std::optional<std::string> criterion;
    if (const auto found = call.request.query.find("criterion");
        found != call.request.query.end()) {
      criterion = found->second;
    }
    json list = json::array();
    for (const StoredEvidence& f :
         Unwrap(service::EvidenceService(context).List(IdParam(call.params, "id"), criterion))) {
      list.push_back(EvidenceJson(f));
    }
    return JsonResponse(200, json{{"evidence", list}});
  });

  router_.Add("GET", "/api/v1/assessments/{id}/evidence/{file}", [](Call& call) {
    auto context = call.Context();
    StoredEvidence file = Unwrap(service::EvidenceService(context).Download(
        IdParam(call.params, "id"), IdParam(call.params, "file")));
    HttpResponse response;
    response.content_type = file.media_type;
    response.body = std::move(file.content);
    response.headers.emplace_back("Content-Disposition", AttachmentDisposition(file.name));
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("Content-Security-Policy", "sandbox; default-src 'none'");
    response.headers.emplace_back("Cache-Control", "private, no-store");
    response.headers.emplace_back("X-Evidence-SHA256", file.sha256);
    return response;
  });
}

}  // namespace hoshitori::api
