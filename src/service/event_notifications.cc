#include "service/event_notifications.h"

#include "service/chain_service.h"
#include "service/inbox_service.h"

namespace hoshitori::service {
namespace {

// The name of organisation `org_id` as the store has it ("#id" when it is gone).
Result<std::string> OrganisationName(Context& context, int64_t org_id) {
  if (context.chain) {
    // The server's profile cache: the name its pages show, without a read per change.
    const Organisation* cached = context.chain->FindOrganisation(context.store, org_id);
    if (cached) return cached->name;
  }
  TRY_ASSIGN(const auto organisation, context.store.GetOrganisation(org_id));
  return organisation ? organisation->name : "#" + std::to_string(org_id);
}

}  // namespace

Status NotifyRequestReceived(Context& context, const AssessmentRequest& request,
                             const std::optional<std::string>& deadline) {
  notify::Notification notification;
  notification.kind = notify::NotificationKind::kRequestReceived;
  notification.recipient_org_id = request.supplier_org_id;
  notification.dedupe_key = "request:" + std::to_string(request.id);
  notification.link = "/shares";
  TRY_ASSIGN(notification.params["buyer"], OrganisationName(context, request.org_id));
  if (const Framework* framework = context.catalog.FindFramework(request.framework_id)) {
    notification.params["framework_ja"] = framework->name.In("ja");
    notification.params["framework_en"] = framework->name.In("en");
  } else {
    notification.params["framework"] = request.framework_id;
  }
  notification.params["level"] =
      request.required_star ? "★" + std::to_string(*request.required_star) : "";
  notification.params["deadline"] = deadline.value_or("");
  return Notify(context, notification);
}

Status NotifyShareRevoked(Context& context, const Share& share) {
  notify::Notification notification;
  notification.kind = notify::NotificationKind::kShareRevoked;
  notification.recipient_org_id = share.buyer_org_id;
  notification.dedupe_key = "share-revoked:" + std::to_string(share.id);
  notification.link = "/suppliers";
  TRY_ASSIGN(notification.params["supplier"], OrganisationName(context, share.org_id));
  notification.params["assessment"] = "#" + std::to_string(share.assessment_id);
  return Notify(context, notification);
}

Status NotifyAssessmentConfirmed(Context& context, const AssessmentRecord& record,
                                 bool third_party) {
  notify::Notification notification;
  notification.kind = notify::NotificationKind::kAssessmentConfirmed;
  notification.recipient_org_id = record.org_id;
  notification.dedupe_key =
      std::string(third_party ? "assessment-verified:" : "assessment-confirmed:") +
      std::to_string(record.id);
  notification.link = "/assessments/" + std::to_string(record.id);
  const Principal assessor = *context.actor.principal;
  TRY_ASSIGN(notification.params["assessor"], OrganisationName(context, assessor.org_id));
  notification.params["assessment"] = "#" + std::to_string(record.id);
  TRY_ASSIGN(const auto result, context.store.GetAssessmentResult(record.id));
  const std::string star =
      result && result->eligible_star > 0 ? "★" + std::to_string(result->eligible_star) + " " : "";
  notification.params["level_ja"] =
      star + (third_party ? "（第三者評価）" : "（専門家による確認）");
  notification.params["level_en"] =
      star + (third_party ? "(third-party verified)" : "(expert-confirmed)");
  return Notify(context, notification);
}

}  // namespace hoshitori::service
