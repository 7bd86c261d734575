// hoshitori org add|import|list|show — `org add` registers through the operator's account
// service, `org import` through the operator's import service (each one transaction with its
// audit entry).
#include <iostream>

#include "app/context.h"
#include "app/operator_context.h"
#include "app/output.h"
#include "assess/scoring.h"
#include "interchange/organisation_csv.h"

namespace hoshitori::app {

void AddOrgCommands(CLI::App& app, Context& context) {
  CLI::App* org = app.add_subcommand("org", "organisations / 組織");
  org->require_subcommand(1);

  struct AddOptions {
    std::string number, name, industry, employees, capital;
  };
  auto add_options = std::make_shared<AddOptions>();
  auto* add = org->add_subcommand("add", "register an organisation / 組織を登録");
  add->add_option("--corporate-number", add_options->number, "13-digit corporate number / 法人番号")->required();
  add->add_option("--name", add_options->name, "name / 名称")->required();
  add->add_option("--industry", add_options->industry, "JSIC code, e.g. E or I-56 / 日本標準産業分類")->required();
  add->add_option("--employees", add_options->employees, "number of employees / 従業員数");
  add->add_option("--capital", add_options->capital, "capital in yen / 資本金（円）");
  add->callback([&context, add_options] {
    const auto fields = Require(interchange::MakeOrganisation(
        "--corporate-number", add_options->number, add_options->name, add_options->industry,
        add_options->employees, add_options->capital));
    OperatorContext operator_context(context);
    const Organisation added =
        Succeeded(operator_context.accounts().AddOrganisation(service::NewOrganisation(fields)));
    std::cout << "organisation " << added.id << " registered: " << added.name << " ("
              << added.corporate_number.digits() << "), SME / 中小企業: " << (added.is_sme() ? "yes" : "no") << "\n";
  });

  auto import_file = std::make_shared<std::string>();
  auto* import = org->add_subcommand("import", "register organisations from CSV / CSVから一括登録");
  import->add_option("file", *import_file,
                     "CSV with header corporate_number,name,industry,employees,capital_yen")
      ->required();
  import->callback([&context, import_file] {
    OperatorContext operator_context(context);
    const int count = Require(operator_context.imports().Organisations(ReadFile(*import_file)));
    std::cout << count << " organisations registered / 組織を登録しました\n";
  });

  auto list_json = std::make_shared<bool>(false);
  auto* list = org->add_subcommand("list", "list organisations / 組織一覧");
  list->add_flag("--json", *list_json, "JSON output");
  list->callback([&context, list_json] {
    const auto organisations = Require(context.store().ListOrganisations());
    if (*list_json) {
      nlohmann::json out = nlohmann::json::array();
      for (const Organisation& o : organisations) out.push_back(OrganisationJson(o));
      std::cout << out.dump(2) << "\n";
      return;
    }
    for (const Organisation& o : organisations) {
      std::cout << o.id << "  " << o.corporate_number.digits() << "  " << o.name << "  "
                << o.industry.ToString() << (o.is_sme() ? "  SME/中小企業" : "") << "\n";
    }
  });

  auto show_number = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  auto* show = org->add_subcommand("show", "an organisation and its levels / 組織と星レベル");
  show->add_option("corporate_number", *show_number, "13-digit corporate number")->required();
  show->add_flag("--json", *show_json, "JSON output");
  show->callback([&context, show_number, show_json] {
    const auto organisation =
        Require(context.store().FindOrganisation(Require(CorporateNumber::Parse(*show_number))));
    if (!organisation) throw CommandFailure{"no organisation with corporate number " + *show_number};
    const auto records = Require(context.store().ListAssessments(organisation->id));
    nlohmann::json assessments = nlohmann::json::array();
    int best = 0;
    std::string lines;
    for (const AssessmentRecord& record : records) {
      const Framework& framework = context.framework(record.framework_id);
      const Evaluation evaluation =
          ScoringModel(framework).Evaluate(ToResponseVector(framework, Require(context.store().LoadAnswers(record.id))));
      const HeldLevel held = DetermineHeldLevel(evaluation.eligible_star, evaluation.present_stars, record.attestation, context.today());
      best = std::max(best, held.star);
      nlohmann::json item = AssessmentJson(record);
      item["eligible_star"] = evaluation.eligible_star;
      item["held"] = HeldJson(held);
      assessments.push_back(item);
      lines += "  #" + std::to_string(record.id) + " " + record.framework_id + ": eligible " +
               Stars(evaluation.eligible_star) + ", held " + Stars(held.star) + "\n";
    }
    if (*show_json) {
      nlohmann::json out = OrganisationJson(*organisation);
      out["assessments"] = assessments;
      out["held_star"] = best;
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << organisation->name << " (" << organisation->corporate_number.digits() << ")\n"
              << "  業種 / industry: " << organisation->industry.ToString() << " ("
              << SmeSectorName(organisation->industry.sector()) << "), 中小企業 / SME: "
              << (organisation->is_sme() ? "yes" : "no") << "\n"
              << "  保有する星 / star level held: " << Stars(best) << "\n"
              << lines;
  });
}

}  // namespace hoshitori::app
