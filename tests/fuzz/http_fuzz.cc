// libFuzzer target: whole HTTP requests through the server's pipeline — Beast's parser, the
// target and header checks of the server boundary, the router, every API handler and the
// web pages — as a signed-in user, on a SQLite database in a temporary directory.
//
// An input is a raw HTTP/1.1 request as a client sends it. The harness signs it in: unless
// it carries its own "Authorization:" header or the header "X-Fuzz-Anonymous", a session
// cookie (with the pages' CSRF cookie) and the matching X-CSRF-Token are added after the
// request line. The placeholders @TOKEN@, @SESSION@ and @CSRF@ are replaced by the user's
// API token, session and CSRF token, so seeds can use them anywhere. At start-up the
// harness signs up two organisations and gives the first an assessment (id 1) with
// answers, submitted and shared with the second. A request that ends the session or
// revokes the token is followed by a fresh sign-in, so later inputs stay signed in.
//
// With HOSHITORI_FUZZ_STRICT=1 a 500 answer aborts (a handler failed on some input).
#include <unistd.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/api_app.h"
#include "api/http_server.h"
#include "catalog/catalog_loader.h"
#include "web/web_app.h"

namespace {

using hoshitori::api::HttpRequest;
using hoshitori::api::HttpResponse;
using nlohmann::json;

constexpr const char* kHarnessAddress = "192.0.2.1";  // not the inputs' 127.0.0.1
constexpr const char* kEmail = "fuzz-admin@hoshitori.invalid";
constexpr const char* kPassword = "harness passphrase for the fuzzer";

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "http_fuzz: %s\n", message.c_str());
  std::abort();
}

struct Harness {
  std::filesystem::path dir;
  hoshitori::Catalog catalog;
  std::unique_ptr<hoshitori::api::ApiApp> api;
  std::unique_ptr<hoshitori::web::WebApp> web;
  hoshitori::api::ServerOptions server;
  std::string session, csrf, token;
  bool strict = false;

  ~Harness() {
    web.reset();
    api.reset();
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }

  HttpResponse Call(const std::string& method, const std::string& path, const json& body, bool signed_in) {
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.remote_address = kHarnessAddress;
    if (!body.is_null()) {
      request.body = body.dump();
      request.headers.emplace_back("content-type", "application/json");
    }
    if (signed_in) {
      request.headers.emplace_back("cookie", "hoshitori_session=" + session);
      request.headers.emplace_back("x-csrf-token", csrf);
    }
    return api->Handle(request);
  }
  static std::string CookieValue(const HttpResponse& response) {
    for (const auto& [name, value] : response.headers) {
      if (name == "Set-Cookie" && value.rfind("hoshitori_session=", 0) == 0) {
        return value.substr(18, value.find(';') - 18);
      }
    }
    return "";
  }
  HttpResponse Expect(int status, HttpResponse response, const char* what) {
    if (response.status != status) Die(std::string(what) + ": " + std::to_string(response.status) + " " + response.body);
    return response;
  }

  void SignIn() {
    const auto response = Expect(200, Call("POST", "/api/v1/login", json{{"email", kEmail}, {"password", kPassword}}, false),
                                 "sign-in");
    session = CookieValue(response);
    csrf = json::parse(response.body).value("csrf_token", "");
  }
  void NewToken() {
    const auto response = Expect(201, Call("POST", "/api/v1/tokens", json{{"name", "fuzz"}}, true), "token");
    token = json::parse(response.body).value("token", "");
  }

