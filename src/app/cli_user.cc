// hoshitori user list|grant|remove|sign-out — the scheme operator's account commands, over
// service::OperatorAccountService.
//
// Roles that certify others (assessor) or act for an industry association are granted here
// and nowhere else: the web pages and the API let an organisation give only the roles
// member and org_admin. Every change is one transaction with its audit entry (actor: the
// operator at the command line, recorded as no user). Failures end with exit code 1.
#include <iostream>

#include "app/operator_context.h"

namespace hoshitori::app {

void AddUserCommands(CLI::App& app, Context& context) {
  CLI::App* user =
      app.add_subcommand("user", "accounts, for the scheme operator / 利用者（運営者向け）");
  user->require_subcommand(1);

  auto* list = user->add_subcommand("list", "list the users of an organisation / 組織の利用者一覧");
  auto list_number = std::make_shared<std::string>();
  list->add_option("corporate_number", *list_number, "13-digit corporate number / 法人番号")
      ->required();
  list->callback([&context, list_number] {
    OperatorContext operator_context(context);
    const auto [organisation, users] = Succeeded(operator_context.accounts().ListUsers(*list_number));
    for (const User& u : users) {
      std::cout << u.id << "  " << u.email << "  " << RoleName(u.role) << "  " << u.display_name
                << (u.disabled_at ? "  removed " + *u.disabled_at : "") << "\n";
    }
  });

  struct GrantOptions {
    std::string email, role;
  };
  auto grant_options = std::make_shared<GrantOptions>();
  auto* grant = user->add_subcommand(
      "grant",
      "give a user a role, e.g. assessor (operator only) / 役割を付与（評価者など、運営者のみ）");
  grant->add_option("email", grant_options->email, "the user's e-mail / メールアドレス")
      ->required();
  grant
      ->add_option("--role", grant_options->role,
                   "org_admin, member, assessor, association_admin or hub_admin")
      ->required();
  grant->callback([&context, grant_options] {
    OperatorContext operator_context(context);
    const User granted =
        Succeeded(operator_context.accounts().Grant(grant_options->email, grant_options->role));
    std::cout << granted.email << ": " << RoleName(granted.role) << "\n";
  });

  auto remove_email = std::make_shared<std::string>();
  auto* remove = user->add_subcommand(
      "remove", "remove a user and end all its sign-ins / 利用者を削除しサインインを終了");
  remove->add_option("email", *remove_email, "the user's e-mail / メールアドレス")->required();
  remove->callback([&context, remove_email] {
    OperatorContext operator_context(context);
    const int64_t ended = Succeeded(operator_context.accounts().RemoveUser(*remove_email));
    std::cout << *remove_email << ": removed, " << ended
              << " sessions and tokens ended / 削除しました\n";
  });

  auto sign_out_email = std::make_shared<std::string>();
  auto* sign_out = user->add_subcommand(
      "sign-out", "end every session and API token of a user / すべてのサインインを終了");
  sign_out->add_option("email", *sign_out_email, "the user's e-mail / メールアドレス")->required();
  sign_out->callback([&context, sign_out_email] {
    OperatorContext operator_context(context);
    const int64_t ended = Succeeded(operator_context.accounts().SignOutUser(*sign_out_email));
    std::cout << *sign_out_email << ": " << ended
              << " sessions and tokens ended / サインインを終了しました\n";
  });
}

}  // namespace hoshitori::app
