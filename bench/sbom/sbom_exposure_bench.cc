// "Who is exposed to advisory X through their suppliers" at national scale: the exposure
// engine (sbom/exposure.h) loaded with a synthetic national supply chain, and
// ExposureEngine::Exposures timed for every advisory of the real OSV data sets (or a seeded
// sample of them). Reports p50 / p99 / max per advisory, the rows found, and the engine's
// memory.
//
// The graph mirrors bench/chain/generate.cc's shape in memory (no files): ORGS organisations
// in tiers 0..6 plus 0.3 % shared IT / cloud providers; RELATIONSHIPS buyer -> supplier edges
// with Pareto-distributed buying, suppliers mostly one tier down and Zipf-like popularity,
// 12 % of edges to the shared providers, some same- or higher-tier edges (cycles).
// Products: VERSIONS product versions, 40 % owned by the providers (popular providers own
// more), 60 % by device makers among the firms of tiers 1..5 (3 versions each: 20,000 at the
// defaults). Each version holds COMPONENTS / VERSIONS components drawn from the packages the OSV
// advisories name (half) and unrelated names (osv_pool.h). Every relationship whose supplier owns
// product versions delivers one of them (90 % disclose matches, 50 % share the SBOM). Containment:
// half of the device makers' versions contain one or two provider versions, a fifth of the provider
// versions contain another provider's version (chains), 1 % of those edges also point back
// (cycles).
//
// Usage: sbom_exposure_bench [--orgs N] [--relationships N] [--versions N]
//                            [--components N] [--advisories N|all] [--seed S] [--osv DIR]...
// Defaults: 1,000,000 / 10,000,000 / 100,000 / 10,000,000 / all. Without the OSV data sets
// the benchmark says so and exits 0 (skipped).
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "osv_pool.h"
#include "sbom/exposure.h"

