// Secrets: password hashing (argon2id via libsodium), random tokens, and token digests.
//
// Passwords and tokens are never stored or logged in clear: a password becomes an argon2id
// hash string, a token becomes the SHA-256 digest used to look it up. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::api {

// Cost of argon2id. kInteractive is libsodium's interactive profile (64 MiB); kMinimal is
// only for tests, where hundreds of hashes are made.
enum class PasswordCost { kInteractive, kMinimal };

// Initialises libsodium once; returns false if it cannot be used.
bool InitSecurity();

// Returns the encoded argon2id hash of `password`. Fails only when memory is short.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost);
// True when `password` matches `hash` (constant-time comparison inside libsodium).
bool VerifyPassword(std::string_view password, const std::string& hash);
// Checks a new password: at least 12 characters and not only one character class repeated.
Status CheckPasswordStrength(std::string_view password);

// A new random token: `prefix` followed by 32 random bytes in hex.
std::string NewToken(std::string_view prefix);
// Lower-case hex SHA-256 of `text`.
std::string Sha256Hex(std::string_view text);
// Constant-time equality for secrets of equal length.
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace hoshitori::api
