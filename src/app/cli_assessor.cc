// hoshitori assessor accredit|suspend|reinstate|withdraw|list — the scheme operator's registry
// of accredited assessors (issue 14), over service::AssessorService as Actor::Operator().
//
// Only here is anyone accredited: experts who may confirm ★3 (a user, by e-mail; accrediting
// gives the user the role assessor) and evaluation bodies that may evaluate ★4 (an
// organisation, by corporate number; its assessors get the role with `hoshitori user grant`).
// Every change is one transaction with its audit entry. Failures end with the exit code of
// the error's kind (core/error_kind.h).
#include <iostream>

#include "app/context.h"
#include "app/operator_context.h"

namespace hoshitori::app {

namespace {

std::string Yen(const std::optional<int64_t>& amount) {
  return amount ? std::to_string(*amount) : std::string("-");
}

void PrintEntry(const service::AssessorEntry& entry) {
  const Accreditation& a = entry.accreditation;
  std::cout << a.id << "  " << AccreditationKindName(a.kind) << "  " << a.number << "  "
            << a.display_name << "  "
            << (entry.organisation ? entry.organisation->corporate_number.digits() : "?") << "  "
            << a.valid_from << ".." << a.valid_until << "  " << AccreditationStatusName(a.status)
            << (entry.in_force ? "" : " (not in force / 効力なし)");
  if (a.status != AccreditationStatus::kActive || !a.status_reason.empty()) {
    std::cout << "  " << a.status_changed_on.value_or("") << " " << a.status_reason;
  }
  std::cout << "\n    " << (a.kind == AccreditationKind::kExpert ? a.qualification : a.scope)
            << " | region " << (a.region.empty() ? "-" : a.region) << " | industries "
            << (a.industries.empty() ? "-" : a.industries) << " | " << a.languages << " | fee "
            << Yen(a.fee_min_yen) << ".." << Yen(a.fee_max_yen) << " | "
            << (a.accepting ? "accepting / 受付中" : "not accepting / 受付停止") << " | "
            << a.contact << "\n";
}

}  // namespace

void AddAssessorCommands(CLI::App& app, Context& context) {
  CLI::App* assessor = app.add_subcommand(
      "assessor", "accredited assessors, for the scheme operator / 認定評価者（運営者向け）");
  assessor->require_subcommand(1);

  struct AccreditOptions {
    std::string kind, subject;
    service::AccreditationInput input;
    bool not_accepting = false;
  };
  auto o = std::make_shared<AccreditOptions>();
  auto* accredit = assessor->add_subcommand("accredit",
                                            "accredit an expert (★3) or an evaluation body (★4) / "
                                            "専門家（★3）または評価機関（★4）を認定");
  accredit->add_option("kind", o->kind, "expert or body / 種別")
      ->required()
      ->check(CLI::IsMember({"expert", "body"}));
  accredit
      ->add_option("subject", o->subject,
                   "expert: the user's e-mail; body: the corporate number / "
                   "専門家はメールアドレス、評価機関は法人番号")
      ->required();
  accredit
      ->add_option("--number", o->input.number,
                   "registration or accreditation number / 登録番号・認定番号")
      ->required();
  accredit->add_option("--qualification", o->input.qualification,
                       "expert: e.g. 情報処理安全確保支援士 / 資格");
  accredit->add_option("--scope", o->input.scope, "body: accreditation scope / 認定範囲");
  accredit->add_option("--from", o->input.valid_from, "YYYY-MM-DD (default: today) / 有効開始日");
  accredit->add_option("--until", o->input.valid_until, "YYYY-MM-DD / 有効期限")->required();
  accredit->add_option("--name", o->input.display_name, "name in the directory / 表示名");
  accredit->add_option("--region", o->input.region, "prefecture, e.g. 東京都 / 都道府県");
  accredit->add_option("--industries", o->input.industries,
                       "JSIC major letters served, e.g. \"E G\" / 対応業種");
  accredit->add_option("--languages", o->input.languages, "e.g. ja,en / 対応言語");
  accredit->add_option("--fee-min", o->input.fee_min_yen, "lowest fee in yen / 料金下限（円）");
  accredit->add_option("--fee-max", o->input.fee_max_yen, "highest fee in yen / 料金上限（円）");
  accredit->add_flag("--not-accepting", o->not_accepting,
                     "not accepting new engagements / 新規受付停止");
  accredit->add_option("--contact", o->input.contact, "contact shown in the directory / 連絡先");
  accredit->callback([&context, o] {
    service::AccreditationInput input = o->input;
    input.kind = *ParseAccreditationKind(o->kind);
    input.subject = o->subject;
    input.accepting = !o->not_accepting;
    OperatorContext registry(context);
    const Accreditation a = Require(registry.assessors().Accredit(input));
    std::cout << "accreditation " << a.id << ": " << AccreditationKindName(a.kind) << " "
              << a.number << " " << a.display_name << ", " << a.valid_from << " to "
              << a.valid_until << " / 認定しました\n";
  });

  struct ChangeOptions {
    int64_t id = 0;
    std::string reason;
  };
  auto add_change = [&](const char* name, const char* help, service::AccreditationChange change,
                        bool reason_required) {
    auto options = std::make_shared<ChangeOptions>();
    auto* command = assessor->add_subcommand(name, help);
    command->add_option("id", options->id, "accreditation id (assessor list) / 認定ID")->required();
    auto* reason = command->add_option("--reason", options->reason, "why / 理由");
    if (reason_required) reason->required();
    command->callback([command_context = &context, options, change, name] {
      OperatorContext registry(*command_context);
      const Accreditation a =
          Require(registry.assessors().Change(options->id, change, options->reason));
      std::cout << "accreditation " << a.id << ": " << AccreditationStatusName(a.status) << " ("
                << name << ")\n";
    });
  };
  add_change("suspend", "suspend an accreditation / 認定を一時停止",
             service::AccreditationChange::kSuspend, true);
  add_change("reinstate", "lift a suspension / 一時停止を解除",
             service::AccreditationChange::kReinstate, false);
  add_change("withdraw", "withdraw an accreditation for good / 認定を取消",
             service::AccreditationChange::kWithdraw, true);

  auto* list = assessor->add_subcommand("list", "every accreditation, newest first / 認定の一覧");
  list->callback([&context] {
    OperatorContext registry(context);
    for (const service::AssessorEntry& entry : Require(registry.assessors().Registry())) {
      PrintEntry(entry);
    }
  });
}

}  // namespace hoshitori::app
