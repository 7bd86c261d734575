// Installing imported catalog files into a catalog directory — the one place where an
// import touches the file system. New files are accepted only if the whole catalog
// (existing files plus the new ones) passes the checks of `hoshitori catalog validate`;
// each is then written to a temporary file in the same directory and renamed into place,
// so a failed import leaves the directory as it was.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog_loader.h"
#include "core/result.h"

namespace hoshitori::interchange {

struct CatalogFile {
  std::string name;  // file name relative to the catalog directory
  std::string text;  // catalog YAML
};

// The problems of the catalog in `directory` as it would be with `files` saved into it
// (an existing file of the same name is replaced in the check). Empty when it would
// validate.
CatalogProblems CheckCatalogWithFiles(const std::string& directory, const std::vector<CatalogFile>& files);

// Validates as above and writes the files. Fails without writing anything when the catalog
// would not validate, when `directory` is missing, or when a file exists and `replace` is
// false. Returns the paths written.
Result<std::vector<std::string>> InstallCatalogFiles(const std::string& directory,
                                                     const std::vector<CatalogFile>& files, bool replace);

// Writes `data` to `path` through a temporary file in the same directory and a rename.
Status WriteFileAtomically(const std::string& path, const std::string& data);

}  // namespace hoshitori::interchange
