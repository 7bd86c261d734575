// hoshitori export oscal catalog|mapping|assessment-results, hoshitori export sheet
#include <iostream>

#include "app/context.h"
#include "assess/scoring.h"
#include "interchange/catalog_install.h"
#include "interchange/check_sheet.h"
#include "interchange/oscal.h"

namespace hoshitori::app {

namespace {

namespace ix = hoshitori::interchange;

std::string Timestamp(Context& context) { return FormatDate(context.today()) + "T00:00:00Z"; }

void Emit(const nlohmann::json& document, const std::string& out) {
  const std::string text = document.dump(2) + "\n";
  if (out.empty() || out == "-") {
    std::cout << text;
    return;
  }
  if (auto written = ix::WriteFileAtomically(out, text); !written) throw CommandFailure{written.error().message};
  std::cerr << "wrote / 書き込み: " << out << "\n";
}

}  // namespace

void AddExportCommands(CLI::App& app, Context& context) {
  CLI::App* export_command = app.add_subcommand("export", "export as OSCAL or a check sheet / 書き出し");
  export_command->require_subcommand(1);
  CLI::App* oscal = export_command->add_subcommand("oscal", "OSCAL JSON");
  oscal->require_subcommand(1);

  struct Options {
    std::string what, out;
  };
  auto catalog_options = std::make_shared<Options>();
  auto* catalog = oscal->add_subcommand("catalog", "a framework as an OSCAL catalog / 基準を OSCAL カタログで");
  catalog->add_option("framework", catalog_options->what, "framework id")->required();
  catalog->add_option("-o,--out", catalog_options->out, "output file (default: standard output)");
  catalog->callback([&context, catalog_options] {
    const Framework& framework = context.framework(catalog_options->what);
    Emit(ix::ExportOscalCatalog(framework, Timestamp(context)), catalog_options->out);
  });

  auto mapping_options = std::make_shared<Options>();
  auto* mapping = oscal->add_subcommand("mapping", "a mapping set as an OSCAL mapping collection / マッピング");
  mapping->add_option("mapping_set", mapping_options->what, "mapping set id")->required();
  mapping->add_option("-o,--out", mapping_options->out, "output file (default: standard output)");
  mapping->callback([&context, mapping_options] {
    const MappingSet* set = context.catalog().FindMappingSet(mapping_options->what);
    if (!set) throw CommandFailure{"mapping set '" + mapping_options->what + "' is not in the catalog (see `hoshitori catalog list`)"};
    Emit(ix::ExportOscalMappingCollection(*set, Timestamp(context)), mapping_options->out);
  });

  auto results_options = std::make_shared<Options>();
  auto* results = oscal->add_subcommand("assessment-results", "an assessment as OSCAL assessment-results / 評価結果");
  results->add_option("assessment", results_options->what, "assessment id")->required();
  results->add_option("-o,--out", results_options->out, "output file (default: standard output)");
  results->callback([&context, results_options] {
    const int64_t id = ParseAssessmentId(results_options->what);
    const auto record = Require(context.store().GetAssessment(id));
    if (!record) throw CommandFailure{"no assessment " + std::to_string(id)};
    const Framework& framework = context.framework(record->framework_id);
    const auto answers = Require(context.store().LoadAnswers(id));
    const Evaluation evaluation = ScoringModel(framework).Evaluate(ToResponseVector(framework, answers));
    const HeldLevel held = DetermineHeldLevel(evaluation.eligible_star, evaluation.present_stars, record->attestation, context.today());
    ix::AssessmentSummary summary;
    summary.id = id;
    if (const auto organisation = Require(context.store().GetOrganisation(record->org_id))) {
      summary.organisation = organisation->name;
    }
    summary.scope = record->scope;
    summary.status = AssessmentStatusName(record->attestation.status);
    summary.attestation = AttestationKindName(record->attestation.kind);
    summary.held_star = held.star;
    Emit(ix::ExportOscalAssessmentResults(framework, summary, answers, evaluation, Timestamp(context)),
         results_options->out);
  });

  struct SheetOptions {
    std::string framework, out, assessment;
  };
  auto sheet_options = std::make_shared<SheetOptions>();
  auto* sheet = export_command->add_subcommand("sheet", "a framework as an xlsx check sheet / チェックシート");
  sheet->add_option("framework", sheet_options->framework, "framework id")->required();
  sheet->add_option("-o,--out", sheet_options->out, "output .xlsx file")->required();
  sheet->add_option("--assessment", sheet_options->assessment,
                    "fill in the answers of this stored assessment (e.g. for a renewal) / 前回の回答を記入");
  sheet->callback([&context, sheet_options] {
    const Framework& framework = context.framework(sheet_options->framework);
    std::optional<std::vector<Answer>> prefill;
    if (!sheet_options->assessment.empty()) {
      const int64_t id = ParseAssessmentId(sheet_options->assessment);
      const auto record = Require(context.store().GetAssessment(id));
      if (!record) throw CommandFailure{"no assessment " + std::to_string(id)};
      if (record->framework_id != framework.id) {
        throw CommandFailure{"assessment " + std::to_string(id) + " is for " + record->framework_id + ", not " + framework.id};
      }
      prefill = Require(context.store().LoadAnswers(id));
    }
    if (auto written = ix::WriteCheckSheet(framework, sheet_options->out, context.lang, prefill ? &*prefill : nullptr);
        !written) {
      throw CommandFailure{written.error().message};
    }
    std::cout << "wrote / 書き込み: " << sheet_options->out << " (" << framework.assessable().size()
              << " requirements / 項目)\n";
  });
}

}  // namespace hoshitori::app
