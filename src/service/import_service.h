// ImportService: the scheme operator's bulk imports at the command line (`hoshitori org
// import`, `assess import-campaign`, `chain import`, the demo). The files are read by
// interchange/ (organisation_csv.h, campaign_csv.h, relationship_file.h); each import is one
// transaction — a file with any bad row changes nothing, and the error names the row and the
// reason — with one audit entry. Operator only (AllowOperator): no HTTP caller can import.
// (One assessment from a file is AssessmentService::Import.)
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "catalog/framework.h"
#include "interchange/organisation_csv.h"
#include "service/context.h"
#include "service/relationship_import.h"

namespace hoshitori::service {

// The organisation `fields` describe, not yet registered (id 0).
Organisation NewOrganisation(const interchange::OrganisationFields& fields);

struct CampaignImportSummary {
  int organisations = 0;
  int answers = 0;
  std::vector<int64_t> assessment_ids;  // in order of first appearance in the file
};

class ImportService {
 public:
  explicit ImportService(Context& context) : context_(context) {}

  // Registers every organisation of an organisation CSV (interchange/organisation_csv.h).
  // Returns how many were added. Audit: "organisation.import".
  Result<int> Organisations(std::string_view csv_text);

  // Adds one assessment per organisation of a campaign CSV (interchange/campaign_csv.h) with
  // `record_template`'s framework, scope and attestation, and their answers. Every
  // organisation must be registered already. Audit: "assessment.import_campaign".
  Result<CampaignImportSummary> Campaign(const Framework& framework,
                                         const AssessmentRecord& record_template,
                                         std::string_view csv_text);

  // Stores the relationships of a relationship file (interchange/relationship_file.h) as
  // confirmed by both parties: the operator's import is trusted. Audit: "relationship.import".
  Result<RelationshipImportSummary> Relationships(std::string_view text,
                                                  const RelationshipImportOptions& options = {});

 private:
  Context& context_;
};

}  // namespace hoshitori::service
