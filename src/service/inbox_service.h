// InboxService: notifications to organisations and their users (issue 15, "Notifications";
// used by issues 16 and 17 for their warnings).
//
// Other services call Notify inside their own transaction: it writes the inbox entry and,
// for every addressed member who did not unsubscribe from the kind, one e-mail into the
// outbox (store/inbox_repository.h). A change that rolls back therefore notifies nobody; a
// sender (notify/mail_dispatcher.h, run by `serve` when SMTP is configured) delivers the
// outbox afterwards, at least once.
//
// E-mails are written Japanese first, then English, in one body (users have no language of
// their own yet); the subject carries both titles.
//
// Read state is kept per entry: an entry addressed to every member is read for all of them
// once one marks it read.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "notify/notification.h"
#include "service/context.h"

namespace hoshitori::service {

// Posts `notification` in the transaction the caller holds open on `context.store` (kInternal
// when none is open): one inbox entry, and one outbox e-mail per addressed member of the
// recipient organisation whose setting for the kind is on and at once (the default); members
// who take the kind daily get it in their next digest instead. A notification whose
// dedupe key the organisation already received changes nothing and succeeds. kInvalid as
// notify::Validate; kNotFound when the recipient organisation (or user, not a member of it)
// does not exist. No authorisation and no audit entry of its own: the caller authorised the
// change that caused it and records that change.
Status Notify(Context& context, const notify::Notification& notification);

// One entry of an inbox as its reader sees it.
struct InboxEntry {
  int64_t id = 0;
  notify::NotificationKind kind = notify::NotificationKind::kRequestReceived;
  std::string title_ja;
  std::string title_en;
  std::string body_ja;
  std::string body_en;
  std::string link;  // a path in the application
  std::string created_at;
  std::optional<std::string> read_at;
  bool to_me_only = false;  // addressed to the reader alone rather than every member
};

// A page of an inbox, newest first.
struct InboxPage {
  std::vector<InboxEntry> entries;
  int64_t total = 0;   // entries matching the filter, over all pages
  int64_t unread = 0;  // unread entries of the reader, over all pages
};

// Whether a user gets e-mail for one kind (the in-app entry is always written), and when it
// does, at once (one message per entry) or `daily`, in one digest a day with every unread
// entry of such kinds (service/digest_service.h).
struct NotificationSetting {
  notify::NotificationKind kind = notify::NotificationKind::kRequestReceived;
  bool email = true;
  bool daily = false;
};

// Bounds of a listing.
inline constexpr int64_t kMaxInboxPageSize = 200;
inline constexpr int64_t kDefaultInboxPageSize = 50;

class InboxService {
 public:
  explicit InboxService(Context& context) : context_(context) {}

  // The signed-in user's inbox: entries of its organisation addressed to every member or to
  // it, newest first, only unread ones when `unread_only`. `limit` in 1..kMaxInboxPageSize and
  // `offset` >= 0, else kInvalid.
  Result<InboxPage> List(bool unread_only, int64_t offset, int64_t limit);
  // Unread entries of the signed-in user (as InboxPage::unread).
  Result<int64_t> UnreadCount();
  // Marks entry `entry_id` read (at the clock's now); marking a read entry again keeps its
  // first time. kNotFound when it is not in the caller's inbox. One audit entry.
  Result<InboxEntry> MarkRead(int64_t entry_id);

  // The signed-in user's e-mail setting for every kind, in AllNotificationKinds order.
  Result<std::vector<NotificationSetting>> Settings();
  // Stores the given kinds' settings for the signed-in user (kinds not given keep theirs)
  // and returns every kind's. One audit entry. kInvalid when a kind is given twice.
  Result<std::vector<NotificationSetting>> SetSettings(
      const std::vector<NotificationSetting>& settings);

 private:
  Context& context_;
};

}  // namespace hoshitori::service