  void SetUp() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hoshitori-http-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) Die("cannot create a temporary directory");
    dir = pattern;
    auto loaded = hoshitori::LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs");
    if (!loaded) Die(loaded.error().message);
    catalog = std::move(loaded).value();
    hoshitori::api::ApiOptions options;
    options.db_url = (dir / "fuzz.db").string();
    options.connections = 1;
    options.password_cost = hoshitori::api::PasswordCost::kMinimal;
    options.access_log = false;
    auto app = hoshitori::api::ApiApp::Create(catalog, options);
    if (!app) Die(app.error().message);
    api = std::move(app).value();
    auto pages = hoshitori::web::WebApp::Create(*api, hoshitori::web::WebOptions{std::string(HOSHITORI_SOURCE_DIR) + "/web"});
    if (!pages) Die(pages.error().message);
    web = std::move(pages).value();
    server.access_log = false;
    strict = std::getenv("HOSHITORI_FUZZ_STRICT") && std::string(std::getenv("HOSHITORI_FUZZ_STRICT")) == "1";

    const auto signed_up = Expect(201,
                                  Call("POST", "/api/v1/signup",
                                       json{{"corporate_number", "7000012050002"}, {"name", "Fuzz Supplier"},
                                            {"industry", "E"}, {"employees", 40}, {"email", kEmail},
                                            {"display_name", "Fuzz"}, {"password", kPassword}},
                                       false),
                                  "sign-up");
    session = CookieValue(signed_up);
    csrf = json::parse(signed_up.body).value("csrf_token", "");
    NewToken();
    Expect(201, Call("POST", "/api/v1/signup",
                     json{{"corporate_number", "4180001234567"}, {"name", "Fuzz Buyer"}, {"industry", "E"},
                          {"email", "fuzz-buyer@hoshitori.invalid"}, {"display_name", "Buyer"}, {"password", kPassword}},
                     false),
           "buyer sign-up");
    Expect(201, Call("POST", "/api/v1/assessments", json{{"framework", "hoshitori-common"}}, true), "assessment");
    Expect(200, Call("PATCH", "/api/v1/assessments/1/answers",
                     json{{"answers", {{{"ref", "GV-01.1"}, {"status", "implemented"}, {"comment", "policy"}},
                                       {{"ref", "GV-01.2"}, {"status", "partial"}}}}},
                     true),
           "answers");
    Expect(200, Call("POST", "/api/v1/assessments/1/submit", json{{"management_declaration", true}}, true), "submit");
    Expect(201, Call("POST", "/api/v1/shares", json{{"assessment_id", 1}, {"buyer_corporate_number", "4180001234567"}}, true),
           "share");
  }

  // Signs in again when the input ended the session or revoked the token.
  void KeepSignedIn() {
    if (Call("GET", "/api/v1/me", nullptr, true).status == 401) SignIn();
    HttpRequest request;
    request.method = "GET";
    request.path = "/api/v1/me";
    request.remote_address = kHarnessAddress;
    request.headers.emplace_back("authorization", "Bearer " + token);
    if (api->Handle(request).status == 401) NewToken();
  }

  std::string Prepare(std::string_view input) const {
    std::string text(input);
    for (const auto& [placeholder, value] : {std::pair<std::string, std::string>{"@TOKEN@", token},
                                             {"@SESSION@", session},
                                             {"@CSRF@", csrf}}) {
      for (size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size())) {
        text.replace(at, placeholder.size(), value);
      }
    }
    std::string lower = text.substr(0, text.find("\r\n\r\n"));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("\nauthorization:") != std::string::npos || lower.find("\nx-fuzz-anonymous") != std::string::npos) {
      return text;
    }
    const size_t line_end = text.find("\r\n");
    if (line_end == std::string::npos) return text;
    text.insert(line_end + 2, "Cookie: hoshitori_session=" + session + "; hoshitori_csrf=" + csrf +
                                  "\r\nX-CSRF-Token: " + csrf + "\r\n");
    return text;
  }
};

Harness& TheHarness() {
  static Harness harness;
  static const bool ready = (harness.SetUp(), true);
  (void)ready;
  return harness;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Harness& harness = TheHarness();
  const std::string request = harness.Prepare(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string reply = hoshitori::api::ServeRawRequest(
      request, harness.server, [&harness](HttpRequest& r) {
        return hoshitori::web::WebApp::IsApiPath(r.path) ? harness.api->Handle(r) : harness.web->Handle(r);
      });
  if (harness.strict && reply.rfind("HTTP/1.1 500", 0) == 0) Die("500 answer:\n" + reply.substr(0, 2000));
  if (request.rfind("GET ", 0) != 0) harness.KeepSignedIn();
  return 0;
}
