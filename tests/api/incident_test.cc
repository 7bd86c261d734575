// Incident reports over the API (issue 16): the guided draft, the de-identified preview, the
// approval that shares exactly the previewed part, the warnings to confirmed buyers, and the
// TLP 2.0 decisions on every read of the shared part. Runs on SQLite and on PostgreSQL like
// every API suite.
#include <set>

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kSupplierNumber = "7000012050002";  // signs up as "Org 7000012050002"

class IncidentTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    supplier_ = SignUp(kSupplierNumber, "admin@supplier.example");
    colleague_ = Invite(supplier_, "member@supplier.example", "member");
    buyer_a_ = SignUp("3400120034561", "admin@buyer-a.example");
    buyer_a_member_ = Invite(buyer_a_, "member@buyer-a.example", "member");
    buyer_b_ = SignUp("4180001234567", "admin@buyer-b.example");
    outsider_ = SignUp("1010001000006", "admin@outsider.example");
    Relate(buyer_a_, "vpn");
    Relate(buyer_b_, "email");
  }

  // `buyer` declares the supplier as its supplier and the supplier confirms.
  void Relate(const Caller& buyer, const std::string& connectivity) {
    const auto declared =
        Send("POST", "/api/v1/relationships",
             json{{"relationships", json::array({{{"buyer", NumberOf(buyer)},
                                                  {"supplier", kSupplierNumber},
                                                  {"kind", "parts"},
                                                  {"connectivity", connectivity}}})}}
                 .dump(),
             &buyer);
    ASSERT_EQ(declared.status, 201) << declared.body;
    const int64_t id = Json(declared)["relationships"][0]["id"];
    ASSERT_EQ(
        Send("POST", "/api/v1/relationships/" + std::to_string(id) + "/confirm", "", &supplier_)
            .status,
        200);
  }
  std::string NumberOf(const Caller& c) {
    std::string number;
    EXPECT_TRUE(store_->Sql()
                    .Execute("read", "SELECT corporate_number FROM organisations WHERE id = ?",
                             SqlParams(c.org_id), [&](const SqlRow& r) { number = r.String(0); })
                    .ok());
    return number;
  }

  static json Answers() {
    return json{{"title", "Org 7000012050002 のファイルサーバがランサムウェアに感染"},
                {"kind", "ransomware"},
                {"started_at", "2026-11-30T02:10"},
                {"detected_at", "2026-11-30T08:45"},
                {"what_happened",
                 "11月30日 8時45分、情報システム課の佐藤 花子さんがファイルサーバ fs01 のファイルが"
                 "暗号化されているのに気づきました。Org 7000012050002 の VPN 装置から侵入された"
                 "とみられます。攻撃者は 198.51.100.23 と evil-c2.example に通信していました。"},
                {"affected_systems", "fs01 と業務用 PC 12 台"},
                {"affected_data", "設計図面"},
                {"actions_taken", "ネットワークから切り離し、警察に相談しました。"},
                {"personal_data", "no"},
                {"indicators", json::array({"198.51.100.23", "evil-c2.example",
                                            "5d41402abc4b2a76b9719d911017c592"
                                            "5d41402abc4b2a76b9719d911017c592",
                                            "fs01.corp.supplier.example"})},
                {"cves", json::array({"CVE-2024-3400"})},
                {"malware", json::array({"LockBit 3.0"})},
                {"attack_techniques", json::array({"T1486", "T1133"})},
                {"own_domains", json::array({"supplier.example"})},
                {"people", json::array({"佐藤 花子"})},
                {"internal_hosts", json::array({"fs01"})}};
  }

  int64_t Draft(const json& answers = Answers()) {
    const auto created = Send("POST", "/api/v1/incidents", answers.dump(), &supplier_);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? Json(created)["id"].get<int64_t>() : 0;
  }
  std::string Digest(int64_t id) {
    const auto preview =
        Send("GET", "/api/v1/incidents/" + std::to_string(id) + "/preview", "", &supplier_);
    EXPECT_EQ(preview.status, 200) << preview.body;
    return Json(preview)["digest"];
  }
  HttpResponse Approve(int64_t id, json body, const Caller& by) {
    return Send("POST", "/api/v1/incidents/" + std::to_string(id) + "/approve", body.dump(), &by);
  }
  int ReadShared(int64_t id, const Caller& reader) {
    return Send("GET", "/api/v1/shared-incidents/" + std::to_string(id), "", &reader).status;
  }

  Caller supplier_, colleague_, buyer_a_, buyer_a_member_, buyer_b_, outsider_;
};

