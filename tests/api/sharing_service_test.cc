// SharingService (service/sharing_service.h) called directly, on SQLite and PostgreSQL: an
// equal active share is not made twice, expiry and activity follow the context's clock, a
// request is answered in the share's transaction (or not at all), and what a buyer's chain
// analyses read is exactly what is actively shared with it.
#include "service/sharing_service.h"

#include <chrono>

#include "api_test_support.h"
#include "service/assessment_service.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;
using testing_support::ShippedCatalog;

constexpr const char* kSupplier = "7000012050002";
constexpr const char* kBuyer = "3400120034561";
constexpr const char* kOther = "2200300451234";

Date Day(const char* text) { return *ParseDate(text); }
Date DaysAfter(const Date& day, int days) {
  return Date{std::chrono::sys_days(day) + std::chrono::days(days)};
}

class SharingServiceTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    supplier_ = SignUp(kSupplier, "admin@supplier.example");
    buyer_ = SignUp(kBuyer, "admin@buyer.example");
    assessment_ = SubmittedAssessment(supplier_);
  }

  // A use-case context for `caller` (with `role`) on the test's own store connection, reading
  // time from `clock`.
  service::Context As(const Caller& caller, const Clock& clock, Role role = Role::kOrgAdmin) {
    service::Actor actor;
    actor.principal = service::Principal{caller.user_id, caller.org_id, role};
    return service::Context{*store_, ShippedCatalog(), clock, nullptr, actor};
  }
  service::Context Anonymous(const Clock& clock) {
    return service::Context{*store_, ShippedCatalog(), clock, nullptr, service::Actor{}};
  }

  service::ShareInput ShareTo(const std::string& buyer, const std::string& detail = "level") const {
    service::ShareInput input;
    input.assessment_id = assessment_;
    input.buyer_corporate_number = buyer;
    input.detail = detail;
    return input;
  }

  int AuditCount(const std::string& action) {
    int count = 0;
    EXPECT_TRUE(
        store_->ForEachAuditEntry([&](const AuditEntry& e) { count += e.action == action; }).ok());
    return count;
  }

  size_t SharesOfAssessment() { return store_->ListSharesOfAssessment(assessment_)->size(); }

  Caller supplier_, buyer_;
  int64_t assessment_ = 0;
  const Clock now_;
};

TEST_F(SharingServiceTest, AnEqualActiveShareIsReturnedInsteadOfASecondOne) {
  auto context = As(supplier_, now_);
  service::SharingService sharing(context);
  const auto first = sharing.Grant(ShareTo(kBuyer));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->view.buyer.organisation->corporate_number.digits(), kBuyer);
  EXPECT_EQ(first->view.supplier.organisation->name, std::string("Org ") + kSupplier);
  EXPECT_TRUE(first->view.active);

  const auto again = sharing.Grant(ShareTo(kBuyer));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->view.share.id, first->view.share.id);
  EXPECT_EQ(SharesOfAssessment(), 1u);
  EXPECT_EQ(AuditCount("share.create"), 1) << "nothing changed, nothing audited";

  // Other terms are another share: more detail, an expiry, another buyer.
  const auto details = sharing.Grant(ShareTo(kBuyer, "details"));
  ASSERT_TRUE(details.ok()) << details.error().message;
  EXPECT_TRUE(details->created);
  auto until = ShareTo(kBuyer);
  until.expires_on = FormatDate(DaysAfter(now_.Today(), 30));
  const auto expiring = sharing.Grant(until);
  ASSERT_TRUE(expiring.ok()) << expiring.error().message;
  EXPECT_TRUE(expiring->created);
  SignUp(kOther, "admin@other.example");
  EXPECT_TRUE(sharing.Grant(ShareTo(kOther))->created);
  EXPECT_EQ(SharesOfAssessment(), 4u);

  // A revoked share does not count: sharing again makes a new one.
  ASSERT_TRUE(sharing.Revoke(first->view.share.id).ok());
  const auto renewed = sharing.Grant(ShareTo(kBuyer));
  ASSERT_TRUE(renewed.ok()) << renewed.error().message;
  EXPECT_TRUE(renewed->created);
  EXPECT_NE(renewed->view.share.id, first->view.share.id);
  EXPECT_EQ(AuditCount("share.create"), 5);
  EXPECT_EQ(AuditCount("share.revoke"), 1);
}

