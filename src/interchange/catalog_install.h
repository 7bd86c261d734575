// Installing imported catalog files into a catalog directory — the one place where an
// import touches the file system. New files are checked the way `hoshitori catalog validate`
// checks them, together with what they touch in the directory (the frameworks their mapping
// sets name, the mapping sets that name a framework they replace, the ids they must not
// repeat) — not the whole directory, so an import costs the same with 8 frameworks installed
// as with 200. Files are then written to a temporary file in the same directory and renamed
// into place, so a failed import leaves the directory as it was.
//
// Not thread-safe: one import per catalog directory at a time.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_loader.h"
#include "core/result.h"

namespace hoshitori::interchange {

struct CatalogFile {
  std::string name;  // file name relative to the catalog directory
  std::string text;  // catalog YAML
};

// What a catalog file declares, read from its first lines without parsing the whole file.
struct CatalogFileHeader {
  enum class Kind { kFramework, kMappingSet, kUnknown };
  Kind kind = Kind::kUnknown;  // kUnknown: the layout is not the usual one; parse the file
  std::string id;
  std::string source;  // mapping sets only
  std::string target;
};
CatalogFileHeader ScanCatalogFileHeader(std::string_view text);

// The ids of the frameworks and mapping sets shipped in the project's catalogs/ folder
// (collected at build time). An import replaces them only when told to explicitly.
bool IsShippedCatalogId(std::string_view id);

// The catalog files of one directory, indexed by the ids their first lines declare; a file
// is parsed only when something it defines is asked for (files of unusual layout are parsed
// when the directory is opened).
class CatalogDirectory {
 public:
  // Indexes `directory`; an error when it is not a directory.
  static Result<std::unique_ptr<CatalogDirectory>> Open(const std::string& directory);

  const std::string& path() const { return directory_; }
  // The framework with this id, parsed on first use; nullptr when no file declares it or its
  // file has problems (see problems()).
  const Framework* FindFramework(const std::string& id);
  // The file that declares framework / mapping set `id`, or "".
  std::string FrameworkFile(const std::string& id) const;
  std::string MappingSetFile(const std::string& id) const;
  // What the file at `path` declares (an unknown header for a file not in the directory).
  CatalogFileHeader HeaderOf(const std::string& path) const;
  // Paths of the mapping sets whose source or target is `framework_id`.
  std::vector<std::string> MappingSetsNaming(const std::string& framework_id) const;
  // Loads the file at `path` into `catalog`, appending its problems.
  void LoadFile(const std::string& path, Catalog& catalog, CatalogProblems& problems) const;
  const CatalogProblems& problems() const { return problems_; }

 private:
  explicit CatalogDirectory(std::string directory) : directory_(std::move(directory)) {}
  std::string directory_;
  std::map<std::string, CatalogFileHeader> headers_;  // normalised path -> header
  std::map<std::string, std::string> framework_files_;
  std::map<std::string, std::string> mapping_set_files_;
  Catalog loaded_;
  std::set<std::string> tried_;
  CatalogProblems problems_;
};

// The problems of the catalog in `directory` as it would be with `files` saved into it (an
// existing file of the same name is replaced in the check), checking the new files and what
// they touch (see above). Empty when it would validate.
CatalogProblems CheckCatalogWithFiles(const std::string& directory,
                                      const std::vector<CatalogFile>& files);

struct InstallPolicy {
  bool replace = false;             // overwrite existing files of the same name
  bool allow_node_removal = false;  // a replaced framework may lose nodes
  bool replace_shipped = false;     // a shipped framework or mapping set may be replaced
};

// What installing would change in existing files: for each replaced framework, the node ids
// it would lose.
struct InstallChanges {
  std::vector<std::string> replaced;                              // paths
  std::map<std::string, std::vector<std::string>> removed_nodes;  // framework id -> node ids
};

// Checks without writing: refuses (with a message saying which flag would allow it) an
// existing file without policy.replace, a shipped one without policy.replace_shipped, and a
// replacement that removes nodes without policy.allow_node_removal (naming every node);
// then checks the catalog as above. Returns what would change.
Result<InstallChanges> PlanInstall(const std::string& directory,
                                   const std::vector<CatalogFile>& files,
                                   const InstallPolicy& policy);

// PlanInstall, then writes the files. Fails without writing anything when the plan fails.
// Returns the paths written.
Result<std::vector<std::string>> InstallCatalogFiles(const std::string& directory,
                                                     const std::vector<CatalogFile>& files,
                                                     const InstallPolicy& policy);
// The same with only `replace` set (replacing shipped files and removing nodes refused).
Result<std::vector<std::string>> InstallCatalogFiles(const std::string& directory,
                                                     const std::vector<CatalogFile>& files,
                                                     bool replace);

// Writes `data` to `path` through a temporary file in the same directory and a rename.
Status WriteFileAtomically(const std::string& path, const std::string& data);

}  // namespace hoshitori::interchange
