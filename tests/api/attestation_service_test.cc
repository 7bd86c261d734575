// The server issues signed attestations (issue 14): confirming an assessment issues exactly one
// attestation in the same transaction, which verifies with the JWK Set and status list the
// server serves; revocation and suspension show in the verification and drop the level held;
// the public registry publishes only what an organisation's admin chose to publish. On SQLite
// and (as api.pg.*) PostgreSQL.
#include "service/attestation_service.h"

#include <chrono>
#include <tuple>

#include "service/chain_service.h"
#include "api_test_support.h"
#include "assure/attestation.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

constexpr const char* kIssuerUrl = "https://hoshitori.test";
constexpr const char* kSupplierNumber = "7000012050002";
constexpr const char* kAssessorNumber = "2200300451234";

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class AttestationServiceTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    UseKeys({});
  }

  void UseKeys(std::vector<assure::SigningKey> keys) { UseIssuer(std::move(keys), kIssuerUrl); }

  // A supplier with a ★3-eligible hub assessment submitted to an assessor organisation that
  // sees it in detail; `assessor_` may confirm it.
  int64_t ReadyForConfirmation() {
    supplier_ = SignUp(kSupplierNumber, "admin@supplier.example");
    const Caller body_admin = SignUp(kAssessorNumber, "admin@assessor.example", "L");
    assessor_ = Invite(body_admin, "expert@assessor.example", "assessor");
    AccreditExpert("expert@assessor.example", "RISS-000123");
    const int64_t id = SubmittedAssessment(supplier_, kAssessorNumber);
    EXPECT_EQ(Send("POST", "/api/v1/shares",
                   json{{"assessment_id", id},
                        {"buyer_corporate_number", kAssessorNumber},
                        {"detail", "details"}}
                       .dump(),
                   &supplier_)
                  .status,
              201);
    AcceptEngagement(id, supplier_, assessor_);
    return id;
  }

  json OwnAttestations() {
    const auto listed = Send("GET", "/api/v1/attestations", "", &supplier_);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return Json(listed)["attestations"];
  }

  int64_t StoredAttestations() {
    auto count = AttestationRepository(store_->Sql()).Count();
    EXPECT_TRUE(count.ok());
    return count.ok() ? *count : -1;
  }

  // The status and held star of assessment `id` as its owner sees it.
  std::pair<std::string, int> Held(int64_t id) {
    const auto read = Send("GET", "/api/v1/assessments/" + std::to_string(id), "", &supplier_);
    EXPECT_EQ(read.status, 200) << read.body;
    const json body = Json(read);
    return {body["status"].get<std::string>(), body["held"]["star"].get<int>()};
  }

  // As the scheme operator at the command line.
  void ChangeState(const std::string& id, IssuedState to) {
    const Clock clock;
    service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr,
                             service::Actor::Operator()};
    const auto changed = service::AttestationService(context).ChangeState(id, to, "test");
    ASSERT_TRUE(changed.ok()) << changed.error().message;
    // The server hears of a change made by another process as its change follower makes it
    // (PostgreSQL's notices; docs/deploy.md), which this in-process app does not run.
    app_->chain().Changed(ChangeScope::Everything());
  }

  std::string VerificationStatus(const std::string& id) {
    const auto checked = Send("GET", "/api/v1/attestations/" + id + "/verification");
    EXPECT_EQ(checked.status, 200) << checked.body;
    return Json(checked)["status"];
  }

  json Search(const std::string& q) {
    const auto found = Send("GET", "/api/v1/registry?q=" + q);
    EXPECT_EQ(found.status, 200) << found.body;
    return Json(found)["entries"];
  }

  Caller supplier_, assessor_;
};

