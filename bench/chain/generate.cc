// Generates a synthetic national supply chain, deterministic for a seed.
//
// Shape (what makes it realistic enough to benchmark on):
// - organisations in industries (cars, electrical, electronics, machinery, chemicals, food,
//   construction, retail) placed at tiers 0..6: a few hundred chain heads (OEMs, retailers,
//   builders) at tier 0, widening to many small firms at tiers 4..6;
// - shared IT providers: 0.3 % of the organisations are IT outsourcers and cloud services
//   that firms of every industry and tier buy from, with power-law popularity;
// - 1 % logistics firms shared across industries;
// - power-law degrees: how much an organisation buys (out-degree) is Pareto distributed and
//   heads buy far more; which supplier is picked within a tier is Zipf-like, so a few
//   suppliers serve very many buyers (in-degree);
// - suppliers are mostly one tier down (85 %), sometimes two (10 %), sometimes in the same
//   or a higher tier (5 %: cycles, as real chains have);
// - no self-loops and no duplicate (buyer, supplier, kind), as the store requires.
//
// Output in DIR: organisations.csv and relationships.csv (for `hoshitori org import` and
// `hoshitori chain import`), edges.tsv (buyer, supplier, critical as 0-based organisation
// indexes = store id - 1, for the peers) and queries.tsv (the buyers and compromised
// companies the benchmark asks about).
//
// Usage: chain_generate ORGANISATIONS EDGES DIR [SEED]
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace {

struct Org {
  uint8_t tier = 0;      // 0..6; 7 = shared service provider
  uint8_t industry = 0;  // index into kIndustries
  uint8_t role = 0;      // 0 firm, 1 IT/cloud provider, 2 logistics
};

constexpr const char* kIndustries[] = {"E-31", "E-29", "E-28", "E-26", "E-16", "E-09", "D-06", "I-56"};
constexpr int kIndustryCount = 8;
constexpr double kTierShare[] = {0.0004, 0.02, 0.08, 0.17, 0.25, 0.26, 0.2056};  // of firms

int CheckDigit(const std::string& base12) {
  int sum = 0;
  for (int n = 1; n <= 12; ++n) sum += (base12[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
  return 9 - (sum % 9);
}

std::string CorporateNumber(uint32_t index) {
  const std::string base = std::to_string(100000000000ULL + index);
  return std::to_string(CheckDigit(base)) + base;
}

struct Edge {
  uint64_t key;  // buyer << 32 | supplier
  uint8_t kind, data, connectivity, substitutability, critical;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s ORGANISATIONS EDGES DIR [SEED]\n", argv[0]);
    return 2;
  }
  const uint32_t n = static_cast<uint32_t>(std::strtoul(argv[1], nullptr, 10));
  const uint64_t m = std::strtoull(argv[2], nullptr, 10);
  const std::filesystem::path dir = argv[3];
  const uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 20261121;
  std::filesystem::create_directories(dir);
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  // Organisations: providers first (spread over the id space by shuffling later is not
  // needed: ids carry no meaning to the algorithms).
  const uint32_t it_providers = std::max<uint32_t>(3, n * 3 / 1000);
  const uint32_t logistics = std::max<uint32_t>(2, n / 100);
  const uint32_t firms = n - it_providers - logistics;
  std::vector<Org> orgs(n);
  // by_tier[t][industry] = firms in that tier and industry.
  std::vector<std::vector<std::vector<uint32_t>>> by_tier(7, std::vector<std::vector<uint32_t>>(kIndustryCount));
  std::vector<uint32_t> providers, carriers;
  uint32_t next = 0;
  for (int t = 0; t < 7; ++t) {
    const uint32_t count = t == 6 ? firms - next : std::max<uint32_t>(1, static_cast<uint32_t>(firms * kTierShare[t]));
    for (uint32_t i = 0; i < count && next < firms; ++i, ++next) {
      orgs[next].tier = static_cast<uint8_t>(t);
      orgs[next].industry = static_cast<uint8_t>(random() % kIndustryCount);
      by_tier[t][orgs[next].industry].push_back(next);
    }
  }
  for (uint32_t i = 0; i < it_providers; ++i, ++next) {
    orgs[next] = Org{7, static_cast<uint8_t>(6 + (i % 2)), 1};
    providers.push_back(next);
  }
  for (uint32_t i = 0; i < logistics; ++i, ++next) {
    orgs[next] = Org{7, 7, 2};
    carriers.push_back(next);
  }

  // Buying weights: Pareto (alpha 1.6), heads 200x, leaves and providers little.
  std::vector<double> cumulative(n);
  double total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    double w = std::pow(1.0 - unit(random), -1.0 / 1.6);
    if (orgs[i].tier == 0) w *= 200;
    else if (orgs[i].tier == 6) w *= 0.15;
    else if (orgs[i].tier == 7) w *= 0.3;
    total += w;
    cumulative[i] = total;
  }
  auto pick_buyer = [&]() {
    const double x = unit(random) * total;
    return static_cast<uint32_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
  };
  // Zipf-like choice among `size` candidates: low indexes are far more popular.
  auto popular = [&](size_t size, double skew) {
    return static_cast<size_t>(std::pow(unit(random), skew) * static_cast<double>(size)) % size;
  };

  // 10 % more candidates than needed, to make up for duplicates.
  std::vector<Edge> edges(static_cast<size_t>(static_cast<double>(m) * 1.10) + 8);
  size_t filled = 0;
  while (filled < edges.size()) {
    const uint32_t buyer = pick_buyer();
    const Org& b = orgs[buyer];
    Edge e{};
    uint32_t supplier = 0;
    const double r = unit(random);
    if (r < 0.12) {  // shared IT / cloud
      supplier = providers[popular(providers.size(), 3.0)];
      e.kind = unit(random) < 0.6 ? 4 : 2;  // cloud_service or it_outsourcing
      e.data = static_cast<uint8_t>(unit(random) < 0.3 ? 4 | 8 : (unit(random) < 0.5 ? 2 : 1));
      e.connectivity = static_cast<uint8_t>(unit(random) < 0.35 ? 3 : 2);
      e.substitutability = static_cast<uint8_t>(unit(random) < 0.15 ? 2 : 1);
    } else if (r < 0.18) {  // logistics
      supplier = carriers[popular(carriers.size(), 2.0)];
      e.kind = 5;
      e.data = 1;
      e.connectivity = 1;
      e.substitutability = static_cast<uint8_t>(unit(random) < 0.1 ? 2 : 0);
    } else {  // parts, manufacturing, subcontracting down the tiers
      int tier = b.tier == 7 ? 6 : b.tier;
      const double d = unit(random);
      if (d < 0.85) tier += 1;
      else if (d < 0.95) tier += 2;
      else tier = std::max(1, tier - static_cast<int>(random() % 3));  // same or higher: cycles
      tier = std::min(tier, 6);
      const int industry = unit(random) < 0.8 && b.tier != 7 ? b.industry : static_cast<int>(random() % kIndustryCount);
      const auto& pool = by_tier[tier][industry];
      if (pool.empty()) continue;
      supplier = pool[popular(pool.size(), 2.5)];
      e.kind = static_cast<uint8_t>(unit(random) < 0.55 ? 0 : (unit(random) < 0.8 ? 1 : 3));
      e.data = static_cast<uint8_t>(unit(random) < 0.5 ? 2 : (unit(random) < 0.2 ? 4 : 0));
      const double c = unit(random);
      e.connectivity = static_cast<uint8_t>(c < 0.5 ? 1 : (c < 0.8 ? 2 : (c < 0.9 ? 0 : (c < 0.96 ? 3 : 4))));
      const double s = unit(random);
      e.substitutability = static_cast<uint8_t>(s < 0.5 ? 0 : (s < 0.88 ? 1 : 2));
    }
    if (supplier == buyer) continue;
    e.critical = static_cast<uint8_t>(unit(random) < 0.08);
    e.key = (uint64_t{buyer} << 32) | supplier;
    edges[filled++] = e;
  }
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) {
    return a.key != b.key ? a.key < b.key : a.kind < b.kind;
  });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const Edge& a, const Edge& b) { return a.key == b.key && a.kind == b.kind; }),
              edges.end());
  // Keep exactly m, chosen uniformly, in buyer order.
  std::shuffle(edges.begin(), edges.end(), random);
  if (edges.size() > m) edges.resize(m);
  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) { return a.key < b.key; });

  static const char* kKinds[] = {"parts", "manufacturing", "it_outsourcing", "subcontracting", "cloud_service", "logistics", "other"};
  static const char* kConnectivity[] = {"none", "email", "portal", "vpn", "ot"};
  static const char* kSubstitutability[] = {"easy", "delayed", "single_source"};
  auto data_name = [](uint8_t d) -> std::string {
    if (!d) return "none";
    std::string out;
    const char* names[] = {"internal", "confidential", "important_confidential", "personal"};
    for (int i = 0; i < 4; ++i) {
      if (d & (1 << i)) out += (out.empty() ? "" : "|") + std::string(names[i]);
    }
    return out;
  };

  FILE* o = std::fopen((dir / "organisations.csv").c_str(), "w");
  std::fprintf(o, "corporate_number,name,industry,employees,capital_yen\n");
  for (uint32_t i = 0; i < n; ++i) {
    const Org& org = orgs[i];
    const char* industry = org.role == 1 ? "G-39" : org.role == 2 ? "H-44" : kIndustries[org.industry];
    const int employees = org.tier == 0 ? 20000 + static_cast<int>(random() % 50000) : 5 + static_cast<int>(random() % (org.tier <= 2 ? 2000 : 300));
    std::fprintf(o, "%s,Org %u (tier %d),%s,%d,\n", CorporateNumber(i + 1).c_str(), i + 1, org.tier, industry, employees);
  }
  std::fclose(o);

  FILE* r = std::fopen((dir / "relationships.csv").c_str(), "w");
  FILE* t = std::fopen((dir / "edges.tsv").c_str(), "w");
  std::fprintf(r, "buyer,supplier,kind,data,connectivity,substitutability,critical\n");
  uint64_t critical = 0;
  for (const Edge& e : edges) {
    const uint32_t buyer = static_cast<uint32_t>(e.key >> 32), supplier = static_cast<uint32_t>(e.key);
    std::fprintf(r, "%s,%s,%s,%s,%s,%s,%s\n", CorporateNumber(buyer + 1).c_str(), CorporateNumber(supplier + 1).c_str(),
                 kKinds[e.kind], data_name(e.data).c_str(), kConnectivity[e.connectivity],
                 kSubstitutability[e.substitutability], e.critical ? "yes" : "no");
    const bool is_critical = e.critical || e.substitutability == 2;
    critical += is_critical;
    std::fprintf(t, "%u\t%u\t%d\n", buyer, supplier, is_critical ? 1 : 0);
  }
  std::fclose(r);
  std::fclose(t);

  // Queries: tiers from the three heads that buy most, a middle one and a small one;
  // blast radius from the most popular cloud provider, a popular tier-2 and a tier-4 firm.
  std::vector<uint32_t> out_degree(n, 0), in_degree(n, 0);
  for (const Edge& e : edges) {
    ++out_degree[e.key >> 32];
    ++in_degree[static_cast<uint32_t>(e.key)];
  }
  std::vector<uint32_t> heads;
  for (uint32_t i = 0; i < n; ++i) {
    if (orgs[i].tier == 0 && out_degree[i] > 0) heads.push_back(i);
  }
  std::sort(heads.begin(), heads.end(), [&](uint32_t a, uint32_t b) { return out_degree[a] > out_degree[b]; });
  FILE* q = std::fopen((dir / "queries.tsv").c_str(), "w");
  for (size_t k : {size_t{0}, size_t{1}, size_t{2}, heads.size() / 2, heads.size() - 1}) {
    if (k < heads.size()) std::fprintf(q, "tiers\t%u\n", heads[k]);
  }
  auto most = [&](auto predicate) {
    uint32_t best = 0;
    bool found = false;
    for (uint32_t i = 0; i < n; ++i) {
      if (predicate(i) && (!found || in_degree[i] > in_degree[best])) { best = i; found = true; }
    }
    return best;
  };
  std::fprintf(q, "blast\t%u\n", most([&](uint32_t i) { return orgs[i].role == 1; }));
  std::fprintf(q, "blast\t%u\n", most([&](uint32_t i) { return orgs[i].tier == 2; }));
  for (uint32_t i = 0; i < n; ++i) {
    if (orgs[i].tier == 4 && in_degree[i] > 0) { std::fprintf(q, "blast\t%u\n", i); break; }
  }
  std::fclose(q);
  std::printf("generated %u organisations (%zu heads, %u IT/cloud providers, %u logistics), %zu relationships (%llu critical)\n",
              n, heads.size(), it_providers, logistics, edges.size(), static_cast<unsigned long long>(critical));
  return 0;
}
