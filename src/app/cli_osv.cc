// hoshitori osv import DIR|ZIP: loads OSV advisories into the store (an operator command).
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/context.h"
#include "service/advisory_service.h"

namespace hoshitori::app {

namespace {

// Text in the language chosen with --lang.
std::string Say(const Context& context, std::string japanese, std::string english) {
  return context.lang == "en" ? std::move(english) : std::move(japanese);
}

void PrintReport(const Context& context, const std::string& source,
                 const service::AdvisoryImportReport& report, bool json) {
  const auto& read = report.read;
  const auto& stored = report.stored;
  if (json) {
    nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
    for (const interchange::OsvSkip& skip : read.skipped) {
      skipped.push_back({{"file", skip.file}, {"reason", skip.reason}});
    }
    const nlohmann::ordered_json out = {{"source", source},
                                        {"files", read.files},
                                        {"read", read.read},
                                        {"ignored", read.ignored},
                                        {"added", stored.added},
                                        {"updated", stored.updated},
                                        {"unchanged", stored.unchanged},
                                        {"skipped", std::move(skipped)}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  const auto n = [](size_t value) { return std::to_string(value); };
  std::cout << Say(context,
                   source + ": " + n(read.files) + " ファイルから " + n(read.read) +
                       " 件のアドバイザリを読み込みました（対象外のファイル " + n(read.ignored) +
                       " 件）",
                   source + ": read " + n(read.read) + " advisories from " + n(read.files) +
                       " files (" + n(read.ignored) + " other files ignored)")
            << "\n"
            << Say(context,
                   "新規 " + n(stored.added) + "、更新 " + n(stored.updated) + "、変更なし " +
                       n(stored.unchanged) + "、読み飛ばし " + n(read.skipped.size()),
                   "new " + n(stored.added) + ", updated " + n(stored.updated) + ", unchanged " +
                       n(stored.unchanged) + ", skipped " + n(read.skipped.size()))
            << "\n";
  for (const interchange::OsvSkip& skip : read.skipped) {
    std::cout << "  " << Say(context, "読み飛ばし", "skipped") << " " << skip.file << ": "
              << skip.reason << "\n";
  }
}

}  // namespace

void AddOsvCommands(CLI::App& app, Context& context) {
  CLI::App* osv =
      app.add_subcommand("osv", "OSV vulnerability advisories / 脆弱性アドバイザリ (OSV)");
  osv->require_subcommand(1);

  struct ImportOptions {
    std::string source;
    bool json = false;
  };
  auto options = std::make_shared<ImportOptions>();
  CLI::App* import = osv->add_subcommand(
      "import",
      "load advisories from a directory or zip of OSV JSON/YAML files into the store, "
      "incrementally by `modified` / アドバイザリの取り込み");
  import->add_option("source", options->source, "directory or .zip / ディレクトリまたは zip")
      ->required();
  import->add_flag("--json", options->json, "JSON output");
  import->callback([&context, options] {
    Catalog no_catalog;
  service::Context use_case{context.store(), no_catalog, context.clock(), nullptr,
                            service::Actor::Operator()};
  const service::AdvisoryImportReport report =
      Require(service::AdvisoryService(use_case).Import(options->source));
  PrintReport(context, options->source, report, options->json);
});
}  // namespace hoshitori::app

}  // namespace hoshitori::app
