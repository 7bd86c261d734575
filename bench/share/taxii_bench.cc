// TAXII 2.1 read benchmark (issue 16): a collection of N objects (default 1,000,000) stored
// for one sharing group with one member, bulk-loaded (ShareObjectRepository::InsertMany in
// chunks of 10,000), then C concurrent clients (default 64) each asking, for D seconds, for
// pages of 100 objects (GET .../objects/?limit=100&added_after=<a random point of the
// collection>) with the member's API token. Reports p50, p99 and throughput.
//
// The requests go through ApiApp::Handle in this process (authentication, routing, the
// TAXII service with its SQL step and Authorize step, JSON), with one store connection per
// client thread up to --connections; the HTTP socket layer is not in the figures.
//
// Usage: taxii_bench --db URL [--objects N] [--clients C] [--connections K] [--seconds D]
// (URL: a SQLite file path or a postgresql:// URL of an empty database).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api_app.h"
#include "bench_support.h"
#include "catalog/catalog_loader.h"
#include "service/taxii_service.h"
#include "share/audience_json.h"
#include "store/share_object_repository.h"

namespace hoshitori {
namespace {

using nlohmann::json;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "taxii_bench: " << what << "\n";
  std::exit(1);
}

api::HttpResponse Call(api::ApiApp& app, const std::string& method, const std::string& target,
                       const std::string& body,
                       std::vector<std::pair<std::string, std::string>> headers) {
  api::HttpRequest request;
  request.method = method;
  if (!api::SplitTarget(target, request.path, request.query)) Die("bad target " + target);
  request.body = body;
  request.remote_address = "127.0.0.1";
  request.headers = std::move(headers);
  if (!body.empty()) request.headers.emplace_back("content-type", "application/json");
  return app.Handle(request);
}

std::string Timestamp(int64_t second, int micros) {
  const int64_t day = second / 86400, in_day = second % 86400;
  char out[96];
  std::snprintf(out, sizeof out, "2026-%02d-%02dT%02d:%02d:%02d.%06dZ",
                static_cast<int>(1 + day / 28), static_cast<int>(1 + day % 28),
                static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                static_cast<int>(in_day % 60), micros);
  return out;
}

int Run(int argc, char** argv) {
  std::string db;
  int64_t objects = 1'000'000;
  int clients = 64, connections = 8, seconds = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db") db = argv[i + 1];
    else if (flag == "--objects") objects = std::stoll(argv[i + 1]);
    else if (flag == "--clients") clients = std::stoi(argv[i + 1]);
    else if (flag == "--connections") connections = std::stoi(argv[i + 1]);
    else if (flag == "--seconds") seconds = std::stoi(argv[i + 1]);
    else Die("unknown flag " + flag);
  }
  if (db.empty()) Die("usage: taxii_bench --db URL [--objects N] [--clients C] ...");
  auto catalog = LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs");
  if (!catalog) Die(catalog.error().message);
  api::ApiOptions options;
  options.db_url = db;
  options.connections = connections;
  options.password_cost = service::PasswordCost::kMinimal;
  options.access_log = false;
  auto created = api::ApiApp::Create(*catalog, options);
  if (!created) Die(created.error().message);
  api::ApiApp& app = **created;

  // One organisation (the group's owner and only member) with a read token.
  const auto signup = Call(app, "POST", "/api/v1/signup",
                           json{{"corporate_number", "3400120034561"},
                                {"name", "ISAC"},
                                {"industry", "E"},
                                {"employees", 40},
                                {"email", "admin@isac.example"},
                                {"display_name", "Admin"},
                                {"password", "a long enough password"}}
                               .dump(),
                           {});
  if (signup.status != 201) Die("signup: " + signup.body);
  const json who = json::parse(signup.body);
  std::string cookie;
  for (const auto& [name, value] : signup.headers) {
    if (name == "Set-Cookie") cookie = value.substr(value.find('=') + 1, value.find(';') - value.find('=') - 1);
  }
  const std::vector<std::pair<std::string, std::string>> session = {
      {"cookie", "hoshitori_session=" + cookie}, {"x-csrf-token", who["csrf_token"]}};
  const auto token = Call(app, "POST", "/api/v1/tokens",
                          json{{"name", "bench"}, {"scope", "read"}}.dump(), session);
  if (token.status != 201) Die("token: " + token.body);
  const std::string bearer = "Bearer " + json::parse(token.body)["token"].get<std::string>();
  const auto group = Call(app, "POST", "/api/v1/sharing-groups",
                          json{{"kind", "isac"}, {"name", "bench"}}.dump(), session);
  if (group.status != 201) Die("group: " + group.body);
  const int64_t group_id = json::parse(group.body)["id"];
  const int64_t org_id = who["organisation"]["id"];
  const int64_t user_id = who["user"]["id"];

