#include "store/sharing_group_repository.h"

#include <string_view>

namespace hoshitori {

namespace {

constexpr const char* kGroupColumns =
    "SELECT id, org_id, kind, name, description, created_by, created_at, closed_at "
    "FROM sharing_groups ";

StoredSharingGroup GroupOf(const SqlRow& r) {
  return StoredSharingGroup{r.Int(0),    r.Int(1),    r.String(2), r.String(3),
                            r.String(4), r.Int(5),    r.String(6), r.OptionalText(7)};
}

constexpr const char* kMemberColumns =
    "SELECT group_id, org_id, role, joined_at, invited_by FROM sharing_group_members ";

StoredGroupMember MemberOf(const SqlRow& r) {
  return StoredGroupMember{r.Int(0), r.Int(1), r.String(2), r.String(3), r.OptionalInt(4)};
}

constexpr const char* kInvitationColumns =
    "SELECT id, group_id, org_id, invited_by, created_at, expires_at, accepted_at, declined_at, "
    "revoked_at FROM sharing_group_invitations ";

StoredGroupInvitation InvitationOf(const SqlRow& r) {
  return StoredGroupInvitation{r.Int(0),         r.Int(1),         r.Int(2),
                               r.Int(3),         r.String(4),      r.String(5),
                               r.OptionalText(6), r.OptionalText(7), r.OptionalText(8)};
}

}  // namespace

Result<int64_t> SharingGroupRepository::Insert(const StoredSharingGroup& g) {
  return InsertReturningId(session_, "cannot store the sharing group",
                           "INSERT INTO sharing_groups (org_id, kind, name, description, "
                           "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                           SqlParams(g.org_id, g.kind, g.name, g.description, g.created_by,
                                     g.created_at));
}

Result<std::optional<StoredSharingGroup>> SharingGroupRepository::Get(int64_t id, bool lock) {
  return QueryFirst<StoredSharingGroup>(
      session_, "cannot read the sharing group",
      std::string(kGroupColumns) + "WHERE id = ?" + (lock ? "{{for_update}}" : ""),
      SqlParams(id), GroupOf);
}

Result<std::optional<StoredSharingGroup>> SharingGroupRepository::SupplyChainOf(
    int64_t owner_org_id) {
  return QueryFirst<StoredSharingGroup>(
      session_, "cannot read the supply-chain group",
      std::string(kGroupColumns) + "WHERE org_id = ? AND kind = 'supply_chain'",
      SqlParams(owner_org_id), GroupOf);
}

Result<std::vector<StoredSharingGroup>> SharingGroupRepository::ListByIds(
    const std::vector<int64_t>& ids) {
  std::vector<StoredSharingGroup> out;
  // One statement per id keeps the text fixed (prepared once); a reader has few groups.
  for (const int64_t id : ids) {
    auto group = Get(id);
    if (!group) return group.error();
    if (*group) out.push_back(std::move(**group));
  }
  return out;
}

Status SharingGroupRepository::Close(int64_t id, const std::string& at) {
  return ExpectOneRowChanged(
      session_.Execute("cannot close the sharing group",
                       "UPDATE sharing_groups SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
                       SqlParams(at, id)),
      "the sharing group is closed already");
}

Status SharingGroupRepository::AddMember(const StoredGroupMember& m) {
  return ExecuteStatement(session_, "cannot add the member to the sharing group",
                          "INSERT INTO sharing_group_members (group_id, org_id, role, joined_at, "
                          "invited_by) VALUES (?, ?, ?, ?, ?)",
                          SqlParams(m.group_id, m.org_id, m.role, m.joined_at, m.invited_by));
}

Result<bool> SharingGroupRepository::RemoveMember(int64_t group_id, int64_t org_id) {
  auto removed =
      session_.Execute("cannot remove the member from the sharing group",
                       "DELETE FROM sharing_group_members WHERE group_id = ? AND org_id = ?",
                       SqlParams(group_id, org_id));
  if (!removed) return removed.error();
  return *removed > 0;
}

