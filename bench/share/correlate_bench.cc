// Indicator index rebuild benchmark (issue 16): the server path of correlation. N indicator
// objects (default 100,000; a third each IPv4 addresses, host names under 1,000 registered
// domains and SHA-256 hashes, TLP:GREEN) are bulk-loaded into share_objects
// (ShareObjectRepository::InsertMany in chunks of 10,000), then a fresh
// service::IndicatorCorrelator catches up from the store as Runtime::Open does at start: the
// rows read in chunks, every STIX pattern read by interchange::ReadBundle, every audience by
// share::AudienceFromJson, all added to the index. Reports the rebuild time, indicators per
// second and the memory the index added; then one more chunk of 1,000 rows written after the
// rebuild and the incremental catch-up that finds them, and the mean cost of a catch-up that
// finds nothing (what every correlation pays first).
//
// Usage: correlate_bench --db URL [--indicators N]
// (URL: a SQLite file path that does not exist yet, or a postgresql:// URL of an empty database).
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/api_app.h"
#include "bench_support.h"
#include "catalog/catalog_loader.h"
#include "service/indicator_correlation.h"
#include "share/audience_json.h"
#include "store/share_object_repository.h"

namespace hoshitori {
namespace {

using nlohmann::json;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "correlate_bench: " << what << "\n";
  std::exit(1);
}

// The STIX pattern of the n-th indicator.
std::string PatternOf(int64_t n) {
  char text[96];
  switch (n % 3) {
    case 0:
      std::snprintf(text, sizeof text, "[ipv4-addr:value = '10.%lld.%lld.%lld']",
                    static_cast<long long>(n / 65536 % 256), static_cast<long long>(n / 256 % 256),
                    static_cast<long long>(n % 256));
      break;
    case 1:
      std::snprintf(text, sizeof text, "[domain-name:value = 'h%lld.d%lld.example']",
                    static_cast<long long>(n), static_cast<long long>(n % 1000));
      break;
    default:
      std::snprintf(text, sizeof text, "[file:hashes.'SHA-256' = '%064llx']",
                    static_cast<long long>(n * 2654435761LL));
  }
  return text;
}

// Stores indicators [from, to) as GREEN objects of `group` in chunks of 10,000.
void Load(Store& store, int64_t from, int64_t to, int64_t org, int64_t user, int64_t group) {
  share::SharedObject audience;
  audience.audience = share::Audience{share::Tlp::kGreen, org, user, group, {}, {}};
  const std::string audience_json = share::AudienceToJson(audience);
  constexpr int64_t kChunk = 10'000;
  for (int64_t start = from; start < to; start += kChunk) {
    std::vector<StoredShareObject> rows;
    for (int64_t n = start; n < std::min(to, start + kChunk); ++n) {
      char uuid[64];
      std::snprintf(uuid, sizeof uuid, "3c1e7a52-8d0b-4f6a-9e21-%012lld",
                    static_cast<long long>(n));
      StoredShareObject row;
      row.org_id = org;
      row.group_id = group;
      row.author_user_id = user;
      row.stix_id = std::string("indicator--") + uuid;
      row.stix_type = "indicator";
      row.version = "2026-12-01T00:00:00.000000Z";
      row.added_at = "2026-12-01T00:00:00.000000Z";
      row.tlp = "green";
      row.audience = audience_json;
      row.object = json{{"type", "indicator"},
                        {"spec_version", "2.1"},
                        {"id", row.stix_id},
                        {"created", "2026-12-01T00:00:00.000Z"},
                        {"modified", "2026-12-01T00:00:00.000Z"},
                        {"pattern", PatternOf(n)},
                        {"pattern_type", "stix"},
                        {"valid_from", "2026-12-01T00:00:00.000Z"}}
                       .dump();
      rows.push_back(std::move(row));
    }
    Transaction transaction(store);
    if (!transaction.begun()) Die(transaction.begun().error().message);
    if (Status s = ShareObjectRepository(store.Sql()).InsertMany(rows); !s) Die(s.error().message);
    if (Status s = transaction.Commit(); !s) Die(s.error().message);
  }
}

int Run(int argc, char** argv) {
  std::string db;
  int64_t indicators = 100'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db")
      db = argv[i + 1];
    else if (flag == "--indicators")
      indicators = std::stoll(argv[i + 1]);
    else
      Die("unknown flag " + flag);
  }
  if (db.empty()) Die("usage: correlate_bench --db URL [--indicators N]");
  auto catalog = LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs");
  if (!catalog) Die(catalog.error().message);
  api::ApiOptions options;
  options.db_url = db;
  options.connections = 1;
  options.password_cost = service::PasswordCost::kMinimal;
  options.access_log = false;
  int64_t org = 0, user = 0, group = 0;
  {
    // The schema, one organisation and its group, made through the API.
    auto created = api::ApiApp::Create(*catalog, options);
    if (!created) Die(created.error().message);
    api::ApiApp& app = **created;
    api::HttpRequest request;
    request.method = "POST";
    request.path = "/api/v1/signup";
    request.remote_address = "127.0.0.1";
    request.headers = {{"content-type", "application/json"}};
    request.body = json{{"corporate_number", "3400120034561"},
                        {"name", "ISAC"},
                        {"industry", "E"},
                        {"employees", 40},
                        {"email", "admin@isac.example"},
                        {"display_name", "Admin"},
                        {"password", "a long enough password"}}
                       .dump();
    const auto signup = app.Handle(request);
    if (signup.status != 201) Die("signup: " + signup.body);
    const json who = json::parse(signup.body);
    org = who["organisation"]["id"];
    user = who["user"]["id"];
  }
  auto store = Store::Open(db);
  if (!store) Die(store.error().message);
  if (auto inserted = (*store)->Sql().Execute(
          "group",
          "INSERT INTO sharing_groups (org_id, kind, name, created_by, created_at) "
          "VALUES (?, 'isac', 'bench', ?, '2026-12-01T00:00:00Z')",
          SqlParams(org, user));
      !inserted) {
    Die(inserted.error().message);
  }
  if (auto read = (*store)->Sql().Execute("group", "SELECT MAX(id) FROM sharing_groups",
                                          SqlParams(), [&](const SqlRow& r) { group = r.Int(0); });
      !read) {
    Die(read.error().message);
  }
  bench::Stopwatch load;
  Load(**store, 0, indicators, org, user, group);
  std::printf("loaded %lld indicator rows in %.1f s\n", static_cast<long long>(indicators),
              load.Seconds());

