// Indicator correlation over the API (issue 16): GET /api/v1/incidents/{id}/correlations shows
// a reporter which of its report's indicators other shared reports carry, through the server's
// indicator index (service/indicator_correlation.h). Checks the three kinds of match, that TLP
// hides what the reader may not read without a trace, that withdrawn reports stop matching, and
// that rows written past the index (another connection, as TAXII or a second node does) and
// rows stored before the server started are found. Runs on SQLite and on PostgreSQL.
#include "api_test_support.h"
#include "service/indicator_correlation.h"
#include "share/audience_json.h"
#include "store/share_object_repository.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kFirstNumber = "7000012050002";
constexpr const char* kSecondNumber = "1010001000006";
constexpr const char* kOtherNumber = "3400120034561";
constexpr const char* kHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

class CorrelationTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    first_ = SignUp(kFirstNumber, "admin@first.example");
    second_ = SignUp(kSecondNumber, "admin@second.example");
    second_member_ = Invite(second_, "member@second.example", "member");
    other_ = SignUp(kOtherNumber, "admin@other.example");
    // The second supplier also buys from the first, so the first may warn it (AMBER).
    Relate(second_, kSecondNumber);
    Relate(other_, kOtherNumber);
  }

  // `buyer` (corporate number `buyer_number`) declares the first supplier as its supplier and
  // the first supplier confirms.
  void Relate(const Caller& buyer, const std::string& buyer_number) {
    const json declaration{{"buyer", buyer_number},
                           {"supplier", kFirstNumber},
                           {"kind", "parts"},
                           {"connectivity", "email"}};
    const auto declared = Send("POST", "/api/v1/relationships",
                               json{{"relationships", {declaration}}}.dump(), &buyer);
    ASSERT_EQ(declared.status, 201) << declared.body;
    const std::string id = std::to_string(Json(declared)["relationships"][0]["id"].get<int64_t>());
    ASSERT_EQ(Send("POST", "/api/v1/relationships/" + id + "/confirm", "", &first_).status, 200);
  }

  int64_t Draft(const Caller& by, const std::vector<std::string>& indicators) {
    const json answers{{"title", "不審な通信を検知"},
                       {"kind", "malware"},
                       {"what_happened", "攻撃者の通信先を記録しました。"},
                       {"indicators", indicators}};
    const auto created = Send("POST", "/api/v1/incidents", answers.dump(), &by);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? Json(created)["id"].get<int64_t>() : 0;
  }
  // The first supplier's admin approves report `id` with `tlp` for `buyers`.
  void Share(int64_t id, const std::string& tlp, const std::vector<int64_t>& buyers) {
    const std::string path = "/api/v1/incidents/" + std::to_string(id);
    const auto preview = Send("GET", path + "/preview", "", &first_);
    ASSERT_EQ(preview.status, 200) << preview.body;
    const auto approved =
        Send("POST", path + "/approve",
             json{{"digest", Json(preview)["digest"]}, {"tlp", tlp}, {"buyers", buyers}}.dump(),
             &first_);
    ASSERT_EQ(approved.status, 200) << approved.body;
  }
  HttpResponse Correlations(int64_t id, const Caller& by) {
    return Send("GET", "/api/v1/incidents/" + std::to_string(id) + "/correlations", "", &by);
  }
  // The first supplier's report: a /24 range, a host under evil-c2.example and a hash.
  int64_t FirstReport() { return Draft(first_, {"198.51.100.0/24", "a.evil-c2.example", kHash}); }
  // The second supplier's draft: an address in that range, another host, the same hash.
  int64_t SecondDraft() {
    return Draft(second_, {"198.51.100.23", "b.evil-c2.example", kHash, "192.0.2.99"});
  }
  // The server opens again on the same database (a restart).
  void Restart() {
    app_.reset();
    ApiOptions options;
    options.db_url = db_url_;
    options.connections = 1;
    options.password_cost = PasswordCost::kMinimal;
    options.access_log = false;
    auto created = ApiApp::Create(testing_support::ShippedCatalog(), options);
    ASSERT_TRUE(created.ok()) << created.error().message;
    app_ = std::move(created).value();
  }

  Caller first_, second_, second_member_, other_;
};

// The one match of `indicator` in a correlations response (fails when not exactly one).
json OnlyMatch(const json& body, const std::string& indicator) {
  for (const json& entry : body["indicators"]) {
    if (entry["value"] != indicator) continue;
    EXPECT_EQ(entry["matches"].size(), 1u) << entry.dump();
    if (entry["matches"].size() != 1u) return json();
    return entry["matches"][0];
  }
  ADD_FAILURE() << indicator << " has no match in " << body.dump();
  return json();
}

