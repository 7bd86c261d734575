// libFuzzer target: spreadsheets (xlsx through libzip and expat, or CSV), column maps, and
// the guideline and answer-sheet conversions on top of them. Any bytes must give a table,
// framework or answers, or an error naming the row — never a crash, hang, zip bomb or
// sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interchange/catalog_yaml.h"
#include "interchange/check_sheet.h"
#include "interchange/column_map.h"
#include "interchange/table.h"

namespace {

const hoshitori::interchange::ColumnMap& GuidelineMap() {
  static const hoshitori::interchange::ColumnMap map = [] {
    auto parsed = hoshitori::interchange::ParseColumnMap(R"(framework: {id: g, name: {ja: "業界", en: "G"}}
columns: {id: "No.", category: 分類, level: レベル, title: 要求事項, description: [達成条件, 達成基準]}
levels: {Lv1: lv1, Lv2: lv2, Lv3: lv3}
)", "map.yaml");
    if (!parsed) __builtin_trap();
    return std::move(parsed).value();
  }();
  return map;
}

const hoshitori::Framework& AnswerFramework() {
  static const hoshitori::Framework framework = [] {
    auto parsed = hoshitori::interchange::FrameworkFromYaml(R"(framework:
  id: q
  version: "1"
  name: {ja: "問", en: "Q"}
  publisher: {ja: "問", en: "Q"}
  licence_note: {ja: "問", en: "Q"}
  categories: [{id: c, name: {ja: "分類", en: "C"}}]
nodes:
  - {id: H1, category: c, levels: [star3], title: {ja: "一", en: "one"}, description: {ja: "一", en: "one"}}
  - {id: H2, category: c, title: {ja: "二", en: "two"}, description: {ja: "二", en: "two"}}
)", "q.yaml");
    if (!parsed) __builtin_trap();
    return std::move(parsed).value();
  }();
  return framework;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)ix::ParseColumnMap(bytes, "fuzz-map.yaml");
  if (ix::LooksLikeXlsx(bytes)) {
    (void)ix::XlsxSheetNames(bytes);
    (void)ix::ReadCheckSheetInfo(bytes);
  }
  for (std::string_view sheet : {std::string_view(), std::string_view(ix::kCheckSheetName)}) {
    auto table = ix::ReadTable(bytes, sheet);
    if (!table) continue;
    if (auto framework = ix::SheetToFramework(*table, GuidelineMap(), "fuzz")) {
      (void)ix::FrameworkFromYaml(ix::FrameworkToYaml(*framework), "fuzz.yaml");
    }
    (void)ix::SheetToAnswers(*table, ix::CheckSheetColumnMap(), AnswerFramework(), "fuzz");
  }
  return 0;
}
