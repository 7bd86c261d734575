// An ApiApp on a temporary database, driven in-process (no sockets), with helpers to sign up
// organisations and act as their users. The database is a SQLite file, or — when
// HOSHITORI_API_TEST_BACKEND=postgresql (tests/api/CMakeLists.txt registers every test a
// second time so) — a fresh database on the PostgreSQL server of HOSHITORI_TEST_PG_URL,
// dropped afterwards.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include <pqxx/pqxx>

#include <sqlite3.h>

#include <cstdlib>

#include "api/api_app.h"
#include "catalog/catalog_loader.h"
#include "service/assessor_service.h"
#include "service/attestation_service.h"
#include "openapi_contract.h"

namespace hoshitori::api::testing_support {

inline const Catalog& ShippedCatalog() {
  static const Catalog catalog = [] {
    auto loaded = LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return std::move(loaded).value();
  }();
  return catalog;
}

// A caller: either a cookie session (with its CSRF token) or an API token.
struct Caller {
  std::string cookie;
  std::string csrf;
  std::string bearer;
  int64_t user_id = 0;
  int64_t org_id = 0;
};

class ApiFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("hoshitori-api-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    ApiOptions options;
    options.db_url = (dir_ / "api.db").string();
    if (const char* backend = std::getenv("HOSHITORI_API_TEST_BACKEND"); backend && std::string(backend) == "postgresql") {
      const char* server = std::getenv("HOSHITORI_TEST_PG_URL");
      if (!server || !*server) GTEST_SKIP() << "HOSHITORI_TEST_PG_URL is not set (scripts/test.sh starts a server)";
      server_url_ = server;
      pg_database_ = "hoshitori_api_" + std::to_string(::getpid()) + "_" + std::to_string(counter);
      pqxx::connection admin(server_url_);
      pqxx::nontransaction(admin).exec("CREATE DATABASE " + pg_database_);
      const std::string base = server_url_.substr(0, server_url_.find('?'));
      options.db_url = base.substr(0, base.rfind('/') + 1) + pg_database_ + server_url_.substr(base.size());
    }
    options.connections = Connections();
    options.today = FixedToday();
    options.password_cost = PasswordCost::kMinimal;
    options.access_log = false;
    db_url_ = options.db_url;
    auto created = ApiApp::Create(ShippedCatalog(), options);
    ASSERT_TRUE(created.ok()) << created.error().message;
    app_ = std::move(created).value();
    auto store = Store::Open(options.db_url);
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
  }
  // Store connections of the app under test (concurrency tests use several).
  virtual int Connections() const { return 1; }
  // The app under test signs attestations with `keys` (a fresh key when none) as issuer
  // `public_url`, as `serve --signing-keys` makes it.
  void UseIssuer(std::vector<assure::SigningKey> keys = {}, const std::string& public_url = "https://hoshitori.test") {
    if (keys.empty()) keys.push_back(assure::SigningKey::Generate());
    auto issuer = service::AttestationIssuer::FromKeys(std::move(keys), public_url);
    ASSERT_TRUE(issuer.ok()) << issuer.error().message;
    app_->runtime().SetIssuer(std::move(issuer).value());
  }
  // The day the app under test runs on (none: today), as `serve --today` sets it.
  virtual std::optional<Date> FixedToday() const { return std::nullopt; }

  void TearDown() override {
    app_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
    if (!pg_database_.empty()) {
      pqxx::connection admin(server_url_);
      pqxx::nontransaction(admin).exec("DROP DATABASE " + pg_database_ + " WITH (FORCE)");
    }
  }

