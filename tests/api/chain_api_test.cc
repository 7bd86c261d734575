// The buyer's side through the API: declaring a chain (one-sided claims until the other
// party confirms), tier-N consent, the buyer's policy, the paged supplier list with
// compliance, and the chain analyses.
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kBuyer = "4180001234567";
constexpr const char* kTier1 = "3500201238765";
constexpr const char* kTier2 = "7101104567890";

class ChainApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    buyer_ = SignUp(kBuyer, "admin@buyer.example");
    tier1_ = SignUp(kTier1, "admin@tier1.example");
    tier2_ = SignUp(kTier2, "admin@tier2.example", "G");
  }

  HttpResponse Declare(const Caller& who, const json& relationships) {
    return Send("POST", "/api/v1/relationships", json{{"relationships", relationships}}.dump(), &who);
  }
  // Declares one relationship as `who`; returns its id.
  int64_t DeclareOne(const Caller& who, const json& relationship) {
    const auto declared = Declare(who, json::array({relationship}));
    EXPECT_EQ(declared.status, 201) << declared.body;
    return Json(declared)["relationships"][0]["id"].get<int64_t>();
  }
  HttpResponse Confirm(const Caller& who, int64_t id) {
    return Send("POST", "/api/v1/relationships/" + std::to_string(id) + "/confirm", "", &who);
  }
  // Declared by `declarer`, confirmed by `confirmer`.
  void Agree(const Caller& declarer, const Caller& confirmer, const json& relationship) {
    const auto confirmed = Confirm(confirmer, DeclareOne(declarer, relationship));
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  }
  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    EXPECT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry& e) { actions.push_back(e.action); }).ok());
    return actions;
  }

  Caller buyer_, tier1_, tier2_;
};

