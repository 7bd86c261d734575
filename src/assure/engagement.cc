#include "assure/engagement.h"

#include <utility>

namespace hoshitori::assure {

namespace {
constexpr std::pair<EngagementState, std::string_view> kStates[] = {
    {EngagementState::kRequested, "requested"},
    {EngagementState::kAccepted, "accepted"},
    {EngagementState::kDeclined, "declined"},
    {EngagementState::kConcluded, "concluded"},
    {EngagementState::kRefused, "refused"}};
constexpr std::pair<FindingVerdict, std::string_view> kVerdicts[] = {
    {FindingVerdict::kConfirmed, "confirmed"},
    {FindingVerdict::kNeedsEvidence, "needs_evidence"},
    {FindingVerdict::kNotConfirmed, "not_confirmed"}};
}  // namespace

std::string_view EngagementStateName(EngagementState state) {
  for (const auto& [value, name] : kStates) {
    if (value == state) return name;
  }
  return "?";
}

std::optional<EngagementState> ParseEngagementState(std::string_view name) {
  for (const auto& [value, text] : kStates) {
    if (text == name) return value;
  }
  return std::nullopt;
}

std::string_view FindingVerdictName(FindingVerdict verdict) {
  for (const auto& [value, name] : kVerdicts) {
    if (value == verdict) return name;
  }
  return "?";
}

std::optional<FindingVerdict> ParseFindingVerdict(std::string_view name) {
  for (const auto& [value, text] : kVerdicts) {
    if (text == name) return value;
  }
  return std::nullopt;
}

}  // namespace hoshitori::assure