TEST_F(AttestationServiceTest, ConfirmingIssuesOneAttestationThatVerifiesWithWhatTheServerServes) {
  const int64_t id = ReadyForConfirmation();
  EXPECT_EQ(StoredAttestations(), 0);
  const auto confirmed =
      Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/confirm", "{}", &assessor_);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(StoredAttestations(), 1);

  const json own = OwnAttestations();
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0]["assessment_id"], id);
  EXPECT_EQ(own[0]["level"], 3);
  EXPECT_EQ(own[0]["kind"], "expert_confirmed");
  EXPECT_EQ(own[0]["state"], "active");
  const std::string attestation_id = own[0]["id"];
  EXPECT_EQ(own[0]["verify_url"], std::string(kIssuerUrl) + "/verify/" + attestation_id);

  // Everything a verifier needs, fetched without signing in.
  const auto jws = Send("GET", "/api/v1/attestations/" + attestation_id);
  ASSERT_EQ(jws.status, 200) << jws.body;
  EXPECT_EQ(jws.content_type, "application/jose");
  const auto jwks = Send("GET", "/.well-known/jwks.json");
  ASSERT_EQ(jwks.status, 200) << jwks.body;
  EXPECT_EQ(jwks.content_type, "application/jwk-set+json");
  EXPECT_EQ(jwks.body.find("\"d\""), std::string::npos);
  const auto keys = assure::KeySet::Parse(jwks.body, "jwks.json");
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  const auto status =
      Send("GET", "/status/" + std::to_string(own[0]["status_list"].get<int64_t>()));
  ASSERT_EQ(status.status, 200) << status.body;

  const int64_t now = NowSeconds();
  assure::StatusLists lists;
  auto list = assure::ReadStatusList(status.body, *keys, now);
  ASSERT_TRUE(list.ok()) << list.error().message;
  lists.lists.push_back(std::move(list).value());
  const auto report = assure::VerifyAttestation(jws.body, *keys, lists, now);
  ASSERT_TRUE(report.valid()) << report.detail;
  const assure::AttestationClaims& claims = *report.claims;
  EXPECT_EQ(claims.subject, kSupplierNumber);
  EXPECT_EQ(claims.name, std::string("Org ") + kSupplierNumber);
  EXPECT_EQ(claims.level, 3);
  EXPECT_EQ(claims.kind, assure::AttestationKind::kExpertConfirmed);
  EXPECT_EQ(claims.framework, "hoshitori-common");
  EXPECT_EQ(claims.issuer, kIssuerUrl);
  EXPECT_EQ(claims.id, attestation_id);
  EXPECT_EQ(claims.status.url, std::string(kIssuerUrl) + "/status/1");
  EXPECT_EQ(claims.status.index, own[0]["status_index"].get<uint64_t>());
  ASSERT_TRUE(claims.assessor.has_value());
  EXPECT_EQ(claims.assessor->name, std::string("Org ") + kAssessorNumber);
  EXPECT_EQ(claims.evidence_digest, *assure::EvidenceDigest({}));
  // Valid for the year of an expert's confirmation, from the day it was given.
  EXPECT_GT(claims.expires_at - claims.not_before, 364 * 86400);
  EXPECT_LE(claims.expires_at - claims.not_before, 366 * 86400);

  EXPECT_EQ(VerificationStatus(attestation_id), "valid");
  // Not the whole list of an organisation's ids to strangers, and no id by guessing.
  EXPECT_EQ(Send("GET", "/api/v1/attestations").status, 401);
  EXPECT_EQ(Send("GET", "/api/v1/attestations/AAAAAAAAAAAAAAAAAAAAAA").status, 404);
  EXPECT_EQ(Send("GET", "/status/2").status, 404);
}

TEST_F(AttestationServiceTest, AFailureToSignRollsTheConfirmationBack) {
  // The server's only key was retired yesterday: nothing can be signed today.
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::vector<assure::SigningKey> keys;
  keys.push_back(assure::SigningKey::Generate(std::nullopt, Date(today - std::chrono::days(1))));
  UseKeys(std::move(keys));
  const int64_t id = ReadyForConfirmation();
  const auto confirmed =
      Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/confirm", "{}", &assessor_);
  EXPECT_EQ(confirmed.status, 503) << confirmed.body;
  EXPECT_EQ(Held(id), std::pair(std::string("submitted"), 0));
  EXPECT_EQ(StoredAttestations(), 0);
}

