// Records of accounts, sharing and auditing as the store keeps them. Secrets never appear
// here: tokens are kept as SHA-256 hashes and passwords as argon2id hash strings.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hoshitori {

enum class Role { kOrgAdmin, kMember, kAssessor, kAssociationAdmin, kHubAdmin };
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

struct User {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string email;
  std::string display_name;
  Role role = Role::kMember;
  std::string password_hash;  // argon2id, libsodium's encoded form
  std::string created_at;
  std::optional<std::string> disabled_at;  // set when an admin removed the user
};

// E-mail addresses are compared without case: the form every address is stored and looked
// up in (ASCII letters lowered; other characters kept).
std::string FoldEmail(std::string_view email);

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  int64_t org_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string expires_at;  // ISO 8601 UTC, compared as text
};

struct ApiToken {
  int64_t id = 0;
  std::string token_hash;
  int64_t user_id = 0;
  int64_t org_id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> expires_at;  // ISO 8601 UTC; tokens always expire
  std::string scope = "write";            // "read" (GET only) or "write"
};

struct Invitation {
  std::string token_hash;
  int64_t org_id = 0;
  std::string email;
  Role role = Role::kMember;
  int64_t created_by = 0;
  std::string created_at;
  std::string expires_at;
  std::optional<std::string> accepted_at;
};

enum class ShareDetail { kLevel, kDetails };

struct Share {
  int64_t id = 0;
  int64_t org_id = 0;  // the supplier that owns the assessment and granted the share
  int64_t assessment_id = 0;
  int64_t buyer_org_id = 0;
  ShareDetail detail = ShareDetail::kLevel;
  std::optional<int64_t> request_id;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;

  // Active at `now` (ISO 8601 UTC text): not revoked and not past its expiry.
  bool ActiveAt(const std::string& now) const {
    return !revoked_at && (!expires_at || now < *expires_at);
  }
};

struct AssessmentRequest {
  int64_t id = 0;
  int64_t org_id = 0;  // the buyer asking
  int64_t supplier_org_id = 0;
  std::string framework_id;
  std::optional<int> required_star;
  std::string message;
  std::string status = "open";  // open | answered | withdrawn
  std::optional<int64_t> share_id;
  std::string created_at;
};

// SHA-256 of a text as lower-case hex (service/security.h Sha256Hex), for the audit chain.
using Sha256HexFunction = std::function<std::string(std::string_view)>;

struct AuditEntry {
  int64_t seq = 0;
  std::string at;
  std::optional<int64_t> actor_user_id;
  std::optional<int64_t> org_id;
  std::string action;
  std::string resource;
  std::string detail;
  std::string prev_hash;
  std::string hash;
};

// The current time as ISO 8601 UTC text ("2026-11-21T05:30:00Z"); `plus_seconds` shifts it.
std::string UtcNow(int64_t plus_seconds = 0);

}  // namespace hoshitori
