// Attestations: issuing checks the claims; verifying refuses each failure with its reason and
// states in plain words what a valid one proves.
#include "assure/attestation.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "assure/base64url.h"
#include "assure/jws.h"

namespace hoshitori::assure {
namespace {

constexpr int64_t kIssued = 1796083200;  // 2026-12-01T00:00:00Z
constexpr int64_t kDay = 86400;
constexpr char kIssuer[] = "https://hoshitori.example.jp";
constexpr char kStatusUrl[] = "https://hoshitori.example.jp/status/1";

AttestationClaims Claims() {
  AttestationClaims claims;
  claims.issuer = kIssuer;
  claims.subject = "8700110005901";  // valid check digit
  claims.name = "星取部品株式会社";
  claims.level = 3;
  claims.framework = "hub";
  claims.catalog_digest = std::string(64, 'a');
  claims.scope = "本社および工場の全情報システム";
  claims.kind = AttestationKind::kExpertConfirmed;
  claims.assessor = Assessor{"山田 花子", "RISS-012345"};
  claims.issued_at = kIssued;
  claims.not_before = kIssued;
  claims.expires_at = kIssued + 365 * kDay;
  claims.evidence_digest = *EvidenceDigest({});
  claims.status = {kStatusUrl, 42};
  claims.id = "att-1";
  return claims;
}

struct Issuer {
  SigningKey key = SigningKey::Generate();
  KeySet keys;
  StatusLists lists;