TEST_F(CorrelationTest, TheSecondReporterSeesEachKindOfMatchPointingAtTheFirstReport) {
  const int64_t first = FirstReport();
  Share(first, "TLP:AMBER", {second_.org_id});
  const int64_t second = SecondDraft();

  for (const Caller* reader : {&second_, &second_member_}) {
    const auto response = Correlations(second, *reader);
    ASSERT_EQ(response.status, 200) << response.body;
    const json body = Json(response);
    EXPECT_EQ(body["more"], false);
    // 192.0.2.99 matched nothing and is not listed.
    ASSERT_EQ(body["indicators"].size(), 3u) << response.body;
    const json range = OnlyMatch(body, "198.51.100.23");
    EXPECT_EQ(range["kind"], "range_contains");
    EXPECT_EQ(range["value"], "198.51.100.0/24");
    const json domain = OnlyMatch(body, "b.evil-c2.example");
    EXPECT_EQ(domain["kind"], "same_registered_domain");
    EXPECT_EQ(domain["value"], "a.evil-c2.example");
    const json hash = OnlyMatch(body, kHash);
    EXPECT_EQ(hash["kind"], "exact");
    for (const json& match : {range, domain, hash}) {
      EXPECT_EQ(match["report_id"], first);
      EXPECT_EQ(match["tlp"], "TLP:AMBER");
      EXPECT_EQ(match["own"], false);
    }
  }
  // The shared report the match points at is the one the second reporter opens.
  EXPECT_EQ(Send("GET", "/api/v1/shared-incidents/" + std::to_string(first), "", &second_).status,
            200);
  // A report never matches itself; the first reporter's report matched nothing else shared.
  const auto own = Correlations(first, first_);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Json(own)["indicators"].size(), 0u) << own.body;
  // Only the reporting organisation reads a report's correlations.
  EXPECT_EQ(Correlations(second, first_).status, 404);
  EXPECT_EQ(Correlations(second, other_).status, 404);
  EXPECT_EQ(Correlations(second, Caller{}).status, 401);
}

TEST_F(CorrelationTest, ReportsTheReaderMayNotReadLeaveNoTrace) {
  const int64_t second = SecondDraft();
  const auto before = Correlations(second, second_);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(Json(before)["indicators"].size(), 0u);

  // The same indicators shared RED to the other buyer's admin, and AMBER+STRICT to the other
  // buyer: the second supplier (a confirmed buyer of the first too) is not in either audience.
  Share(FirstReport(), "TLP:RED", {other_.org_id});
  Share(FirstReport(), "TLP:AMBER+STRICT", {other_.org_id});
  const auto after = Correlations(second, second_);
  ASSERT_EQ(after.status, 200) << after.body;
  // Byte for byte what a store without those reports answers.
  EXPECT_EQ(after.body, before.body);

  // The other buyer's own draft does match the AMBER+STRICT report it received (the RED one
  // went to its admin by name, who reads it too).
  const int64_t others = Draft(other_, {kHash});
  const auto seen = Correlations(others, other_);
  ASSERT_EQ(seen.status, 200) << seen.body;
  ASSERT_EQ(Json(seen)["indicators"].size(), 1u) << seen.body;
  EXPECT_EQ(Json(seen)["indicators"][0]["matches"].size(), 2u) << seen.body;
}

