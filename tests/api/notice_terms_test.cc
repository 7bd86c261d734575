// The buyer's contractual incident notice hours on a relationship (service/notice_terms_service.h)
// over the API, and what they change in a supplier's incident report: the buyer's admin records
// them (full-width digits accepted), both parties read them, the supplier, the buyer's members
// and strangers cannot change them, bad input changes nothing, the deadline of the contractual
// notice counts with them, and a report naming an organisation that is not a confirmed buyer
// is refused with nothing written. Runs on SQLite and on PostgreSQL like every API suite.
#include "api_test_support.h"
#include "service/incident_deadlines.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kSupplierNumber = "7000012050002";
constexpr const char* kBuyerNumber = "3400120034561";
constexpr const char* kOtherBuyerNumber = "4180001234567";
constexpr const char* kStrangerNumber = "1010001000006";

class NoticeTermsTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    supplier_ = SignUp(kSupplierNumber, "admin@supplier.example");
    buyer_ = SignUp(kBuyerNumber, "admin@buyer.example");
    buyer_member_ = Invite(buyer_, "member@buyer.example", "member");
    other_buyer_ = SignUp(kOtherBuyerNumber, "admin@other-buyer.example");
    stranger_ = SignUp(kStrangerNumber, "admin@stranger.example");
  }

  // `buyer` declares `supplier_number` as its supplier; `confirm_by` (when given) confirms.
  int64_t Relate(const Caller& buyer, const std::string& buyer_number,
                 const std::string& supplier_number, const Caller* confirm_by) {
    const auto declared =
        Send("POST", "/api/v1/relationships",
             json{{"relationships", json::array({{{"buyer", buyer_number},
                                                  {"supplier", supplier_number},
                                                  {"kind", "parts"},
                                                  {"connectivity", "vpn"}}})}}
                 .dump(),
             &buyer);
    EXPECT_EQ(declared.status, 201) << declared.body;
    if (declared.status != 201) return 0;
    const int64_t id = Json(declared)["relationships"][0]["id"];
    if (confirm_by) {
      EXPECT_EQ(Send("POST", "/api/v1/relationships/" + std::to_string(id) + "/confirm", "",
                     confirm_by)
                    .status,
                200);
    }
    return id;
  }
  static std::string Terms(int64_t id) {
    return "/api/v1/relationships/" + std::to_string(id) + "/notice-terms";
  }
  HttpResponse Put(int64_t id, const json& hours, const Caller& by) {
    return Send("PUT", Terms(id), json{{"hours", hours}}.dump(), &by);
  }
  json HoursOf(int64_t id, const Caller& by) {
    const auto got = Send("GET", Terms(id), "", &by);
    EXPECT_EQ(got.status, 200) << got.body;
    return got.status == 200 ? Json(got)["hours"] : json("unreadable");
  }
  Result<std::vector<share::Duty>> DutiesAt(const std::string& day, const Caller& who,
                                            int64_t report) {
    const Clock clock(ParseDate(day).value());
    service::Actor actor;
    actor.principal = Principal{who.user_id, who.org_id, Role::kOrgAdmin};
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr, actor};
    return service::IncidentDuties(context, report);
  }
  static json Report(const json& notice_buyers) {
    return json{{"title", "ランサムウェア感染"},
                {"kind", "ransomware"},
                {"detected_at", "2026-12-01T09:30"},
                {"personal_data", "no"},
                {"notice_buyers", notice_buyers}};
  }

  Caller supplier_, buyer_, buyer_member_, other_buyer_, stranger_;
};

