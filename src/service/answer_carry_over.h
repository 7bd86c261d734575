// Carrying answers over: what an organisation already answered (in another framework, or in
// the same framework last time) proposed as answers to a new assessment, each with where it
// came from. A proposal is not an answer until the user confirms it (migration 018).
//
// Rules:
// - a source in the target's own framework (a renewal) proposes its answers as they were
//   (status and questionnaire choice), and wins over every other source for the criteria it
//   answered;
// - every other source is read through CrosswalkEngine::Infer (assess/crosswalk.h: only full
//   coverage carries "implemented", partial coverage at most "partial"); where several
//   sources reach one criterion the most restrictive status wins (not_implemented < unknown
//   < partial < implemented; not_applicable only when every source says so), and the
//   provenance chains of all of them are kept (at most CrosswalkEngine::kMaxChains);
// - nothing is proposed where the inference is "unknown" or reaches nothing, nor for a
//   questionnaire question none of whose choices has the carried status.
//
// Pure: values in, values out; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "assess/answers.h"
#include "assess/crosswalk.h"
#include "catalog/catalog.h"
#include "core/result.h"

namespace hoshitori::service {

// The answers of one earlier assessment (at most one source per framework: its latest).
struct CarrySource {
  int64_t assessment_id = 0;
  std::string framework_id;
  std::vector<Answer> answers;
};

struct CarriedOver {
  std::string node_id;
  AnswerStatus status = AnswerStatus::kUnknown;
  std::string choice;  // the questionnaire choice proposed, or empty
  int64_t source_assessment_id = 0;
  std::string source_framework;
  std::vector<ProvenanceChain> provenance;
};

// Proposals for `target`'s assessable criteria, in its assessable order.
std::vector<CarriedOver> CarryOver(const Catalog& catalog, const Framework& target,
                                   const std::vector<CarrySource>& sources);

// The provenance as stored: [{"original": status, "steps": [{"framework", "node",
// "relationship"}]}]. ParseProvenance reads it back (an error for text that is not that shape).
std::string ProvenanceJson(const std::vector<ProvenanceChain>& chains);
Result<std::vector<ProvenanceChain>> ParseProvenance(std::string_view text);

// Whether criterion `node` is needed for star level `target` (tagged ★target or lower; a
// node without a star tag is needed by every target). `target` 0 means every criterion.
bool NeededFor(const RequirementNode& node, int target);

}  // namespace hoshitori::service
