// Pages of the in-app inbox (issue 15): /inbox, the signed-in user's notifications newest
// first (all or unread, 50 a page), where opening one marks it read and follows its link;
// and /inbox/settings, the e-mail setting per kind. Adapters over service::InboxService.
#include "service/inbox_service.h"
#include "web/web_page.h"

namespace hoshitori::web {

namespace {

using api::HttpResponse;
using nlohmann::json;

constexpr int64_t kPageSize = 50;

// The page number of "?page=N" (1 when absent or not a small number).
int64_t PageNumber(const std::string& text) {
  if (text.empty() || text.size() > 6 || !IsId(text)) return 1;
  return std::max<int64_t>(1, std::stoll(text));
}

}  // namespace

HttpResponse WebApp::Inbox(Page& page, const std::vector<std::string>& parts) {
  page.nav = "inbox";
  const std::string& lang = page.lang;
  const std::string method = page.request.method == "HEAD" ? "GET" : page.request.method;
  // POST /inbox/{id}/read: marks it read, then opens its link (or returns to the list).
  if (parts.size() == 3 && IsId(parts[1]) && parts[2] == "read" && method == "POST") {
    const int64_t id = std::stoll(parts[1]);
    auto read = AsUser(page, [&](service::Context& context) {
      return service::InboxService(context).MarkRead(id);
    });
    if (!read) return NotFound(page);
    return Redirect(page.Field("open") == "1" ? read->link : "/inbox");
  }
  if (parts.size() == 2 && parts[1] == "settings") {
    if (method == "POST") {
      std::vector<service::NotificationSetting> settings;
      // Each kind: "now" (one e-mail per entry), "daily" (in the daily digest) or "off".
      for (notify::NotificationKind kind : notify::AllNotificationKinds()) {
        const std::string mail =
            page.Field("mail_" + std::string(notify::NotificationKindName(kind)));
        settings.push_back({kind, mail == "now" || mail == "daily", mail == "daily"});
      }
      auto saved = AsUser(page, [&](service::Context& context) {
        return service::InboxService(context).SetSettings(settings);
      });
      if (saved) return Redirect("/inbox/settings?done=inbox_settings_saved");
      page.problem = ProblemForPage(*templates_, lang, saved.error());
    }
    auto settings = AsUser(
        page, [&](service::Context& context) { return service::InboxService(context).Settings(); });
    if (!settings) throw std::runtime_error(settings.error().message);
    json kinds = json::array();
    for (const service::NotificationSetting& setting : *settings) {
      kinds.push_back(
          json{{"kind", std::string(notify::NotificationKindName(setting.kind))},
               {"label", std::string(lang == "en" ? notify::NotificationKindLabelEn(setting.kind)
                                                  : notify::NotificationKindLabelJa(setting.kind))},
               {"now", setting.email && !setting.daily},
               {"daily", setting.email && setting.daily},
               {"off", !setting.email}});
    }
    return Render(page, "inbox-settings",
                  json{{"title", templates_->Message(lang, "inbox_settings_title")},
                       {"kinds", kinds},
                       {"email", page.me["user"].value("email", "")}});
  }
  if (parts.size() != 1 || method != "GET") return NotFound(page);

  const bool unread_only = page.Query("unread") == "1";
  const int64_t number = PageNumber(page.Query("page"));
  auto listed = AsUser(page, [&](service::Context& context) {
    return service::InboxService(context).List(unread_only, (number - 1) * kPageSize, kPageSize);
  });
  if (!listed) throw std::runtime_error(listed.error().message);
  json entries = json::array();
  for (const service::InboxEntry& entry : listed->entries) {
    entries.push_back(json{{"id", entry.id},
                           {"kind", std::string(notify::NotificationKindName(entry.kind))},
                           {"title", lang == "en" ? entry.title_en : entry.title_ja},
                           {"body", lang == "en" ? entry.body_en : entry.body_ja},
                           {"created_at", entry.created_at.substr(0, 16)},
                           {"unread", !entry.read_at.has_value()},
                           {"to_me_only", entry.to_me_only}});
  }
  const std::string filter = unread_only ? "unread=1&" : "";
  json context{{"title", templates_->Message(lang, "inbox_title")},
               {"entries", entries},
               {"empty", entries.empty()},
               {"unread_only", unread_only},
               {"unread", listed->unread},
               {"total", listed->total}};
  if (number > 1) context["prev"] = "/inbox?" + filter + "page=" + std::to_string(number - 1);
  if (number * kPageSize < listed->total) {
    context["next"] = "/inbox?" + filter + "page=" + std::to_string(number + 1);
  }
  return Render(page, "inbox", context);
}

}  // namespace hoshitori::web
