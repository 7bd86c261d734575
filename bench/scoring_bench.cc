// Benchmark: category maturity and star levels for many assessments, computed by the
// in-memory engine (AssessmentTable) versus the equivalent SQL aggregation inside SQLite,
// on the same database, in the same run, with the results compared.
//
// Usage: scoring_bench [--assessments N] [--db PATH] [--reuse] [--catalogs DIR]
//   --reuse keeps an existing database of the right size instead of regenerating it.
// Target (issue #2): engine >= 20x faster than SQLite's aggregation; same results.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <random>

#include "assess/assessment_table.h"
#include "bench_support.h"
#include "catalog/catalog_loader.h"
#include "store/assessment_table_loader.h"
#include "store/sqlite/sqlite_store.h"

using namespace hoshitori;
using hoshitori::bench::Stopwatch;

namespace {

void Check(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "benchmark failed: " << what << "\n";
    std::exit(1);
  }
}

void Exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::cerr << "SQL failed: " << (message ? message : "?") << "\n" << sql << "\n";
    std::exit(1);
  }
}

int64_t Count(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
  int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
  sqlite3_finalize(s);
  return n;
}

// Writes `assessments` assessments of the hub, every criterion answered, with bare inserts.
void Generate(sqlite3* db, const Framework& hub, int64_t assessments) {
  std::mt19937_64 random(7);
  const char* statuses[] = {"implemented", "implemented", "implemented", "implemented", "partial",
                            "not_implemented", "not_applicable", "unknown"};
  Exec(db, "BEGIN");
  sqlite3_stmt* org = nullptr;
  sqlite3_stmt* assessment = nullptr;
  sqlite3_stmt* answer = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO organisations (id, corporate_number, name, industry, created_at) VALUES (?, ?, 'bench', 'E', '2026-11-21')", -1, &org, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO assessments (id, org_id, framework_id, status, attestation, created_at, updated_at) VALUES (?, ?, 'hoshitori-common', 'submitted', 'self', '2026-11-21', '2026-11-21')", -1, &assessment, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO answers (assessment_id, org_id, node_id, status, maturity) VALUES (?, ?, ?, ?, ?)", -1, &answer, nullptr);
  for (int64_t id = 1; id <= assessments; ++id) {
    // Suppliers differ in how far they are: some meet every ★3 criterion, a few meet ★4.
    const int profile = static_cast<int>(random() % 10);
    char number[24];
    std::snprintf(number, sizeof number, "%013lld", static_cast<long long>(id));
    sqlite3_bind_int64(org, 1, id);
    sqlite3_bind_text(org, 2, number, -1, SQLITE_TRANSIENT);
    Check(sqlite3_step(org) == SQLITE_DONE, "org");
    sqlite3_reset(org);
    sqlite3_bind_int64(assessment, 1, id);
    sqlite3_bind_int64(assessment, 2, id);
    Check(sqlite3_step(assessment) == SQLITE_DONE, "assessment");
    sqlite3_reset(assessment);
    for (NodeIndex n : hub.assessable()) {
      const RequirementNode& node = hub.nodes()[n];
      const int star = LowestStar(node.levels);
      const char* status = statuses[random() % 8];
      if ((profile >= 4 && star == 3) || (profile >= 8 && star == 4)) status = "implemented";
      sqlite3_bind_int64(answer, 1, id);
      sqlite3_bind_int64(answer, 2, id);
      sqlite3_bind_text(answer, 3, node.id.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(answer, 4, status, -1, SQLITE_STATIC);
      if (random() % 3 == 0) sqlite3_bind_null(answer, 5); else sqlite3_bind_int(answer, 5, static_cast<int>(random() % 6));
      Check(sqlite3_step(answer) == SQLITE_DONE, "answer");
      sqlite3_reset(answer);
    }
    if (id % 100000 == 0) {
      Exec(db, "COMMIT");
      Exec(db, "BEGIN");
      std::cerr << "  generated " << id << " assessments\n";
    }
  }
  sqlite3_finalize(org);
  sqlite3_finalize(assessment);
  sqlite3_finalize(answer);
  Exec(db, "COMMIT");
}

}  // namespace

