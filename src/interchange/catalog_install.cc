#include "interchange/catalog_install.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "interchange/catalog_yaml.h"

namespace hoshitori::interchange {

namespace fs = std::filesystem;

namespace {

// Generated at build time from catalogs/ (see CMakeLists.txt).
constexpr std::string_view kShippedIds[] = {
#include "interchange/shipped_catalog_ids.inc"
    ""};  // keeps the array non-empty

std::string Normal(const fs::path& path) { return path.lexically_normal().string(); }

std::string ReadText(const std::string& path, size_t limit = std::string::npos) {
  std::ifstream in(path, std::ios::binary);
  if (limit == std::string::npos) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }
  std::string text(limit, '\0');
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

bool IsIdText(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

// "value", 'value', value  # comment -> value; "" when it is not a plain id.
std::string HeaderValue(std::string_view text) {
  if (const size_t hash = text.find(" #"); hash != std::string_view::npos)
    text = text.substr(0, hash);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    text = text.substr(1, text.size() - 2);
  }
  return IsIdText(text) ? std::string(text) : std::string();
}

std::vector<fs::path> YamlFiles(const std::string& directory) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(directory, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto ext = it->path().extension();
    if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

CatalogFileHeader ScanCatalogFileHeader(std::string_view text) {
  using Kind = CatalogFileHeader::Kind;
  CatalogFileHeader header;
  Kind kind = Kind::kUnknown;
  int child_indent = -1;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ') ++indent;
    if (indent == line.size() || line[indent] == '#') continue;
    if (line[indent] == '\t') return {};
    if (indent == 0) {
      if (kind != Kind::kUnknown) break;  // the header block ended
      std::string_view key = line;
      if (const size_t hash = key.find(" #"); hash != std::string_view::npos)
        key = key.substr(0, hash);
      while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
      if (key == "framework:") {
        kind = Kind::kFramework;
      } else if (key == "mapping_set:") {
        kind = Kind::kMappingSet;
      } else if (key == "---") {
        continue;
      } else {
        return {};  // something else first: an unusual layout
      }
      continue;
    }
    if (kind == Kind::kUnknown) return {};
    if (child_indent < 0) child_indent = static_cast<int>(indent);
    if (static_cast<int>(indent) != child_indent) continue;
    const size_t colon = line.find(':', indent);
    if (colon == std::string_view::npos) continue;
    const std::string_view key = line.substr(indent, colon - indent);
    std::string* field = key == "id"       ? &header.id
                         : key == "source" ? &header.source
                         : key == "target" ? &header.target
                                           : nullptr;
    if (!field) continue;
    *field = HeaderValue(line.substr(colon + 1));
    if (field->empty()) return {};
  }
  if (kind == Kind::kFramework && !header.id.empty()) {
    header.kind = kind;
    header.source.clear();
    header.target.clear();
  } else if (kind == Kind::kMappingSet && !header.id.empty() && !header.source.empty() &&
             !header.target.empty()) {
    header.kind = kind;
  } else {
    return {};
  }
  return header;
}

bool IsShippedCatalogId(std::string_view id) {
  return !id.empty() &&
         std::find(std::begin(kShippedIds), std::end(kShippedIds), id) != std::end(kShippedIds);
}

Result<std::unique_ptr<CatalogDirectory>> CatalogDirectory::Open(const std::string& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) return MakeError(directory + ": not a directory");
  std::unique_ptr<CatalogDirectory> out(new CatalogDirectory(directory));
  for (const fs::path& path : YamlFiles(directory)) {
    const std::string name = Normal(path);
    // The header sits in the first lines; 64 KiB holds it in every file written by hand or
    // by an importer, and a file whose header is not found there is parsed whole.
    CatalogFileHeader header = ScanCatalogFileHeader(ReadText(name, 64 * 1024));
    if (header.kind == CatalogFileHeader::Kind::kUnknown) {
      Catalog catalog;
      CatalogProblems ignored;  // reported when the file matters (LoadFile)
      out->LoadFile(name, catalog, ignored);
      if (!catalog.frameworks().empty()) {
        header.kind = CatalogFileHeader::Kind::kFramework;
        header.id = catalog.frameworks().begin()->first;
      } else if (!catalog.mapping_sets().empty()) {
        const MappingSet& set = catalog.mapping_sets().front();
        header =
            CatalogFileHeader{CatalogFileHeader::Kind::kMappingSet, set.id, set.source, set.target};
      }
    }
    if (header.kind == CatalogFileHeader::Kind::kFramework)
      out->framework_files_.emplace(header.id, name);
    if (header.kind == CatalogFileHeader::Kind::kMappingSet)
      out->mapping_set_files_.emplace(header.id, name);
    out->headers_[name] = std::move(header);
  }
  return out;
}

const Framework* CatalogDirectory::FindFramework(const std::string& id) {
  if (const Framework* found = loaded_.FindFramework(id)) return found;
  const std::string path = FrameworkFile(id);
  if (path.empty() || !tried_.insert(path).second) return nullptr;
  LoadFile(path, loaded_, problems_);
  return loaded_.FindFramework(id);
}

std::string CatalogDirectory::FrameworkFile(const std::string& id) const {
  auto it = framework_files_.find(id);
  return it == framework_files_.end() ? "" : it->second;
}

std::string CatalogDirectory::MappingSetFile(const std::string& id) const {
  auto it = mapping_set_files_.find(id);
  return it == mapping_set_files_.end() ? "" : it->second;
}

CatalogFileHeader CatalogDirectory::HeaderOf(const std::string& path) const {
  auto it = headers_.find(Normal(path));
  return it == headers_.end() ? CatalogFileHeader{} : it->second;
}

std::vector<std::string> CatalogDirectory::MappingSetsNaming(
    const std::string& framework_id) const {
  std::vector<std::string> out;
  for (const auto& [path, header] : headers_) {
    if (header.kind == CatalogFileHeader::Kind::kMappingSet &&
        (header.source == framework_id || header.target == framework_id)) {
      out.push_back(path);
    }
  }
  return out;
}

void CatalogDirectory::LoadFile(const std::string& path, Catalog& catalog,
                                CatalogProblems& problems) const {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.messages.push_back(path + ":0: cannot be read");
    return;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  LoadCatalogText(buffer.str(), path, catalog, problems);
}

namespace {

CatalogProblems Check(const CatalogDirectory& directory, const std::vector<CatalogFile>& files) {
  CatalogProblems problems;
  Catalog catalog;
  std::set<std::string> new_paths, loaded;
  std::set<std::string> touched;  // framework ids the new files declare or replace
  for (const CatalogFile& file : files) {
    const std::string path = Normal(fs::path(directory.path()) / file.name);
    new_paths.insert(path);
    const CatalogFileHeader before = directory.HeaderOf(path);
    if (before.kind == CatalogFileHeader::Kind::kFramework) touched.insert(before.id);
    const size_t sets_before = catalog.mapping_sets().size();
    const size_t frameworks_before = catalog.frameworks().size();
    LoadCatalogText(file.text, path, catalog, problems);
    if (catalog.frameworks().size() > frameworks_before) {
      for (const auto& [id, framework] : catalog.frameworks()) {
        if (framework->file != path) continue;
        touched.insert(id);
        const std::string other = directory.FrameworkFile(id);
        if (!other.empty() && !new_paths.count(other) && other != path) {
          problems.messages.push_back(path + ":0: framework id '" + id +
                                      "' is already used by another file (" + other + ")");
        }
      }
    }
    for (size_t i = sets_before; i < catalog.mapping_sets().size(); ++i) {
      const MappingSet& set = catalog.mapping_sets()[i];
      const std::string other = directory.MappingSetFile(set.id);
      if (!other.empty() && other != path) {
        problems.messages.push_back(path + ":0: mapping set id '" + set.id +
                                    "' is already used in " + other);
      }
    }
  }
  auto load_framework = [&](const std::string& id) {
    if (catalog.FindFramework(id)) return;
    const std::string path = directory.FrameworkFile(id);
    if (path.empty() || new_paths.count(path) || !loaded.insert(path).second) return;
    directory.LoadFile(path, catalog, problems);
  };
  // The frameworks the new mapping sets name.
  const size_t new_sets = catalog.mapping_sets().size();
  for (size_t i = 0; i < new_sets; ++i) {
    const MappingSet set = catalog.mapping_sets()[i];
    load_framework(set.source);
    load_framework(set.target);
  }
  // The installed mapping sets that name a framework being added or replaced must still hold.
  for (const std::string& id : touched) {
    for (const std::string& path : directory.MappingSetsNaming(id)) {
      if (new_paths.count(path) || !loaded.insert(path).second) continue;
      const size_t before = catalog.mapping_sets().size();
      directory.LoadFile(path, catalog, problems);
      for (size_t i = before; i < catalog.mapping_sets().size(); ++i) {
        const MappingSet set = catalog.mapping_sets()[i];
        load_framework(set.source);
        load_framework(set.target);
      }
    }
  }
  CheckCatalogReferences(catalog, problems);
  return problems;
}

std::string Listed(const std::vector<std::string>& items, size_t shown) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < shown; ++i)
    out += (out.empty() ? "" : ", ") + items[i];
  if (items.size() > shown) out += ", ... and " + std::to_string(items.size() - shown) + " more";
  return out;
}

}  // namespace

