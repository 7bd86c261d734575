// The TAXII 2.1 server (OASIS TAXII Version 2.1; issue 16): discovery at /taxii2/, one API
// root /taxii2/api1/, one collection per sharing group of the caller, objects, manifest,
// versions, POST of objects and status resources. HTTP adapters over service::TaxiiService.
//
// Every answer is application/taxii+json;version=2.1. A GET whose Accept names only other
// media types (or another TAXII version) is refused with 406; a POST whose Content-Type is
// not TAXII 2.1's with 415. Callers authenticate with an API token (Authorization: Bearer)
// or a session; without one the answer is 401 with WWW-Authenticate. Errors are TAXII error
// messages (title, description, http_status), written by TaxiiErrorResponse for every
// failure on a /taxii2/ path, including those raised before a handler runs.
//
// Bounds: limit 1..1000 (default 100); at most 100 values per match[...] filter, each at most
// 300 characters; a POST body at most 1 MiB (the server's limit) holding at most 1000
// objects of at most 256 KiB each.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "service/taxii_service.h"

namespace hoshitori::api {

namespace {

constexpr const char* kTaxiiMediaType = "application/taxii+json;version=2.1";
constexpr const char* kStixMediaType = "application/stix+json;version=2.1";
constexpr const char* kApiRoot = "/taxii2/api1/";
constexpr size_t kMaxFilterValueBytes = 300;

HttpResponse TaxiiJson(int status, const json& body) {
  HttpResponse response;
  response.status = status;
  response.content_type = kTaxiiMediaType;
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

std::string Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Whether one media range ("type/subtype; param=value; ...") admits TAXII 2.1 (or, for
// `stix`, STIX 2.1 content as the objects endpoints also accept).
bool Admits(std::string_view range) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= range.size()) {
    size_t end = range.find(';', start);
    if (end == std::string_view::npos) end = range.size();
    parts.push_back(Lower(Trim(range.substr(start, end - start))));
    start = end + 1;
  }
  const std::string& type = parts[0];
  if (type == "*/*" || type == "application/*") return true;
  if (type != "application/taxii+json") return false;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].starts_with("version=") && parts[i] != "version=2.1") return false;
  }
  return true;
}

void CheckAccept(const Call& call) {
  const std::string_view accept = call.request.Header("accept");
  if (Trim(accept).empty()) return;
  size_t start = 0;
  while (start <= accept.size()) {
    size_t end = accept.find(',', start);
    if (end == std::string_view::npos) end = accept.size();
    if (Admits(accept.substr(start, end - start))) return;
    start = end + 1;
  }
  Fail(406, "Not acceptable",
       std::string("この API は ") + kTaxiiMediaType + " で応答します / this server answers in " +
           kTaxiiMediaType + "; ask for it in Accept");
}

// The signed-in caller (401 otherwise) whose Accept admits TAXII 2.1.
void Begin(const Call& call) {
  Require(call);
  CheckAccept(call);
}

int Limit(const Call& call) {
  auto limit = IntQueryParameter(call.request.query, "limit", 1, service::kTaxiiMaxLimit,
                                 service::kTaxiiDefaultLimit);
  if (!limit) Fail(400, "Invalid limit", limit.error().message);
  return *limit;
}

// The comma-separated values of `name` (none when absent).
std::vector<std::string> Values(const Call& call, const char* name) {
  std::vector<std::string> out;
  const auto found = call.request.query.find(name);
  if (found == call.request.query.end()) return out;
  const std::string& text = found->second;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string value = Trim(std::string_view(text).substr(start, end - start));
    if (value.size() > kMaxFilterValueBytes) {
      Fail(400, "Invalid filter",
           std::string(name) + " の値が長すぎます / a value of " + name + " is longer than " +
               std::to_string(kMaxFilterValueBytes) + " bytes");
    }
    if (!value.empty()) out.push_back(std::move(value));
    if (out.size() > kMaxMatchValues) {
      Fail(400, "Invalid filter", std::string("too many values in ") + name);
    }
    start = end + 1;
  }
  return out;
}

service::TaxiiQuery QueryOf(const Call& call) {
  service::TaxiiQuery query;
  query.limit = Limit(call);
  if (const auto found = call.request.query.find("added_after");
      found != call.request.query.end()) {
    query.added_after = found->second;
  }
  if (const auto found = call.request.query.find("next"); found != call.request.query.end()) {
    query.next = found->second;
  }
  query.ids = Values(call, "match[id]");
  query.types = Values(call, "match[type]");
  query.versions = Values(call, "match[version]");
  return query;
}

