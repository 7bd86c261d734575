#include "service/sharing_group_service.h"

#include <algorithm>

#include "core/corporate_number.h"
#include "core/utf8.h"
#include "service/inbox_service.h"
#include "service/tlp_reader.h"

namespace hoshitori::service {

namespace {

Error NoGroup(int64_t id) {
  return NotFound("共有グループ " + std::to_string(id) + " は表示できません / no sharing group " +
                  std::to_string(id) + " is visible to you");
}

Error NoInvitation(int64_t id) {
  return NotFound("招待 " + std::to_string(id) + " は表示できません / no invitation " +
                  std::to_string(id) + " is visible to you");
}

Error ClosedGroup() {
  return Conflict("Group closed", "この共有グループは閉鎖されています / the sharing group is closed");
}

bool Contains(const std::vector<int64_t>& sorted, int64_t id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

bool KnownKind(const std::string& kind) {
  return kind == "isac" || kind == "industry" || kind == "cross_industry";
}

}  // namespace

std::string InvitationState(const StoredGroupInvitation& i, const std::string& now) {
  if (i.accepted_at) return "accepted";
  if (i.declined_at) return "declined";
  if (i.revoked_at) return "revoked";
  return now < i.expires_at ? "open" : "expired";
}

Result<ResourceFacts> SharingGroupService::FactsOf(SqlSession& session,
                                                   const StoredSharingGroup& group,
                                                   const Principal& principal,
                                                   const std::vector<int64_t>& reader_groups) {
  ResourceFacts facts(ResourceKind::kSharingGroup, group.org_id);
  facts.group_member = Contains(reader_groups, group.id);
  bool admin = group.org_id == principal.org_id;
  if (!admin && group.kind != "supply_chain") {
    TRY_ASSIGN(const auto member,
               SharingGroupRepository(session).Member(group.id, principal.org_id));
    admin = member && member->role == "admin";
  }
  facts.group_admin = admin;  // a closed group refuses changes in the transaction (kConflict)
  return facts;
}

Result<std::pair<StoredSharingGroup, ResourceFacts>> SharingGroupService::Open(int64_t group_id,
                                                                               bool lock) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  SqlSession& session = context_.store.Sql();
  TRY_ASSIGN(const auto group, SharingGroupRepository(session).Get(group_id, lock));
  if (!group) return NoGroup(group_id);
  TRY_ASSIGN(const share::Reader reader, LoadTlpReader(session, p));
  TRY_ASSIGN(ResourceFacts facts, FactsOf(session, *group, p, reader.groups));
  // A closed group is still shown to whoever was its admin (owner), so it can be listed.
  if (group->closed_at && group->org_id == p.org_id) facts.group_member = true;
  if (!Authorize(p, Action::kRead, facts).allowed) return NoGroup(group_id);
  return std::make_pair(*group, facts);
}

Result<SharingGroup> SharingGroupService::Create(const std::string& kind, const std::string& name,
                                                 const std::string& description) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kCreate, ResourceFacts(ResourceKind::kSharingGroup, p.org_id)));
  if (!KnownKind(kind)) {
    return Invalid("Invalid group kind",
                   "種類は isac / industry / cross_industry のいずれかです / kind must be isac, "
                   "industry or cross_industry (supply-chain groups are made per buyer)");
  }
  if (name.empty() || !IsValidUtf8(name) || Utf8Length(name) > kMaxGroupNameCharacters) {
    return Invalid("Invalid group name", "名前は 1〜200 文字で入力してください / the name must "
                                         "have 1 to 200 characters");
  }
  if (!IsValidUtf8(description) || Utf8Length(description) > kMaxGroupDescriptionCharacters) {
    return Invalid("Invalid description", "説明は 2000 文字までです / the description may have "
                                          "at most 2000 characters");
  }
  StoredSharingGroup group{0,           p.org_id, kind, name, description, p.user_id,
                           context_.clock.UtcNow(), std::nullopt};
  TRY(InTransaction(context_, [&]() -> Status {
    SharingGroupRepository repository(context_.store.Sql());
    TRY_ASSIGN(group.id, repository.Insert(group));
    TRY(repository.AddMember(
        StoredGroupMember{group.id, p.org_id, "admin", group.created_at, p.user_id}));
    return Record(context_, "sharing_group.create", "sharing_group/" + std::to_string(group.id),
                  kind + " " + name);
  }));
  return SharingGroup{group, "admin"};
}

