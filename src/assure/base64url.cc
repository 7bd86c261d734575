#include "assure/base64url.h"

#include <sodium.h>

namespace hoshitori::assure {

std::string Base64UrlEncode(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  // sodium_base64_ENCODED_LEN counts the terminating NUL that sodium_bin2base64 writes.
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  text.resize(text.size() - 1);
  return text;
}

Result<std::string> Base64UrlDecode(std::string_view text, std::string_view what, size_t max_text) {
  if (text.size() > max_text) {
    return MakeError(std::string(what) + " is longer than " + std::to_string(max_text) +
                     " characters");
  }
  // A length of 1 modulo 4 cannot come from any byte string.
  if (text.size() % 4 == 1) return MakeError(std::string(what) + " is not valid base64url");
  std::string bytes(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  const char* end = nullptr;
  // No characters are ignored, and the whole text must be consumed: anything else is refused.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(),
                        text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    return MakeError(std::string(what) + " is not valid base64url");
  }
  bytes.resize(length);
  return bytes;
}

}  // namespace hoshitori::assure
