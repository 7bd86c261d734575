// libFuzzer target: answers files (CSV and JSON) and the CSV reader. Parsed answers are also
// scored and carried through a crosswalk, so every accepted input exercises the engine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "assess/answers.h"
#include "assess/crosswalk.h"
#include "assess/scoring.h"
#include "catalog/catalog_loader.h"
#include "core/csv.h"

namespace {

const hoshitori::Catalog& FuzzCatalog() {
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
  scoring: {method: points, max: 8, bands: [{min: -2, max: 8, label: {ja: "帯", en: "band"}}]}
nodes:
  - id: Q1
    category: c
    levels: [star3]
    title: {ja: "一", en: "one"}
    description: {ja: "一", en: "one"}
    choices:
      - {id: done, status: implemented, points: 4, label: {ja: "済", en: "done"}}
      - {id: dont_know, status: unknown, points: -1, label: {ja: "不明", en: "unknown"}}
  - id: Q2
    category: c
    levels: [star4]
    title: {ja: "二", en: "two"}
    description: {ja: "二", en: "two"}
    choices:
      - {id: done, status: implemented, points: 4, label: {ja: "済", en: "done"}}
      - {id: dont_know, status: unknown, points: -1, label: {ja: "不明", en: "unknown"}}
)", "q.yaml", c, problems);
    hoshitori::LoadCatalogText(R"(framework:
  id: h
  version: "1"
  name: {ja: "ハ", en: "H"}
  publisher: {ja: "ハ", en: "H"}
  licence_note: {ja: "ハ", en: "H"}
  categories: [{id: c, name: {ja: "分類", en: "C"}}]
nodes:
  - {id: H1, category: c, title: {ja: "一", en: "one"}, description: {ja: "一", en: "one"}}
)", "h.yaml", c, problems);
    hoshitori::LoadCatalogText(R"(mapping_set: {id: m, source: q, target: h, name: {ja: "マ", en: "M"}}
mappings:
  - {source: Q1, target: H1, relationship: subset-of, coverage: 0.5}
  - {source: Q2, target: H1, relationship: equal-to}
)", "m.yaml", c, problems);
    if (!problems.empty()) __builtin_trap();
    return c;
  }();
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hoshitori::ParseCsv(text);
  const hoshitori::Catalog& catalog = FuzzCatalog();
  const hoshitori::Framework& framework = *catalog.FindFramework("q");
  auto answers = hoshitori::ParseAnswers(text, framework);
  if (answers) {
    const auto responses = hoshitori::ToResponseVector(framework, *answers);
    (void)hoshitori::ScoringModel(framework).Evaluate(responses);
    (void)hoshitori::CrosswalkEngine(catalog).Infer("q", "h", responses);
  }
  return 0;
}
