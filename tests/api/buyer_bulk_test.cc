// The buyer's bulk work (issue 15) through its services, as the pages call them, on SQLite and
// PostgreSQL: a relationship file is stored whole or not at all with its problems by row and
// column; a per-relationship override wins over the rules and is the reason shown; bulk
// requests carry a deadline and never repeat an open request; the per-question sheet holds
// only what each supplier shared.
#include "service/chain_service.h"
#include "api_test_support.h"
#include "service/answer_sheet_service.h"
#include "service/chain_analysis_service.h"
#include "service/inbox_service.h"
#include "service/policy_service.h"
#include "service/relationship_service.h"
#include "service/sharing_service.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kBuyer = "4180001234567";
constexpr const char* kSupplierA = "3500201238765";
constexpr const char* kSupplierB = "7101104567890";
constexpr const char* kStranger = "2200300451234";
constexpr const char* kUnregistered = "7000012050002";

class BuyerBulkTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    buyer_ = SignUp(kBuyer, "admin@buyer.example");
    supplier_a_ = SignUp(kSupplierA, "admin@a.example");
    supplier_b_ = SignUp(kSupplierB, "admin@b.example");
    stranger_ = SignUp(kStranger, "admin@stranger.example");
  }

  // Runs `use_case(context)` as `who` (an org admin, or `role`), and then drops what the
  // committed change made stale, as the pages do.
  template <typename UseCase>
  auto As(const Caller& who, UseCase&& use_case, Role role = Role::kOrgAdmin) {
    service::Runtime& runtime = app_->runtime();
    service::Runtime::Lease lease(runtime);
    service::Actor actor;
    actor.principal = service::Principal{who.user_id, who.org_id, role};
    service::Context context = runtime.MakeContext(lease.store(), actor);
    ChangeScope committed;
    context.committed = &committed;
    auto result = use_case(context);
    if (!committed.empty()) runtime.chain().Changed(committed);
    return result;
  }

  int CountAudited(const std::string& action) {
    int count = 0;
    EXPECT_TRUE(
        store_->ForEachAuditEntry([&](const AuditEntry& e) { count += e.action == action; }).ok());
    return count;
  }

  size_t OwnRelationships(const Caller& who) {
    const auto listed =
        As(who, [](service::Context& c) { return service::RelationshipService(c).List(); });
    EXPECT_TRUE(listed.ok());
    return listed ? listed->size() : 0;
  }

  // The buyer's supplier-list row of `number`.
  std::optional<SupplierRow> RowOf(const std::string& number) {
    const auto query = ParseSupplierQuery({{"q", number}});
    EXPECT_TRUE(query.ok());
    const auto listed = As(buyer_, [&](service::Context& c) {
      return service::ChainAnalysisService(c).Suppliers(*query);
    });
    EXPECT_TRUE(listed.ok()) << listed.error().message;
    if (!listed || listed->page.rows.empty()) return std::nullopt;
    return *listed->page.rows.front();
  }

  Caller buyer_, supplier_a_, supplier_b_, stranger_;
};

