// Writes the data of the API load benchmark (bench/api/run.sh) into a store: one buyer whose
// chain holds N suppliers (80% at tier 1, the rest at tier 2 behind disclosed tier-1
// relationships), each with an assessment shared with the buyer (a third expert-confirmed
// ★3 on the common catalog, the rest SECURITY ACTION ★1/★2, some of those expired), plus a
// buyer user with an API token, and (--writers W) an admin with a write token for each of the
// first W suppliers, listed in FILE as "token assessment_id share_id corporate_number" (for
// bench/api/write_load.cc).
//
// Usage: api_bench_data --db URL --suppliers N --token-file FILE [--writers W --writers-file FILE]
// Prints the id of one shared assessment (for the single-assessment read) on stdout.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "service/security.h"
#include "catalog/catalog_loader.h"
#include "chain/relationship.h"
#include "store/store.h"

namespace hoshitori {
namespace {

std::string Number(int64_t serial) {
  char base[13];
  std::snprintf(base, sizeof base, "%012lld", static_cast<long long>(serial));
  return std::to_string(CorporateNumber::CheckDigitFor(base)) + base;
}

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result) {
    std::cerr << what << ": " << result.error().message << "\n";
    std::exit(1);
  }
  return std::move(result).value();
}
void Must(const Status& status, const char* what) {
  if (!status) {
    std::cerr << what << ": " << status.error().message << "\n";
    std::exit(1);
  }
}

