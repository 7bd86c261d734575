// Matching SBOM components against every advisory of the real OSV data sets (PyPA's PyPI
// advisories and Go's vulnerability database): Hoshitori against a Python peer written as a
// user would (bench/sbom/match_peer.py: python3-packaging for PEP 440, a small SemVer
// comparator for Go), in the same run, on the same component list, with the same answers.
//
// The components: SBOMS synthetic SBOMs of COMPONENTS entries each (default 10,000 x 100 =
// 1,000,000), drawn with a seed from the packages the advisories name (80 %) and unrelated
// names (20 %) (osv_pool.h). They are written to OUT/components.tsv ("sbom<TAB>purl") and
// the advisory files read to OUT/advisories.txt, which is all the peer reads.
//
// An answer is the set of (sbom, component purl, advisory id) where the advisory affects the
// component (Verdict::kAffected; "cannot tell" is left out: the peer has no such notion).
// Every engine prints its count and a SHA-256 digest over the sorted lines
// "sbom\tpurl\tadvisory\n"; the benchmark fails (exit 1) when any differs.
//
// Timed, each from the component text to the answer:
//   engine: ExposureEngine::SetComponents per SBOM (load, as an upload does), then
//           ExposureEngine::AffectedComponents for every advisory (match, as an advisory
//           import does: each distinct component is matched once per advisory naming its
//           package, the answer grouped by component);
//           reported apart and together. Parsing the purl text (the SBOM reader's work) is
//           timed on its own and left out;
//   index:  AdvisoryIndex::Match of each parsed entry, one by one;
//   peer:   match_peer.py's matching loop (its reading of the OSV files is reported apart).
//
// Usage: sbom_match_bench [--osv DIR]... [--sboms N] [--components N] [--seed S]
//                         [--out DIR] [--peer PATH|none] [--index none]
// Without --osv: ../shared/data/osv/pypa/vulns and ../shared/data/osv/go/data/osv; when they
// are absent the benchmark says so and exits 0 (skipped).
#include <sodium.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "osv_pool.h"
#include "sbom/advisory_index.h"
#include "sbom/exposure.h"

namespace {

namespace fs = std::filesystem;
using hoshitori::bench::Stopwatch;
using hoshitori::bench::ThreadCpuSeconds;
using namespace hoshitori::sbom;

struct Answer {
  size_t count = 0;
  std::string digest;  // SHA-256, hex
};

Answer Digest(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  for (const std::string& line : lines) {
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(line.data()),
                              line.size());
  }
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, hash);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return Answer{lines.size(), hex};
}