TEST_F(ChainApiTest, TierTwoIsVisibleOnlyAfterConsentAndTheListPagesFiltersAndSorts) {
  // The buyer declares its direct supplier (single source: ★4 by the default flow); the
  // tier-1 supplier declares its own subcontractor, which confirms it.
  const int64_t direct = DeclareOne(buyer_, {{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"},
                                             {"substitutability", "single_source"}});
  Agree(tier1_, tier2_, {{"buyer", kTier1}, {"supplier", kTier2}, {"kind", "it_outsourcing"}, {"data", "personal"}});

  // The buyer's own claim shows at once, marked as not yet confirmed.
  auto list = Json(Send("GET", "/api/v1/suppliers", "", &buyer_));
  ASSERT_EQ(list["total"], 1) << list.dump();
  EXPECT_EQ(list["suppliers"][0]["supplier"]["corporate_number"], kTier1);
  EXPECT_EQ(list["suppliers"][0]["tier"], 1);
  EXPECT_EQ(list["suppliers"][0]["confirmed"], false);
  EXPECT_EQ(list["suppliers"][0]["compliance"], "unknown");
  EXPECT_EQ(list["suppliers"][0]["requirement"]["star"], 4);

  // Consent: tier 1 shows its relationships to the buyer — but a claim it has not confirmed
  // opens nothing behind it. Once it confirms, tier 2 appears.
  ASSERT_EQ(Send("POST", "/api/v1/disclosures", json{{"viewer_corporate_number", kBuyer}}.dump(), &tier1_).status, 201);
  EXPECT_EQ(Json(Send("GET", "/api/v1/suppliers", "", &buyer_))["total"], 1);
  ASSERT_EQ(Confirm(tier1_, direct).status, 200);
  list = Json(Send("GET", "/api/v1/suppliers?sort=tier", "", &buyer_));
  ASSERT_EQ(list["total"], 2) << list.dump();
  EXPECT_EQ(list["suppliers"][1]["supplier"]["corporate_number"], kTier2);
  EXPECT_EQ(list["suppliers"][1]["tier"], 2);
  EXPECT_EQ(list["suppliers"][0]["confirmed"], true);
  EXPECT_EQ(list["counts"]["unknown"], 2);

  // Paging, filtering and searching on the server.
  list = Json(Send("GET", "/api/v1/suppliers?per_page=1&page=2&sort=-tier", "", &buyer_));
  EXPECT_EQ(list["total"], 2);
  EXPECT_EQ(list["pages"], 2);
  ASSERT_EQ(list["suppliers"].size(), 1u);
  EXPECT_EQ(list["suppliers"][0]["tier"], 1);
  EXPECT_EQ(Json(Send("GET", "/api/v1/suppliers?tier=2", "", &buyer_))["total"], 1);
  EXPECT_EQ(Json(Send("GET", "/api/v1/suppliers?q=7101", "", &buyer_))["total"], 1);
  EXPECT_EQ(Json(Send("GET", "/api/v1/suppliers?status=meets", "", &buyer_))["total"], 0);
  for (const char* bad : {"?page=0", "?per_page=501", "?sort=colour", "?status=fine", "?star=9", "?colour=red"}) {
    const auto refused = Send("GET", std::string("/api/v1/suppliers") + bad, "", &buyer_);
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_EQ(refused.content_type, "application/problem+json");
  }

  // The tier-1 supplier shares a submitted assessment: the list changes at once (cache
  // invalidated), still below the ★4 the single-source relationship requires.
  const int64_t id = SubmittedAssessment(tier1_);
  ASSERT_EQ(Send("POST", "/api/v1/shares", json{{"assessment_id", id}, {"buyer_corporate_number", kBuyer}}.dump(), &tier1_).status, 201);
  list = Json(Send("GET", "/api/v1/suppliers?q=3500", "", &buyer_));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["suppliers"][0]["assessment_id"], id);
  EXPECT_EQ(list["suppliers"][0]["eligible_star"], 3);
  EXPECT_EQ(list["suppliers"][0]["compliance"], "below");

  // Another organisation's chain is not the tier-2 supplier's business.
  EXPECT_EQ(Json(Send("GET", "/api/v1/suppliers", "", &tier2_))["total"], 0);
  // A member reads the list; an assessor of the buyer does not.
  const Caller member = Invite(buyer_, "member@buyer.example", "member");
  EXPECT_EQ(Send("GET", "/api/v1/suppliers", "", &member).status, 200);
  const Caller assessor = Invite(buyer_, "assessor@buyer.example", "assessor");
  EXPECT_EQ(Send("GET", "/api/v1/suppliers", "", &assessor).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/suppliers").status, 401);
}

TEST_F(ChainApiTest, RelationshipsAreAllOrNothingAndOnlyForOnesOwnChain) {
  // Not a party: the tier-2 supplier cannot declare the buyer's relationships.
  auto refused = Declare(tier2_, json::array({{{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}}}));
  EXPECT_EQ(refused.status, 422) << refused.body;
  // One bad row refuses the whole request.
  refused = Declare(buyer_, json::array({{{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}},
                                         {{"buyer", kBuyer}, {"supplier", kTier2}, {"kind", "teleportation"}}}));
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(Json(refused)["detail"].get<std::string>().find("relationship 2"), std::string::npos) << refused.body;
  EXPECT_TRUE(Json(Send("GET", "/api/v1/relationships", "", &buyer_))["relationships"].empty());
  int64_t stored = 0;
  ASSERT_TRUE(store_->ForEachRelationship([&](const SupplyRelationship&) { ++stored; }).ok());
  EXPECT_EQ(stored, 0);
  EXPECT_EQ(Send("POST", "/api/v1/relationships", R"({"relationships": "all of them"})", &buyer_).status, 400);
  EXPECT_EQ(Send("POST", "/api/v1/relationships", R"({"relationships": [], "extra": 1})", &buyer_).status, 400);

  ASSERT_EQ(Declare(buyer_, json::array({{{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}}})).status, 201);
  const auto mine = Json(Send("GET", "/api/v1/relationships", "", &buyer_))["relationships"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["role"], "buyer");
  EXPECT_EQ(mine[0]["status"], "awaiting_other_party");
  const auto theirs = Json(Send("GET", "/api/v1/relationships", "", &tier1_))["relationships"];
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0]["role"], "supplier");
  EXPECT_EQ(theirs[0]["status"], "awaiting_you");
  // Declaring the same relationship twice is refused.
  EXPECT_EQ(Declare(buyer_, json::array({{{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}}})).status, 422);
}