  Issuer() {
    EXPECT_TRUE(keys.Add(key.public_key()).ok());
    Publish({}, {});
  }
  void Publish(std::vector<size_t> revoked, std::vector<size_t> suspended) {
    StatusList list;
    list.issuer = kIssuer;
    list.url = kStatusUrl;
    list.issued_at = kIssued + kDay;
    for (size_t index : revoked) EXPECT_TRUE(list.revocation.Set(index, true).ok());
    for (size_t index : suspended) EXPECT_TRUE(list.suspension.Set(index, true).ok());
    auto read = ReadStatusList(SignStatusList(list, key), keys, kIssued + 2 * kDay);
    EXPECT_TRUE(read.ok()) << read.error().message;
    lists.lists = {std::move(read).value()};
  }
  std::string Issue(const AttestationClaims& claims) {
    auto jws = IssueAttestation(claims, key);
    EXPECT_TRUE(jws.ok()) << jws.error().message;
    return jws.ok() ? *jws : "";
  }
  VerificationReport Verify(const std::string& jws, int64_t now = kIssued + 10 * kDay) {
    return VerifyAttestation(jws, keys, lists, now);
  }
};

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

TEST(Attestation, ValidOneSaysWhatItProvesInJapaneseAndEnglish) {
  Issuer issuer;
  const VerificationReport report = issuer.Verify(issuer.Issue(Claims()));
  ASSERT_EQ(report.verdict, Verdict::kValid) << report.detail;
  EXPECT_EQ(report.kid, issuer.key.kid());
  ASSERT_TRUE(report.claims.has_value());
  EXPECT_EQ(report.claims->assessor->accreditation, "RISS-012345");
  const std::string ja = Joined(report.Statements("ja"));
  EXPECT_NE(ja.find("この証明書は有効です"), std::string::npos);
  EXPECT_NE(ja.find("星取部品株式会社（法人番号 8700110005901）が ★3"), std::string::npos);
  EXPECT_NE(ja.find("専門家による確認（確認者: 山田 花子 / RISS-012345）"), std::string::npos);
  EXPECT_NE(ja.find("番号 42 は失効も一時停止もされていません"), std::string::npos);
  const std::string en = Joined(report.Statements("en"));
  EXPECT_NE(en.find("holds level ★3"), std::string::npos);
  EXPECT_NE(en.find("Valid from 2026-12-01T00:00:00Z until 2027-12-01T00:00:00Z"),
            std::string::npos);
  const nlohmann::json json = report.ToJson();
  EXPECT_EQ(json["verdict"], "valid");
  EXPECT_EQ(json["claims"]["sub"], "8700110005901");
}

TEST(Attestation, ChangedByteWrongKeyAndUnknownKeyAreRefused) {
  Issuer issuer;
  const std::string jws = issuer.Issue(Claims());
  // Change one character of the payload: the signature no longer matches.
  std::string changed = jws;
  const size_t in_payload = jws.find('.') + 20;
  changed[in_payload] = changed[in_payload] == 'A' ? 'B' : 'A';
  EXPECT_EQ(issuer.Verify(changed).verdict, Verdict::kBadSignature);

  // Another key claiming the issuer's kid.
  Issuer forger;
  auto parsed = ParseCompact(forger.Issue(Claims()), kAttestationType);
  ASSERT_TRUE(parsed.ok());
  const nlohmann::json header = {
      {"alg", "EdDSA"}, {"kid", issuer.key.kid()}, {"typ", kAttestationType}};
  const std::string forged = SignCompactWithHeader(header.dump(), parsed->payload, forger.key);
  EXPECT_EQ(issuer.Verify(forged).verdict, Verdict::kBadSignature);
  EXPECT_EQ(issuer.Verify(forger.Issue(Claims())).verdict, Verdict::kUnknownKey);
  EXPECT_EQ(issuer.Verify("not a jws").verdict, Verdict::kMalformed);
  // A status list is not an attestation even though the issuer signed it.
  EXPECT_EQ(issuer.Verify(SignCompact("{}", kStatusListType, issuer.key)).verdict,
            Verdict::kMalformed);
}

TEST(Attestation, DatesDecideNotYetValidAndExpired) {
  Issuer issuer;
  AttestationClaims claims = Claims();
  claims.not_before = kIssued + 30 * kDay;
  const std::string later = issuer.Issue(claims);
  EXPECT_EQ(issuer.Verify(later, kIssued + 29 * kDay).verdict, Verdict::kNotYetValid);
  EXPECT_EQ(issuer.Verify(later, kIssued + 30 * kDay).verdict, Verdict::kValid);
  const std::string normal = issuer.Issue(Claims());
  EXPECT_EQ(issuer.Verify(normal, kIssued + 365 * kDay - 1).verdict, Verdict::kValid);
  const VerificationReport expired = issuer.Verify(normal, kIssued + 365 * kDay);
  EXPECT_EQ(expired.verdict, Verdict::kExpired);
  EXPECT_NE(Joined(expired.Statements("ja")).find("有効期限が切れています"), std::string::npos);
}

TEST(Attestation, StatusListDecidesRevokedSuspendedMissingAndInvalid) {
  Issuer issuer;
  const std::string jws = issuer.Issue(Claims());
  issuer.Publish({42}, {});
  EXPECT_EQ(issuer.Verify(jws).verdict, Verdict::kRevoked);
  issuer.Publish({41, 43}, {42});
  EXPECT_EQ(issuer.Verify(jws).verdict, Verdict::kSuspended);
  issuer.Publish({41, 43}, {41});
  EXPECT_EQ(issuer.Verify(jws).verdict, Verdict::kValid);

  StatusLists none;
  EXPECT_EQ(VerifyAttestation(jws, issuer.keys, none, kIssued + kDay).verdict,
            Verdict::kStatusListMissing);
  StatusLists broken;
  broken.problems = {"status.jws: the status list's signature is not valid"};
  const VerificationReport invalid = VerifyAttestation(jws, issuer.keys, broken, kIssued + kDay);
  EXPECT_EQ(invalid.verdict, Verdict::kStatusListInvalid);
  EXPECT_NE(invalid.detail.find("status.jws"), std::string::npos);

  // A list at the same URL published by someone else does not count.
  StatusLists foreign = issuer.lists;
  foreign.lists[0].issuer = "https://elsewhere.example";
  EXPECT_EQ(VerifyAttestation(jws, issuer.keys, foreign, kIssued + kDay).verdict,
            Verdict::kStatusListMissing);
  AttestationClaims far = Claims();
  far.status.index = kMinStatusBits;  // beyond the 16 KiB list
  EXPECT_EQ(issuer.Verify(issuer.Issue(far)).verdict, Verdict::kStatusListInvalid);
}

TEST(Attestation, RotatedKeysKeepEarlierAttestationsValid) {
  Issuer issuer;
  const Date rotation = *ParseDate("2026-12-15");
  SigningKey old_key = std::move(issuer.key);
  old_key.set_retired(rotation);
  SigningKey new_key = SigningKey::Generate(rotation);
  KeySet keys;
  ASSERT_TRUE(keys.Add(old_key.public_key()).ok());
  ASSERT_TRUE(keys.Add(new_key.public_key()).ok());

  auto before = IssueAttestation(Claims(), old_key);
  ASSERT_TRUE(before.ok());
  AttestationClaims after = Claims();
  after.issued_at = after.not_before = StartOfDay(rotation) + 3600;
  after.expires_at = after.issued_at + 365 * kDay;
  auto by_new = IssueAttestation(after, new_key);
  ASSERT_TRUE(by_new.ok());
  EXPECT_FALSE(IssueAttestation(after, old_key).ok());

  const int64_t now = StartOfDay(rotation) + 30 * kDay;
  EXPECT_EQ(VerifyAttestation(*before, keys, issuer.lists, now).verdict, Verdict::kValid);
  EXPECT_EQ(VerifyAttestation(*by_new, keys, issuer.lists, now).verdict, Verdict::kValid);
  // The retired key cannot vouch for something it claims to have signed after retirement
  // (a stolen old key must not mint new attestations).
  const std::string backdated = SignCompact(ClaimsToJson(after).dump(), kAttestationType, old_key);
  EXPECT_EQ(VerifyAttestation(backdated, keys, issuer.lists, now).verdict,
            Verdict::kKeyNotValidThen);
}

TEST(Attestation, IssuingEnforcesTheLevelRulesAndBounds) {
  const SigningKey key = SigningKey::Generate();
  auto refused = [&key](AttestationClaims claims) {
    auto jws = IssueAttestation(claims, key);
    return jws.ok() ? std::string("issued") : jws.error().message;
  };
  AttestationClaims claims = Claims();
  claims.kind = AttestationKind::kSelfDeclared;
  EXPECT_NE(refused(claims).find("level 3 needs"), std::string::npos);
  claims.level = 2;
  claims.assessor.reset();
  EXPECT_EQ(refused(claims), "issued");
  claims = Claims();
  claims.level = 4;
  EXPECT_NE(refused(claims).find("third_party"), std::string::npos);
  claims.kind = AttestationKind::kThirdParty;
  EXPECT_EQ(refused(claims), "issued");
  claims.assessor.reset();
  EXPECT_NE(refused(claims).find("assessor"), std::string::npos);
  claims = Claims();
  claims.subject = "1234567890123";
  EXPECT_NE(refused(claims).find("corporate number"), std::string::npos);
  claims = Claims();
  claims.level = 6;
  EXPECT_NE(refused(claims).find("1 to 5"), std::string::npos);
  claims = Claims();
  claims.expires_at = claims.not_before;
  EXPECT_NE(refused(claims).find("\"exp\""), std::string::npos);
  claims = Claims();
  claims.catalog_digest = std::string(64, 'A');
  EXPECT_NE(refused(claims).find("catalog_digest"), std::string::npos);
  claims = Claims();
  claims.scope = std::string(3000, 's');
  EXPECT_NE(refused(claims).find("scope"), std::string::npos);
}

TEST(Attestation, ClaimsWithUnknownOrRepeatedMembersAreMalformed) {
  Issuer issuer;
  nlohmann::json payload = ClaimsToJson(Claims());
  payload["verified_by_government"] = true;
  const std::string extra = SignCompact(payload.dump(), kAttestationType, issuer.key);
  const VerificationReport report = issuer.Verify(extra);
  EXPECT_EQ(report.verdict, Verdict::kMalformed);
  EXPECT_NE(report.detail.find("verified_by_government"), std::string::npos);
  std::string text = ClaimsToJson(Claims()).dump();
  text.insert(1, "\"level\":5,");
  EXPECT_EQ(issuer.Verify(SignCompact(text, kAttestationType, issuer.key)).verdict,
            Verdict::kMalformed);
}

TEST(EvidenceDigest, IsOrderFreeIgnoresRepeatsAndChecksTheHashes) {
  const std::string a(64, 'a');
  const std::string b(64, 'b');
  EXPECT_EQ(*EvidenceDigest({a, b}), *EvidenceDigest({b, a, b}));
  EXPECT_NE(*EvidenceDigest({a, b}), *EvidenceDigest({a}));
  // SHA-256 of the empty string.
  EXPECT_EQ(*EvidenceDigest({}),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_FALSE(EvidenceDigest({"abc"}).ok());
}

}  // namespace
}  // namespace hoshitori::assure
