// hoshitori: the command line of the Hoshitori platform.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/context.h"
#include "catalog/catalog_loader.h"

namespace hoshitori::app {

std::string Context::CatalogDirectory() const {
  if (!catalogs.empty()) return catalogs;
  if (const char* env = std::getenv("HOSHITORI_CATALOGS"); env && *env) return env;
  if (std::filesystem::is_directory("catalogs")) return "catalogs";
  return HOSHITORI_DEFAULT_CATALOGS;
}

const Catalog& Context::catalog() {
  if (!catalog_) catalog_.emplace(Require(LoadCatalogDirectory(CatalogDirectory())));
  return *catalog_;
}

const Framework& Context::framework(const std::string& id) {
  const Framework* framework = catalog().FindFramework(id);
  if (!framework) {
    std::string known;
    for (const auto& [name, unused] : catalog().frameworks()) known += (known.empty() ? "" : ", ") + name;
    throw CommandFailure{"framework '" + id + "' is not in the catalog; known: " + known};
  }
  return *framework;
}

Store& Context::store() {
  if (!store_) store_ = Require(Store::Open(db));
  return *store_;
}

Date Context::today() {
  std::string text = today_text;
  if (text.empty()) {
    if (const char* env = std::getenv("HOSHITORI_TODAY"); env && *env) text = env;
  }
  if (text.empty()) return Today();
  return Require(ParseDate(text));
}

const Clock& Context::clock() {
  if (!clock_) {
    const bool given = !today_text.empty() || (std::getenv("HOSHITORI_TODAY") && *std::getenv("HOSHITORI_TODAY"));
    clock_.emplace(given ? std::optional<Date>(today()) : std::nullopt);
  }
  return *clock_;
}

int64_t ParseAssessmentId(const std::string& text) {
  try {
    size_t used = 0;
    const long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw CommandFailure{"'" + text + "' is not an assessment id (a positive number)"};
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandFailure{"cannot read file '" + path + "'"};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace hoshitori::app

int main(int argc, char** argv) {
  using namespace hoshitori::app;
  Context context;
  CLI::App app{"Hoshitori (星取): supply-chain cybersecurity assurance / サプライチェーン・セキュリティ評価"};
  app.set_version_flag("--version", HOSHITORI_VERSION);
  app.require_subcommand(1);
  app.add_option("--db", context.db,
                 "SQLite database file, or postgresql://user@host:port/database / データベース")
      ->envname("HOSHITORI_DB")
      ->capture_default_str();
  app.add_option("--catalogs", context.catalogs, "catalog directory / カタログのディレクトリ");
  app.add_option("--lang", context.lang, "output language: ja or en / 表示言語")
      ->check(CLI::IsMember({"ja", "en"}))
      ->capture_default_str();
  app.add_option("--today", context.today_text, "date used for validity checks (YYYY-MM-DD)");

  AddCatalogCommands(app, context);
  AddAssessCommands(app, context);
  AddOrgCommands(app, context);
  AddUserCommands(app, context);
  AddDemoCommand(app, context);
  AddServeCommands(app, context);
  AddImportCommands(app, context);
  AddExportCommands(app, context);
  AddCrosswalkCoverageCommand(app, context);
  AddChainCommands(app, context);
  AddAttestCommands(app, context);
  AddOsvCommands(app, context);
  AddSbomCommands(app, context);
  AddAssessorCommands(app, context);
  AddNotifyCommands(app, context);
  AddShareCommands(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const CommandFailure& failure) {
    std::cerr << "error: " << failure.message << "\n";
    return failure.exit_code;
  }
  return 0;
}
