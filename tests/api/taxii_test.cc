// The TAXII 2.1 server (issue 16), following the request/response examples of OASIS TAXII
// Version 2.1: discovery, the API root, collections (one per sharing group of the caller),
// objects with added_after / limit / next paging and match filters, the manifest, versions,
// POST of an envelope with its status resource; content negotiation (406, 415), 401 with
// WWW-Authenticate, and TLP 2.0 per caller (GREEN for members, AMBER to recipients and their
// clients, AMBER+STRICT to the recipient only, RED to the named person, inherited audiences
// respected; a non-member never learns that a collection exists). Runs on SQLite and on
// PostgreSQL like every API suite.
#include <chrono>
#include <thread>

#include "api_test_support.h"
#include "service/taxii_service.h"
#include "share/audience_json.h"
#include "store/share_object_repository.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kTaxii = "application/taxii+json;version=2.1";
constexpr const char* kGreen = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
constexpr const char* kAmber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
constexpr const char* kRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

// A STIX 2.1 indicator (the shape of the specification's examples) with UUID suffix `n`.
json Indicator(int n, const std::string& modified = "2016-11-03T12:30:59.000Z",
               const char* marking = kGreen, const std::string& type = "indicator") {
  char uuid[64];
  std::snprintf(uuid, sizeof uuid, "6b616fc1-1505-48e3-8b2c-%012d", n);
  json object{{"type", type},
              {"spec_version", "2.1"},
              {"id", type + "--" + uuid},
              {"created", "2016-11-03T12:30:59.000Z"},
              {"modified", modified},
              {"name", "Malicious site hosting downloader"},
              {"object_marking_refs", json::array({marking})}};
  if (type == "indicator") {
    object["indicator_types"] = json::array({"malicious-activity"});
    object["pattern"] = "[url:value = 'http://x4z9arb.cn/4712']";
    object["pattern_type"] = "stix";
    object["valid_from"] = "2016-11-03T12:30:59.000Z";
  } else {
    object["is_family"] = false;
  }
  return object;
}

class TaxiiTest : public ApiFixture {
 protected:
  Caller WithToken(const Caller& caller, const std::string& scope = "write") {
    const auto created = Send("POST", "/api/v1/tokens",
                              json{{"name", "taxii client"}, {"scope", scope}}.dump(), &caller);
    EXPECT_EQ(created.status, 201) << created.body;
    Caller out;
    out.bearer = Json(created)["token"];
    out.user_id = caller.user_id;
    out.org_id = caller.org_id;
    return out;
  }
  int64_t Group(const Caller& owner) {
    const auto created = Send("POST", "/api/v1/sharing-groups",
                              json{{"kind", "isac"}, {"name", "電力 ISAC"}}.dump(), &owner);
    EXPECT_EQ(created.status, 201) << created.body;
    return Json(created)["id"];
  }
  void Join(const Caller& owner, int64_t group, const Caller& admin, const std::string& number) {
    const auto invited =
        Send("POST", "/api/v1/sharing-groups/" + std::to_string(group) + "/invitations",
             json{{"corporate_number", number}}.dump(), &owner);
    ASSERT_EQ(invited.status, 201) << invited.body;
    ASSERT_EQ(Send("POST",
                   "/api/v1/sharing-group-invitations/" +
                       std::to_string(Json(invited)["id"].get<int64_t>()) + "/accept",
                   "", &admin)
                  .status,
              200);
  }
  HttpResponse Get(const std::string& target, const Caller* caller,
                   const std::string& accept = kTaxii) {
    extra_headers_.clear();
    if (!accept.empty()) extra_headers_.emplace_back("accept", accept);
    auto response = Send("GET", target, "", caller);
    extra_headers_.clear();
    return response;
  }
  HttpResponse Post(const std::string& collection, const json& envelope, const Caller* caller,
                    const std::string& type = kTaxii) {
    extra_headers_.clear();
    extra_headers_.emplace_back("accept", kTaxii);
    auto response = Send("POST", Objects(collection), envelope.dump(), caller, type);
    extra_headers_.clear();
    return response;
  }
  static std::string Collection(const std::string& id) {
    return "/taxii2/api1/collections/" + id + "/";
  }
  static std::string Objects(const std::string& id) { return Collection(id) + "objects/"; }
  // Stores an object with any audience directly (TAXII itself refuses RED, and AMBER there
  // names every member).
  void Store(int64_t group, const Caller& owner, const json& object, share::SharedObject audience,
             std::vector<int64_t> orgs, std::vector<int64_t> users, const std::string& added) {
    StoredShareObject row;
    row.org_id = owner.org_id;
    row.group_id = group;
    row.author_user_id = owner.user_id;
    row.stix_id = object["id"];
    row.stix_type = object["type"];
    row.version = *NormaliseTimestamp(object["modified"].get<std::string>());
    row.added_at = added;
    row.tlp = std::string(share::TlpColumnName(audience.marking()));
    row.audience = share::AudienceToJson(audience);
    row.object = object.dump();
    row.recipient_orgs = std::move(orgs);
    row.recipient_users = std::move(users);
    ASSERT_TRUE(ShareObjectRepository(store_->Sql()).Insert(row).ok());
  }
  std::vector<std::string> Ids(const HttpResponse& response) {
    std::vector<std::string> out;
    const json body = Json(response);
    if (body.contains("objects")) {
      for (const json& o : body["objects"]) out.push_back(o["id"]);
    }
    return out;
  }
  std::string Header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }
};