TEST_F(ChainApiTest, PolicyRulesAddRequirementsAndBadRulesChangeNothing) {
  ASSERT_EQ(Declare(buyer_, json::array({{{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}}})).status, 201);
  auto list = Json(Send("GET", "/api/v1/suppliers", "", &buyer_));
  EXPECT_EQ(list["suppliers"][0]["requirement"]["star"], 3);

  const auto bad = Send("PUT", "/api/v1/policy", json{{"rules", "rule x: colour = red => star4 \"?\""}}.dump(), &buyer_);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Json(Send("GET", "/api/v1/policy", "", &buyer_))["rules"], "");
  const Caller member = Invite(buyer_, "member@buyer.example", "member");
  const std::string rules = "rule parts4: kind = parts => star4 \"parts suppliers must be third-party checked\"\n";
  EXPECT_EQ(Send("PUT", "/api/v1/policy", json{{"rules", rules}}.dump(), &member).status, 403);
  const auto good = Send("PUT", "/api/v1/policy", json{{"rules", rules}}.dump(), &buyer_);
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(Json(Send("GET", "/api/v1/policy", "", &member))["rules"], rules);
  list = Json(Send("GET", "/api/v1/suppliers", "", &buyer_));
  EXPECT_EQ(list["suppliers"][0]["requirement"]["star"], 4);
  EXPECT_EQ(list["suppliers"][0]["requirement"]["rule"], "parts4");
}