Result<SharingGroup> SharingGroupService::SupplyChainGroup() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  {
    TRY_ASSIGN(const auto existing,
               SharingGroupRepository(context_.store.Sql()).SupplyChainOf(p.org_id));
    if (existing) {
      TRY(Allow(context_, Action::kRead, [&] {
        ResourceFacts facts(ResourceKind::kSharingGroup, p.org_id);
        facts.group_member = true;
        return facts;
      }()));
      return SharingGroup{*existing, "admin"};
    }
  }
  TRY(Allow(context_, Action::kCreate, ResourceFacts(ResourceKind::kSharingGroup, p.org_id)));
  TRY_ASSIGN(const auto organisation, context_.store.GetOrganisation(p.org_id));
  StoredSharingGroup group{0,
                           p.org_id,
                           "supply_chain",
                           (organisation ? organisation->name : std::string("#") +
                                                                    std::to_string(p.org_id)) +
                               " サプライチェーン / supply chain",
                           "",
                           p.user_id,
                           context_.clock.UtcNow(),
                           std::nullopt};
  TRY(InTransaction(context_, [&]() -> Status {
    SharingGroupRepository repository(context_.store.Sql());
    // Two admins asking at once: the unique index refuses the second; it then reads the first.
    TRY_ASSIGN(const auto made, repository.SupplyChainOf(p.org_id));
    if (made) {
      group = *made;
      return OkStatus();
    }
    TRY_ASSIGN(group.id, repository.Insert(group));
    return Record(context_, "sharing_group.create", "sharing_group/" + std::to_string(group.id),
                  "supply_chain");
  }));
  return SharingGroup{group, "admin"};
}

Result<std::vector<SharingGroup>> SharingGroupService::Mine() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  SqlSession& session = context_.store.Sql();
  TRY_ASSIGN(const share::Reader reader, LoadTlpReader(session, p));
  SharingGroupRepository repository(session);
  TRY_ASSIGN(auto groups, repository.ListByIds(reader.groups));
  std::vector<SharingGroup> out;
  for (StoredSharingGroup& group : groups) {
    if (out.size() >= static_cast<size_t>(kMaxGroupListing)) break;
    TRY_ASSIGN(const ResourceFacts facts, FactsOf(session, group, p, reader.groups));
    if (!Authorize(p, Action::kRead, facts).allowed) continue;
    out.push_back(SharingGroup{std::move(group), facts.group_admin ? "admin" : "member"});
  }
  return out;
}

Result<SharingGroupDetail> SharingGroupService::Get(int64_t group_id) {
  TRY_ASSIGN(const auto opened, Open(group_id, false));
  const auto& [group, facts] = opened;
  SharingGroupRepository repository(context_.store.Sql());
  SharingGroupDetail detail;
  detail.group = SharingGroup{group, facts.group_admin ? "admin" : "member"};
  if (group.kind == "supply_chain") {
    TRY_ASSIGN(detail.members, repository.ChainMembers(group));
  } else {
    TRY_ASSIGN(detail.members, repository.Members(group.id));
  }
  if (facts.group_admin) {
    TRY_ASSIGN(detail.invitations, repository.InvitationsOfGroup(group.id, kMaxGroupListing));
  }
  return detail;
}

