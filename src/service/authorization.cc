#include "service/authorization.h"

namespace hoshitori::service {

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kRead: return "read";
    case Action::kCreate: return "create";
    case Action::kUpdate: return "update";
    case Action::kSubmit: return "submit";
    case Action::kShare: return "share";
    case Action::kRevoke: return "revoke";
    case Action::kConfirm: return "confirm";
    case Action::kVerify: return "verify";
    case Action::kAnswer: return "answer";
  }
  return "?";
}

std::string_view ResourceKindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::kCatalog: return "catalog";
    case ResourceKind::kOrganisation: return "organisation";
    case ResourceKind::kUser: return "user";
    case ResourceKind::kApiToken: return "api_token";
    case ResourceKind::kAssessment: return "assessment";
    case ResourceKind::kAssessmentAnswers: return "assessment_answers";
    case ResourceKind::kShare: return "share";
    case ResourceKind::kRequest: return "request";
    case ResourceKind::kAuditLog: return "audit_log";
    case ResourceKind::kRelationship: return "relationship";
    case ResourceKind::kBuyerPolicy: return "buyer_policy";
    case ResourceKind::kChainAnalysis: return "chain_analysis";
    case ResourceKind::kAggregate: return "aggregate";
    case ResourceKind::kRegistryEntry: return "registry_entry";
    case ResourceKind::kEngagement: return "engagement";
    case ResourceKind::kEvidence: return "evidence";
    case ResourceKind::kProduct: return "product";
    case ResourceKind::kSbom: return "sbom";
    case ResourceKind::kVex: return "vex";
    case ResourceKind::kInboxEntry: return "inbox_entry";
    case ResourceKind::kNotificationSettings: return "notification_settings";
    case ResourceKind::kSharingGroup: return "sharing_group";
    case ResourceKind::kIncidentReport: return "incident_report";
    case ResourceKind::kSharedObject: return "shared_object";
  }
  return "?";
}

namespace {
constexpr Decision Allow(std::string_view reason) { return {true, reason}; }
constexpr Decision Deny(std::string_view reason) { return {false, reason}; }
}  // namespace

