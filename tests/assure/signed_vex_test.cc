// Signed VEX: the payload is the OpenVEX text byte for byte; verification refuses a changed
// byte, an unknown key, a key used outside its dates, foreign header members and a payload
// an OpenVEX reader could read two ways; a valid one reads back as OpenVEX.
#include "assure/signed_vex.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "assure/base64url.h"
#include "assure/jws.h"
#include "interchange/openvex.h"

namespace hoshitori::assure {
namespace {

constexpr int64_t kSigned = 1796083200;  // 2026-12-01T00:00:00Z
constexpr char kIssuer[] = "https://hoshitori.example.jp";
constexpr char kSubject[] = "8700110005901";

constexpr char kOpenVex[] = R"({
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "urn:hoshitori:vex:product-version:7:2026-11-30T09:00:00Z",
  "author": "星取部品株式会社",
  "timestamp": "2026-11-30T09:00:00Z",
  "version": 1,
  "statements": [
    {
      "vulnerability": {"name": "CVE-2021-44228"},
      "products": [{"@id": "pkg:maven/jp.example/gateway@2.1.0"}],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path"
    }
  ]
})";

VexSignature Signature() { return {kIssuer, kSubject, kSigned}; }

struct Signer {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  Signer() { EXPECT_TRUE(keys.Add(key.public_key()).ok()); }
  std::string Sign(std::string_view payload = kOpenVex) {
    auto signed_vex = SignVex(payload, Signature(), key);
    EXPECT_TRUE(signed_vex.ok()) << signed_vex.error().message;
    return signed_vex.ok() ? *signed_vex : "";
  }
};

// The protected header of a compact JWS, decoded.
nlohmann::json HeaderOf(const std::string& compact) {
  return nlohmann::json::parse(*Base64UrlDecode(compact.substr(0, compact.find('.')), "header"));
}

TEST(SignedVex, PayloadIsTheOpenVexBytesAndVerifies) {
  Signer signer;
  const std::string compact = signer.Sign();
  const std::string payload_part =
      compact.substr(compact.find('.') + 1, compact.rfind('.') - compact.find('.') - 1);
  EXPECT_EQ(*Base64UrlDecode(payload_part, "payload"), kOpenVex);
  const nlohmann::json header = HeaderOf(compact);
  EXPECT_EQ(header["alg"], "EdDSA");
  EXPECT_EQ(header["typ"], kSignedVexType);
  EXPECT_EQ(header["kid"], signer.key.kid());
  EXPECT_EQ(header["iss"], kIssuer);
  EXPECT_EQ(header["sub"], kSubject);
  EXPECT_EQ(header["iat"], kSigned);

  const SignedVexReport report = VerifySignedVex(compact, signer.keys);
  ASSERT_TRUE(report.valid()) << report.detail;
  EXPECT_EQ(report.payload, kOpenVex);
  ASSERT_TRUE(report.signature);
  EXPECT_EQ(report.signature->subject, kSubject);
  EXPECT_EQ(report.signature->issued_at, kSigned);
  auto vex = interchange::ReadOpenVex(report.payload, "signed.jws");
  ASSERT_TRUE(vex.ok()) << vex.error().message;
  ASSERT_EQ(vex->statements.size(), 1u);
  EXPECT_EQ(vex->statements[0].vulnerability, "CVE-2021-44228");
  const auto ja = report.Lines("ja");
  ASSERT_GE(ja.size(), 3u);
  EXPECT_NE(ja[2].find(kSubject), std::string::npos);
  EXPECT_NE(ja[2].find("2026-12-01T00:00:00Z"), std::string::npos);
}

TEST(SignedVex, EveryChangedByteIsRefused) {
  Signer signer;
  const std::string compact = signer.Sign();
  // Every position of the payload and signature parts; a change there never verifies.
  size_t refused = 0;
  for (size_t i = compact.find('.') + 1; i < compact.size(); ++i) {
    if (compact[i] == '.') continue;
    std::string changed = compact;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    const SignedVexReport report = VerifySignedVex(changed, signer.keys);
    EXPECT_FALSE(report.valid()) << "position " << i;
    EXPECT_TRUE(report.payload.empty());
    refused += !report.valid();
  }
  EXPECT_GT(refused, 400u);
  // A flipped byte in the middle of the payload is a bad signature, said in both languages.
  std::string changed = compact;
  const size_t middle = compact.find('.') + 40;
  changed[middle] = changed[middle] == 'A' ? 'B' : 'A';
  const SignedVexReport report = VerifySignedVex(changed, signer.keys);
  EXPECT_EQ(report.verdict, Verdict::kBadSignature);
  EXPECT_NE(report.Lines("ja")[1].find("署名が一致しません"), std::string::npos);
  EXPECT_NE(report.Lines("en")[1].find("signature does not match"), std::string::npos);
}

