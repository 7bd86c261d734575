// Signed VEX (see signed_vex.h): the JWS and key checks are jws.h's and keys.h's; this file
// adds the header members that say who and when, and the words of the report.
#include "assure/signed_vex.h"

#include <set>

#include "assure/jws.h"
#include "assure/strict_json.h"
#include "core/corporate_number.h"

namespace hoshitori::assure {

using nlohmann::json;

namespace {

// 253402300799 is 9999-12-31T23:59:59Z, as for attestations.
constexpr int64_t kLatestSeconds = 253402300799;

Status CheckSignature(const VexSignature& signature, const std::string& where) {
  if (signature.issuer.empty() || signature.issuer.size() > kMaxSignedVexIssuerBytes) {
    return MakeError(where + ": \"iss\" must be 1 to " + std::to_string(kMaxSignedVexIssuerBytes) +
                     " bytes");
  }
  auto number = CorporateNumber::Parse(signature.subject);
  if (!number || number->digits() != signature.subject) {
    return MakeError(where + ": \"sub\" must be a 13-digit corporate number" +
                     (number ? std::string(" without separators") : ": " + number.error().message));
  }
  if (signature.issued_at <= 0 || signature.issued_at > kLatestSeconds) {
    return MakeError(where + ": \"iat\" must be a positive whole number of seconds");
  }
  return OkStatus();
}

// The who and when of a parsed header; every member must be known.
Result<VexSignature> SignatureOfHeader(const json& header) {
  const std::string where = "the signed VEX header";
  static const std::set<std::string> kKnown = {"alg", "kid", "typ", "iss", "sub", "iat"};
  for (const auto& [name, unused] : header.items()) {
    if (!kKnown.count(name)) return MakeError(where + ": unknown member \"" + name + "\"");
  }
  VexSignature signature;
  auto issuer = StringMember(header, "iss", where, kMaxSignedVexIssuerBytes);
  if (!issuer) return issuer.error();
  signature.issuer = std::move(issuer).value();
  auto subject = StringMember(header, "sub", where, 13);
  if (!subject) return subject.error();
  signature.subject = std::move(subject).value();
  const auto iat = header.find("iat");
  if (iat == header.end() || !iat->is_number_integer()) {
    return MakeError(where + ": \"iat\" must be a positive whole number of seconds");
  }
  signature.issued_at = iat->get<int64_t>();
  if (auto checked = CheckSignature(signature, where); !checked) return checked.error();
  return signature;
}

Status CheckPayload(std::string_view payload) {
  auto document =
      ParseSignedJsonObject(payload, "the VEX document", kMaxSignedVexDepth, kMaxSignedVexBytes);
  if (!document) return document.error();
  return OkStatus();
}

}  // namespace

Result<std::string> SignVex(std::string_view openvex_json, const VexSignature& signature,
                            const SigningKey& key) {
  if (auto checked = CheckSignature(signature, "the VEX signature"); !checked) {
    return checked.error();
  }
  if (auto checked = CheckPayload(openvex_json); !checked) return checked.error();
  if (!key.public_key().CoversTime(signature.issued_at)) {
    return MakeError("the key " + key.kid() + " may not sign at " +
                     FormatInstant(signature.issued_at) +
                     " (outside its not_before/retired dates)");
  }
  // Member order as attestations have it, then who and when.
  const nlohmann::ordered_json header = {{"alg", "EdDSA"},           {"kid", key.kid()},
                                         {"typ", kSignedVexType},    {"iss", signature.issuer},
                                         {"sub", signature.subject}, {"iat", signature.issued_at}};
  const std::string header_text = header.dump();
  if (header_text.size() > kMaxProtectedHeaderBytes) {
    return MakeError("the signed VEX header would be longer than " +
                     std::to_string(kMaxProtectedHeaderBytes) + " bytes; shorten the issuer URL");
  }
  std::string compact = SignCompactWithHeader(header_text, openvex_json, key);
  if (compact.size() > kMaxSignedVexBytes) {
    return MakeError("the signed VEX would be longer than " + std::to_string(kMaxSignedVexBytes) +
                     " bytes");
  }
  return compact;
}

SignedVexReport VerifySignedVex(std::string_view compact, const KeySet& keys) {
  SignedVexReport report;
  auto refuse = [&report](Verdict verdict, std::string detail) -> SignedVexReport& {
    report.verdict = verdict;
    report.detail = std::move(detail);
    report.payload.clear();
    return report;
  };
  auto parsed = ParseCompact(compact, kSignedVexType);
  if (!parsed) return refuse(Verdict::kMalformed, parsed.error().message);
  report.kid = parsed->kid;
  const PublicKey* key = keys.Find(parsed->kid);
  if (!key) return refuse(Verdict::kUnknownKey, "no key " + parsed->kid + " in the key set");
  if (!SignatureIsFrom(*parsed, *key)) {
    return refuse(Verdict::kBadSignature, "the signature does not match key " + key->kid);
  }
  auto signature = SignatureOfHeader(parsed->header);
  if (!signature) return refuse(Verdict::kMalformed, signature.error().message);
  report.signature = std::move(signature).value();
  if (!key->CoversTime(report.signature->issued_at)) {
    return refuse(Verdict::kKeyNotValidThen, "key " + key->kid + " was not in use at " +
                                                 FormatInstant(report.signature->issued_at));
  }
  if (auto checked = CheckPayload(parsed->payload); !checked) {
    return refuse(Verdict::kMalformed, checked.error().message);
  }
  report.payload = std::move(parsed->payload);
  report.verdict = Verdict::kValid;
  return report;
}

std::vector<std::string> SignedVexReport::Lines(std::string_view lang) const {
  const bool ja = lang == "ja";
  std::vector<std::string> lines;
  if (!valid()) {
    lines.push_back(ja ? "この署名付き VEX は検証できませんでした（拒否）。"
                       : "This signed VEX is refused.");
    switch (verdict) {
      case Verdict::kUnknownKey:
        lines.push_back(ja ? "署名に使われた鍵が、与えられた鍵セットにありません。"
                           : "It was signed with a key that is not in the key set given.");
        break;
      case Verdict::kBadSignature:
        lines.push_back(
            ja ? "署名が一致しません。内容が書き換えられたか、別の鍵で署名されています。"
               : "The signature does not match: the content was changed or another "
                 "key signed it.");
        break;
      case Verdict::kKeyNotValidThen:
        lines.push_back(ja ? "署名した鍵は、署名日時とされる時点では使用期間外でした。"
                           : "The key that signed it was not in use at the time it claims.");
        break;
      default:
        lines.push_back(ja ? "このファイルは正しい形式の署名付き VEX ではありません。"
                           : "This file is not a well-formed signed VEX.");
        break;
    }
    lines.push_back((ja ? "詳細: " : "Detail: ") + detail);
    return lines;
  }
  const VexSignature& s = *signature;
  const std::string when = FormatInstant(s.issued_at);
  if (ja) {
    lines.push_back("この署名付き VEX は有効です。");
    lines.push_back(s.issuer + " の鍵 " + kid +
                    " による署名が一致し、署名後に内容は変更されて"
                    "いません。");
    lines.push_back(s.issuer + " は、法人番号 " + s.subject + " の組織が " + when +
                    " の時点でこの VEX を表明していたことを記録しています（内容の正しさを保証する"
                    "ものではありません）。");
    lines.push_back("この結果は、使った鍵セットが本当に " + s.issuer +
                    " のものである場合に限り意味を持ちます。鍵セットは発行者から直接入手して"
                    "ください。");
  } else {
    lines.push_back("This signed VEX is valid.");
    lines.push_back("It is signed by " + s.issuer + "'s key " + kid +
                    " and has not been changed since it was signed.");
    lines.push_back(s.issuer + " records that the organisation with corporate number " + s.subject +
                    " stated this VEX at " + when +
                    " (it does not vouch that the statements are true).");
    lines.push_back("This holds only if the key set used really is " + s.issuer +
                    "'s; obtain it from the issuer directly.");
  }
  return lines;
}

}  // namespace hoshitori::assure
