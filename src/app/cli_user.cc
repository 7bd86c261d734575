// hoshitori user list|grant|remove|sign-out — the scheme operator's account commands.
//
// Roles that certify others (assessor) or act for an industry association are granted here
// and nowhere else: the web pages and the API let an organisation give only the roles
// member and org_admin. Every change is one transaction with its audit entry (actor: the
// operator at the command line, recorded as no user).
#include <iostream>

#include "service/audit.h"
#include "app/context.h"

namespace hoshitori::app {

namespace {

User FindUser(Store& store, const std::string& email) {
  const auto user = Require(store.FindUserByEmail(email));
  if (!user) throw CommandFailure{"no user with e-mail " + email + " / そのメールアドレスの利用者はいません"};
  return *user;
}

// Runs `change` and its audit entry in one transaction.
void InTransaction(Store& store, const std::function<void()>& change) {
  Transaction transaction(store);
  if (!transaction.begun()) throw CommandFailure{transaction.begun().error().message};
  change();
  if (Status s = transaction.Commit(); !s) throw CommandFailure{s.error().message};
}

void Audit(Store& store, const User& user, std::string action, std::string detail) {
  if (Status s = service::AppendAudit(store, service::AuditEvent{std::nullopt, user.org_id, std::move(action),
                                                         "user/" + std::to_string(user.id), std::move(detail)});
      !s) {
    throw CommandFailure{s.error().message};
  }
}

}  // namespace

void AddUserCommands(CLI::App& app, Context& context) {
  CLI::App* user = app.add_subcommand("user", "accounts, for the scheme operator / 利用者（運営者向け）");
  user->require_subcommand(1);

  auto* list = user->add_subcommand("list", "list the users of an organisation / 組織の利用者一覧");
  auto list_number = std::make_shared<std::string>();
  list->add_option("corporate_number", *list_number, "13-digit corporate number / 法人番号")->required();
  list->callback([&context, list_number] {
    const CorporateNumber number = Require(CorporateNumber::Parse(*list_number));
    const auto organisation = Require(context.store().FindOrganisation(number));
    if (!organisation) throw CommandFailure{"no organisation " + number.digits() + " / その法人番号の組織はありません"};
    for (const User& u : Require(context.store().ListUsers(organisation->id))) {
      std::cout << u.id << "  " << u.email << "  " << RoleName(u.role) << "  " << u.display_name
                << (u.disabled_at ? "  removed " + *u.disabled_at : "") << "\n";
    }
  });

  struct GrantOptions {
    std::string email, role;
  };
  auto grant_options = std::make_shared<GrantOptions>();
  auto* grant = user->add_subcommand(
      "grant", "give a user a role, e.g. assessor (operator only) / 役割を付与（評価者など、運営者のみ）");
  grant->add_option("email", grant_options->email, "the user's e-mail / メールアドレス")->required();
  grant->add_option("--role", grant_options->role, "org_admin, member, assessor, association_admin or hub_admin")
      ->required();
  grant->callback([&context, grant_options] {
    const auto role = ParseRole(grant_options->role);
    if (!role) throw CommandFailure{"unknown role " + grant_options->role + " / 不明な役割です"};
    Store& store = context.store();
    std::string email;
    InTransaction(store, [&] {
      const User found = FindUser(store, grant_options->email);
      email = found.email;
      if (found.disabled_at) throw CommandFailure{"the user was removed / この利用者は削除済みです"};
      if (Status s = store.UpdateUserRole(found.id, *role); !s) throw CommandFailure{s.error().message};
      Audit(store, found, "user.grant", std::string(RoleName(found.role)) + " -> " + std::string(RoleName(*role)) +
                                            " by the operator");
    });
    std::cout << email << ": " << RoleName(*role) << "\n";
  });

  auto remove_email = std::make_shared<std::string>();
  auto* remove = user->add_subcommand("remove", "remove a user and end all its sign-ins / 利用者を削除しサインインを終了");
  remove->add_option("email", *remove_email, "the user's e-mail / メールアドレス")->required();
  remove->callback([&context, remove_email] {
    Store& store = context.store();
    int64_t ended = 0;
    InTransaction(store, [&] {
      const User found = FindUser(store, *remove_email);
      const std::string now = UtcNow();
      if (Status s = store.DisableUser(found.id, now); !s) throw CommandFailure{s.error().message};
      ended = Require(store.EndUserCredentials(found.id, now));
      Audit(store, found, "user.remove", std::to_string(ended) + " sessions and tokens ended by the operator");
    });
    std::cout << *remove_email << ": removed, " << ended << " sessions and tokens ended / 削除しました\n";
  });

  auto sign_out_email = std::make_shared<std::string>();
  auto* sign_out = user->add_subcommand("sign-out", "end every session and API token of a user / すべてのサインインを終了");
  sign_out->add_option("email", *sign_out_email, "the user's e-mail / メールアドレス")->required();
  sign_out->callback([&context, sign_out_email] {
    Store& store = context.store();
    int64_t ended = 0;
    InTransaction(store, [&] {
      const User found = FindUser(store, *sign_out_email);
      ended = Require(store.EndUserCredentials(found.id, UtcNow()));
      Audit(store, found, "user.sign_out", std::to_string(ended) + " sessions and tokens ended by the operator");
    });
    std::cout << *sign_out_email << ": " << ended << " sessions and tokens ended / サインインを終了しました\n";
  });
}

}  // namespace hoshitori::app