TEST_F(BuyerBulkTest, AFileWithABadRowStoresNothingAndNamesEveryProblem) {
  // Japanese headers as in the template; rows 3 to 6 are bad, each in another way.
  const std::string bad = std::string("仕入先の法人番号,取引の種類,取り扱う情報\n") + kSupplierA +
                          ",parts,internal\n" +            // row 2: good
                          "4500201238765,parts,\n" +       // row 3: check digit
                          kSupplierB + ",spaceship,\n" +   // row 4: unknown kind
                          kUnregistered + ",parts,\n" +    // row 5: not registered
                          kSupplierA + ",parts,secret\n";  // row 6: data, and again
  const auto refused =
      As(buyer_, [&](service::Context& c) { return service::RelationshipService(c).Upload(bad); });
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_TRUE(refused->stored.empty());
  std::vector<std::pair<int, std::string>> where;
  for (const service::UploadProblem& p : refused->problems) {
    where.emplace_back(p.row, p.column);
    EXPECT_FALSE(p.ja.empty());
    EXPECT_FALSE(p.en.empty());
  }
  const std::vector<std::pair<int, std::string>> expected = {{3, "仕入先の法人番号"},
                                                             {4, "取引の種類"},
                                                             {5, "仕入先の法人番号"},
                                                             {6, "取り扱う情報"},
                                                             {6, "仕入先の法人番号"}};
  EXPECT_EQ(where, expected);
  EXPECT_EQ(OwnRelationships(buyer_), 0u) << "nothing is stored when a row is bad";
  EXPECT_EQ(CountAudited("relationship.declare"), 0);

  // A header without the required columns is refused before any row is read.
  const auto headless = As(buyer_, [&](service::Context& c) {
    return service::RelationshipService(c).Upload("supplier,colour\n" + std::string(kSupplierA) +
                                                  ",red\n");
  });
  ASSERT_TRUE(headless.ok());
  ASSERT_EQ(headless->problems.size(), 2u);
  EXPECT_EQ(headless->problems[0].column, "colour");
  EXPECT_EQ(headless->problems[1].column, "kind");

  // The good file: one declaration, one audit entry, every row stored unconfirmed.
  const std::string good = std::string("supplier,kind,data,start\n") + kSupplierA +
                           ",parts,internal,2026-04-01\n" + kSupplierB + ",cloud_service,,\n";
  const auto stored =
      As(buyer_, [&](service::Context& c) { return service::RelationshipService(c).Upload(good); });
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_TRUE(stored->problems.empty());
  ASSERT_EQ(stored->stored.size(), 2u);
  EXPECT_FALSE(stored->stored[0].confirmed);
  EXPECT_EQ(OwnRelationships(buyer_), 2u);
  EXPECT_EQ(CountAudited("relationship.declare"), 1);

  // The same file again: each row exists already, and nothing more is stored.
  const auto repeated =
      As(buyer_, [&](service::Context& c) { return service::RelationshipService(c).Upload(good); });
  ASSERT_TRUE(repeated.ok());
  EXPECT_EQ(repeated->problems.size(), 2u);
  EXPECT_EQ(OwnRelationships(buyer_), 2u);

  // Bounds and authorisation.
  const auto huge = As(buyer_, [&](service::Context& c) {
    return service::RelationshipService(c).Upload(
        std::string(service::RelationshipService::kMaxUploadBytes + 1, 'a'));
  });
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().kind, ErrorKind::kInvalid);
  const auto assessor = As(
      buyer_, [&](service::Context& c) { return service::RelationshipService(c).Upload(good); },
      Role::kAssessor);
  ASSERT_FALSE(assessor.ok());
  EXPECT_EQ(assessor.error().kind, ErrorKind::kForbidden);
}

TEST_F(BuyerBulkTest, AnOverrideWinsOverTheRulesForItsRelationshipAndIsTheReasonShown) {
  const auto declared = As(buyer_, [&](service::Context& c) {
    return service::RelationshipService(c).Upload(std::string("supplier,kind\n") + kSupplierA +
                                                  ",parts\n");
  });
  ASSERT_TRUE(declared.ok() && declared->stored.size() == 1u);
  const int64_t id = declared->stored[0].id;
  auto row = RowOf(kSupplierA);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->requirement.star, 3) << "a parts supplier with nothing else needs ★3";

  const auto set = As(buyer_, [&](service::Context& c) {
    return service::PolicyService(c).SetOverride(id, 4, "重要部品");
  });
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(CountAudited("policy.override"), 1);
  row = RowOf(kSupplierA);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->requirement.star, 4);
  EXPECT_EQ(row->requirement.rule, "override");
  EXPECT_EQ(row->requirement.attestation, AttestationKind::kThirdParty);
  EXPECT_NE(row->requirement.reason.find("発注者がこの取引に個別指定"), std::string::npos);
  EXPECT_NE(row->requirement.reason.find("重要部品"), std::string::npos);

  // It wins in either direction: ★1 on a relationship the rules would ask ★3 of.
  ASSERT_TRUE(As(buyer_, [&](service::Context& c) {
                return service::PolicyService(c).SetOverride(id, 1, "");
              }).ok());
  row = RowOf(kSupplierA);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->requirement.star, 1);
  const auto overrides =
      As(buyer_, [](service::Context& c) { return service::PolicyService(c).Overrides(); });
  ASSERT_TRUE(overrides.ok());
  ASSERT_EQ(overrides->size(), 1u) << "a second override of one relationship replaces the first";

  // Only the buyer's own relationships, levels 1..5, admins only.
  const auto foreign = As(stranger_, [&](service::Context& c) {
    return service::PolicyService(c).SetOverride(id, 4, "");
  });
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().kind, ErrorKind::kNotFound);
  const auto level = As(buyer_, [&](service::Context& c) {
    return service::PolicyService(c).SetOverride(id, 6, "");
  });
  ASSERT_FALSE(level.ok());
  EXPECT_EQ(level.error().kind, ErrorKind::kInvalid);
  const auto member = As(
      buyer_, [&](service::Context& c) { return service::PolicyService(c).SetOverride(id, 4, ""); },
      Role::kMember);
  ASSERT_FALSE(member.ok());
  EXPECT_EQ(member.error().kind, ErrorKind::kForbidden);

  ASSERT_TRUE(As(buyer_, [&](service::Context& c) {
                return service::PolicyService(c).ClearOverride(id);
              }).ok());
  row = RowOf(kSupplierA);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->requirement.star, 3) << "without the override the rules decide again";
  const auto twice =
      As(buyer_, [&](service::Context& c) { return service::PolicyService(c).ClearOverride(id); });
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, ErrorKind::kNotFound);
}

