// Authorization: the one function every read and write of the API goes through.
//
// A decision depends only on who asks (Principal) and facts about the resource
// (ResourceFacts) that the caller gathers from the store. The rules, pinned by
// tests/api/authorization_test.cc (every role x resource kind x action):
// - a supplier owns its assessments: members and admins of the owning organisation read and
//   edit them; only org admins share, revoke shares and answer requests;
// - another organisation reads an assessment's level only through an active share to it,
//   and its answers only through an active share with detail "details";
// - an assessor confirms or verifies only an assessment shared in detail with the
//   assessor's organisation;
// - users see their own organisation's users; org admins invite (as member or org_admin
//   only), change roles and remove users; a user ends its own sessions and tokens; everybody
//   manages their own API tokens; roles that certify others come only from the operator;
// - an assessor confirms or verifies only an assessment whose supplier named the
//   assessor's organisation at submission (checked by the API beside this function);
// - organisation profiles (name, corporate number, industry) and the catalog are readable
//   by every signed-in user; the catalog also without signing in;
// - the hub admin (platform operator) reads organisations, users and the whole audit log but
//   never an assessment's content; an org admin reads its own organisation's audit entries;
// - a supply relationship is read by the organisation that declared it, by the other party
//   to it, and by an organisation the declarer disclosed it to (tier-N consent); members
//   and admins of the declaring organisation declare and end relationships; the other
//   party's admin confirms, rejects or ends one; only admins disclose an organisation's
//   relationships or withdraw a disclosure;
// - a buyer's requirement policy is read by its members and admins and changed by its
//   admins; analyses of a buyer's chain (tiers, compliance, exposure, blast radius within
//   the chain, concentration) are read by its members and admins;
// - aggregates over at least 5 organisations (industry averages) are read by every
//   signed-in user: they reveal no single organisation;
// - an organisation's entry in the public registry is published (kShare) and withdrawn
//   (kRevoke) only by its own admin (reading the registry needs no sign-in and does not
//   come here);
// - an engagement (owner = the supplier, counterparty = the assessor organisation it named)
//   is read by the supplier's members and admins and by the assessors of that organisation;
//   those assessors accept, decline, record findings and conclude it (kUpdate); the
//   supplier's members and admins answer its evidence requests and name another assessor
//   after a decline (kAnswer);
// - an assessor of an organisation with an accepted engagement on an assessment reads the
//   assessment and its answers in full, and confirms or verifies it (the service also
//   requires that engagement for every confirmation: a share alone no longer suffices);
// - evidence files are read by the owner's members, admins and assessors and by the
//   assessors of an accepted engagement, and nobody else (not even a buyer with a detailed
//   share); the owner's members and admins upload them;
// - a product (kProduct), its SBOM (kSbom) and its VEX statements (kVex) are read and changed
//   by the owner's members and admins; a buyer's members and admins read the product and
//   version names of a version delivered to it live, its SBOM only through a delivery with
//   share_sbom, its VEX statements only through one that discloses matches (`delivered`);
// - an inbox entry is read and marked read (kUpdate) by the users of its organisation it is
//   addressed to (every user of it when addressed to every member), whatever their role;
// - notification settings are read and changed by their own user only;
// - a sharing group (issue 16; owner = the organisation that runs it) is read by its member
//   organisations (`group_member`) and the hub admin; org admins and association admins create
//   groups run by their organisation; the admins of the owner and of admin member organisations
//   (`group_admin`) invite, remove members and close it (kUpdate); an invited organisation's
//   admin accepts or declines (kAnswer, owner = the invited organisation);
// - an incident report in full (kIncidentReport: victim-identifying part, answers, drafts;
//   owner = the reporting organisation) is read and edited by the reporter's members and admins
//   only — never by anyone else, the hub admin included; its admins approve and share its
//   de-identified part (kShare);
// - a shared object (kSharedObject: the de-identified part of a report, its indicators, a STIX
//   object; facts `tlp` and `reader`) is read by exactly those TLP 2.0 admits
//   (share::MayRead over its own and every inherited audience) and by nobody else, whatever
//   their role; it is created (shared into a group, posted over TAXII) by members and admins
//   of a member organisation of the group (owner = the sharing organisation, `group_member`).
// Anything not allowed above is denied.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "share/tlp.h"
#include "store/accounts.h"

