// Reports what a use case's context commits to the runtime's caches when the report goes out
// of scope — after the use case returned or threw — so that the next reader on this node sees
// it. For callers outside the API (pages, the reminder loop); the API reports its own changes
// and refreshes the boards they alter first (api/api_app.cc). On PostgreSQL a node skips the
// notices of its own pooled connections (api/change_follower.h), so these reports are what
// keep this node's caches right.
#pragma once

#include "service/runtime.h"

namespace hoshitori::service {

class ChangeReport {
 public:
  ChangeReport(Runtime& runtime, Context& context) : runtime_(runtime) { context.committed = &scope_; }
  ~ChangeReport() {
    if (!scope_.empty()) runtime_.chain().Changed(scope_);
  }
  ChangeReport(const ChangeReport&) = delete;
  ChangeReport& operator=(const ChangeReport&) = delete;

 private:
  Runtime& runtime_;
  ChangeScope scope_;
};

}  // namespace hoshitori::service
