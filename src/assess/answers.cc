#include "assess/answers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_set>

#include "core/csv.h"
#include "core/json_limits.h"
#include "core/utf8.h"

namespace hoshitori {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitEvidence(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t end = text.find(';');
    const std::string_view part = Trim(text.substr(0, end));
    if (!part.empty()) out.emplace_back(part);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

}  // namespace

ResponseVector ToResponseVector(const Framework& framework, const std::vector<Answer>& answers) {
  ResponseVector responses(framework.assessable().size());
  for (const Answer& answer : answers) {
    const NodeIndex node = framework.Find(answer.node_id);
    if (node < 0) continue;
    const int pos = framework.AssessablePosition(node);
    if (pos < 0) continue;
    responses.status[pos] = answer.status;
    responses.maturity[pos] = static_cast<int8_t>(answer.maturity.value_or(-1));
    responses.answered[pos] = true;
    const auto& choices = framework.nodes()[node].choices;
    for (size_t c = 0; c < choices.size(); ++c) {
      if (choices[c].id == answer.choice) responses.choice[pos] = static_cast<int8_t>(c);
    }
  }
  return responses;
}

Result<Answer> MakeAnswer(const Framework& framework, std::string_view where, std::string_view ref,
                          std::string_view status_or_choice, std::string_view maturity,
                          std::string_view comment, std::string_view evidence) {
  const std::string prefix = std::string(where) + ": ";
  ref = Trim(ref);
  status_or_choice = Trim(status_or_choice);
  if (ref.empty()) return MakeError(prefix + "the requirement reference is empty");
  const NodeIndex node = framework.Find(ref);
  if (node < 0) {
    return MakeError(prefix + "'" + std::string(ref) + "' is not a requirement of " +
                     framework.id + " (use the ref shown by `hoshitori catalog show " +
                     framework.id + "`)");
  }
  const RequirementNode& requirement = framework.nodes()[node];
  if (!requirement.assessable) {
    return MakeError(prefix + "'" + std::string(ref) +
                     "' is a group heading, not an assessable requirement; answer its items");
  }
  Answer answer;
  answer.node_id = requirement.id;
  if (auto status = ParseAnswerStatus(status_or_choice)) {
    answer.status = *status;
    for (const Choice& c : requirement.choices) {
      if (c.status == *status) { answer.choice = c.id; break; }
    }
  } else {
    const Choice* chosen = nullptr;
    for (const Choice& c : requirement.choices) {
      if (c.id == status_or_choice) chosen = &c;
    }
    if (!chosen) {
      std::string accepted = "implemented, partial, not_implemented, not_applicable, unknown";
      for (const Choice& c : requirement.choices) accepted += ", " + c.id;
      return MakeError(prefix + "status '" + std::string(status_or_choice) + "' for " +
                       std::string(ref) + " is not one of: " + accepted);
    }
    answer.status = chosen->status;
    answer.choice = chosen->id;
  }
  maturity = Trim(maturity);
  if (!maturity.empty()) {
    if (maturity.size() != 1 || maturity[0] < '0' || maturity[0] > '5') {
      return MakeError(prefix + "maturity '" + std::string(maturity) + "' for " +
                       std::string(ref) + " must be a whole number from 0 to 5");
    }
    answer.maturity = maturity[0] - '0';
  }
  answer.comment = std::string(Trim(comment));
  if (Utf8Length(answer.comment) > kMaxAnswerCommentCharacters) {
    return MakeError(prefix + "the comment for " + std::string(ref) + " is longer than " +
                     std::to_string(kMaxAnswerCommentCharacters) + " characters");
  }
  answer.evidence = SplitEvidence(evidence);
  if (answer.evidence.size() > kMaxEvidenceReferences) {
    return MakeError(prefix + std::string(ref) + " has more than " + std::to_string(kMaxEvidenceReferences) +
                     " evidence references");
  }
  for (const std::string& reference : answer.evidence) {
    if (Utf8Length(reference) > kMaxEvidenceReferenceCharacters) {
      return MakeError(prefix + "an evidence reference for " + std::string(ref) + " is longer than " +
                       std::to_string(kMaxEvidenceReferenceCharacters) + " characters");
    }
  }
  return answer;
}

Result<std::vector<Answer>> ParseAnswersCsv(std::string_view text, const Framework& framework) {
  auto records = ParseCsv(text);
  if (!records) return records.error();
  std::vector<Answer> answers;
  std::unordered_set<std::string> seen;
  // Column positions of ref, status, maturity, comment, evidence. Without a header the
  // columns are in that order; a header (first field "ref") may name them in any order.
  constexpr const char* kColumns[] = {"ref", "status", "maturity", "comment", "evidence"};
  int column[5] = {0, 1, 2, 3, 4};
  size_t first_row = 0;
  if (!records->empty() && !records->front().fields.empty() &&
      Trim(records->front().fields[0]) == "ref") {
    std::fill(std::begin(column), std::end(column), -1);
    const auto& header = records->front().fields;
    for (size_t i = 0; i < header.size(); ++i) {
      const std::string_view name = Trim(header[i]);
      const auto* known = std::find(std::begin(kColumns), std::end(kColumns), name);
      if (known == std::end(kColumns)) {
        return MakeError("row " + std::to_string(records->front().line) + ": unknown column '" +
                         std::string(name) + "'; use ref, status, maturity, comment, evidence");
      }
      column[known - std::begin(kColumns)] = static_cast<int>(i);
    }
    if (column[1] < 0) return MakeError("row 1: the header needs a 'status' column");
    first_row = 1;
  }
  for (size_t r = first_row; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    const auto& f = record.fields;
    const std::string where = "row " + std::to_string(record.line);
    if (first_row == 0 && (f.size() < 2 || f.size() > 5)) {
      return MakeError(where + ": expected 2 to 5 columns (ref,status[,maturity,comment,evidence]), found " +
                       std::to_string(f.size()));
    }
    if (first_row == 1 && f.size() > records->front().fields.size()) {
      return MakeError(where + ": " + std::to_string(f.size()) + " columns but the header names only " +
                       std::to_string(records->front().fields.size()));
    }
    auto field = [&](int which) -> std::string_view {
      const int at = column[which];
      return at >= 0 && at < static_cast<int>(f.size()) ? std::string_view(f[at]) : std::string_view();
    };
    auto answer = MakeAnswer(framework, where, field(0), field(1), field(2), field(3), field(4));
    if (!answer) return answer.error();
    if (!seen.insert(answer->node_id).second) {
      return MakeError(where + ": " + answer->node_id + " is answered twice");
    }
    answers.push_back(std::move(answer).value());
  }
  return answers;
}

Result<std::vector<Answer>> ParseAnswersJson(std::string_view text, const Framework& framework) {
  using nlohmann::json;
  if (Status depth = CheckJsonDepth(text); !depth) return depth.error();
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return MakeError("the answers file is not valid JSON (check commas, quotes and brackets)");
  }
  const json* list = &document;
  if (document.is_object()) {
    if (!document.contains("answers")) return MakeError("the JSON object needs an \"answers\" array");
    list = &document["answers"];
  }
  if (!list->is_array()) return MakeError("\"answers\" must be an array of objects");
  if (list->size() > framework.assessable().size()) {
    return MakeError(std::to_string(list->size()) + " answers, but " + framework.id + " has only " +
                     std::to_string(framework.assessable().size()) + " assessable requirements");
  }
  std::vector<Answer> answers;
  std::unordered_set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string where = "answer " + std::to_string(i + 1);
    if (!item.is_object()) return MakeError(where + ": must be an object {\"ref\", \"status\"}");
    for (const auto& [key, value] : item.items()) {
      if (key != "ref" && key != "status" && key != "choice" && key != "maturity" &&
          key != "comment" && key != "evidence") {
        return MakeError(where + ": unknown field \"" + key + "\"");
      }
    }
    auto text_field = [&](const char* key) -> Result<std::string> {
      if (!item.contains(key) || item[key].is_null()) return std::string();
      if (!item[key].is_string()) return MakeError(where + ": \"" + key + "\" must be a string");
      return item[key].get<std::string>();
    };
    auto ref = text_field("ref");
    auto status = text_field("status");
    auto choice = text_field("choice");
    auto comment = text_field("comment");
    for (const auto* r : {&ref, &status, &choice, &comment}) {
      if (!*r) return r->error();
    }
    if (status->empty() == choice->empty()) {
      return MakeError(where + ": give exactly one of \"status\" or \"choice\"");
    }
    std::string maturity;
    if (item.contains("maturity") && !item["maturity"].is_null()) {
      if (!item["maturity"].is_number_integer()) {
        return MakeError(where + ": \"maturity\" must be a whole number from 0 to 5");
      }
      maturity = std::to_string(item["maturity"].get<int64_t>());
    }
    std::string evidence;
    if (item.contains("evidence") && !item["evidence"].is_null()) {
      if (!item["evidence"].is_array()) return MakeError(where + ": \"evidence\" must be an array of strings");
      for (const json& e : item["evidence"]) {
        if (!e.is_string()) return MakeError(where + ": \"evidence\" must be an array of strings");
        const std::string reference = e.get<std::string>();
        if (reference.find(';') != std::string::npos) {
          return MakeError(where + ": an evidence reference may not contain ';'");
        }
        evidence += reference + ";";
      }
    }
    auto answer = MakeAnswer(framework, where, *ref, status->empty() ? *choice : *status,
                             maturity, *comment, evidence);
    if (!answer) return answer.error();
    if (!seen.insert(answer->node_id).second) {
      return MakeError(where + ": " + answer->node_id + " is answered twice");
    }
    answers.push_back(std::move(answer).value());
  }
  return answers;
}

Result<std::vector<Answer>> ParseAnswers(std::string_view text, const Framework& framework) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '{' || c == '[') return ParseAnswersJson(text, framework);
    break;
  }
  return ParseAnswersCsv(text, framework);
}

}  // namespace hoshitori
