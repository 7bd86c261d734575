// Engagements: a supplier asks the assessor organisation it named to confirm (★3) or
// evaluate (★4) a submitted assessment; the assessor accepts or declines, records a finding
// per criterion, and concludes (the existing confirmation or verification, or a refusal).
// Pure: the states, verdicts and the rules between them (the service stores and authorises).
//
//   requested ──accept──▶ accepted ──confirm / verify──▶ concluded
//       │                    └──refuse (reasons)──────▶ refused
//       └──decline (reason)──▶ declined   (the supplier may then name another organisation)
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace hoshitori::assure {

enum class EngagementState { kRequested, kAccepted, kDeclined, kConcluded, kRefused };

// A finding on one criterion. kNeedsEvidence is an evidence request to the supplier.
enum class FindingVerdict { kConfirmed, kNeedsEvidence, kNotConfirmed };

// "requested", "accepted", "declined", "concluded", "refused".
std::string_view EngagementStateName(EngagementState state);
std::optional<EngagementState> ParseEngagementState(std::string_view name);
// "confirmed", "needs_evidence", "not_confirmed".
std::string_view FindingVerdictName(FindingVerdict verdict);
std::optional<FindingVerdict> ParseFindingVerdict(std::string_view name);

// Whether the engagement is still open: the assessor may still act on it.
inline bool IsOpen(EngagementState state) {
  return state == EngagementState::kRequested || state == EngagementState::kAccepted;
}

// Whether a supplier whose latest engagement on an assessment is in `state` (none: never
// engaged) may ask an organisation (again): only when nobody was asked or the last one
// declined. After a refusal the assessment cannot be put before another assessor: the
// supplier starts a new assessment (no shopping for a favourable opinion).
inline bool MayRequestAnother(std::optional<EngagementState> latest) {
  return !latest || *latest == EngagementState::kDeclined;
}

// Bounds on the texts of an engagement, in characters (docs/assurance.md).
inline constexpr size_t kMaxEngagementTextCharacters = 4000;  // reasons, comments, replies

}  // namespace hoshitori::assure
