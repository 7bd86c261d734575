#include "interchange/catalog_install.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace hoshitori::interchange {

namespace fs = std::filesystem;

CatalogProblems CheckCatalogWithFiles(const std::string& directory, const std::vector<CatalogFile>& files) {
  CatalogProblems problems;
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) {
    problems.messages.push_back(directory + ": not a directory");
    return problems;
  }
  std::map<fs::path, const std::string*> added;
  for (const CatalogFile& file : files) added[(fs::path(directory) / file.name).lexically_normal()] = &file.text;
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(directory, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto ext = it->path().extension();
    if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml") && !added.count(it->path().lexically_normal())) {
      paths.push_back(it->path());
    }
  }
  for (const auto& [path, text] : added) paths.push_back(path);
  std::sort(paths.begin(), paths.end());
  Catalog catalog;
  for (const fs::path& path : paths) {
    if (auto it = added.find(path); it != added.end()) {
      LoadCatalogText(*it->second, path.string(), catalog, problems);
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    LoadCatalogText(buffer.str(), path.string(), catalog, problems);
  }
  CheckCatalogReferences(catalog, problems);
  return problems;
}

Status WriteFileAtomically(const std::string& path, const std::string& data) {
  const fs::path target(path);
  const fs::path temporary =
      target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return MakeError("cannot write '" + temporary.string() + "'");
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return MakeError("cannot write '" + temporary.string() + "' (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return MakeError("cannot rename '" + temporary.string() + "' to '" + path + "': " + ec.message());
  }
  return OkStatus();
}

Result<std::vector<std::string>> InstallCatalogFiles(const std::string& directory,
                                                     const std::vector<CatalogFile>& files, bool replace) {
  if (files.empty()) return MakeError("nothing to import");
  std::error_code ec;
  for (size_t i = 0; i < files.size(); ++i) {
    const fs::path path = fs::path(directory) / files[i].name;
    if (!replace && fs::exists(path, ec)) {
      return MakeError(path.string() + " already exists; pass --replace to overwrite it");
    }
    for (size_t j = 0; j < i; ++j) {
      if (files[j].name == files[i].name) return MakeError("the import would write " + path.string() + " twice");
    }
  }
  const CatalogProblems problems = CheckCatalogWithFiles(directory, files);
  if (!problems.empty()) {
    return MakeError("nothing was written because the catalog would not validate:\n" + problems.Joined());
  }
  std::vector<std::string> written;
  for (const CatalogFile& file : files) {
    const std::string path = (fs::path(directory) / file.name).string();
    if (auto status = WriteFileAtomically(path, file.text); !status) {
      // Best effort to keep "all or nothing" when the disk fails half-way.
      for (const std::string& done : written) fs::remove(done, ec);
      return status.error();
    }
    written.push_back(path);
  }
  return written;
}

}  // namespace hoshitori::interchange
