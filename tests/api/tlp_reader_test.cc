// TLP 2.0 in the one authorisation function (issue 16): the reader's facts gathered from the
// store (service/tlp_reader.h) and the decisions Authorize takes with them for shared objects,
// sharing groups and incident reports. Runs on SQLite and on PostgreSQL like every API suite.
#include "service/tlp_reader.h"

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using service::Action;
using service::Authorize;
using service::Principal;
using service::ResourceFacts;
using service::ResourceKind;
using testing_support::ApiFixture;
using testing_support::Caller;

class TlpReaderTest : public ApiFixture {
 protected:
  int64_t Relate(const Caller& buyer, const std::string& supplier_number, const Caller& supplier,
                 bool confirm) {
    const auto declared = Send("POST", "/api/v1/relationships",
                               json{{"relationships", json::array({{{"buyer", BuyerNumber(buyer)},
                                                                    {"supplier", supplier_number},
                                                                    {"kind", "parts"}}})}}
                                   .dump(),
                               &buyer);
    EXPECT_EQ(declared.status, 201) << declared.body;
    const int64_t id = Json(declared)["relationships"][0]["id"];
    if (confirm) {
      EXPECT_EQ(
          Send("POST", "/api/v1/relationships/" + std::to_string(id) + "/confirm", "", &supplier)
              .status,
          200);
    }
    return id;
  }
  std::string BuyerNumber(const Caller& c) {
    std::string number;
    EXPECT_TRUE(store_->Sql()
                    .Execute("read", "SELECT corporate_number FROM organisations WHERE id = ?",
                             SqlParams(c.org_id), [&](const SqlRow& r) { number = r.String(0); })
                    .ok());
    return number;
  }
  int64_t Group(const Caller& owner, const std::string& kind) {
    int64_t id = 0;
    EXPECT_TRUE(store_->Sql()
                    .Execute("group",
                             "INSERT INTO sharing_groups (org_id, kind, name, created_by, "
                             "created_at) VALUES (?, ?, ?, ?, '2026-12-06T00:00:00Z') RETURNING id",
                             SqlParams(owner.org_id, kind, kind + " group", owner.user_id),
                             [&](const SqlRow& r) { id = r.Int(0); })
                    .ok());
    return id;
  }
  void Join(int64_t group, const Caller& member) {
    EXPECT_TRUE(store_->Sql()
                    .Execute("member",
                             "INSERT INTO sharing_group_members (group_id, org_id, role, "
                             "joined_at) VALUES (?, ?, 'member', '2026-12-06T00:00:00Z')",
                             SqlParams(group, member.org_id))
                    .ok());
  }
  share::Reader ReaderOf(const Caller& c) {
    auto reader = service::LoadTlpReader(store_->Sql(), Principal{c.user_id, c.org_id});
    EXPECT_TRUE(reader.ok());
    return reader.ok() ? *reader : share::Reader{};
  }
};

TEST_F(TlpReaderTest, GroupsAndClientsComeFromMembershipAndConfirmedRelationships) {
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller pending = SignUp("4180001234567", "admin@pending.example");
  const Caller isac = SignUp("1010001000006", "admin@isac.example");
  Relate(buyer, "7000012050002", supplier, /*confirm=*/true);
  Relate(buyer, "4180001234567", pending, /*confirm=*/false);
  const int64_t chain = Group(buyer, "supply_chain");
  const int64_t industry = Group(isac, "isac");
  Join(industry, supplier);

  // The supplier: the ISAC group by membership, the buyer's chain group by its confirmed
  // relationship; it buys from nobody.
  const share::Reader s = ReaderOf(supplier);
  EXPECT_EQ(s.groups, (std::vector<int64_t>{chain, industry}));
  EXPECT_TRUE(s.client_of.empty());
  // The buyer runs its chain group and is a client of its confirmed supplier only.
  const share::Reader b = ReaderOf(buyer);
  EXPECT_EQ(b.groups, std::vector<int64_t>{chain});
  EXPECT_EQ(b.client_of, std::vector<int64_t>{supplier.org_id});
  // An unconfirmed supplier is in no group.
  EXPECT_TRUE(ReaderOf(pending).groups.empty());

  // A closed group admits nobody any more.
  ASSERT_TRUE(store_->Sql()
                  .Execute("close",
                           "UPDATE sharing_groups SET closed_at = '2026-12-06T01:00:00Z' "
                           "WHERE id = ?",
                           SqlParams(industry))
                  .ok());
  EXPECT_EQ(ReaderOf(supplier).groups, std::vector<int64_t>{chain});
}

