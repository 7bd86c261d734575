// hoshitori assess score|import|import-campaign|show|list, hoshitori crosswalk infer
#include <iostream>

#include "app/context.h"
#include "app/operator_context.h"
#include "app/output.h"
#include "assess/crosswalk.h"
#include "assess/scheme_level.h"
#include "assess/scoring.h"
#include "service/assessment_service.h"

namespace hoshitori::app {

namespace {

struct AttestationOptions {
  std::string kind;
  std::string status;
  bool declaration = false;
  std::string valid_from;
  std::string valid_until;

  void Add(CLI::App* command, const std::string& default_status) {
    status = default_status;
    command->add_option("--attestation", kind, "self | expert_confirmed | third_party");
    command->add_option("--status", status, "draft | submitted | confirmed | verified | expired | revoked")
        ->capture_default_str();
    command->add_flag("--declaration", declaration, "management declaration made / 経営者宣言あり");
    command->add_option("--valid-from", valid_from, "YYYY-MM-DD");
    command->add_option("--valid-until", valid_until, "YYYY-MM-DD");
  }

  Attestation Build() const {
    Attestation a;
    if (!kind.empty()) {
      auto parsed = ParseAttestationKind(kind);
      if (!parsed) throw CommandFailure{"--attestation must be self, expert_confirmed or third_party"};
      a.kind = *parsed;
    }
    auto parsed_status = ParseAssessmentStatus(status);
    if (!parsed_status) {
      throw CommandFailure{"--status must be draft, submitted, confirmed, verified, expired or revoked"};
    }
    a.status = *parsed_status;
    a.management_declaration = declaration;
    if (!valid_from.empty()) a.valid_from = Require(ParseDate(valid_from));
    if (!valid_until.empty()) a.valid_until = Require(ParseDate(valid_until));
    if (a.valid_from && a.valid_until && *a.valid_until < *a.valid_from) {
      throw CommandFailure{"--valid-until is before --valid-from"};
    }
    return a;
  }
};

}  // namespace

void AddAssessCommands(CLI::App& app, Context& context) {
  CLI::App* assess = app.add_subcommand("assess", "assessments and scoring / 評価と採点");
  assess->require_subcommand(1);

  // --- score (stateless)
  struct ScoreOptions {
    std::string framework, answers;
    bool json = false;
    AttestationOptions attestation;
  };
  auto score_options = std::make_shared<ScoreOptions>();
  auto* score = assess->add_subcommand("score", "score an answers file without storing it / 採点のみ");
  score->add_option("--framework", score_options->framework, "framework id")->required();
  score->add_option("--answers", score_options->answers, "CSV or JSON answers file")->required();
  score->add_flag("--json", score_options->json, "JSON output");
  score_options->attestation.Add(score, "submitted");
  score->callback([&context, score_options] {
    const Framework& framework = context.framework(score_options->framework);
    const auto answers = Require(ParseAnswers(ReadFile(score_options->answers), framework));
    const Evaluation evaluation = EvaluateForLevel(context.catalog(), framework, ToResponseVector(framework, answers));
    std::optional<HeldLevel> held;
    if (!score_options->attestation.kind.empty()) {
      held = DetermineHeldLevel(evaluation.eligible_star, evaluation.present_stars, score_options->attestation.Build(), context.today());
    }
    if (score_options->json) {
      auto out = EvaluationJson(framework, evaluation);
      if (held) out["held"] = HeldJson(*held);
      std::cout << out.dump(2) << "\n";
    } else {
      std::cout << EvaluationText(framework, evaluation, context.lang);
      if (held) std::cout << HeldText(*held);
    }
  });

  // --- import one assessment
  struct ImportOptions {
    std::string org, framework, answers, scope;
    AttestationOptions attestation;
  };
  auto import_options = std::make_shared<ImportOptions>();
  auto* import = assess->add_subcommand("import", "store an assessment from a file / 評価を登録");
  import->add_option("--org", import_options->org, "corporate number of the organisation")->required();
  import->add_option("--framework", import_options->framework, "framework id")->required();
  import->add_option("--answers", import_options->answers, "CSV or JSON answers file")->required();
  import->add_option("--scope", import_options->scope, "what the assessment covers / 対象範囲");
  import_options->attestation.Add(import, "draft");
  import->callback([&context, import_options] {
    const Framework& framework = context.framework(import_options->framework);
    const auto answers = Require(ParseAnswers(ReadFile(import_options->answers), framework));
    const auto number = Require(CorporateNumber::Parse(import_options->org));
    const auto organisation = Require(context.store().FindOrganisation(number));
    if (!organisation) throw CommandFailure{"no organisation with corporate number " + number.digits() + " is registered"};
    AssessmentRecord record;
    record.org_id = organisation->id;
    record.framework_id = framework.id;
    record.scope = import_options->scope;
    record.attestation = import_options->attestation.Build();
    // Stored with its derived result, as a supplier's own save would be.
    service::Context use_case{context.store(), context.catalog(), context.clock(), nullptr, service::Actor::Operator()};
    const int64_t id = Require(service::AssessmentService(use_case).Import(record, answers));
    std::cout << "assessment " << id << " stored with " << answers.size() << " answers / 評価を登録しました\n";
  });

  // --- rescore
  auto rescore_all = std::make_shared<bool>(false);
  auto* rescore = assess->add_subcommand(
      "rescore", "compute stored results again after a catalog change / カタログ変更後の再採点");
  rescore->add_flag("--all", *rescore_all, "every result, not only those of another catalog / 全件");
  rescore->callback([&context, rescore_all] {
    service::Context use_case{context.store(), context.catalog(), context.clock(), nullptr, service::Actor::Operator()};
    const int64_t stored = Require(service::AssessmentService(use_case).Rescore(*rescore_all));
    std::cout << stored << " results computed again / 件の結果を再計算しました\n";
  });

  // --- import a campaign
  struct CampaignOptions {
    std::string framework, file, scope;
    AttestationOptions attestation;
  };
  auto campaign_options = std::make_shared<CampaignOptions>();
  auto* campaign = assess->add_subcommand(
      "import-campaign", "store many organisations' answers from one CSV / 一括登録");
  campaign->add_option("--framework", campaign_options->framework, "framework id")->required();
  campaign->add_option("--file", campaign_options->file,
                       "CSV with header corporate_number,ref,status[,maturity,comment,evidence]")
      ->required();
  campaign->add_option("--scope", campaign_options->scope, "scope of every assessment");
  campaign_options->attestation.Add(campaign, "submitted");
  campaign->callback([&context, campaign_options] {
    const Framework& framework = context.framework(campaign_options->framework);
    AssessmentRecord record;
    record.framework_id = framework.id;
    record.scope = campaign_options->scope;
    record.attestation = campaign_options->attestation.Build();
    OperatorContext operator_context(context);
    const auto summary = Require(
        operator_context.imports().Campaign(framework, record, ReadFile(campaign_options->file)));
    std::cout << summary.organisations << " assessments with " << summary.answers
              << " answers stored / 一括登録しました\n";
  });

  // --- show
  auto show_id = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  auto* show = assess->add_subcommand("show", "results of a stored assessment / 評価結果");
  show->add_option("id", *show_id, "assessment id")->required();
  show->add_flag("--json", *show_json, "JSON output");
  show->callback([&context, show_id, show_json] {
    const int64_t id = ParseAssessmentId(*show_id);
    const auto record = Require(context.store().GetAssessment(id));
    if (!record) throw CommandFailure{"no assessment " + std::to_string(id)};
    const Framework& framework = context.framework(record->framework_id);
    const auto answers = Require(context.store().LoadAnswers(id));
    const Evaluation evaluation = EvaluateForLevel(context.catalog(), framework, ToResponseVector(framework, answers));
    const HeldLevel held = DetermineHeldLevel(evaluation.eligible_star, evaluation.present_stars, record->attestation, context.today());
    const auto organisation = Require(context.store().GetOrganisation(record->org_id));
    if (*show_json) {
      nlohmann::json out = AssessmentJson(*record);
      if (organisation) out["organisation"] = OrganisationJson(*organisation);
      out["result"] = EvaluationJson(framework, evaluation);
      out["held"] = HeldJson(held);
      out["answers"] = answers.size();
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << "評価 / assessment " << id;
    if (organisation) std::cout << ": " << organisation->name << " (" << organisation->corporate_number.digits() << ")";
    std::cout << "\n  " << AssessmentStatusName(record->attestation.status) << ", "
              << AttestationKindName(record->attestation.kind)
              << (record->attestation.management_declaration ? ", management declaration" : "") << "\n";
    std::cout << EvaluationText(framework, evaluation, context.lang) << HeldText(held);
  });

  // --- list
  auto list_org = std::make_shared<std::string>();
  auto list_json = std::make_shared<bool>(false);
  auto* list = assess->add_subcommand("list", "list stored assessments / 評価一覧");
  list->add_option("--org", *list_org, "only this corporate number");
  list->add_flag("--json", *list_json, "JSON output");
  list->callback([&context, list_org, list_json] {
    std::optional<int64_t> org_id;
    if (!list_org->empty()) {
      const auto organisation = Require(context.store().FindOrganisation(Require(CorporateNumber::Parse(*list_org))));
      if (!organisation) throw CommandFailure{"no organisation with corporate number " + *list_org};
      org_id = organisation->id;
    }
    const auto records = Require(context.store().ListAssessments(org_id));
    nlohmann::json out = nlohmann::json::array();
    for (const AssessmentRecord& record : records) {
      const Framework& framework = context.framework(record.framework_id);
      const auto answers = Require(context.store().LoadAnswers(record.id));
      const Evaluation evaluation = EvaluateForLevel(context.catalog(), framework, ToResponseVector(framework, answers));
      const HeldLevel held = DetermineHeldLevel(evaluation.eligible_star, evaluation.present_stars, record.attestation, context.today());
      if (*list_json) {
        nlohmann::json item = AssessmentJson(record);
        item["eligible_star"] = evaluation.eligible_star;
        item["held_star"] = held.star;
        out.push_back(item);
      } else {
        std::cout << record.id << "  org " << record.org_id << "  " << record.framework_id << "  "
                  << AssessmentStatusName(record.attestation.status) << "  eligible "
                  << Stars(evaluation.eligible_star) << "  held " << Stars(held.star) << "\n";
      }
    }
    if (*list_json) std::cout << out.dump(2) << "\n";
  });

  // --- crosswalk infer
  CLI::App* crosswalk = app.add_subcommand("crosswalk", "read answers in another framework / 基準間の読み替え");
  crosswalk->require_subcommand(1);
  struct InferOptions {
    std::string from, to, answers;
    bool json = false;
  };
  auto infer_options = std::make_shared<InferOptions>();
  auto* infer = crosswalk->add_subcommand("infer", "infer answers to --to from answers to --from");
  infer->add_option("--from", infer_options->from, "framework the answers are for")->required();
  infer->add_option("--to", infer_options->to, "framework to infer")->required();
  infer->add_option("--answers", infer_options->answers, "CSV or JSON answers file")->required();
  infer->add_flag("--json", infer_options->json, "JSON output");
  infer->callback([&context, infer_options] {
    const Framework& from = context.framework(infer_options->from);
    const Framework& to = context.framework(infer_options->to);
    const auto answers = Require(ParseAnswers(ReadFile(infer_options->answers), from));
    const CrosswalkEngine engine(context.catalog());
    const InferenceResult result =
        Require(engine.Infer(from.id, to.id, ToResponseVector(from, answers)));
    const Evaluation evaluation = ScoringModel(to).Evaluate(result.responses);
    if (infer_options->json) {
      auto out = InferenceJson(to, result);
      out["evaluation"] = EvaluationJson(to, evaluation);
      std::cout << out.dump(2) << "\n";
    } else {
      std::cout << InferenceText(to, result, context.lang) << "\n"
                << EvaluationText(to, evaluation, context.lang);
    }
  });
}

}  // namespace hoshitori::app
