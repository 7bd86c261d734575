// Sharing groups (issue 16): creation, the buyer's supply-chain group, invitations by
// corporate number (full-width digits too) with their notification, accept / decline /
// revoke, removal, closing, and that a group does not exist for non-members. Runs on SQLite
// and on PostgreSQL like every API suite.
#include "api_test_support.h"
#include "store/inbox_repository.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

class SharingGroupTest : public ApiFixture {
 protected:
  json CreateGroup(const Caller& admin, const std::string& name = "製造業 ISAC") {
    const auto created = Send("POST", "/api/v1/sharing-groups",
                              json{{"kind", "isac"}, {"name", name}}.dump(), &admin);
    EXPECT_EQ(created.status, 201) << created.body;
    return Json(created);
  }
  json InviteOrg(const Caller& admin, int64_t group, const std::string& number) {
    const auto invited =
        Send("POST", "/api/v1/sharing-groups/" + std::to_string(group) + "/invitations",
             json{{"corporate_number", number}}.dump(), &admin);
    EXPECT_EQ(invited.status, 201) << invited.body;
    return Json(invited);
  }
  std::string Path(int64_t group) { return "/api/v1/sharing-groups/" + std::to_string(group); }
  std::string InvitationPath(const json& invitation, const std::string& verb) {
    return "/api/v1/sharing-group-invitations/" +
           std::to_string(invitation["id"].get<int64_t>()) + "/" + verb;
  }
};

TEST_F(SharingGroupTest, AnAdminCreatesAGroupInvitesAndTheInvitedAdminAccepts) {
  const Caller owner = SignUp("3400120034561", "admin@isac.example");
  const Caller member = SignUp("7000012050002", "admin@member.example");
  const Caller colleague = Invite(member, "staff@member.example", "member");
  const Caller outsider = SignUp("6100000000001", "admin@outsider.example");

  const json group = CreateGroup(owner);
  EXPECT_EQ(group["kind"], "isac");
  EXPECT_EQ(group["my_role"], "admin");
  EXPECT_EQ(group["owner_org_id"], owner.org_id);
  const int64_t id = group["id"];

  // Nobody else knows it exists.
  EXPECT_EQ(Send("GET", Path(id), "", &member).status, 404);
  EXPECT_EQ(Json(Send("GET", "/api/v1/sharing-groups", "", &member))["groups"].size(), 0u);
  // A plain member cannot start a group; anonymous callers are asked to sign in.
  EXPECT_EQ(Send("POST", "/api/v1/sharing-groups",
                 json{{"kind", "isac"}, {"name", "x"}}.dump(), &colleague)
                .status,
            403);
  EXPECT_EQ(Send("GET", "/api/v1/sharing-groups").status, 401);

  // Full-width digits are read as the corporate number.
  const json invitation = InviteOrg(owner, id, "７００００１２０５０００２");
  EXPECT_EQ(invitation["org_id"], member.org_id);
  EXPECT_EQ(invitation["state"], "open");
  // A second open invitation is refused; an outsider cannot invite.
  EXPECT_EQ(Send("POST", Path(id) + "/invitations",
                 json{{"corporate_number", "7000012050002"}}.dump(), &owner)
                .status,
            409);
  EXPECT_EQ(Send("POST", Path(id) + "/invitations",
                 json{{"corporate_number", "6100000000001"}}.dump(), &outsider)
                .status,
            404);
  EXPECT_EQ(Send("POST", Path(id) + "/invitations",
                 json{{"corporate_number", "1234567890123"}}.dump(), &owner)
                .status,
            422);

  // The invited organisation hears of it: inbox entry and e-mail.
  const json inbox = Json(Send("GET", "/api/v1/inbox", "", &member));
  ASSERT_EQ(inbox["entries"].size(), 1u);
  EXPECT_EQ(inbox["entries"][0]["kind"], "group_invitation");
  EXPECT_EQ(inbox["entries"][0]["title"]["ja"], "共有グループ 製造業 ISAC への招待");
  EXPECT_EQ(inbox["entries"][0]["link"], "/groups");
  auto mails = InboxRepository(store_->Sql()).ListMail(member.org_id);
  ASSERT_TRUE(mails.ok());
  EXPECT_EQ(mails->size(), 2u);  // both users of the invited organisation

  const json listed = Json(Send("GET", "/api/v1/sharing-group-invitations", "", &member));
  ASSERT_EQ(listed["invitations"].size(), 1u);
  EXPECT_EQ(listed["invitations"][0]["group_name"], "製造業 ISAC");
  // Only the invited organisation's admin answers.
  EXPECT_EQ(Send("POST", InvitationPath(invitation, "accept"), "", &colleague).status, 403);
  EXPECT_EQ(Send("POST", InvitationPath(invitation, "accept"), "", &outsider).status, 404);
  const auto accepted = Send("POST", InvitationPath(invitation, "accept"), "", &member);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(Json(accepted)["state"], "accepted");
  EXPECT_EQ(Send("POST", InvitationPath(invitation, "decline"), "", &member).status, 409);

  // The member now sees the group (as a member, without its invitations).
  const auto seen = Send("GET", Path(id), "", &colleague);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(Json(seen)["my_role"], "member");
  EXPECT_EQ(Json(seen)["members"].size(), 2u);
  EXPECT_EQ(Json(seen)["invitations"].size(), 0u);
  EXPECT_EQ(Json(Send("GET", Path(id), "", &owner))["invitations"].size(), 1u);
  // A member cannot manage the group.
  EXPECT_EQ(Send("POST", Path(id) + "/close", "", &member).status, 403);

  // Removal: never the owner; the member is removed once.
  EXPECT_EQ(Send("DELETE", Path(id) + "/members/" + std::to_string(owner.org_id), "", &owner)
                .status,
            409);
  EXPECT_EQ(Send("DELETE", Path(id) + "/members/" + std::to_string(member.org_id), "", &owner)
                .status,
            204);
  EXPECT_EQ(Send("GET", Path(id), "", &member).status, 404);
  EXPECT_EQ(Send("DELETE", Path(id) + "/members/" + std::to_string(member.org_id), "", &owner)
                .status,
            404);

  // Closing ends it: no more invitations.
  const auto closed = Send("POST", Path(id) + "/close", "", &owner);
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_NE(Json(closed)["closed_at"], nullptr);
  EXPECT_EQ(Send("POST", Path(id) + "/invitations",
                 json{{"corporate_number", "6100000000001"}}.dump(), &owner)
                .status,
            409);
}