int main(int argc, char** argv) {
  int64_t assessments = 1'000'000;
  std::string db_path = "bench/data/scoring.db";
  std::string catalogs = HOSHITORI_SOURCE_DIR "/catalogs";
  bool reuse = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--reuse") { reuse = true; continue; }
    if (i + 1 >= argc) break;
    if (flag == "--assessments") assessments = std::stoll(argv[++i]);
    else if (flag == "--db") db_path = argv[++i];
    else if (flag == "--catalogs") catalogs = argv[++i];
  }
  auto catalog = LoadCatalogDirectory(catalogs);
  Check(catalog.ok(), catalog.ok() ? "" : catalog.error().message);
  const Framework& hub = *catalog->FindFramework("hoshitori-common");
  const ScoringModel model(hub);
  std::filesystem::create_directories(std::filesystem::path(db_path).parent_path());

  bool fresh = !reuse;
  if (reuse) {
    auto probe = SqliteStore::Open(db_path);
    fresh = !probe.ok() || Count((*probe)->handle(), "SELECT COUNT(*) FROM assessments") != assessments;
  }
  if (fresh) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + suffix);
    auto store = SqliteStore::Open(db_path);
    Check(store.ok(), "open");
    Stopwatch watch;
    Generate((*store)->handle(), hub, assessments);
    std::printf("generated %lld assessments x %zu answers in %.1f s\n", static_cast<long long>(assessments),
                hub.assessable().size(), watch.Seconds());
  }
  auto opened = SqliteStore::Open(db_path);
  Check(opened.ok(), "open");
  SqliteStore& store = **opened;
  sqlite3* db = store.handle();
  const int64_t rows = Count(db, "SELECT COUNT(*) FROM answers");
  std::printf("database: %lld assessments, %lld answers, %.0f MiB\n",
              static_cast<long long>(Count(db, "SELECT COUNT(*) FROM assessments")),
              static_cast<long long>(rows), std::filesystem::file_size(db_path) / 1048576.0);

  // --- Peer: the equivalent aggregation in SQL, one scan grouped by assessment. The node
  // attributes it needs are a plain table, as a SQL user would keep them.
  Exec(db, "DROP TABLE IF EXISTS bench_nodes");
  Exec(db, "CREATE TABLE bench_nodes (node_id TEXT PRIMARY KEY, category INTEGER, star INTEGER) WITHOUT ROWID");
  for (NodeIndex n : hub.assessable()) {
    const RequirementNode& node = hub.nodes()[n];
    Exec(db, "INSERT INTO bench_nodes VALUES ('" + node.id + "', " + std::to_string(node.category) + ", " +
                 std::to_string(LowestStar(node.levels)) + ")");
  }
  const std::string maturity =
      "(CASE WHEN a.maturity IS NOT NULL THEN a.maturity WHEN a.status = 'implemented' THEN 3 "
      "WHEN a.status = 'partial' THEN 1 ELSE 0 END)";
  std::string sql = "SELECT a.assessment_id, MIN(CASE WHEN n.star > 0 AND a.status NOT IN ('implemented', 'not_applicable') THEN n.star END)";
  const size_t categories = hub.categories.size();
  for (size_t c = 0; c < categories; ++c) {
    const std::string in_category = "n.category = " + std::to_string(c) + " AND a.status <> 'not_applicable'";
    sql += ", SUM(CASE WHEN " + in_category + " THEN " + maturity + " END)";
    sql += ", SUM(CASE WHEN " + in_category + " THEN 1 END)";
  }
  sql += " FROM answers a JOIN assessments s ON s.id = a.assessment_id JOIN bench_nodes n ON n.node_id = a.node_id"
         " WHERE s.framework_id = 'hoshitori-common' GROUP BY a.assessment_id ORDER BY a.assessment_id";
  // Eligible star from the first failed star, as the engine's rule: highest present star below it.
  const LevelTags present = model.present_stars();
  auto eligible_from = [&](int first_failed) {
    int eligible = 0;
    for (int star = 1; star <= 5 && star < first_failed; ++star) {
      if (present & (1 << (star - 1))) eligible = star;
    }
    return eligible;
  };

  bench::ResetPeakMemory();
  double sql_memory_before = bench::CurrentMemoryMiB();
  Stopwatch sql_watch;
  sqlite3_stmt* query = nullptr;
  Check(sqlite3_prepare_v2(db, sql.c_str(), -1, &query, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  int64_t sql_star_sum = 0, sql_rows = 0;
  double sql_maturity_sum = 0;
  int64_t sql_star_histogram[6] = {};
  while (sqlite3_step(query) == SQLITE_ROW) {
    const int first_failed = sqlite3_column_type(query, 1) == SQLITE_NULL ? 6 : sqlite3_column_int(query, 1);
    const int star = eligible_from(first_failed);
    sql_star_sum += star;
    ++sql_star_histogram[star];
    for (size_t c = 0; c < categories; ++c) {
      const int64_t count = sqlite3_column_int64(query, 3 + 2 * static_cast<int>(c));
      if (count) sql_maturity_sum += static_cast<float>(sqlite3_column_double(query, 2 + 2 * static_cast<int>(c)) / count);
    }
    ++sql_rows;
  }
  sqlite3_finalize(query);
  const double sql_seconds = sql_watch.Seconds();
  const double sql_peak = bench::PeakMemoryMiB() - sql_memory_before;

  // --- Engine: one-time load from SQLite (reported separately), then scoring in memory.
  bench::ResetPeakMemory();
  const double load_memory_before = bench::CurrentMemoryMiB();
  Stopwatch load_watch;
  AssessmentTable table(hub);
  Check(LoadAssessmentTable(store, hub, table).ok(), "load");
  const double load_seconds = load_watch.Seconds();
  const double load_peak = bench::PeakMemoryMiB() - load_memory_before;

  bench::ResetPeakMemory();
  const double score_memory_before = bench::CurrentMemoryMiB();
  double best = 1e30;
  AssessmentTable::Scores scores;
  for (int r = 0; r < 5; ++r) {
    Stopwatch score_watch;
    scores = table.ScoreAll(model);
    best = std::min(best, score_watch.Seconds());
  }
  const double score_peak = bench::PeakMemoryMiB() - score_memory_before;
  int64_t star_sum = 0;
  int64_t star_histogram[6] = {};
  double maturity_sum = 0;
  for (size_t row = 0; row < table.size(); ++row) {
    star_sum += scores.eligible_star[row];
    ++star_histogram[scores.eligible_star[row]];
    for (size_t c = 0; c < categories; ++c) maturity_sum += scores.category_maturity[row * categories + c];
  }

  const bool same = sql_rows == static_cast<int64_t>(table.size()) && sql_star_sum == star_sum &&
                    std::fabs(sql_maturity_sum - maturity_sum) <= 1e-6 * std::max(1.0, std::fabs(maturity_sum));
  std::printf("SQLite aggregation (peer):  %.3f s  peak +%.0f MiB\n", sql_seconds, sql_peak);
  std::printf("engine load from SQLite:    %.3f s  peak +%.0f MiB  (table %.0f MiB)\n", load_seconds, load_peak,
              table.MemoryBytes() / 1048576.0);
  std::printf("engine scoring (best of 5): %.3f s  peak +%.0f MiB  %.0f assessments/s\n", best, score_peak,
              table.size() / best);
  std::printf("speed-up (peer / engine scoring): %.1fx  target >= 20x\n", sql_seconds / best);
  std::printf("results: %lld assessments; eligible star histogram ★0..★5:", static_cast<long long>(table.size()));
  for (int s = 0; s <= 5; ++s) std::printf(" %lld", static_cast<long long>(star_histogram[s]));
  std::printf("; category maturity sum %.3f vs SQL %.3f — %s\n", maturity_sum, sql_maturity_sum,
              same ? "SAME" : "DIFFERENT");
  for (int s = 0; s <= 5; ++s) {
    if (star_histogram[s] != sql_star_histogram[s]) {
      std::printf("star %d: engine %lld vs SQL %lld\n", s, static_cast<long long>(star_histogram[s]),
                  static_cast<long long>(sql_star_histogram[s]));
    }
  }
  return same ? 0 : 2;
}
