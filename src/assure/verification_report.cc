// The words of a verification report: what a valid attestation proves, and why one is
// refused, in Japanese and English. Kept apart from the checks so the wording can be
// reviewed on its own.
#include <string>
#include <vector>

#include "assure/attestation.h"

namespace hoshitori::assure {

namespace {

struct Words {
  std::string ja;
  std::string en;
};

Words KindWords(const AttestationClaims& claims) {
  const std::string assessor =
      claims.assessor ? claims.assessor->name + " / " + claims.assessor->accreditation : "";
  switch (claims.kind) {
    case AttestationKind::kSelfDeclared:
      return {"自己宣言（第三者による確認はありません）",
              "self-declared (nobody else has checked it)"};
    case AttestationKind::kExpertConfirmed:
      return {"専門家による確認（確認者: " + assessor + "）",
              "confirmed by an expert (" + assessor + ")"};
    case AttestationKind::kThirdParty:
      return {"第三者評価（評価機関: " + assessor + "）",
              "evaluated by a third party (" + assessor + ")"};
  }
  return {"", ""};
}

Words RefusalWords(Verdict verdict) {
  switch (verdict) {
    case Verdict::kValid:
      return {"", ""};
    case Verdict::kMalformed:
      return {"このファイルは正しい形式の証明書（署名付きアテステーション）ではありません。",
              "This file is not a well-formed attestation."};
    case Verdict::kUnknownKey:
      return {"署名に使われた鍵が、与えられた発行者の鍵セットにありません。",
              "It was signed with a key that is not in the issuer's key set given."};
    case Verdict::kKeyNotValidThen:
      return {"署名した鍵は、発行日とされる日時には使用期間外でした。",
              "The key that signed it was not in use at the time it claims to be issued."};
    case Verdict::kBadSignature:
      return {"署名が一致しません。内容が書き換えられたか、別の鍵で署名されています。",
              "The signature does not match: the content was changed or another key signed it."};
    case Verdict::kNotYetValid:
      return {"有効期間がまだ始まっていません。", "Its validity period has not begun."};
    case Verdict::kExpired:
      return {"有効期限が切れています。期限切れのレベルは保持していないものとして扱います。",
              "It has expired; an expired level is not held."};
    case Verdict::kRevoked:
      return {"発行者により失効されています。", "Its issuer has revoked it."};
    case Verdict::kSuspended:
      return {"発行者により一時停止されています。", "Its issuer has suspended it."};
    case Verdict::kStatusListMissing:
      return {"失効・一時停止の状態を確かめるステータスリストが与えられていません。",
              "No status list was given to check whether it is revoked or suspended."};
    case Verdict::kStatusListInvalid:
      return {"与えられたステータスリストが正しくありません（署名・期限・形式）。",
              "The status list given is not valid (signature, expiry or form)."};
  }
  return {"", ""};
}

}  // namespace

std::vector<std::string> VerificationReport::Statements(std::string_view lang) const {
  const bool ja = lang == "ja";
  auto pick = [ja](const Words& words) { return ja ? words.ja : words.en; };
  std::vector<std::string> lines;
  if (!valid()) {
    lines.push_back(
        pick({"この証明書は検証できませんでした（拒否）。", "This attestation is refused."}));
    lines.push_back(pick(RefusalWords(verdict)));
    lines.push_back(pick({"詳細: ", "Detail: "}) + detail);
    return lines;
  }
  const AttestationClaims& c = *claims;
  const std::string level = std::to_string(c.level);
  const Words kind = KindWords(c);
  lines.push_back(pick({"この証明書は有効です。", "This attestation is valid."}));
  lines.push_back(
      pick({c.issuer + " の鍵 " + kid + " による署名が一致し、発行後に内容は変更されていません。",
            "It is signed by " + c.issuer + "'s key " + kid +
                " and has not been changed since it was issued."}));
  lines.push_back(pick({c.issuer + " は、" + c.name + "（法人番号 " + c.subject + "）が ★" + level +
                            " を保持していると表明しています。",
                        c.issuer + " states that " + c.name + " (corporate number " + c.subject +
                            ") holds level ★" + level + "."}));
  lines.push_back(pick({"評価の種別: " + kind.ja, "Kind of assessment: " + kind.en}));
  lines.push_back(
      pick({"評価基準: " + c.framework + "（カタログの SHA-256: " + c.catalog_digest + "）",
            "Assessed against: " + c.framework + " (catalog SHA-256 " + c.catalog_digest + ")"}));
  lines.push_back(pick({"対象範囲: " + c.scope, "Scope: " + c.scope}));
  lines.push_back(
      pick({"有効期間: " + FormatInstant(c.not_before) + " から " + FormatInstant(c.expires_at) +
                " まで（確認時点 " + FormatInstant(checked_at) + " で期間内）",
            "Valid from " + FormatInstant(c.not_before) + " until " + FormatInstant(c.expires_at) +
                " (within it at " + FormatInstant(checked_at) + ")"}));
  if (status_list) {
    lines.push_back(
        pick({"ステータスリスト " + status_list->url + "（" +
                  FormatInstant(status_list->issued_at) + " 発行）で、番号 " +
                  std::to_string(c.status.index) + " は失効も一時停止もされていません。",
              "The status list " + status_list->url + " (issued " +
                  FormatInstant(status_list->issued_at) + ") shows index " +
                  std::to_string(c.status.index) + " neither revoked nor suspended."}));
  }
  lines.push_back(
      pick({"証拠ファイルの要約値（SHA-256）: " + c.evidence_digest +
                "。手元の証拠ファイルと照合できますが、その内容の正しさまでは保証しません。",
            "Evidence digest (SHA-256): " + c.evidence_digest +
                ". It lets you match evidence files you hold; it does not vouch for"
                " their content."}));
  lines.push_back(
      pick({"この結果は、使った鍵セットが本当に " + c.issuer +
                " のものである場合に限り意味を持ちます。鍵セットは発行者から直接入手してください。",
            "This holds only if the key set used really is " + c.issuer +
                "'s; obtain it from the issuer directly."}));
  return lines;
}

nlohmann::json VerificationReport::ToJson() const {
  nlohmann::json out = {{"verdict", VerdictName(verdict)},
                        {"valid", valid()},
                        {"detail", detail},
                        {"kid", kid},
                        {"checked_at", FormatInstant(checked_at)},
                        {"statements", {{"ja", Statements("ja")}, {"en", Statements("en")}}}};
  if (claims) out["claims"] = ClaimsToJson(*claims);
  if (status_list)
    out["status_list"] = {{"url", status_list->url},
                          {"issued_at", FormatInstant(status_list->issued_at)}};
  return out;
}

}  // namespace hoshitori::assure
