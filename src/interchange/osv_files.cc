// Reading every OSV advisory in a directory tree or a zip archive (such as osv.dev's
// per-ecosystem all.zip): each file is read on its own, and one bad file is reported,
// never fatal.
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "interchange/osv.h"

namespace hoshitori::interchange {
namespace {

namespace fs = std::filesystem;

// Reads advisories one file at a time and keeps the report, refusing repeated ids and
// enforcing the limits on file count and total size.
class Collector {
 public:
  explicit Collector(const AdvisorySink& sink) : sink_(sink) {}

  // False once the limits are reached: the caller stops and reports the rest as not read.
  bool Room() const { return report_.files < kMaxOsvFiles && total_bytes_ < kMaxOsvTotalBytes; }

  void Ignore() { ++report_.ignored; }
  void Found() { ++report_.files; }
  void Skip(const std::string& file, std::string reason) {
    report_.skipped.push_back({file, std::move(reason)});
  }

  void Parse(const std::string& file, std::string_view bytes) {
    total_bytes_ += bytes.size();
    Result<sbom::Advisory> advisory = ReadOsvAdvisory(bytes, file);
    if (!advisory.ok()) {
      // The message starts with the file name, which the skip names already, and for YAML
      // the line: "f.yaml:12: $.id: ..." becomes "line 12: $.id: ...".
      std::string reason = advisory.error().message;
      if (reason.compare(0, file.size(), file) == 0) {
        const size_t at = file.size();
        if (reason.compare(at, 1, ":") == 0 && at + 1 < reason.size() &&
            std::isdigit(static_cast<unsigned char>(reason[at + 1]))) {
          reason.replace(0, at + 1, "line ");
        } else if (reason.compare(at, 2, ": ") == 0) {
          reason.erase(0, at + 2);
        }
      }
      Skip(file, std::move(reason));
      return;
    }
    const auto [seen, first] = first_file_.try_emplace(advisory->id, file);
    if (!first) {
      Skip(file, "id " + advisory->id + " was already read from " + seen->second + " / id " +
                     advisory->id + " は " + seen->second + " で読み込み済みです");
      return;
    }
    ++report_.read;
    sink_(std::move(advisory).value(), file);
  }

  // Reports that the limits stopped the reading at `where`, the first file not read.
  void Stopped(const std::string& where) {
    Found();
    Skip(where, "the limit of " + std::to_string(kMaxOsvFiles) + " files or " +
                    std::to_string(kMaxOsvTotalBytes) +
                    " bytes was reached; the rest is not read / 上限に達したため以降は読みません");
  }

  OsvReadReport Take() { return std::move(report_); }

 private:
  const AdvisorySink& sink_;
  OsvReadReport report_;
  uint64_t total_bytes_ = 0;
  std::unordered_map<std::string, std::string> first_file_;  // id -> the file it came from
};

std::string TooLarge(uint64_t size) {
  return "the file is " + std::to_string(size) + " bytes, more than " +
         std::to_string(kMaxOsvFileBytes) + " / ファイルが上限 " +
         std::to_string(kMaxOsvFileBytes) + " バイトを超えています";
}

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct EntryCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using Archive = std::unique_ptr<zip_t, ArchiveCloser>;

OsvReadReport ReadArchive(zip_t* archive, const AdvisorySink& sink) {
  Collector collector(sink);
  const zip_int64_t entries = zip_get_num_entries(archive, 0);
  std::string buffer;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) != 0 ||
        (stat.valid & ZIP_STAT_NAME) == 0) {
      collector.Found();
      collector.Skip(
          "entry " + std::to_string(i),
          std::string("unreadable entry: ") + zip_strerror(archive) + " / 読めないエントリです");
      continue;
    }
    std::string name(stat.name);
    if (name.size() > 1024) name = name.substr(0, 1024) + "...";
    if (name.empty() || name.back() == '/' || !IsOsvFileName(name)) {
      collector.Ignore();
      continue;
    }
    if (!collector.Room()) {
      collector.Stopped(name);
      break;
    }
    collector.Found();
    if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > kMaxOsvFileBytes) {
      collector.Skip(name, TooLarge(stat.size));
      continue;
    }
    std::unique_ptr<zip_file_t, EntryCloser> file(
        zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0));
    if (!file) {
      collector.Skip(name, std::string("cannot open the entry: ") + zip_strerror(archive) +
                               " / エントリを開けません");
      continue;
    }
    // The stored size is not trusted: read at most one byte more than the limit.
    buffer.resize(kMaxOsvFileBytes + 1);
    size_t total = 0;
    bool failed = false;
    while (total < buffer.size()) {
      const zip_int64_t n = zip_fread(file.get(), buffer.data() + total, buffer.size() - total);
      if (n < 0) {
        failed = true;
        break;
      }
      if (n == 0) break;
      total += static_cast<size_t>(n);
    }
    if (failed) {
      collector.Skip(name, std::string("cannot unpack the entry: ") +
                               zip_file_strerror(file.get()) + " / エントリを展開できません");
      continue;
    }
    if (total > kMaxOsvFileBytes) {
      collector.Skip(name, TooLarge(total));
      continue;
    }
    collector.Parse(name, std::string_view(buffer.data(), total));
  }
  return collector.Take();
}

