// Status lists: revocation and suspension of attestations, in the spirit of the W3C Bitstring
// Status List. Each attestation names a list URL and an index; the bit at that index in the
// list's revocation bitstring says "revoked", in its suspension bitstring "suspended".
//
// A bitstring is GZIP-compressed (RFC 1952) and base64url-encoded with the multibase prefix
// "u", as the W3C encodedList is; bit 0 is the most significant bit of the first byte. Every
// list has at least kMinStatusBits bits (16 KiB), so that one index among many thousand
// unused ones tells an observer little about whose status is being checked. The list itself
// is a compact JWS (typ kStatusListType) signed by an issuer key, so a verifier needs only the
// issuer's JWK Set to trust it.
//
// Bounds: at most kMaxStatusBits bits (16 MiB decompressed; inflation stops there), the JWS at
// most kMaxCompactJwsBytes, the URL and issuer at most 2,048 bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assure/keys.h"
#include "core/result.h"

namespace hoshitori::assure {

inline constexpr size_t kMinStatusBits = 16 * 1024 * 8;
inline constexpr size_t kMaxStatusBits = size_t{16} * 1024 * 1024 * 8;
inline constexpr char kStatusListType[] = "hoshitori-status-list+jwt";

// A bitstring of status flags, all clear when made. A plain value.
class StatusBits {
 public:
  // Requires kMinStatusBits <= bits <= kMaxStatusBits and bits a multiple of 8.
  explicit StatusBits(size_t bits = kMinStatusBits);

  size_t size() const { return bytes_.size() * 8; }
  // Requires index < size().
  bool Get(size_t index) const;
  // Sets or clears the bit; an error when index >= size().
  Status Set(size_t index, bool value);

  // "u" followed by the base64url of the GZIP of the bytes.
  std::string Encode() const;
  // Reads Encode()'s form; errors name `where` (what is wrong: prefix, base64url, GZIP,
  // size out of bounds, trailing data).
  static Result<StatusBits> Decode(std::string_view encoded, std::string_view where);

 private:
  std::vector<unsigned char> bytes_;
};

// One published status list: both purposes behind one URL.
struct StatusList {
  std::string issuer;                 // iss: who publishes it (the attestation issuer)
  std::string url;                    // sub: the URL attestations name in status.url
  int64_t issued_at = 0;              // iat, Unix seconds
  std::optional<int64_t> expires_at;  // exp: after it the list is stale and not trusted
  StatusBits revocation;
  StatusBits suspension;
};

// The list as a compact JWS signed by `key`.
std::string SignStatusList(const StatusList& list, const SigningKey& key);

// Reads and checks a status-list JWS: form, a key of `keys` by kid that covers its iat, the
// signature, and freshness at `now` (Unix seconds; std::nullopt skips only the freshness
// check, for an issuer updating its own expired list). Errors say what is wrong.
Result<StatusList> ReadStatusList(std::string_view compact, const KeySet& keys,
                                  std::optional<int64_t> now);

}  // namespace hoshitori::assure
