// InboxRepository: the in-app inbox, the e-mail setting per user and kind, and the outbox of
// e-mails, as migration 016 keeps them. Kinds are stored by name (notify/notification.h);
// times are UTC "YYYY-MM-DDTHH:MM:SSZ" (Clock::UtcNow), so text order is time order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

struct StoredInboxEntry {
  int64_t id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> user_id;  // nullopt: every member of org_id
  std::string kind;
  std::string title_ja;
  std::string title_en;
  std::string body_ja;
  std::string body_en;
  std::string link;
  std::string dedupe_key;
  std::string created_at;
  std::optional<std::string> read_at;
};

// A user's e-mail setting for one kind: on or off, and when on, at once or in the daily digest.
struct StoredNotificationSetting {
  bool email = true;
  bool daily = false;
};

// A user who takes at least one kind in the daily digest, and where its last digest ended.
struct DigestRecipient {
  int64_t user_id = 0;
  int64_t org_id = 0;
  std::string email;
  int64_t last_entry_id = 0;  // 0: no digest yet
  std::string sent_on;        // YYYY-MM-DD of the last digest; empty: none yet
};

struct DigestCount {
  int64_t entries = 0;
  int64_t last_id = 0;
};

// A member an e-mail goes to.
struct MailRecipient {
  int64_t user_id = 0;
  std::string email;
};

struct StoredMail {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t user_id = 0;
  int64_t inbox_entry_id = 0;
  std::string to_address;
  std::string subject;
  std::string body;
  std::string link;  // a path in the application
  std::string created_at;
  std::string not_before;
  std::optional<std::string> sent_at;
  int64_t attempts = 0;
  std::string last_error;
};

// Works on the session it was given (which must outlive it); one thread at a time. Every
// change runs in the caller's transaction (Post and EnqueueMail typically in the transaction
// of another service's change).
class InboxRepository {
 public:
  explicit InboxRepository(SqlSession& session) : session_(session) {}

  // Whether organisation `org_id` exists; with `user_id`, whether that user is an active
  // (not removed) member of it.
  Result<bool> RecipientExists(int64_t org_id, std::optional<int64_t> user_id);
  // Stores `entry` (its id ignored) and returns its id, or nullopt when nothing is written:
  // the organisation already has an entry with the same dedupe_key, or the recipient does
  // not exist as RecipientExists would answer (ask it to tell the two apart).
  Result<std::optional<int64_t>> Post(const StoredInboxEntry& entry);
  // Entries of `org_id` addressed to every member or to `user_id`, newest first.
  Result<std::vector<StoredInboxEntry>> List(int64_t org_id, int64_t user_id, bool unread_only,
                                             int64_t offset, int64_t limit);
  // How many entries List would give without offset and limit.
  Result<int64_t> Count(int64_t org_id, int64_t user_id, bool unread_only);
  // Entry `id` if List would show it.
  Result<std::optional<StoredInboxEntry>> Get(int64_t org_id, int64_t user_id, int64_t id);
  // Sets read_at of entry `id` of `org_id` to `at` unless it is set already.
  Status MarkRead(int64_t org_id, int64_t id, const std::string& at);

  // The e-mail settings `user_id` stored, by kind name (kinds without a row: the default).
  Result<std::map<std::string, StoredNotificationSetting>> EmailSettings(int64_t user_id);
  Status SetEmailSetting(int64_t user_id, int64_t org_id, const std::string& kind,
                         const StoredNotificationSetting& setting);
  // Active members of `org_id` (only `user_id` when given) whose setting for `kind` is on and
  // at once (no row: on, at once), by user id. Those who take the kind daily get the digest.
  Result<std::vector<MailRecipient>> MailRecipients(int64_t org_id, std::optional<int64_t> user_id,
                                                    const std::string& kind);

  // Active users with at least one kind on and daily, by user id (only `user_id` when given).
  Result<std::vector<DigestRecipient>> DigestRecipients(std::optional<int64_t> user_id = {});
  // Unread entries after `after_id` that `recipient` would see in its inbox and whose kind it
  // takes daily, oldest first, at most `limit`.
  Result<std::vector<StoredInboxEntry>> DigestEntries(const DigestRecipient& recipient,
                                                      int64_t after_id, int64_t limit);
  // How many entries DigestEntries would give without a limit, and the last one's id (0: none).
  Result<DigestCount> CountDigestEntries(const DigestRecipient& recipient, int64_t after_id);
  // Records the digest of `user_id` sent on `day` up to entry `last_entry_id`, unless one was
  // recorded for `day` already (by another node): then false and nothing changes.
  Result<bool> ClaimDigest(int64_t user_id, int64_t org_id, int64_t last_entry_id,
                           const std::string& day);

  // Adds `mail` to the outbox (its id, sent_at, attempts and last_error ignored; not_before
  // as given, normally created_at). Returns its id.
  Result<int64_t> EnqueueMail(const StoredMail& mail);
  // Claims up to `limit` unsent mails with fewer than `max_attempts` attempts whose
  // not_before is at or before `now`, oldest first: each gets one more attempt and
  // not_before = `lease_until`, so no other sender claims it before then. A mail another
  // sender claimed meanwhile is skipped. Commit before sending, so the claim holds.
  Result<std::vector<StoredMail>> ClaimMail(const std::string& now, const std::string& lease_until,
                                            int64_t max_attempts, int64_t limit);
  Status MarkMailSent(int64_t id, const std::string& at);
  // Records why sending failed; the mail is tried again from `retry_at`.
  Status MarkMailFailed(int64_t id, const std::string& error, const std::string& retry_at);
  // Every mail of `org_id`, oldest first (operators and tests).
  Result<std::vector<StoredMail>> ListMail(int64_t org_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
