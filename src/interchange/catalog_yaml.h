// Writing frameworks and mapping sets as catalog files (docs/catalog-format.md), and reading
// one file back. Every importer builds a Framework or MappingSet and goes through here, so
// what it writes is exactly what `hoshitori catalog validate` checks.
#pragma once

#include <string>
#include <string_view>

#include "catalog/framework.h"
#include "catalog/mapping.h"
#include "core/result.h"

namespace hoshitori::interchange {

// The catalog YAML text of `framework` (nodes in tree order; defaults such as weight 3,
// effort 2 and the assessable default are left out). Requires a sealed framework.
std::string FrameworkToYaml(const Framework& framework, std::string_view header_comment = "");
std::string MappingSetToYaml(const MappingSet& set, std::string_view header_comment = "");

// Loads one catalog file's text on its own. Returns the framework (or mapping set) it
// defines, or an error listing every problem as "FILE:LINE: message".
Result<Framework> FrameworkFromYaml(std::string_view text, const std::string& file_name);
Result<MappingSet> MappingSetFromYaml(std::string_view text, const std::string& file_name);

}  // namespace hoshitori::interchange