  // The integer the first column of `sql`'s first row holds, read on the second connection
  // (-1, and a failure, when it cannot be read).
  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(store_->Sql()
                    .Execute("count", sql, SqlParams(), [&](const SqlRow& r) { n = r.Int(0); })
                    .ok());
    return n;
  }

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                    const Caller* caller = nullptr, const std::string& content_type = "application/json") {
    HttpRequest request;
    request.method = method;
    EXPECT_TRUE(SplitTarget(target, request.path, request.query));
    request.body = body;
    request.remote_address = remote_address_;
    for (const auto& header : extra_headers_) request.headers.push_back(header);
    if (!body.empty()) request.headers.emplace_back("content-type", content_type);
    if (caller && !caller->bearer.empty()) request.headers.emplace_back("authorization", "Bearer " + caller->bearer);
    if (caller && !caller->cookie.empty()) {
      request.headers.emplace_back("cookie", "hoshitori_session=" + caller->cookie);
      request.headers.emplace_back("x-csrf-token", caller->csrf);
    }
    return Handle(request);
  }

  // The app's answer to `request`, checked against docs/openapi.yaml: a status, media type or
  // body the contract does not document fails the test (tests/api/openapi_contract.h).
  HttpResponse Handle(HttpRequest& request) {
    HttpResponse response = app_->Handle(request);
    const OpenApiContract& contract = OpenApiContract::Shipped();
    for (const std::string& violation : contract.Violations(request.method, request.path, response)) {
      ADD_FAILURE() << request.method << " " << request.path << ": " << violation;
    }
    return response;
  }
  static nlohmann::json Json(const HttpResponse& response) { return nlohmann::json::parse(response.body); }

  static std::string CookieFrom(const HttpResponse& response) {
    for (const auto& [name, value] : response.headers) {
      if (name == "Set-Cookie") return value.substr(value.find('=') + 1, value.find(';') - value.find('=') - 1);
    }
    return "";
  }

  // Signs up an organisation; returns its admin as a cookie caller.
  // Each organisation signs up from an address of its own (sign-ups per address are limited).
  Caller SignUp(const std::string& corporate_number, const std::string& email, const std::string& industry = "E") {
    static int signups = 0;
    const std::string address = remote_address_;
    ++signups;
    remote_address_ = "10.0." + std::to_string(signups / 250 % 250) + "." + std::to_string(signups % 250 + 1);
    const auto response = Send("POST", "/api/v1/signup",
                               nlohmann::json{{"corporate_number", corporate_number}, {"name", "Org " + corporate_number},
                                              {"industry", industry}, {"employees", 40}, {"email", email},
                                              {"display_name", "Admin"}, {"password", "a long enough password"}}
                                   .dump());
    remote_address_ = address;
    EXPECT_EQ(response.status, 201) << response.body;
    const auto body = Json(response);
    return Caller{CookieFrom(response), body["csrf_token"], "", body["user"]["id"], body["organisation"]["id"]};
  }

  // Signs `email` in; returns the new session as a caller.
  Caller Login(const std::string& email, const std::string& password) {
    const auto response = Send("POST", "/api/v1/login", nlohmann::json{{"email", email}, {"password", password}}.dump());
    EXPECT_EQ(response.status, 200) << response.body;
    const auto body = Json(response);
    return Caller{CookieFrom(response), body["csrf_token"], "", body["user"]["id"], body["user"]["org_id"]};
  }

  // Invites `email` with `role` into `admin`'s organisation and returns the new user. Roles
  // an organisation cannot give (assessor, association_admin) are granted afterwards the way
  // the operator's `hoshitori user grant` does, and the user signs in again.
  Caller Invite(const Caller& admin, const std::string& email, const std::string& role) {
    const bool operator_role = role != "member" && role != "org_admin";
    const auto invited = Send("POST", "/api/v1/invitations",
                              nlohmann::json{{"email", email}, {"role", operator_role ? "member" : role}}.dump(), &admin);
    EXPECT_EQ(invited.status, 201) << invited.body;
    const auto accepted = Send("POST", "/api/v1/invitations/accept",
                               nlohmann::json{{"token", Json(invited)["token"]}, {"display_name", role},
                                              {"password", "another long password"}}
                                   .dump());
    EXPECT_EQ(accepted.status, 201) << accepted.body;
    const auto body = Json(accepted);
    if (operator_role) {
      EXPECT_TRUE(store_->UpdateUserRole(body["user"]["id"], *ParseRole(role)).ok());
      return Login(email, "another long password");
    }
    return Caller{CookieFrom(accepted), body["csrf_token"], "", body["user"]["id"], body["user"]["org_id"]};
  }

  // The scheme operator accredits, as `hoshitori assessor accredit` does (Actor::Operator on
  // the test's own store connection). Returns the accreditation's id.
  Result<Accreditation> AccreditAs(service::AccreditationInput input) {
    const Clock clock(FixedToday());
    service::Context context{*store_, ShippedCatalog(), clock, nullptr, service::Actor::Operator()};
    return service::AssessorService(context).Accredit(input);
  }
  // An expert (the user with `email`) accredited for ★3, or a body (`corporate_number`) for
  // ★4, from 2020-01-01 to 2099-12-31.
  int64_t AccreditExpert(const std::string& email, const std::string& number = "") {
    service::AccreditationInput input;
    input.kind = AccreditationKind::kExpert;
    input.subject = email;
    input.number = number.empty() ? "RISS-" + email : number;
    input.qualification = "情報処理安全確保支援士";
    input.valid_from = "2020-01-01";
    input.valid_until = "2099-12-31";
    auto accredited = AccreditAs(input);
    EXPECT_TRUE(accredited.ok()) << (accredited.ok() ? "" : accredited.error().message);
    return accredited.ok() ? accredited->id : 0;
  }
  // A user of `admin`'s organisation made an assessor and accredited as an expert, as the
  // operator does it; signed in.
  Caller AccreditedExpert(const Caller& admin, const std::string& email) {
    Caller expert = Invite(admin, email, "assessor");
    AccreditExpert(email);
    return expert;
  }
  int64_t AccreditBody(const std::string& corporate_number) {
    service::AccreditationInput input;
    input.kind = AccreditationKind::kBody;
    input.subject = corporate_number;
    input.number = "BODY-" + corporate_number;
    input.scope = "★4 evaluation of the hub criteria";
    input.valid_from = "2020-01-01";
    input.valid_until = "2099-12-31";
    auto accredited = AccreditAs(input);
    EXPECT_TRUE(accredited.ok()) << (accredited.ok() ? "" : accredited.error().message);
    return accredited.ok() ? accredited->id : 0;
  }
  // The management declaration a submission for ★3 or above carries.
  static nlohmann::json Declaration() {
    return nlohmann::json{{"representative_name", "星取 太郎"},
                          {"representative_title", "代表取締役"},
                          {"declared_on", "2026-01-05"},
                          {"text_version", std::string(service::CurrentDeclarationText().version)}};
  }

  // A submitted hub assessment of `owner` with every ★3 criterion implemented and the
  // management declaration, naming the organisation `assessor_number` (when given, and then
  // accredited: AccreditExpert / AccreditBody) to confirm it.
  int64_t SubmittedAssessment(const Caller& owner, const std::string& assessor_number = "") {
    const auto created = Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &owner);
    EXPECT_EQ(created.status, 201) << created.body;
    const int64_t id = Json(created)["id"];
    nlohmann::json answers = nlohmann::json::array();
    const Framework& hub = *ShippedCatalog().FindFramework("hoshitori-common");
    for (NodeIndex n : hub.assessable()) {
      const auto& node = hub.nodes()[n];
      answers.push_back({{"ref", node.id}, {"status", LowestStar(node.levels) == 3 ? "implemented" : "partial"}});
    }
    const auto put = Send("PATCH", "/api/v1/assessments/" + std::to_string(id) + "/answers",
                          nlohmann::json{{"answers", answers}}.dump(), &owner);
    EXPECT_EQ(put.status, 200) << put.body;
    nlohmann::json submission{{"management_declaration", true}, {"declaration", Declaration()}};
    if (!assessor_number.empty()) submission["assessor_corporate_number"] = assessor_number;
    const auto submitted = Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/submit", submission.dump(), &owner);
    EXPECT_EQ(submitted.status, 200) << submitted.body;
    return id;
  }

  // The assessor `assessor` accepts the engagement of submitted assessment `id` (named by
  // the supplier at submission): since issue 14 a confirmation needs an accepted engagement.
  void AcceptEngagement(int64_t id, const Caller& supplier, const Caller& assessor) {
    const auto engagement = Send("GET", "/api/v1/assessments/" + std::to_string(id) + "/engagement", "", &supplier);
    ASSERT_EQ(engagement.status, 200) << engagement.body;
    const auto accepted = Send(
        "POST", "/api/v1/engagements/" + std::to_string(Json(engagement)["id"].get<int64_t>()) + "/accept", "{}", &assessor);
    ASSERT_EQ(accepted.status, 200) << accepted.body;
  }

  std::filesystem::path dir_;
  // Runs `sql` on the test database behind the store's back (to tamper with it).
  void RawSql(const std::string& sql) {
    if (!pg_database_.empty()) {
      pqxx::connection connection(db_url_);
      pqxx::nontransaction(connection).exec(sql);
      return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_url_.c_str(), &db), SQLITE_OK);
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << sql;
  }

  std::string server_url_, pg_database_, db_url_;
  std::string remote_address_ = "127.0.0.1";  // the client address of the next requests
  std::vector<std::pair<std::string, std::string>> extra_headers_;  // sent with the next requests
  std::unique_ptr<ApiApp> app_;
  std::unique_ptr<Store> store_;  // a second connection, for checking state directly
};

}  // namespace hoshitori::api::testing_support
