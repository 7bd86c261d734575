// Pages of sharing groups (issue 16), adapters over service::SharingGroupService:
//   /groups                         the organisation's groups (kind, its role, member count),
//                                   invitations to it with Accept / Decline, and the form to
//                                   start a group (shown to those Authorize lets create one);
//   /groups/{id}                    one group: members, open invitations, the TAXII collection
//                                   a member's client reads, and (for the group's admins) the
//                                   invite, revoke, remove and close forms;
//   POST /groups                    starts a group;  POST /groups/supply-chain  the buyer's
//                                   supply-chain group (made on first use);
//   POST /groups/invitations/{id}/{accept|decline}, /groups/{id}/invite,
//   /groups/{id}/invitations/{inv}/revoke, /groups/{id}/members/{org}/remove, /groups/{id}/close.
//
// Every read and change goes through the service (its one Authorize, transaction and audit);
// the page asks Authorize only to decide which forms to show. A group the caller cannot see is
// a 404, as in the API. A supply-chain group is shown read-only: its members are the buyer's
// confirmed suppliers, managed on /relationships.
#include <algorithm>

#include "service/authorization.h"
#include "service/sharing_group_service.h"
#include "service/taxii_service.h"
#include "web/web_page.h"

namespace hoshitori::web {

namespace {

using api::HttpResponse;
using nlohmann::json;

// The organisation's name for a page (its id when it cannot be read).
std::string OrganisationName(service::Context& c, int64_t org_id) {
  const auto organisation = c.store.GetOrganisation(org_id);
  if (organisation && *organisation) return (*organisation)->name;
  return "#" + std::to_string(org_id);
}

}  // namespace

HttpResponse WebApp::GroupPages(Page& page, const std::vector<std::string>& parts) {
  page.nav = "groups";
  const std::string& lang = page.lang;
  const auto msg = [&](const std::string& key) { return templates_->Message(lang, key); };
  const std::string method = page.request.method == "HEAD" ? "GET" : page.request.method;
  const size_t n = parts.size();
  const std::optional<service::Principal>& principal = page.actor.principal;
  const auto problem_of = [&](const Error& error, const char* key) {
    json problem = ProblemForPage(*templates_, lang, error);
    problem["message"] = msg(key);
    return problem;
  };
  const auto kind_label = [&](const std::string& kind) { return msg("groups_kind_" + kind); };

  // /groups: the list, the invitations and the form; `status` 422 after a refused form.
  const auto list_page = [&](int status) {
    struct Listed {
      std::vector<service::SharingGroup> groups;
      std::vector<size_t> member_counts;
      std::vector<service::GroupInvitation> invitations;
      std::vector<std::string> owner_names;
    };
    auto listed = AsUser(page, [&](service::Context& c) -> Result<Listed> {
      service::SharingGroupService groups(c);
      Listed out;
      TRY_ASSIGN(out.groups, groups.Mine());
      for (const service::SharingGroup& g : out.groups) {
        TRY_ASSIGN(const auto detail, groups.Get(g.group.id));
        out.member_counts.push_back(detail.members.size());
      }
      TRY_ASSIGN(out.invitations, groups.MyInvitations());
      for (const service::GroupInvitation& i : out.invitations) {
        out.owner_names.push_back(OrganisationName(c, i.owner_org_id));
      }
      return out;
    });
    if (!listed) throw std::runtime_error(listed.error().message);
    json groups = json::array();
    bool has_supply_chain = false;
    for (size_t i = 0; i < listed->groups.size(); ++i) {
      const service::SharingGroup& g = listed->groups[i];
      has_supply_chain =
          has_supply_chain || (g.group.kind == "supply_chain" && g.group.org_id == page.org_id());
      groups.push_back(json{{"id", g.group.id},
                            {"name", g.group.name},
                            {"kind", kind_label(g.group.kind)},
                            {"kind_key", g.group.kind},
                            {"role", msg("groups_role_" + g.my_role)},
                            {"members", std::to_string(listed->member_counts[i])}});
    }
    const bool may_answer =
        service::Authorize(
            principal, service::Action::kAnswer,
            service::ResourceFacts(service::ResourceKind::kSharingGroup, page.org_id()))
            .allowed;
    json open = json::array(), past = json::array();
    for (size_t i = 0; i < listed->invitations.size(); ++i) {
      const service::GroupInvitation& inv = listed->invitations[i];
      json item{{"id", inv.invitation.id},
                {"group", inv.group_name},
                {"kind", kind_label(inv.group_kind)},
                {"owner", listed->owner_names[i]},
                {"state", msg("groups_state_" + inv.state)},
                {"state_key", inv.state},
                {"expires_on", inv.invitation.expires_at.substr(0, 10)},
                {"may_answer", may_answer}};
      (inv.state == "open" ? open : past).push_back(std::move(item));
    }
    const bool may_create =
        service::Authorize(
            principal, service::Action::kCreate,
            service::ResourceFacts(service::ResourceKind::kSharingGroup, page.org_id()))
            .allowed;
    json kinds = json::array();
    const std::string chosen = page.Field("kind").empty() ? "isac" : page.Field("kind");
    for (const char* kind : {"isac", "industry", "cross_industry"}) {
      kinds.push_back(
          json{{"value", kind}, {"label", kind_label(kind)}, {"selected", chosen == kind}});
    }
    return Render(page, "groups",
                  json{{"title", msg("groups_title")},
                       {"groups", groups},
                       {"has_groups", !groups.empty()},
                       {"invitations", open},
                       {"has_invitations", !open.empty()},
                       {"past_invitations", past},
                       {"has_past_invitations", !past.empty()},
                       {"may_create", may_create},
                       {"offer_supply_chain", may_create && !has_supply_chain},
                       {"kinds", kinds}},
                  status);
  };

  if (n == 1) {
    if (method == "POST") {
      auto created = AsUser(page, [&](service::Context& c) {
        return service::SharingGroupService(c).Create(page.Field("kind"), page.Field("name"),
                                                      page.Field("description"));
      });
      if (created) {
        return Redirect("/groups/" + std::to_string(created->group.id) + "?done=groups_created");
      }
      page.problem = problem_of(created.error(), "groups_problem_create");
      return list_page(422);
    }
    return list_page(200);
  }

  if (n == 2 && parts[1] == "supply-chain" && method == "POST") {
    auto made = AsUser(page, [&](service::Context& c) {
      return service::SharingGroupService(c).SupplyChainGroup();
    });
    if (made) return Redirect("/groups/" + std::to_string(made->group.id));
    page.problem = problem_of(made.error(), "groups_problem_supply_chain");
    return list_page(422);
  }

  // An invitation to the caller's organisation, answered.
  if (n == 4 && parts[1] == "invitations" && IsId(parts[2]) &&
      (parts[3] == "accept" || parts[3] == "decline") && method == "POST") {
    const int64_t id = std::stoll(parts[2]);
    const bool accept = parts[3] == "accept";
    auto answered = AsUser(page, [&](service::Context& c) {
      service::SharingGroupService groups(c);
      return accept ? groups.Accept(id) : groups.Decline(id);
    });
    if (answered) {
      return Redirect(accept ? "/groups/" + std::to_string(answered->invitation.group_id) +
                                   "?done=groups_accepted"
                             : "/groups?done=groups_declined");
    }
    if (answered.error().kind == ErrorKind::kNotFound) return NotFound(page);
    page.problem = problem_of(answered.error(), "groups_problem_answer");
    return list_page(422);
  }

  if (n < 2 || !IsId(parts[1])) return NotFound(page);
  const int64_t id = std::stoll(parts[1]);
  const std::string base = "/groups/" + std::to_string(id);

  // The changes of a group's admins; on success back to the group with a notice.
  if (method == "POST") {
    std::string done;
    Status changed = OkStatus();
    const char* problem_key = "groups_problem_change";
    if (n == 3 && parts[2] == "invite") {
      problem_key = "groups_problem_invite";
      done = "groups_invited";
      changed = AsUser(page, [&](service::Context& c) -> Status {
        TRY(service::SharingGroupService(c).Invite(id, page.Field("corporate_number")));
        return OkStatus();
      });
    } else if (n == 5 && parts[2] == "invitations" && IsId(parts[3]) && parts[4] == "revoke") {
      const int64_t invitation = std::stoll(parts[3]);
      done = "groups_revoked";
      changed = AsUser(page, [&](service::Context& c) -> Status {
        service::SharingGroupService groups(c);
        // The invitation must be of this group (the address names it).
        TRY_ASSIGN(const auto detail, groups.Get(id));
        const bool ours =
            std::any_of(detail.invitations.begin(), detail.invitations.end(),
                        [&](const StoredGroupInvitation& i) { return i.id == invitation; });
        if (!ours) {
          return service::NotFound("招待 " + std::to_string(invitation) +
                                   " はこのグループにありません / no invitation " +
                                   std::to_string(invitation) + " in this group");
        }
        TRY(groups.Revoke(invitation));
        return OkStatus();
      });
    } else if (n == 5 && parts[2] == "members" && IsId(parts[3]) && parts[4] == "remove") {
      const int64_t org = std::stoll(parts[3]);
      done = "groups_removed";
      changed = AsUser(page, [&](service::Context& c) {
        return service::SharingGroupService(c).RemoveMember(id, org);
      });
    } else if (n == 3 && parts[2] == "close") {
      auto closed = AsUser(
          page, [&](service::Context& c) { return service::SharingGroupService(c).Close(id); });
      if (closed) return Redirect("/groups?done=groups_closed");
      changed = closed.error();
    } else {
      return NotFound(page);
    }
    if (changed) return Redirect(base + "?done=" + done);
    if (changed.error().kind == ErrorKind::kNotFound) {
      // A group the caller cannot see; an unknown member or invitation of a visible one is a
      // refused change shown on the group's page.
      auto visible = AsUser(
          page, [&](service::Context& c) { return service::SharingGroupService(c).Get(id); });
      if (!visible) return NotFound(page);
    }
    page.problem = problem_of(changed.error(), problem_key);
  } else if (n != 2) {
    return NotFound(page);
  }

  struct Shown {
    service::SharingGroupDetail detail;
    std::vector<std::string> member_names;
    std::vector<std::string> invited_names;
    std::string now;
  };
  auto shown = AsUser(page, [&](service::Context& c) -> Result<Shown> {
    Shown out;
    TRY_ASSIGN(out.detail, service::SharingGroupService(c).Get(id));
    out.now = c.clock.UtcNow();
    for (const StoredGroupMember& m : out.detail.members) {
      out.member_names.push_back(OrganisationName(c, m.org_id));
    }
    for (const StoredGroupInvitation& i : out.detail.invitations) {
      out.invited_names.push_back(OrganisationName(c, i.org_id));
    }
    return out;
  });
  if (!shown) {
    if (shown.error().kind == ErrorKind::kNotFound) return NotFound(page);
    throw std::runtime_error(shown.error().message);
  }
  const service::SharingGroupDetail& detail = shown->detail;
  const StoredSharingGroup& group = detail.group.group;
  const bool supply_chain = group.kind == "supply_chain";
  const bool closed = group.closed_at.has_value();
  service::ResourceFacts facts(service::ResourceKind::kSharingGroup, group.org_id);
  facts.group_member = true;
  facts.group_admin = detail.group.my_role == "admin";
  // The forms of the group's admins: not for a closed group, nor for a computed one.
  const bool manage = !closed && !supply_chain &&
                      service::Authorize(principal, service::Action::kUpdate, facts).allowed;

  std::string owner = "#" + std::to_string(group.org_id);
  json members = json::array();
  for (size_t i = 0; i < detail.members.size(); ++i) {
    const StoredGroupMember& m = detail.members[i];
    if (m.org_id == group.org_id) owner = shown->member_names[i];
    members.push_back(json{
        {"group_id", group.id},
        {"org_id", m.org_id},
        {"name", shown->member_names[i]},
        {"role", msg("groups_role_" + m.role)},
        {"joined_on", m.joined_at.substr(0, 10)},
        {"owner", m.org_id == group.org_id},
        {"you", m.org_id == page.org_id()},
        {"removable", manage && m.org_id != group.org_id},
        {"remove_confirm",
         templates_->Format(lang, "groups_remove_confirm", {{"name", shown->member_names[i]}})}});
  }
  json invitations = json::array();
  for (size_t i = 0; i < detail.invitations.size(); ++i) {
    const StoredGroupInvitation& inv = detail.invitations[i];
    if (!inv.OpenAt(shown->now))
      continue;  // the page lists the open ones; the audit keeps the rest
    invitations.push_back(json{{"group_id", group.id},
                               {"id", inv.id},
                               {"name", shown->invited_names[i]},
                               {"sent_on", inv.created_at.substr(0, 10)},
                               {"expires_on", inv.expires_at.substr(0, 10)},
                               {"revocable", manage}});
  }
  const std::string collection = service::CollectionId(group.id);
  const std::string objects_path = "/taxii2/api1/collections/" + collection + "/objects/";
  std::string objects_url = objects_path;
  if (const std::string host(page.request.Header("host")); !host.empty()) {
    objects_url =
        std::string(options_.secure_cookies ? "https://" : "http://") + host + objects_path;
  }
  json context{
      {"title", group.name},
      {"id", group.id},
      {"name", group.name},
      {"kind", kind_label(group.kind)},
      {"kind_key", group.kind},
      {"description", group.description},
      {"my_role", msg("groups_role_" + detail.group.my_role)},
      {"owner", owner},
      {"created_on", group.created_at.substr(0, 10)},
      {"closed", closed},
      {"closed_on", closed ? group.closed_at->substr(0, 10) : ""},
      {"supply_chain", supply_chain},
      {"members", members},
      {"member_count", std::to_string(members.size())},
      {"invitations", invitations},
      {"has_invitations", !invitations.empty()},
      {"show_invitations", manage},
      {"manage", manage},
      {"collection", collection},
      {"objects_url", objects_url},
      {"close_confirm", templates_->Format(lang, "groups_close_confirm", {{"name", group.name}})}};
  return Render(page, "groups-detail", context, page.problem.is_null() ? 200 : 422);
}

}  // namespace hoshitori::web