Error OpenFailed(const std::string& name, const std::string& why) {
  return MakeError(
      ErrorKind::kInvalid, "unreadable zip",
      name + ": cannot open the zip archive: " + why + " / zip アーカイブを開けません");
}

}  // namespace

Result<OsvReadReport> ReadOsvDirectory(const fs::path& directory, const AdvisorySink& sink) {
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    return MakeError(ErrorKind::kNotFound, "no such directory",
                     directory.string() + ": not a directory / ディレクトリではありません");
  }
  std::vector<fs::path> files;
  size_t ignored = 0;
  fs::recursive_directory_iterator it(directory, fs::directory_options::skip_permission_denied,
                                      error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    std::error_code type_error;
    if (!it->is_regular_file(type_error)) continue;
    if (IsOsvFileName(it->path().filename().string())) {
      files.push_back(it->path());
      if (files.size() > kMaxOsvFiles) break;
    } else {
      ++ignored;
    }
  }
  if (error) {
    return MakeError(ErrorKind::kInvalid, "unreadable directory",
                     directory.string() + ": cannot list the directory: " + error.message() +
                         " / ディレクトリを一覧できません");
  }
  std::sort(files.begin(), files.end());
  Collector collector(sink);
  for (size_t i = 0; i < ignored; ++i) collector.Ignore();
  std::string buffer;
  for (const fs::path& path : files) {
    const std::string name = path.lexically_relative(directory).generic_string();
    if (!collector.Room()) {
      collector.Stopped(name);
      break;
    }
    collector.Found();
    std::error_code size_error;
    const uintmax_t size = fs::file_size(path, size_error);
    if (size_error) {
      collector.Skip(name,
                     "cannot read the file: " + size_error.message() + " / ファイルを読めません");
      continue;
    }
    if (size > kMaxOsvFileBytes) {
      collector.Skip(name, TooLarge(size));
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    buffer.resize(kMaxOsvFileBytes + 1);
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.bad() || !in.is_open()) {
      collector.Skip(name, "cannot read the file / ファイルを読めません");
      continue;
    }
    const auto read = static_cast<size_t>(in.gcount());
    if (read > kMaxOsvFileBytes) {  // it grew since its size was taken
      collector.Skip(name, TooLarge(read));
      continue;
    }
    collector.Parse(name, std::string_view(buffer.data(), read));
  }
  return collector.Take();
}

Result<OsvReadReport> ReadOsvZip(const fs::path& path, const AdvisorySink& sink) {
  int code = 0;
  Archive archive(zip_open(path.c_str(), ZIP_RDONLY, &code));
  if (!archive) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return OpenFailed(path.string(), why);
  }
  return ReadArchive(archive.get(), sink);
}

Result<OsvReadReport> ReadOsvZipBytes(std::string_view bytes, const std::string& name,
                                      const AdvisorySink& sink) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return OpenFailed(name, why);
  }
  Archive archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!archive) {
    zip_source_free(source);
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return OpenFailed(name, why);
  }
  zip_error_fini(&error);
  return ReadArchive(archive.get(), sink);
}

}  // namespace hoshitori::interchange
