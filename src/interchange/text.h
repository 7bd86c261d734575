// Small text helpers shared by the importers: identifiers that the catalog format accepts,
// and the rule that fills a missing language from the other one.
#pragma once

#include <string>
#include <string_view>

#include "catalog/framework.h"

namespace hoshitori::interchange {

// Leading and trailing spaces, tabs and line breaks removed.
std::string Trim(std::string_view text);

// Runs of whitespace (including line breaks) collapsed to one space, trimmed. For titles.
std::string OneLine(std::string_view text);

// A node id the catalog accepts ([A-Za-z0-9][A-Za-z0-9._-]*) made from `text`: other
// characters become '-', a leading non-alphanumeric gets "n" in front. Empty input gives "".
std::string NodeIdFrom(std::string_view text);

// A framework or mapping-set id the catalog accepts ([a-z0-9][a-z0-9._-]*), lower-cased the
// same way. Empty input gives "".
std::string FrameworkIdFrom(std::string_view text);

// The import rule for one-language sources: an empty side takes the other side's text, so
// that `ja` shows the English original (or `en` the Japanese one) rather than nothing.
void FillMissingLanguage(LocalizedText& text);

// A LocalizedText with the same text in both languages.
LocalizedText Both(std::string_view text);

// Shortest decimal text that reads back as the same double ("0.5", "1").
std::string DecimalText(double value);

}  // namespace hoshitori::interchange
