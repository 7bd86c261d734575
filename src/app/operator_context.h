// The scheme operator's use cases at the command line (`hoshitori user`, `org add|import`,
// `assessor`, `assess import-campaign`, `chain import|disclose|tiers|...`):
// the command's store and clock (--today) with service::Actor::Operator(), the one actor
// the operator's services accept and no HTTP request can be. Account commands read no
// catalog; the chain analyses that read shared assessments are given the command's.
#pragma once

#include "app/context.h"
#include "service/account_service.h"
#include "service/assessor_service.h"
#include "service/import_service.h"
#include "service/operator_chain_service.h"

namespace hoshitori::app {

class OperatorContext {
 public:
  // With an empty catalog, for use cases that read none.
  explicit OperatorContext(Context& command)
      : context_{command.store(), no_catalog_, command.clock(), nullptr,
                 service::Actor::Operator()} {}
  // With `catalog` (the command's, which outlives this) for use cases that score assessments.
  OperatorContext(Context& command, const Catalog& catalog)
      : context_{command.store(), catalog, command.clock(), nullptr, service::Actor::Operator()} {}
  OperatorContext(const OperatorContext&) = delete;
  OperatorContext& operator=(const OperatorContext&) = delete;

  service::OperatorAccountService accounts() { return service::OperatorAccountService(context_); }
  // The registry of accredited assessors (`hoshitori assessor`, the demo).
  service::AssessorService assessors() { return service::AssessorService(context_); }
  // Organisations, campaigns and relationships from files (`org import`, `assess
  // import-campaign`, `chain import`, the demo).
  service::ImportService imports() { return service::ImportService(context_); }
  // The whole supply chain for analysis, and disclosures on an organisation's behalf (`chain
  // disclose|tiers|exposure|blast-radius|concentration|compliance`).
  service::OperatorChainService chain() { return service::OperatorChainService(context_); }

 private:
  Catalog no_catalog_;
  service::Context context_;
};

// The value of an account command's use case, or of the chain commands' lookups and
// disclosure; any failure ends the command with exit code 1 and the error's message, whatever
// its kind (as these commands always have; the end-to-end tests pin it).
template <typename T>
T Succeeded(Result<T> result) {
  if (!result) throw CommandFailure{result.error().message};
  return std::move(result).value();
}

}  // namespace hoshitori::app
