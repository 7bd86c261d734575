// libFuzzer target: OSCAL catalogs and mapping collections. Any bytes must give a framework
// or mapping sets, or an error — never a crash, hang or sanitizer report. What imports is
// also exported again and written as a catalog file, so every accepted input exercises the
// writers and the loader too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interchange/catalog_yaml.h"
#include "interchange/oscal.h"

namespace {

const hoshitori::Catalog& FuzzCatalog() {
  static const hoshitori::Catalog catalog = [] {
    hoshitori::Catalog c;
    auto framework = hoshitori::interchange::FrameworkFromYaml(R"(framework:
  id: t
  version: "1"
  name: {ja: "テ", en: "T"}
  publisher: {ja: "テ", en: "T"}
  licence_note: {ja: "テ", en: "T"}
  categories: [{id: c, name: {ja: "分類", en: "C"}}]
nodes:
  - {id: ac-1, ref: AC-1, category: c, title: {ja: "一", en: "one"}, description: {ja: "一", en: "one"}}
  - {id: GV.OC-01, category: c, title: {ja: "二", en: "two"}, description: {ja: "二", en: "two"}}
)", "t.yaml");
    if (!framework) __builtin_trap();
    c.AddFramework(std::move(framework).value());
    return c;
  }();
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool leaves_only : {false, true}) {
    ix::OscalCatalogOptions options;
    options.leaves_only = leaves_only;
    auto framework = ix::ImportOscalCatalog(text, options);
    if (!framework) continue;
    (void)ix::ExportOscalCatalog(*framework, "2026-11-21T00:00:00Z").dump();
    (void)ix::FrameworkFromYaml(ix::FrameworkToYaml(*framework), "fuzz.yaml");
  }
  ix::OscalMappingOptions loose;
  loose.source = "s";
  loose.target = "t";
  if (auto sets = ix::ImportOscalMappingCollection(text, loose)) {
    for (const auto& set : *sets) {
      (void)ix::ExportOscalMappingCollection(set, "2026-11-21T00:00:00Z").dump();
      (void)ix::MappingSetFromYaml(ix::MappingSetToYaml(set), "fuzz.yaml");
    }
  }
  ix::OscalMappingOptions resolved;
  resolved.source = "t";
  resolved.target = "t";
  resolved.catalog = &FuzzCatalog();
  (void)ix::ImportOscalMappingCollection(text, resolved);
  return 0;
}