TEST_F(IncidentTest, PreviewRemovesTheVictimAndListsEachRemoval) {
  const int64_t id = Draft();
  const auto preview =
      Send("GET", "/api/v1/incidents/" + std::to_string(id) + "/preview", "", &supplier_);
  ASSERT_EQ(preview.status, 200) << preview.body;
  const json body = Json(preview);
  const std::string part = body["part"].dump();
  EXPECT_EQ(part.find("7000012050002"), std::string::npos) << part;
  EXPECT_EQ(part.find("佐藤"), std::string::npos) << part;
  EXPECT_EQ(part.find("fs01"), std::string::npos) << part;
  EXPECT_NE(part.find("198.51.100.23"), std::string::npos) << part;
  EXPECT_NE(part.find("evil-c2.example"), std::string::npos) << part;
  EXPECT_EQ(body["part"]["started_on"], "2026-11-30");
  // The reporter's own host is dropped from the indicators, and said so.
  ASSERT_EQ(body["dropped"].size(), 1u);
  EXPECT_EQ(body["dropped"][0]["indicator"], "fs01.corp.supplier.example");
  // Each removal names the original span, so the page can highlight it.
  std::set<std::string> kinds;
  for (const json& field : body["fields"]) {
    for (const json& removal : field["removals"]) {
      const std::string original = field["original"];
      EXPECT_EQ(original.substr(removal["offset"], removal["length"]), removal["original"]);
      kinds.insert(removal["kind"]);
    }
  }
  EXPECT_TRUE(kinds.count("organisation-name")) << body["fields"].dump();
  EXPECT_TRUE(kinds.count("person-name")) << body["fields"].dump();
  EXPECT_TRUE(kinds.count("host-name")) << body["fields"].dump();
  // Nobody outside the reporting organisation sees the report in full, nor its preview.
  for (const Caller* other : {&buyer_a_, &outsider_}) {
    EXPECT_EQ(Send("GET", "/api/v1/incidents/" + std::to_string(id), "", other).status, 404);
    EXPECT_EQ(Send("GET", "/api/v1/incidents/" + std::to_string(id) + "/preview", "", other).status,
              404);
  }
}

