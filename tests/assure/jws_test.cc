// JWS compact serialisation with EdDSA: the RFC 8037 vector, keys as JWK, and the strict reader.
#include "assure/jws.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include "assure/base64url.h"
#include "assure/keys.h"

namespace hoshitori::assure {
namespace {

// RFC 8037 Appendix A.1-A.4.
constexpr char kRfcD[] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
constexpr char kRfcX[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
constexpr char kRfcThumbprint[] = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
constexpr char kRfcJws[] =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

SigningKey RfcKey() {
  const std::string jwk =
      std::string(R"({"kty":"OKP","crv":"Ed25519","d":")") + kRfcD + R"(","x":")" + kRfcX + R"("})";
  auto key = SigningKey::FromJwkText(jwk);
  EXPECT_TRUE(key.ok()) << key.error().message;
  return std::move(key).value();
}

std::string Header(const nlohmann::json& header) { return Base64UrlEncode(header.dump()); }

TEST(Base64Url, RoundTripsAnyBytes) {
  rc::check([](const std::string& bytes) {
    auto decoded = Base64UrlDecode(Base64UrlEncode(bytes), "x");
    RC_ASSERT(decoded.ok());
    RC_ASSERT(*decoded == bytes);
  });
}

TEST(Base64Url, RefusesPaddingOtherAlphabetsAndNonCanonicalText) {
  EXPECT_EQ(*Base64UrlDecode("YQ", "x"), "a");
  EXPECT_FALSE(Base64UrlDecode("YQ==", "x").ok());
  EXPECT_FALSE(Base64UrlDecode("Y Q", "x").ok());
  EXPECT_FALSE(Base64UrlDecode("+/8", "x").ok());
  EXPECT_FALSE(Base64UrlDecode("Y", "x").ok());
  // "YR" carries the same first byte as "YQ" with a non-zero unused bit: one text per bytes.
  EXPECT_FALSE(Base64UrlDecode("YR", "x").ok());
  EXPECT_FALSE(Base64UrlDecode(std::string(100, 'A'), "x", 99).ok());
}

TEST(Rfc8037, KeyAndThumbprintMatchAppendixA) {
  const SigningKey key = RfcKey();
  EXPECT_EQ(key.kid(), kRfcThumbprint);
  EXPECT_EQ(key.public_key().ToJwk()["x"], kRfcX);
}

TEST(Rfc8037, SigningReproducesTheAppendixVectorExactly) {
  const SigningKey key = RfcKey();
  EXPECT_EQ(SignCompactWithHeader(R"({"alg":"EdDSA"})", "Example of Ed25519 signing", key),
            kRfcJws);
}

TEST(Rfc8037, VectorVerifiesButTheStrictReaderWantsAKid) {
  const std::string jws = kRfcJws;
  const size_t last_dot = jws.rfind('.');
  const auto signature = Base64UrlDecode(jws.substr(last_dot + 1), "signature");
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(RfcKey().public_key().Verifies(jws.substr(0, last_dot), *signature));
  auto parsed = ParseCompact(jws, "x");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("\"kid\" is missing"), std::string::npos);
}

TEST(Jws, SignsAndParsesItsOwnOutput) {
  const SigningKey key = SigningKey::Generate();
  const std::string jws = SignCompact("{\"a\":1}", "test+jwt", key);
  auto parsed = ParseCompact(jws, "test+jwt");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->kid, key.kid());
  EXPECT_EQ(parsed->payload, "{\"a\":1}");
  EXPECT_TRUE(SignatureIsFrom(*parsed, key.public_key()));
  EXPECT_FALSE(SignatureIsFrom(*parsed, SigningKey::Generate().public_key()));
}

TEST(Jws, EveryChangedCharacterBreaksTheSignatureOrTheForm) {
  const SigningKey key = SigningKey::Generate();
  const std::string jws = SignCompact("{\"level\":3}", "test+jwt", key);
  for (size_t i = 0; i < jws.size(); ++i) {
    std::string changed = jws;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    auto parsed = ParseCompact(changed, "test+jwt");
    EXPECT_TRUE(!parsed.ok() || !SignatureIsFrom(*parsed, key.public_key())) << "position " << i;
  }
}

TEST(Jws, RefusesOtherAlgorithmsCritTypAndDuplicateMembers) {
  const std::string rest = ".e30.AAAA";  // payload {} and a short signature: the header fails first
  auto message = [&](const std::string& header) {
    auto parsed = ParseCompact(header + rest, "t");
    return parsed.ok() ? std::string("accepted") : parsed.error().message;
  };
  EXPECT_NE(message(Header({{"alg", "none"}, {"kid", "k"}, {"typ", "t"}})).find("only \"EdDSA\""),
            std::string::npos);
  EXPECT_NE(message(Header({{"alg", "HS256"}, {"kid", "k"}, {"typ", "t"}})).find("only"),
            std::string::npos);
  EXPECT_NE(message(Header({{"alg", "EdDSA"}, {"kid", "k"}, {"typ", "t"}, {"crit", {"b64"}}}))
                .find("crit"),
            std::string::npos);
  EXPECT_NE(message(Header({{"alg", "EdDSA"}, {"kid", "k"}, {"typ", "other"}})).find("typ"),
            std::string::npos);
  EXPECT_NE(
      message(Base64UrlEncode(R"({"alg":"EdDSA","kid":"k","typ":"t","alg":"none"})")).find("twice"),
      std::string::npos);
  EXPECT_NE(message(Base64UrlEncode("[1]")).find("object"), std::string::npos);
  EXPECT_NE(message(Header({{"alg", "EdDSA"}, {"kid", "k"}, {"typ", "t"}})).find("64 bytes"),
            std::string::npos);
}

TEST(Jws, RefusesWrongNumbersOfPartsAndOversizedInput) {
  EXPECT_FALSE(ParseCompact("a.b", "t").ok());
  EXPECT_FALSE(ParseCompact("a.b.c.d", "t").ok());
  EXPECT_FALSE(ParseCompact("..", "t").ok());
  EXPECT_FALSE(ParseCompact(std::string(kMaxCompactJwsBytes + 1, 'a'), "t").ok());
  EXPECT_FALSE(ParseCompact(Base64UrlEncode(std::string(2000, ' ')) + ".e30.AAAA", "t").ok());
}

TEST(Keys, PrivateJwkRoundTripsAndKeepsItsDates) {
  const SigningKey key = SigningKey::Generate(*ParseDate("2026-01-01"), *ParseDate("2027-01-01"));
  auto read = SigningKey::FromJwkText(key.ToPrivateJwkText());
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->kid(), key.kid());
  EXPECT_EQ(read->Sign("m"), key.Sign("m"));
  EXPECT_EQ(FormatDate(*read->public_key().not_before), "2026-01-01");
  EXPECT_EQ(FormatDate(*read->public_key().retired), "2027-01-01");
  EXPECT_TRUE(key.public_key().CoversTime(StartOfDay(*ParseDate("2026-06-01"))));
  EXPECT_FALSE(key.public_key().CoversTime(StartOfDay(*ParseDate("2027-01-01"))));
  EXPECT_FALSE(key.public_key().CoversTime(StartOfDay(*ParseDate("2026-01-01")) - 1));
}

TEST(Keys, ErrorsNeverQuoteThePrivateKey) {
  auto jwk = nlohmann::json::parse(SigningKey::Generate().ToPrivateJwkText());
  const std::string d = jwk["d"];
  jwk["kid"] = "not-the-thumbprint";
  auto wrong_kid = SigningKey::FromJwkText(jwk.dump());
  ASSERT_FALSE(wrong_kid.ok());
  EXPECT_EQ(wrong_kid.error().message.find(d), std::string::npos);
  jwk.erase("kid");
  jwk["x"] = kRfcX;
  auto mismatch = SigningKey::FromJwkText(jwk.dump());
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.error().message.find("not the public key"), std::string::npos);
  EXPECT_EQ(mismatch.error().message.find(d), std::string::npos);
  auto broken = SigningKey::FromJwkText("{\"d\":\"" + d + "\",");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message.find(d), std::string::npos);
}