std::string Line(size_t sbom, const std::string& purl, const std::string& advisory) {
  return std::to_string(sbom) + "\t" + purl + "\t" + advisory + "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path shared = fs::path(HOSHITORI_SOURCE_DIR) / "../shared/data/osv";
  std::vector<fs::path> osv_dirs;
  size_t sboms = 10'000;
  size_t per_sbom = 100;
  uint64_t seed = 20261206;
  fs::path out = "sbom-match-bench";
  std::string peer = std::string(HOSHITORI_SOURCE_DIR) + "/bench/sbom/match_peer.py";
  bool with_index = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--osv") {
      osv_dirs.emplace_back(argv[i + 1]);
    } else if (flag == "--sboms") {
      sboms = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (flag == "--components") {
      per_sbom = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (flag == "--seed") {
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    } else if (flag == "--out") {
      out = argv[i + 1];
    } else if (flag == "--peer") {
      peer = argv[i + 1];
    } else if (flag == "--index") {
      with_index = std::strcmp(argv[i + 1], "none") != 0;
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (osv_dirs.empty()) osv_dirs = {shared / "pypa/vulns", shared / "go/data/osv"};

  Stopwatch load_clock;
  hoshitori::bench::OsvSet set;
  if (!hoshitori::bench::LoadOsvSets(osv_dirs, &set)) return 0;
  const double load_seconds = load_clock.Seconds();
  const hoshitori::bench::ComponentPool pool(set.advisories, 5'000);
  std::printf("advisories: %zu read (%zu files skipped) in %.2f s; %zu package keys named\n",
              set.advisories.size(), set.skipped, load_seconds, pool.named_keys());

  // The component list, written for the peer.
  fs::create_directories(out);
  std::mt19937_64 random(seed);
  std::vector<std::vector<std::string>> lists(sboms);
  {
    std::ofstream components(out / "components.tsv");
    for (size_t s = 0; s < sboms; ++s) {
      for (size_t c = 0; c < per_sbom; ++c) {
        lists[s].push_back(pool.Draw(random, 0.8));
        components << s << '\t' << lists[s].back() << '\n';
      }
    }
    std::ofstream files(out / "advisories.txt");
    for (const std::string& file : set.files) files << file << '\n';
  }
  const size_t entries = sboms * per_sbom;
  std::printf("components: %zu SBOMs x %zu = %zu entries (seed %" PRIu64 ") in %s\n", sboms,
              per_sbom, entries, seed, (out / "components.tsv").c_str());

  // Engine: SBOMs into the exposure engine (as an upload does), then every advisory's
  // affected versions (as an advisory import does).
  Stopwatch parse_clock;
  std::vector<std::vector<PackageUrl>> parsed(sboms);
  for (size_t s = 0; s < sboms; ++s) {
    parsed[s].reserve(lists[s].size());
    for (const std::string& text : lists[s]) {
      parsed[s].push_back(ParsePackageUrl(text, PurlParseMode::kLenient).value());
    }
  }
  const double parse_seconds = parse_clock.Seconds();
  Stopwatch engine_clock;
  const double load_cpu_start = ThreadCpuSeconds();
  ExposureEngine engine;
  for (size_t s = 0; s < sboms; ++s) {
    const std::vector<PackageUrl>& purls = parsed[s];
    const int64_t id = static_cast<int64_t>(s) + 1;
    if (!engine.PutProductVersion({id, 1, "sbom", std::to_string(s)}).ok() ||
        !engine.SetComponents(id, purls).ok()) {
      std::fprintf(stderr, "loading SBOM %zu failed\n", s);
      return 1;
    }
  }
  const double engine_load = engine_clock.Seconds();
  const double engine_load_cpu = ThreadCpuSeconds() - load_cpu_start;
  // Only the engine's calls are timed; writing the answer's lines for the digest is not.
  // AffectedComponents: the answer grouped by distinct component (exposure.h).
  double match_seconds = 0;
  double match_cpu = 0;
  std::vector<std::string> engine_lines;
  size_t cannot_tell = 0;
  for (const Advisory& advisory : set.advisories) {
    Stopwatch match_clock;
    const double cpu_start = ThreadCpuSeconds();
    const std::vector<ComponentHit> hits = engine.AffectedComponents(advisory);
    match_cpu += ThreadCpuSeconds() - cpu_start;
    match_seconds += match_clock.Seconds();
    for (const ComponentHit& hit : hits) {
      if (hit.match.verdict != Verdict::kAffected) {
        cannot_tell += hit.product_versions.size();
        continue;
      }
      for (const int64_t version : hit.product_versions) {
        engine_lines.push_back(Line(static_cast<size_t>(version - 1), hit.purl, advisory.id));
      }
    }
  }
  const double engine_seconds = engine_load + match_seconds;
  const ExposureStats stats = engine.Stats();
  const Answer engine_answer = Digest(std::move(engine_lines));

  // Index: every entry looked up on its own.
  AdvisoryIndex index;
  for (const Advisory& advisory : set.advisories) index.Put(advisory);
  // Timed: AdvisoryIndex::Match of each parsed entry (as for the engine, not the lines).
  double index_seconds = 0;
  std::vector<std::string> index_lines;
  for (size_t s = 0; with_index && s < sboms; ++s) {
    for (size_t c = 0; c < lists[s].size(); ++c) {
      Stopwatch index_clock;
      const std::vector<AdvisoryHit> hits = index.Match(parsed[s][c]);
      index_seconds += index_clock.Seconds();
      for (const AdvisoryHit& hit : hits) {
        if (hit.match.verdict == Verdict::kAffected) {
          index_lines.push_back(Line(s, lists[s][c], hit.advisory->id));
        }
      }
    }
  }
  const Answer index_answer = Digest(std::move(index_lines));

  std::printf("engine: %zu distinct components, %zu package keys\n", stats.distinct_components,
              stats.package_keys);
  std::printf(
      "purl text -> PackageUrl (what an SBOM reader does; not in the figures below): "
      "%.3f s\n",
      parse_seconds);
  std::printf(
      "hoshitori engine: load %.3f s (SetComponents) + match %.3f s (AffectedComponents of "
      "every advisory) = %.3f s; pairs %zu  digest %s  (cannot tell: %zu)\n",
      engine_load, match_seconds, engine_seconds, engine_answer.count, engine_answer.digest.c_str(),
      cannot_tell);
  std::printf(
      "hoshitori engine: %10.0f components/s matched, %10.0f components/s loaded and "
      "matched\n",
      static_cast<double>(entries) / match_seconds, static_cast<double>(entries) / engine_seconds);
  std::printf("hoshitori engine, CPU time of the thread: load %.3f s + match %.3f s\n",
              engine_load_cpu, match_cpu);
  std::printf("hoshitori index:  %8.3f s               %10.0f components/s  pairs %zu  digest %s\n",
              index_seconds, static_cast<double>(entries) / index_seconds, index_answer.count,
              index_answer.digest.c_str());
  bool same = !with_index || (engine_answer.count == index_answer.count &&
                              engine_answer.digest == index_answer.digest);

  if (peer != "none") {
    const std::string command = "/usr/bin/python3 " + peer + " --advisories " +
                                (out / "advisories.txt").string() + " --components " +
                                (out / "components.tsv").string();
    std::fflush(stdout);
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
      std::fprintf(stderr, "cannot run %s\n", command.c_str());
      return 1;
    }
    char buffer[512];
    size_t pairs = 0;
    char digest[65] = {0};
    double seconds = 0;
    double peer_load = 0;
    double peer_cpu = 0;
    bool got = false;
    while (std::fgets(buffer, sizeof buffer, pipe)) {
      if (std::sscanf(buffer, "peer load %lf match %lf cpu %lf pairs %zu digest %64s", &peer_load,
                      &seconds, &peer_cpu, &pairs, digest) == 5) {
        got = true;
      } else {
        std::fputs(buffer, stdout);
      }
    }
    if (pclose(pipe) != 0 || !got) {
      std::fprintf(stderr, "the peer failed (%s)\n", command.c_str());
      return 1;
    }
    std::printf(
        "python peer:      %8.3f s (reading OSV %.2f s)  %10.0f components/s  pairs %zu  digest "
        "%s\n",
        seconds, peer_load, static_cast<double>(entries) / seconds, pairs, digest);
    std::printf("python peer, CPU time of the process: match %.3f s\n", peer_cpu);
    std::printf(
        "speed-up over the peer (wall): engine match %.1fx, engine load+match %.1fx, index "
        "%.1fx\n",
        seconds / match_seconds, seconds / engine_seconds, seconds / index_seconds);
    std::printf("speed-up over the peer (CPU): engine match %.1fx, engine load+match %.1fx\n",
                peer_cpu / match_cpu, peer_cpu / (engine_load_cpu + match_cpu));
    same = same && pairs == engine_answer.count && engine_answer.digest == digest;
  }
  std::printf("peak memory: %.0f MiB\n", hoshitori::bench::PeakMemoryMiB());
  if (!same) {
    std::printf("FAILED: the engines disagree\n");
    return 1;
  }
  std::printf("answers agree\n");
  return 0;
}
