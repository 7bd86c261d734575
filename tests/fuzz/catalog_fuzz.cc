// libFuzzer target: any bytes given as a catalog file must yield problems or a framework,
// never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalog/catalog_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hoshitori::Catalog catalog;
  hoshitori::CatalogProblems problems;
  hoshitori::LoadCatalogText(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.yaml",
                             catalog, problems);
  hoshitori::CheckCatalogReferences(catalog, problems);
  return 0;
}
