// The scheme operator's use-case context at the command line: the command's store, the
// clock of --today, and service::OperatorActor() — the one actor OperatorAccountService
// accepts, which no HTTP request can be. Account commands read no catalog.
#pragma once

#include <optional>

#include "app/context.h"
#include "core/clock.h"
#include "service/account_service.h"

namespace hoshitori::app {

class OperatorContext {
 public:
  explicit OperatorContext(Context& command)
      : clock_(command.today_text.empty() ? std::nullopt : std::optional<Date>(command.today())),
        context_{command.store(), no_catalog_, clock_, nullptr, service::OperatorActor()} {}
  OperatorContext(const OperatorContext&) = delete;
  OperatorContext& operator=(const OperatorContext&) = delete;

  service::OperatorAccountService accounts() { return service::OperatorAccountService(context_); }

 private:
  Catalog no_catalog_;
  Clock clock_;
  service::Context context_;
};

}  // namespace hoshitori::app
