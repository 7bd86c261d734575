// The operator's imports (service/import_service.h) over a test's store, run as the command
// line runs them: the operator's actor, no catalog, the real clock.
#pragma once

#include <string_view>

#include "service/import_service.h"

namespace hoshitori::testing_support {

class OperatorImports {
 public:
  explicit OperatorImports(Store& store)
      : context_{store, catalog_, clock_, nullptr, service::Actor::Operator()} {}
  OperatorImports(const OperatorImports&) = delete;
  OperatorImports& operator=(const OperatorImports&) = delete;

  service::ImportService imports() { return service::ImportService(context_); }

 private:
  Catalog catalog_;
  Clock clock_;
  service::Context context_;
};

inline Result<int> ImportOrganisationsAsOperator(Store& store, std::string_view csv_text) {
  return OperatorImports(store).imports().Organisations(csv_text);
}

inline Result<service::CampaignImportSummary> ImportCampaignAsOperator(
    Store& store, const Framework& framework, const AssessmentRecord& record_template,
    std::string_view csv_text) {
  return OperatorImports(store).imports().Campaign(framework, record_template, csv_text);
}

inline Result<service::RelationshipImportSummary> ImportRelationshipsAsOperator(
    Store& store, std::string_view text, const service::RelationshipImportOptions& options = {}) {
  return OperatorImports(store).imports().Relationships(text, options);
}

}  // namespace hoshitori::testing_support