TEST_F(AttestationServiceTest, RevocationAndSuspensionShowEverywhereAndDropTheLevelHeld) {
  const int64_t id = ReadyForConfirmation();
  ASSERT_EQ(Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/confirm", "{}", &assessor_)
                .status,
            200);
  const std::string attestation_id = OwnAttestations()[0]["id"];
  EXPECT_EQ(Held(id), std::pair(std::string("confirmed"), 3));

  ChangeState(attestation_id, IssuedState::kSuspended);
  EXPECT_EQ(VerificationStatus(attestation_id), "suspended");
  EXPECT_EQ(Held(id), std::pair(std::string("confirmed"), 0));
  ChangeState(attestation_id, IssuedState::kActive);
  EXPECT_EQ(VerificationStatus(attestation_id), "valid");
  EXPECT_EQ(Held(id), std::pair(std::string("confirmed"), 3));

  ChangeState(attestation_id, IssuedState::kRevoked);
  EXPECT_EQ(VerificationStatus(attestation_id), "revoked");
  EXPECT_EQ(Held(id), std::pair(std::string("revoked"), 0));
  EXPECT_EQ(OwnAttestations()[0]["state"], "revoked");
  // Revocation is final.
  const Clock clock;
  service::Context context{*store_, testing_support::ShippedCatalog(), clock, nullptr,
                           service::Actor::Operator()};
  const auto reinstated =
      service::AttestationService(context).ChangeState(attestation_id, IssuedState::kActive, "");
  ASSERT_FALSE(reinstated.ok());
  EXPECT_EQ(reinstated.error().kind, ErrorKind::kConflict);
  // Only the operator changes states.
  service::Context stranger{*store_, testing_support::ShippedCatalog(), clock, nullptr, {}};
  EXPECT_EQ(service::AttestationService(stranger)
                .ChangeState(attestation_id, IssuedState::kSuspended, "")
                .error()
                .kind,
            ErrorKind::kForbidden);
}

