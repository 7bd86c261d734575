#include "service/import_service.h"

#include <string>

#include "interchange/campaign_csv.h"

namespace hoshitori::service {

Organisation NewOrganisation(const interchange::OrganisationFields& fields) {
  return Organisation{0,
                      fields.corporate_number,
                      fields.name,
                      fields.industry,
                      fields.employees,
                      fields.capital_yen,
                      ""};
}

Result<int> ImportService::Organisations(std::string_view csv_text) {
  TRY(AllowOperator(context_));
  // New organisations are new nodes of the supply graph as well as new profiles.
  context_.Touching(ChangeScope::OfAll(ChangeScope::kProfiles | ChangeScope::kGraph));
  return InTransaction(context_, [&]() -> Result<int> {
    int added = 0;
    TRY(interchange::ReadOrganisationsCsv(
        csv_text, [&](const interchange::OrganisationCsvRow& row) -> Status {
          auto stored = context_.store.AddOrganisation(NewOrganisation(row.organisation));
          if (!stored) return MakeError(row.where + ": " + stored.error().message);
          ++added;
          return OkStatus();
        }));
    TRY(Record(context_, "organisation.import", "organisations",
               std::to_string(added) + " organisations by the operator"));
    return added;
  });
}

Result<CampaignImportSummary> ImportService::Campaign(const Framework& framework,
                                                      const AssessmentRecord& record_template,
                                                      std::string_view csv_text) {
  TRY(AllowOperator(context_));
  context_.Touching(ChangeScope::OfAll(ChangeScope::kAssessments));
  return InTransaction(context_, [&]() -> Result<CampaignImportSummary> {
    struct Open {
      int64_t assessment_id;
      int64_t org_id;
    };
    std::vector<Open> open;  // per organisation, in order of first appearance
    CampaignImportSummary summary;
    interchange::CampaignCsvHandler handler;
    handler.organisation = [&](const std::string& where, const CorporateNumber& number) -> Status {
      TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(number));
      if (!organisation) {
        return MakeError(where + ": no organisation with corporate number " + number.digits() +
                         " is registered; add it first with `hoshitori org add`");
      }
      AssessmentRecord assessment = record_template;
      assessment.org_id = organisation->id;
      TRY_ASSIGN(const int64_t id, context_.store.InsertAssessment(assessment));
      open.push_back(Open{id, assessment.org_id});
      summary.assessment_ids.push_back(id);
      ++summary.organisations;
      return OkStatus();
    };
    handler.answer = [&](const std::string& where, size_t organisation,
                         const Answer& answer) -> Status {
      const Open& assessment = open[organisation];
      if (Status s =
              context_.store.InsertAnswer(assessment.assessment_id, assessment.org_id, answer);
          !s) {
        return MakeError(where + ": " + s.error().message);
      }
      ++summary.answers;
      return OkStatus();
    };
    TRY(interchange::ReadCampaignCsv(framework, csv_text, handler));
    TRY(Record(context_, "assessment.import_campaign", "assessments",
               framework.id + ", " + std::to_string(summary.organisations) + " assessments with " +
                   std::to_string(summary.answers) + " answers by the operator"));
    return summary;
  });
}

Result<RelationshipImportSummary> ImportService::Relationships(
    std::string_view text, const RelationshipImportOptions& options) {
  TRY(AllowOperator(context_));
  context_.Touching(ChangeScope::OfAll(ChangeScope::kGraph));
  return InTransaction(context_, [&]() -> Result<RelationshipImportSummary> {
    TRY_ASSIGN(const int64_t stored, WriteConfirmedRelationships(context_.store, text, options));
    TRY(Record(context_, "relationship.import", "relationships",
               std::to_string(stored) + " relationships, confirmed, by the operator"));
    return RelationshipImportSummary{stored};
  });
}

}  // namespace hoshitori::service
