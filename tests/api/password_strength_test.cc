// The rules for new passwords (api/security.h CheckPasswordStrength): length in
// characters, not bytes; common words, repeated sequences and keyboard walks refused.
#include <gtest/gtest.h>

#include "service/security.h"

namespace hoshitori::service {
namespace {

void ExpectRefused(const std::string& password, const std::string& needle) {
  const Status status = CheckPasswordStrength(password);
  ASSERT_FALSE(status.ok()) << password;
  EXPECT_NE(status.error().message.find(needle), std::string::npos) << password << ": " << status.error().message;
}

TEST(PasswordStrength, CountsCharactersNotBytes) {
  // 12 Japanese characters (36 bytes) are long enough; 11 are not, however many bytes.
  EXPECT_TRUE(CheckPasswordStrength("星取りで守る供給網の安全対策").ok());
  EXPECT_TRUE(CheckPasswordStrength("春の夜の夢のごとし鐘の声").ok());
  ExpectRefused("春の夜の夢のごとし鐘の", "at least 12 characters");
  ExpectRefused("短いパスワード", "12文字以上");
  // Four 4-byte characters are 16 bytes but 4 characters.
  ExpectRefused("𝄞𝄢𝄡𝄪", "at least 12 characters");
  ExpectRefused(std::string(1025, 'x') + "y", "at most 1024 characters");
}

TEST(PasswordStrength, RefusesCommonWordsAndTheirDisguises) {
  for (const std::string password : {"password1234", "Password2024!", "p@ssw0rd1234", "P@SSW0RD!!2026",
                                     "iloveyou1234", "adminpassword", "welcome2hoshitori", "letmein-letmein",
                                     "パスワード12345678", "himitsu_20260401", "Sakura2026Tokyo"}) {
    ExpectRefused(password, "commonly used");
  }
  ExpectRefused("qwerty123456", "keyboard");
}

TEST(PasswordStrength, RefusesRepeatsAndKeyboardWalks) {
  for (const std::string password : {"aaaaaaaaaaaa", "abcabcabcabc", "121212121212", "xyzzyxyzzyxyzzy",
                                     "あいあいあいあいあいあい"}) {
    ExpectRefused(password, "repeats a short sequence");
  }
  for (const std::string password : {"qwertyuiop[]", "1qaz2wsx3edc", "abcdefghijkl", "123456789012",
                                     "asdfghjkl;'\\", "zxcvbnm,./?>", "9876543210zx", "QWERTYuiop12"}) {
    ExpectRefused(password, "keyboard or the alphabet");
  }
  ExpectRefused("qwertyuiop12", "キーボード");
}

TEST(PasswordStrength, AcceptsOrdinaryPassphrases) {
  for (const std::string password : {"a long enough password", "another long password", "correct horse battery staple",
                                     "hoshitori-demo-2026", "Kz7#pQ2!vL9@", "tsukimi dango 15 kosu",
                                     "取引先の安全を星で示す2026"}) {
    EXPECT_TRUE(CheckPasswordStrength(password).ok()) << password << ": " << CheckPasswordStrength(password).error().message;
  }
}

}  // namespace
}  // namespace hoshitori::service
