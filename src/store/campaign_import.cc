#include "store/campaign_import.h"

#include <unordered_map>
#include <unordered_set>

#include "core/csv.h"

namespace hoshitori {

Result<int64_t> ImportAssessment(Store& store, const AssessmentRecord& record,
                                 const std::vector<Answer>& answers) {
  Transaction transaction(store);
  if (!transaction.begun()) return transaction.begun().error();
  auto id = store.InsertAssessment(record);
  if (!id) return id.error();
  for (const Answer& answer : answers) {
    if (Status s = store.InsertAnswer(*id, record.org_id, answer); !s) return s.error();
  }
  if (Status s = transaction.Commit(); !s) return s.error();
  return *id;
}

Result<CampaignImportSummary> ImportCampaign(Store& store, const Framework& framework,
                                             const AssessmentRecord& record_template,
                                             std::string_view csv_text) {
  Transaction transaction(store);
  if (!transaction.begun()) return transaction.begun().error();

  struct Open {
    int64_t assessment_id;
    int64_t org_id;
    std::vector<bool> answered;  // by assessable position
  };
  std::unordered_map<std::string, Open> by_number;
  CampaignImportSummary summary;
  std::optional<Error> failure;
  bool header = true;

  Status parsed = ForEachCsvRecord(csv_text, [&](const CsvRecord& record) {
    const auto& f = record.fields;
    const std::string where = "row " + std::to_string(record.line);
    if (header) {
      header = false;
      if (f.size() < 3 || f[0] != "corporate_number" || f[1] != "ref" || f[2] != "status") {
        failure = MakeError(where + ": the first row must be the header "
                                    "corporate_number,ref,status[,maturity,comment,evidence]");
        return false;
      }
      return true;
    }
    if (f.size() < 3 || f.size() > 6) {
      failure = MakeError(where + ": expected 3 to 6 columns, found " + std::to_string(f.size()));
      return false;
    }
    auto it = by_number.find(f[0]);
    if (it == by_number.end()) {
      auto number = CorporateNumber::Parse(f[0]);
      if (!number) {
        failure = MakeError(where + ": " + number.error().message);
        return false;
      }
      auto organisation = store.FindOrganisation(*number);
      if (!organisation) { failure = organisation.error(); return false; }
      if (!organisation->has_value()) {
        failure = MakeError(where + ": no organisation with corporate number " + number->digits() +
                            " is registered; add it first with `hoshitori org add`");
        return false;
      }
      AssessmentRecord assessment = record_template;
      assessment.org_id = (*organisation)->id;
      auto id = store.InsertAssessment(assessment);
      if (!id) { failure = id.error(); return false; }
      it = by_number.emplace(f[0], Open{*id, assessment.org_id, std::vector<bool>(framework.assessable().size())})
               .first;
      summary.assessment_ids.push_back(*id);
      ++summary.organisations;
    }
    auto answer = MakeAnswer(framework, where, f[1], f[2], f.size() > 3 ? f[3] : "",
                             f.size() > 4 ? f[4] : "", f.size() > 5 ? f[5] : "");
    if (!answer) { failure = answer.error(); return false; }
    const int position = framework.AssessablePosition(framework.Find(answer->node_id));
    if (it->second.answered[position]) {
      failure = MakeError(where + ": " + answer->node_id + " is answered twice for " + f[0]);
      return false;
    }
    if (Status s = store.InsertAnswer(it->second.assessment_id, it->second.org_id, *answer); !s) {
      failure = MakeError(where + ": " + s.error().message);
      return false;
    }
    it->second.answered[position] = true;
    ++summary.answers;
    return true;
  });
  if (!parsed) return parsed.error();
  if (failure) return *failure;
  if (header) return MakeError("the campaign file is empty");
  if (Status s = transaction.Commit(); !s) return s.error();
  return summary;
}

}  // namespace hoshitori
