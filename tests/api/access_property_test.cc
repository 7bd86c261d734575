// Property: with random organisations, users, assessments, shares (some revoked or expired)
// and requests, no user reads an assessment or its answers through the API unless the rules
// allow it, and every allowed read succeeds. Assessment requests do not grant reading.
#include <rapidcheck.h>

#include "service/security.h"
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;
using testing_support::Caller;

class AccessPropertyTest : public ApiFixture {};

std::string CorporateNumberFor(int i) {
  char base[13];
  std::snprintf(base, sizeof base, "%012d", 500000000 + i);
  return std::to_string(CorporateNumber::CheckDigitFor(base)) + base;
}

TEST_F(AccessPropertyTest, NoReadBeyondTheRules) {
  int64_t cases = 0;
  int64_t allowed_reads = 0;
  int round = 0;
  const bool ok = rc::check("reads follow ownership and active shares", [&] {
    ++round;
    // A fresh little world in the same database (ids keep growing; that is fine).
    const int org_count = *rc::gen::inRange(2, 5);
    struct OrgInfo { int64_t id; };
    std::vector<OrgInfo> orgs;
    struct UserInfo { Caller caller; Role role; int64_t org_id; };
    std::vector<UserInfo> users;
    const Role roles[] = {Role::kOrgAdmin, Role::kMember, Role::kAssessor, Role::kAssociationAdmin, Role::kHubAdmin};
    for (int o = 0; o < org_count; ++o) {
      auto org = store_->AddOrganisation(Organisation{0, *CorporateNumber::Parse(CorporateNumberFor(round * 10 + o)),
                                                      "Org", *Industry::Parse("E"), 10, std::nullopt, ""});
      RC_ASSERT(org.ok());
      orgs.push_back({org->id});
      const int user_count = *rc::gen::inRange(1, 4);
      for (int u = 0; u < user_count; ++u) {
        const Role role = roles[*rc::gen::inRange(0, 5)];
        auto user = store_->AddUser(User{0, org->id, "u" + std::to_string(round) + "-" + std::to_string(o) + "-" +
                                                       std::to_string(u) + "@example.jp",
                                         "U", role, "x", "", std::nullopt});
        RC_ASSERT(user.ok());
        const std::string token = NewToken("hst_");
        RC_ASSERT(store_->AddApiToken(ApiToken{0, Sha256Hex(token), user->id, org->id, "t", UtcNow(), std::nullopt, UtcNow(86400), "write"}).ok());
        users.push_back({Caller{"", "", token, user->id, org->id}, role, org->id});
      }
    }
    struct AssessmentInfo { int64_t id; int64_t owner; };
    std::vector<AssessmentInfo> assessments;
    for (int a = 0; a < *rc::gen::inRange(1, 6); ++a) {
      AssessmentRecord record;
      record.org_id = orgs[*rc::gen::inRange(0, org_count)].id;
      record.framework_id = "security-action";
      record.attestation.status = AssessmentStatus::kSubmitted;
      auto id = store_->InsertAssessment(record);
      RC_ASSERT(id.ok());
      assessments.push_back({*id, record.org_id});
    }
    // Shares: random buyer, detail, and state (active, revoked, expired).
    std::vector<Share> shares;
    for (int s = 0; s < *rc::gen::inRange(0, 6); ++s) {
      const auto& assessment = assessments[*rc::gen::inRange(0, static_cast<int>(assessments.size()))];
      Share share;
      share.org_id = assessment.owner;
      share.assessment_id = assessment.id;
      share.buyer_org_id = orgs[*rc::gen::inRange(0, org_count)].id;
      share.detail = *rc::gen::arbitrary<bool>() ? ShareDetail::kDetails : ShareDetail::kLevel;
      share.created_at = UtcNow();
      const int state = *rc::gen::inRange(0, 3);
      if (state == 2) share.expires_at = UtcNow(-3600);
      if (state == 0) share.expires_at = UtcNow(3600);
      auto id = store_->AddShare(share);
      RC_ASSERT(id.ok());
      share.id = *id;
      if (state == 1) {
        RC_ASSERT(store_->RevokeShare(share.id, UtcNow()).ok());
        share.revoked_at = UtcNow();
      }
      shares.push_back(share);
    }
    // The oracle, written from the rules in plain terms.
    for (const auto& user : users) {
      for (const auto& assessment : assessments) {
        const bool same_org = user.org_id == assessment.owner;
        bool level_share = false, detail_share = false;
        for (const Share& share : shares) {
          if (share.assessment_id != assessment.id || share.buyer_org_id != user.org_id) continue;
          if (share.revoked_at || (share.expires_at && *share.expires_at <= UtcNow())) continue;
          level_share = true;
          detail_share = detail_share || share.detail == ShareDetail::kDetails;
        }
        const bool owner_reader = same_org && (user.role == Role::kOrgAdmin || user.role == Role::kMember ||
                                               user.role == Role::kAssessor);
        const bool may_read = owner_reader || (!same_org && level_share);
        const bool may_read_answers = owner_reader || (!same_org && detail_share);
        const std::string path = "/api/v1/assessments/" + std::to_string(assessment.id);
        const int read = Send("GET", path, "", &user.caller).status;
        const int answers = Send("GET", path + "/answers", "", &user.caller).status;
        RC_ASSERT(read == (may_read ? 200 : 404));
        // An organisation that may see the assessment learns it exists (403); others get 404.
        RC_ASSERT(answers == (may_read_answers ? 200 : may_read ? 403 : 404));
        cases += 2;
        allowed_reads += may_read + may_read_answers;
      }
    }
  });
  EXPECT_TRUE(ok);
  EXPECT_GT(cases, 1000);
  RecordProperty("generated_cases", static_cast<int>(cases));
  RecordProperty("allowed_reads", static_cast<int>(allowed_reads));
  std::printf("access property: %lld reads checked (%lld allowed) over %d random worlds\n",
              static_cast<long long>(cases), static_cast<long long>(allowed_reads), round);
}

}  // namespace
}  // namespace hoshitori::api
