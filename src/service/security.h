// Secrets: password hashing (argon2id via libsodium), random tokens, and token digests.
//
// Passwords and tokens are never stored or logged in clear: a password becomes an argon2id
// hash string, a token becomes the SHA-256 digest used to look it up. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::service {

// Cost of argon2id. kInteractive is libsodium's interactive profile (64 MiB); kMinimal is
// only for tests, where hundreds of hashes are made.
enum class PasswordCost { kInteractive, kMinimal };

// Initialises libsodium once; returns false if it cannot be used.
bool InitSecurity();

// Returns the encoded argon2id hash of `password`. Fails only when memory is short.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost);
// True when `password` matches `hash` (constant-time comparison inside libsodium).
bool VerifyPassword(std::string_view password, const std::string& hash);
// Password lengths, in characters (Unicode code points: a Japanese passphrase of 12
// characters is as long as an English one).
inline constexpr size_t kMinPasswordCharacters = 12;
inline constexpr size_t kMaxPasswordCharacters = 1024;

// Checks a new password (UTF-8). Refuses, with a message in English and Japanese: fewer than
// kMinPasswordCharacters or more than kMaxPasswordCharacters characters; a short sequence
// repeated ("abcabcabcabc"); a keyboard walk or alphabet run ("qwertyuiop12",
// "1qaz2wsx3edc"); a password made only of common words and digits or symbols
// ("Password2024!", "p@ssw0rd1234", "パスワード12345678"). See docs/security.md.
Status CheckPasswordStrength(std::string_view password);

// A new random token: `prefix` followed by 32 random bytes in hex.
std::string NewToken(std::string_view prefix);
// Lower-case hex SHA-256 of `text`.
std::string Sha256Hex(std::string_view text);
// Constant-time equality for secrets of equal length.
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace hoshitori::service
