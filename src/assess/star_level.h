// Star level held: a level is only as strong as its attestation.
//
// Rules (pinned by tests/cases/levels/*.test):
// - nothing is held from a draft or revoked assessment, while its signed attestation is
//   suspended, before valid_from, or after the validity ends (an expired assessment holds
//   nothing);
// - a self-assessment (self-declaration) holds at most ★2;
// - ★3 needs confirmation by an expert, a management declaration, and status confirmed or
//   verified;
// - ★4 needs a third-party evaluation with status verified (and the ★3 conditions);
// - ★5 cannot be held yet: the scheme has not defined its evaluation;
// - the level held is the highest level the framework assesses at or below both the
//   eligible level and what the attestation allows;
// - without valid_until, validity runs 1 year (expert confirmation) or 3 years (third-party
//   evaluation) from valid_from; a self-declaration without dates does not expire.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/framework.h"
#include "core/date.h"

namespace hoshitori {

enum class AttestationKind { kSelf, kExpertConfirmed, kThirdParty };
enum class AssessmentStatus { kDraft, kSubmitted, kConfirmed, kVerified, kExpired, kRevoked };

std::string_view AttestationKindName(AttestationKind kind);
std::optional<AttestationKind> ParseAttestationKind(std::string_view name);
std::string_view AssessmentStatusName(AssessmentStatus status);
std::optional<AssessmentStatus> ParseAssessmentStatus(std::string_view name);

struct Attestation {
  AttestationKind kind = AttestationKind::kSelf;
  AssessmentStatus status = AssessmentStatus::kDraft;
  bool management_declaration = false;
  std::optional<Date> valid_from;
  std::optional<Date> valid_until;
  // Its signed attestation is suspended by the operator (service/attestation_service.h):
  // nothing is held until it is reinstated. Revocation sets status kRevoked instead.
  bool suspended = false;
};

struct HeldLevel {
  int star = 0;
  std::optional<Date> valid_until;  // effective end of validity, if any
  // Why the held level is below the eligible one, one sentence each, in English with the
  // Japanese after a " / " (shown to users as they are).
  std::vector<std::string> reasons;
};

// The effective last day of validity, or nullopt when the attestation does not expire.
std::optional<Date> EffectiveValidUntil(const Attestation& attestation);

// The level held given the level the answers are eligible for. `present_stars` is the set
// of star tags the assessed framework has (bit s-1 for ★s): a framework can only confer a
// level it assesses, so a self-assessed hub (★3..★5 criteria) holds nothing rather than ★2.
HeldLevel DetermineHeldLevel(int eligible_star, LevelTags present_stars,
                             const Attestation& attestation, const Date& today);

// Legal status transitions: draft → submitted → confirmed → verified; submitted, confirmed
// or verified → expired or revoked; a submitted assessment can be returned to draft.
bool CanTransition(AssessmentStatus from, AssessmentStatus to);

}  // namespace hoshitori