TEST_F(IncidentTest, AmberStrictReachesTheChosenBuyerOnlyAndWithdrawalHidesIt) {
  const int64_t id = Draft();
  const auto choices =
      Send("GET", "/api/v1/incidents/" + std::to_string(id) + "/audience", "", &supplier_);
  ASSERT_EQ(choices.status, 200) << choices.body;
  // The VPN-connected buyer comes first.
  ASSERT_EQ(Json(choices)["buyers"].size(), 2u);
  EXPECT_EQ(Json(choices)["buyers"][0]["org_id"], buyer_a_.org_id);
  EXPECT_EQ(Json(choices)["buyers"][0]["connectivity"], "vpn");

  const auto approved = Approve(
      id, {{"digest", Digest(id)}, {"tlp", "TLP:AMBER+STRICT"}, {"buyers", {buyer_a_.org_id}}},
      supplier_);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(Json(approved)["status"], "shared");
  EXPECT_EQ(Json(approved)["share"]["tlp"], "TLP:AMBER+STRICT");

  EXPECT_EQ(ReadShared(id, buyer_a_), 200);
  EXPECT_EQ(ReadShared(id, buyer_a_member_), 200);
  EXPECT_EQ(ReadShared(id, supplier_), 200);  // the owner reads its own under AMBER+STRICT
  EXPECT_EQ(ReadShared(id, buyer_b_), 404);   // a confirmed buyer not chosen
  EXPECT_EQ(ReadShared(id, outsider_), 404);
  const auto shared = Send("GET", "/api/v1/shared-incidents/" + std::to_string(id), "", &buyer_a_);
  const std::string text = Json(shared)["part"].dump();
  EXPECT_EQ(text.find("7000012050002"), std::string::npos);
  EXPECT_EQ(text.find("佐藤"), std::string::npos);
  EXPECT_NE(text.find("198.51.100.23"), std::string::npos);
  // The buyer knows its supplier: the reporter is named to it, and to nobody else.
  EXPECT_EQ(Json(shared)["supplier"]["id"], supplier_.org_id);

  // The warning: an inbox entry for buyer A only, and an e-mail to each of its users with the
  // de-identified summary.
  const auto inbox = Send("GET", "/api/v1/inbox", "", &buyer_a_);
  ASSERT_EQ(inbox.status, 200);
  ASSERT_EQ(Json(inbox)["entries"].size(), 1u) << inbox.body;
  EXPECT_EQ(Json(inbox)["entries"][0]["kind"], "incident_warning");
  EXPECT_EQ(Json(inbox)["entries"][0]["link"], "/incidents/received/" + std::to_string(id));
  EXPECT_EQ(Json(Send("GET", "/api/v1/inbox", "", &buyer_b_))["entries"].size(), 0u);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM mail_outbox WHERE org_id = " + std::to_string(buyer_a_.org_id)),
      2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM mail_outbox WHERE body LIKE '%佐藤%' OR body LIKE "
                  "'%fs01%'"),
            0);

  const auto received = Send("GET", "/api/v1/shared-incidents", "", &buyer_a_);
  ASSERT_EQ(received.status, 200);
  EXPECT_EQ(Json(received)["incidents"].size(), 1u);
  EXPECT_EQ(Json(Send("GET", "/api/v1/shared-incidents", "", &buyer_b_))["incidents"].size(), 0u);

  // A member may not withdraw; the admin does, and the part is gone for every reader.
  EXPECT_EQ(
      Send("POST", "/api/v1/incidents/" + std::to_string(id) + "/withdraw", "", &colleague_).status,
      403);
  ASSERT_EQ(
      Send("POST", "/api/v1/incidents/" + std::to_string(id) + "/withdraw", "", &supplier_).status,
      200);
  EXPECT_EQ(ReadShared(id, buyer_a_), 404);
  EXPECT_EQ(ReadShared(id, supplier_), 404);
  EXPECT_EQ(Json(Send("GET", "/api/v1/shared-incidents", "", &buyer_a_))["incidents"].size(), 0u);
}

