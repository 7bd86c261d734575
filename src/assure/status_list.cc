#include "assure/status_list.h"

#include <zlib.h>

#include <algorithm>
#include <cassert>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "assure/base64url.h"
#include "assure/jws.h"
#include "assure/strict_json.h"

namespace hoshitori::assure {

using nlohmann::json;

namespace {

constexpr size_t kMaxUrlBytes = 2048;

Result<std::string> Gzip(const std::vector<unsigned char>& bytes) {
  z_stream stream{};
  // 15 + 16: a GZIP wrapper (RFC 1952) around the deflate stream; zlib writes mtime 0, so the
  // output depends on the bits alone.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return MakeError("zlib could not start compressing");
  }
  std::string out(deflateBound(&stream, bytes.size()) + 32, '\0');
  stream.next_in = const_cast<Bytef*>(bytes.data());
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return MakeError("zlib could not compress the status list");
  return out;
}

// Inflates one GZIP member of at most `max_out` bytes; refuses more, truncation and anything
// after the member. The output grows as inflation proceeds, so a small list costs little.
Result<std::vector<unsigned char>> Gunzip(std::string_view in, size_t max_out,
                                          const std::string& where) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return MakeError("zlib could not start inflating");
  std::vector<unsigned char> out(std::min<size_t>(max_out + 1, 64 * 1024));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  int result = Z_OK;
  while (true) {
    stream.next_out = out.data() + stream.total_out;
    stream.avail_out = static_cast<uInt>(out.size() - stream.total_out);
    result = inflate(&stream, Z_NO_FLUSH);
    if (result != Z_OK || stream.avail_out != 0) break;
    if (out.size() > max_out) break;  // full at max_out + 1 bytes: too long
    out.resize(std::min(out.size() * 2, max_out + 1));
  }
  const size_t produced = stream.total_out;
  const size_t left = stream.avail_in;
  inflateEnd(&stream);
  if (produced > max_out) {
    return MakeError(where + ": the bitstring is longer than " + std::to_string(max_out) +
                     " bytes");
  }
  if (result != Z_STREAM_END) return MakeError(where + ": the bitstring is not complete GZIP data");
  if (left != 0) return MakeError(where + ": data follows the GZIP stream");
  out.resize(produced);
  return out;
}

Result<int64_t> TimeMember(const json& payload, const char* name, const std::string& where) {
  const auto found = payload.find(name);
  if (found == payload.end() || !found->is_number_integer()) {
    return MakeError(where + ": \"" + name + "\" must be a whole number of seconds");
  }
  return found->get<int64_t>();
}

Result<StatusList> ReadPayload(std::string_view payload_text) {
  const std::string where = "the status list";
  auto payload = ParseSignedJsonObject(payload_text, where, 2, kMaxCompactJwsBytes);
  if (!payload) return payload.error();
  StatusList list;
  auto issuer = StringMember(*payload, "iss", where, kMaxUrlBytes);
  if (!issuer) return issuer.error();
  list.issuer = std::move(issuer).value();
  auto url = StringMember(*payload, "sub", where, kMaxUrlBytes);
  if (!url) return url.error();
  list.url = std::move(url).value();
  auto issued_at = TimeMember(*payload, "iat", where);
  if (!issued_at) return issued_at.error();
  list.issued_at = *issued_at;
  if (payload->contains("exp")) {
    auto expires_at = TimeMember(*payload, "exp", where);
    if (!expires_at) return expires_at.error();
    list.expires_at = *expires_at;
  }
  auto revocation_text = StringMember(*payload, "revocation_list", where, kMaxCompactJwsBytes);
  if (!revocation_text) return revocation_text.error();
  auto revocation = StatusBits::Decode(*revocation_text, where + ": \"revocation_list\"");
  if (!revocation) return revocation.error();
  list.revocation = std::move(revocation).value();
  auto suspension_text = StringMember(*payload, "suspension_list", where, kMaxCompactJwsBytes);
  if (!suspension_text) return suspension_text.error();
  auto suspension = StatusBits::Decode(*suspension_text, where + ": \"suspension_list\"");
  if (!suspension) return suspension.error();
  list.suspension = std::move(suspension).value();
  return list;
}

}  // namespace

StatusBits::StatusBits(size_t bits) : bytes_(bits / 8) {
  assert(bits >= kMinStatusBits && bits <= kMaxStatusBits && bits % 8 == 0);
}

bool StatusBits::Get(size_t index) const { return (bytes_[index / 8] >> (7 - index % 8)) & 1; }

Status StatusBits::Set(size_t index, bool value) {
  if (index >= size()) {
    return MakeError("status index " + std::to_string(index) + " is outside the list (0.." +
                     std::to_string(size() - 1) + ")");
  }
  const auto mask = static_cast<unsigned char>(1u << (7 - index % 8));
  if (value) {
    bytes_[index / 8] |= mask;
  } else {
    bytes_[index / 8] &= static_cast<unsigned char>(~mask);
  }
  return OkStatus();
}

std::string StatusBits::Encode() const {
  auto compressed = Gzip(bytes_);
  // Compressing into a buffer of deflateBound's size cannot fail for want of space; only a
  // broken zlib fails here, and a status list must never be published half-written.
  if (!compressed) throw std::runtime_error(compressed.error().message);
  return "u" + Base64UrlEncode(*compressed);
}

Result<StatusBits> StatusBits::Decode(std::string_view encoded, std::string_view where) {
  const std::string at(where);
  if (encoded.empty() || encoded.front() != 'u') {
    return MakeError(at + ": the encoded list must start with the multibase prefix 'u'");
  }
  auto compressed = Base64UrlDecode(encoded.substr(1), at);
  if (!compressed) return compressed.error();
  auto bytes = Gunzip(*compressed, kMaxStatusBits / 8, at);
  if (!bytes) return bytes.error();
  if (bytes->size() < kMinStatusBits / 8) {
    return MakeError(at + ": the bitstring has " + std::to_string(bytes->size()) +
                     " bytes; a status list has at least " + std::to_string(kMinStatusBits / 8));
  }
  StatusBits bits;
  bits.bytes_ = std::move(bytes).value();
  return bits;
}

std::string SignStatusList(const StatusList& list, const SigningKey& key) {
  json payload = {{"iss", list.issuer},
                  {"sub", list.url},
                  {"iat", list.issued_at},
                  {"revocation_list", list.revocation.Encode()},
                  {"suspension_list", list.suspension.Encode()}};
  if (list.expires_at) payload["exp"] = *list.expires_at;
  return SignCompact(payload.dump(), kStatusListType, key);
}

Result<StatusList> ReadStatusList(std::string_view compact, const KeySet& keys,
                                  std::optional<int64_t> now) {
  auto parsed = ParseCompact(compact, kStatusListType);
  if (!parsed) return parsed.error();
  const PublicKey* key = keys.Find(parsed->kid);
  if (!key)
    return MakeError("the status list is signed by a key not in the key set: " + parsed->kid);
  if (!SignatureIsFrom(*parsed, *key)) return MakeError("the status list's signature is not valid");
  auto list = ReadPayload(parsed->payload);
  if (!list) return list.error();
  if (!key->CoversTime(list->issued_at)) {
    return MakeError("the status list was issued outside the dates of its key " + key->kid);
  }
  if (list->expires_at && now && *now >= *list->expires_at) {
    return MakeError("the status list " + list->url + " has expired; fetch a current one");
  }
  return list;
}

}  // namespace hoshitori::assure
