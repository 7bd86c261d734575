// Routes of the in-app inbox and the notification settings (issue 15): HTTP adapters over
// service::InboxService.
#include "api/api_app.h"
#include "api/handler_support.h"
#include "api/http.h"
#include "service/inbox_service.h"

namespace hoshitori::api {

namespace {

json EntryJson(const service::InboxEntry& entry) {
  return json{{"id", entry.id},
              {"kind", std::string(notify::NotificationKindName(entry.kind))},
              {"title", json{{"ja", entry.title_ja}, {"en", entry.title_en}}},
              {"body", json{{"ja", entry.body_ja}, {"en", entry.body_en}}},
              {"link", entry.link},
              {"created_at", entry.created_at},
              {"read_at", entry.read_at ? json(*entry.read_at) : json(nullptr)},
              {"to_me_only", entry.to_me_only}};
}

json SettingsJson(const std::vector<service::NotificationSetting>& settings) {
  json list = json::array();
  for (const service::NotificationSetting& setting : settings) {
    list.push_back(
        json{{"kind", std::string(notify::NotificationKindName(setting.kind))},
             {"label", json{{"ja", std::string(notify::NotificationKindLabelJa(setting.kind))},
                            {"en", std::string(notify::NotificationKindLabelEn(setting.kind))}}},
             {"email", setting.email},
             {"daily", setting.daily}});
  }
  return json{{"settings", list}};
}

}  // namespace

void ApiApp::AddInboxRoutes() {
  // The caller's inbox, newest first: ?unread=true for unread entries only; offset, limit.
  router_.Add("GET", "/api/v1/inbox", [](Call& call) {
    auto context = call.Context();
    const auto& query = call.request.query;
    bool unread_only = false;
    if (const auto found = query.find("unread"); found != query.end()) {
      if (found->second != "true" && found->second != "false") {
        Fail(400, "Invalid query", "unread must be true or false / unread は true か false です");
      }
      unread_only = found->second == "true";
    }
    const auto limit =
        IntQueryParameter(query, "limit", 1, static_cast<int>(service::kMaxInboxPageSize),
                          static_cast<int>(service::kDefaultInboxPageSize));
    if (!limit) Fail(400, "Invalid query", limit.error().message);
    const auto offset = IntQueryParameter(query, "offset", 0, 100'000'000, 0);
    if (!offset) Fail(400, "Invalid query", offset.error().message);
    const service::InboxPage page =
        Unwrap(service::InboxService(context).List(unread_only, *offset, *limit));
    json entries = json::array();
    for (const service::InboxEntry& entry : page.entries) entries.push_back(EntryJson(entry));
    return JsonResponse(200, json{{"entries", entries},
                                  {"total", page.total},
                                  {"unread", page.unread},
                                  {"offset", *offset},
                                  {"limit", *limit}});
  });

  router_.Add("POST", "/api/v1/inbox/{id}/read", [](Call& call) {
    auto context = call.Context();
    const int64_t id = IdParam(call.params, "id");
    return JsonResponse(200, EntryJson(Unwrap(service::InboxService(context).MarkRead(id))));
  });

  router_.Add("GET", "/api/v1/notification-settings", [](Call& call) {
    auto context = call.Context();
    return JsonResponse(200, SettingsJson(Unwrap(service::InboxService(context).Settings())));
  });

  // {"settings": [{"kind": "share_revoked", "email": false}, ...]}: the kinds given change.
  router_.Add("PUT", "/api/v1/notification-settings", [](Call& call) {
    auto context = call.Context();
    Body body(call.request, {"settings"});
    const json& list = body.raw()["settings"];
    if (!list.is_array()) {
      Fail(400, "Wrong type", "field \"settings\" must be an array / settings は配列です");
    }
    std::vector<service::NotificationSetting> settings;
    for (const json& item : list) {
      const bool has_daily = item.is_object() && item.contains("daily");
      if (!item.is_object() || item.size() != (has_daily ? 3u : 2u) || !item.contains("kind") ||
          !item["kind"].is_string() || !item.contains("email") || !item["email"].is_boolean() ||
          (has_daily && !item["daily"].is_boolean())) {
        Fail(400, "Wrong type",
             "each setting is {\"kind\": string, \"email\": true|false, \"daily\": true|false "
             "(optional)} / 各設定は kind と email(と任意の daily)だけを持つオブジェクトです");
      }
      const auto kind = notify::ParseNotificationKind(item["kind"].get<std::string>());
      if (!kind) {
        Fail(
            422, "Unknown kind",
            "unknown notification kind / 通知の種類が不明です: " + item["kind"].get<std::string>());
      }
      settings.push_back(
          {*kind, item["email"].get<bool>(), has_daily && item["daily"].get<bool>()});
    }
    return JsonResponse(200,
                        SettingsJson(Unwrap(service::InboxService(context).SetSettings(settings))));
  });
}

}  // namespace hoshitori::api