Result<GroupInvitation> SharingGroupService::Invite(int64_t group_id,
                                                    const std::string& corporate_number) {
  TRY_ASSIGN(const auto opened, Open(group_id, false));
  TRY(Allow(context_, Action::kUpdate, opened.second));
  const Principal p = *context_.actor.principal;
  auto number = CorporateNumber::Parse(corporate_number);
  if (!number) return Invalid("Invalid corporate number", number.error().message);
  TRY_ASSIGN(const auto invited, context_.store.FindOrganisation(*number));
  if (!invited) {
    return Invalid("Unknown organisation", "法人番号 " + number->digits() +
                                               " の組織は Hoshitori を利用していません / no "
                                               "organisation with corporate number " +
                                               number->digits() + " uses Hoshitori yet");
  }
  const std::string now = context_.clock.UtcNow();
  GroupInvitation out;
  TRY(InTransaction(context_, [&]() -> Status {
    SharingGroupRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto group, repository.Get(group_id, true));
    if (!group) return NoGroup(group_id);
    if (group->closed_at) return ClosedGroup();
    if (group->kind == "supply_chain") {
      return Conflict("Members are computed",
                      "サプライチェーングループの構成員は確認済みの取引関係で決まります / a "
                      "supply-chain group's members are its confirmed suppliers; nobody is "
                      "invited into it");
    }
    TRY_ASSIGN(const auto member, repository.Member(group_id, invited->id));
    if (member) {
      return Conflict("Already a member", "この組織はすでに構成員です / the organisation is "
                                          "already a member of the group");
    }
    TRY_ASSIGN(const auto earlier, repository.InvitationsOfGroup(group_id, kMaxGroupListing));
    for (const StoredGroupInvitation& i : earlier) {
      if (i.org_id == invited->id && i.OpenAt(now)) {
        return Conflict("Already invited", "この組織への招待はすでに有効です / the organisation "
                                           "has an open invitation already");
      }
    }
    StoredGroupInvitation invitation;
    invitation.group_id = group_id;
    invitation.org_id = invited->id;
    invitation.invited_by = p.user_id;
    invitation.created_at = now;
    invitation.expires_at = context_.clock.UtcNow(int64_t{kInvitationDays} * 86400);
    TRY_ASSIGN(invitation.id, repository.InsertInvitation(invitation));
    TRY_ASSIGN(const auto owner, context_.store.GetOrganisation(group->org_id));
    notify::Notification n;
    n.kind = notify::NotificationKind::kGroupInvitation;
    n.recipient_org_id = invited->id;
    n.dedupe_key = "group-invitation:" + std::to_string(invitation.id);
    n.link = "/groups";
    n.params = {{"group", group->name}, {"owner", owner ? owner->name : ""}};
    TRY(Notify(context_, n));
    out = GroupInvitation{invitation, group->name, group->kind, group->org_id, "open"};
    return Record(context_, "sharing_group.invite",
                  "sharing_group/" + std::to_string(group_id) + "/invitation/" +
                      std::to_string(invitation.id),
                  "org " + std::to_string(invited->id));
  }));
  return out;
}

Result<std::vector<GroupInvitation>> SharingGroupService::MyInvitations() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  SharingGroupRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto invitations, repository.InvitationsTo(p.org_id, kMaxGroupListing));
  const std::string now = context_.clock.UtcNow();
  std::vector<GroupInvitation> out;
  for (const StoredGroupInvitation& i : invitations) {
    TRY_ASSIGN(const auto group, repository.Get(i.group_id));
    if (!group) continue;
    out.push_back(
        GroupInvitation{i, group->name, group->kind, group->org_id, InvitationState(i, now)});
  }
  return out;
}

Result<GroupInvitation> SharingGroupService::Answer(int64_t invitation_id, bool accept) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  const std::string now = context_.clock.UtcNow();
  GroupInvitation out;
  TRY(InTransaction(context_, [&]() -> Status {
    SharingGroupRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto invitation, repository.GetInvitation(invitation_id, true));
    if (!invitation || invitation->org_id != p.org_id) return NoInvitation(invitation_id);
    TRY(Allow(context_, Action::kAnswer,
              ResourceFacts(ResourceKind::kSharingGroup, invitation->org_id)));
    TRY_ASSIGN(const auto group, repository.Get(invitation->group_id, true));
    if (!group) return NoInvitation(invitation_id);
    if (!invitation->OpenAt(now)) {
      return Conflict("Invitation ended", "この招待はすでに終了しています（" +
                                              InvitationState(*invitation, now) +
                                              "） / the invitation is no longer open (" +
                                              InvitationState(*invitation, now) + ")");
    }
    if (accept && group->closed_at) return ClosedGroup();
    TRY(repository.EndInvitation(invitation_id, accept ? "accepted_at" : "declined_at", now));
    if (accept) {
      TRY_ASSIGN(const auto member, repository.Member(group->id, p.org_id));
      if (!member) {
        TRY(repository.AddMember(
            StoredGroupMember{group->id, p.org_id, "member", now, invitation->invited_by}));
      }
    }
    TRY_ASSIGN(const auto ended, repository.GetInvitation(invitation_id));
    out = GroupInvitation{*ended, group->name, group->kind, group->org_id,
                          accept ? "accepted" : "declined"};
    return Record(context_, accept ? "sharing_group.accept" : "sharing_group.decline",
                  "sharing_group/" + std::to_string(group->id) + "/invitation/" +
                      std::to_string(invitation_id));
  }));
  return out;
}