  const double before = bench::CurrentMemoryMiB();
  auto correlator = service::IndicatorCorrelator::WithSystemSuffixes();
  bench::Stopwatch rebuild;
  auto stats = correlator->CatchUp((*store)->Sql());
  if (!stats) Die(stats.error().message);
  const double seconds = rebuild.Seconds();
  std::printf("rebuild: %zu rows, %zu indicators in %.2f s (%.0f indicators/s), +%.0f MiB\n",
              stats->rows, stats->indicators, seconds, stats->indicators / seconds,
              bench::CurrentMemoryMiB() - before);
  if (stats->indicators != static_cast<size_t>(indicators)) Die("not every indicator was indexed");

  Load(**store, indicators, indicators + 1000, org, user, group);
  bench::Stopwatch increment;
  auto more = correlator->CatchUp((*store)->Sql());
  if (!more) Die(more.error().message);
  std::printf("catch-up of %zu new rows: %.1f ms\n", more->rows, increment.Seconds() * 1000);
  if (more->indicators != 1000) Die("the new rows were not all indexed");
  // What every correlation pays when nothing is new: one indexed query (mean of 100).
  bench::Stopwatch idle;
  for (int i = 0; i < 100; ++i) {
    auto none = correlator->CatchUp((*store)->Sql());
    if (!none) Die(none.error().message);
    if (none->rows != 0) Die("rows appeared from nowhere");
  }
  std::printf("catch-up with nothing new: %.3f ms (mean of 100)\n", idle.Seconds() * 10);
  return 0;
}

}  // namespace
}  // namespace hoshitori

int main(int argc, char** argv) { return hoshitori::Run(argc, argv); }