TEST_F(ChainApiTest, AnalysesSeeOnlyTheBuyersOwnChain) {
  Agree(buyer_, tier1_, {{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}, {"critical", true},
                         {"connectivity", "vpn"}});
  Agree(tier1_, tier2_, {{"buyer", kTier1}, {"supplier", kTier2}, {"kind", "cloud_service"},
                         {"substitutability", "single_source"}, {"connectivity", "vpn"}});
  ASSERT_EQ(Send("POST", "/api/v1/disclosures", "{}", &tier1_).status, 201);  // to every buyer upstream

  const auto tiers = Json(Send("GET", "/api/v1/chain/tiers", "", &buyer_));
  ASSERT_EQ(tiers["total"], 2) << tiers.dump();
  EXPECT_EQ(tiers["suppliers"][1]["path"].size(), 2u);

  const auto blast = Json(Send("GET", std::string("/api/v1/chain/blast-radius?supplier=") + kTier2, "", &buyer_));
  EXPECT_EQ(blast["affected"], 2) << blast.dump();      // the tier-1 supplier and the buyer itself
  EXPECT_EQ(blast["production_stops"], 2);              // critical all the way up
  EXPECT_EQ(Send("GET", "/api/v1/chain/blast-radius?supplier=2200300451234", "", &buyer_).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/chain/blast-radius?supplier=12", "", &buyer_).status, 400);

  const auto exposure = Json(Send("GET", "/api/v1/chain/exposure", "", &buyer_));
  EXPECT_EQ(exposure["total"], 2) << exposure.dump();  // neither shared an assessment; both reach the buyer's network
  EXPECT_EQ(exposure["exposures"][0]["severity"], 4);

  const auto compliance = Json(Send("GET", "/api/v1/chain/compliance", "", &buyer_));
  EXPECT_EQ(compliance["totals"]["unknown"], 2);
  EXPECT_EQ(compliance["by_tier"].size(), 2u);

  const auto spof = Json(Send("GET", "/api/v1/chain/concentration", "", &buyer_));
  ASSERT_EQ(spof["single_points_of_failure"].size(), 1u) << spof.dump();
  EXPECT_EQ(spof["single_points_of_failure"][0]["supplier"]["corporate_number"], kTier1);
  EXPECT_EQ(spof["single_points_of_failure"][0]["direct_buyers"], 1);
  // Another organisation's unconfirmed claim to buy from tier 1 is not the buyer's to count.
  const Caller other = SignUp("2200300451234", "admin@other.example");
  DeclareOne(other, {{"buyer", "2200300451234"}, {"supplier", kTier1}, {"kind", "parts"}});
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/concentration", "", &buyer_))["single_points_of_failure"][0]["direct_buyers"], 1);

  // The tier-2 supplier has no chain of its own: its analyses are empty, not the buyer's.
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/tiers", "", &tier2_))["total"], 0);
}

// Declaring oneself a supplier's buyer used to show that supplier's disclosed tier 2: a
// claim now opens nothing until the supplier confirms it.
TEST_F(ChainApiTest, ADeclaredBuyerSeesNoDisclosedTierBehindAnUnconfirmedClaim) {
  Agree(tier1_, tier2_, {{"buyer", kTier1}, {"supplier", kTier2}, {"kind", "it_outsourcing"}});
  ASSERT_EQ(Send("POST", "/api/v1/disclosures", "{}", &tier1_).status, 201);  // to every buyer upstream
  const Caller snoop = SignUp("2200300451234", "admin@snoop.example");
  const int64_t claim = DeclareOne(snoop, {{"buyer", "2200300451234"}, {"supplier", kTier1}, {"kind", "parts"}});

  const auto tiers = Json(Send("GET", "/api/v1/chain/tiers", "", &snoop));
  EXPECT_EQ(tiers["total"], 1) << tiers.dump();  // its own claim only
  const auto list = Json(Send("GET", "/api/v1/suppliers", "", &snoop));
  ASSERT_EQ(list["total"], 1) << list.dump();
  EXPECT_EQ(list["suppliers"][0]["confirmed"], false);
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/compliance", "", &snoop))["suppliers"], 1);
  EXPECT_EQ(Send("GET", std::string("/api/v1/chain/blast-radius?supplier=") + kTier2, "", &snoop).status, 404);
  // The claimed supplier sees the claim to confirm or reject; confirmed, tier 2 opens.
  const auto pending = Json(Send("GET", "/api/v1/relationships?status=awaiting_you", "", &tier1_))["relationships"];
  ASSERT_EQ(pending.size(), 1u) << pending.dump();
  EXPECT_EQ(pending[0]["id"], claim);
  ASSERT_EQ(Confirm(tier1_, claim).status, 200);
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/tiers", "", &snoop))["total"], 2);
}

// A supplier used to insert itself as a critical tier-1 supplier into any buyer's chain,
// which the buyer could not remove: now the buyer sees a claim to confirm or reject.
TEST_F(ChainApiTest, ASupplierCannotInsertItselfIntoABuyersChain) {
  const Caller intruder = SignUp("2200300451234", "admin@intruder.example");
  const int64_t claim = DeclareOne(intruder, {{"buyer", kBuyer}, {"supplier", "2200300451234"}, {"kind", "it_outsourcing"},
                                              {"substitutability", "single_source"}, {"critical", true},
                                              {"connectivity", "vpn"}});
  EXPECT_EQ(Json(Send("GET", "/api/v1/suppliers", "", &buyer_))["total"], 0);
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/tiers", "", &buyer_))["total"], 0);
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/compliance", "", &buyer_))["suppliers"], 0);
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/exposure", "", &buyer_))["total"], 0);
  EXPECT_TRUE(Json(Send("GET", "/api/v1/chain/concentration", "", &buyer_))["single_points_of_failure"].empty());
  EXPECT_EQ(Send("GET", "/api/v1/chain/blast-radius?supplier=2200300451234", "", &buyer_).status, 404);
  // The intruder sees its own claim, awaiting the buyer.
  const auto own = Json(Send("GET", "/api/v1/relationships", "", &intruder))["relationships"];
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0]["status"], "awaiting_other_party");

  // Only the buyer's admin answers; the claimant cannot confirm its own claim; strangers
  // learn nothing.
  const Caller member = Invite(buyer_, "member@buyer.example", "member");
  EXPECT_EQ(Confirm(member, claim).status, 403);
  EXPECT_EQ(Send("DELETE", "/api/v1/relationships/" + std::to_string(claim), "", &member).status, 403);
  EXPECT_EQ(Confirm(intruder, claim).status, 403);
  EXPECT_EQ(Confirm(tier2_, claim).status, 404);
  EXPECT_EQ(Send("DELETE", "/api/v1/relationships/" + std::to_string(claim), "", &tier2_).status, 404);

  const auto rejected = Send("DELETE", "/api/v1/relationships/" + std::to_string(claim), "", &buyer_);
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(Json(rejected)["status"], "rejected");
  EXPECT_TRUE(Json(Send("GET", "/api/v1/relationships", "", &intruder))["relationships"].empty());
  EXPECT_TRUE(Json(Send("GET", "/api/v1/relationships", "", &buyer_))["relationships"].empty());
  EXPECT_EQ(Confirm(buyer_, claim).status, 404);
  const auto actions = AuditActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "relationship.declare"), 1);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "relationship.reject"), 1);
}

