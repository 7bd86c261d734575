// Hoshitori's side of the attestation benchmark (bench/assure/run.sh):
//   issue    --count N --dir DIR  issues N attestations (distinct organisations and status
//            indexes) with one key, revokes every 100th and suspends every 250th index, and
//            writes DIR/jwks.json, DIR/status.jws and DIR/attestations.txt (one per line);
//   verify   --dir DIR            verifies every attestation of DIR (signature, claims, dates
//            and status), the status list verified once, on one thread.
// Each prints wall and CPU seconds, attestations per second per core (CPU time: the machine
// is shared), peak memory and the verdict counts, which must equal the peer's.
#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "assure/attestation.h"
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

  AttestationClaims claims;
  claims.issuer = kIssuer;
  claims.framework = "hub";
  claims.catalog_digest = std::string(64, 'c');
  claims.scope = "全社（本社・工場・営業所）の情報システムと業務";
  claims.kind = AttestationKind::kExpertConfirmed;
  claims.assessor = Assessor{"山田 花子", "RISS-012345"};
  claims.issued_at = claims.not_before = kIssuedAt;
  claims.expires_at = kIssuedAt + 3 * 365 * 86400;
  claims.evidence_digest = *EvidenceDigest({std::string(64, 'e')});
  claims.status.url = kStatusUrl;
  const bench::Stopwatch wall;
  const double cpu = CpuSeconds();
  std::ofstream out(dir + "/attestations.txt");
  for (size_t i = 0; i < count; ++i) {
    claims.subject = CorporateNumberFor(i);
    claims.name = "ベンチマーク部品株式会社 " + std::to_string(i);
    claims.level = 3 + static_cast<int>(i % 2);
    claims.kind =
        claims.level == 4 ? AttestationKind::kThirdParty : AttestationKind::kExpertConfirmed;
    claims.status.index = i;
    claims.id = "bench-" + std::to_string(i);
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
  size_t count = 100000;
  std::string dir = ".";
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--count")) count = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  if (command == "issue" && count > 0 && count <= kMaxStatusBits) return Issue(count, dir);
  if (command == "verify") return Verify(dir);
  std::fprintf(stderr, "usage: %s issue --count N --dir DIR | verify --dir DIR\n", argv[0]);
  return 2;
}