TEST_F(NoticeTermsTest, TheBuyersAdminRecordsTheHoursAndBothPartiesReadThem) {
  const int64_t id = Relate(buyer_, kBuyerNumber, kSupplierNumber, &supplier_);
  ASSERT_GT(id, 0);
  // Nothing recorded yet: null, and the default the deadlines assume.
  const auto before = Send("GET", Terms(id), "", &supplier_);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_TRUE(Json(before)["hours"].is_null());
  EXPECT_EQ(Json(before)["default_hours"], 24);

  // Full-width digits, as an IME types them.
  const auto set = Put(id, "１２", buyer_);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Json(set)["hours"], 12);
  EXPECT_EQ(Json(set)["set_by"], buyer_.user_id);
  EXPECT_EQ(HoursOf(id, supplier_), 12) << "the supplier reads what its buyer recorded";
  EXPECT_EQ(HoursOf(id, buyer_member_), 12);

  // The supplier and the buyer's members cannot change them; a stranger learns nothing.
  EXPECT_EQ(Put(id, 48, supplier_).status, 403);
  EXPECT_EQ(Send("DELETE", Terms(id), "", &supplier_).status, 403);
  EXPECT_EQ(Put(id, 48, buyer_member_).status, 403);
  EXPECT_EQ(Send("GET", Terms(id), "", &stranger_).status, 404);
  EXPECT_EQ(Put(id, 48, stranger_).status, 404);
  EXPECT_EQ(Send("DELETE", Terms(id), "", &stranger_).status, 404);
  EXPECT_EQ(Send("GET", Terms(id)).status, 401);
  EXPECT_EQ(HoursOf(id, buyer_), 12);

  // Changed (a plain number, then digits with 時間), cleared, and then nothing to clear.
  EXPECT_EQ(Json(Put(id, 72, buyer_))["hours"], 72);
  EXPECT_EQ(Json(Put(id, "　３６時間 ", buyer_))["hours"], 36);
  const auto cleared = Send("DELETE", Terms(id), "", &buyer_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(Json(cleared)["hours"].is_null());
  EXPECT_TRUE(HoursOf(id, supplier_).is_null());
  EXPECT_EQ(Send("DELETE", Terms(id), "", &buyer_).status, 404);
  // One audit entry per change: three recorded, one cleared.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'relationship.notice_hours.set'"),
            3);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM audit_log WHERE action = 'relationship.notice_hours.clear'"), 1);
}

TEST_F(NoticeTermsTest, BadInputIsRefusedInBothLanguagesAndChangesNothing) {
  const int64_t id = Relate(buyer_, kBuyerNumber, kSupplierNumber, &supplier_);
  ASSERT_GT(id, 0);
  ASSERT_EQ(Put(id, 24, buyer_).status, 200);
  for (const json& bad : {json("0"), json(0), json(8785), json("8785"), json(-3), json("abc"),
                          json("12.5"), json("１２ａ"), json(""), json("1,000")}) {
    const auto refused = Put(id, bad, buyer_);
    EXPECT_EQ(refused.status, 422) << bad.dump() << " " << refused.body;
    const std::string detail = Json(refused).value("detail", "");
    EXPECT_NE(detail.find("1 から 8784 までの整数"), std::string::npos) << detail;
    EXPECT_NE(detail.find("whole number of hours from 1 to 8784"), std::string::npos) << detail;
  }
  EXPECT_EQ(Put(id, true, buyer_).status, 400);
  EXPECT_EQ(Send("PUT", Terms(id), R"({"hours": 12, "extra": 1})", &buyer_).status, 400);
  EXPECT_EQ(Send("PUT", Terms(id), R"({})", &buyer_).status, 400);
  EXPECT_EQ(HoursOf(id, buyer_), 24) << "nothing changed";
  EXPECT_EQ(Put(id, 8784, buyer_).status, 200) << "366 days is the longest";
  EXPECT_EQ(Put(id, "1", buyer_).status, 200);

  // A relationship the supplier has not confirmed yet takes no hours.
  const int64_t unconfirmed = Relate(buyer_, kBuyerNumber, kStrangerNumber, nullptr);
  ASSERT_GT(unconfirmed, 0);
  EXPECT_EQ(Put(unconfirmed, 12, buyer_).status, 409);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM relationship_notice_terms WHERE relationship_id = " +
                  std::to_string(unconfirmed)),
            0);
}