Decision Authorize(const std::optional<Principal>& principal, Action action, const ResourceFacts& r) {
  if (r.kind == ResourceKind::kCatalog) {
    return action == Action::kRead ? Allow("the catalog is public") : Deny("the catalog is changed by files, not the API");
  }
  if (!principal) return Deny("sign in first");
  const Principal& p = *principal;
  const bool own = r.owner_org_id != 0 && r.owner_org_id == p.org_id;
  const bool admin = p.role == Role::kOrgAdmin;
  const bool hub = p.role == Role::kHubAdmin;
  const bool member = p.role == Role::kOrgAdmin || p.role == Role::kMember;

  switch (r.kind) {
    case ResourceKind::kCatalog: break;
    case ResourceKind::kOrganisation:
      if (action == Action::kRead) return Allow("organisation profiles are visible to signed-in users");
      if (action == Action::kUpdate && own && admin) return Allow("org admins edit their organisation");
      return Deny("only the organisation's admin may change it");
    case ResourceKind::kUser:
      if (action == Action::kRead && (own || hub)) return Allow("users of the same organisation");
      if (action == Action::kCreate && own && admin) return Allow("org admins invite users");
      if ((action == Action::kUpdate || action == Action::kRevoke) && own && admin) {
        return Allow("org admins change the roles of their colleagues and remove them");
      }
      if (action == Action::kRevoke && own && r.owner_user_id == p.user_id) {
        return Allow("users end their own sessions and tokens");
      }
      return Deny("users belong to their organisation");
    case ResourceKind::kApiToken:
      if ((action == Action::kRead || action == Action::kCreate || action == Action::kRevoke) &&
          r.owner_user_id == p.user_id) {
        return Allow("users manage their own tokens");
      }
      return Deny("tokens belong to their user");
    case ResourceKind::kAssessment:
    case ResourceKind::kAssessmentAnswers: {
      const bool details = r.kind == ResourceKind::kAssessmentAnswers;
      if (own) {
        if (action == Action::kRead && (member || p.role == Role::kAssessor)) return Allow("the supplier owns its assessment");
        if ((action == Action::kCreate || action == Action::kUpdate || action == Action::kSubmit) && member) {
          return Allow("members of the supplier edit its assessment");
        }
        if ((action == Action::kShare || action == Action::kRevoke) && admin) return Allow("the supplier's admin decides on sharing");
        return Deny("this action needs another role in the supplier");
      }
      const auto shared = r.shared_with_principal;
      const bool engaged_assessor = r.engaged && p.role == Role::kAssessor;
      if ((action == Action::kRead || action == Action::kConfirm || action == Action::kVerify) &&
          engaged_assessor) {
        return Allow("the assessor of an accepted engagement reads and concludes it");
      }
      if (action == Action::kRead && shared && (!details || *shared == ShareDetail::kDetails)) {
        return Allow("the supplier shared it with this organisation");
      }
      if ((action == Action::kConfirm || action == Action::kVerify) && p.role == Role::kAssessor && shared &&
          *shared == ShareDetail::kDetails) {
        return Allow("an assessor confirms what was shared with the assessment body");
      }
      return Deny("not shared with this organisation");
    }
    case ResourceKind::kShare:
      if (action == Action::kRead && (own || r.counterparty_org_id == p.org_id)) return Allow("a party to the share");
      if ((action == Action::kCreate || action == Action::kRevoke) && own && admin) return Allow("the supplier's admin decides on sharing");
      return Deny("only the supplier's admin manages its shares");
    case ResourceKind::kRequest:
      if (action == Action::kRead && (own || r.counterparty_org_id == p.org_id)) return Allow("a party to the request");
      if (action == Action::kCreate && own && member) return Allow("a buyer asks its supplier");
      if (action == Action::kAnswer && r.counterparty_org_id == p.org_id && admin) return Allow("the supplier's admin answers");
      return Deny("not a party to this request");
    case ResourceKind::kAuditLog:
      if (action == Action::kRead && (hub || (own && admin))) return Allow("auditors of the organisation or the hub");
      return Deny("the audit log is append-only and read by admins");
    case ResourceKind::kRelationship:
      if (action == Action::kRead && (own || r.counterparty_org_id == p.org_id || r.shared_with_principal)) {
        return Allow("the declarer, a party to it, or an organisation it was disclosed to");
      }
      // owner = the declaring organisation; counterparty = the principal's when it is the
      // other party. kUpdate ends (or, unconfirmed, rejects) it; kShare / kRevoke disclose
      // or withdraw the owner's relationships.
      if (action == Action::kCreate && own && member) return Allow("members of an organisation declare its suppliers");
      if (action == Action::kUpdate && ((own && member) || (r.counterparty_org_id == p.org_id && admin))) {
        return Allow("the declarer or the other party's admin ends a relationship");
      }
      if (action == Action::kConfirm && !own && r.counterparty_org_id == p.org_id && admin) {
        return Allow("the other party's admin confirms a declared relationship");
      }
      if ((action == Action::kShare || action == Action::kRevoke) && own && admin) {
        return Allow("an organisation's admin discloses its relationships or withdraws a disclosure");
      }
      return Deny("only a party to the relationship changes it, and only admins confirm or disclose");
    case ResourceKind::kBuyerPolicy:
      if (action == Action::kRead && own && member) return Allow("the buyer's members read its policy");
      if (action == Action::kUpdate && own && admin) return Allow("the buyer's admin sets its policy");
      return Deny("a policy belongs to its buyer");
    case ResourceKind::kChainAnalysis:
      if (action == Action::kRead && own && member) return Allow("the buyer's members analyse its chain");
      return Deny("a chain is analysed by its buyer");
    case ResourceKind::kAggregate:
      if (action == Action::kRead) return Allow("aggregates over at least 5 organisations reveal none of them");
      return Deny("aggregates are computed, not changed");
    case ResourceKind::kRegistryEntry:
      if ((action == Action::kShare || action == Action::kRevoke) && own && admin) {
        return Allow("an organisation's admin publishes or withdraws its registry entry");
      }
      return Deny("only the organisation's admin publishes its level in the registry");
    case ResourceKind::kEngagement: {
      const bool named_assessor = r.counterparty_org_id == p.org_id && p.role == Role::kAssessor;
      if (action == Action::kRead && ((own && member) || named_assessor)) {
        return Allow("the supplier and the assessors of the organisation it named");
      }
      if (action == Action::kUpdate && named_assessor) return Allow("the named organisation's assessors act on it");
      if (action == Action::kAnswer && own && member) return Allow("the supplier answers evidence requests");
      return Deny("only the supplier and the named organisation's assessors take part in an engagement");
    }
    case ResourceKind::kEvidence:
      if (action == Action::kRead && ((own && (member || p.role == Role::kAssessor)) ||
                                      (r.engaged && p.role == Role::kAssessor))) {
        return Allow("the supplier and the assessor of an accepted engagement");
      }
      if (action == Action::kCreate && own && member) return Allow("the supplier's members upload evidence");
      return Deny("evidence is read only by the supplier and the assessor it engaged");
    case ResourceKind::kProduct:
    case ResourceKind::kSbom:
    case ResourceKind::kVex:
      if (own && member && (action == Action::kRead || action == Action::kCreate || action == Action::kUpdate)) {
        return Allow("the supplier's members manage its products, SBOMs and VEX");
      }
      if (action == Action::kRead && member && r.delivered) {
        return Allow("the supplier delivers this product version to the organisation");
      }
      return Deny("products are seen only by their supplier and the buyers it delivers them to");
    case ResourceKind::kInboxEntry:
      if ((action == Action::kRead || action == Action::kUpdate) && own &&
          (r.owner_user_id == 0 || r.owner_user_id == p.user_id)) {
        return Allow("the users an inbox entry is addressed to");
      }
      return Deny("an inbox entry is read by the users it is addressed to");
    case ResourceKind::kNotificationSettings:
      if ((action == Action::kRead || action == Action::kUpdate) && own &&
          r.owner_user_id == p.user_id) {
        return Allow("users manage their own notification settings");
      }
      return Deny("notification settings belong to their user");
    case ResourceKind::kSharingGroup:
      if (action == Action::kRead && (r.group_member || r.group_admin || hub)) {
        return Allow("members of a sharing group see it");
      }
      if (action == Action::kCreate && own && (admin || p.role == Role::kAssociationAdmin)) {
        return Allow("an organisation's admin starts a group it runs");
      }
      if (action == Action::kUpdate && r.group_admin && (admin || p.role == Role::kAssociationAdmin)) {
        return Allow("the group's admins manage its membership");
      }
      if (action == Action::kAnswer && own && (admin || p.role == Role::kAssociationAdmin)) {
        return Allow("the invited organisation's admin answers an invitation");
      }
      return Deny("membership of a sharing group is by invitation, managed by its admins");
    case ResourceKind::kIncidentReport:
      if (own && member && (action == Action::kRead || action == Action::kCreate || action == Action::kUpdate)) {
        return Allow("the reporting organisation's members write its report");
      }
      if (own && admin && action == Action::kShare) {
        return Allow("the reporting organisation's admin approves what leaves it");
      }
      return Deny("an incident report in full stays with the organisation that reports it");
    case ResourceKind::kSharedObject:
      if (action == Action::kRead) {
        if (r.tlp == nullptr || r.reader == nullptr) return Deny("no TLP facts for this object");
        if (r.reader->org != p.org_id || r.reader->person != p.user_id) {
          return Deny("the TLP facts are not the principal's");
        }
        if (share::MayRead(*r.reader, *r.tlp)) return Allow("TLP 2.0 admits this reader");
        return Deny("TLP 2.0 does not admit this reader");
      }
      if (action == Action::kCreate && own && member && r.group_member) {
        return Allow("members of a group share into it");
      }
      return Deny("shared objects are shared by members of the group and read as TLP allows");
  }
  return Deny("not allowed");
}

}  // namespace hoshitori::service
