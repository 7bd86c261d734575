// libFuzzer target: campaign CSV files (`hoshitori assess import-campaign`). Any bytes must give
// answers or an error naming the row — never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "catalog/catalog_loader.h"
#include "interchange/campaign_csv.h"

namespace {

const hoshitori::Framework& FuzzFramework() {
  static const hoshitori::Catalog catalog = [] {
    hoshitori::Catalog c;
    hoshitori::CatalogProblems problems;
    hoshitori::LoadCatalogText(R"(framework:
  id: q
  version: "1"
  name: {ja: "問", en: "Q"}
  publisher: {ja: "問", en: "Q"}
  licence_note: {ja: "問", en: "Q"}
  categories: [{id: c, name: {ja: "分類", en: "C"}}]
nodes:
  - {id: Q1, category: c, title: {ja: "一", en: "one"}, description: {ja: "一", en: "one"}}
  - {id: Q2, category: c, title: {ja: "二", en: "two"}, description: {ja: "二", en: "two"}}
)",
                               "q.yaml", c, problems);
    if (!problems.empty()) __builtin_trap();
    return c;
  }();
  return *catalog.FindFramework("q");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const hoshitori::Framework& framework = FuzzFramework();
  size_t organisations = 0;
  std::vector<int> answered;
  hoshitori::interchange::CampaignCsvHandler handler;
  handler.organisation = [&](const std::string&,
                             const hoshitori::CorporateNumber&) -> hoshitori::Status {
    ++organisations;
    answered.push_back(0);
    return hoshitori::OkStatus();
  };
  handler.answer = [&](const std::string&, size_t organisation,
                       const hoshitori::Answer&) -> hoshitori::Status {
    // Answers name an organisation already seen, and no requirement twice.
    if (organisation >= organisations) __builtin_trap();
    if (++answered[organisation] > static_cast<int>(framework.assessable().size()))
      __builtin_trap();
    return hoshitori::OkStatus();
  };
  (void)hoshitori::interchange::ReadCampaignCsv(framework, text, handler);
  return 0;
}
