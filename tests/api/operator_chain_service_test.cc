// The operator's chain use cases (service/operator_chain_service.h), behind `hoshitori chain
// disclose|tiers|exposure|blast-radius|concentration|compliance`, on both backends: only the
// scheme operator opens the whole chain or discloses on an organisation's behalf — a signed-in
// user, even of the organisation concerned or the hub admin, and a caller not signed in are
// refused with nothing written — and the operator's disclosure is stored with one audit entry.
#include "service/operator_chain_service.h"

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kBuyer = "4180001234567";
constexpr const char* kSupplier = "3500201238765";
constexpr const char* kUnregistered = "7000012050002";

CorporateNumber Number(const char* digits) { return *CorporateNumber::Parse(digits); }

class OperatorChainServiceTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    buyer_ = SignUp(kBuyer, "admin@buyer.example");
    supplier_ = SignUp(kSupplier, "admin@supplier.example");
  }

  // Runs `use_case(service)` on the test's store as `actor`, as the command line does for the
  // operator.
  template <typename UseCase>
  auto As(const service::Actor& actor, UseCase&& use_case) {
    const Clock clock;
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr, actor};
    service::OperatorChainService chain(context);
    return use_case(chain);
  }
  // A signed-in user of `who`'s organisation with the role `role`.
  service::Actor SignedIn(const Caller& who, Role role) {
    service::Actor actor;
    actor.principal = service::Principal{who.user_id, who.org_id, role};
    return actor;
  }

  size_t Disclosures() {
    const auto listed = store_->ListDisclosures();
    EXPECT_TRUE(listed.ok());
    return listed.ok() ? listed->size() : 0;
  }
  std::vector<AuditEntry> Audited(const std::string& action) {
    std::vector<AuditEntry> out;
    EXPECT_TRUE(store_
                    ->ForEachAuditEntry([&](const AuditEntry& e) {
                      if (e.action == action) out.push_back(e);
                    })
                    .ok());
    return out;
  }

  Caller buyer_, supplier_;
};

TEST_F(OperatorChainServiceTest, OnlyTheOperatorOpensTheChainOrDiscloses) {
  const std::vector<service::Actor> refused_actors = {
      SignedIn(supplier_, Role::kOrgAdmin),  // the declarer's own admin, who discloses by HTTP
      SignedIn(buyer_, Role::kHubAdmin),     // the hub admin
      service::Actor{},                      // not signed in
  };
  for (const service::Actor& actor : refused_actors) {
    const auto opened =
        As(actor, [](service::OperatorChainService& chain) { return chain.Open(); });
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().kind, ErrorKind::kForbidden);
    for (const std::optional<CorporateNumber>& viewer :
         {std::optional<CorporateNumber>(Number(kBuyer)), std::optional<CorporateNumber>()}) {
      const auto disclosed = As(actor, [&](service::OperatorChainService& chain) {
        return chain.Disclose(Number(kSupplier), viewer);
      });
      ASSERT_FALSE(disclosed.ok());
      EXPECT_EQ(disclosed.error().kind, ErrorKind::kForbidden);
    }
  }
  EXPECT_EQ(Disclosures(), 0u);
  EXPECT_TRUE(Audited("relationship.disclose").empty());
}

TEST_F(OperatorChainServiceTest, TheOperatorsDisclosureIsStoredWithOneAuditEntry) {
  const auto disclosed = As(service::Actor::Operator(), [](service::OperatorChainService& chain) {
    return chain.Disclose(Number(kSupplier), Number(kBuyer));
  });
  ASSERT_TRUE(disclosed.ok()) << disclosed.error().message;
  EXPECT_EQ(disclosed->declarer.id, supplier_.org_id);
  ASSERT_TRUE(disclosed->viewer.has_value());
  EXPECT_EQ(disclosed->viewer->id, buyer_.org_id);

  const auto stored = store_->ListDisclosures();
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].declarer, supplier_.org_id);
  EXPECT_EQ((*stored)[0].viewer, std::optional<int64_t>(buyer_.org_id));

  const auto audited = Audited("relationship.disclose");
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].resource, "organisation/" + std::to_string(supplier_.org_id));
  EXPECT_EQ(audited[0].detail,
            "to organisation/" + std::to_string(buyer_.org_id) + ", by the operator");
  EXPECT_FALSE(audited[0].actor_user_id.has_value());  // nobody signed in: the operator
}

TEST_F(OperatorChainServiceTest, AnUnregisteredOrganisationIsNotFoundAndNothingIsWritten) {
  for (const auto& [declarer, viewer] :
       {std::pair{kUnregistered, kBuyer}, std::pair{kSupplier, kUnregistered}}) {
    const auto disclosed =
        As(service::Actor::Operator(), [&](service::OperatorChainService& chain) {
          return chain.Disclose(Number(declarer), Number(viewer));
        });
    ASSERT_FALSE(disclosed.ok());
    EXPECT_EQ(disclosed.error().kind, ErrorKind::kNotFound);
    EXPECT_EQ(disclosed.error().message,
              std::string("no organisation with corporate number ") + kUnregistered);
  }
  EXPECT_EQ(Disclosures(), 0u);
  EXPECT_TRUE(Audited("relationship.disclose").empty());
}

TEST_F(OperatorChainServiceTest, TheOperatorsViewFindsEveryRegisteredOrganisation) {
  As(service::Actor::Operator(), [&](service::OperatorChainService& chain) {
    auto opened = chain.Open();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service::OperatorChainView view = std::move(opened).value();
    const auto buyer = view.Node(Number(kBuyer));
    ASSERT_TRUE(buyer.ok()) << buyer.error().message;
    const auto organisation = view.Org(*buyer);
    ASSERT_TRUE(organisation.ok()) << organisation.error().message;
    EXPECT_EQ((*organisation)->id, buyer_.org_id);
    const auto unknown = view.Node(Number(kUnregistered));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
    // Without shares, the buyer's suppliers hold nothing; its policy is the default.
    ASSERT_TRUE(view.UseSharesWith(*buyer).ok());
    EXPECT_FALSE(view.Standing(*buyer).has_assessment);
    EXPECT_TRUE(view.Policy(*buyer, std::nullopt).ok());
    const auto bad =
        view.Policy(*buyer, service::OwnRules{"rule a: colour = red => star3 \"x\"\n", "x.policy"});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("x.policy:1"), std::string::npos) << bad.error().message;
  });
}

}  // namespace
}  // namespace hoshitori::api