TEST_F(BuyerBulkTest, RulesFromTheFormAreTheRuleLanguage) {
  service::RuleChoice choice;
  choice.id = "cloud-star4";
  choice.kinds = {"cloud_service", "it_outsourcing"};
  choice.data = {"personal"};
  choice.min_tier = 2;
  choice.star = 4;
  choice.reason = "委託先の個人情報";
  const auto text = service::RuleText(choice);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text,
            "rule cloud-star4: kind in cloud_service|it_outsourcing, data has personal, "
            "tier >= 2 => star4 \"委託先の個人情報\"");
  const auto added =
      As(buyer_, [&](service::Context& c) { return service::PolicyService(c).AddRule(choice); });
  ASSERT_TRUE(added.ok()) << added.error().message;
  ASSERT_TRUE(added->own.has_value());
  EXPECT_NE(added->own->rules.find(*text), std::string::npos);
  const auto again =
      As(buyer_, [&](service::Context& c) { return service::PolicyService(c).AddRule(choice); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);

  // Text rules stay, with the problem named in Japanese too.
  const auto text_rule = As(buyer_, [](service::Context& c) {
    return service::PolicyService(c).Put(
        "rule a: kind = parts => star4 \"x\"\nrule b: colour = red => star3 \"y\"");
  });
  ASSERT_FALSE(text_rule.ok());
  EXPECT_NE(text_rule.error().message.find("policy:2"), std::string::npos);
  EXPECT_NE(text_rule.error().message.find("policy 2行目"), std::string::npos)
      << text_rule.error().message;

  choice.id = "x";
  choice.kinds = {"spaceship"};
  const auto unknown = service::RuleText(choice);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("選択肢にない値"), std::string::npos);
  choice.kinds.clear();
  choice.reason = "quote \" inside";
  EXPECT_FALSE(service::RuleText(choice).ok());
}