TEST_F(IncidentTest, AmberReachesEveryConfirmedBuyerByDefault) {
  const int64_t id = Draft();
  ASSERT_EQ(Approve(id, {{"digest", Digest(id)}}, supplier_).status, 200);
  EXPECT_EQ(ReadShared(id, buyer_a_), 200);
  EXPECT_EQ(ReadShared(id, buyer_b_), 200);
  EXPECT_EQ(ReadShared(id, outsider_), 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox_entries WHERE kind = 'incident_warning'"), 2);
}

// TLP:AMBER admits the recipient organisations' clients too (need-to-know): a client of buyer
// A reads an AMBER report sent to buyer A and finds it in its received list; AMBER+STRICT
// stays with buyer A.
TEST_F(IncidentTest, AmberReachesTheRecipientsClientsAndTheirReceivedList) {
  const Caller client = SignUp("5100000000002", "admin@client.example");
  const auto declared =
      Send("POST", "/api/v1/relationships",
           json{{"relationships", json::array({{{"buyer", "5100000000002"},
                                                {"supplier", NumberOf(buyer_a_)},
                                                {"kind", "parts"},
                                                {"connectivity", "email"}}})}}
               .dump(),
           &client);
  ASSERT_EQ(declared.status, 201) << declared.body;
  const int64_t relationship = Json(declared)["relationships"][0]["id"];
  ASSERT_EQ(Send("POST", "/api/v1/relationships/" + std::to_string(relationship) + "/confirm",
                 "", &buyer_a_)
                .status,
            200);
  const auto received = [&](const Caller& reader) {
    std::vector<int64_t> ids;
    const auto listed = Send("GET", "/api/v1/shared-incidents", "", &reader);
    EXPECT_EQ(listed.status, 200) << listed.body;
    const json body = Json(listed);
    for (const json& incident : body["incidents"]) ids.push_back(incident["id"]);
    return ids;
  };

  const int64_t amber = Draft();
  ASSERT_EQ(
      Approve(amber, {{"digest", Digest(amber)}, {"tlp", "TLP:AMBER"}, {"buyers", {buyer_a_.org_id}}},
              supplier_)
          .status,
      200);
  EXPECT_EQ(ReadShared(amber, client), 200);
  EXPECT_EQ(received(client), std::vector<int64_t>{amber});

  const int64_t strict = Draft();
  ASSERT_EQ(Approve(strict,
                    {{"digest", Digest(strict)},
                     {"tlp", "TLP:AMBER+STRICT"},
                     {"buyers", {buyer_a_.org_id}}},
                    supplier_)
                .status,
            200);
  EXPECT_EQ(ReadShared(strict, client), 404);
  EXPECT_EQ(received(client), std::vector<int64_t>{amber});
  EXPECT_EQ(received(buyer_a_).size(), 2u);
  EXPECT_TRUE(received(outsider_).empty());
  EXPECT_TRUE(received(buyer_b_).empty());
}

TEST_F(IncidentTest, RedReachesOnlyTheNamedPeopleAndItsMailCarriesNoContent) {
  const int64_t id = Draft();
  const auto approved = Approve(
      id, {{"digest", Digest(id)}, {"tlp", "TLP:RED"}, {"buyers", {buyer_a_.org_id}}}, supplier_);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(ReadShared(id, buyer_a_), 200);         // the buyer's admin, named by default
  EXPECT_EQ(ReadShared(id, buyer_a_member_), 404);  // not named
  EXPECT_EQ(ReadShared(id, colleague_), 404);       // the author's colleague neither
  EXPECT_EQ(ReadShared(id, supplier_), 200);        // the author
  EXPECT_EQ(ReadShared(id, buyer_b_), 404);
  // One e-mail, to the named person, with neither the title nor the supplier's name.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM mail_outbox"), 1);
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM mail_outbox WHERE user_id = " + std::to_string(buyer_a_.user_id)),
      1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM mail_outbox WHERE body LIKE '%ランサムウェア%' OR "
                  "subject LIKE '%Org 7000012050002%' OR body LIKE '%Org 7000012050002%'"),
            0);
  // Naming someone who is not a user of a chosen buyer is refused.
  const int64_t second = Draft();
  EXPECT_EQ(Approve(second,
                    {{"digest", Digest(second)},
                     {"tlp", "TLP:RED"},
                     {"buyers", {buyer_a_.org_id}},
                     {"named_people", {outsider_.user_id}}},
                    supplier_)
                .status,
            422);
  ASSERT_EQ(Approve(second,
                    {{"digest", Digest(second)},
                     {"tlp", "TLP:RED"},
                     {"buyers", {buyer_a_.org_id}},
                     {"named_people", {buyer_a_member_.user_id}}},
                    supplier_)
                .status,
            200);
  EXPECT_EQ(ReadShared(second, buyer_a_member_), 200);
  EXPECT_EQ(ReadShared(second, buyer_a_), 404);
}

TEST_F(IncidentTest, GreenNeedsAGroupTheReporterAndTheBuyersAreIn) {
  const int64_t id = Draft();
  EXPECT_EQ(Approve(id, {{"digest", Digest(id)}, {"tlp", "TLP:GREEN"}}, supplier_).status, 422);
  RawSql("INSERT INTO sharing_groups (org_id, kind, name, created_by, created_at) VALUES (" +
         std::to_string(buyer_a_.org_id) + ", 'supply_chain', 'A chain', " +
         std::to_string(buyer_a_.user_id) + ", '2026-12-06T00:00:00Z')");
  const int64_t group = Count("SELECT MAX(id) FROM sharing_groups");
  // Buyer B is not in buyer A's chain group: warning it under GREEN would warn a non-reader.
  EXPECT_EQ(
      Approve(id, {{"digest", Digest(id)}, {"tlp", "TLP:GREEN"}, {"group_id", group}}, supplier_)
          .status,
      422);
  ASSERT_EQ(Approve(id,
                    {{"digest", Digest(id)},
                     {"tlp", "TLP:GREEN"},
                     {"group_id", group},
                     {"buyers", {buyer_a_.org_id}}},
                    supplier_)
                .status,
            200);
  EXPECT_EQ(ReadShared(id, buyer_a_member_), 200);
  EXPECT_EQ(ReadShared(id, buyer_b_), 404);
  EXPECT_EQ(ReadShared(id, outsider_), 404);
}