namespace hoshitori::service {

struct Principal {
  int64_t user_id = 0;
  int64_t org_id = 0;
  Role role = Role::kMember;
};

enum class ResourceKind {
  kCatalog,
  kOrganisation,
  kUser,
  kApiToken,
  kAssessment,         // the assessment's record, level and score
  kAssessmentAnswers,  // its answers, evidence and comments
  kShare,
  kRequest,
  kAuditLog,
  kRelationship,   // a declared buyer → supplier relationship; owner = the declaring organisation
  kBuyerPolicy,    // a buyer's own requirement rules
  kChainAnalysis,  // analyses of a buyer's visible chain; owner = the buyer
  kAggregate,      // figures over at least 5 organisations (industry averages); no owner
  kRegistryEntry,  // an organisation's entry in the public registry of levels; owner = it
  kEngagement,     // an assessor organisation's engagement; owner = the supplier
  kEvidence,       // evidence files of an assessment; owner = the supplier
  kProduct,        // a product and its versions, deliveries, containment; owner = the supplier
  kSbom,           // the SBOM stored for a product version; owner = the supplier
  kVex,            // the supplier's VEX statements on a product version; owner = the supplier
  // An inbox entry; owner = the recipient organisation, owner user = the user it is addressed
  // to (0: every member).
  kInboxEntry,
  // A user's notification settings; owner = the user's organisation, owner user = the user.
  kNotificationSettings,
  // A sharing group; owner = the organisation that runs it.
  kSharingGroup,
  // An incident report in full (the victim-identifying part too); owner = the reporter.
  kIncidentReport,
  // A shared object under TLP 2.0; owner = the organisation that shared it; facts tlp, reader.
  kSharedObject,
};

enum class Action { kRead, kCreate, kUpdate, kSubmit, kShare, kRevoke, kConfirm, kVerify, kAnswer };

struct ResourceFacts {
  ResourceFacts(ResourceKind kind_in, int64_t owner_org = 0, int64_t owner_user = 0,
                std::optional<ShareDetail> shared = std::nullopt, int64_t counterparty = 0)
      : kind(kind_in), owner_org_id(owner_org), owner_user_id(owner_user),
        shared_with_principal(shared), counterparty_org_id(counterparty) {}

  ResourceKind kind;
  int64_t owner_org_id;   // owning organisation (0 when none, e.g. the catalog)
  int64_t owner_user_id;  // for API tokens
  // For assessments: the strongest active share to the principal's organisation. For
  // relationships: set when the declaring organisation disclosed it to the principal's.
  std::optional<ShareDetail> shared_with_principal;
  // For shares and requests: the other party (buyer of a share, supplier of a request). For
  // relationships: the principal's organisation when it is the buyer or the supplier.
  int64_t counterparty_org_id;
  // For assessments and evidence: the principal's organisation is the assessor of an accepted
  // engagement on it.
  bool engaged = false;
  // For products, SBOMs and VEX: the principal's organisation receives the version live (a
  // delivery not ended over a confirmed relationship not ended) — for kSbom a delivery with
  // share_sbom, for kVex one that discloses matches.
  bool delivered = false;
  // For sharing groups and shared objects: the principal's organisation is a member of the
  // group (group_member) or one of its admins (group_admin: the owner or an admin member).
  bool group_member = false;
  bool group_admin = false;
  // For shared objects: the object's TLP audiences and the reader's facts (its groups and the
  // organisations it is a client of, from service/tlp_reader.h). Both must be set for a read,
  // and the reader must be the principal; otherwise the read is denied.
  const share::SharedObject* tlp = nullptr;
  const share::Reader* reader = nullptr;
};

struct Decision {
  bool allowed = false;
  std::string_view reason;  // why, in English, for logs and problem details
};

// `principal` is nullopt for a request that is not signed in.
Decision Authorize(const std::optional<Principal>& principal, Action action, const ResourceFacts& resource);

std::string_view ActionName(Action action);
std::string_view ResourceKindName(ResourceKind kind);

}  // namespace hoshitori::service