TEST_F(TlpReaderTest, AuthorizeReadsSharedObjectsOnlyAsTlpAllows) {
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller colleague = Invite(supplier, "member@supplier.example", "member");
  const Caller outsider = SignUp("4180001234567", "admin@outsider.example");
  Relate(buyer, "7000012050002", supplier, /*confirm=*/true);
  const int64_t chain = Group(buyer, "supply_chain");

  const auto may_read = [&](const Caller& c, const share::SharedObject& object) {
    const share::Reader reader = ReaderOf(c);
    ResourceFacts facts(ResourceKind::kSharedObject, object.audience.owner);
    facts.tlp = &object;
    facts.reader = &reader;
    return Authorize(Principal{c.user_id, c.org_id}, Action::kRead, facts).allowed;
  };
  share::SharedObject green;
  green.audience = {share::Tlp::kGreen, supplier.org_id, supplier.user_id, chain, {}, {}};
  EXPECT_TRUE(may_read(buyer, green));
  EXPECT_TRUE(may_read(colleague, green));
  EXPECT_FALSE(may_read(outsider, green));

  // AMBER+STRICT to the buyer: the buyer only; the author's organisation keeps reading.
  share::SharedObject strict;
  strict.audience = {
      share::Tlp::kAmberStrict, supplier.org_id, supplier.user_id, 0, {buyer.org_id}, {}};
  EXPECT_TRUE(may_read(buyer, strict));
  EXPECT_TRUE(may_read(colleague, strict));
  EXPECT_FALSE(may_read(outsider, strict));

  // RED to one named person: not even the author's colleague.
  share::SharedObject red;
  red.audience = {share::Tlp::kRed, supplier.org_id, supplier.user_id, 0, {}, {buyer.user_id}};
  EXPECT_TRUE(may_read(buyer, red));
  EXPECT_TRUE(may_read(supplier, red));
  EXPECT_FALSE(may_read(colleague, red));

  // Missing or borrowed facts are a denial, whatever the role.
  const Principal hub{1, outsider.org_id, Role::kHubAdmin};
  EXPECT_FALSE(Authorize(hub, Action::kRead, ResourceFacts(ResourceKind::kSharedObject)).allowed);
  const share::Reader buyers_facts = ReaderOf(buyer);
  ResourceFacts borrowed(ResourceKind::kSharedObject, supplier.org_id);
  borrowed.tlp = &red;
  borrowed.reader = &buyers_facts;
  EXPECT_FALSE(
      Authorize(Principal{colleague.user_id, colleague.org_id}, Action::kRead, borrowed).allowed);
}

TEST_F(TlpReaderTest, IncidentReportsInFullStayWithTheReporter) {
  const Principal admin{10, 100, Role::kOrgAdmin};
  const Principal member{11, 100, Role::kMember};
  const Principal other{20, 200, Role::kOrgAdmin};
  const Principal hub{30, 300, Role::kHubAdmin};
  const ResourceFacts report(ResourceKind::kIncidentReport, 100);
  for (Action a : {Action::kRead, Action::kCreate, Action::kUpdate}) {
    EXPECT_TRUE(Authorize(member, a, report).allowed);
    EXPECT_FALSE(Authorize(other, a, report).allowed);
    EXPECT_FALSE(Authorize(hub, a, report).allowed);
  }
  EXPECT_TRUE(Authorize(admin, Action::kShare, report).allowed);
  EXPECT_FALSE(Authorize(member, Action::kShare, report).allowed);

  ResourceFacts group(ResourceKind::kSharingGroup, 100);
  EXPECT_TRUE(Authorize(admin, Action::kCreate, group).allowed);
  EXPECT_FALSE(Authorize(member, Action::kCreate, group).allowed);
  EXPECT_FALSE(Authorize(other, Action::kRead, group).allowed);
  EXPECT_FALSE(Authorize(other, Action::kUpdate, group).allowed);
  group.group_member = true;
  EXPECT_TRUE(Authorize(other, Action::kRead, group).allowed);
  EXPECT_FALSE(Authorize(other, Action::kUpdate, group).allowed);
  group.group_admin = true;
  EXPECT_TRUE(Authorize(other, Action::kUpdate, group).allowed);
}

}  // namespace
}  // namespace hoshitori::api