TEST_F(BuyerBulkTest, BulkRequestsCarryTheDeadlineAndNeverRepeatAnOpenOne) {
  service::BulkRequestInput input;
  input.supplier_corporate_numbers = {kSupplierA, kSupplierB, kSupplierA};
  input.framework_id = "hoshitori-common";
  input.required_star = 3;
  input.deadline = "2099-03-31";
  const auto sent =
      As(buyer_, [&](service::Context& c) { return service::SharingService(c).AskMany(input); });
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  ASSERT_EQ(sent->sent.size(), 2u) << "a supplier named twice is asked once";
  EXPECT_TRUE(sent->already_open.empty());
  EXPECT_EQ(sent->sent[0].deadline, std::optional<std::string>("2099-03-31"));
  EXPECT_EQ(CountAudited("request.create"), 2);

  // The supplier is told, with the deadline in the text.
  const auto inbox = As(
      supplier_a_, [](service::Context& c) { return service::InboxService(c).List(false, 0, 10); });
  ASSERT_TRUE(inbox.ok()) << inbox.error().message;
  ASSERT_FALSE(inbox->entries.empty());
  EXPECT_NE(inbox->entries.front().body_ja.find("2099-03-31"), std::string::npos);

  // Asked again: nothing new while the requests are open; another framework is another request.
  const auto again =
      As(buyer_, [&](service::Context& c) { return service::SharingService(c).AskMany(input); });
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->sent.empty());
  EXPECT_EQ(again->already_open.size(), 2u);
  EXPECT_EQ(CountAudited("request.create"), 2);
  auto other = input;
  other.framework_id = "security-action";
  other.supplier_corporate_numbers = {kSupplierA};
  const auto another =
      As(buyer_, [&](service::Context& c) { return service::SharingService(c).AskMany(other); });
  ASSERT_TRUE(another.ok());
  EXPECT_EQ(another->sent.size(), 1u);

  // One bad number, or a deadline in the past, sends nothing.
  auto bad = input;
  bad.framework_id = "ipa-self-check-25";
  bad.supplier_corporate_numbers = {kSupplierA, kUnregistered};
  const auto unknown =
      As(buyer_, [&](service::Context& c) { return service::SharingService(c).AskMany(bad); });
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kInvalid);
  bad.supplier_corporate_numbers = {kSupplierA};
  bad.deadline = "2001-01-01";
  const auto past =
      As(buyer_, [&](service::Context& c) { return service::SharingService(c).AskMany(bad); });
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().title, "Invalid deadline");
  EXPECT_EQ(CountAudited("request.create"), 3);

  // The API shows the deadline.
  const auto listed = Send("GET", "/api/v1/requests", "", &buyer_);
  ASSERT_EQ(listed.status, 200);
  int with_deadline = 0;
  const json requests = Json(listed)["requests"];
  for (const json& r : requests) with_deadline += r["deadline"] == "2099-03-31";
  EXPECT_EQ(with_deadline, 3) << listed.body;
  const auto bulk = Send("POST", "/api/v1/requests/bulk",
                         json{{"supplier_corporate_numbers", json::array({kSupplierB})},
                              {"framework", "hoshitori-common"},
                              {"deadline", "2099-04-30"}}
                             .dump(),
                         &buyer_);
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(Json(bulk)["already_open"].size(), 1u);
  EXPECT_EQ(Json(bulk)["sent"].size(), 0u);
}

TEST_F(BuyerBulkTest, TheAnswerSheetHoldsOnlyWhatEachSupplierShared) {
  const int64_t a = SubmittedAssessment(supplier_a_);
  const int64_t b = SubmittedAssessment(supplier_b_);
  const auto share = [&](const Caller& owner, int64_t id, const char* detail) {
    const auto shared = Send(
        "POST", "/api/v1/shares",
        json{{"assessment_id", id}, {"buyer_corporate_number", kBuyer}, {"detail", detail}}.dump(),
        &owner);
    EXPECT_EQ(shared.status, 201) << shared.body;
  };
  share(supplier_a_, a, "details");
  share(supplier_b_, b, "level");

  const auto sheet = As(buyer_, [](service::Context& c) {
    return service::AnswerSheetService(c).Sheet("hoshitori-common");
  });
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  ASSERT_EQ(sheet->rows.size(), 2u);
  const size_t questions = sheet->framework->assessable().size();
  for (const service::SupplierAnswerRow& row : sheet->rows) {
    if (row.supplier.corporate_number.digits() == kSupplierA) {
      ASSERT_EQ(row.answers.size(), questions);
      EXPECT_TRUE(std::all_of(row.answers.begin(), row.answers.end(),
                              [](const auto& answer) { return answer.has_value(); }));
    } else {
      EXPECT_TRUE(row.answers.empty()) << "a level-only share shows no answers";
      EXPECT_EQ(row.detail, ShareDetail::kLevel);
    }
  }

  // Nobody shared anything with the stranger; an unknown framework is refused.
  const auto none = As(stranger_, [](service::Context& c) {
    return service::AnswerSheetService(c).Sheet("hoshitori-common");
  });
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->rows.empty());
  const auto unknown = As(buyer_, [](service::Context& c) {
    return service::AnswerSheetService(c).Sheet("no-such-framework");
  });
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kInvalid);
}

}  // namespace
}  // namespace hoshitori::api