// The buyer's supplier list marks a level that rests on an active signed attestation as
// verified, with the attestation to check; revoked, the mark and the level go.
TEST_F(AttestationServiceTest, TheBuyersListShowsTheVerifiedLevelUntilItIsRevoked) {
  const int64_t id = ReadyForConfirmation();
  const Caller buyer = SignUp("3400120034561", "admin@buyer.example");
  ASSERT_EQ(Send("POST", "/api/v1/shares",
                 json{{"assessment_id", id}, {"buyer_corporate_number", "3400120034561"}}.dump(), &supplier_)
                .status,
            201);
  const auto row = [&] {
    const auto listed = Send("GET", "/api/v1/suppliers", "", &buyer);
    EXPECT_EQ(listed.status, 200) << listed.body;
    const json rows = Json(listed)["suppliers"];
    return rows.size() == 1 ? rows[0] : json();
  };
  json before = row();
  EXPECT_LT(before["held"]["star"].get<int>(), 3) << "★3 needs the expert's confirmation";
  EXPECT_EQ(before["verified"], false) << "submitted, not yet confirmed: nothing is signed";
  ASSERT_EQ(Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/confirm", "{}", &assessor_).status, 200);
  const std::string attestation_id = OwnAttestations()[0]["id"];
  const json verified = row();
  EXPECT_EQ(verified["held"]["star"], 3);
  EXPECT_EQ(verified["held"]["attestation"], "expert_confirmed");
  EXPECT_EQ(verified["verified"], true);
  EXPECT_EQ(verified["attestation_id"], attestation_id);
  ChangeState(attestation_id, IssuedState::kRevoked);
  const json revoked = row();
  EXPECT_EQ(revoked["verified"], false);
  EXPECT_EQ(revoked["attestation_id"], nullptr);
  EXPECT_LT(revoked["held"]["star"].get<int>(), 3);
}

TEST_F(AttestationServiceTest, TheRegistryShowsOnlyWhatTheOrganisationsAdminPublished) {
  const int64_t id = ReadyForConfirmation();
  const std::string entry = std::string("/api/v1/registry/entries/") + kSupplierNumber;
  // Nothing to publish before an attestation is issued.
  EXPECT_EQ(Send("PUT", entry, "", &supplier_).status, 409);
  ASSERT_EQ(Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/confirm", "{}", &assessor_)
                .status,
            200);
  // Not listed until published.
  const std::string full_width =
      "%EF%BC%97%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%91"
      "%EF%BC%92%EF%BC%90%EF%BC%95%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%92";
  EXPECT_TRUE(Search(full_width).empty());

  // A stranger (another organisation's admin, or the assessor) cannot publish it.
  const Caller stranger = SignUp("3400120034561", "admin@buyer.example");
  EXPECT_EQ(Send("PUT", entry, "", &stranger).status, 403);
  EXPECT_EQ(Send("PUT", entry, "", &assessor_).status, 403);
  EXPECT_EQ(Send("PUT", entry, "").status, 401);
  EXPECT_TRUE(Search(full_width).empty());

  const auto published = Send("PUT", entry, "", &supplier_);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(Json(published)["level"], 3);

  // Found by the corporate number typed in full-width digits, and by part of the name.
  json found = Search(full_width);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["corporate_number"], kSupplierNumber);
  EXPECT_EQ(found[0]["level"], 3);
  EXPECT_EQ(found[0]["kind"], "expert_confirmed");
  EXPECT_EQ(found[0]["status"], "valid");
  EXPECT_EQ(found[0]["issuer"], kIssuerUrl);
  EXPECT_EQ(Search("Org%207000").size(), 1u);
  EXPECT_TRUE(Search("Org%203400").empty());
  EXPECT_EQ(Send("GET", "/api/v1/registry?q=").status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/registry?q=1234567890123").status, 422);  // bad check digit

  // A stranger cannot withdraw it either; its admin can.
  EXPECT_EQ(Send("DELETE", entry, "", &stranger).status, 403);
  EXPECT_EQ(Send("DELETE", entry, "", &supplier_).status, 204);
  EXPECT_TRUE(Search(full_width).empty());
  EXPECT_EQ(Send("DELETE", entry, "", &supplier_).status, 404);

  // Suspended: listed as such; revoked: gone.
  ASSERT_EQ(Send("PUT", entry, "", &supplier_).status, 200);
  const std::string attestation_id = OwnAttestations()[0]["id"];
  ChangeState(attestation_id, IssuedState::kSuspended);
  found = Search(kSupplierNumber);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["status"], "suspended");
  ChangeState(attestation_id, IssuedState::kRevoked);
  EXPECT_TRUE(Search(kSupplierNumber).empty());
}

TEST(HalfWidthDigits, MakesWhatPeopleTypeInJapaneseAscii) {
  EXPECT_EQ(service::HalfWidthDigits("７０００－０１２０５０００２"), "7000-012050002");
  EXPECT_EQ(service::HalfWidthDigits("7000\xE3\x80\x80"
                                     "012050002"),
            "7000 012050002");
  EXPECT_EQ(service::HalfWidthDigits("星取‐部品"), "星取-部品");
  EXPECT_EQ(service::HalfWidthDigits("ｶﾅ"), "ｶﾅ");
}

}  // namespace
}  // namespace hoshitori::api

