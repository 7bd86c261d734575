// Benchmark: import and score one industry campaign from CSV into SQLite, against a bare
// prepared-statement insert of the same rows (the peer), in the same run.
//
// Usage: campaign_import_bench [--organisations N] [--repeat R] [--dir DIR] [--catalogs DIR]
// Target (issue #2): hoshitori's import throughput >= 50% of the bare insert's.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <vector>

#include "assess/assessment_table.h"
#include "bench_support.h"
#include "catalog/catalog_loader.h"
#include "service/import_service.h"
#include "store/assessment_table_loader.h"
#include "store/sqlite/sqlite_store.h"

using namespace hoshitori;
using hoshitori::bench::Stopwatch;

namespace {

struct Row {
  std::string number;
  std::string node;
  std::string status;
  int maturity;
};

std::string CorporateNumberFor(int i) {
  char base[13];
  std::snprintf(base, sizeof base, "%012d", 100000000 + i);
  return std::to_string(CorporateNumber::CheckDigitFor(base)) + base;
}

// The operator's imports over one store, as `hoshitori org import` and `assess import-campaign`
// run them (service/import_service.h).
class OperatorImports {
 public:
  explicit OperatorImports(Store& store)
      : context_{store, catalog_, clock_, nullptr, service::Actor::Operator()} {}
  service::ImportService imports() { return service::ImportService(context_); }

 private:
  Catalog catalog_;
  Clock clock_;
  service::Context context_;
};

void Check(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "benchmark failed: " << what << "\n";
    std::exit(1);
  }
}

std::unique_ptr<SqliteStore> FreshStore(const std::filesystem::path& path, int organisations) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  auto store = SqliteStore::Open(path.string());
  Check(store.ok(), store.ok() ? "" : store.error().message);
  std::string csv = "corporate_number,name,industry,employees,capital_yen\n";
  for (int i = 0; i < organisations; ++i) csv += CorporateNumberFor(i) + ",Org " + std::to_string(i) + ",E,50,10000000\n";
  auto added = OperatorImports(**store).imports().Organisations(csv);
  Check(added.ok(), added.ok() ? "" : added.error().message);
  return std::move(store).value();
}

// The peer: what a developer would write to load the same rows with no validation.
double BareInsert(SqliteStore& store, const std::vector<Row>& rows, int organisations) {
  sqlite3* db = store.handle();
  Stopwatch watch;
  Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK, "begin");
  sqlite3_stmt* assessment = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO assessments (id, org_id, framework_id, scope, status, attestation, "
                     "created_at, updated_at) VALUES (?, ?, 'hoshitori-common', '', 'submitted', 'self', "
                     "'2026-11-21T00:00:00Z', '2026-11-21T00:00:00Z')",
                     -1, &assessment, nullptr);
  for (int i = 1; i <= organisations; ++i) {
    sqlite3_bind_int(assessment, 1, i);
    sqlite3_bind_int(assessment, 2, i);
    Check(sqlite3_step(assessment) == SQLITE_DONE, "assessment insert");
    sqlite3_reset(assessment);
  }
  sqlite3_finalize(assessment);
  sqlite3_stmt* answer = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO answers (assessment_id, org_id, node_id, status, maturity, choice, "
                     "comment, evidence) VALUES (?, ?, ?, ?, ?, NULL, '', '')",
                     -1, &answer, nullptr);
  const size_t per_org = rows.size() / organisations;
  for (size_t r = 0; r < rows.size(); ++r) {
    const int id = static_cast<int>(r / per_org) + 1;
    sqlite3_bind_int(answer, 1, id);
    sqlite3_bind_int(answer, 2, id);
    sqlite3_bind_text(answer, 3, rows[r].node.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(answer, 4, rows[r].status.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_int(answer, 5, rows[r].maturity);
    Check(sqlite3_step(answer) == SQLITE_DONE, "answer insert");
    sqlite3_reset(answer);
  }
  sqlite3_finalize(answer);
  Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK, "commit");
  return watch.Seconds();
}

}  // namespace

