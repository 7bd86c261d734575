// Routes of sharing groups (/api/v1/sharing-groups, /api/v1/sharing-group-invitations and
// /api/v1/supply-chain-group; issue 16): HTTP adapters over service::SharingGroupService.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "service/sharing_group_service.h"

namespace hoshitori::api {

namespace {

json GroupJson(const service::SharingGroup& g) {
  return json{{"id", g.group.id},
              {"kind", g.group.kind},
              {"name", g.group.name},
              {"description", g.group.description},
              {"owner_org_id", g.group.org_id},
              {"created_at", g.group.created_at},
              {"closed_at", g.group.closed_at ? json(*g.group.closed_at) : json(nullptr)},
              {"my_role", g.my_role}};
}

json InvitationJson(const service::GroupInvitation& i) {
  return json{{"id", i.invitation.id},
              {"group_id", i.invitation.group_id},
              {"group_name", i.group_name},
              {"group_kind", i.group_kind},
              {"owner_org_id", i.owner_org_id},
              {"org_id", i.invitation.org_id},
              {"invited_by", i.invitation.invited_by},
              {"created_at", i.invitation.created_at},
              {"expires_at", i.invitation.expires_at},
              {"state", i.state}};
}

}  // namespace

void ApiApp::AddSharingGroupRoutes() {
  router_.Add("GET", "/api/v1/sharing-groups", [](Call& call) {
    auto context = call.Context();
    json groups = json::array();
    for (const auto& g : Unwrap(service::SharingGroupService(context).Mine())) {
      groups.push_back(GroupJson(g));
    }
    return JsonResponse(200, json{{"groups", groups}});
  });

  router_.Add("POST", "/api/v1/sharing-groups", [](Call& call) {
    Require(call);
    const Body body(call.request, {"kind", "name", "description"});
    auto context = call.Context();
    return JsonResponse(201, GroupJson(Unwrap(service::SharingGroupService(context).Create(
                                 body.Text("kind"), body.Text("name"),
                                 body.OptText("description").value_or("")))));
  });

  router_.Add("POST", "/api/v1/supply-chain-group", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(200,
                        GroupJson(Unwrap(service::SharingGroupService(context).SupplyChainGroup())));
  });

  router_.Add("GET", "/api/v1/sharing-groups/{id}", [](Call& call) {
    auto context = call.Context();
    const auto detail =
        Unwrap(service::SharingGroupService(context).Get(IdParam(call.params, "id")));
    json out = GroupJson(detail.group);
    json members = json::array();
    for (const StoredGroupMember& m : detail.members) {
      members.push_back(json{{"org_id", m.org_id}, {"role", m.role}, {"joined_at", m.joined_at}});
    }
    out["members"] = members;
    json invitations = json::array();
    const std::string now = context.clock.UtcNow();
    for (const StoredGroupInvitation& i : detail.invitations) {
      invitations.push_back(InvitationJson(service::GroupInvitation{
          i, detail.group.group.name, detail.group.group.kind, detail.group.group.org_id,
          service::InvitationState(i, now)}));
    }
    out["invitations"] = invitations;
    return JsonResponse(200, out);
  });

  router_.Add("POST", "/api/v1/sharing-groups/{id}/invitations", [](Call& call) {
    Require(call);
    const Body body(call.request, {"corporate_number"});
    auto context = call.Context();
    return JsonResponse(201, InvitationJson(Unwrap(service::SharingGroupService(context).Invite(
                                 IdParam(call.params, "id"), body.Text("corporate_number")))));
  });

  router_.Add("DELETE", "/api/v1/sharing-groups/{id}/members/{org}", [](Call& call) {
    auto context = call.Context();
    Unwrap(service::SharingGroupService(context).RemoveMember(IdParam(call.params, "id"),
                                                              IdParam(call.params, "org")));
    HttpResponse response;
    response.status = 204;
    response.content_type.clear();
    return response;
  });

  router_.Add("POST", "/api/v1/sharing-groups/{id}/close", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(
        200, GroupJson(Unwrap(service::SharingGroupService(context).Close(IdParam(call.params, "id")))));
  });

  router_.Add("GET", "/api/v1/sharing-group-invitations", [](Call& call) {
    auto context = call.Context();
    json list = json::array();
    for (const auto& i : Unwrap(service::SharingGroupService(context).MyInvitations())) {
      list.push_back(InvitationJson(i));
    }
    return JsonResponse(200, json{{"invitations", list}});
  });

  const auto answer = [](auto method) {
    return [method](Call& call) {
      auto context = call.Context();
      service::SharingGroupService groups(context);
      return JsonResponse(200,
                          InvitationJson(Unwrap((groups.*method)(IdParam(call.params, "id")))));
    };
  };
  router_.Add("POST", "/api/v1/sharing-group-invitations/{id}/accept",
              answer(&service::SharingGroupService::Accept));
  router_.Add("POST", "/api/v1/sharing-group-invitations/{id}/decline",
              answer(&service::SharingGroupService::Decline));
  router_.Add("POST", "/api/v1/sharing-group-invitations/{id}/revoke",
              answer(&service::SharingGroupService::Revoke));
}

}  // namespace hoshitori::api