TEST_F(SharingGroupTest, InvitationsAreDeclinedOrRevoked) {
  const Caller owner = SignUp("3400120034561", "admin@isac.example");
  const Caller a = SignUp("7000012050002", "admin@a.example");
  const Caller b = SignUp("6100000000001", "admin@b.example");
  const int64_t id = CreateGroup(owner)["id"];
  const json to_a = InviteOrg(owner, id, "7000012050002");
  const json to_b = InviteOrg(owner, id, "6100000000001");

  const auto declined = Send("POST", InvitationPath(to_a, "decline"), "", &a);
  ASSERT_EQ(declined.status, 200) << declined.body;
  EXPECT_EQ(Json(declined)["state"], "declined");
  EXPECT_EQ(Send("GET", Path(id), "", &a).status, 404);

  // Only a group admin revokes; the invited organisation then cannot accept.
  EXPECT_EQ(Send("POST", InvitationPath(to_b, "revoke"), "", &b).status, 404);
  const auto revoked = Send("POST", InvitationPath(to_b, "revoke"), "", &owner);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(Json(revoked)["state"], "revoked");
  EXPECT_EQ(Send("POST", InvitationPath(to_b, "accept"), "", &b).status, 409);
  // After a decline a new invitation may be sent.
  EXPECT_EQ(InviteOrg(owner, id, "7000012050002")["state"], "open");

  // Bad bodies and kinds.
  EXPECT_EQ(Send("POST", "/api/v1/sharing-groups",
                 json{{"kind", "supply_chain"}, {"name", "x"}}.dump(), &owner)
                .status,
            422);
  EXPECT_EQ(Send("POST", "/api/v1/sharing-groups", json{{"kind", "isac"}, {"name", ""}}.dump(),
                 &owner)
                .status,
            422);
}

TEST_F(SharingGroupTest, ABuyersSupplyChainGroupHoldsItsConfirmedSuppliers) {
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller other = SignUp("6100000000001", "admin@other.example");
  const auto declared = Send(
      "POST", "/api/v1/relationships",
      json{{"relationships", json::array({{{"buyer", "3400120034561"},
                                           {"supplier", "7000012050002"},
                                           {"kind", "parts"}}})}}
          .dump(),
      &buyer);
  ASSERT_EQ(declared.status, 201) << declared.body;
  const int64_t relationship = Json(declared)["relationships"][0]["id"];
  ASSERT_EQ(Send("POST", "/api/v1/relationships/" + std::to_string(relationship) + "/confirm", "",
                 &supplier)
                .status,
            200);

  const auto made = Send("POST", "/api/v1/supply-chain-group", "", &buyer);
  ASSERT_EQ(made.status, 200) << made.body;
  const int64_t id = Json(made)["id"];
  EXPECT_EQ(Json(made)["kind"], "supply_chain");
  // Asking again gives the same group.
  EXPECT_EQ(Json(Send("POST", "/api/v1/supply-chain-group", "", &buyer))["id"], id);

  const auto seen = Send("GET", Path(id), "", &supplier);
  ASSERT_EQ(seen.status, 200) << seen.body;
  const json members = Json(seen)["members"];
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0]["org_id"], buyer.org_id);
  EXPECT_EQ(members[1]["org_id"], supplier.org_id);
  EXPECT_EQ(Send("GET", Path(id), "", &other).status, 404);
  ASSERT_EQ(Json(Send("GET", "/api/v1/sharing-groups", "", &supplier))["groups"].size(), 1u);
  // Nobody is invited into a chain group.
  EXPECT_EQ(Send("POST", Path(id) + "/invitations",
                 json{{"corporate_number", "6100000000001"}}.dump(), &buyer)
                .status,
            409);
}

}  // namespace
}  // namespace hoshitori::api