TEST(Keys, KeySetRoundTripsAndRefusesPrivateOrRepeatedKeys) {
  const SigningKey first = SigningKey::Generate();
  const SigningKey second = SigningKey::Generate(std::nullopt, *ParseDate("2026-12-01"));
  KeySet set;
  ASSERT_TRUE(set.Add(first.public_key()).ok());
  ASSERT_TRUE(set.Add(second.public_key()).ok());
  EXPECT_FALSE(set.Add(first.public_key()).ok());
  auto read = KeySet::Parse(set.ToJson(), "jwks.json");
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->keys().size(), 2u);
  EXPECT_EQ(read->Find(second.kid())->x, second.public_key().x);
  EXPECT_TRUE(read->Find(second.kid())->retired.has_value());
  EXPECT_EQ(read->Find("nope"), nullptr);

  auto with_private = nlohmann::json::parse(set.ToJson());
  with_private["keys"][1]["d"] = "AAAA";
  auto refused = KeySet::Parse(with_private.dump(), "jwks.json");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("keys[1]"), std::string::npos);
  auto repeated = nlohmann::json::parse(set.ToJson());
  repeated["keys"][1] = repeated["keys"][0];
  EXPECT_FALSE(KeySet::Parse(repeated.dump(), "jwks.json").ok());
  EXPECT_FALSE(KeySet::Parse(R"({"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]})", "j").ok());
}

}  // namespace
}  // namespace hoshitori::assure
