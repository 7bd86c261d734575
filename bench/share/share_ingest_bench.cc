// Ingest of indicators with correlation (issue 16): each new indicator is parsed, correlated
// against every indicator already indexed that its submitter may read (TLP), then added.
// The peer does the same correlation as indexed SQL in PostgreSQL, in the same run, on the
// first --peer-indicators of the same sequence, and both must find the same number of
// matches there.
//
//   share_ingest_bench [--indicators 1000000] [--peer-indicators 20000] [--seed 20261206]
//                      [--networks 4096] [--pg-url URL | env HOSHITORI_TEST_PG_URL]
//                      [--peer none]
//
// Data (synthetic, seeded): 1,000 organisations in 20 sharing groups (1-3 each, 0-2 client
// relations), 10,000 reports with markings CLEAR 20 %, GREEN 40 %, AMBER 25 %,
// AMBER+STRICT 10 %, RED 5 %; indicators: IPv4 addresses 35 % (in --networks /16 networks:
// fewer networks, denser matches; 64 makes every address fall in dozens of indexed ranges),
// IPv4 ranges /16 to /28 5 %, IPv6 5 %, domains 25 % (under 50,000 registered
// domains), URLs 10 %, SHA-256 10 % (a fifth repeats), e-mail addresses 10 %. The submitter of
// an indicator is the author of its report. Registered domains use Debian's public suffix
// list when installed.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "share/indicator_index.h"