TEST_F(SharingServiceTest, TheApiAnswersARepeatedShareWithTheExistingOne) {
  const std::string body =
      json{{"assessment_id", assessment_}, {"buyer_corporate_number", kBuyer}}.dump();
  const auto created = Send("POST", "/api/v1/shares", body, &supplier_);
  ASSERT_EQ(created.status, 201) << created.body;
  const auto repeated = Send("POST", "/api/v1/shares", body, &supplier_);
  ASSERT_EQ(repeated.status, 200) << repeated.body;
  EXPECT_EQ(Json(repeated)["id"], Json(created)["id"]);
  EXPECT_EQ(Json(Send("GET", "/api/v1/shares", "", &supplier_))["granted"].size(), 1u);
}

TEST_F(SharingServiceTest, OnlyACallerWhoMayShareLearnsWhatIsWrongWithTheRest) {
  // Authorisation comes first, whether the body is malformed (the route asks) or names an
  // unknown buyer (Grant checks inside its transaction): a stranger learns nothing.
  const Caller stranger = SignUp(kOther, "admin@other.example");
  const std::string no_buyer = json{{"assessment_id", assessment_}}.dump();
  const std::string unknown_buyer =
      json{{"assessment_id", assessment_}, {"buyer_corporate_number", "1234567890123"}}.dump();
  EXPECT_EQ(Send("POST", "/api/v1/shares", no_buyer, &stranger).status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/shares", unknown_buyer, &stranger).status, 404);
  const auto missing = Send("POST", "/api/v1/shares", no_buyer, &supplier_);
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_NE(missing.body.find("buyer_corporate_number"), std::string::npos) << missing.body;
  EXPECT_EQ(Send("POST", "/api/v1/shares", unknown_buyer, &supplier_).status, 422);
  EXPECT_EQ(SharesOfAssessment(), 0u);
  EXPECT_EQ(AuditCount("share.create"), 0);
}

TEST_F(SharingServiceTest, ExpiryAndActivityFollowTheClock) {
  const Clock today(Day("2031-03-10"));
  auto context = As(supplier_, today);
  service::SharingService sharing(context);
  auto input = ShareTo(kBuyer, "details");
  input.expires_on = "2031-03-10";
  const auto same_day = sharing.Grant(input);
  ASSERT_FALSE(same_day.ok());
  EXPECT_EQ(same_day.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(same_day.error().title, "Invalid date");
  input.expires_on = "2031-03-11";
  const auto granted = sharing.Grant(input);
  ASSERT_TRUE(granted.ok()) << granted.error().message;
  EXPECT_EQ(granted->view.share.created_at.substr(0, 10), "2031-03-10") << "stamped by the clock";
  EXPECT_EQ(*granted->view.share.expires_at, "2031-03-11T00:00:00Z");

  // On the day itself the buyer sees the assessment and counts it; from the expiry on, not.
  {
    auto as_buyer = As(buyer_, today);
    ASSERT_TRUE(service::AssessmentService(as_buyer).Get(assessment_).ok());
    const auto shared = service::SharingService(as_buyer).ActiveSharesTo(buyer_.org_id);
    ASSERT_TRUE(shared.ok()) << shared.error().message;
    ASSERT_EQ(shared->size(), 1u);
    EXPECT_EQ((*shared)[0].record.id, assessment_);
    EXPECT_TRUE((*shared)[0].result.has_value());
    EXPECT_TRUE(service::SharingService(as_buyer).List()->received.at(0).active);
  }
  const Clock later(Day("2031-03-11"));
  auto as_buyer = As(buyer_, later);
  EXPECT_EQ(service::AssessmentService(as_buyer).Get(assessment_).error().kind,
            ErrorKind::kNotFound);
  EXPECT_TRUE(service::SharingService(as_buyer).ActiveSharesTo(buyer_.org_id)->empty());
  const auto listed = service::SharingService(as_buyer).List();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->received.size(), 1u);
  EXPECT_FALSE(listed->received[0].active);
  // Renewed with a later expiry: a new share, active again.
  auto as_supplier_later = As(supplier_, later);
  input.expires_on = "2031-03-12";
  EXPECT_TRUE(service::SharingService(as_supplier_later).Grant(input)->created);
}

TEST_F(SharingServiceTest, ARequestIsAnsweredInTheSharesTransactionOrNotAtAll) {
  auto as_buyer = As(buyer_, now_, Role::kMember);
  service::RequestInput ask{kSupplier, "hoshitori-common", 3, "please", std::nullopt};
  const auto asked = service::SharingService(as_buyer).Ask(ask);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->supplier.organisation->corporate_number.digits(), kSupplier);
  EXPECT_EQ(asked->request.created_at.substr(0, 10), FormatDate(now_.Today()));

  auto context = As(supplier_, now_);
  service::SharingService sharing(context);
  auto input = ShareTo(kBuyer, "details");
  input.request_id = asked->request.id;
  const auto answered = sharing.Grant(input);
  ASSERT_TRUE(answered.ok()) << answered.error().message;
  const auto request = *store_->GetRequest(asked->request.id);
  EXPECT_EQ(request->status, "answered");
  EXPECT_EQ(*request->share_id, answered->view.share.id);

  // Answering it again is refused, and the share it would have made is rolled back with it.
  input.detail = "level";
  const auto twice = sharing.Grant(input);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(twice.error().title, "Request not open");
  EXPECT_EQ(SharesOfAssessment(), 1u);
  EXPECT_EQ(AuditCount("share.create"), 1);

  // A second request answered by the share that exists already: no new share, one audit entry.
  const auto second = service::SharingService(as_buyer).Ask(ask);
  ASSERT_TRUE(second.ok());
  input.detail = "details";
  input.request_id = second->request.id;
  const auto reused = sharing.Grant(input);
  ASSERT_TRUE(reused.ok()) << reused.error().message;
  EXPECT_FALSE(reused->created);
  EXPECT_EQ(reused->view.share.id, answered->view.share.id);
  EXPECT_EQ(*store_->GetRequest(second->request.id).value()->share_id, answered->view.share.id);
  EXPECT_EQ(SharesOfAssessment(), 1u);
  EXPECT_EQ(AuditCount("request.answer"), 1);

  // Both parties list both requests, parties named.
  const auto requests = service::SharingService(as_buyer).Requests();
  ASSERT_TRUE(requests.ok());
  ASSERT_EQ(requests->size(), 2u);
  EXPECT_EQ((*requests)[0].buyer.organisation->corporate_number.digits(), kBuyer);
  EXPECT_EQ(service::SharingService(context).Requests()->size(), 2u);
}

