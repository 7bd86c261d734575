// Base64url without padding (RFC 4648 §5, as JOSE uses it: RFC 7515 §2), through libsodium.
//
// Decoding is strict: only the URL-safe alphabet, no padding, no white space, and the unused
// low bits of the last character must be zero, so every byte string has exactly one text
// form. A changed character therefore never decodes to the same bytes. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::assure {

// The unpadded base64url text of `bytes`.
std::string Base64UrlEncode(std::string_view bytes);

// The bytes of the unpadded base64url `text`; an error naming `what` ("the signature") when
// the text is not canonical base64url. Inputs longer than `max_text` bytes are refused
// before any work.
Result<std::string> Base64UrlDecode(std::string_view text, std::string_view what,
                                    size_t max_text = 16u << 20);

}  // namespace hoshitori::assure
