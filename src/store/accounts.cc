// Role names and the UTC clock text shared by every backend.
#include "store/accounts.h"

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

std::string UtcNow(int64_t plus_seconds) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
                   std::chrono::seconds(plus_seconds);
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time(now - day);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

}  // namespace hoshitori