Result<GroupInvitation> SharingGroupService::Accept(int64_t invitation_id) {
  return Answer(invitation_id, true);
}

Result<GroupInvitation> SharingGroupService::Decline(int64_t invitation_id) {
  return Answer(invitation_id, false);
}

Result<GroupInvitation> SharingGroupService::Revoke(int64_t invitation_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto invitation,
             SharingGroupRepository(context_.store.Sql()).GetInvitation(invitation_id));
  if (!invitation) return NoInvitation(invitation_id);
  auto opened = Open(invitation->group_id, false);
  if (!opened) {
    if (opened.error().kind == ErrorKind::kNotFound) return NoInvitation(invitation_id);
    return opened.error();
  }
  TRY(Allow(context_, Action::kUpdate, opened->second));
  const std::string now = context_.clock.UtcNow();
  GroupInvitation out;
  TRY(InTransaction(context_, [&]() -> Status {
    SharingGroupRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto current, repository.GetInvitation(invitation_id, true));
    if (!current || !current->OpenAt(now)) {
      return Conflict("Invitation ended", "この招待はすでに終了しています / the invitation is no "
                                          "longer open");
    }
    TRY(repository.EndInvitation(invitation_id, "revoked_at", now));
    TRY_ASSIGN(const auto ended, repository.GetInvitation(invitation_id));
    out = GroupInvitation{*ended, opened->first.name, opened->first.kind, opened->first.org_id,
                          "revoked"};
    (void)p;
    return Record(context_, "sharing_group.revoke_invitation",
                  "sharing_group/" + std::to_string(current->group_id) + "/invitation/" +
                      std::to_string(invitation_id));
  }));
  return out;
}

Status SharingGroupService::RemoveMember(int64_t group_id, int64_t org_id) {
  TRY_ASSIGN(const auto opened, Open(group_id, false));
  TRY(Allow(context_, Action::kUpdate, opened.second));
  return InTransaction(context_, [&]() -> Status {
    SharingGroupRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto group, repository.Get(group_id, true));
    if (!group) return NoGroup(group_id);
    if (group->closed_at) return ClosedGroup();
    if (group->kind == "supply_chain" || org_id == group->org_id) {
      return Conflict("Cannot remove", "運営組織やサプライチェーンの構成員は外せません / the "
                                       "owner, and the members of a supply-chain group, cannot "
                                       "be removed");
    }
    TRY_ASSIGN(const bool removed, repository.RemoveMember(group_id, org_id));
    if (!removed) {
      return NotFound("組織 " + std::to_string(org_id) + " は構成員ではありません / organisation " +
                      std::to_string(org_id) + " is not a member of the group");
    }
    return Record(context_, "sharing_group.remove_member",
                  "sharing_group/" + std::to_string(group_id), "org " + std::to_string(org_id));
  });
}

Result<SharingGroup> SharingGroupService::Close(int64_t group_id) {
  TRY_ASSIGN(const auto opened, Open(group_id, false));
  TRY(Allow(context_, Action::kUpdate, opened.second));
  StoredSharingGroup group = opened.first;
  TRY(InTransaction(context_, [&]() -> Status {
    SharingGroupRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto current, repository.Get(group_id, true));
    if (!current) return NoGroup(group_id);
    if (current->closed_at) return ClosedGroup();
    group.closed_at = context_.clock.UtcNow();
    TRY(repository.Close(group_id, *group.closed_at));
    return Record(context_, "sharing_group.close", "sharing_group/" + std::to_string(group_id));
  }));
  return SharingGroup{group, "admin"};
}

}  // namespace hoshitori::service