int Run(int argc, char** argv) {
  std::string db, token_file, writers_file;
  int suppliers = 10000, writers = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db") db = argv[i + 1];
    else if (flag == "--suppliers") suppliers = std::stoi(argv[i + 1]);
    else if (flag == "--token-file") token_file = argv[i + 1];
    else if (flag == "--writers") writers = std::stoi(argv[i + 1]);
    else if (flag == "--writers-file") writers_file = argv[i + 1];
  }
  if (db.empty() || token_file.empty()) {
    std::cerr << "usage: api_bench_data --db URL --suppliers N --token-file FILE\n";
    return 2;
  }
  const Catalog catalog = Must(LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/catalogs"), "catalog");
  const Framework& framework = *catalog.FindFramework("security-action");
  auto store = Must(Store::Open(db), "open");
  std::mt19937_64 random(20261121);

  Must(store->Begin(), "begin");
  const auto industry = *Industry::Parse("E-29");
  const Organisation buyer = Must(store->AddOrganisation(Organisation{0, *CorporateNumber::Parse(Number(900000000001)),
                                                                     "ベンチ自動車株式会社", industry, 5000, 10'000'000'000LL, ""}),
                                  "buyer");
  std::vector<Organisation> orgs;
  for (int i = 0; i < suppliers; ++i) {
    orgs.push_back(Must(store->AddOrganisation(Organisation{0, *CorporateNumber::Parse(Number(100000000000 + i)),
                                                            "取引先" + std::to_string(i) + "株式会社", industry,
                                                            20 + (i % 400), 30'000'000, ""}),
                        "supplier"));
  }
  // Chain: 80% direct suppliers; each of the rest is supplied to a direct one, which
  // discloses its relationships to every buyer upstream.
  const int direct = std::max(1, suppliers * 8 / 10);
  std::vector<SupplyRelationship> relationships;
  const RelationshipKind kinds[] = {RelationshipKind::kParts, RelationshipKind::kManufacturing,
                                    RelationshipKind::kItOutsourcing, RelationshipKind::kLogistics};
  for (int i = 0; i < suppliers; ++i) {
    SupplyRelationship r;
    r.buyer = i < direct ? buyer.id : orgs[static_cast<size_t>(i % direct)].id;
    r.supplier = orgs[static_cast<size_t>(i)].id;
    r.declared_by = r.buyer;
    r.kind = kinds[random() % 4];
    r.substitutability = random() % 10 == 0 ? Substitutability::kSingleSource : Substitutability::kEasy;
    r.connectivity = random() % 20 == 0 ? Connectivity::kVpn : Connectivity::kEmail;
    relationships.push_back(r);
  }
  size_t failed = 0;
  Must(store->InsertRelationships(relationships, &failed), "relationships");
  for (int i = 0; i < suppliers - direct; ++i) {
    Must(store->AddDisclosure(Disclosure{orgs[static_cast<size_t>(i % direct)].id, std::nullopt}), "disclosure");
  }

  // A third hold ★3 from an expert-confirmed hub assessment; the others answered SECURITY
  // ACTION (★1 or ★2, self-declared), one in seven of those long ago (expired).
  const Framework& hub = *catalog.FindFramework("hoshitori-common");
  int64_t sample = 0;
  std::vector<std::pair<int64_t, int64_t>> shared;  // (assessment, share) per supplier
  for (int i = 0; i < suppliers; ++i) {
    const bool confirmed = i % 3 == 1;
    const Framework& assessed = confirmed ? hub : framework;
    AssessmentRecord record;
    record.org_id = orgs[static_cast<size_t>(i)].id;
    record.framework_id = assessed.id;
    record.scope = "全社";
    record.attestation.status = confirmed ? AssessmentStatus::kConfirmed : AssessmentStatus::kSubmitted;
    record.attestation.kind = confirmed ? AttestationKind::kExpertConfirmed : AttestationKind::kSelf;
    record.attestation.management_declaration = true;
    record.attestation.valid_from = *ParseDate(i % 7 == 0 ? "2023-04-01" : "2026-04-01");
    const int64_t id = Must(store->InsertAssessment(record), "assessment");
    const bool star2 = random() % 2 == 0;
    for (NodeIndex n : assessed.assessable()) {
      const RequirementNode& node = assessed.nodes()[n];
      Answer answer;
      answer.node_id = node.id;
      const int lowest = LowestStar(node.levels);
      const bool implemented = confirmed ? lowest <= 3 : (lowest <= 1 || star2);
      answer.status = implemented ? AnswerStatus::kImplemented : AnswerStatus::kNotImplemented;
      Must(store->InsertAnswer(id, record.org_id, answer), "answer");
    }
    Share share;
    share.org_id = record.org_id;
    share.assessment_id = id;
    share.buyer_org_id = buyer.id;
    share.detail = i % 3 == 0 ? ShareDetail::kDetails : ShareDetail::kLevel;
    share.created_at = UtcNow();
    shared.emplace_back(id, Must(store->AddShare(share), "share"));
    if (i == suppliers / 2) sample = id;
  }
  // A write token of its own for each of the first `writers` suppliers.
  const std::string password_hash =
      Must(service::HashPassword("bench-password-not-secret", service::PasswordCost::kMinimal), "hash");
  std::ofstream writers_out;
  if (writers > 0) writers_out.open(writers_file);
  for (int i = 0; i < std::min(writers, suppliers); ++i) {
    const Organisation& o = orgs[static_cast<size_t>(i)];
    User admin;
    admin.org_id = o.id;
    admin.email = "admin" + std::to_string(i) + "@supplier.bench.example";
    admin.display_name = "Bench supplier " + std::to_string(i);
    admin.role = Role::kOrgAdmin;
    admin.password_hash = password_hash;
    admin = Must(store->AddUser(admin), "supplier user");
    const std::string token = service::NewToken("hst_");
    Must(store->AddApiToken(ApiToken{0, service::Sha256Hex(token), admin.id, o.id, "bench", UtcNow(), std::nullopt,
                                     UtcNow(365 * 86400), "write"}),
         "supplier token");
    writers_out << token << " " << shared[static_cast<size_t>(i)].first << " " << shared[static_cast<size_t>(i)].second
                << " " << o.corporate_number.digits() << "\n";
  }
  User user;
  user.org_id = buyer.id;
  user.email = "buyer@bench.example";
  user.display_name = "Bench buyer";
  user.role = Role::kOrgAdmin;
  user.password_hash = password_hash;
  user = Must(store->AddUser(user), "user");
  const std::string token = service::NewToken("hst_");
  Must(store->AddApiToken(ApiToken{0, service::Sha256Hex(token), user.id, buyer.id, "bench", UtcNow(), std::nullopt, UtcNow(365 * 86400), "write"}), "token");
  Must(store->Commit(), "commit");
  std::ofstream(token_file) << token;
  std::cout << sample << "\n";
  return 0;
}

}  // namespace
}  // namespace hoshitori

int main(int argc, char** argv) { return hoshitori::Run(argc, argv); }
