// SharingGroupService: sharing groups of issue 16 — an ISAC, an industry association, a
// cross-industry group, or a buyer's consented supply chain — their membership by invitation
// and the invitations themselves.
//
// Rules (authorisation through Authorize, kind kSharingGroup):
// - an org admin (or association admin) creates a group its organisation runs (kind isac,
//   industry or cross_industry); the organisation becomes its owner and an admin member;
// - a buyer's admin asks for its supply-chain group, made on first use, one per buyer; its
//   members are computed (the buyer and its confirmed suppliers), so nobody is invited into it;
// - the group's admins (owner, admin members) invite an organisation by corporate number
//   (full-width digits accepted), revoke an open invitation, remove a member (never the
//   owner) and close the group; the invited organisation hears of it (inbox and e-mail,
//   kind group_invitation);
// - the invited organisation's admin accepts (it becomes a member) or declines;
// - a group is visible to its members only: to anyone else it does not exist (kNotFound).
// Every change is one transaction with one audit entry; state checks (closed, ended, already
// a member) are made inside the transaction that writes.
//
// Bounds: name 1..200 characters, description up to 2000; an invitation is open for
// kInvitationDays days; listings return at most kMaxGroupListing entries.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "store/sharing_group_repository.h"

namespace hoshitori::service {

inline constexpr int kInvitationDays = 30;
inline constexpr int kMaxGroupListing = 500;
inline constexpr size_t kMaxGroupNameCharacters = 200;
inline constexpr size_t kMaxGroupDescriptionCharacters = 2000;

// A group as the caller sees it: the caller's role in it ("admin", "member").
struct SharingGroup {
  StoredSharingGroup group;
  std::string my_role;
};

// A group with its members and, for its admins, its invitations.
struct SharingGroupDetail {
  SharingGroup group;
  std::vector<StoredGroupMember> members;
  std::vector<StoredGroupInvitation> invitations;  // empty unless the caller is an admin
};

// An invitation with the group's name (for the invited organisation, which is not a member).
struct GroupInvitation {
  StoredGroupInvitation invitation;
  std::string group_name;
  std::string group_kind;
  int64_t owner_org_id = 0;
  std::string state;  // open, accepted, declined, revoked, expired
};

class SharingGroupService {
 public:
  explicit SharingGroupService(Context& context) : context_(context) {}

  // A new group run by the caller's organisation. kInvalid for an unknown or supply_chain
  // kind, an empty or too long name or description; kForbidden unless an admin.
  Result<SharingGroup> Create(const std::string& kind, const std::string& name,
                              const std::string& description);
  // The caller's organisation's supply-chain group, made now when it has none (audited then).
  Result<SharingGroup> SupplyChainGroup();
  // The groups the caller's organisation belongs to (open ones), by id.
  Result<std::vector<SharingGroup>> Mine();
  // One group (kNotFound unless the caller's organisation is a member).
  Result<SharingGroupDetail> Get(int64_t group_id);
  // Invites the organisation with `corporate_number`. kInvalid for a bad or unknown number;
  // kConflict for a closed or supply-chain group, an organisation already a member, or an
  // open invitation to it.
  Result<GroupInvitation> Invite(int64_t group_id, const std::string& corporate_number);
  // Open and past invitations to the caller's organisation, newest first.
  Result<std::vector<GroupInvitation>> MyInvitations();
  // The invited organisation's admin answers (kNotFound for an invitation to another
  // organisation; kConflict when it is no longer open or the group closed).
  Result<GroupInvitation> Accept(int64_t invitation_id);
  Result<GroupInvitation> Decline(int64_t invitation_id);
  // A group admin withdraws an open invitation.
  Result<GroupInvitation> Revoke(int64_t invitation_id);
  // A group admin removes member `org_id` (kConflict for the owner or a supply-chain group).
  Status RemoveMember(int64_t group_id, int64_t org_id);
  // A group admin closes the group: it no longer counts for TLP:GREEN nor is served by TAXII.
  Result<SharingGroup> Close(int64_t group_id);

  // Facts about `group` for the caller: member (reader.groups holds it) and admin.
  static Result<ResourceFacts> FactsOf(SqlSession& session, const StoredSharingGroup& group,
                                       const Principal& principal,
                                       const std::vector<int64_t>& reader_groups);

 private:
  // The group when the caller's organisation is a member (else kNotFound), with its facts.
  Result<std::pair<StoredSharingGroup, ResourceFacts>> Open(int64_t group_id, bool lock);
  Result<GroupInvitation> Answer(int64_t invitation_id, bool accept);

  Context& context_;
};

// The state of an invitation at `now`: open, accepted, declined, revoked or expired.
std::string InvitationState(const StoredGroupInvitation& invitation, const std::string& now);

}  // namespace hoshitori::service
