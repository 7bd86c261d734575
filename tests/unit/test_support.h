// Helpers shared by the unit tests.
#pragma once

#include <filesystem>
#include <string>

#include <unistd.h>

#include "catalog/catalog_loader.h"

namespace hoshitori::testing_support {

// The catalog of tests/cases/catalogs/mini, loaded once.
inline const Catalog& MiniCatalog() {
  static const Catalog catalog = [] {
    auto loaded = LoadCatalogDirectory(std::string(HOSHITORI_SOURCE_DIR) + "/tests/cases/catalogs/mini");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return std::move(loaded).value();
  }();
  return catalog;
}

// A fresh temporary directory, removed when the object goes.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("hoshitori-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

}  // namespace hoshitori::testing_support