TEST_F(TaxiiTest, DiscoveryApiRootAndCollectionsFollowTheSpecification) {
  const Caller owner = SignUp("3400120034561", "admin@isac.example");
  const Caller member = SignUp("7000012050002", "admin@member.example");
  const Caller outsider = SignUp("6100000000001", "admin@outsider.example");
  const int64_t group = Group(owner);
  Join(owner, group, member, "7000012050002");
  const Caller client = WithToken(member);

  // Unauthenticated: 401, a TAXII error message and WWW-Authenticate.
  const auto anonymous = Get("/taxii2/", nullptr);
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.content_type, kTaxii);
  EXPECT_EQ(Json(anonymous)["http_status"], "401");
  EXPECT_FALSE(Header(anonymous, "WWW-Authenticate").empty());
  Caller wrong;
  wrong.bearer = "not-a-token";
  EXPECT_EQ(Get("/taxii2/", &wrong).status, 401);

  const auto discovery = Get("/taxii2/", &client);
  ASSERT_EQ(discovery.status, 200) << discovery.body;
  EXPECT_EQ(discovery.content_type, kTaxii);
  EXPECT_EQ(Json(discovery)["api_roots"], json::array({"/taxii2/api1/"}));
  EXPECT_EQ(Json(discovery)["default"], "/taxii2/api1/");
  const auto root = Get("/taxii2/api1/", &client);
  ASSERT_EQ(root.status, 200);
  EXPECT_EQ(Json(root)["versions"], json::array({kTaxii}));
  EXPECT_EQ(Json(root)["max_content_length"], 1 << 20);

  // Accept: TAXII 2.1, wildcards and no header are fine; anything else is 406.
  EXPECT_EQ(Get("/taxii2/", &client, "").status, 200);
  EXPECT_EQ(Get("/taxii2/", &client, "*/*").status, 200);
  EXPECT_EQ(Get("/taxii2/", &client, "application/taxii+json").status, 200);
  EXPECT_EQ(Get("/taxii2/", &client, "text/html, application/taxii+json;version=2.1").status, 200);
  EXPECT_EQ(Get("/taxii2/", &client, "application/taxii+json;version=2.0").status, 406);
  EXPECT_EQ(Get("/taxii2/", &client, "application/json").status, 406);

  const auto listed = Get("/taxii2/api1/collections/", &client);
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(Json(listed)["collections"].size(), 1u);
  const json collection = Json(listed)["collections"][0];
  const std::string id = collection["id"];
  EXPECT_EQ(id, service::CollectionId(group));
  EXPECT_EQ(collection["title"], "電力 ISAC");
  EXPECT_EQ(collection["can_read"], true);
  EXPECT_EQ(collection["can_write"], true);
  EXPECT_EQ(collection["media_types"], json::array({"application/stix+json;version=2.1"}));
  EXPECT_EQ(Json(Get(Collection(id), &client))["id"], id);
  // A read-only token reads but may not write.
  const Caller read_only = WithToken(member, "read");
  EXPECT_EQ(Json(Get("/taxii2/api1/collections/", &read_only))["collections"][0]["can_write"],
            false);

  // A non-member sees no collection and cannot find this one by its id.
  EXPECT_EQ(Json(Get("/taxii2/api1/collections/", &outsider)), json::object());
  EXPECT_EQ(Get(Collection(id), &outsider).status, 404);
  EXPECT_EQ(Get(Objects(id), &outsider).status, 404);
  EXPECT_EQ(Get(Collection(id) + "manifest/", &outsider).status, 404);
  EXPECT_EQ(Json(Get(Collection(id), &outsider))["http_status"], "404");
}

