#include "report/report_text.h"

#include "core/utf8.h"

namespace hoshitori::report {

Language LanguageFromCode(std::string_view code) {
  return code == "en" ? Language::kEnglish : Language::kJapanese;
}

Status CheckReportText(std::string_view text, std::string_view field, bool line_feeds,
                       size_t max_bytes) {
  const auto invalid = [&](const std::string& en, const std::string& ja) {
    return MakeError(
        ErrorKind::kInvalid, "invalid report",
        "report: \"" + std::string(field) + "\" " + en + " / 「" + std::string(field) + "」" + ja);
  };
  if (text.size() > max_bytes) {
    return invalid("is longer than " + std::to_string(max_bytes) + " bytes",
                   "が " + std::to_string(max_bytes) + " バイトを超えています");
  }
  if (!IsValidUtf8(text)) return invalid("is not valid UTF-8", "は UTF-8 として正しくありません");
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool c1 =
        byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if ((byte < 0x20 && !(byte == '\n' && line_feeds)) || byte == 0x7F || c1) {
      return invalid("holds a control character; it cannot be printed",
                     "に印刷できない制御文字が含まれています");
    }
  }
  return OkStatus();
}

std::string StarRow(int star) {
  std::string stars;
  for (int i = 1; i <= 5; ++i) stars += i <= star ? "★" : "☆";
  return stars;
}

std::string_view StatusWords(Language language, std::string_view status) {
  if (status == "draft") return Pick(language, "下書き", "Draft");
  if (status == "submitted") return Pick(language, "提出済み", "Submitted");
  if (status == "confirmed") return Pick(language, "専門家確認済み", "Expert-confirmed");
  if (status == "verified") return Pick(language, "第三者評価済み", "Verified");
  if (status == "expired") return Pick(language, "期限切れ", "Expired");
  if (status == "revoked") return Pick(language, "取り消し", "Revoked");
  return status;
}

std::string_view AttestationWords(Language language, std::string_view attestation) {
  if (attestation == "self") return Pick(language, "自己評価", "Self-assessment");
  if (attestation == "expert_confirmed")
    return Pick(language, "専門家の確認", "Expert confirmation");
  if (attestation == "third_party") return Pick(language, "第三者評価", "Third-party evaluation");
  return attestation;
}

}  // namespace hoshitori::report
