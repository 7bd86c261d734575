// Every role x resource kind x action x relationship to the resource, against the table
// of what is allowed. Anything not in the table must be denied.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "service/authorization.h"

namespace hoshitori::service {
namespace {

// How the principal relates to the resource.
// kOwn: the principal's organisation's resource, created by someone else; kOwnToken: the
// principal's own (its own API token, in its own organisation).
enum class Relation { kOwn, kOther, kSharedLevel, kSharedDetails, kCounterparty, kOwnToken };
const char* RelationName(Relation r) {
  switch (r) {
    case Relation::kOwn: return "own";
    case Relation::kOther: return "other";
    case Relation::kSharedLevel: return "shared_level";
    case Relation::kSharedDetails: return "shared_details";
    case Relation::kCounterparty: return "counterparty";
    case Relation::kOwnToken: return "own_token";
  }
  return "?";
}

// role:kind:action:relation — the complete list of allowed combinations.
const std::set<std::string>& Allowed() {
  static const std::set<std::string> allowed = [] {
    std::set<std::string> a;
    const char* roles[] = {"org_admin", "member", "assessor", "association_admin", "hub_admin"};
    const char* relations[] = {"own", "other", "shared_level", "shared_details", "counterparty", "own_token"};
    for (const char* role : roles) {
      for (const char* relation : relations) {
        a.insert(std::string(role) + ":organisation:read:" + relation);  // profiles are public to members
        a.insert(std::string(role) + ":catalog:read:" + relation);
        a.insert(std::string(role) + ":aggregate:read:" + relation);
      }
      for (const char* action : {"read", "create", "revoke"}) a.insert(std::string(role) + ":api_token:" + action + ":own_token");
      a.insert(std::string(role) + ":user:read:own");
      a.insert(std::string(role) + ":share:read:own");
      a.insert(std::string(role) + ":share:read:counterparty");
      a.insert(std::string(role) + ":request:read:own");
      a.insert(std::string(role) + ":request:read:counterparty");
      // Another organisation's assessment: through a share only.
      a.insert(std::string(role) + ":assessment:read:shared_level");
      a.insert(std::string(role) + ":assessment:read:shared_details");
      a.insert(std::string(role) + ":assessment_answers:read:shared_details");
    }
    for (const char* role : {"org_admin", "member"}) {
      for (const char* kind : {"assessment", "assessment_answers"}) {
        for (const char* action : {"read", "create", "update", "submit"}) a.insert(std::string(role) + ":" + kind + ":" + action + ":own");
      }
      a.insert(std::string(role) + ":request:create:own");
    }
    // Only its own admin publishes or withdraws an organisation's registry entry.
    a.insert("org_admin:registry_entry:share:own");
    a.insert("org_admin:registry_entry:revoke:own");
    for (const char* kind : {"assessment", "assessment_answers"}) {
      a.insert(std::string("assessor:") + kind + ":read:own");
      a.insert(std::string("org_admin:") + kind + ":share:own");
      a.insert(std::string("org_admin:") + kind + ":revoke:own");
      a.insert(std::string("assessor:") + kind + ":confirm:shared_details");
      a.insert(std::string("assessor:") + kind + ":verify:shared_details");
    }
    for (const char* role : roles) {
      for (const char* relation : {"own", "counterparty", "shared_level", "shared_details"}) {
        a.insert(std::string(role) + ":relationship:read:" + relation);
      }
    }
    for (const char* role : {"org_admin", "member"}) {
      a.insert(std::string(role) + ":relationship:create:own");
      a.insert(std::string(role) + ":relationship:update:own");
      a.insert(std::string(role) + ":buyer_policy:read:own");
      a.insert(std::string(role) + ":chain_analysis:read:own");
    }
    // The other party's admin confirms, rejects or ends a relationship; only admins disclose.
    a.insert("org_admin:relationship:update:counterparty");
    a.insert("org_admin:relationship:confirm:counterparty");
    a.insert("org_admin:relationship:share:own");
    a.insert("org_admin:relationship:revoke:own");
    a.insert("org_admin:buyer_policy:update:own");
    a.insert("org_admin:organisation:update:own");
    a.insert("org_admin:user:create:own");
    a.insert("org_admin:user:update:own");
    a.insert("org_admin:user:revoke:own");
    for (const char* role : roles) a.insert(std::string(role) + ":user:revoke:own_token");  // oneself
    a.insert("org_admin:share:create:own");
    a.insert("org_admin:share:revoke:own");
    a.insert("org_admin:request:answer:counterparty");
    a.insert("org_admin:audit_log:read:own");
    for (const char* relation : {"own", "other", "shared_level", "shared_details", "counterparty", "own_token"}) {
      a.insert(std::string("hub_admin:audit_log:read:") + relation);
    }
    a.insert("hub_admin:user:read:other");
    a.insert("hub_admin:user:read:shared_level");
    a.insert("hub_admin:user:read:shared_details");
    a.insert("hub_admin:user:read:counterparty");
    // What holds for the organisation's resources holds for the principal's own ones too.
    std::set<std::string> own_copies;
    for (const std::string& key : a) {
      if (key.size() > 4 && key.compare(key.size() - 4, 4, ":own") == 0) own_copies.insert(key + "_token");
    }
    a.insert(own_copies.begin(), own_copies.end());
    return a;
  }();
  return allowed;
}

ResourceFacts FactsFor(ResourceKind kind, Relation relation, const Principal& p) {
  const int64_t other_org = p.org_id + 1;
  switch (relation) {
    case Relation::kOwn: return ResourceFacts(kind, p.org_id, p.user_id + 1);
    case Relation::kOther: return ResourceFacts(kind, other_org, p.user_id + 1);
    case Relation::kSharedLevel: return ResourceFacts(kind, other_org, p.user_id + 1, ShareDetail::kLevel);
    case Relation::kSharedDetails: return ResourceFacts(kind, other_org, p.user_id + 1, ShareDetail::kDetails);
    case Relation::kCounterparty: return ResourceFacts(kind, other_org, p.user_id + 1, std::nullopt, p.org_id);
    case Relation::kOwnToken: return ResourceFacts(kind, p.org_id, p.user_id);
  }
  return ResourceFacts(kind);
}

TEST(Authorization, EveryRoleResourceActionAndRelation) {
  const Role roles[] = {Role::kOrgAdmin, Role::kMember, Role::kAssessor, Role::kAssociationAdmin, Role::kHubAdmin};
  const ResourceKind kinds[] = {ResourceKind::kCatalog, ResourceKind::kOrganisation, ResourceKind::kUser,
                                ResourceKind::kApiToken, ResourceKind::kAssessment, ResourceKind::kAssessmentAnswers,
                                ResourceKind::kShare, ResourceKind::kRequest, ResourceKind::kAuditLog,
                                ResourceKind::kRelationship, ResourceKind::kBuyerPolicy, ResourceKind::kChainAnalysis,
                                ResourceKind::kAggregate, ResourceKind::kRegistryEntry};
  const Action actions[] = {Action::kRead, Action::kCreate, Action::kUpdate, Action::kSubmit, Action::kShare,
                            Action::kRevoke, Action::kConfirm, Action::kVerify, Action::kAnswer};
  const Relation relations[] = {Relation::kOwn, Relation::kOther, Relation::kSharedLevel, Relation::kSharedDetails,
                                Relation::kCounterparty, Relation::kOwnToken};
  int checked = 0, allowed = 0;
  std::ostringstream mismatches;
  for (Role role : roles) {
    const Principal p{10, 100, role};
    for (ResourceKind kind : kinds) {
      for (Action action : actions) {
        for (Relation relation : relations) {
          const std::string key = std::string(RoleName(role)) + ":" + std::string(ResourceKindName(kind)) + ":" +
                                  std::string(ActionName(action)) + ":" + RelationName(relation);
          const bool expected = Allowed().count(key) > 0;
          const Decision decision = Authorize(p, action, FactsFor(kind, relation, p));
          if (decision.allowed != expected) mismatches << key << " expected " << expected << " (" << decision.reason << ")\n";
          ++checked;
          allowed += decision.allowed;
        }
      }
    }
  }
  EXPECT_EQ(mismatches.str(), "");
  EXPECT_EQ(checked, 5 * 14 * 9 * 6);
  RecordProperty("cases", checked);
  RecordProperty("allowed", allowed);
}

TEST(Authorization, SignedOutCallersReadOnlyTheCatalog) {
  for (ResourceKind kind : {ResourceKind::kOrganisation, ResourceKind::kUser, ResourceKind::kApiToken,
                            ResourceKind::kAssessment, ResourceKind::kAssessmentAnswers, ResourceKind::kShare,
                            ResourceKind::kRequest, ResourceKind::kAuditLog, ResourceKind::kRelationship,
                            ResourceKind::kBuyerPolicy, ResourceKind::kChainAnalysis, ResourceKind::kAggregate,
                            ResourceKind::kRegistryEntry}) {
    EXPECT_FALSE(Authorize(std::nullopt, Action::kRead, ResourceFacts(kind, 1, 1, ShareDetail::kDetails, 1)).allowed);
  }
  EXPECT_TRUE(Authorize(std::nullopt, Action::kRead, ResourceFacts(ResourceKind::kCatalog)).allowed);
  EXPECT_FALSE(Authorize(std::nullopt, Action::kUpdate, ResourceFacts(ResourceKind::kCatalog)).allowed);
}

// Issue 14: an engagement is the supplier's and the named organisation's assessors' only;
// an accepted one opens the assessment, its answers and its evidence to those assessors,
// and evidence is never opened by a share.
TEST(Authorization, EngagementsAndEvidence) {
  const Role roles[] = {Role::kOrgAdmin, Role::kMember, Role::kAssessor, Role::kAssociationAdmin, Role::kHubAdmin};
  const Action actions[] = {Action::kRead, Action::kCreate, Action::kUpdate, Action::kSubmit, Action::kShare,
                            Action::kRevoke, Action::kConfirm, Action::kVerify, Action::kAnswer};
  std::set<std::string> allowed;
  for (Role role : roles) {
    const Principal p{10, 100, role};
    const std::string name(RoleName(role));
    for (Action action : actions) {
      const std::string act(ActionName(action));
      // Engagement of the principal's organisation (supplier), of another supplier naming the
      // principal's organisation, and of strangers.
      if (Authorize(p, action, ResourceFacts(ResourceKind::kEngagement, 100, 0, std::nullopt, 200)).allowed) {
        allowed.insert(name + ":engagement:" + act + ":supplier");
      }
      if (Authorize(p, action, ResourceFacts(ResourceKind::kEngagement, 300, 0, std::nullopt, 100)).allowed) {
        allowed.insert(name + ":engagement:" + act + ":named");
      }
      EXPECT_FALSE(Authorize(p, action, ResourceFacts(ResourceKind::kEngagement, 300, 0, std::nullopt, 200)).allowed);
      // Evidence: own, another's shared in detail, another's under an accepted engagement.
      if (Authorize(p, action, ResourceFacts(ResourceKind::kEvidence, 100)).allowed) {
        allowed.insert(name + ":evidence:" + act + ":own");
      }
      EXPECT_FALSE(Authorize(p, action, ResourceFacts(ResourceKind::kEvidence, 300, 0, ShareDetail::kDetails)).allowed);
      ResourceFacts engaged(ResourceKind::kEvidence, 300);
      engaged.engaged = true;
      if (Authorize(p, action, engaged).allowed) allowed.insert(name + ":evidence:" + act + ":engaged");
      for (ResourceKind kind : {ResourceKind::kAssessment, ResourceKind::kAssessmentAnswers}) {
        ResourceFacts assessment(kind, 300);
        assessment.engaged = true;
        if (Authorize(p, action, assessment).allowed) {
          allowed.insert(name + ":" + std::string(ResourceKindName(kind)) + ":" + act + ":engaged");
        }
      }
    }
  }
  const std::set<std::string> expected = {
      "org_admin:engagement:read:supplier", "org_admin:engagement:answer:supplier",
      "member:engagement:read:supplier",    "member:engagement:answer:supplier",
      "assessor:engagement:read:named",     "assessor:engagement:update:named",
      "org_admin:evidence:read:own",        "org_admin:evidence:create:own",
      "member:evidence:read:own",           "member:evidence:create:own",
      "assessor:evidence:read:own",         "assessor:evidence:read:engaged",
      "assessor:assessment:read:engaged",   "assessor:assessment:confirm:engaged",
      "assessor:assessment:verify:engaged", "assessor:assessment_answers:read:engaged",
      "assessor:assessment_answers:confirm:engaged", "assessor:assessment_answers:verify:engaged"};
  EXPECT_EQ(allowed, expected);
  EXPECT_FALSE(Authorize(std::nullopt, Action::kRead, ResourceFacts(ResourceKind::kEngagement, 1, 0, std::nullopt, 1)).allowed);
  EXPECT_FALSE(Authorize(std::nullopt, Action::kRead, ResourceFacts(ResourceKind::kEvidence, 1)).allowed);
}

}  // namespace
}  // namespace hoshitori::service