TEST_F(TaxiiTest, PostedObjectsArePagedFilteredAndVersioned) {
  const Caller owner = SignUp("3400120034561", "admin@isac.example");
  const Caller member = SignUp("7000012050002", "admin@member.example");
  const int64_t group = Group(owner);
  Join(owner, group, member, "7000012050002");
  const Caller writer = WithToken(owner);
  const Caller reader = WithToken(member);
  const std::string id = service::CollectionId(group);

  json objects = json::array();
  for (int n = 1; n <= 5; ++n) objects.push_back(Indicator(n));
  objects.push_back(Indicator(9, "2016-11-03T12:30:59.000Z", kGreen, "malware"));
  const auto posted = Post(id, json{{"objects", objects}}, &writer);
  ASSERT_EQ(posted.status, 202) << posted.body;
  EXPECT_EQ(posted.content_type, kTaxii);
  const json status = Json(posted);
  EXPECT_EQ(status["status"], "complete");
  EXPECT_EQ(status["total_count"], 6);
  EXPECT_EQ(status["success_count"], 6);
  EXPECT_EQ(status["failure_count"], 0);
  EXPECT_EQ(status["pending_count"], 0);
  // The status is read back at the API root by the poster's organisation only.
  const std::string status_path = "/taxii2/api1/status/" + status["id"].get<std::string>() + "/";
  const auto read_back = Get(status_path, &writer);
  ASSERT_EQ(read_back.status, 200) << read_back.body;
  EXPECT_EQ(Json(read_back)["successes"].size(), 6u);
  EXPECT_EQ(Get(status_path, &reader).status, 404);

  // A second version of indicator 1.
  ASSERT_EQ(Post(id, json{{"objects", json::array({Indicator(1, "2017-01-01T00:00:00.000Z")})}}, &writer)
                .status,
            202);

  // Everything, latest versions, in the order added.
  const auto all = Get(Objects(id), &reader);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Json(all)["more"], false);
  const auto ids = Ids(all);
  ASSERT_EQ(ids.size(), 6u);
  EXPECT_EQ(ids.back(), Indicator(1)["id"]);  // its last version was added last
  EXPECT_EQ(Json(all)["objects"][5]["modified"], "2017-01-01T00:00:00.000Z");
  EXPECT_FALSE(Header(all, "X-TAXII-Date-Added-First").empty());
  EXPECT_LE(Header(all, "X-TAXII-Date-Added-First"), Header(all, "X-TAXII-Date-Added-Last"));

  // Pages of two, followed by `next`.
  std::vector<std::string> paged;
  std::string next;
  int pages = 0;
  do {
    const auto page = Get(Objects(id) + "?limit=2" + (next.empty() ? "" : "&next=" + next), &reader);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const auto& object : Ids(page)) paged.push_back(object);
    const json body = Json(page);
    next = body["more"] ? body["next"].get<std::string>() : "";
    ++pages;
  } while (!next.empty() && pages < 10);
  EXPECT_EQ(paged, ids);
  EXPECT_EQ(pages, 3);

  // added_after: after the first page's last date, only later objects.
  const auto first_page = Get(Objects(id) + "?limit=2", &reader);
  const std::string last_added = Header(first_page, "X-TAXII-Date-Added-Last");
  const auto later = Get(Objects(id) + "?added_after=" + last_added, &reader);
  EXPECT_EQ(Ids(later), std::vector<std::string>(ids.begin() + 2, ids.end()));
  EXPECT_EQ(Get(Objects(id) + "?added_after=yesterday", &reader).status, 400);
  EXPECT_EQ(Get(Objects(id) + "?limit=1001", &reader).status, 400);
  EXPECT_EQ(Get(Objects(id) + "?next=zz", &reader).status, 400);

  // match[type], match[id], match[version].
  EXPECT_EQ(Ids(Get(Objects(id) + "?match[type]=malware", &reader)),
            std::vector<std::string>{Indicator(9, "", kGreen, "malware")["id"]});
  EXPECT_EQ(Ids(Get(Objects(id) + "?match[type]=malware,indicator", &reader)).size(), 6u);
  const std::string one = Indicator(1)["id"];
  EXPECT_EQ(Ids(Get(Objects(id) + "?match[id]=" + one + "&match[version]=all", &reader)).size(),
            2u);
  const auto first = Get(Objects(id) + "?match[id]=" + one + "&match[version]=first", &reader);
  ASSERT_EQ(Json(first)["objects"].size(), 1u);
  EXPECT_EQ(Json(first)["objects"][0]["modified"], "2016-11-03T12:30:59.000Z");
  EXPECT_EQ(Ids(Get(Objects(id) + "?match[id]=" + one +
                        "&match[version]=2016-11-03T12:30:59Z",
                    &reader))
                .size(),
            1u);
  EXPECT_EQ(Get(Objects(id) + "?match[version]=newest", &reader).status, 400);

  // One object, its versions and the manifest.
  const auto object = Get(Objects(id) + one + "/", &reader);
  ASSERT_EQ(object.status, 200) << object.body;
  EXPECT_EQ(Json(object)["objects"][0]["modified"], "2017-01-01T00:00:00.000Z");
  const auto versions = Get(Objects(id) + one + "/versions/", &reader);
  ASSERT_EQ(versions.status, 200) << versions.body;
  EXPECT_EQ(Json(versions)["versions"],
            json::array({"2016-11-03T12:30:59.000000Z", "2017-01-01T00:00:00.000000Z"}));
  EXPECT_EQ(Get(Objects(id) + "indicator--00000000-0000-4000-8000-000000000000/", &reader).status,
            404);
  const auto manifest = Get(Collection(id) + "manifest/?limit=3", &reader);
  ASSERT_EQ(manifest.status, 200) << manifest.body;
  EXPECT_EQ(Json(manifest)["more"], true);
  ASSERT_EQ(Json(manifest)["objects"].size(), 3u);
  EXPECT_EQ(Json(manifest)["objects"][0]["media_type"], "application/stix+json;version=2.1");
  EXPECT_EQ(Json(manifest)["objects"][0]["id"], ids[0]);
}