namespace hoshitori::share {
namespace {

struct World {
  std::vector<Reader> readers;          // per organisation (index = org - 1), person = org * 10
  std::vector<SharedObject> reports;    // object id = index
  std::vector<std::string> indicators;  // as submitted
  std::vector<ObjectId> report_of;
};

World Generate(size_t count, uint64_t seed, uint64_t networks) {
  std::mt19937_64 random(seed);
  auto pick = [&](uint64_t n) { return random() % n; };
  World world;
  constexpr int kOrgs = 1000, kGroups = 20, kReports = 10000;
  for (int org = 1; org <= kOrgs; ++org) {
    Reader reader{org, org * 10, {}, {}};
    for (int g = 0, n = 1 + static_cast<int>(pick(3)); g < n; ++g) {
      reader.groups.push_back(1 + static_cast<GroupId>(pick(kGroups)));
    }
    for (int c = 0, n = static_cast<int>(pick(3)); c < n; ++c) {
      reader.client_of.push_back(1 + static_cast<OrgId>(pick(kOrgs)));
    }
    world.readers.push_back(reader);
  }
  for (int r = 0; r < kReports; ++r) {
    OrgId owner = 1 + static_cast<OrgId>(pick(kOrgs));
    Audience audience;
    audience.owner = owner;
    audience.author = owner * 10;
    uint64_t roll = pick(100);
    audience.marking = roll < 20   ? Tlp::kClear
                       : roll < 60 ? Tlp::kGreen
                       : roll < 85 ? Tlp::kAmber
                       : roll < 95 ? Tlp::kAmberStrict
                                   : Tlp::kRed;
    const Reader& reader = world.readers[owner - 1];
    audience.group = reader.groups[pick(reader.groups.size())];
    for (int i = 0, n = 1 + static_cast<int>(pick(5)); i < n; ++i) {
      audience.recipient_orgs.push_back(1 + static_cast<OrgId>(pick(kOrgs)));
      audience.named_recipients.push_back((1 + static_cast<PersonId>(pick(kOrgs))) * 10);
    }
    world.reports.push_back(SharedObject{audience, {}});
  }
  auto hex = [&](int digits) {
    static const char* kHex = "0123456789abcdef";
    std::string text;
    for (int i = 0; i < digits; ++i) text.push_back(kHex[pick(16)]);
    return text;
  };
  auto domain = [&]() {
    static const char* kSuffixes[] = {"com", "net", "co.jp", "jp", "org", "info", "ne.jp"};
    return "d" + std::to_string(pick(50000)) + "." + kSuffixes[pick(7)];
  };
  auto ipv4 = [&]() {
    uint64_t network = pick(networks);  // a /16 among `networks`, from 1.0.0.0 on
    return std::to_string(1 + network / 256) + "." + std::to_string(network % 256) + "." +
           std::to_string(pick(256)) + "." + std::to_string(pick(256));
  };
  std::vector<std::string> hashes;
  for (size_t i = 0; i < count; ++i) {
    uint64_t roll = pick(100);
    std::string text;
    if (roll < 35) {
      text = ipv4();
    } else if (roll < 40) {
      text = ipv4() + "/" + std::to_string(16 + pick(13));
    } else if (roll < 45) {
      text = "2001:db8:" + hex(2) + "::" + hex(3);
    } else if (roll < 70) {
      text = (pick(2) ? "h" + std::to_string(pick(20)) + "." : std::string()) + domain();
    } else if (roll < 80) {
      text = "https://" + domain() + "/p/" + hex(6);
    } else if (roll < 90) {
      if (!hashes.empty() && pick(5) == 0) {
        text = hashes[pick(hashes.size())];
      } else {
        text = hex(64);
        hashes.push_back(text);
      }
    } else {
      text = "u" + std::to_string(pick(1000)) + "@" + domain();
    }
    world.indicators.push_back(std::move(text));
    world.report_of.push_back(static_cast<ObjectId>(pick(world.reports.size())));
  }
  return world;
}

struct RunResult {
  double wall = 0, cpu = 0;
  uint64_t matches = 0;
};

RunResult RunHoshitori(const World& world, size_t count, const PublicSuffixList* suffixes) {
  IndicatorIndex index(suffixes);
  index.Reserve(count);
  for (ObjectId id = 0; id < world.reports.size(); ++id) index.PutObject(id, world.reports[id]);
  RunResult result;
  bench::Stopwatch watch;
  double cpu = bench::ThreadCpuSeconds();
  for (size_t i = 0; i < count; ++i) {
    auto indicator = ParseIndicator(world.indicators[i]);
    if (!indicator.ok()) {
      std::fprintf(stderr, "generated indicator did not parse: %s\n", world.indicators[i].c_str());
      std::exit(1);
    }
    ObjectId report = world.report_of[i];
    const Reader& submitter = world.readers[world.reports[report].audience.owner - 1];
    result.matches += index.Correlate(*indicator, submitter).size();
    index.Add(*indicator, report);
  }
  result.wall = watch.Seconds();
  result.cpu = bench::ThreadCpuSeconds() - cpu;
  return result;
}

std::string IntArray(const std::vector<int64_t>& values) {
  std::string text = "{";
  for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + std::to_string(values[i]);
  return text + "}";
}

// The same correlation in SQL: one row per indicator with its kind, normal form, registered
// domain (computed with the same list) and network; B-tree indexes on (kind, value) and
// registered domain, a GiST index (inet_ops) on the network; the reader's TLP rule as a WHERE
// clause over the reports table.
RunResult RunPostgres(const World& world, size_t count, const PublicSuffixList* suffixes,
                      const std::string& url) {
  pqxx::connection connection(url);
  {
    pqxx::work setup(connection);
    setup.exec(
        "DROP TABLE IF EXISTS bench_share_indicator; DROP TABLE IF EXISTS bench_share_report;"
        "CREATE TABLE bench_share_report (id integer PRIMARY KEY, marking smallint NOT NULL,"
        " owner integer NOT NULL, author integer NOT NULL, grp integer NOT NULL,"
        " recipients integer[] NOT NULL, named integer[] NOT NULL);"
        "CREATE TABLE bench_share_indicator (id bigserial PRIMARY KEY, kind smallint NOT NULL,"
        " value text NOT NULL, registered text, net inet,"
        " report integer NOT NULL REFERENCES bench_share_report(id));"
        "CREATE INDEX ON bench_share_indicator (kind, value);"
        "CREATE INDEX ON bench_share_indicator (registered);"
        "CREATE INDEX ON bench_share_indicator USING gist (net inet_ops);");
    for (ObjectId id = 0; id < world.reports.size(); ++id) {
      const Audience& a = world.reports[id].audience;
      std::vector<int64_t> recipients(a.recipient_orgs.begin(), a.recipient_orgs.end());
      std::vector<int64_t> named(a.named_recipients.begin(), a.named_recipients.end());
      setup.exec_params(
          "INSERT INTO bench_share_report VALUES ($1, $2, $3, $4, $5, $6::integer[], "
          "$7::integer[])",
          static_cast<int>(id), static_cast<int>(a.marking), static_cast<int>(a.owner),
          static_cast<int>(a.author), static_cast<int>(a.group), IntArray(recipients),
          IntArray(named));
    }
    setup.commit();
  }
  const char* visible =
      " AND (r.marking = 0"
      " OR (r.marking = 1 AND (r.owner = $4 OR r.grp = ANY($6::integer[])))"
      " OR (r.marking = 2 AND (r.owner = $4 OR $4 = ANY(r.recipients)"
      "     OR r.recipients && $7::integer[]))"
      " OR (r.marking = 3 AND (r.owner = $4 OR $4 = ANY(r.recipients)))"
      " OR (r.marking = 4 AND ((r.owner = $4 AND r.author = $5) OR $5 = ANY(r.named))))";
  connection.prepare(
      "correlate",
      std::string("SELECT count(*) FROM (") +
          "SELECT i.id FROM bench_share_indicator i JOIN bench_share_report r ON r.id = i.report"
          " WHERE i.kind = $1 AND i.value = $2" +
          visible +
          " UNION SELECT i.id FROM bench_share_indicator i JOIN bench_share_report r"
          " ON r.id = i.report WHERE $3::text IS NOT NULL AND i.registered = $3" +
          visible +
          " UNION SELECT i.id FROM bench_share_indicator i JOIN bench_share_report r"
          " ON r.id = i.report WHERE $8::inet IS NOT NULL AND (i.net >>= $8::inet"
          " OR i.net <<= $8::inet)" +
          visible + ") AS matches");
  connection.prepare("add",
                     "INSERT INTO bench_share_indicator (kind, value, registered, net, report)"
                     " VALUES ($1, $2, $3, $4::inet, $5)");
  RunResult result;
  bench::Stopwatch watch;
  double cpu = bench::ThreadCpuSeconds();
  constexpr size_t kBatch = 1000;  // one transaction per 1,000 indicators
  for (size_t start = 0; start < count; start += kBatch) {
    pqxx::work work(connection);
    for (size_t i = start; i < std::min(count, start + kBatch); ++i) {
      auto indicator = ParseIndicator(world.indicators[i]);
      ObjectId report = world.report_of[i];
      const Reader& submitter = world.readers[world.reports[report].audience.owner - 1];
      std::optional<std::string> registered, net;
      if (!indicator->host.empty()) {
        std::string_view domain = RegisteredDomainOf(indicator->host, suffixes);
        if (!domain.empty()) registered = std::string(domain);
      }
      if (indicator->has_range) net = FormatIpRange(indicator->range);
      std::vector<int64_t> groups(submitter.groups.begin(), submitter.groups.end());
      std::vector<int64_t> clients(submitter.client_of.begin(), submitter.client_of.end());
      int kind = static_cast<int>(indicator->kind);
      pqxx::row row = work.exec_prepared1(
          "correlate", kind, indicator->value, registered, static_cast<int>(submitter.org),
          static_cast<int>(submitter.person), IntArray(groups), IntArray(clients), net);
      result.matches += row[0].as<uint64_t>();
      work.exec_prepared0("add", kind, indicator->value, registered, net, static_cast<int>(report));
    }
    work.commit();
  }
  result.wall = watch.Seconds();
  result.cpu = bench::ThreadCpuSeconds() - cpu;
  {
    pqxx::work cleanup(connection);
    cleanup.exec("DROP TABLE bench_share_indicator; DROP TABLE bench_share_report;");
    cleanup.commit();
  }
  return result;
}

}  // namespace
}  // namespace hoshitori::share