CatalogProblems CheckCatalogWithFiles(const std::string& directory,
                                      const std::vector<CatalogFile>& files) {
  auto opened = CatalogDirectory::Open(directory);
  if (!opened) return CatalogProblems{{opened.error().message}};
  return Check(**opened, files);
}

Status WriteFileAtomically(const std::string& path, const std::string& data) {
  const fs::path target(path);
  const fs::path temporary = target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                                     std::to_string(::getpid()));
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
    return MakeError("cannot rename '" + temporary.string() + "' to '" + path +
                     "': " + ec.message());
  }
  return OkStatus();
}

Result<InstallChanges> PlanInstall(const std::string& directory,
                                   const std::vector<CatalogFile>& files,
                                   const InstallPolicy& policy) {
  if (files.empty()) return MakeError("nothing to import");
  auto opened = CatalogDirectory::Open(directory);
  if (!opened) return opened.error();
  CatalogDirectory& catalog = **opened;
  InstallChanges changes;
  std::error_code ec;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string path = Normal(fs::path(directory) / files[i].name);
    for (size_t j = 0; j < i; ++j) {
      if (files[j].name == files[i].name)
        return MakeError("the import would write " + path + " twice");
    }
    if (!fs::exists(path, ec)) continue;
    if (!policy.replace) return MakeError(path + " already exists; pass --replace to overwrite it");
    const CatalogFileHeader before = catalog.HeaderOf(path);
    if (!before.id.empty() && IsShippedCatalogId(before.id) && !policy.replace_shipped) {
      return MakeError(
          path + " holds '" + before.id +
          "', shipped with Hoshitori; nothing was written. Import under another id (--id), or pass "
          "--replace-shipped as well to overwrite the shipped file");
    }
    changes.replaced.push_back(path);
    if (before.kind != CatalogFileHeader::Kind::kFramework) continue;
    const Framework* old_framework = catalog.FindFramework(before.id);
    if (!old_framework) continue;
    // A replacement that does not load is reported by the check below.
    auto replacement = FrameworkFromYaml(files[i].text, path);
    if (!replacement) continue;
    std::set<std::string> kept;
    for (const RequirementNode& node : replacement->nodes()) kept.insert(node.id);
    std::vector<std::string> removed;
    for (const RequirementNode& node : old_framework->nodes()) {
      if (!kept.count(node.id)) removed.push_back(node.id);
    }
    if (!removed.empty()) changes.removed_nodes[before.id] = std::move(removed);
  }
  if (!changes.removed_nodes.empty() && !policy.allow_node_removal) {
    std::string message = "nothing was written: the replacement would remove nodes";
    for (const auto& [id, removed] : changes.removed_nodes) {
      const Framework* old_framework = catalog.FindFramework(id);
      message += "\n  " + id + ": " + std::to_string(removed.size()) + " of its " +
                 std::to_string(old_framework ? old_framework->nodes().size() : 0) +
                 " nodes: " + Listed(removed, 50);
    }
    message += "\nIf the file is complete and that is intended, pass --allow-node-removal as well.";
    return MakeError(message);
  }
  const CatalogProblems problems = Check(catalog, files);
  if (!problems.empty()) {
    return MakeError("nothing was written because the catalog would not validate:\n" +
                     problems.Joined());
  }
  return changes;
}

Result<std::vector<std::string>> InstallCatalogFiles(const std::string& directory,
                                                     const std::vector<CatalogFile>& files,
                                                     const InstallPolicy& policy) {
  auto plan = PlanInstall(directory, files, policy);
  if (!plan) return plan.error();
  std::vector<std::string> written;
  std::error_code ec;
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

Result<std::vector<std::string>> InstallCatalogFiles(const std::string& directory,
                                                     const std::vector<CatalogFile>& files,
                                                     bool replace) {
  InstallPolicy policy;
  policy.replace = replace;
  return InstallCatalogFiles(directory, files, policy);
}

}  // namespace hoshitori::interchange
