#include "assure/keys.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "assure/base64url.h"
#include "assure/strict_json.h"

namespace hoshitori::assure {

using nlohmann::json;

namespace {

void RequireSodium() {
  // sodium_init is idempotent and thread-safe; it fails only when the system has no source of
  // randomness, where no key could be made safely.
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

Result<std::optional<Date>> OptionalDateMember(const json& jwk, const char* name,
                                               std::string_view where) {
  const auto found = jwk.find(name);
  if (found == jwk.end()) return std::optional<Date>();
  if (!found->is_string()) {
    return MakeError(std::string(where) + ": \"" + name + "\" must be a date YYYY-MM-DD");
  }
  auto date = ParseDate(found->get_ref<const std::string&>());
  if (!date) return MakeError(std::string(where) + ": \"" + name + "\": " + date.error().message);
  return std::optional<Date>(*date);
}

// The members every Ed25519 JWK has; `x` must decode to 32 bytes and `kid`, when given, must
// be the thumbprint of `x`.
Result<PublicKey> ReadPublicMembers(const json& jwk, std::string_view where) {
  const std::string at(where);
  auto kty = StringMember(jwk, "kty", at, 16);
  if (!kty) return kty.error();
  if (*kty != "OKP") return MakeError(at + ": \"kty\" must be \"OKP\" (an Ed25519 key)");
  auto crv = StringMember(jwk, "crv", at, 16);
  if (!crv) return crv.error();
  if (*crv != "Ed25519") return MakeError(at + ": \"crv\" must be \"Ed25519\"");
  if (const auto alg = jwk.find("alg"); alg != jwk.end() && *alg != "EdDSA") {
    return MakeError(at + ": \"alg\" must be \"EdDSA\" when given");
  }
  if (const auto use = jwk.find("use"); use != jwk.end() && *use != "sig") {
    return MakeError(at + ": \"use\" must be \"sig\" when given");
  }
  auto x_text = StringMember(jwk, "x", at, 64);
  if (!x_text) return x_text.error();
  auto x = Base64UrlDecode(*x_text, at + ": \"x\"");
  if (!x) return x.error();
  if (x->size() != 32) return MakeError(at + ": \"x\" must be 32 bytes (an Ed25519 public key)");
  PublicKey key;
  std::memcpy(key.x.data(), x->data(), 32);
  key.kid = Thumbprint(key.x);
  auto kid = StringMember(jwk, "kid", at, 128, /*required=*/false);
  if (!kid) return kid.error();
  if (!kid->empty() && *kid != key.kid) {
    return MakeError(at + ": \"kid\" is not the RFC 7638 thumbprint of the key (" + key.kid + ")");
  }
  auto not_before = OptionalDateMember(jwk, "not_before", at);
  if (!not_before) return not_before.error();
  auto retired = OptionalDateMember(jwk, "retired", at);
  if (!retired) return retired.error();
  key.not_before = *not_before;
  key.retired = *retired;
  if (key.not_before && key.retired && !(*key.not_before < *key.retired)) {
    return MakeError(at + ": \"retired\" must be after \"not_before\"");
  }
  return key;
}

}  // namespace

int64_t StartOfDay(const Date& date) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::sys_days(date).time_since_epoch())
      .count();
}

bool PublicKey::CoversTime(int64_t unix_seconds) const {
  if (not_before && unix_seconds < StartOfDay(*not_before)) return false;
  if (retired && unix_seconds >= StartOfDay(*retired)) return false;
  return true;
}

bool PublicKey::Verifies(std::string_view message, std::string_view signature) const {
  if (signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), x.data()) == 0;
}

json PublicKey::ToJwk() const {
  json jwk = {{"kty", "OKP"},
              {"crv", "Ed25519"},
              {"x", Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(x.data()), 32))},
              {"kid", kid},
              {"alg", "EdDSA"},
              {"use", "sig"}};
  if (not_before) jwk["not_before"] = FormatDate(*not_before);
  if (retired) jwk["retired"] = FormatDate(*retired);
  return jwk;
}

std::string Thumbprint(const Ed25519PublicBytes& x) {
  // RFC 7638 §3.2: the required members in lexicographic order, no white space.
  const std::string canonical =
      "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" +
      Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(x.data()), x.size())) + "\"}";
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()),
                     canonical.size());
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<PublicKey> PublicKeyFromJwk(const json& jwk, std::string_view where) {
  if (!jwk.is_object()) return MakeError(std::string(where) + " must be a JSON object");
  if (jwk.contains("d")) {
    return MakeError(std::string(where) + " holds a private key (\"d\"); publish only public keys");
  }
  return ReadPublicMembers(jwk, where);
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : secret_(other.secret_), public_(std::move(other.public_)) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    secret_ = other.secret_;
    public_ = std::move(other.public_);
    sodium_memzero(other.secret_.data(), other.secret_.size());
  }
  return *this;
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

