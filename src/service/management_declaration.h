// The management declaration (経営層の宣言) a supplier's representative agrees to when the
// supplier submits an assessment for ★3 or above: the wording, in Japanese and English, of
// each version Hoshitori has published, and its digest. A stored declaration names the
// version and keeps the digest, so what was agreed to can be shown and checked later even
// after the wording changes (a new wording is a new version; old versions stay here).
//
// The wording is the project's own. Pure data; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hoshitori::service {

struct DeclarationText {
  std::string_view version;  // e.g. "2026-1"
  std::string_view ja;
  std::string_view en;
};

// A declaration as a supplier gives it at submission (fields as typed; the service checks
// them: service/assessor_service.h PrepareDeclaration).
struct DeclarationInput {
  std::string representative_name;   // at most 200 characters
  std::string representative_title;  // at most 200 characters, e.g. 代表取締役
  std::string declared_on;           // YYYY-MM-DD, not after today
  std::string text_version;          // the current version (CurrentDeclarationText)
};

// Every published version, oldest first; the last is the current one.
const std::vector<DeclarationText>& DeclarationTexts();
const DeclarationText& CurrentDeclarationText();
// The version named `version`, or null.
const DeclarationText* FindDeclarationText(std::string_view version);
// Lower-case hex SHA-256 of "<version>\n<ja>\n<en>" (what a stored declaration keeps).
std::string DeclarationDigest(const DeclarationText& text);

}  // namespace hoshitori::service