TEST_F(ChainApiTest, EitherPartyEndsAConfirmedRelationshipAndItLeavesTheAnalyses) {
  const int64_t id = DeclareOne(buyer_, {{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}});
  ASSERT_EQ(Confirm(tier1_, id).status, 200);
  EXPECT_EQ(Confirm(tier1_, id).status, 409);
  EXPECT_EQ(Json(Send("GET", "/api/v1/relationships?status=confirmed", "", &buyer_))["relationships"].size(), 1u);
  EXPECT_EQ(Send("GET", "/api/v1/relationships?status=maybe", "", &buyer_).status, 400);
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/tiers", "", &buyer_))["total"], 1);
  // The supplier's admin ends it.
  const auto ended = Send("DELETE", "/api/v1/relationships/" + std::to_string(id), "", &tier1_);
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(Json(ended)["status"], "ended");
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/tiers", "", &buyer_))["total"], 0);
  EXPECT_EQ(Json(Send("GET", "/api/v1/suppliers", "", &buyer_))["total"], 0);
  EXPECT_EQ(Send("DELETE", "/api/v1/relationships/" + std::to_string(id), "", &buyer_).status, 404);
  // It may be declared again; a member of the declaring organisation may end its own claim.
  const int64_t again = DeclareOne(buyer_, {{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}});
  const Caller member = Invite(buyer_, "member@buyer.example", "member");
  EXPECT_EQ(Send("DELETE", "/api/v1/relationships/" + std::to_string(again), "", &member).status, 200);
  const auto actions = AuditActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "relationship.confirm"), 1);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "relationship.end"), 2);
}

TEST_F(ChainApiTest, OnlyAdminsDiscloseAndDisclosuresCanBeWithdrawn) {
  Agree(buyer_, tier1_, {{"buyer", kBuyer}, {"supplier", kTier1}, {"kind", "parts"}});
  Agree(tier1_, tier2_, {{"buyer", kTier1}, {"supplier", kTier2}, {"kind", "logistics"}});
  const Caller member = Invite(tier1_, "member@tier1.example", "member");
  EXPECT_EQ(Send("POST", "/api/v1/disclosures", "{}", &member).status, 403);
  ASSERT_EQ(Send("POST", "/api/v1/disclosures", "{}", &tier1_).status, 201);
  ASSERT_EQ(Send("POST", "/api/v1/disclosures", json{{"viewer_corporate_number", kBuyer}}.dump(), &tier1_).status, 201);
  const auto listed = Json(Send("GET", "/api/v1/disclosures", "", &tier1_))["disclosures"];
  ASSERT_EQ(listed.size(), 2u) << listed.dump();
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/tiers", "", &buyer_))["total"], 2);

  EXPECT_EQ(Send("DELETE", "/api/v1/disclosures/upstream", "", &member).status, 403);
  ASSERT_EQ(Send("DELETE", "/api/v1/disclosures/upstream", "", &tier1_).status, 200);
  EXPECT_EQ(Send("DELETE", "/api/v1/disclosures/upstream", "", &tier1_).status, 404);
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/tiers", "", &buyer_))["total"], 2);  // still named
  ASSERT_EQ(Send("DELETE", std::string("/api/v1/disclosures/") + kBuyer, "", &tier1_).status, 200);
  EXPECT_EQ(Json(Send("GET", "/api/v1/chain/tiers", "", &buyer_))["total"], 1);
  EXPECT_TRUE(Json(Send("GET", "/api/v1/disclosures", "", &tier1_))["disclosures"].empty());
  const auto actions = AuditActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "relationship.withdraw_disclosure"), 2);
}

}  // namespace
}  // namespace hoshitori::api