  // The objects: GREEN indicators, one version each, one per 10 ms of added time.
  bench::Stopwatch load;
  {
    auto store = Store::Open(db);
    if (!store) Die(store.error().message);
    share::SharedObject audience;
    audience.audience = share::Audience{share::Tlp::kGreen, org_id, user_id, group_id, {}, {}};
    const std::string audience_json = share::AudienceToJson(audience);
    constexpr int64_t kChunk = 10'000;
    for (int64_t start = 0; start < objects; start += kChunk) {
      std::vector<StoredShareObject> rows;
      for (int64_t n = start; n < std::min(objects, start + kChunk); ++n) {
        char uuid[64];
        std::snprintf(uuid, sizeof uuid, "6b616fc1-1505-48e3-8b2c-%012lld",
                      static_cast<long long>(n));
        const std::string id = std::string("indicator--") + uuid;
        const std::string added = Timestamp(n / 100, static_cast<int>(n % 100) * 10000);
        StoredShareObject row;
        row.org_id = org_id;
        row.group_id = group_id;
        row.author_user_id = user_id;
        row.stix_id = id;
        row.stix_type = "indicator";
        row.version = "2026-01-01T00:00:00.000000Z";
        row.added_at = added;
        row.tlp = "green";
        row.audience = audience_json;
        row.object = json{{"type", "indicator"},
                          {"spec_version", "2.1"},
                          {"id", id},
                          {"created", "2026-01-01T00:00:00.000Z"},
                          {"modified", "2026-01-01T00:00:00.000Z"},
                          {"pattern", "[ipv4-addr:value = '198.51.100." + std::to_string(n % 250) + "']"},
                          {"pattern_type", "stix"},
                          {"valid_from", "2026-01-01T00:00:00Z"},
                          {"object_marking_refs", {service::MarkingRefOf(share::Tlp::kGreen)}}}
                         .dump();
        rows.push_back(std::move(row));
      }
      Transaction transaction(**store);
      if (!transaction.begun()) Die(transaction.begun().error().message);
      if (Status s = ShareObjectRepository((*store)->Sql()).InsertMany(rows); !s) Die(s.error().message);
      if (Status s = transaction.Commit(); !s) Die(s.error().message);
    }
    if (db.starts_with("postgres")) {
      (void)(*store)->Sql().Execute("analyze", "ANALYZE share_objects", SqlParams());
    } else {
      (void)(*store)->Sql().Execute("analyze", "ANALYZE", SqlParams());
    }
  }
  const double load_seconds = load.Seconds();
  std::printf("loaded %lld objects in %.1f s (%.0f objects/s)\n", static_cast<long long>(objects),
              load_seconds, static_cast<double>(objects) / load_seconds);

  const std::string base =
      "/taxii2/api1/collections/" + service::CollectionId(group_id) + "/objects/?limit=100";
  // A check page: 100 objects, more to come.
  const auto check = Call(app, "GET", base, "", {{"authorization", bearer}});
  if (check.status != 200 || json::parse(check.body)["objects"].size() != 100) {
    Die("check page: " + std::to_string(check.status) + " " + check.body.substr(0, 300));
  }

  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
  std::atomic<int64_t> errors{0};
  std::vector<std::thread> threads;
  bench::Stopwatch run;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      std::mt19937_64 random(static_cast<uint64_t>(c) + 1);
      std::uniform_int_distribution<int64_t> at(0, std::max<int64_t>(0, objects - 101));
      auto& mine = latencies[static_cast<size_t>(c)];
      while (!stop.load(std::memory_order_relaxed)) {
        const int64_t n = at(random);
        const std::string target =
            base + "&added_after=" + Timestamp(n / 100, static_cast<int>(n % 100) * 10000);
        bench::Stopwatch one;
        const auto response = Call(app, "GET", target, "", {{"authorization", bearer}});
        mine.push_back(one.Seconds() * 1000);
        if (response.status != 200) errors.fetch_add(1);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = run.Seconds();
  std::vector<double> all;
  for (const auto& mine : latencies) all.insert(all.end(), mine.begin(), mine.end());
  std::sort(all.begin(), all.end());
  if (all.empty()) Die("no requests finished");
  const auto percentile = [&](double p) {
    return all[std::min(all.size() - 1, static_cast<size_t>(p * static_cast<double>(all.size())))];
  };
  std::printf(
      "backend %s: %lld objects, %d clients, %d connections, %d s: %zu pages, %lld errors, "
      "%.0f pages/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      db.starts_with("postgres") ? "postgresql" : "sqlite", static_cast<long long>(objects),
      clients, connections, seconds, all.size(), static_cast<long long>(errors.load()),
      static_cast<double>(all.size()) / elapsed, percentile(0.5), percentile(0.9),
      percentile(0.99), all.back());
  return errors.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace hoshitori

int main(int argc, char** argv) { return hoshitori::Run(argc, argv); }
