// hoshitori demo: builds a database with the shipped catalogs' demo suppliers and walks
// through their results — what a new user sees first.
#include <filesystem>
#include <iostream>

#include "app/context.h"
#include "app/operator_context.h"
#include "app/output.h"
#include "assess/crosswalk.h"
#include "assess/scoring.h"
#include "chain/relationship.h"
#include "core/csv.h"
#include "service/assessment_service.h"
#include "service/security.h"

namespace hoshitori::app {

namespace {

constexpr const char* kDemoPassword = "hoshitori-demo-2026";

// Reads demo/assessments.csv: one stored assessment per row.
void LoadDemoAssessments(Context& context, const std::filesystem::path& dir) {
  const auto records = Require(ParseCsv(ReadFile((dir / "assessments.csv").string())));
  for (size_t i = 1; i < records.size(); ++i) {
    const auto& f = records[i].fields;
    const std::string where = "demo/assessments.csv row " + std::to_string(records[i].line);
    if (f.size() != 9) throw CommandFailure{where + ": expected 9 columns"};
    const Framework& framework = context.framework(f[1]);
    const auto answers = Require(ParseAnswers(ReadFile((dir / f[2]).string()), framework));
    const auto organisation = Require(context.store().FindOrganisation(Require(CorporateNumber::Parse(f[0]))));
    if (!organisation) throw CommandFailure{where + ": unknown organisation " + f[0]};
    AssessmentRecord record;
    record.org_id = organisation->id;
    record.framework_id = framework.id;
    record.scope = f[8];
    record.attestation.kind = ParseAttestationKind(f[3]).value_or(AttestationKind::kSelf);
    record.attestation.status = ParseAssessmentStatus(f[4]).value_or(AssessmentStatus::kDraft);
    record.attestation.management_declaration = f[5] == "yes";
    if (!f[6].empty()) record.attestation.valid_from = Require(ParseDate(f[6]));
    if (!f[7].empty()) record.attestation.valid_until = Require(ParseDate(f[7]));
    service::Context use_case{context.store(), context.catalog(), context.clock(), nullptr,
                              service::Actor::Operator()};
    Require(service::AssessmentService(use_case).Import(record, answers));
  }
}

}  // namespace

void AddDemoCommand(CLI::App& app, Context& context) {
  auto reset = std::make_shared<bool>(false);
  auto demo_dir = std::make_shared<std::string>();
  auto* demo = app.add_subcommand("demo", "create the demo database and walk through it / デモ");
  demo->add_flag("--reset", *reset, "delete the database file first / 既存のデータベースを削除");
  demo->add_option("--demo-dir", *demo_dir, "demo data directory");
  demo->callback([&context, reset, demo_dir] {
    std::filesystem::path dir = demo_dir->empty() ? std::filesystem::path("demo") : std::filesystem::path(*demo_dir);
    if (demo_dir->empty() && !std::filesystem::exists(dir / "organisations.csv")) dir = HOSHITORI_DEFAULT_DEMO;
    if (*reset) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(context.db + suffix);
    }
    const auto existing = Require(context.store().ListOrganisations());
    if (!existing.empty()) {
      throw CommandFailure{"the database " + context.db + " already has organisations; use --reset to rebuild the demo"};
    }
    const Catalog& catalog = context.catalog();
    std::cout << "== カタログ / catalog: " << catalog.frameworks().size() << " frameworks, "
              << catalog.mapping_sets().size() << " mapping sets\n";
    OperatorContext operator_context(context);
    service::ImportService imports = operator_context.imports();
    Require(imports.Organisations(ReadFile((dir / "organisations.csv").string())));
    LoadDemoAssessments(context, dir);
    // The demo supply chain: a car maker's suppliers, their subcontractors and shared IT.
    Require(imports.Organisations(ReadFile((dir / "chain-organisations.csv").string())));
    Require(imports.Relationships(ReadFile((dir / "relationships.csv").string())));
    auto org_id = [&](const char* number) {
      return Require(context.store().FindOrganisation(Require(CorporateNumber::Parse(number))))->id;
    };
    // Who lets its buyers see its own suppliers (みなと精工 shows nobody its subcontractors).
    Require(context.store().AddDisclosure({org_id("3500201238765"), std::nullopt}));
    Require(context.store().AddDisclosure({org_id("2200300451234"), std::nullopt}));
    Require(context.store().AddDisclosure({org_id("7101104567890"), org_id("4180001234567")}));
    // Demo accounts for the API, and two suppliers sharing their hub assessment with the car
    // maker (北斗: level only; 東和: with details). The password is for the demo only.
    if (!service::InitSecurity()) throw CommandFailure{"libsodium cannot be initialised"};
    const std::string hash = Require(service::HashPassword(kDemoPassword, service::PasswordCost::kInteractive));
    for (const auto& [number, email] : {std::pair{"4180001234567", "buyer@daiwa.example"},
                                        std::pair{"2200300451234", "admin@hokuto.example"},
                                        std::pair{"7101104567890", "admin@towa.example"}}) {
      Require(context.store().AddUser(User{0, org_id(number), email, "デモ管理者 / demo admin", Role::kOrgAdmin, hash, "", std::nullopt}));
    }
    for (const auto& [number, detail] : {std::pair{"2200300451234", ShareDetail::kLevel},
                                         std::pair{"7101104567890", ShareDetail::kDetails}}) {
      for (const AssessmentRecord& record : Require(context.store().ListAssessments(org_id(number)))) {
        Require(context.store().AddShare(Share{0, record.org_id, record.id, org_id("4180001234567"), detail,
                                               std::nullopt, UtcNow(), std::nullopt, std::nullopt}));
      }
    }
    // The directory's demo entries (issue 14): an accredited expert (★3) and an accredited
    // evaluation body (★4), accredited as the operator does it (`hoshitori assessor`).
    Require(imports.Organisations(ReadFile((dir / "assessor-organisations.csv").string())));
    Require(context.store().AddUser(User{0, org_id("4010001123456"), "expert@kanda-security.example",
                                         "神田 さくら / Sakura Kanda", Role::kMember, hash, "", std::nullopt}));
    Require(context.store().AddUser(User{0, org_id("8011001654321"), "assessor@jsce.example",
                                         "評価担当 / evaluator", Role::kAssessor, hash, "", std::nullopt}));
    {
      service::AssessorService registry = operator_context.assessors();
      const std::string from = FormatDate(context.today());
      const std::string until = FormatDate(AddYears(context.today(), 3));
      service::AccreditationInput expert{AccreditationKind::kExpert, "expert@kanda-security.example",
                                         "RISS-026789", "情報処理安全確保支援士", "", from, until,
                                         "", "東京都", "E G L", "ja,en", "150000", "400000", true,
                                         "expert@kanda-security.example"};
      Require(registry.Accredit(expert));
      service::AccreditationInput body{AccreditationKind::kBody, "8011001654321", "JSCE-AB-0001", "",
                                       "★4 第三者評価（製造業・情報通信業） / ★4 third-party evaluation "
                                       "(manufacturing, information and communications)",
                                       from, until, "", "大阪府", "E G H", "ja", "800000", "2000000",
                                       true, "info@jsce.example"};
      Require(registry.Accredit(body));
    }
    std::cout << "== デモデータを " << context.db << " に作成しました / demo data written to " << context.db << "\n\n";

    const Date today = context.today();
    for (const Organisation& organisation : Require(context.store().ListOrganisations())) {
      std::cout << "■ " << organisation.name << " (" << organisation.corporate_number.digits() << ", "
                << organisation.industry.ToString() << (organisation.is_sme() ? ", 中小企業/SME" : "") << ")\n";
      int best = 0;
      for (const AssessmentRecord& record : Require(context.store().ListAssessments(organisation.id))) {
        const Framework& framework = context.framework(record.framework_id);
        const auto answers = Require(context.store().LoadAnswers(record.id));
        const Evaluation evaluation = ScoringModel(framework).Evaluate(ToResponseVector(framework, answers));
        const HeldLevel held = DetermineHeldLevel(evaluation.eligible_star, evaluation.present_stars, record.attestation, today);
        best = std::max(best, held.star);
        std::cout << "  評価 / assessment #" << record.id << " — " << AttestationKindName(record.attestation.kind)
                  << ", " << AssessmentStatusName(record.attestation.status) << "\n";
        std::cout << EvaluationText(framework, evaluation, context.lang, 3) << HeldText(held);
        if (framework.id != "hoshitori-common" && catalog.FindFramework("hoshitori-common")) {
          const CrosswalkEngine engine(catalog);
          auto inferred = engine.Infer(framework.id, "hoshitori-common", ToResponseVector(framework, answers));
          if (inferred) {
            int implemented = 0, reached = 0;
            for (const InferredNode& node : inferred->nodes) {
              if (node.reached) ++reached;
              if (node.status == AnswerStatus::kImplemented) ++implemented;
            }
            std::cout << "  共通管理策への読み替え / carried to hoshitori-common: " << reached << " of "
                      << inferred->nodes.size() << " criteria reached, " << implemented
                      << " implemented\n";
          }
        }
      }
      std::cout << "  ⇒ 保有する星 / level held: " << Stars(best) << "\n\n";
    }
    std::cout << "サプライチェーン / supply chain: " << Require(context.store().CountRelationships())
              << " relationships loaded\n";
    std::cout << "API のデモ利用者 / demo API users: buyer@daiwa.example, admin@hokuto.example, admin@towa.example, "
                 "expert@kanda-security.example (認定専門家 / accredited expert), assessor@jsce.example"
              << " (password / パスワード: " << kDemoPassword << ")\n";
    std::cout << "次に / next: ./build/src/hoshitori --db " << context.db << " assess show 1   |   ./build/src/hoshitori --db "
              << context.db << " chain compliance 4180001234567   |   ./build/src/hoshitori --db " << context.db << " serve\n";
  });
}

}  // namespace hoshitori::app