TEST_F(IncidentTest, ApprovalNeedsTheAdminAndTheDigestOfWhatIsSharedNow) {
  const int64_t id = Draft();
  const std::string seen = Digest(id);
  EXPECT_EQ(Approve(id, {{"digest", seen}}, colleague_).status, 403);
  EXPECT_EQ(Approve(id, {{"digest", seen}}, outsider_).status, 404);
  EXPECT_EQ(Approve(id, {{"digest", seen}}, buyer_a_).status, 404);

  // The report changes after the preview: the old digest no longer approves anything.
  json changed = Answers();
  changed["what_happened"] = "攻撃者は 203.0.113.9 にも通信していました。";
  ASSERT_EQ(
      Send("PUT", "/api/v1/incidents/" + std::to_string(id), changed.dump(), &colleague_).status,
      200);
  const auto stale = Approve(id, {{"digest", seen}}, supplier_);
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_NE(stale.body.find("プレビュー"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM incident_shares"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox_entries"), 0);

  ASSERT_EQ(Approve(id, {{"digest", Digest(id)}}, supplier_).status, 200);
  // Approving again without a change is refused; editing puts it back to draft, the part
  // already shared stays until the next approval.
  EXPECT_EQ(Approve(id, {{"digest", Digest(id)}}, supplier_).status, 409);
  const auto edited =
      Send("PUT", "/api/v1/incidents/" + std::to_string(id), Answers().dump(), &supplier_);
  ASSERT_EQ(edited.status, 200);
  EXPECT_EQ(Json(edited)["status"], "draft");
  EXPECT_EQ(ReadShared(id, buyer_a_), 200);
  const auto shared = Send("GET", "/api/v1/shared-incidents/" + std::to_string(id), "", &buyer_a_);
  EXPECT_NE(Json(shared)["part"].dump().find("203.0.113.9"), std::string::npos);
}

