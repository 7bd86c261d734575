#include "service/inbox_service.h"

#include <set>

#include "notify/mail_message.h"
#include "store/inbox_repository.h"

namespace hoshitori::service {
namespace {

InboxEntry ToEntry(const StoredInboxEntry& stored) {
  InboxEntry entry;
  entry.id = stored.id;
  // A kind stored by a newer version and unknown here reads as the first kind; the texts
  // were rendered when it was posted, so they stay right.
  entry.kind = notify::ParseNotificationKind(stored.kind)
                   .value_or(notify::NotificationKind::kRequestReceived);
  entry.title_ja = stored.title_ja;
  entry.title_en = stored.title_en;
  entry.body_ja = stored.body_ja;
  entry.body_en = stored.body_en;
  entry.link = stored.link;
  entry.created_at = stored.created_at;
  entry.read_at = stored.read_at;
  entry.to_me_only = stored.user_id.has_value();
  return entry;
}

std::vector<NotificationSetting> SettingsOf(
    const std::map<std::string, StoredNotificationSetting>& stored) {
  std::vector<NotificationSetting> out;
  for (notify::NotificationKind kind : notify::AllNotificationKinds()) {
    const auto found = stored.find(std::string(notify::NotificationKindName(kind)));
    if (found == stored.end()) {
      out.push_back({kind, true, false});
    } else {
      out.push_back({kind, found->second.email, found->second.email && found->second.daily});
    }
  }
  return out;
}

}  // namespace

Status Notify(Context& context, const notify::Notification& notification) {
  SqlSession& sql = context.store.Sql();
  if (!sql.in_transaction()) {
    return MakeError(ErrorKind::kInternal, "Internal error",
                     "Notify must run inside the transaction of the change it reports");
  }
  TRY_ASSIGN(const notify::RenderedNotification text, notify::Render(notification));
  InboxRepository repository(sql);
  const std::string kind(notify::NotificationKindName(notification.kind));
  const std::string now = context.clock.UtcNow();
  StoredInboxEntry entry;
  entry.org_id = notification.recipient_org_id;
  entry.user_id = notification.recipient_user_id;
  entry.kind = kind;
  entry.title_ja = text.title_ja;
  entry.title_en = text.title_en;
  entry.body_ja = text.body_ja;
  entry.body_en = text.body_en;
  entry.link = notification.link;
  entry.dedupe_key = notification.dedupe_key;
  entry.created_at = now;
  TRY_ASSIGN(const std::optional<int64_t> entry_id, repository.Post(entry));
  if (!entry_id) {
    // Either the organisation heard of this event already, or there is nobody to tell.
    TRY_ASSIGN(const bool exists, repository.RecipientExists(notification.recipient_org_id,
                                                             notification.recipient_user_id));
    if (!exists) {
      return NotFound(
          "通知の宛先の組織または利用者がありません / the notification's recipient "
          "organisation or user does not exist");
    }
    return OkStatus();
  }
  TRY_ASSIGN(const std::vector<MailRecipient> recipients,
             repository.MailRecipients(notification.recipient_org_id,
                                       notification.recipient_user_id, kind));
  for (const MailRecipient& recipient : recipients) {
    // Accounts are created with checked addresses; one that a sender cannot use is skipped
    // rather than failing the caller's change (the inbox entry still reaches the user).
    if (!notify::IsPlainMailAddress(recipient.email)) continue;
    StoredMail mail;
    mail.org_id = notification.recipient_org_id;
    mail.user_id = recipient.user_id;
    mail.inbox_entry_id = *entry_id;
    mail.to_address = recipient.email;
    mail.subject = "[Hoshitori] " + text.title_ja + " / " + text.title_en;
    mail.body = text.body_ja + "\n\n----\n\n" + text.body_en;
    mail.link = notification.link;
    mail.created_at = now;
    mail.not_before = now;
    TRY(repository.EnqueueMail(mail));
  }
  return OkStatus();
}

Result<InboxPage> InboxService::List(bool unread_only, int64_t offset, int64_t limit) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts(ResourceKind::kInboxEntry, p.org_id)));
  if (limit < 1 || limit > kMaxInboxPageSize || offset < 0) {
    return Invalid("Invalid page / ページ指定が不正です",
                   "limit は 1〜" + std::to_string(kMaxInboxPageSize) +
                       "、offset は 0 以上です / limit must be 1 to " +
                       std::to_string(kMaxInboxPageSize) + " and offset at least 0");
  }
  InboxRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto stored, repository.List(p.org_id, p.user_id, unread_only, offset, limit));
  InboxPage page;
  for (const StoredInboxEntry& entry : stored) page.entries.push_back(ToEntry(entry));
  TRY_ASSIGN(page.total, repository.Count(p.org_id, p.user_id, unread_only));
  TRY_ASSIGN(page.unread, repository.Count(p.org_id, p.user_id, /*unread_only=*/true));
  return page;
}

