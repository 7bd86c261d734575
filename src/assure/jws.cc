#include "assure/jws.h"

#include <nlohmann/json.hpp>

#include "assure/base64url.h"
#include "assure/strict_json.h"

namespace hoshitori::assure {

std::string SignCompactWithHeader(std::string_view protected_header, std::string_view payload,
                                  const SigningKey& key) {
  std::string compact = Base64UrlEncode(protected_header);
  compact += '.';
  compact += Base64UrlEncode(payload);
  const std::string signature = key.Sign(compact);
  compact += '.';
  compact += Base64UrlEncode(signature);
  return compact;
}

std::string SignCompact(std::string_view payload, std::string_view typ, const SigningKey& key) {
  const nlohmann::json header = {{"alg", "EdDSA"}, {"kid", key.kid()}, {"typ", typ}};
  return SignCompactWithHeader(header.dump(), payload, key);
}

Result<ParsedJws> ParseCompact(std::string_view compact, std::string_view expected_typ) {
  if (compact.size() > kMaxCompactJwsBytes) {
    return MakeError("the JWS is longer than " + std::to_string(kMaxCompactJwsBytes) + " bytes");
  }
  const size_t first = compact.find('.');
  const size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos) {
    return MakeError("a compact JWS has exactly three parts separated by '.'");
  }
  const std::string_view header_text = compact.substr(0, first);
  const std::string_view payload_text = compact.substr(first + 1, second - first - 1);
  const std::string_view signature_text = compact.substr(second + 1);
  if (header_text.empty() || signature_text.empty()) {
    return MakeError("the JWS has an empty header or signature");
  }
  // Base64url of kMaxProtectedHeaderBytes is at most 4/3 as long.
  auto header_bytes =
      Base64UrlDecode(header_text, "the JWS header", (kMaxProtectedHeaderBytes * 4 + 2) / 3);
  if (!header_bytes) return header_bytes.error();
  auto header = ParseSignedJsonObject(*header_bytes, "the JWS header", 2, kMaxProtectedHeaderBytes);
  if (!header) return header.error();

  auto alg = StringMember(*header, "alg", "the JWS header", 32);
  if (!alg) return alg.error();
  if (*alg != "EdDSA") {
    return MakeError("the JWS header's \"alg\" is \"" + *alg +
                     "\"; only \"EdDSA\" (Ed25519) is accepted");
  }
  if (header->contains("crit")) {
    return MakeError("the JWS header lists critical extensions (\"crit\"); none is understood");
  }
  ParsedJws parsed;
  auto kid = StringMember(*header, "kid", "the JWS header", 128);
  if (!kid) return kid.error();
  parsed.kid = std::move(kid).value();
  auto typ = StringMember(*header, "typ", "the JWS header", 64);
  if (!typ) return typ.error();
  if (*typ != expected_typ) {
    return MakeError("the JWS header's \"typ\" is \"" + *typ + "\", expected \"" +
                     std::string(expected_typ) + "\"");
  }
  parsed.typ = std::move(typ).value();
  parsed.header = std::move(header).value();

  auto payload = Base64UrlDecode(payload_text, "the JWS payload");
  if (!payload) return payload.error();
  parsed.payload = std::move(payload).value();
  auto signature = Base64UrlDecode(signature_text, "the JWS signature", 128);
  if (!signature) return signature.error();
  if (signature->size() != 64) return MakeError("the JWS signature is not 64 bytes (Ed25519)");
  parsed.signature = std::move(signature).value();
  parsed.signing_input = std::string(compact.substr(0, second));
  return parsed;
}

}  // namespace hoshitori::assure
