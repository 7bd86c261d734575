// What every command shares: global options, and the catalog and store opened on demand.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "core/date.h"
#include "core/clock.h"
#include "core/error_kind.h"
#include "store/store.h"

namespace hoshitori::app {

// Thrown by commands to end with a message and an exit code; caught in main().
struct CommandFailure {
  std::string message;
  int exit_code = 1;
};

class Context {
 public:
  std::string db = "hoshitori.db";
  std::string catalogs;  // empty: HOSHITORI_CATALOGS, ./catalogs, or the source tree's
  std::string lang = "ja";
  std::string today_text;  // empty: today's date (UTC)

  // The catalog, loaded and validated once. Throws CommandFailure listing the problems.
  const Catalog& catalog();
  const Framework& framework(const std::string& id);
  // The store at `db`, opened and migrated once. Throws CommandFailure.
  Store& store();
  Date today();
  // The clock of use cases: today's date moved to --today / HOSHITORI_TODAY when given.
  const Clock& clock();
  std::string CatalogDirectory() const;

 private:
  std::optional<Catalog> catalog_;
  std::unique_ptr<Store> store_;
  std::optional<Clock> clock_;
};

// Reads a whole file; throws CommandFailure naming the file when it cannot.
std::string ReadFile(const std::string& path);

// Parses a positive assessment id; throws CommandFailure naming the text otherwise.
int64_t ParseAssessmentId(const std::string& text);

// Unwraps a Result or throws CommandFailure with its message and the exit code of its kind
// (core/error_kind.h: 1 for internal errors, 2 invalid input, 3 not found, ...).
template <typename T>
T Require(Result<T> result) {
  if (!result) throw CommandFailure{result.error().message, AnswerFor(result.error().kind).exit_code};
  return std::move(result).value();
}

void AddCatalogCommands(CLI::App& app, Context& context);
void AddAssessCommands(CLI::App& app, Context& context);
void AddOrgCommands(CLI::App& app, Context& context);
void AddUserCommands(CLI::App& app, Context& context);
void AddDemoCommand(CLI::App& app, Context& context);
void AddServeCommands(CLI::App& app, Context& context);
void AddImportCommands(CLI::App& app, Context& context);
void AddExportCommands(CLI::App& app, Context& context);
// Adds `crosswalk coverage`; call after AddAssessCommands (it extends `crosswalk`).
void AddCrosswalkCoverageCommand(CLI::App& app, Context& context);
void AddChainCommands(CLI::App& app, Context& context);
// Adds `attest` (src/app/cli_attest.cc): keys, signed attestations, status lists, verify.
void AddAttestCommands(CLI::App& app, Context& context);
// Adds `osv import` (src/app/cli_osv.cc) and `sbom match` (src/app/cli_sbom.cc).
void AddOsvCommands(CLI::App& app, Context& context);
void AddSbomCommands(CLI::App& app, Context& context);
// Adds `assessor` (src/app/cli_assessor.cc): the operator's registry of accredited assessors.
void AddAssessorCommands(CLI::App& app, Context& context);
// Adds `notify run-reminders` (src/app/cli_notify.cc): the daily reminder job on demand.
void AddNotifyCommands(CLI::App& app, Context& context);
// Adds `share stix-check` (src/app/cli_share.cc): reads a STIX 2.1 bundle, no database.
void AddShareCommands(CLI::App& app, Context& context);

}  // namespace hoshitori::app
