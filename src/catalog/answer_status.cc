#include "catalog/answer_status.h"

namespace hoshitori {

std::string_view AnswerStatusName(AnswerStatus status) {
  switch (status) {
    case AnswerStatus::kImplemented: return "implemented";
    case AnswerStatus::kPartial: return "partial";
    case AnswerStatus::kNotImplemented: return "not_implemented";
    case AnswerStatus::kNotApplicable: return "not_applicable";
    case AnswerStatus::kUnknown: return "unknown";
  }
  return "unknown";
}

std::optional<AnswerStatus> ParseAnswerStatus(std::string_view name) {
  if (name == "implemented") return AnswerStatus::kImplemented;
  if (name == "partial") return AnswerStatus::kPartial;
  if (name == "not_implemented") return AnswerStatus::kNotImplemented;
  if (name == "not_applicable") return AnswerStatus::kNotApplicable;
  if (name == "unknown") return AnswerStatus::kUnknown;
  return std::nullopt;
}

}  // namespace hoshitori
