// Writes a large campaign for the crash-safety test: ORGANISATIONS registered organisations
// (organisations.csv) each answering every assessable requirement of FRAMEWORK
// (campaign.csv).
//
// Usage: crash_campaign_data CATALOG_DIR FRAMEWORK ORGANISATIONS OUT_DIR
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "catalog/catalog_loader.h"
#include "core/corporate_number.h"

int main(int argc, char** argv) {
  using namespace hoshitori;
  if (argc != 5) {
    std::cerr << "usage: crash_campaign_data CATALOG_DIR FRAMEWORK ORGANISATIONS OUT_DIR\n";
    return 2;
  }
  auto catalog = LoadCatalogDirectory(argv[1]);
  if (!catalog) {
    std::cerr << catalog.error().message << "\n";
    return 1;
  }
  const Framework* framework = catalog->FindFramework(argv[2]);
  if (!framework) {
    std::cerr << "framework '" << argv[2] << "' is not in the catalog\n";
    return 1;
  }
  const int organisations = std::stoi(argv[3]);
  const std::string out = argv[4];
  std::ofstream orgs(out + "/organisations.csv");
  std::ofstream campaign(out + "/campaign.csv");
  orgs << "corporate_number,name,industry,employees,capital_yen\n";
  campaign << "corporate_number,ref,status,maturity,comment\n";
  static const char* const kStatuses[] = {"implemented", "partial", "not_implemented", "unknown"};
  long answers = 0;
  for (int i = 0; i < organisations; ++i) {
    char base[13];
    std::snprintf(base, sizeof base, "%012d", 200000000 + i);
    const std::string number = std::to_string(CorporateNumber::CheckDigitFor(base)) + base;
    orgs << number << ",試験会社 " << i << ",E,50,10000000\n";
    int k = i;
    for (NodeIndex node : framework->assessable()) {
      const char* status = kStatuses[(k++) % 4];
      campaign << number << ',' << framework->nodes()[node].id << ',' << status << ',' << (k % 6)
               << ",自己評価\n";
      ++answers;
    }
  }
  if (!orgs || !campaign) {
    std::cerr << "cannot write to " << out << "\n";
    return 1;
  }
  std::cout << organisations << " " << answers << "\n";
  return 0;
}