int main(int argc, char** argv) {
  using namespace hoshitori::share;
  size_t count = 1000000, peer_count = 20000;
  uint64_t seed = 20261206, networks = 4096;
  std::string url =
      std::getenv("HOSHITORI_TEST_PG_URL") ? std::getenv("HOSHITORI_TEST_PG_URL") : "";
  bool peer = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--indicators")
      count = std::stoull(value);
    else if (flag == "--peer-indicators")
      peer_count = std::stoull(value);
    else if (flag == "--seed")
      seed = std::stoull(value);
    else if (flag == "--networks")
      networks = std::max<uint64_t>(1, std::stoull(value));
    else if (flag == "--pg-url")
      url = value;
    else if (flag == "--peer")
      peer = value != "none";
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  peer_count = std::min(peer_count, count);
  std::optional<PublicSuffixList> suffixes;
  if (auto list = PublicSuffixList::Load(kDebianPublicSuffixList); list.ok()) {
    suffixes = std::move(*list);
  }
  const PublicSuffixList* list = suffixes ? &*suffixes : nullptr;
  std::printf("share ingest: %zu indicators, seed %" PRIu64 ", IPv4 in %" PRIu64
              " /16 networks, public suffix list: %s\n",
              count, seed, networks, list ? kDebianPublicSuffixList : "none (last two labels)");
  World world = Generate(count, seed, networks);
  hoshitori::bench::ResetPeakMemory();
  RunResult full = RunHoshitori(world, count, list);
  std::printf(
      "hoshitori: %zu ingested in %.2f s wall / %.2f s CPU: %.0f indicators/s (wall), %.0f/s "
      "(CPU); %" PRIu64 " visible matches; peak RSS %.0f MiB\n",
      count, full.wall, full.cpu, count / full.wall, count / full.cpu, full.matches,
      hoshitori::bench::PeakMemoryMiB());
  if (!peer) return 0;
  if (url.empty()) {
    std::printf("peer: skipped (no --pg-url and no HOSHITORI_TEST_PG_URL)\n");
    return 0;
  }
  RunResult ours = RunHoshitori(world, peer_count, list);
  RunResult theirs = RunPostgres(world, peer_count, list, url);
  std::printf(
      "first %zu: hoshitori %.3f s wall (%.0f/s), PostgreSQL %.2f s wall / %.2f s client CPU "
      "(%.0f/s): %.1fx; matches %" PRIu64 " and %" PRIu64 "\n",
      peer_count, ours.wall, peer_count / ours.wall, theirs.wall, theirs.cpu,
      peer_count / theirs.wall, theirs.wall / ours.wall, ours.matches, theirs.matches);
  if (ours.matches != theirs.matches) {
    std::printf("MISMATCH: the index and SQL disagree\n");
    return 1;
  }
  return 0;
}