Result<std::optional<StoredGroupMember>> SharingGroupRepository::Member(int64_t group_id,
                                                                        int64_t org_id) {
  return QueryFirst<StoredGroupMember>(session_, "cannot read the sharing group's member",
                                       std::string(kMemberColumns) +
                                           "WHERE group_id = ? AND org_id = ?",
                                       SqlParams(group_id, org_id), MemberOf);
}

Result<std::vector<StoredGroupMember>> SharingGroupRepository::Members(int64_t group_id) {
  return QueryAll<StoredGroupMember>(
      session_, "cannot read the sharing group's members",
      std::string(kMemberColumns) + "WHERE group_id = ? ORDER BY org_id", SqlParams(group_id),
      MemberOf);
}

Result<std::vector<StoredGroupMember>> SharingGroupRepository::ChainMembers(
    const StoredSharingGroup& group) {
  std::vector<StoredGroupMember> out{
      StoredGroupMember{group.id, group.org_id, "admin", group.created_at, std::nullopt}};
  auto suppliers = session_.Execute(
      "cannot read the supply-chain group's members",
      "SELECT supplier_id, MIN(confirmed_at) FROM relationships WHERE buyer_id = ? AND "
      "confirmed_at IS NOT NULL AND ended_at IS NULL AND supplier_id <> ? GROUP BY supplier_id "
      "ORDER BY supplier_id",
      SqlParams(group.org_id, group.org_id), [&](const SqlRow& row) {
        out.push_back(
            StoredGroupMember{group.id, row.Int(0), "member", row.String(1), std::nullopt});
      });
  if (!suppliers) return suppliers.error();
  return out;
}

Result<int64_t> SharingGroupRepository::InsertInvitation(const StoredGroupInvitation& i) {
  return InsertReturningId(session_, "cannot store the invitation",
                           "INSERT INTO sharing_group_invitations (group_id, org_id, invited_by, "
                           "created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                           SqlParams(i.group_id, i.org_id, i.invited_by, i.created_at,
                                     i.expires_at));
}

Result<std::optional<StoredGroupInvitation>> SharingGroupRepository::GetInvitation(int64_t id,
                                                                                   bool lock) {
  return QueryFirst<StoredGroupInvitation>(
      session_, "cannot read the invitation",
      std::string(kInvitationColumns) + "WHERE id = ?" + (lock ? "{{for_update}}" : ""),
      SqlParams(id), InvitationOf);
}

Result<std::vector<StoredGroupInvitation>> SharingGroupRepository::InvitationsOfGroup(
    int64_t group_id, int limit) {
  return QueryAll<StoredGroupInvitation>(
      session_, "cannot list the group's invitations",
      std::string(kInvitationColumns) + "WHERE group_id = ? ORDER BY id DESC LIMIT ?",
      SqlParams(group_id, int64_t{limit}), InvitationOf);
}

Result<std::vector<StoredGroupInvitation>> SharingGroupRepository::InvitationsTo(int64_t org_id,
                                                                                 int limit) {
  return QueryAll<StoredGroupInvitation>(
      session_, "cannot list the invitations",
      std::string(kInvitationColumns) + "WHERE org_id = ? ORDER BY id DESC LIMIT ?",
      SqlParams(org_id, int64_t{limit}), InvitationOf);
}

Status SharingGroupRepository::EndInvitation(int64_t id, const char* column,
                                             const std::string& at) {
  const std::string_view name(column);
  if (name != "accepted_at" && name != "declined_at" && name != "revoked_at") {
    return MakeError("unknown end of an invitation: " + std::string(name));
  }
  return ExpectOneRowChanged(
      session_.Execute("cannot end the invitation",
                       "UPDATE sharing_group_invitations SET " + std::string(name) +
                           " = ? WHERE id = ? AND accepted_at IS NULL AND declined_at IS NULL "
                           "AND revoked_at IS NULL",
                       SqlParams(at, id)),
      "the invitation has ended already");
}

}  // namespace hoshitori
