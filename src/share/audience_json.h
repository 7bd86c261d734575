// SharedObject <-> JSON: how share_objects.audience keeps an object's TLP audiences (its own
// and every inherited one), and the column names of the markings.
//
// {"marking": "green", "owner": 1, "author": 2, "group": 3, "recipient_orgs": [4],
//  "named_recipients": [5], "inherited": [{...the same without "inherited"...}]}
// Markings are written by TlpColumnName: clear, green, amber, amber_strict, red.
//
// Bounds on reading (the text comes from the store, yet is checked like input): at most
// kMaxAudienceJsonBytes, kMaxInheritedAudiences inherited audiences and kMaxAudienceIds ids
// per list. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "share/tlp.h"

namespace hoshitori::share {

inline constexpr size_t kMaxAudienceJsonBytes = 1 << 20;
inline constexpr size_t kMaxInheritedAudiences = 256;
inline constexpr size_t kMaxAudienceIds = 10000;

// "clear", "green", "amber", "amber_strict", "red" (share_objects.tlp).
std::string_view TlpColumnName(Tlp marking);
// The marking a column name names; kInvalid for anything else.
Result<Tlp> ParseTlpColumnName(std::string_view name);

std::string AudienceToJson(const SharedObject& object);
// kInvalid naming the JSON member at fault when `text` is not such a document.
Result<SharedObject> AudienceFromJson(std::string_view text);

}  // namespace hoshitori::share
