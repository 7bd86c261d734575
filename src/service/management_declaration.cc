#include "service/management_declaration.h"

#include "service/security.h"

namespace hoshitori::service {

const std::vector<DeclarationText>& DeclarationTexts() {
  static const std::vector<DeclarationText> texts = {
      {"2026-1",
       "当社の経営層は、サプライチェーンの一員として情報セキュリティ対策に責任を持つことを宣言"
       "します。本評価の回答は事実に基づき、当社が実際に行っている対策を示しています。評価者が"
       "確認のために求める証跡を提供し、対策の不足が見つかった場合は改善の計画を立てて実行しま"
       "す。重大なインシデントが発生した場合は、取引先と関係機関に遅滞なく知らせます。",
       "The management of our company declares that it takes responsibility for information "
       "security as a member of the supply chain. The answers of this assessment are true and "
       "describe the measures our company actually takes. We will provide the evidence the "
       "assessor asks for to confirm them, and where a measure is found lacking we will plan and "
       "carry out its improvement. We will inform our business partners and the authorities "
       "concerned without delay of any serious incident."},
  };
  return texts;
}

const DeclarationText& CurrentDeclarationText() { return DeclarationTexts().back(); }

const DeclarationText* FindDeclarationText(std::string_view version) {
  for (const DeclarationText& text : DeclarationTexts()) {
    if (text.version == version) return &text;
  }
  return nullptr;
}

std::string DeclarationDigest(const DeclarationText& text) {
  std::string all;
  all.append(text.version).append("\n").append(text.ja).append("\n").append(text.en);
  return Sha256Hex(all);
}

}  // namespace hoshitori::service