TEST_F(IncidentTest, BadIndicatorsAreRefusedNamingEachLineAndNothingIsWritten) {
  json answers = Answers();
  answers["indicators"] =
      json::array({"198.51.100.7", "this is no indicator", "", "evil[.]example", "http://"});
  const auto refused = Send("POST", "/api/v1/incidents", answers.dump(), &supplier_);
  ASSERT_EQ(refused.status, 422) << refused.body;
  const std::string detail = Json(refused)["detail"];
  EXPECT_NE(detail.find("2 行目"), std::string::npos) << detail;
  EXPECT_NE(detail.find("5 行目"), std::string::npos) << detail;
  EXPECT_NE(detail.find("line 2"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("4 行目"), std::string::npos) << detail;  // defanged, and fine
  EXPECT_EQ(Count("SELECT COUNT(*) FROM incident_reports"), 0);

  answers = Answers();
  answers["cves"] = json::array({"CVE-2024"});
  EXPECT_EQ(Send("POST", "/api/v1/incidents", answers.dump(), &supplier_).status, 422);
  answers = Answers();
  answers["kind"] = "earthquake";
  EXPECT_EQ(Send("POST", "/api/v1/incidents", answers.dump(), &supplier_).status, 422);
  answers = Answers();
  answers["own_ip_ranges"] = json::array({"10.0.0.0/33"});
  EXPECT_EQ(Send("POST", "/api/v1/incidents", answers.dump(), &supplier_).status, 422);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM incident_reports"), 0);

  // An approval refused half way (a buyer that is not a confirmed one) leaves nothing behind.
  const int64_t id = Draft();
  EXPECT_EQ(Approve(id, {{"digest", Digest(id)}, {"buyers", {buyer_a_.org_id, outsider_.org_id}}},
                    supplier_)
                .status,
            422);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM incident_shares"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM incident_recipients"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM inbox_entries"), 0);
  EXPECT_EQ(Json(Send("GET", "/api/v1/incidents/" + std::to_string(id), "", &supplier_))["status"],
            "draft");
}

// The approved part reaches TAXII (service/incident_publication.h): the chosen buyer pulls the
// report's STIX objects from its supply-chain collection, the buyer not chosen and an outsider
// pull nothing of it, and withdrawing removes the objects.
TEST_F(IncidentTest, TheApprovedPartIsPublishedToTheChosenBuyersTaxiiCollection) {
  const int64_t id = Draft();
  ASSERT_EQ(Approve(id,
                    {{"digest", Digest(id)}, {"tlp", "TLP:AMBER"}, {"buyers", {buyer_a_.org_id}}},
                    supplier_)
                .status,
            200);
  extra_headers_ = {{"accept", "application/taxii+json;version=2.1"}};
  const auto pulled = [&](const Caller& who) {
    json objects = json::array();
    const auto listed = Send("GET", "/taxii2/api1/collections/", "", &who);
    EXPECT_EQ(listed.status, 200) << listed.body;
    for (const json& collection : Json(listed).value("collections", json::array())) {
      const auto page = Send("GET",
                             "/taxii2/api1/collections/" + collection["id"].get<std::string>() +
                                 "/objects/",
                             "", &who);
      EXPECT_EQ(page.status, 200) << page.body;
      for (const json& object : Json(page).value("objects", json::array())) {
        if (object.value("type", "") != "identity") objects.push_back(object);
      }
    }
    return objects;
  };
  const json got = pulled(buyer_a_);
  std::set<std::string> types;
  for (const json& object : got) types.insert(object["type"].get<std::string>());
  for (const char* type : {"report", "indicator", "malware", "vulnerability", "attack-pattern",
                           "marking-definition", "relationship"}) {
    EXPECT_TRUE(types.count(type)) << type << " in " << got.dump();
  }
  EXPECT_NE(got.dump().find("198.51.100.23"), std::string::npos);
  EXPECT_EQ(got.dump().find("Org 7000012050002"), std::string::npos) << "no victim in STIX";
  EXPECT_EQ(got.dump().find("佐藤"), std::string::npos);
  EXPECT_EQ(pulled(buyer_a_member_).size(), got.size()) << "the buyer's colleagues too";
  EXPECT_EQ(pulled(buyer_b_).dump().find("198.51.100.23"), std::string::npos);
  EXPECT_EQ(pulled(outsider_).dump().find("198.51.100.23"), std::string::npos);

  extra_headers_.clear();
  ASSERT_EQ(
      Send("POST", "/api/v1/incidents/" + std::to_string(id) + "/withdraw", "", &supplier_).status,
      200);
  extra_headers_ = {{"accept", "application/taxii+json;version=2.1"}};
  EXPECT_EQ(pulled(buyer_a_).dump().find("198.51.100.23"), std::string::npos)
      << "withdrawn: gone from TAXII";
  extra_headers_.clear();
}

// "We saw this too": each reader's organisation once, the count only from k = 5 organisations
// on, never by the reporter, and nothing for a reader the marking excludes.
TEST_F(IncidentTest, SightingsAreCountedOnlyOverKOrganisations) {
  const int64_t id = Draft();
  ASSERT_EQ(Approve(id,
                    {{"digest", Digest(id)}, {"tlp", "TLP:CLEAR"}, {"buyers", {buyer_a_.org_id}}},
                    supplier_)
                .status,
            200);
  const std::string path = "/api/v1/shared-incidents/" + std::to_string(id) + "/sightings";
  const Caller more_1 = SignUp("2010001000013", "admin@more-1.example");
  const Caller more_2 = SignUp("1010001000039", "admin@more-2.example");
  const std::vector<Caller> seers = {buyer_a_, buyer_b_, outsider_, more_1, more_2};
  for (size_t i = 0; i < seers.size(); ++i) {
    const auto recorded = Send("POST", path, "", &seers[i]);
    ASSERT_EQ(recorded.status, 200) << recorded.body;
    const json body = Json(recorded);
    EXPECT_TRUE(body["we_saw"].get<bool>());
    EXPECT_EQ(body["k"], 5);
    if (i + 1 < 5) {
      EXPECT_TRUE(body["count"].is_null()) << "below k the count stays hidden";
    } else {
      EXPECT_EQ(body["count"], 5);
    }
  }
  // Twice counts once; the reporter does not sight its own report; the buyer's colleague sees
  // its organisation's mark.
  EXPECT_EQ(Json(Send("POST", path, "", &buyer_a_))["count"], 5);
  EXPECT_NE(Send("POST", path, "", &supplier_).status, 200);
  const json seen = Json(Send("GET", path, "", &buyer_a_member_));
  EXPECT_TRUE(seen["we_saw"].get<bool>());
  EXPECT_EQ(seen["count"], 5);

  // The count reaches TAXII readers as STIX sightings: one per indicator in buyer A's
  // collection, count only (no where_sighted_refs), and a sixth organisation makes a new
  // version with count 6 that the default listing shows instead.
  const auto sightings = [&](const std::string& query) {
    extra_headers_ = {{"accept", "application/taxii+json;version=2.1"}};
    json out = json::array();
    const auto listed = Send("GET", "/taxii2/api1/collections/", "", &buyer_a_);
    EXPECT_EQ(listed.status, 200) << listed.body;
    for (const json& collection : Json(listed).value("collections", json::array())) {
      const auto page = Send("GET",
                             "/taxii2/api1/collections/" + collection["id"].get<std::string>() +
                                 "/objects/?match[type]=sighting" + query,
                             "", &buyer_a_);
      EXPECT_EQ(page.status, 200) << page.body;
      for (const json& object : Json(page).value("objects", json::array())) out.push_back(object);
    }
    extra_headers_.clear();
    return out;
  };
  const json five = sightings("");
  ASSERT_EQ(five.size(), 3u) << five.dump();  // the report's three indicators
  for (const json& sighting : five) {
    EXPECT_EQ(sighting["count"], 5);
    EXPECT_TRUE(sighting["sighting_of_ref"].get<std::string>().starts_with("indicator--"));
    EXPECT_FALSE(sighting.contains("where_sighted_refs"));
  }
  const Caller more_3 = SignUp("5100000000002", "admin@more-3.example");
  ASSERT_EQ(Json(Send("POST", path, "", &more_3))["count"], 6);
  const json six = sightings("");
  ASSERT_EQ(six.size(), 3u) << six.dump();
  for (const json& sighting : six) EXPECT_EQ(sighting["count"], 6);
  EXPECT_EQ(sightings("&match[version]=all").size(), 6u);
  // An edit and a re-approval publish the report's objects again; the six sightings go out
  // with them.
  ASSERT_EQ(
      Send("PUT", "/api/v1/incidents/" + std::to_string(id), Answers().dump(), &supplier_).status,
      200);
  ASSERT_EQ(Approve(id,
                    {{"digest", Digest(id)}, {"tlp", "TLP:CLEAR"}, {"buyers", {buyer_a_.org_id}}},
                    supplier_)
                .status,
            200);
  const json again = sightings("");
  ASSERT_EQ(again.size(), 3u) << again.dump();
  for (const json& sighting : again) EXPECT_EQ(sighting["count"], 6);

  // Under AMBER+STRICT to buyer A, an outsider cannot even ask.
  const int64_t strict = Draft();
  ASSERT_EQ(Approve(strict,
                    {{"digest", Digest(strict)},
                     {"tlp", "TLP:AMBER+STRICT"},
                     {"buyers", {buyer_a_.org_id}}},
                    supplier_)
                .status,
            200);
  const std::string strict_path =
      "/api/v1/shared-incidents/" + std::to_string(strict) + "/sightings";
  EXPECT_EQ(Send("POST", strict_path, "", &outsider_).status, 404);
  EXPECT_EQ(Send("GET", strict_path, "", &outsider_).status, 404);
  EXPECT_EQ(Send("POST", strict_path, "", &buyer_a_).status, 200);
}

}  // namespace
}  // namespace hoshitori::api
