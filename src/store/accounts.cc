// Role names and the UTC clock text shared by every backend.
#include "store/accounts.h"

#include "core/clock.h"

#include <chrono>
#include <cstdio>

namespace hoshitori {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOrgAdmin: return "org_admin";
    case Role::kMember: return "member";
    case Role::kAssessor: return "assessor";
    case Role::kAssociationAdmin: return "association_admin";
    case Role::kHubAdmin: return "hub_admin";
  }
  return "member";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kOrgAdmin, Role::kMember, Role::kAssessor, Role::kAssociationAdmin, Role::kHubAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string FoldEmail(std::string_view email) {
  std::string out(email);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string UtcNow(int64_t plus_seconds) { return Clock().UtcNow(plus_seconds); }

}  // namespace hoshitori
