// SharingGroupRepository: sharing groups, their member organisations and invitations, as
// migration 021 keeps them (issue 16). Kinds and roles are kept as their names ("isac",
// "industry", "cross_industry", "supply_chain"; "admin", "member"); the service checks them.
//
// A 'supply_chain' group has no member rows: its members are its owner and the suppliers with
// a confirmed relationship to the owner that has not ended (ChainMembers computes them, as
// service/tlp_reader.h does for a reader).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

struct StoredSharingGroup {
  int64_t id = 0;
  int64_t org_id = 0;  // the organisation that runs it (its owner)
  std::string kind;
  std::string name;
  std::string description;
  int64_t created_by = 0;
  std::string created_at;
  std::optional<std::string> closed_at;
};

struct StoredGroupMember {
  int64_t group_id = 0;
  int64_t org_id = 0;
  std::string role;  // admin, member
  std::string joined_at;
  std::optional<int64_t> invited_by;
};

struct StoredGroupInvitation {
  int64_t id = 0;
  int64_t group_id = 0;
  int64_t org_id = 0;  // the invited organisation
  int64_t invited_by = 0;
  std::string created_at;
  std::string expires_at;
  std::optional<std::string> accepted_at;
  std::optional<std::string> declined_at;
  std::optional<std::string> revoked_at;

  // Not accepted, declined or revoked, and not expired at `now` (same text form).
  bool OpenAt(const std::string& now) const {
    return !accepted_at && !declined_at && !revoked_at && now < expires_at;
  }
};

// Works on the session it was given (which must outlive it); one thread at a time. Changes
// run in the caller's transaction; `lock` reads take the row lock where the backend has one.
class SharingGroupRepository {
 public:
  explicit SharingGroupRepository(SqlSession& session) : session_(session) {}

  // Stores a new group; returns its id. A second 'supply_chain' group of one owner is refused
  // by the database (unique index).
  Result<int64_t> Insert(const StoredSharingGroup& group);
  Result<std::optional<StoredSharingGroup>> Get(int64_t id, bool lock = false);
  // The owner's 'supply_chain' group, if it made one.
  Result<std::optional<StoredSharingGroup>> SupplyChainOf(int64_t owner_org_id);
  // The groups with these ids (any order of `ids`), by id.
  Result<std::vector<StoredSharingGroup>> ListByIds(const std::vector<int64_t>& ids);
  Status Close(int64_t id, const std::string& at);

  Status AddMember(const StoredGroupMember& member);
  // kNotFound-free: false when `org_id` had no member row.
  Result<bool> RemoveMember(int64_t group_id, int64_t org_id);
  Result<std::optional<StoredGroupMember>> Member(int64_t group_id, int64_t org_id);
  // The member rows of a group (none for a 'supply_chain' group), by organisation id.
  Result<std::vector<StoredGroupMember>> Members(int64_t group_id);
  // The members of owner `owner_org_id`'s supply-chain group: the owner (as admin) and its
  // confirmed suppliers whose relationship has not ended (as members), by organisation id.
  Result<std::vector<StoredGroupMember>> ChainMembers(const StoredSharingGroup& group);

  Result<int64_t> InsertInvitation(const StoredGroupInvitation& invitation);
  Result<std::optional<StoredGroupInvitation>> GetInvitation(int64_t id, bool lock = false);
  // Invitations of a group (newest first), or those to an organisation (newest first); at
  // most `limit`.
  Result<std::vector<StoredGroupInvitation>> InvitationsOfGroup(int64_t group_id, int limit);
  Result<std::vector<StoredGroupInvitation>> InvitationsTo(int64_t org_id, int limit);
  // Ends an invitation: `column` is one of "accepted_at", "declined_at", "revoked_at". Fails
  // unless exactly one row changed.
  Status EndInvitation(int64_t id, const char* column, const std::string& at);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
