// The relationship, policy and chain-analysis services called directly, as the pages call
// them: typed results, errors by kind, one audit entry per change, and the in-memory graph
// updated after each commit.
#include "api_test_support.h"
#include "service/chain_analysis_service.h"
#include "service/policy_service.h"
#include "service/relationship_service.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kBuyer = "4180001234567";
constexpr const char* kSupplier = "3500201238765";
constexpr const char* kStranger = "7101104567890";

class ChainServicesTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    buyer_ = SignUp(kBuyer, "admin@buyer.example");
    supplier_ = SignUp(kSupplier, "admin@supplier.example");
    stranger_ = SignUp(kStranger, "admin@stranger.example");
  }

  // Runs `use_case(context)` as `who` (an org admin; nobody when null), as the pages do.
  template <typename UseCase>
  auto As(const Caller* who, UseCase&& use_case) {
    service::Runtime& runtime = app_->runtime();
    service::Runtime::Lease lease(runtime);
    service::Actor actor;
    if (who) actor.principal = service::Principal{who->user_id, who->org_id, Role::kOrgAdmin};
    service::Context context = runtime.MakeContext(lease.store(), actor);
    return use_case(context);
  }

  int CountAudited(const std::string& action) {
    int count = 0;
    EXPECT_TRUE(
        store_->ForEachAuditEntry([&](const AuditEntry& e) { count += e.action == action; }).ok());
    return count;
  }

  Caller buyer_, supplier_, stranger_;
};

TEST_F(ChainServicesTest, PolicyRulesAreCheckedBeforeAnythingIsStored) {
  const auto bad = As(&buyer_, [](service::Context& c) {
    return service::PolicyService(c).Put("rule a: colour = red => star3 \"x\"");
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(bad.error().title, "Invalid policy");
  EXPECT_NE(bad.error().message.find("policy:1"), std::string::npos) << bad.error().message;
  EXPECT_EQ(CountAudited("policy.update"), 0);
  const auto none =
      As(&buyer_, [](service::Context& c) { return service::PolicyService(c).Get(); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->own.has_value());

  const std::string rules = "rule cloud: kind = cloud_service => star4 \"cloud\"";
  const auto saved =
      As(&buyer_, [&](service::Context& c) { return service::PolicyService(c).Put(rules); });
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  ASSERT_TRUE(saved->own.has_value());
  EXPECT_EQ(saved->own->rules, rules);
  EXPECT_EQ(saved->own->updated_by, buyer_.user_id);
  EXPECT_EQ(CountAudited("policy.update"), 1);
  ASSERT_TRUE(service::EffectivePolicy(*store_, buyer_.org_id).ok());

  const auto anonymous =
      As(nullptr, [](service::Context& c) { return service::PolicyService(c).Get(); });
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().kind, ErrorKind::kUnauthenticated);
}

TEST_F(ChainServicesTest, ADeclarationReachesTheAnalysesAndOnlyThePartiesActOnIt) {
  const std::string declaration =
      json{{"relationships",
            json::array({{{"buyer", kBuyer}, {"supplier", kSupplier}, {"kind", "parts"}}})}}
          .dump();
  const auto declared = As(&buyer_, [&](service::Context& c) {
    return service::RelationshipService(c).Declare(declaration);
  });
  ASSERT_TRUE(declared.ok()) << declared.error().message;
  ASSERT_EQ(declared->size(), 1u);
  const int64_t id = (*declared)[0].id;
  EXPECT_EQ(CountAudited("relationship.declare"), 1);

  // The buyer's own claim is in its analyses at once (the graph was updated after the commit).
  const auto tiers = As(&buyer_, [](service::Context& c) {
    return service::ChainAnalysisService(c).Tiers(100, 100, 0);
  });
  ASSERT_TRUE(tiers.ok());
  ASSERT_EQ(tiers->total, 1u);
  ASSERT_TRUE(tiers->suppliers[0].supplier.organisation.has_value());
  EXPECT_EQ(tiers->suppliers[0].supplier.organisation->corporate_number.digits(), kSupplier);
  EXPECT_FALSE(tiers->suppliers[0].path.at(0).confirmed);

  const auto awaiting = As(&supplier_, [](service::Context& c) {
    return service::RelationshipService(c).List(service::RelationshipStatus::kAwaitingYou);
  });
  ASSERT_TRUE(awaiting.ok());
  ASSERT_EQ(awaiting->size(), 1u);
  EXPECT_FALSE((*awaiting)[0].as_buyer);
  EXPECT_EQ((*awaiting)[0].declared_by.id, buyer_.org_id);

  // A stranger learns nothing; the declarer cannot confirm its own claim; the other party can,
  // once.
  const auto stranger = As(
      &stranger_, [&](service::Context& c) { return service::RelationshipService(c).Confirm(id); });
  ASSERT_FALSE(stranger.ok());
  EXPECT_EQ(stranger.error().kind, ErrorKind::kNotFound);
  const auto own =
      As(&buyer_, [&](service::Context& c) { return service::RelationshipService(c).Confirm(id); });
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  const auto confirmed = As(
      &supplier_, [&](service::Context& c) { return service::RelationshipService(c).Confirm(id); });
  ASSERT_TRUE(confirmed.ok()) << confirmed.error().message;
  const auto again = As(
      &supplier_, [&](service::Context& c) { return service::RelationshipService(c).Confirm(id); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(CountAudited("relationship.confirm"), 1);

  const auto compliance = As(
      &buyer_, [](service::Context& c) { return service::ChainAnalysisService(c).Compliance(); });
  ASSERT_TRUE(compliance.ok());
  EXPECT_EQ(compliance->suppliers, 1u);
  EXPECT_EQ(compliance->totals[2], 1);  // unknown: nothing is shared with the buyer

  const auto ended =
      As(&buyer_, [&](service::Context& c) { return service::RelationshipService(c).End(id); });
  ASSERT_TRUE(ended.ok());
  EXPECT_FALSE(ended->rejected);
  const auto after = As(&buyer_, [](service::Context& c) {
    return service::ChainAnalysisService(c).Tiers(100, 100, 0);
  });
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->total, 0u);
}

TEST_F(ChainServicesTest, BlastRadiusOfACompanyOutsideTheChainIsNotFound) {
  const auto number = CorporateNumber::Parse(kStranger);
  ASSERT_TRUE(number.ok());
  const auto radius = As(&buyer_, [&](service::Context& c) {
    return service::ChainAnalysisService(c).BlastRadius(*number, 3);
  });
  ASSERT_FALSE(radius.ok());
  EXPECT_EQ(radius.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(radius.error().message.find("not in your visible supply chain"), std::string::npos);
}

}  // namespace
}  // namespace hoshitori::api
