// Hoshitori's side of the attestation benchmark (bench/assure/run.sh):
//   issue    --count N --dir DIR  issues N attestations (distinct organisations and status
//            indexes) with one key, revokes every 100th and suspends every 250th index, and
//            writes DIR/jwks.json, DIR/status.jws and DIR/attestations.txt (one per line);
//   verify   --dir DIR            verifies every attestation of DIR (signature, claims, dates
//            and status), the status list verified once, on one thread.
//   batch    --count N --dir DIR [--threads T] [--keep K]
//            issues N attestations and renders each one's certificate PDF, as one batch (T
//            threads, default 1); keeps the first K PDFs (default 5) in DIR, counts the bytes
//            of all.
// Each prints wall and CPU seconds, attestations per second per core (CPU time: the machine
// is shared), peak memory and (issue, verify) the verdict counts, which must equal the peer's.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "assure/attestation.h"
#include "assure/certificate.h"
#include "assure/jws.h"
#include "assure/keys.h"
#include "assure/status_list.h"
#include "bench/bench_support.h"
#include "core/corporate_number.h"

namespace {

using namespace hoshitori;
using namespace hoshitori::assure;

constexpr int64_t kIssuedAt = 1796083200;  // 2026-12-01T00:00:00Z
constexpr int64_t kVerifyAt = 1800000000;  // 2027-01-15
constexpr char kIssuer[] = "https://hoshitori.example.jp";
constexpr char kStatusUrl[] = "https://hoshitori.example.jp/status/1";

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::string CorporateNumberFor(size_t i) {
  char base[13];
  std::snprintf(base, sizeof base, "%012zu", 100000000000 + i);
  return std::to_string(CorporateNumber::CheckDigitFor(base)) + base;
}

// The claims of the benchmark's attestation number `i` (distinct organisations and indexes).
AttestationClaims BenchClaims(size_t i) {
  AttestationClaims claims;
  claims.issuer = kIssuer;
  claims.framework = "hub";
  claims.catalog_digest = std::string(64, 'c');
  claims.scope = "全社（本社・工場・営業所）の情報システムと業務";
  claims.assessor = Assessor{"山田 花子", "RISS-012345"};
  claims.issued_at = claims.not_before = kIssuedAt;
  claims.expires_at = kIssuedAt + 3 * 365 * 86400;
  claims.evidence_digest = *EvidenceDigest({std::string(64, 'e')});
  claims.status.url = kStatusUrl;
  claims.subject = CorporateNumberFor(i);
  claims.name = "ベンチマーク部品株式会社 " + std::to_string(i);
  claims.level = 3 + static_cast<int>(i % 2);
  claims.kind =
      claims.level == 4 ? AttestationKind::kThirdParty : AttestationKind::kExpertConfirmed;
  claims.status.index = i;
  claims.id = "bench-" + std::to_string(i);
  return claims;
}

// Peak resident set size of the process so far, from getrusage (KiB on Linux).
double MaxRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

// Issues `count` attestations and renders their certificates, as the server would for a batch:
// sign, then render, for each; `threads` workers take attestations in turn.
int Batch(size_t count, const std::string& dir, size_t threads, size_t keep) {
  const SigningKey key = SigningKey::Generate();
  const bench::Stopwatch wall;
  const double cpu = CpuSeconds();
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::vector<size_t>> sizes(threads);
  std::vector<double> sign_seconds(threads), render_seconds(threads);
  auto work = [&](size_t worker) {
    for (size_t i; (i = next++) < count && !failed;) {
      const bench::Stopwatch sign;
      auto jws = IssueAttestation(BenchClaims(i), key);
      sign_seconds[worker] += sign.Seconds();
      if (!jws) {
        std::fprintf(stderr, "issue: %s\n", jws.error().message.c_str());
        failed = true;
        return;
      }
      const bench::Stopwatch render;
      CertificateFacts facts{BenchClaims(i),
                             std::string(kIssuer) + "/verify/bench-" + std::to_string(i),
                             "星取 運営事務局"};
      auto pdf = RenderCertificatePdf(facts);
      render_seconds[worker] += render.Seconds();
      if (!pdf) {
        std::fprintf(stderr, "certificate: %s\n", pdf.error().message.c_str());
        failed = true;
        return;
      }
      sizes[worker].push_back(pdf->size());
      if (i < keep) {
        std::ofstream(dir + "/certificate-" + std::to_string(i) + ".pdf", std::ios::binary) << *pdf;
      }
    }
  };
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(work, t);
  work(0);
  for (std::thread& worker : workers) worker.join();
  if (failed) return 1;
  const double wall_seconds = wall.Seconds();
  const double cpu_seconds = CpuSeconds() - cpu;
  std::vector<size_t> all;
  for (const auto& part : sizes) all.insert(all.end(), part.begin(), part.end());
  std::sort(all.begin(), all.end());
  double total = 0, sign_total = 0, render_total = 0;
  for (size_t size : all) total += size;
  for (size_t t = 0; t < threads; ++t)
    sign_total += sign_seconds[t], render_total += render_seconds[t];
  std::printf(
      "hoshitori batch: %zu attestations + certificate PDFs, threads=%zu wall_s=%.2f "
      "cpu_s=%.2f per_s_wall=%.1f per_s_per_core=%.1f peak_rss_mib=%.1f (getrusage "
      "ru_maxrss)\n",
      count, threads, wall_seconds, cpu_seconds, count / wall_seconds, count / cpu_seconds,
      MaxRssMiB());
  std::printf(
      "  sign: %.2f s in all, %.0f per s (thread time); render: %.2f s in all, %.1f per s\n",
      sign_total, count / sign_total, render_total, count / render_total);
  std::printf("  PDF bytes: total %.1f MiB, min %zu, median %zu, max %zu\n", total / 1048576,
              all.front(), all[all.size() / 2], all.back());
  return 0;
}

int Issue(size_t count, const std::string& dir) {
  const SigningKey key = SigningKey::Generate();
  KeySet keys;
  if (!keys.Add(key.public_key())) return 1;
  std::ofstream(dir + "/jwks.json") << keys.ToJson();
  StatusList list;
  list.issuer = kIssuer;
  list.url = kStatusUrl;
  list.issued_at = kIssuedAt + 86400;
  const size_t bits = std::max(kMinStatusBits, (count + 7) / 8 * 8);
  list.revocation = StatusBits(bits);
  list.suspension = StatusBits(bits);
  for (size_t i = 0; i < count; i += 100) (void)list.revocation.Set(i, true);
  for (size_t i = 7; i < count; i += 250) (void)list.suspension.Set(i, true);
  std::ofstream(dir + "/status.jws") << SignStatusList(list, key) << "\n";

  const bench::Stopwatch wall;
  const double cpu = CpuSeconds();
  std::ofstream out(dir + "/attestations.txt");
  for (size_t i = 0; i < count; ++i) {
    const AttestationClaims claims = BenchClaims(i);
    auto jws = IssueAttestation(claims, key);
    if (!jws) {
      std::fprintf(stderr, "issue: %s\n", jws.error().message.c_str());
      return 1;
    }
    out << *jws << "\n";
  }
  out.close();
  const double cpu_seconds = CpuSeconds() - cpu;
  std::printf(
      "hoshitori issue: %zu attestations, wall_s=%.2f cpu_s=%.2f per_s_per_core=%.0f "
      "peak_rss_mib=%.1f\n",
      count, wall.Seconds(), cpu_seconds, count / cpu_seconds, bench::PeakMemoryMiB());
  return 0;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int Verify(const std::string& dir) {
  std::vector<std::string> attestations;
  {
    std::ifstream in(dir + "/attestations.txt");
    for (std::string line; std::getline(in, line);) attestations.push_back(line);
  }
  std::string status_text = Slurp(dir + "/status.jws");
  while (!status_text.empty() && status_text.back() == '\n') status_text.pop_back();
  const bench::Stopwatch wall;
  const double cpu = CpuSeconds();
  auto keys = KeySet::Parse(Slurp(dir + "/jwks.json"), "jwks.json");
  if (!keys) return std::fprintf(stderr, "%s\n", keys.error().message.c_str()), 1;
  StatusLists lists;
  auto list = ReadStatusList(status_text, *keys, kVerifyAt);
  if (!list) return std::fprintf(stderr, "%s\n", list.error().message.c_str()), 1;
  lists.lists.push_back(std::move(list).value());
  std::map<std::string, size_t> verdicts;
  for (const std::string& jws : attestations) {
    ++verdicts[std::string(VerdictName(VerifyAttestation(jws, *keys, lists, kVerifyAt).verdict))];
  }
  const double cpu_seconds = CpuSeconds() - cpu;
  std::printf(
      "hoshitori verify: %zu attestations, wall_s=%.2f cpu_s=%.2f per_s_per_core=%.0f "
      "peak_rss_mib=%.1f\n",
      attestations.size(), wall.Seconds(), cpu_seconds, attestations.size() / cpu_seconds,
      bench::PeakMemoryMiB());
  std::printf("hoshitori verdicts:");
  for (const auto& [verdict, n] : verdicts) std::printf(" %s=%zu", verdict.c_str(), n);
  std::printf("\n");

  // The share of the Ed25519 signature check alone (libsodium), to show where the time goes.
  const double signature_cpu = CpuSeconds();
  size_t good = 0;
  for (const std::string& jws : attestations) {
    auto parsed = ParseCompact(jws, kAttestationType);
    const PublicKey* key = parsed ? keys->Find(parsed->kid) : nullptr;
    good += key && SignatureIsFrom(*parsed, *key);
  }
  const double signature_seconds = CpuSeconds() - signature_cpu;
  std::printf(
      "hoshitori signature only (parse + libsodium verify): %zu good, cpu_s=%.2f "
      "per_s_per_core=%.0f\n",
      good, signature_seconds, attestations.size() / signature_seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  size_t count = 100000, threads = 1, keep = 5;
  std::string dir = ".";
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--count")) count = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--threads")) threads = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--keep")) keep = std::stoul(argv[i + 1]);
  }
  if (command == "issue" && count > 0 && count <= kMaxStatusBits) return Issue(count, dir);
  if (command == "verify") return Verify(dir);
  if (command == "batch" && count > 0 && count <= kMaxStatusBits && threads > 0 && threads <= 64) {
    return Batch(count, dir, threads, keep);
  }
  std::fprintf(stderr,
               "usage: %s issue --count N --dir DIR | verify --dir DIR | batch --count N --dir "
               "DIR [--threads T] [--keep K]\n",
               argv[0]);
  return 2;
}