// The value of a use case's result; its error as a TAXII error, a refused filter or envelope
// (kInvalid) answered 400 as TAXII's "bad request".
template <typename T>
T TaxiiUnwrap(Result<T> result) {
  if (!result && result.error().kind == ErrorKind::kInvalid) {
    Fail(400, result.error().title, result.error().message);
  }
  return Unwrap(std::move(result));
}

json CollectionJson(const service::TaxiiCollection& c) {
  return json{{"id", c.id},
              {"title", c.group.name},
              {"description", c.group.description},
              {"can_read", c.can_read},
              {"can_write", c.can_write},
              {"media_types", json::array({kStixMediaType})}};
}

// The page's envelope-like answer with its paging members and date headers; `item` makes
// the answer's entry of one object.
template <typename Item>
HttpResponse PageResponse(const service::TaxiiPage& page, const char* member, Item item) {
  json body{{"more", page.more}};
  if (page.more) body["next"] = page.next;
  if (!page.objects.empty()) {
    json items = json::array();
    for (const StoredShareObject& o : page.objects) items.push_back(item(o));
    body[member] = std::move(items);
  }
  HttpResponse response = TaxiiJson(200, body);
  if (!page.objects.empty()) {
    response.headers.emplace_back("X-TAXII-Date-Added-First", page.objects.front().added_at);
    response.headers.emplace_back("X-TAXII-Date-Added-Last", page.objects.back().added_at);
  }
  return response;
}

// An objects page (envelope) written around the objects' stored JSON as it is: every writer of
// share_objects.object stores nlohmann::json::dump() output (TaxiiService::Add,
// service/incident_publication.cc), so the text is one valid JSON object and is not parsed
// and written again for each page.
HttpResponse ObjectsPageResponse(const service::TaxiiPage& page) {
  size_t bytes = 64 + page.next.size();
  for (const StoredShareObject& o : page.objects) bytes += o.object.size() + 1;
  HttpResponse response;
  response.status = 200;
  response.content_type = kTaxiiMediaType;
  std::string& body = response.body;
  body.reserve(bytes);
  body += page.more ? "{\"more\":true" : "{\"more\":false";
  if (page.more) body += ",\"next\":" + json(page.next).dump();
  if (!page.objects.empty()) {
    body += ",\"objects\":[";
    for (size_t i = 0; i < page.objects.size(); ++i) {
      if (i > 0) body += ',';
      body += page.objects[i].object;
    }
    body += ']';
    response.headers.emplace_back("X-TAXII-Date-Added-First", page.objects.front().added_at);
    response.headers.emplace_back("X-TAXII-Date-Added-Last", page.objects.back().added_at);
  }
  body += '}';
  return response;
}

json StatusJson(const service::TaxiiStatus& s) {
  return json{{"id", s.id},
              {"status", "complete"},
              {"request_timestamp", s.request_timestamp},
              {"total_count", s.total_count},
              {"success_count", s.successes.size()},
              {"successes", s.successes},
              {"failure_count", s.failures.size()},
              {"failures", s.failures},
              {"pending_count", 0}};
}

}  // namespace

HttpResponse TaxiiErrorResponse(int status, std::string_view title, std::string_view description) {
  HttpResponse response = TaxiiJson(status, json{{"title", title},
                                                 {"description", description},
                                                 {"http_status", std::to_string(status)}});
  if (status == 401) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"hoshitori-taxii\"");
  }
  return response;
}

bool IsTaxiiPath(std::string_view path) { return path == "/taxii2" || path.starts_with("/taxii2/"); }

