// AnswerStatus: how far one requirement is met, as answered or as inferred.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hoshitori {

enum class AnswerStatus : uint8_t {
  kNotImplemented = 0,
  kUnknown = 1,
  kPartial = 2,
  kImplemented = 3,
  kNotApplicable = 4,
};

// "implemented", "partial", "not_implemented", "not_applicable", "unknown".
std::string_view AnswerStatusName(AnswerStatus status);
std::optional<AnswerStatus> ParseAnswerStatus(std::string_view name);

// True when the status satisfies a requirement for level purposes: implemented, or
// not applicable (justified).
inline bool Satisfies(AnswerStatus status) {
  return status == AnswerStatus::kImplemented || status == AnswerStatus::kNotApplicable;
}

}  // namespace hoshitori