TEST_F(TaxiiTest, PostsAreCheckedObjectByObject) {
  const Caller owner = SignUp("3400120034561", "admin@isac.example");
  const Caller outsider = SignUp("6100000000001", "admin@outsider.example");
  const int64_t group = Group(owner);
  const Caller writer = WithToken(owner);
  const std::string id = service::CollectionId(group);

  json unmarked = Indicator(1);
  unmarked.erase("object_marking_refs");
  json bad_id = Indicator(2);
  bad_id["id"] = "indicator--not-a-uuid";
  json old_spec = Indicator(3);
  old_spec["spec_version"] = "2.0";
  const auto posted = Post(
      id, json{{"objects", json::array({unmarked, bad_id, old_spec,
                                         Indicator(4, "2016-11-03T12:30:59.000Z", kRed),
                                         Indicator(5), Indicator(5)})}},
      &writer);
  ASSERT_EQ(posted.status, 202) << posted.body;
  const json status = Json(posted);
  EXPECT_EQ(status["success_count"], 1);
  EXPECT_EQ(status["failure_count"], 5);
  const std::string message = status["failures"][0]["message"];
  EXPECT_NE(message.find("TLP 2.0"), std::string::npos);
  EXPECT_EQ(status["failures"][0]["id"], unmarked["id"]);
  EXPECT_NE(status["failures"][3]["message"].get<std::string>().find("TLP:RED"), std::string::npos);
  EXPECT_NE(status["failures"][4]["message"].get<std::string>().find("already"),
            std::string::npos);

  EXPECT_EQ(Post(id, json{{"objects", json::array()}}, &writer, "application/json").status, 415);
  EXPECT_EQ(Post(id, json{{"items", json::array()}}, &writer).status, 400);
  json many = json::array();
  for (int n = 0; n < 1001; ++n) many.push_back(json::object());
  EXPECT_EQ(Post(id, json{{"objects", many}}, &writer).status, 400);
  const Caller read_only = WithToken(owner, "read");
  EXPECT_EQ(Post(id, json{{"objects", json::array({Indicator(7)})}}, &read_only).status, 403);
  EXPECT_EQ(Post(id, json{{"objects", json::array({Indicator(7)})}}, &outsider).status, 404);
  EXPECT_EQ(Post(id, json{{"objects", json::array({Indicator(7)})}}, nullptr).status, 401);
}

