// libFuzzer target: CISO Assistant library YAML. Any bytes must give frameworks and mapping
// sets or an error naming a line, never a crash; what imports is written as catalog files
// and loaded again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interchange/catalog_yaml.h"
#include "interchange/ciso_assistant.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ix::CisoImportOptions options;
  options.level_map = {{"IG1", hoshitori::kLv1}, {"IG2", hoshitori::kLv2}};
  auto imported = ix::ImportCisoAssistantLibrary(text, options);
  // Again leaving out what cannot be imported: the skip, merge and spread paths.
  options.skip_unknown = true;
  (void)ix::ImportCisoAssistantLibrary(text, options);
  if (!imported) return 0;
  for (const auto& framework : imported->frameworks) {
    (void)ix::FrameworkFromYaml(ix::FrameworkToYaml(framework), "fuzz.yaml");
  }
  for (const auto& set : imported->mapping_sets) {
    (void)ix::MappingSetFromYaml(ix::MappingSetToYaml(set), "fuzz.yaml");
  }
  return 0;
}