TEST_F(SharingServiceTest, EveryUseCaseAuthorisesItsCaller) {
  const Caller colleague = Invite(supplier_, "member@supplier.example", "member");
  const Caller stranger = SignUp(kOther, "admin@other.example");
  auto kind_of = [](const auto& result) {
    return result.ok() ? std::optional<ErrorKind>() : result.error().kind;
  };

  auto anonymous = Anonymous(now_);
  EXPECT_EQ(kind_of(service::SharingService(anonymous).Grant(ShareTo(kBuyer))),
            ErrorKind::kUnauthenticated);
  EXPECT_EQ(kind_of(service::SharingService(anonymous).List()), ErrorKind::kUnauthenticated);
  EXPECT_EQ(kind_of(service::SharingService(anonymous).ActiveSharesTo(buyer_.org_id)),
            ErrorKind::kUnauthenticated);

  auto as_colleague = As(colleague, now_, Role::kMember);
  EXPECT_EQ(kind_of(service::SharingService(as_colleague).Grant(ShareTo(kBuyer))),
            ErrorKind::kForbidden);
  auto as_stranger = As(stranger, now_);
  EXPECT_EQ(kind_of(service::SharingService(as_stranger).Grant(ShareTo(kBuyer))),
            ErrorKind::kNotFound);

  auto context = As(supplier_, now_);
  const auto granted = service::SharingService(context).Grant(ShareTo(kBuyer));
  ASSERT_TRUE(granted.ok());
  const int64_t id = granted->view.share.id;
  auto as_buyer = As(buyer_, now_);
  EXPECT_EQ(kind_of(service::SharingService(as_buyer).Revoke(id)), ErrorKind::kForbidden);
  EXPECT_EQ(kind_of(service::SharingService(as_stranger).Revoke(id)), ErrorKind::kNotFound);
  EXPECT_EQ(kind_of(service::SharingService(as_colleague).Revoke(id)), ErrorKind::kForbidden);
  // The stranger sees none of it; only the buyer's members read what is shared with the buyer.
  EXPECT_TRUE(service::SharingService(as_stranger).List()->received.empty());
  EXPECT_EQ(kind_of(service::SharingService(as_stranger).ActiveSharesTo(buyer_.org_id)),
            ErrorKind::kForbidden);
  EXPECT_EQ(kind_of(service::SharingService(context).ActiveSharesTo(buyer_.org_id)),
            ErrorKind::kForbidden);
  EXPECT_EQ(service::SharingService(as_buyer).ActiveSharesTo(buyer_.org_id)->size(), 1u);

  ASSERT_TRUE(service::SharingService(context).Revoke(id).ok());
  const auto again = service::SharingService(context).Revoke(id);
  EXPECT_EQ(kind_of(again), ErrorKind::kConflict);
  EXPECT_EQ(again.error().title, "Already revoked");
  EXPECT_TRUE(service::SharingService(as_buyer).ActiveSharesTo(buyer_.org_id)->empty());
}

}  // namespace
}  // namespace hoshitori::api
