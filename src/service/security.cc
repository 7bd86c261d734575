#include "service/security.h"

#include <sodium.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/utf8.h"

namespace hoshitori::service {

bool InitSecurity() { return sodium_init() >= 0; }

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  char out[crypto_pwhash_STRBYTES];
  const bool minimal = cost == PasswordCost::kMinimal;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            minimal ? crypto_pwhash_argon2id_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            minimal ? crypto_pwhash_argon2id_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return MakeError("cannot hash the password (out of memory)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

namespace {

// Words and passwords people pick first, written for this project (not copied from any
// published list): the usual English choices, keyboard rows, romanised and Japanese words
// and this product's own name. A password made only of these (with digits and symbols
// around or between them, and common letter-for-digit swaps such as p@ssw0rd) is refused.
constexpr std::string_view kCommonWords[] = {
    "password", "passwd", "passcode", "pass", "word", "qwerty", "qwertz", "azerty", "asdf", "zxcv",
    "admin", "administrator", "root", "user", "username", "guest", "test", "default", "changeme",
    "change", "letmein", "welcome", "hello", "login", "logon", "secret", "private", "master",
    "monkey", "dragon", "shadow", "sunshine", "princess", "football", "baseball", "soccer",
    "superman", "batman", "starwars", "pokemon", "pikachu", "naruto", "iloveyou", "love", "lovely",
    "freedom", "whatever", "trustno", "access", "computer", "internet", "system", "server",
    "office", "company", "security", "secure", "summer", "winter", "spring", "autumn", "monday",
    "friday", "japan", "nippon", "tokyo", "osaka", "kyoto", "sakura", "doraemon", "hoshitori",
    "himitsu", "pasuwado", "aishiteru", "arigato", "arigatou", "konnichiwa", "ohayou",
    "パスワード", "ぱすわーど", "ひみつ", "秘密", "あいしてる", "こんにちは", "ありがとう",
    "さくら", "東京", "日本",
};

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// True when `text` is one sequence written at least twice over (the last time possibly cut
// short): "abcabcabcabc", "121212121212", "passwordpass".
bool RepeatsShortSequence(std::string_view text) {
  for (size_t period = 1; period <= text.size() / 2; ++period) {
    bool periodic = true;
    for (size_t i = period; i < text.size() && periodic; ++i) periodic = text[i] == text[i - period];
    if (periodic) return true;
  }
  return false;
}

// The position of a key on a US/JIS-style keyboard (rows staggered as on the hardware),
// shifted symbols on their key; false for characters not on the main block.
bool KeyPosition(char c, int& row, double& x) {
  static constexpr std::string_view kRows[] = {"1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./"};
  static constexpr std::string_view kShiftedRows[] = {"!@#$%^&*()_+", "QWERTYUIOP{}", "ASDFGHJKL:\"", "ZXCVBNM<>?"};
  static constexpr double kOffsets[] = {0, 0.5, 0.75, 1.25};
  for (int r = 0; r < 4; ++r) {
    size_t at = kRows[r].find(c);
    if (at == std::string_view::npos) at = kShiftedRows[r].find(c);
    if (at != std::string_view::npos) {
      row = r;
      x = kOffsets[r] + static_cast<double>(at);
      return true;
    }
  }
  return false;
}

// True when typing `b` after `a` takes no thought: the same key, a neighbouring key, or the
// next or previous letter or digit.
bool PredictableStep(char a, char b) {
  if (a == b) return true;
  const bool alnum_a = IsAsciiLetter(a) || (a >= '0' && a <= '9');
  const bool alnum_b = IsAsciiLetter(b) || (b >= '0' && b <= '9');
  const char la = static_cast<char>(std::tolower(static_cast<unsigned char>(a)));
  const char lb = static_cast<char>(std::tolower(static_cast<unsigned char>(b)));
  if (alnum_a && alnum_b && (la - lb == 1 || lb - la == 1)) return true;
  int row_a = 0, row_b = 0;
  double x_a = 0, x_b = 0;
  if (!KeyPosition(a, row_a, x_a) || !KeyPosition(b, row_b, x_b)) return false;
  return std::abs(row_a - row_b) <= 1 && std::abs(x_a - x_b) <= 1.0;
}

// True when nearly every step of `text` is predictable (at most one break in four steps):
// keyboard walks such as "qwertyuiop12" or "1qaz2wsx3edc", and runs such as "abcdef123456".
bool IsKeyboardWalk(std::string_view text) {
  if (text.size() < 2) return false;
  size_t breaks = 0;
  for (size_t i = 1; i < text.size(); ++i) breaks += !PredictableStep(text[i - 1], text[i]);
  return breaks * 4 <= text.size() - 1;
}

// The letter a digit or symbol usually stands in for ("p@ssw0rd"), or `c` itself.
char Unsubstituted(char c) {
  switch (c) {
    case '0': return 'o';
    case '1': case '!': return 'i';
    case '3': return 'e';
    case '4': case '@': return 'a';
    case '5': case '$': return 's';
    case '7': return 't';
    default: return c;
  }
}

// True when `word` stands at `at` in `text`, letters possibly replaced by their stand-ins.
bool WordAt(std::string_view text, size_t at, std::string_view word) {
  if (text.size() - at < word.size()) return false;
  for (size_t k = 0; k < word.size(); ++k) {
    if (text[at + k] != word[k] && Unsubstituted(text[at + k]) != word[k]) return false;
  }
  return true;
}

// True when lower-case `text` splits wholly into common words and ASCII characters that
// are not letters, with at least one word: "Password2024!", "p@ssw0rd1234", "adminadmin".
bool MadeOfCommonWords(std::string_view text) {
  // reachable[i]: text[0, i) splits; with_word[i]: and a word is among the pieces.
  std::vector<char> reachable(text.size() + 1, 0), with_word(text.size() + 1, 0);
  reachable[0] = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!reachable[i]) continue;
    if (static_cast<unsigned char>(text[i]) < 0x80 && !IsAsciiLetter(text[i])) {
      reachable[i + 1] = 1;
      with_word[i + 1] = with_word[i + 1] || with_word[i];
    }
    for (std::string_view word : kCommonWords) {
      if (WordAt(text, i, word)) {
        reachable[i + word.size()] = 1;
        with_word[i + word.size()] = 1;
      }
    }
  }
  return with_word[text.size()] != 0;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

Status CheckPasswordStrength(std::string_view password) {
  const size_t characters = Utf8Length(password);
  if (characters < kMinPasswordCharacters) {
    return MakeError("the password needs at least 12 characters (パスワードは12文字以上にしてください)");
  }
  if (characters > kMaxPasswordCharacters) {
    return MakeError("the password may have at most 1024 characters (パスワードは1024文字以内にしてください)");
  }
  const std::string lower = AsciiLower(password);
  if (RepeatsShortSequence(lower)) {
    return MakeError("the password repeats a short sequence; choose another (同じ文字列の繰り返しは使えません)");
  }
  if (IsAscii(password) && IsKeyboardWalk(password)) {
    return MakeError(
        "the password follows the keyboard or the alphabet, like qwerty or 12345; choose another "
        "(キーボードの並びや連続した文字は使えません)");
  }
  if (MadeOfCommonWords(lower)) {
    return MakeError(
        "the password is made of commonly used words or passwords; choose another "
        "(よく使われる語やパスワードでできています。別のパスワードにしてください)");
  }
  return OkStatus();
}

std::string NewToken(std::string_view prefix) {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(prefix) + hex;
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace hoshitori::service