TEST(SignedVex, UnknownKeyAndForgedKidAreRefused) {
  Signer signer;
  Signer other;
  EXPECT_EQ(VerifySignedVex(signer.Sign(), other.keys).verdict, Verdict::kUnknownKey);
  // Another key's signature under this key's kid.
  const nlohmann::ordered_json header = {{"alg", "EdDSA"},        {"kid", signer.key.kid()},
                                         {"typ", kSignedVexType}, {"iss", kIssuer},
                                         {"sub", kSubject},       {"iat", kSigned}};
  const std::string forged = SignCompactWithHeader(header.dump(), kOpenVex, other.key);
  EXPECT_EQ(VerifySignedVex(forged, signer.keys).verdict, Verdict::kBadSignature);
}

TEST(SignedVex, KeyOutsideItsDatesNeitherSignsNorVerifies) {
  SigningKey retired = SigningKey::Generate(
      std::nullopt, Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{1}});
  EXPECT_FALSE(SignVex(kOpenVex, Signature(), retired).ok());
  KeySet keys;
  ASSERT_TRUE(keys.Add(retired.public_key()).ok());
  const nlohmann::ordered_json header = {{"alg", "EdDSA"},        {"kid", retired.kid()},
                                         {"typ", kSignedVexType}, {"iss", kIssuer},
                                         {"sub", kSubject},       {"iat", kSigned}};
  const std::string late = SignCompactWithHeader(header.dump(), kOpenVex, retired);
  EXPECT_EQ(VerifySignedVex(late, keys).verdict, Verdict::kKeyNotValidThen);
}

TEST(SignedVex, HeaderAndPayloadRulesAreKept) {
  Signer signer;
  auto sign_with = [&](nlohmann::ordered_json header, std::string_view payload = kOpenVex) {
    return VerifySignedVex(SignCompactWithHeader(header.dump(), payload, signer.key), signer.keys);
  };
  const nlohmann::ordered_json good = {{"alg", "EdDSA"},        {"kid", signer.key.kid()},
                                       {"typ", kSignedVexType}, {"iss", kIssuer},
                                       {"sub", kSubject},       {"iat", kSigned}};
  EXPECT_TRUE(sign_with(good).valid());
  nlohmann::ordered_json extra = good;
  extra["x5u"] = "https://evil.example/keys";
  EXPECT_EQ(sign_with(extra).verdict, Verdict::kMalformed);
  nlohmann::ordered_json bad_number = good;
  bad_number["sub"] = "8700110005902";  // wrong check digit
  EXPECT_EQ(sign_with(bad_number).verdict, Verdict::kMalformed);
  nlohmann::ordered_json no_time = good;
  no_time.erase("iat");
  EXPECT_EQ(sign_with(no_time).verdict, Verdict::kMalformed);
  nlohmann::ordered_json attestation = good;
  attestation["typ"] = kAttestationType;  // an attestation never passes as a VEX
  EXPECT_EQ(sign_with(attestation).verdict, Verdict::kMalformed);
  // A member named twice reads differently in different OpenVEX readers: refused.
  EXPECT_EQ(sign_with(good, R"({"@context":"a","@context":"b"})").verdict, Verdict::kMalformed);
  EXPECT_EQ(sign_with(good, "[1]").verdict, Verdict::kMalformed);
  // Signing refuses the same.
  EXPECT_FALSE(SignVex(R"({"a":1,"a":2})", Signature(), signer.key).ok());
  EXPECT_FALSE(SignVex(kOpenVex, {kIssuer, "12345", kSigned}, signer.key).ok());
  EXPECT_FALSE(SignVex(kOpenVex, {std::string(600, 'h'), kSubject, kSigned}, signer.key).ok());
}

}  // namespace
}  // namespace hoshitori::assure
