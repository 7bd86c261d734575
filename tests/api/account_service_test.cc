// AccountService and OperatorAccountService rules that the HTTP suites do not reach: the
// error kind of a store failure during sign-up, the operator's last-administrator rule, the
// operator actor, and the last-administrator rule under concurrent demotions. Run on SQLite
// and (api.pg.*) on PostgreSQL.
#include "service/account_service.h"

#include <thread>

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;
using testing_support::Caller;

class AccountServiceTest : public ApiFixture {
 protected:
  // Runs `use_case` with a context for `actor` on the test's own store connection.
  template <typename UseCase>
  auto As(service::Actor actor, UseCase&& use_case) {
    service::Context context = app_->runtime().MakeContext(*store_, std::move(actor));
    return use_case(context);
  }
  service::SignupInput Signup(const std::string& number, const std::string& email) {
    return service::SignupInput{number,       "Org " + number, "E",     40,
                                std::nullopt, email,           "Admin", "a long enough password"};
  }
  static service::Actor Visitor(const std::string& address) {
    service::Actor actor;
    actor.address = address;
    return actor;
  }
  static service::Actor UserActor(const Caller& caller, Role role) {
    service::Actor actor;
    actor.principal = Principal{caller.user_id, caller.org_id, role};
    return actor;
  }
};

// Issue 11: a failure of the store while registering was answered 409 "Registration not
// possible". Only a number or address that is taken is a conflict now.
TEST_F(AccountServiceTest, StoreFailureDuringSignUpIsNotAConflict) {
  if (pg_database_.empty()) {
    RawSql(
        "CREATE TRIGGER refuse_organisations BEFORE INSERT ON organisations "
        "BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END");
  } else {
    RawSql(
        "CREATE FUNCTION refuse_insert() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'simulated storage failure'; END $$ LANGUAGE plpgsql");
    RawSql(
        "CREATE TRIGGER refuse_organisations BEFORE INSERT ON organisations "
        "FOR EACH ROW EXECUTE FUNCTION refuse_insert()");
  }
  const auto failed = As(Visitor("10.9.0.1"), [&](service::Context& c) {
    return service::AccountService(c, app_->runtime())
        .SignUp(Signup("7000012050002", "a@one.example"));
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kInternal) << failed.error().message;
  EXPECT_NE(failed.error().title, "Registration not possible");

  remote_address_ = "10.9.0.2";
  const auto answered = Send("POST", "/api/v1/signup",
                             nlohmann::json{{"corporate_number", "7000012050002"},
                                            {"name", "Org"},
                                            {"industry", "E"},
                                            {"email", "b@one.example"},
                                            {"display_name", "Admin"},
                                            {"password", "a long enough password"}}
                                 .dump());
  EXPECT_EQ(answered.status, 500) << answered.body;
  EXPECT_EQ(Json(answered)["title"], "Storage error");
}

TEST_F(AccountServiceTest, TakenNumberOrAddressIsTheSameConflict) {
  SignUp("7000012050002", "a@one.example");
  for (const auto& [number, email] : {std::pair{"7000012050002", "new@one.example"},
                                      std::pair{"3400120034561", "A@one.example"}}) {
    const auto refused = As(Visitor("10.9.1.1"), [&](service::Context& c) {
      return service::AccountService(c, app_->runtime()).SignUp(Signup(number, email));
    });
    ASSERT_FALSE(refused.ok()) << number;
    EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
    EXPECT_EQ(refused.error().title, "Registration not possible");
  }
}

// The operator's `hoshitori user remove` keeps the rule the team page keeps: an
// organisation's last active org_admin stays.
TEST_F(AccountServiceTest, OperatorCannotRemoveTheLastAdministrator) {
  const Caller admin = SignUp("7000012050002", "admin@one.example");
  Invite(admin, "member@one.example", "member");
  const auto refused = As(service::Actor::Operator(), [&](service::Context& c) {
    return service::OperatorAccountService(c).RemoveUser("admin@one.example");
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(refused.error().title, "Last administrator");
  auto kept = store_->FindUserByEmail("admin@one.example");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_FALSE((*kept)->disabled_at.has_value()) << "the refused removal was rolled back";

  // With a second admin the first can go.
  const auto granted = As(service::Actor::Operator(), [&](service::Context& c) {
    return service::OperatorAccountService(c).Grant("member@one.example", "org_admin");
  });
  ASSERT_TRUE(granted.ok()) << granted.error().message;
  const auto removed = As(service::Actor::Operator(), [&](service::Context& c) {
    return service::OperatorAccountService(c).RemoveUser("admin@one.example");
  });
  ASSERT_TRUE(removed.ok()) << removed.error().message;
}

// The operator's use cases answer only the operator actor: no signed-in user, not even the
// hub admin, reaches them.
TEST_F(AccountServiceTest, OperatorUseCasesRefuseEveryOtherActor) {
  const Caller admin = SignUp("7000012050002", "admin@one.example");
  for (const service::Actor& actor : {UserActor(admin, Role::kOrgAdmin),
                                      UserActor(admin, Role::kHubAdmin), Visitor("10.9.2.1")}) {
    const auto refused = As(actor, [&](service::Context& c) {
      return service::OperatorAccountService(c).Grant("admin@one.example", "assessor");
    });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  }
  auto unchanged = store_->FindUserByEmail("admin@one.example");
  ASSERT_TRUE(unchanged.ok() && unchanged->has_value());
  EXPECT_EQ((*unchanged)->role, Role::kOrgAdmin);
}

// Two admins demoting each other at the same moment, each on its own connection: one of
// them stays an admin (the rule is checked after the audit entry, which serialises them).
TEST_F(AccountServiceTest, ConcurrentDemotionsKeepAnAdministrator) {
  const Caller first = SignUp("7000012050002", "first@one.example");
  const Caller second = Invite(first, "second@one.example", "org_admin");
  for (int round = 0; round < 5; ++round) {
    auto a = Store::Open(db_url_);
    auto b = Store::Open(db_url_);
    ASSERT_TRUE(a.ok() && b.ok());
    const auto demote = [&](Store& store, const Caller& who, const Caller& whom) {
      service::Actor actor = UserActor(who, Role::kOrgAdmin);
      service::Context context = app_->runtime().MakeContext(store, actor);
      (void)service::AccountService(context, app_->runtime()).ChangeRole(whom.user_id, "member");
    };
    std::thread one([&] { demote(**a, first, second); });
    std::thread two([&] { demote(**b, second, first); });
    one.join();
    two.join();
    auto users = store_->ListUsers(first.org_id);
    ASSERT_TRUE(users.ok());
    int admins = 0;
    for (const User& u : *users) admins += u.role == Role::kOrgAdmin ? 1 : 0;
    ASSERT_GE(admins, 1) << "round " << round;
    // Make both admins again for the next round.
    ASSERT_TRUE(store_->UpdateUserRole(first.user_id, Role::kOrgAdmin).ok());
    ASSERT_TRUE(store_->UpdateUserRole(second.user_id, Role::kOrgAdmin).ok());
  }
}

}  // namespace
}  // namespace hoshitori::api