// The receiving side: a reader of a shared report sees which of its indicators other shared
// reports it may read carry too, and nothing of the reports TLP keeps from it.
TEST_F(CorrelationTest, AReceiverSeesWhichIndicatorsItMetInOtherReportsItMayRead) {
  const int64_t first = FirstReport();
  Share(first, "TLP:AMBER", {second_.org_id, other_.org_id});
  // (Another value: one supplier's indicator of one value is one STIX object, whichever of
  // its reports published it.)
  const int64_t address_in_range = Draft(first_, {"198.51.100.77"});
  Share(address_in_range, "TLP:AMBER", {second_.org_id});
  const int64_t host_in_red = Draft(first_, {"c.evil-c2.example"});
  Share(host_in_red, "TLP:RED", {other_.org_id});
  const auto received = [&](const Caller& by) {
    return Send("GET", "/api/v1/shared-incidents/" + std::to_string(first) + "/correlations", "",
                &by);
  };

  // The second buyer: an address within the report's range, in the AMBER report it also
  // received; the RED report named the other buyer's admin, so the host under
  // evil-c2.example matches nothing here.
  for (const Caller* reader : {&second_, &second_member_}) {
    const auto response = received(*reader);
    ASSERT_EQ(response.status, 200) << response.body;
    const json body = Json(response);
    ASSERT_EQ(body["indicators"].size(), 1u) << response.body;
    const json range = OnlyMatch(body, "198.51.100.0/24");
    EXPECT_EQ(range["kind"], "within_range");
    EXPECT_EQ(range["value"], "198.51.100.77");
    EXPECT_EQ(range["report_id"], address_in_range);
    EXPECT_EQ(range["tlp"], "TLP:AMBER");
  }
  // The other buyer: the RED report's host (same registered domain); the address's report
  // went to the second buyer only.
  const auto others = received(other_);
  ASSERT_EQ(others.status, 200) << others.body;
  ASSERT_EQ(Json(others)["indicators"].size(), 1u) << others.body;
  const json host = OnlyMatch(Json(others), "a.evil-c2.example");
  EXPECT_EQ(host["kind"], "same_registered_domain");
  EXPECT_EQ(host["report_id"], host_in_red);
  EXPECT_EQ(host["tlp"], "TLP:RED");

  // Whoever may not read the shared report learns nothing, not even that it exists.
  const Caller stranger = SignUp("2010001000013", "admin@stranger.example");
  const auto refused = received(stranger);
  EXPECT_EQ(refused.status, 404) << refused.body;
  const auto missing = Send(
      "GET", "/api/v1/shared-incidents/" + std::to_string(first + 1000) + "/correlations", "",
      &second_);
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(received(Caller{}).status, 401);
}

TEST_F(CorrelationTest, AWithdrawnReportStopsMatching) {
  const int64_t first = FirstReport();
  Share(first, "TLP:AMBER", {second_.org_id});
  const int64_t second = SecondDraft();
  const auto shared = Correlations(second, second_);
  ASSERT_EQ(Json(shared)["indicators"].size(), 3u) << shared.body;

  ASSERT_EQ(
      Send("POST", "/api/v1/incidents/" + std::to_string(first) + "/withdraw", "", &first_).status,
      200);
  const auto withdrawn = Correlations(second, second_);
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(withdrawn.body, R"({"indicators":[],"more":false})");
  // Still gone on the next query (the index now holds those rows as unreadable).
  EXPECT_EQ(Correlations(second, second_).body, withdrawn.body);
}

TEST_F(CorrelationTest, RowsWrittenPastTheIndexAreFoundWithoutARestart) {
  const int64_t second = SecondDraft();
  ASSERT_EQ(Json(Correlations(second, second_))["indicators"].size(), 0u);

  // A TAXII-posted indicator (no source report), TLP:CLEAR, written on another connection.
  int64_t group = 0;
  ASSERT_TRUE(
      store_->Sql()
          .Execute("group",
                   "INSERT INTO sharing_groups (org_id, kind, name, created_by, created_at) "
                   "VALUES (?, 'isac', 'ISAC', ?, '2026-12-06T00:00:00Z')",
                   SqlParams(first_.org_id, first_.user_id))
          .ok());
  ASSERT_TRUE(store_->Sql()
                  .Execute("group", "SELECT MAX(id) FROM sharing_groups", SqlParams(),
                           [&](const SqlRow& r) { group = r.Int(0); })
                  .ok());
  share::SharedObject clear;
  clear.audience.marking = share::Tlp::kClear;
  clear.audience.owner = first_.org_id;
  clear.audience.author = first_.user_id;
  StoredShareObject row;
  row.org_id = first_.org_id;
  row.group_id = group;
  row.author_user_id = first_.user_id;
  row.stix_id = "indicator--0a9c8f4e-5b1d-4c6e-9f2a-3d7b8e1c4a55";
  row.stix_type = "indicator";
  row.version = "2026-12-06T00:00:00.000000Z";
  row.added_at = "2026-12-06T00:00:01.000000Z";
  row.tlp = "clear";
  row.audience = share::AudienceToJson(clear);
  row.object = json{{"type", "indicator"},
                    {"spec_version", "2.1"},
                    {"id", row.stix_id},
                    {"created", "2026-12-06T00:00:00.000Z"},
                    {"modified", "2026-12-06T00:00:00.000Z"},
                    {"pattern", "[ipv4-addr:value = '192.0.2.99']"},
                    {"pattern_type", "stix"},
                    {"valid_from", "2026-12-06T00:00:00.000Z"}}
                   .dump();
  ASSERT_TRUE(ShareObjectRepository(store_->Sql()).Insert(row).ok());

  const auto found = Correlations(second, second_);
  ASSERT_EQ(found.status, 200) << found.body;
  const json match = OnlyMatch(Json(found), "192.0.2.99");
  EXPECT_EQ(match["kind"], "exact");
  EXPECT_EQ(match["report_id"], nullptr);
  EXPECT_EQ(match["tlp"], "TLP:CLEAR");
}