TEST_F(TaxiiTest, EachCallerGetsWhatTlpAdmits) {
  const Caller owner = SignUp("3400120034561", "admin@isac.example");
  const Caller recipient = SignUp("7000012050002", "admin@recipient.example");
  const Caller colleague = Invite(recipient, "staff@recipient.example", "member");
  const Caller other = SignUp("6100000000001", "admin@other.example");
  const Caller client = SignUp("5100000000002", "admin@client.example");
  const int64_t group = Group(owner);
  Join(owner, group, recipient, "7000012050002");
  Join(owner, group, other, "6100000000001");
  Join(owner, group, client, "5100000000002");
  // `client` buys from `recipient` over a confirmed relationship: a client under TLP:AMBER.
  const auto declared = Send("POST", "/api/v1/relationships",
                             json{{"relationships", json::array({{{"buyer", "5100000000002"},
                                                                  {"supplier", "7000012050002"},
                                                                  {"kind", "parts"}}})}}
                                 .dump(),
                             &client);
  ASSERT_EQ(declared.status, 201) << declared.body;
  ASSERT_EQ(Send("POST",
                 "/api/v1/relationships/" +
                     std::to_string(Json(declared)["relationships"][0]["id"].get<int64_t>()) +
                     "/confirm",
                 "", &recipient)
                .status,
            200);

  const auto audience = [&](share::Tlp marking, std::vector<int64_t> orgs,
                            std::vector<int64_t> people) {
    share::SharedObject object;
    object.audience = share::Audience{marking, owner.org_id, owner.user_id, group, orgs, people};
    return object;
  };
  const json green = Indicator(1);
  const json amber = Indicator(2, "2016-11-03T12:30:59.000Z", kAmber);
  const json strict = Indicator(3);
  const json red = Indicator(4);
  const json inherited = Indicator(5);
  Store(group, owner, green, audience(share::Tlp::kGreen, {}, {}), {}, {},
        "2026-12-01T00:00:01.000000Z");
  Store(group, owner, amber, audience(share::Tlp::kAmber, {recipient.org_id}, {}),
        {recipient.org_id}, {}, "2026-12-01T00:00:02.000000Z");
  Store(group, owner, strict, audience(share::Tlp::kAmberStrict, {recipient.org_id}, {}),
        {recipient.org_id}, {}, "2026-12-01T00:00:03.000000Z");
  Store(group, owner, red, audience(share::Tlp::kRed, {}, {recipient.user_id}), {},
        {recipient.user_id}, "2026-12-01T00:00:04.000000Z");
  // GREEN itself, but derived from an AMBER+STRICT object for `recipient` only: SQL admits
  // every member by the GREEN column, Authorize drops it for all but the recipient.
  share::SharedObject derived = audience(share::Tlp::kGreen, {}, {});
  derived.inherited.push_back(
      share::Audience{share::Tlp::kAmberStrict, owner.org_id, owner.user_id, 0,
                      {recipient.org_id}, {}});
  Store(group, owner, inherited, derived, {}, {}, "2026-12-01T00:00:05.000000Z");

  const std::string id = service::CollectionId(group);
  const auto seen = [&](const Caller& caller) { return Ids(Get(Objects(id), &caller)); };
  const std::string g = green["id"], a = amber["id"], s = strict["id"], r = red["id"],
                    i = inherited["id"];
  EXPECT_EQ(seen(owner), (std::vector<std::string>{g, a, s, r, i}));  // RED: its author too
  EXPECT_EQ(seen(recipient), (std::vector<std::string>{g, a, s, r, i}));
  EXPECT_EQ(seen(colleague), (std::vector<std::string>{g, a, s, i}));  // RED names a person
  EXPECT_EQ(seen(client), (std::vector<std::string>{g, a}));           // AMBER: clients too
  EXPECT_EQ(seen(other), (std::vector<std::string>{g}));
  // The manifest and one object obey the same rules.
  EXPECT_EQ(Json(Get(Collection(id) + "manifest/", &other))["objects"].size(), 1u);
  EXPECT_EQ(Get(Objects(id) + s + "/", &other).status, 404);
  EXPECT_EQ(Get(Objects(id) + s + "/versions/", &client).status, 404);
  EXPECT_EQ(Get(Objects(id) + r + "/", &recipient).status, 200);
  EXPECT_EQ(Get(Objects(id) + i + "/", &other).status, 404);

  // Leaving the group ends GREEN: the collection no longer exists for the former member.
  ASSERT_EQ(Send("DELETE",
                 "/api/v1/sharing-groups/" + std::to_string(group) + "/members/" +
                     std::to_string(other.org_id),
                 "", &owner)
                .status,
            204);
  EXPECT_EQ(Get(Objects(id), &other).status, 404);
}

