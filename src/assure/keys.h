// Ed25519 keys as JSON Web Keys (RFC 7517, OKP keys per RFC 8037) and the JWK Set an issuer
// publishes at /.well-known/jwks.json.
//
// A key's id (kid) is its RFC 7638 thumbprint, so a key set cannot carry two ids for one key
// and anyone can recompute it. Keys carry the dates they may sign from ("not_before") and
// until ("retired", exclusive), both YYYY-MM-DD in UTC; after a rotation the old public key
// stays in the set with its retirement date, so attestations it signed earlier still verify,
// while anything it claims to have signed on or after that date is refused.
//
// Bounds: a JWK is at most 4 KiB, a JWK Set at most 256 KiB and 256 keys.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"

namespace hoshitori::assure {

inline constexpr size_t kMaxJwkBytes = 4 * 1024;
inline constexpr size_t kMaxJwkSetBytes = 256 * 1024;
inline constexpr size_t kMaxJwkSetKeys = 256;

using Ed25519PublicBytes = std::array<unsigned char, 32>;

// The public half of a signing key, with the dates it may sign in. A plain value.
struct PublicKey {
  std::string kid;  // RFC 7638 thumbprint (base64url of SHA-256)
  Ed25519PublicBytes x{};
  std::optional<Date> not_before;
  std::optional<Date> retired;

  // True when a signature made at `unix_seconds` (an attestation's iat) falls within
  // [not_before 00:00 UTC, retired 00:00 UTC).
  bool CoversTime(int64_t unix_seconds) const;
  // True when the Ed25519 `signature` (64 bytes) over `message` is this key's.
  bool Verifies(std::string_view message, std::string_view signature) const;
  // The public JWK: kty, crv, x, kid, alg, use and the dates when set.
  nlohmann::json ToJwk() const;
};

// The RFC 7638 thumbprint of an Ed25519 public key.
std::string Thumbprint(const Ed25519PublicBytes& x);

// Reads a public JWK (members d and unknown key types refused: a published key set must hold
// no private key). `where` prefixes errors ("jwks.json: keys[2]").
Result<PublicKey> PublicKeyFromJwk(const nlohmann::json& jwk, std::string_view where);

// An Ed25519 private key. Move-only; the secret is wiped (sodium_memzero) when the key is
// destroyed or moved from, and no error message or log ever contains it.
// Not thread-safe for mutation; Sign() may be called concurrently.
class SigningKey {
 public:
  // A fresh random key (libsodium's generator).
  static SigningKey Generate(std::optional<Date> not_before = std::nullopt,
                             std::optional<Date> retired = std::nullopt);
  // The key of a 32-byte seed (RFC 8032's private key).
  static Result<SigningKey> FromSeed(std::string_view seed);
  // Reads a private JWK (kty OKP, crv Ed25519, d, x; x must match d; kid, when present, must
  // be the thumbprint). Errors never quote the text.
  static Result<SigningKey> FromJwkText(std::string_view text);

  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  ~SigningKey();

  const PublicKey& public_key() const { return public_; }
  const std::string& kid() const { return public_.kid; }
  void set_retired(std::optional<Date> retired) { public_.retired = retired; }

  // The 64-byte Ed25519 signature of `message`.
  std::string Sign(std::string_view message) const;
  // The private JWK as JSON text (holds the secret: write it only to a 0600 file).
  std::string ToPrivateJwkText() const;

 private:
  SigningKey() = default;
  std::array<unsigned char, 64> secret_{};  // libsodium's form: seed followed by public key
  PublicKey public_;
};

// The public keys an issuer publishes; verification picks one by kid. A plain value.
class KeySet {
 public:
  // Adds `key`; refuses a second key with the same kid or more than kMaxJwkSetKeys keys.
  Status Add(PublicKey key);
  const PublicKey* Find(std::string_view kid) const;
  const std::vector<PublicKey>& keys() const { return keys_; }

  // {"keys":[...]} with the public JWKs in the order added.
  std::string ToJson() const;
  // Reads a JWK Set; errors name `where` and the key's position.
  static Result<KeySet> Parse(std::string_view text, std::string_view where);

 private:
  std::vector<PublicKey> keys_;
};

// Unix seconds of 00:00:00 UTC on `date`.
int64_t StartOfDay(const Date& date);

}  // namespace hoshitori::assure