namespace hoshitori::service {
namespace {

TEST(AttestationIssuer, MakesAPrivateKeyDirectoryAndRefusesKeysOthersCanRead) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("hoshitori-keys-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const auto made = AttestationIssuer::Open(dir.string(), "https://hoshitori.test/", true);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ((*made)->public_url(), "https://hoshitori.test");
  ASSERT_EQ((*made)->public_keys().keys().size(), 1u);
  const std::string kid = (*made)->public_keys().keys()[0].kid;
  using std::filesystem::perms;
  EXPECT_EQ(std::filesystem::status(dir).permissions() & perms::all, perms::owner_all);
  const auto key_file = dir / (kid + ".jwk");
  EXPECT_EQ(std::filesystem::status(key_file).permissions() & perms::all,
            perms::owner_read | perms::owner_write);

  // Opened again: the same key, none added.
  const auto again = AttestationIssuer::Open(dir.string(), "https://hoshitori.test", false);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*again)->public_keys().keys()[0].kid, kid);
  // The error names the file, never its content.
  std::filesystem::permissions(key_file, perms::group_read, std::filesystem::perm_options::add);
  const auto readable = AttestationIssuer::Open(dir.string(), "https://hoshitori.test", false);
  ASSERT_FALSE(readable.ok());
  EXPECT_NE(readable.error().message.find(kid + ".jwk may be read by others"), std::string::npos);
  std::filesystem::permissions(key_file, perms::group_read, std::filesystem::perm_options::remove);
  std::filesystem::permissions(dir, perms::others_exec, std::filesystem::perm_options::add);
  EXPECT_FALSE(AttestationIssuer::Open(dir.string(), "https://hoshitori.test", false).ok());
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(AttestationIssuer::Open(dir.string(), "https://hoshitori.test", false).ok());
  EXPECT_FALSE(AttestationIssuer::Open(dir.string(), "ftp://hoshitori.test", true).ok());
  std::filesystem::remove_all(dir);
}

TEST(AttestationIssuer, ARotatedKeySignsFromItsFirstDayAndTheOldOneStaysPublished) {
  const Date rotation = *ParseDate("2027-04-01");
  std::vector<assure::SigningKey> keys;
  keys.push_back(assure::SigningKey::Generate(std::nullopt, rotation));
  keys.push_back(assure::SigningKey::Generate(rotation));
  const std::string old_kid = keys[0].kid(), new_kid = keys[1].kid();
  const auto issuer = AttestationIssuer::FromKeys(std::move(keys), "https://hoshitori.test");
  ASSERT_TRUE(issuer.ok());
  const int64_t day = assure::StartOfDay(rotation);
  EXPECT_EQ((*issuer)->SigningKeyAt(day - 1)->kid(), old_kid);
  EXPECT_EQ((*issuer)->SigningKeyAt(day)->kid(), new_kid);
  EXPECT_EQ((*issuer)->public_keys().keys().size(), 2u);
}

// Reminders 90, 30 and 7 days before an active attestation's last day; none for revoked or
// suspended ones, none further ahead, none after the end.
TEST(ExpiryReminders, ComeNinetyThirtyAndSevenDaysAheadForActiveAttestations) {
  const auto attestation = [](std::string id, std::string expires_at, IssuedState state) {
    IssuedAttestation a;
    a.id = std::move(id);
    a.level = 3;
    a.expires_at = std::move(expires_at);  // midnight after the last day held
    a.state = state;
    return a;
  };
  const Date today = *ParseDate("2027-01-01");
  const std::vector<IssuedAttestation> all = {
      attestation("far", "2027-04-03T00:00:00Z", IssuedState::kActive),        // last day +91
      attestation("ninety", "2027-04-02T00:00:00Z", IssuedState::kActive),     // +90
      attestation("thirty", "2027-02-01T00:00:00Z", IssuedState::kActive),     // +30
      attestation("week", "2027-01-09T00:00:00Z", IssuedState::kActive),       // +7
      attestation("today", "2027-01-02T00:00:00Z", IssuedState::kActive),      // 0
      attestation("over", "2027-01-01T00:00:00Z", IssuedState::kActive),       // ended yesterday
      attestation("revoked", "2027-01-10T00:00:00Z", IssuedState::kRevoked),
      attestation("suspended", "2027-01-10T00:00:00Z", IssuedState::kSuspended)};
  const auto due = service::ExpiryReminders(all, today);
  std::vector<std::tuple<std::string, int, int>> got;
  for (const auto& r : due) got.emplace_back(r.attestation_id, r.days_left, r.stage);
  EXPECT_EQ(got, (std::vector<std::tuple<std::string, int, int>>{
                     {"today", 0, 7}, {"week", 7, 7}, {"thirty", 30, 30}, {"ninety", 90, 90}}));
  EXPECT_EQ(FormatDate(due[1].last_day), "2027-01-08");
}

}  // namespace
}  // namespace hoshitori::service