namespace {

namespace fs = std::filesystem;
using hoshitori::bench::Stopwatch;
using hoshitori::bench::ThreadCpuSeconds;
using namespace hoshitori::sbom;

constexpr double kTierShare[] = {0.0004, 0.02, 0.08, 0.17, 0.25, 0.26, 0.2196};

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<size_t>(p * values.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  uint32_t orgs = 1'000'000;
  uint64_t relationships = 10'000'000;
  uint32_t versions = 100'000;
  uint64_t components = 10'000'000;
  size_t sample = 0;  // 0: every advisory
  uint64_t seed = 20261206;
  std::vector<fs::path> osv_dirs;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--orgs") {
      orgs = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (flag == "--relationships") {
      relationships = std::strtoull(value, nullptr, 10);
    } else if (flag == "--versions") {
      versions = static_cast<uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (flag == "--components") {
      components = std::strtoull(value, nullptr, 10);
    } else if (flag == "--advisories") {
      sample = std::strcmp(value, "all") == 0 ? 0 : std::strtoull(value, nullptr, 10);
    } else if (flag == "--seed") {
      seed = std::strtoull(value, nullptr, 10);
    } else if (flag == "--osv") {
      osv_dirs.emplace_back(value);
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (osv_dirs.empty()) {
    const fs::path shared = fs::path(HOSHITORI_SOURCE_DIR) / "../shared/data/osv";
    osv_dirs = {shared / "pypa/vulns", shared / "go/data/osv"};
  }
  hoshitori::bench::OsvSet set;
  if (!hoshitori::bench::LoadOsvSets(osv_dirs, &set)) return 0;
  const hoshitori::bench::ComponentPool pool(set.advisories, 20'000);
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto popular = [&](size_t size, double skew) {
    return static_cast<size_t>(std::pow(unit(random), skew) * static_cast<double>(size)) % size;
  };

  // Organisations: firms by tier, then the shared providers.
  Stopwatch generate_clock;
  const uint32_t providers = std::max<uint32_t>(3, orgs * 3 / 1000);
  const uint32_t firms = orgs - providers;
  std::vector<uint8_t> tier(orgs, 7);
  std::vector<std::vector<uint32_t>> by_tier(7);
  uint32_t next = 0;
  for (int t = 0; t < 7; ++t) {
    const uint32_t count =
        t == 6 ? firms - next : std::max<uint32_t>(1, static_cast<uint32_t>(firms * kTierShare[t]));
    for (uint32_t i = 0; i < count && next < firms; ++i, ++next) {
      tier[next] = static_cast<uint8_t>(t);
      by_tier[t].push_back(next);
    }
  }
  std::vector<double> cumulative(orgs);
  double total = 0;
  for (uint32_t i = 0; i < orgs; ++i) {
    double weight = std::pow(1.0 - unit(random), -1.0 / 1.6);
    if (tier[i] == 0) weight *= 200;
    if (tier[i] == 6) weight *= 0.15;
    if (tier[i] == 7) weight *= 0.3;
    total += weight;
    cumulative[i] = total;
  }

  // Product versions: provider-owned first (Zipf over providers), then device makers'.
  std::vector<int64_t> owner(versions);
  std::vector<std::vector<uint32_t>> owned(orgs);
  const uint32_t provider_versions = versions * 2 / 5;
  std::vector<uint32_t> makers;
  for (uint32_t i = 0; i < std::max<uint32_t>(1, (versions - provider_versions) / 3); ++i) {
    const std::vector<uint32_t>& pool_of_tier = by_tier[1 + (i % 5)];
    makers.push_back(pool_of_tier[random() % pool_of_tier.size()]);
  }
  for (uint32_t v = 0; v < versions; ++v) {
    const uint32_t org = v < provider_versions
                             ? firms + static_cast<uint32_t>(popular(providers, 2.0))
                             : makers[(v - provider_versions) % makers.size()];
    owner[v] = org + 1;
    owned[org].push_back(v);
  }

  ExposureEngine engine;
  const double memory_before = hoshitori::bench::CurrentMemoryMiB();
  Stopwatch load_clock;
  for (uint32_t v = 0; v < versions; ++v) {
    if (!engine.PutProductVersion({v + 1, owner[v], "product", "1." + std::to_string(v % 10)})
             .ok()) {
      return 1;
    }
  }
  const uint64_t per_version = components / versions;
  std::vector<PackageUrl> purls;
  for (uint32_t v = 0; v < versions; ++v) {
    purls.clear();
    for (uint64_t c = 0; c < per_version; ++c) {
      purls.push_back(ParsePackageUrl(pool.Draw(random, 0.5), PurlParseMode::kLenient).value());
    }
    if (!engine.SetComponents(v + 1, purls).ok()) return 1;
  }
  const double components_seconds = load_clock.Seconds();

  // Relationships, streamed: each one whose supplier owns versions delivers one of them.
  uint64_t deliveries = 0;
  for (uint64_t r = 0; r < relationships; ++r) {
    const uint32_t buyer = static_cast<uint32_t>(
        std::upper_bound(cumulative.begin(), cumulative.end(), unit(random) * total) -
        cumulative.begin());
    uint32_t supplier;
    if (unit(random) < 0.12) {
      supplier = firms + static_cast<uint32_t>(popular(providers, 3.0));
    } else {
      int t = tier[buyer] == 7 ? 6 : tier[buyer];
      const double d = unit(random);
      t = d < 0.85 ? t + 1 : d < 0.95 ? t + 2 : std::max(1, t - static_cast<int>(random() % 3));
      t = std::min(t, 6);
      supplier = by_tier[t][popular(by_tier[t].size(), 2.5)];
    }
    if (supplier == buyer || owned[supplier].empty()) continue;
    const uint32_t version = owned[supplier][random() % owned[supplier].size()];
    const DeliveryFact fact{
        static_cast<int64_t>(r + 1), version + 1,        supplier + 1,      buyer + 1,
        static_cast<int64_t>(r + 1), unit(random) < 0.5, unit(random) < 0.9};
    if (!engine.PutDelivery(fact).ok()) return 1;
    ++deliveries;
  }
  // Containment: device makers' versions contain provider versions; providers chain.
  for (uint32_t v = 0; v < versions; ++v) {
    const bool maker = v >= provider_versions;
    const int edges = maker ? (unit(random) < 0.5 ? 1 + static_cast<int>(random() % 2) : 0)
                            : (unit(random) < 0.2 ? 1 : 0);
    for (int e = 0; e < edges; ++e) {
      const uint32_t inner = static_cast<uint32_t>(popular(provider_versions, 2.0));
      if (inner == v) continue;
      if (!engine.PutContainment(v + 1, inner + 1).ok()) return 1;
      if (!maker && unit(random) < 0.01 && !engine.PutContainment(inner + 1, v + 1).ok()) return 1;
    }
  }
  const double load_seconds = load_clock.Seconds();
  const double engine_memory = hoshitori::bench::CurrentMemoryMiB() - memory_before;
  const ExposureStats stats = engine.Stats();
  std::printf(
      "graph: %u organisations, %" PRIu64
      " relationships (set up in %.1f s in all)\n"
      "engine: %zu product versions, %zu component entries (%zu distinct, %zu package keys), "
      "%zu deliveries, %zu containment edges; loaded in %.1f s (components %.1f s)\n"
      "engine memory (RSS growth while loading): %.0f MiB\n",
      orgs, relationships, generate_clock.Seconds(), stats.product_versions,
      stats.component_entries, stats.distinct_components, stats.package_keys, stats.deliveries,
      stats.containment_edges, load_seconds, components_seconds, engine_memory);
  (void)deliveries;

  // The advisories: all, or a seeded sample.
  std::vector<size_t> chosen(set.advisories.size());
  for (size_t i = 0; i < chosen.size(); ++i) chosen[i] = i;
  if (sample > 0 && sample < chosen.size()) {
    std::shuffle(chosen.begin(), chosen.end(), random);
    chosen.resize(sample);
  }
  std::vector<double> millis;
  std::vector<double> cpu_millis;
  std::vector<double> rows;
  size_t exposing = 0;
  size_t most_rows = 0;
  std::string worst_id;
  double worst = 0;
  Stopwatch all_clock;
  for (const size_t i : chosen) {
    Stopwatch clock;
    const double cpu_start = ThreadCpuSeconds();
    const std::vector<Exposure> exposures = engine.Exposures(set.advisories[i]);
    const double ms = clock.Seconds() * 1e3;
    cpu_millis.push_back((ThreadCpuSeconds() - cpu_start) * 1e3);
    millis.push_back(ms);
    rows.push_back(static_cast<double>(exposures.size()));
    exposing += !exposures.empty();
    most_rows = std::max(most_rows, exposures.size());
    if (ms > worst) {
      worst = ms;
      worst_id = set.advisories[i].id;
    }
  }
  std::printf("Exposures(advisory) over %zu advisories (%zu reach at least one buyer) in %.1f s\n",
              chosen.size(), exposing, all_clock.Seconds());
  std::printf("per advisory: p50 %.3f ms  p99 %.3f ms  max %.3f ms (%s)\n", Percentile(millis, 0.5),
              Percentile(millis, 0.99), worst, worst_id.c_str());
  std::printf("per advisory, CPU time of the thread: p50 %.3f ms  p99 %.3f ms  max %.3f ms\n",
              Percentile(cpu_millis, 0.5), Percentile(cpu_millis, 0.99),
              Percentile(cpu_millis, 1.0));
  std::printf("rows per advisory: p50 %.0f  p99 %.0f  max %zu\n", Percentile(rows, 0.5),
              Percentile(rows, 0.99), most_rows);
  std::printf("peak memory of the process: %.0f MiB\n", hoshitori::bench::PeakMemoryMiB());
  return 0;
}