SigningKey SigningKey::Generate(std::optional<Date> not_before, std::optional<Date> retired) {
  RequireSodium();
  SigningKey key;
  crypto_sign_keypair(key.public_.x.data(), key.secret_.data());
  key.public_.kid = Thumbprint(key.public_.x);
  key.public_.not_before = not_before;
  key.public_.retired = retired;
  return key;
}

Result<SigningKey> SigningKey::FromSeed(std::string_view seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return MakeError("an Ed25519 private key (\"d\") must be 32 bytes");
  }
  RequireSodium();
  SigningKey key;
  crypto_sign_seed_keypair(key.public_.x.data(), key.secret_.data(),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  key.public_.kid = Thumbprint(key.public_.x);
  return key;
}

Result<SigningKey> SigningKey::FromJwkText(std::string_view text) {
  auto jwk = ParseSignedJsonObject(text, "the private key", 2, kMaxJwkBytes);
  if (!jwk) return jwk.error();
  auto members = ReadPublicMembers(*jwk, "the private key");
  if (!members) return members.error();
  auto d_text = StringMember(*jwk, "d", "the private key", 64);
  if (!d_text) return d_text.error();
  auto seed = Base64UrlDecode(*d_text, "the private key's \"d\"");
  // Wipe every copy of the secret this function made, whatever happens next.
  struct Wipe {
    std::string& text;
    ~Wipe() { sodium_memzero(text.data(), text.size()); }
  };
  Wipe wipe_text{d_text.value()};
  Wipe wipe_parsed{(*jwk)["d"].get_ref<std::string&>()};
  if (!seed) return seed.error();
  Wipe wipe_seed{seed.value()};
  auto key = FromSeed(*seed);
  if (!key) return key.error();
  if (key->public_.x != members->x) {
    return MakeError("the private key's \"x\" is not the public key of its \"d\"");
  }
  key->public_.not_before = members->not_before;
  key->public_.retired = members->retired;
  return std::move(key).value();
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_.data());
  return signature;
}

std::string SigningKey::ToPrivateJwkText() const {
  json jwk = public_.ToJwk();
  std::string d = Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(secret_.data()), crypto_sign_SEEDBYTES));
  jwk["d"] = d;
  sodium_memzero(d.data(), d.size());
  std::string text = jwk.dump(2) + "\n";
  std::string& d_in_json = jwk["d"].get_ref<std::string&>();
  sodium_memzero(d_in_json.data(), d_in_json.size());
  return text;
}

Status KeySet::Add(PublicKey key) {
  if (Find(key.kid)) return MakeError("the key " + key.kid + " is in the key set twice");
  if (keys_.size() >= kMaxJwkSetKeys) {
    return MakeError("a key set holds at most " + std::to_string(kMaxJwkSetKeys) + " keys");
  }
  keys_.push_back(std::move(key));
  return OkStatus();
}

const PublicKey* KeySet::Find(std::string_view kid) const {
  const auto found = std::find_if(keys_.begin(), keys_.end(),
                                  [&](const PublicKey& key) { return key.kid == kid; });
  return found == keys_.end() ? nullptr : &*found;
}

std::string KeySet::ToJson() const {
  json keys = json::array();
  for (const PublicKey& key : keys_) keys.push_back(key.ToJwk());
  return json{{"keys", keys}}.dump(2) + "\n";
}

Result<KeySet> KeySet::Parse(std::string_view text, std::string_view where) {
  const std::string at(where);
  auto document = ParseSignedJsonObject(text, at, 4, kMaxJwkSetBytes);
  if (!document) return document.error();
  const auto keys = document->find("keys");
  if (keys == document->end() || !keys->is_array()) {
    return MakeError(at + ": a JWK Set needs a \"keys\" array");
  }
  KeySet set;
  for (size_t i = 0; i < keys->size(); ++i) {
    const std::string key_at = at + ": keys[" + std::to_string(i) + "]";
    auto key = PublicKeyFromJwk((*keys)[i], key_at);
    if (!key) return key.error();
    if (auto added = set.Add(std::move(key).value()); !added) {
      return MakeError(key_at + ": " + added.error().message);
    }
  }
  return set;
}

}  // namespace hoshitori::assure