// The default listing shows each object's last version whatever order its versions arrive in,
// and an earlier version is last again once a withdrawn report's later one is gone.
TEST_F(TaxiiTest, TheLastVersionIsKeptWhateverOrderVersionsArriveIn) {
  const Caller owner = SignUp("3400120034561", "admin@isac.example");
  const int64_t group = Group(owner);
  const Caller reader = WithToken(owner);
  const std::string id = service::CollectionId(group);
  share::SharedObject green;
  green.audience = share::Audience{share::Tlp::kGreen, owner.org_id, owner.user_id, group, {}, {}};
  Store(group, owner, Indicator(1, "2018-01-01T00:00:00.000Z"), green, {}, {},
        "2026-12-01T00:00:00.000000Z");
  Store(group, owner, Indicator(1, "2016-01-01T00:00:00.000Z"), green, {}, {},
        "2026-12-02T00:00:00.000000Z");
  const auto modified = [&]() {
    std::vector<std::string> out;
    const json page = Json(Get(Objects(id), &reader));
    for (const json& o : page.value("objects", json::array())) out.push_back(o["modified"]);
    return out;
  };
  EXPECT_EQ(modified(), std::vector<std::string>{"2018-01-01T00:00:00.000Z"});

  // A later version from an incident report, then the report withdrawn.
  StoredShareObject row;
  row.org_id = owner.org_id;
  row.group_id = group;
  row.author_user_id = owner.user_id;
  row.stix_id = Indicator(1)["id"];
  row.stix_type = "indicator";
  row.version = "2020-01-01T00:00:00.000000Z";
  row.added_at = "2026-12-03T00:00:00.000000Z";
  row.tlp = "green";
  row.audience = share::AudienceToJson(green);
  row.source_report_id = 77;
  row.object = Indicator(1, "2020-01-01T00:00:00.000Z").dump();
  ASSERT_TRUE(ShareObjectRepository(store_->Sql()).Insert(row).ok());
  EXPECT_EQ(modified(), std::vector<std::string>{"2020-01-01T00:00:00.000Z"});
  EXPECT_EQ(Ids(Get(Objects(id) + "?match[version]=all", &reader)).size(), 3u);
  auto deleted = ShareObjectRepository(store_->Sql()).DeleteOfReport(77);
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(*deleted, 1);
  EXPECT_EQ(modified(), std::vector<std::string>{"2018-01-01T00:00:00.000Z"});
}

