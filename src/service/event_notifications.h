// The notifications of existing use cases (issue 15): each builds the notify::Notification
// of one event and posts it with Notify (service/inbox_service.h), inside the transaction of
// the change that caused it. Called by SharingService and AssessmentService.
#pragma once

#include "service/context.h"
#include "store/accounts.h"
#include "store/store.h"

namespace hoshitori::service {

// To every member of the supplier: buyer `request.org_id` asked for an assessment (by
// `deadline`, YYYY-MM-DD, when given: the text tells it).
Status NotifyRequestReceived(Context& context, const AssessmentRequest& request,
                             const std::optional<std::string>& deadline = std::nullopt);
// To every member of the buyer: the supplier revoked `share`.
Status NotifyShareRevoked(Context& context, const Share& share);
// To every member of the supplier: the caller's organisation (an assessor) confirmed, or with
// `third_party` verified, `record`.
Status NotifyAssessmentConfirmed(Context& context, const AssessmentRecord& record,
                                 bool third_party);

}  // namespace hoshitori::service