TEST_F(NoticeTermsTest, TheContractDeadlineCountsWithTheRecordedHours) {
  const int64_t with_hours = Relate(buyer_, kBuyerNumber, kSupplierNumber, &supplier_);
  ASSERT_GT(Relate(other_buyer_, kOtherBuyerNumber, kSupplierNumber, &supplier_), 0);
  ASSERT_EQ(Put(with_hours, "１２", buyer_).status, 200);

  const auto created = Send("POST", "/api/v1/incidents",
                            Report(json::array({buyer_.org_id, other_buyer_.org_id})).dump(),
                            &supplier_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Json(created)["answers"]["notice_buyers"],
            json::array({buyer_.org_id, other_buyer_.org_id}));
  const int64_t report = Json(created)["id"];

  const auto duties = DutiesAt("2026-12-01", supplier_, report);
  ASSERT_TRUE(duties.ok()) << duties.error().message;
  const auto duty_of = [&](int64_t buyer) -> const share::Duty* {
    const std::string key = "buyer-contract/notice/buyer:" + std::to_string(buyer);
    for (const share::Duty& d : *duties) {
      if (d.key == key) return &d;
    }
    return nullptr;
  };
  // Detected 2026-12-01 09:30 Japan time = 00:30 UTC.
  const auto detected = std::chrono::sys_days(std::chrono::year{2026} / 12 / 1) +
                        std::chrono::minutes(30);
  const share::Duty* recorded = duty_of(buyer_.org_id);
  ASSERT_NE(recorded, nullptr);
  ASSERT_TRUE(recorded->due_at.has_value());
  EXPECT_EQ(*recorded->due_at, detected + std::chrono::hours(12));
  ASSERT_FALSE(recorded->contacts.empty());
  EXPECT_NE(recorded->contacts[0].purpose.ja.find("12 時間(契約)"), std::string::npos)
      << recorded->contacts[0].purpose.ja;
  const share::Duty* assumed = duty_of(other_buyer_.org_id);
  ASSERT_NE(assumed, nullptr);
  ASSERT_TRUE(assumed->due_at.has_value());
  EXPECT_EQ(*assumed->due_at, detected + std::chrono::hours(24)) << "none recorded: 24 hours";

  // Cleared, the buyer's deadline falls back to the default.
  ASSERT_EQ(Send("DELETE", Terms(with_hours), "", &buyer_).status, 200);
  const auto again = DutiesAt("2026-12-01", supplier_, report);
  ASSERT_TRUE(again.ok());
  for (const share::Duty& d : *again) {
    if (d.key == "buyer-contract/notice/buyer:" + std::to_string(buyer_.org_id)) {
      EXPECT_EQ(*d.due_at, detected + std::chrono::hours(24));
    }
  }
}

TEST_F(NoticeTermsTest, ANoticeBuyerThatIsNotAConfirmedBuyerIsRefusedAndNothingIsWritten) {
  ASSERT_GT(Relate(buyer_, kBuyerNumber, kSupplierNumber, &supplier_), 0);
  // other_buyer_ declares the supplier, but the supplier has not confirmed.
  ASSERT_GT(Relate(other_buyer_, kOtherBuyerNumber, kSupplierNumber, nullptr), 0);
  const int64_t reports = Count("SELECT COUNT(*) FROM incident_reports");
  for (const int64_t refused : {stranger_.org_id, other_buyer_.org_id, int64_t{999999}}) {
    const auto created = Send("POST", "/api/v1/incidents",
                              Report(json::array({buyer_.org_id, refused})).dump(), &supplier_);
    EXPECT_EQ(created.status, 422) << created.body;
    const std::string detail = Json(created).value("detail", "");
    EXPECT_NE(detail.find("確認済みの発注元でない組織"), std::string::npos) << detail;
    EXPECT_NE(detail.find("is not a confirmed buyer"), std::string::npos) << detail;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM incident_reports"), reports) << "nothing written";

  // A saved draft keeps its answers when a change names a stranger.
  const auto created = Send("POST", "/api/v1/incidents",
                            Report(json::array({buyer_.org_id})).dump(), &supplier_);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string report = "/api/v1/incidents/" + std::to_string(Json(created)["id"].get<int64_t>());
  const auto saved =
      Send("PUT", report, Report(json::array({stranger_.org_id})).dump(), &supplier_);
  EXPECT_EQ(saved.status, 422) << saved.body;
  EXPECT_EQ(Json(Send("GET", report, "", &supplier_))["answers"]["notice_buyers"],
            json::array({buyer_.org_id}));
  // A buyer is not the supplier's buyer for the other way round either.
  const auto by_buyer = Send("POST", "/api/v1/incidents",
                             Report(json::array({supplier_.org_id})).dump(), &buyer_);
  EXPECT_EQ(by_buyer.status, 422) << by_buyer.body;
}

}  // namespace
}  // namespace hoshitori::api