// Two writers storing versions of one object at the same time leave exactly one version last:
// the second waits for the first to commit (on PostgreSQL the group's object lock; on SQLite
// the write transaction). Without the lock, each writer misses the other's uncommitted row
// and both versions stay marked last.
TEST_F(TaxiiTest, ConcurrentWritersOfOneObjectLeaveOneLastVersion) {
  const Caller owner = SignUp("3400120034561", "admin@isac.example");
  const int64_t group = Group(owner);
  const Caller reader = WithToken(owner);
  const std::string id = service::CollectionId(group);
  share::SharedObject green;
  green.audience = share::Audience{share::Tlp::kGreen, owner.org_id, owner.user_id, group, {}, {}};
  const auto write = [&](int n, const std::string& modified, std::chrono::milliseconds before,
                         std::chrono::milliseconds held) {
    auto store = Store::Open(db_url_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    std::this_thread::sleep_for(before);
    ASSERT_TRUE((*store)->Sql().Begin().ok());
    StoredShareObject row;
    row.org_id = owner.org_id;
    row.group_id = group;
    row.author_user_id = owner.user_id;
    row.stix_id = Indicator(n)["id"];
    row.stix_type = "indicator";
    row.version = *NormaliseTimestamp(modified);
    row.added_at = "2026-12-01T00:00:00.000000Z";
    row.tlp = "green";
    row.audience = share::AudienceToJson(green);
    row.object = Indicator(n, modified).dump();
    auto inserted = ShareObjectRepository((*store)->Sql()).Insert(row);
    ASSERT_TRUE(inserted.ok()) << inserted.error().message;
    std::this_thread::sleep_for(held);
    ASSERT_TRUE((*store)->Sql().Commit().ok());
  };
  constexpr int kObjects = 4;
  for (int n = 1; n <= kObjects; ++n) {
    // The later version commits last on odd objects, first on even ones.
    const bool later_first = n % 2 == 0;
    std::thread first(write, n,
                      later_first ? "2020-01-01T00:00:00.000Z" : "2016-01-01T00:00:00.000Z",
                      std::chrono::milliseconds(0), std::chrono::milliseconds(150));
    std::thread second(write, n,
                       later_first ? "2016-01-01T00:00:00.000Z" : "2020-01-01T00:00:00.000Z",
                       std::chrono::milliseconds(40), std::chrono::milliseconds(0));
    first.join();
    second.join();
  }
  const json page = Json(Get(Objects(id), &reader));
  ASSERT_EQ(page["objects"].size(), static_cast<size_t>(kObjects)) << page.dump();
  for (const json& o : page["objects"]) EXPECT_EQ(o["modified"], "2020-01-01T00:00:00.000Z");
  EXPECT_EQ(Ids(Get(Objects(id) + "?match[version]=all", &reader)).size(),
            static_cast<size_t>(2 * kObjects));
}

}  // namespace
}  // namespace hoshitori::api
