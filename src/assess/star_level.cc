#include "assess/star_level.h"

#include <algorithm>

namespace hoshitori {

std::string_view AttestationKindName(AttestationKind kind) {
  switch (kind) {
    case AttestationKind::kSelf: return "self";
    case AttestationKind::kExpertConfirmed: return "expert_confirmed";
    case AttestationKind::kThirdParty: return "third_party";
  }
  return "self";
}

std::optional<AttestationKind> ParseAttestationKind(std::string_view name) {
  if (name == "self") return AttestationKind::kSelf;
  if (name == "expert_confirmed") return AttestationKind::kExpertConfirmed;
  if (name == "third_party") return AttestationKind::kThirdParty;
  return std::nullopt;
}

std::string_view AssessmentStatusName(AssessmentStatus status) {
  switch (status) {
    case AssessmentStatus::kDraft: return "draft";
    case AssessmentStatus::kSubmitted: return "submitted";
    case AssessmentStatus::kConfirmed: return "confirmed";
    case AssessmentStatus::kVerified: return "verified";
    case AssessmentStatus::kExpired: return "expired";
    case AssessmentStatus::kRevoked: return "revoked";
  }
  return "draft";
}

std::optional<AssessmentStatus> ParseAssessmentStatus(std::string_view name) {
  for (auto status : {AssessmentStatus::kDraft, AssessmentStatus::kSubmitted,
                      AssessmentStatus::kConfirmed, AssessmentStatus::kVerified,
                      AssessmentStatus::kExpired, AssessmentStatus::kRevoked}) {
    if (AssessmentStatusName(status) == name) return status;
  }
  return std::nullopt;
}

std::optional<Date> EffectiveValidUntil(const Attestation& attestation) {
  if (attestation.valid_until) return attestation.valid_until;
  if (!attestation.valid_from) return std::nullopt;
  switch (attestation.kind) {
    case AttestationKind::kSelf: return std::nullopt;
    case AttestationKind::kExpertConfirmed:
      return std::chrono::sys_days(AddYears(*attestation.valid_from, 1)) - std::chrono::days(1);
    case AttestationKind::kThirdParty:
      return std::chrono::sys_days(AddYears(*attestation.valid_from, 3)) - std::chrono::days(1);
  }
  return std::nullopt;
}

HeldLevel DetermineHeldLevel(int eligible_star, LevelTags present_stars,
                             const Attestation& attestation, const Date& today) {
  HeldLevel held;
  held.valid_until = EffectiveValidUntil(attestation);
  auto nothing = [&](std::string reason) {
    held.star = 0;
    held.reasons.push_back(std::move(reason));
    return held;
  };
  if (eligible_star <= 0) return held;
  switch (attestation.status) {
    case AssessmentStatus::kDraft:
      return nothing("the assessment is still a draft; submit it / 下書きのままです。提出してください");
    case AssessmentStatus::kRevoked:
      return nothing("the assessment was revoked / この評価は取り消されています");
    case AssessmentStatus::kExpired:
      return nothing("the assessment has expired; renew it / 有効期限が切れています。更新してください");
    default: break;
  }
  if (attestation.suspended) {
    return nothing("the attestation is suspended / 証明書は一時停止されています");
  }
  if (attestation.valid_from && today < *attestation.valid_from) {
    return nothing("the validity starts on " + FormatDate(*attestation.valid_from) + " / 有効期間が始まっていません");
  }
  if (held.valid_until && today > *held.valid_until) {
    return nothing("the validity ended on " + FormatDate(*held.valid_until) +
                   "; renew the assessment / 有効期限が切れています。更新してください");
  }

  int cap = 5;
  auto limit = [&](int level, std::string reason) {
    if (level < cap) {
      cap = level;
      if (eligible_star > level) held.reasons.push_back(std::move(reason));
    }
  };
  if (eligible_star >= 5) {
    limit(4, "★5 cannot be held yet: its evaluation is not defined / ★5の評価方法はまだ定められていません");
  }
  if (attestation.kind == AttestationKind::kSelf) {
    limit(2, "★3 and above need confirmation by an expert; a self-assessment holds at most ★2 / ★3以上には専門家の確認が必要です（自己評価のみでは★2まで）");
  }
  if (attestation.kind != AttestationKind::kThirdParty || attestation.status != AssessmentStatus::kVerified) {
    limit(3, "★4 needs a third-party evaluation with status verified / ★4には第三者評価（検証済み）が必要です");
  }
  if (!attestation.management_declaration) {
    limit(2, "★3 needs a management declaration / ★3には経営者による宣言が必要です");
  }
  if (attestation.status == AssessmentStatus::kSubmitted) {
    limit(2, "★3 needs the expert's confirmation to be recorded (status confirmed) / ★3には専門家の確認（確認済み）が必要です");
  }
  for (int star = std::min(eligible_star, cap); star > 0; --star) {
    if (present_stars & (1 << (star - 1))) {
      held.star = star;
      break;
    }
  }
  return held;
}

bool CanTransition(AssessmentStatus from, AssessmentStatus to) {
  using S = AssessmentStatus;
  switch (from) {
    case S::kDraft: return to == S::kSubmitted;
    case S::kSubmitted: return to == S::kDraft || to == S::kConfirmed || to == S::kVerified || to == S::kExpired || to == S::kRevoked;
    case S::kConfirmed: return to == S::kVerified || to == S::kExpired || to == S::kRevoked;
    case S::kVerified: return to == S::kExpired || to == S::kRevoked;
    case S::kExpired: case S::kRevoked: return false;
  }
  return false;
}

}  // namespace hoshitori
