// Answers to one framework: what a supplier (or an inference) says about each assessable
// requirement, and the dense form the scoring engine works on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/framework.h"
#include "core/result.h"

namespace hoshitori {

// Limits on one answer, whichever parser reads it (docs/security.md, "Input limits"):
// lengths in characters (Unicode code points).
inline constexpr size_t kMaxAnswerCommentCharacters = 4000;
inline constexpr size_t kMaxEvidenceReferenceCharacters = 1000;
inline constexpr size_t kMaxEvidenceReferences = 100;

// One answer as a person gives it.
struct Answer {
  std::string node_id;  // id of an assessable node (resolved from the ref a user wrote)
  AnswerStatus status = AnswerStatus::kUnknown;
  std::optional<int> maturity;  // 0..5
  std::string choice;           // questionnaire choice id, when one was chosen
  std::vector<std::string> evidence;
  std::string comment;
};

// Answers in framework order: position i belongs to framework.assessable()[i].
// Unanswered positions read as unknown for scoring and carry nothing in inference.
struct ResponseVector {
  std::vector<AnswerStatus> status;
  std::vector<int8_t> maturity;  // -1 = not given
  std::vector<int8_t> choice;    // index into the node's choices, -1 = none
  std::vector<bool> answered;

  explicit ResponseVector(size_t size = 0)
      : status(size, AnswerStatus::kUnknown), maturity(size, -1), choice(size, -1),
        answered(size, false) {}
  size_t size() const { return status.size(); }
};

// Places answers into framework order. Requires every answer's node_id to be an assessable
// node of `framework` (the parsers guarantee it).
ResponseVector ToResponseVector(const Framework& framework, const std::vector<Answer>& answers);

// The parsers reject text nested deeper than kMaxJsonDepth (core/json_limits.h), more
// answers than the framework has assessable requirements, and answers over the limits
// above, with an error naming the answer and the limit.
// Reads answers from CSV (`ref,status[,maturity,comment,evidence]`, header optional; status
// may also be a choice id of a questionnaire; evidence references separated by ';') or
// JSON (`{"answers": [{"ref", "status" | "choice", "maturity", "comment", "evidence": []}]}`
// or the bare array). Returns every answer, or an error naming the row and the reason;
// duplicates, unknown refs and non-assessable nodes are errors.
Result<std::vector<Answer>> ParseAnswersCsv(std::string_view text, const Framework& framework);
Result<std::vector<Answer>> ParseAnswersJson(std::string_view text, const Framework& framework);
// Chooses the format by the first non-blank character ('{' or '[' means JSON).
Result<std::vector<Answer>> ParseAnswers(std::string_view text, const Framework& framework);

// Resolves one answer's fields (shared by the parsers and the campaign importer). `where`
// prefixes messages, e.g. "row 12". Returns the answer or an actionable error.
Result<Answer> MakeAnswer(const Framework& framework, std::string_view where, std::string_view ref,
                          std::string_view status_or_choice, std::string_view maturity,
                          std::string_view comment, std::string_view evidence);

}  // namespace hoshitori