TEST_F(CorrelationTest, AServerStartedOnSharedIndicatorsHasThemIndexed) {
  const int64_t first = FirstReport();
  Share(first, "TLP:AMBER", {second_.org_id});
  Restart();
  // Indexed at start, before any correlation: the three indicators in each collection.
  EXPECT_GE(app_->runtime().correlator().indicators(), 3u);
  const int64_t second = SecondDraft();
  const auto response = Correlations(second, second_);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(Json(response)["indicators"].size(), 3u) << response.body;
  EXPECT_EQ(OnlyMatch(Json(response), kHash)["report_id"], first);
}

// On PostgreSQL a row can commit after a row with a higher id was read: the next catch-up
// still finds it (it looks again below the high-water mark). SQLite writes one transaction at
// a time, so its ids commit in order and the case cannot arise there.
TEST_F(CorrelationTest, ARowCommittedAfterAHigherOneWasReadIsFound) {
  if (pg_database_.empty()) GTEST_SKIP() << "PostgreSQL only";
  const int64_t second = SecondDraft();
  ASSERT_EQ(Json(Correlations(second, second_))["indicators"].size(), 0u);
  std::vector<int64_t> groups;
  for (int n = 0; n < 2; ++n) {
    ASSERT_TRUE(
        store_->Sql()
            .Execute("group",
                     "INSERT INTO sharing_groups (org_id, kind, name, created_by, created_at) "
                     "VALUES (?, 'isac', 'ISAC', ?, '2026-12-06T00:00:00Z') RETURNING id",
                     SqlParams(first_.org_id, first_.user_id),
                     [&](const SqlRow& r) { groups.push_back(r.Int(0)); })
            .ok());
  }
  share::SharedObject clear;
  clear.audience.marking = share::Tlp::kClear;
  clear.audience.owner = first_.org_id;
  clear.audience.author = first_.user_id;
  const auto row = [&](int64_t group, const std::string& stix_id, const std::string& address) {
    StoredShareObject out;
    out.org_id = first_.org_id;
    out.group_id = group;
    out.author_user_id = first_.user_id;
    out.stix_id = stix_id;
    out.stix_type = "indicator";
    out.version = "2026-12-06T00:00:00.000000Z";
    out.added_at = "2026-12-06T00:00:01.000000Z";
    out.tlp = "clear";
    out.audience = share::AudienceToJson(clear);
    out.object = json{{"type", "indicator"},
                      {"spec_version", "2.1"},
                      {"id", stix_id},
                      {"created", "2026-12-06T00:00:00.000Z"},
                      {"modified", "2026-12-06T00:00:00.000Z"},
                      {"pattern", "[ipv4-addr:value = '" + address + "']"},
                      {"pattern_type", "stix"},
                      {"valid_from", "2026-12-06T00:00:00.000Z"}}
                     .dump();
    return out;
  };
  // The lower id, held open on its own connection...
  auto slow = Store::Open(db_url_);
  ASSERT_TRUE(slow.ok()) << slow.error().message;
  ASSERT_TRUE((*slow)->Sql().Begin().ok());
  auto lower = ShareObjectRepository((*slow)->Sql())
                   .Insert(row(groups[0], "indicator--1c0b7a3e-2f4d-4e6a-8b9c-0d1e2f3a4b51",
                               "192.0.2.99"));
  ASSERT_TRUE(lower.ok()) << lower.error().message;
  // ...a higher one committed and read by the index...
  auto higher = ShareObjectRepository(store_->Sql())
                    .Insert(row(groups[1], "indicator--1c0b7a3e-2f4d-4e6a-8b9c-0d1e2f3a4b52",
                                "203.0.113.250"));
  ASSERT_TRUE(higher.ok()) << higher.error().message;
  ASSERT_GT(*higher, *lower);
  ASSERT_EQ(Json(Correlations(second, second_))["indicators"].size(), 0u);
  EXPECT_GE(app_->runtime().correlator().high_water(), *higher);
  // ...then the lower one commits: the next correlation finds it.
  ASSERT_TRUE((*slow)->Sql().Commit().ok());
  const auto found = Correlations(second, second_);
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(OnlyMatch(Json(found), "192.0.2.99")["kind"], "exact");
}

}  // namespace
}  // namespace hoshitori::api