Result<int64_t> InboxService::UnreadCount() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts(ResourceKind::kInboxEntry, p.org_id)));
  return InboxRepository(context_.store.Sql()).Count(p.org_id, p.user_id, true);
}

Result<InboxEntry> InboxService::MarkRead(int64_t entry_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  context_.Touching(ChangeScope::Of(ChangeScope::kNotifications, {p.org_id}));
  return InTransaction(context_, [&]() -> Result<InboxEntry> {
    InboxRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto stored, repository.Get(p.org_id, p.user_id, entry_id));
    if (!stored) return NotFound("inbox entry " + std::to_string(entry_id));
    TRY(Allow(context_, Action::kUpdate,
              ResourceFacts(ResourceKind::kInboxEntry, stored->org_id, stored->user_id.value_or(0)),
              ErrorKind::kNotFound));
    if (stored->read_at) return ToEntry(*stored);  // read already: nothing changes
    TRY(repository.MarkRead(p.org_id, entry_id, context_.clock.UtcNow()));
    TRY(Record(context_, "inbox.read", "inbox_entry/" + std::to_string(entry_id)));
    TRY_ASSIGN(const auto updated, repository.Get(p.org_id, p.user_id, entry_id));
    return ToEntry(*updated);
  });
}

Result<std::vector<NotificationSetting>> InboxService::Settings() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead,
            ResourceFacts(ResourceKind::kNotificationSettings, p.org_id, p.user_id)));
  TRY_ASSIGN(const auto stored, InboxRepository(context_.store.Sql()).EmailSettings(p.user_id));
  return SettingsOf(stored);
}

Result<std::vector<NotificationSetting>> InboxService::SetSettings(
    const std::vector<NotificationSetting>& settings) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kUpdate,
            ResourceFacts(ResourceKind::kNotificationSettings, p.org_id, p.user_id)));
  std::set<notify::NotificationKind> seen;
  for (const NotificationSetting& setting : settings) {
    if (static_cast<size_t>(setting.kind) >= notify::kNotificationKindCount ||
        !seen.insert(setting.kind).second) {
      return Invalid("Invalid settings / 設定が不正です",
                     "同じ種類が二度指定されています / a kind is given twice");
    }
  }
  context_.Touching(ChangeScope::Of(ChangeScope::kNotifications, {p.org_id}));
  return InTransaction(context_, [&]() -> Result<std::vector<NotificationSetting>> {
    InboxRepository repository(context_.store.Sql());
    std::string detail;
    for (const NotificationSetting& setting : settings) {
      const std::string kind(notify::NotificationKindName(setting.kind));
      TRY(repository.SetEmailSetting(p.user_id, p.org_id, kind,
                                     {setting.email, setting.email && setting.daily}));
      detail += (detail.empty() ? "" : ",") + kind + "=" +
                (!setting.email  ? "off"
                 : setting.daily ? "daily"
                                 : "on");
    }
    TRY(Record(context_, "notification_settings.update", "user/" + std::to_string(p.user_id),
               detail));
    TRY_ASSIGN(const auto stored, repository.EmailSettings(p.user_id));
    return SettingsOf(stored);
  });
}

}  // namespace hoshitori::service
