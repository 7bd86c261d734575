#include <gtest/gtest.h>

#include "assess/star_level.h"

namespace hoshitori {
namespace {

TEST(AssessmentStatus, TransitionsFollowTheLifecycle) {
  using S = AssessmentStatus;
  EXPECT_TRUE(CanTransition(S::kDraft, S::kSubmitted));
  EXPECT_FALSE(CanTransition(S::kDraft, S::kVerified));
  EXPECT_TRUE(CanTransition(S::kSubmitted, S::kConfirmed));
  EXPECT_TRUE(CanTransition(S::kConfirmed, S::kVerified));
  EXPECT_TRUE(CanTransition(S::kVerified, S::kExpired));
  EXPECT_FALSE(CanTransition(S::kExpired, S::kSubmitted));
  EXPECT_FALSE(CanTransition(S::kRevoked, S::kDraft));
}

TEST(AttestationNames, RoundTrip) {
  for (auto kind : {AttestationKind::kSelf, AttestationKind::kExpertConfirmed, AttestationKind::kThirdParty}) {
    EXPECT_EQ(ParseAttestationKind(AttestationKindName(kind)), kind);
  }
  EXPECT_FALSE(ParseAttestationKind("expert").has_value());
  EXPECT_FALSE(ParseAssessmentStatus("done").has_value());
}

TEST(HeldLevel, NothingEligibleNothingHeldAndNoReasons) {
  Attestation attestation;
  attestation.status = AssessmentStatus::kDraft;
  const HeldLevel held = DetermineHeldLevel(0, kStar3 | kStar4, attestation, *ParseDate("2026-11-21"));
  EXPECT_EQ(held.star, 0);
  EXPECT_TRUE(held.reasons.empty());
}

}  // namespace
}  // namespace hoshitori