int main(int argc, char** argv) {
  int organisations = 4000;
  int repeat = 3;
  std::string dir = "bench/data";
  std::string catalogs = HOSHITORI_SOURCE_DIR "/catalogs";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--organisations") organisations = std::stoi(argv[i + 1]);
    else if (flag == "--repeat") repeat = std::stoi(argv[i + 1]);
    else if (flag == "--dir") dir = argv[i + 1];
    else if (flag == "--catalogs") catalogs = argv[i + 1];
  }
  std::filesystem::create_directories(dir);
  auto catalog = LoadCatalogDirectory(catalogs);
  Check(catalog.ok(), catalog.ok() ? "" : catalog.error().message);
  const Framework& hub = *catalog->FindFramework("hoshitori-common");

  // The campaign file: every hub criterion answered by every organisation.
  std::mt19937 random(42);
  const char* statuses[] = {"implemented", "implemented", "implemented", "partial", "not_implemented", "not_applicable"};
  std::vector<Row> rows;
  rows.reserve(static_cast<size_t>(organisations) * hub.assessable().size());
  std::ostringstream csv;
  csv << "corporate_number,ref,status,maturity\n";
  for (int i = 0; i < organisations; ++i) {
    const std::string number = CorporateNumberFor(i);
    for (NodeIndex n : hub.assessable()) {
      Row row{number, hub.nodes()[n].id, statuses[random() % 6], static_cast<int>(random() % 6)};
      csv << row.number << ',' << row.node << ',' << row.status << ',' << row.maturity << '\n';
      rows.push_back(std::move(row));
    }
  }
  const std::string csv_path = dir + "/campaign.csv";
  std::ofstream(csv_path) << csv.str();
  std::cout << "campaign: " << organisations << " organisations x " << hub.assessable().size()
            << " criteria = " << rows.size() << " answers, " << csv.str().size() / (1024 * 1024) << " MiB CSV\n";

  std::vector<double> ours, peer;
  double ours_peak = 0, peer_peak = 0;
  int64_t checksum = 0;
  for (int r = 0; r < repeat; ++r) {
    {
      auto store = FreshStore(dir + "/peer.db", organisations);
      bench::ResetPeakMemory();
      const double before = bench::CurrentMemoryMiB();
      peer.push_back(BareInsert(*store, rows, organisations));
      peer_peak = std::max(peer_peak, bench::PeakMemoryMiB() - before);
    }
    {
      auto store = FreshStore(dir + "/ours.db", organisations);
      bench::ResetPeakMemory();
      const double before = bench::CurrentMemoryMiB();
      Stopwatch watch;
      // Import: read the file, validate every row, store in one transaction.
      std::ifstream in(csv_path);
      std::stringstream text;
      text << in.rdbuf();
      AssessmentRecord record;
      record.framework_id = hub.id;
      record.attestation.status = AssessmentStatus::kSubmitted;
      auto summary = OperatorImports(*store).imports().Campaign(hub, record, text.str());
      Check(summary.ok(), summary.ok() ? "" : summary.error().message);
      // Score: every imported assessment, read back from the store into the engine.
      const ScoringModel model(hub);
      AssessmentTable table(hub);
      Check(LoadAssessmentTable(*store, hub, table).ok(), "load answers");
      Check(table.size() == summary->assessment_ids.size(), "every assessment scored");
      const auto scores = table.ScoreAll(model);
      checksum = 0;
      for (uint8_t star : scores.eligible_star) checksum += star;
      ours.push_back(watch.Seconds());
      ours_peak = std::max(ours_peak, bench::PeakMemoryMiB() - before);
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double ours_s = median(ours), peer_s = median(peer);
  std::printf("bare prepared insert (peer): %.3f s  %.0f rows/s  peak +%.0f MiB\n", peer_s, rows.size() / peer_s, peer_peak);
  std::printf("hoshitori import+score:      %.3f s  %.0f rows/s  peak +%.0f MiB  (eligible-star checksum %lld)\n",
              ours_s, rows.size() / ours_s, ours_peak, static_cast<long long>(checksum));
  std::printf("ratio (hoshitori / peer throughput): %.2f  target >= 0.50  median of %d runs\n", peer_s / ours_s, repeat);
  return 0;
}