void ApiApp::AddTaxiiRoutes() {
  router_.Add("GET", "/taxii2/", [](Call& call) {
    Begin(call);
    return TaxiiJson(200, json{{"title", "Hoshitori TAXII 2.1"},
                               {"description",
                                "共有グループごとの STIX 2.1 オブジェクト（TLP 2.0 を適用） / STIX "
                                "2.1 objects of your sharing groups, with TLP 2.0 applied"},
                               {"default", kApiRoot},
                               {"api_roots", json::array({kApiRoot})}});
  });

  router_.Add("GET", "/taxii2/api1/", [](Call& call) {
    Begin(call);
    return TaxiiJson(200, json{{"title", "Hoshitori sharing groups"},
                               {"description", "一つの共有グループが一つのコレクションです / one "
                                               "collection per sharing group"},
                               {"versions", json::array({kTaxiiMediaType})},
                               {"max_content_length", 1 << 20}});
  });

  router_.Add("GET", "/taxii2/api1/collections/", [](Call& call) {
    Begin(call);
    auto context = call.Context();
    const auto collections = TaxiiUnwrap(service::TaxiiService(context).Collections());
    json body = json::object();
    if (!collections.empty()) {
      json list = json::array();
      for (const auto& c : collections) list.push_back(CollectionJson(c));
      body["collections"] = std::move(list);
    }
    return TaxiiJson(200, body);
  });

  router_.Add("GET", "/taxii2/api1/collections/{id}/", [](Call& call) {
    Begin(call);
    auto context = call.Context();
    return TaxiiJson(200, CollectionJson(TaxiiUnwrap(
                              service::TaxiiService(context).Collection(call.params.at("id")))));
  });

  router_.Add("GET", "/taxii2/api1/collections/{id}/objects/", [](Call& call) {
    Begin(call);
    auto context = call.Context();
    service::TaxiiQuery query = QueryOf(call);
    query.content_only = true;
    const auto page =
        TaxiiUnwrap(service::TaxiiService(context).Objects(call.params.at("id"), query));
    return ObjectsPageResponse(page);
  });

  router_.Add("POST", "/taxii2/api1/collections/{id}/objects/", [](Call& call) {
    Require(call);
    CheckAccept(call);
    const std::string type = Lower(std::string(call.request.Header("content-type")));
    if (!Admits(type) || type.find("taxii+json") == std::string::npos) {
      Fail(415, "Unsupported media type",
           std::string("本文は ") + kTaxiiMediaType + " で送ってください / send the envelope as " +
               kTaxiiMediaType);
    }
    if (JsonNestingDepth(call.request.body) > kMaxJsonDepth) {
      Fail(400, "JSON nested too deep", "the body is nested deeper than " +
                                            std::to_string(kMaxJsonDepth) + " levels");
    }
    const json envelope = json::parse(call.request.body, nullptr, false);
    if (envelope.is_discarded()) {
      Fail(400, "Malformed JSON", "本文が JSON ではありません / the body is not valid JSON");
    }
    auto context = call.Context();
    return TaxiiJson(202, StatusJson(TaxiiUnwrap(
                              service::TaxiiService(context).Add(call.params.at("id"), envelope))));
  });

  router_.Add("GET", "/taxii2/api1/collections/{id}/objects/{object}/", [](Call& call) {
    Begin(call);
    auto context = call.Context();
    service::TaxiiQuery query = QueryOf(call);
    query.ids = {call.params.at("object")};
    query.content_only = true;
    const auto page = TaxiiUnwrap(service::TaxiiService(context).Objects(call.params.at("id"), query));
    if (page.objects.empty() && !query.next) {
      Fail(404, "Not found", "このオブジェクトは表示できません / no such object is visible to you");
    }
    return ObjectsPageResponse(page);
  });

  router_.Add("GET", "/taxii2/api1/collections/{id}/objects/{object}/versions/", [](Call& call) {
    Begin(call);
    auto context = call.Context();
    service::TaxiiQuery query = QueryOf(call);
    query.ids = {call.params.at("object")};
    query.types.clear();
    query.versions = {"all"};
    const auto page = TaxiiUnwrap(service::TaxiiService(context).Objects(call.params.at("id"), query));
    if (page.objects.empty() && !query.next) {
      Fail(404, "Not found", "このオブジェクトは表示できません / no such object is visible to you");
    }
    return PageResponse(page, "versions", [](const StoredShareObject& o) { return json(o.version); });
  });

  router_.Add("GET", "/taxii2/api1/collections/{id}/manifest/", [](Call& call) {
    Begin(call);
    auto context = call.Context();
    const auto page = TaxiiUnwrap(
        service::TaxiiService(context).Objects(call.params.at("id"), QueryOf(call)));
    return PageResponse(page, "objects", [](const StoredShareObject& o) {
      return json{{"id", o.stix_id},
                  {"date_added", o.added_at},
                  {"version", o.version},
                  {"media_type", kStixMediaType}};
    });
  });

  router_.Add("GET", "/taxii2/api1/status/{status}/", [](Call& call) {
    Begin(call);
    auto context = call.Context();
    return TaxiiJson(200,
                     StatusJson(TaxiiUnwrap(service::TaxiiService(context).ReadStatus(call.params.at("status")))));
  });
}

}  // namespace hoshitori::api
