#include "store/inbox_repository.h"

namespace hoshitori {

namespace {

constexpr const char* kEntryColumns =
    "SELECT id, org_id, user_id, kind, title_ja, title_en, body_ja, body_en, link, dedupe_key, "
    "created_at, read_at FROM inbox_entries ";

// Entries the reader (?1 organisation, ?2 user) sees.
constexpr const char* kVisible = "WHERE org_id = ?1 AND (user_id IS NULL OR user_id = ?2) ";

StoredInboxEntry EntryOf(const SqlRow& r) {
  StoredInboxEntry entry;
  entry.id = r.Int(0);
  entry.org_id = r.Int(1);
  entry.user_id = r.OptionalInt(2);
  entry.kind = r.String(3);
  entry.title_ja = r.String(4);
  entry.title_en = r.String(5);
  entry.body_ja = r.String(6);
  entry.body_en = r.String(7);
  entry.link = r.String(8);
  entry.dedupe_key = r.String(9);
  entry.created_at = r.String(10);
  entry.read_at = r.OptionalText(11);
  return entry;
}

constexpr const char* kMailColumns =
    "SELECT id, org_id, user_id, inbox_entry_id, to_address, subject, body, link, created_at, "
    "not_before, sent_at, attempts, last_error FROM mail_outbox ";

StoredMail MailOf(const SqlRow& r) {
  StoredMail mail;
  mail.id = r.Int(0);
  mail.org_id = r.Int(1);
  mail.user_id = r.Int(2);
  mail.inbox_entry_id = r.Int(3);
  mail.to_address = r.String(4);
  mail.subject = r.String(5);
  mail.body = r.String(6);
  mail.link = r.String(7);
  mail.created_at = r.String(8);
  mail.not_before = r.String(9);
  mail.sent_at = r.OptionalText(10);
  mail.attempts = r.Int(11);
  mail.last_error = r.String(12);
  return mail;
}

// Whether the recipient exists: organisation ?1 and, when ?2 is not NULL, its enabled user ?2.
constexpr const char* kInboxRecipientExists =
    "EXISTS (SELECT 1 FROM organisations WHERE id = CAST(?1 AS BIGINT)) "
    "AND (CAST(?2 AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = CAST(?2 AS BIGINT) "
    "AND org_id = CAST(?1 AS BIGINT) AND disabled_at IS NULL))";
}  // namespace

Result<bool> InboxRepository::RecipientExists(int64_t org_id, std::optional<int64_t> user_id) {
  int64_t found = 0;
  auto ran = session_.Execute("cannot read the recipient",
                              std::string("SELECT CASE WHEN ") + kInboxRecipientExists + " THEN 1 ELSE 0 END",
                              SqlParams(org_id, user_id), [&](const SqlRow& row) { found = row.Int(0); });
  if (!ran) return ran.error();
  return found > 0;
}

Result<std::optional<int64_t>> InboxRepository::Post(const StoredInboxEntry& e) {
  std::optional<int64_t> id;
  // Written only for an existing recipient, in the same statement; SQLite needs the WHERE to
  // read ON CONFLICT as the upsert's.
  static const std::string kPost =
      "INSERT INTO inbox_entries (org_id, user_id, kind, title_ja, title_en, body_ja, body_en, "
      "link, dedupe_key, created_at) "
      "SELECT CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), "
      "CAST(?5 AS TEXT), CAST(?6 AS TEXT), CAST(?7 AS TEXT), CAST(?8 AS TEXT), CAST(?9 AS TEXT), "
      "CAST(?10 AS TEXT) WHERE " +
      std::string(kInboxRecipientExists) + " ON CONFLICT (org_id, dedupe_key) DO NOTHING RETURNING id";
  auto ran = session_.Execute(
      "cannot store the inbox entry", kPost,
      SqlParams(e.org_id, e.user_id, e.kind, e.title_ja, e.title_en, e.body_ja, e.body_en, e.link,
                e.dedupe_key, e.created_at),
      [&](const SqlRow& row) { id = row.Int(0); });
  if (!ran) return ran.error();
  return id;
}

Result<std::vector<StoredInboxEntry>> InboxRepository::List(int64_t org_id, int64_t user_id,
                                                            bool unread_only, int64_t offset,
                                                            int64_t limit) {
  return QueryAll<StoredInboxEntry>(session_, "cannot list the inbox",
                                    std::string(kEntryColumns) + kVisible +
                                        (unread_only ? "AND read_at IS NULL " : "") +
                                        "ORDER BY id DESC LIMIT ?3 OFFSET ?4",
                                    SqlParams(org_id, user_id, limit, offset), EntryOf);
}

Result<int64_t> InboxRepository::Count(int64_t org_id, int64_t user_id, bool unread_only) {
  int64_t count = 0;
  auto ran =
      session_.Execute("cannot count the inbox",
                       std::string("SELECT COUNT(*) FROM inbox_entries ") + kVisible +
                           (unread_only ? "AND read_at IS NULL" : ""),
                       SqlParams(org_id, user_id), [&](const SqlRow& row) { count = row.Int(0); });
  if (!ran) return ran.error();
  return count;
}

Result<std::optional<StoredInboxEntry>> InboxRepository::Get(int64_t org_id, int64_t user_id,
                                                             int64_t id) {
  return QueryFirst<StoredInboxEntry>(session_, "cannot read the inbox entry",
                                      std::string(kEntryColumns) + kVisible + "AND id = ?3",
                                      SqlParams(org_id, user_id, id), EntryOf);
}

Status InboxRepository::MarkRead(int64_t org_id, int64_t id, const std::string& at) {
  return ExecuteStatement(
      session_, "cannot mark the inbox entry read",
      "UPDATE inbox_entries SET read_at = COALESCE(read_at, ?) WHERE org_id = ? AND id = ?",
      SqlParams(at, org_id, id));
}

Result<std::map<std::string, StoredNotificationSetting>> InboxRepository::EmailSettings(
    int64_t user_id) {
  std::map<std::string, StoredNotificationSetting> settings;
  auto ran = session_.Execute(
      "cannot read the notification settings",
      "SELECT kind, email, daily FROM notification_settings WHERE user_id = ?", SqlParams(user_id),
      [&](const SqlRow& row) {
        settings[row.String(0)] = StoredNotificationSetting{row.Int(1) != 0, row.Int(2) != 0};
      });
  if (!ran) return ran.error();
  return settings;
}

Status InboxRepository::SetEmailSetting(int64_t user_id, int64_t org_id, const std::string& kind,
                                        const StoredNotificationSetting& setting) {
  return ExecuteStatement(
      session_, "cannot store the notification setting",
      "INSERT INTO notification_settings (user_id, org_id, kind, email, daily) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email, "
      "daily = excluded.daily, org_id = excluded.org_id",
      SqlParams(user_id, org_id, kind, int64_t{setting.email ? 1 : 0},
                int64_t{setting.daily ? 1 : 0}));
}

Result<std::vector<MailRecipient>> InboxRepository::MailRecipients(int64_t org_id,
                                                                   std::optional<int64_t> user_id,
                                                                   const std::string& kind) {
  return QueryAll<MailRecipient>(
      session_, "cannot read the e-mail recipients",
      "SELECT u.id, u.email FROM users u LEFT JOIN notification_settings s "
      "ON s.user_id = u.id AND s.kind = ?3 "
      "WHERE u.org_id = ?1 AND u.disabled_at IS NULL AND (CAST(?2 AS BIGINT) IS NULL OR u.id = ?2) "
      "AND (s.email IS NULL OR (s.email = 1 AND s.daily = 0)) ORDER BY u.id",
      SqlParams(org_id, user_id, kind), [](const SqlRow& row) {
        return MailRecipient{row.Int(0), row.String(1)};
      });
}

Result<std::vector<DigestRecipient>> InboxRepository::DigestRecipients(
    std::optional<int64_t> user_id) {
  return QueryAll<DigestRecipient>(
      session_, "cannot read the digest recipients",
      "SELECT u.id, u.org_id, u.email, COALESCE(d.last_entry_id, 0), COALESCE(d.sent_on, '') "
      "FROM users u LEFT JOIN mail_digests d ON d.user_id = u.id WHERE u.disabled_at IS NULL "
      "AND (CAST(?1 AS BIGINT) IS NULL OR u.id = ?1) AND EXISTS (SELECT 1 FROM "
      "notification_settings s WHERE s.user_id = u.id AND s.email = 1 AND s.daily = 1) "
      "ORDER BY u.id",
      SqlParams(user_id), [](const SqlRow& row) {
        return DigestRecipient{row.Int(0), row.Int(1), row.String(2), row.Int(3), row.String(4)};
      });
}

namespace {
// The unread entries after ?3 that the recipient (org ?1, user ?2) sees in its inbox and takes
// daily: what a digest lists and counts.
constexpr const char* kDigestEntriesFrom =
    " FROM inbox_entries e JOIN notification_settings s ON s.user_id = ?2 AND s.kind = e.kind "
    "AND s.email = 1 AND s.daily = 1 WHERE e.org_id = ?1 AND (e.user_id IS NULL OR "
    "e.user_id = ?2) AND e.read_at IS NULL AND e.id > ?3";
}  // namespace

Result<std::vector<StoredInboxEntry>> InboxRepository::DigestEntries(
    const DigestRecipient& recipient, int64_t after_id, int64_t limit) {
  return QueryAll<StoredInboxEntry>(
      session_, "cannot read the entries of the digest",
      std::string("SELECT e.id, e.org_id, e.user_id, e.kind, e.title_ja, e.title_en, e.body_ja, "
                  "e.body_en, e.link, e.dedupe_key, e.created_at, e.read_at") +
          kDigestEntriesFrom + " ORDER BY e.id LIMIT ?4",
      SqlParams(recipient.org_id, recipient.user_id, after_id, limit), EntryOf);
}

Result<DigestCount> InboxRepository::CountDigestEntries(const DigestRecipient& recipient,
                                                        int64_t after_id) {
  DigestCount count;
  auto ran = session_.Execute(
      "cannot count the entries of the digest",
      std::string("SELECT COUNT(*), COALESCE(MAX(e.id), 0)") + kDigestEntriesFrom,
      SqlParams(recipient.org_id, recipient.user_id, after_id), [&](const SqlRow& row) {
        count.entries = row.Int(0);
        count.last_id = row.Int(1);
      });
  if (!ran) return ran.error();
  return count;
}

Result<bool> InboxRepository::ClaimDigest(int64_t user_id, int64_t org_id, int64_t last_entry_id,
                                          const std::string& day) {
  auto changed = session_.Execute(
      "cannot record the digest",
      "INSERT INTO mail_digests (user_id, org_id, last_entry_id, sent_on) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (user_id) DO UPDATE SET org_id = excluded.org_id, "
      "last_entry_id = excluded.last_entry_id, sent_on = excluded.sent_on "
      "WHERE mail_digests.sent_on < excluded.sent_on",
      SqlParams(user_id, org_id, last_entry_id, day));
  if (!changed) return changed.error();
  return *changed == 1;
}

Result<int64_t> InboxRepository::EnqueueMail(const StoredMail& m) {
  return InsertReturningId(
      session_, "cannot queue the e-mail",
      "INSERT INTO mail_outbox (org_id, user_id, inbox_entry_id, to_address, subject, body, link, "
      "created_at, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      SqlParams(m.org_id, m.user_id, m.inbox_entry_id, m.to_address, m.subject, m.body, m.link,
                m.created_at, m.not_before));
}

Result<std::vector<StoredMail>> InboxRepository::ClaimMail(const std::string& now,
                                                           const std::string& lease_until,
                                                           int64_t max_attempts, int64_t limit) {
  auto candidates = QueryAll<StoredMail>(
      session_, "cannot read the outbox",
      std::string(kMailColumns) +
          "WHERE sent_at IS NULL AND attempts < ? AND not_before <= ? ORDER BY id LIMIT ?",
      SqlParams(max_attempts, now, limit), MailOf);
  if (!candidates) return candidates.error();
  std::vector<StoredMail> claimed;
  for (StoredMail& mail : *candidates) {
    // Compare and set: only the sender that still sees the row as read claims it.
    auto changed = session_.Execute(
        "cannot claim the e-mail",
        "UPDATE mail_outbox SET attempts = attempts + 1, not_before = ? WHERE id = ? AND "
        "sent_at IS NULL AND attempts = ? AND not_before = ?",
        SqlParams(lease_until, mail.id, mail.attempts, mail.not_before));
    if (!changed) return changed.error();
    if (*changed != 1) continue;
    ++mail.attempts;
    mail.not_before = lease_until;
    claimed.push_back(std::move(mail));
  }
  return claimed;
}

Status InboxRepository::MarkMailSent(int64_t id, const std::string& at) {
  return ExecuteStatement(session_, "cannot mark the e-mail sent",
                          "UPDATE mail_outbox SET sent_at = ?, last_error = '' WHERE id = ?",
                          SqlParams(at, id));
}

Status InboxRepository::MarkMailFailed(int64_t id, const std::string& error,
                                       const std::string& retry_at) {
  return ExecuteStatement(
      session_, "cannot record the e-mail's failure",
      "UPDATE mail_outbox SET last_error = ?, not_before = ? WHERE id = ? AND sent_at IS NULL",
      SqlParams(error.substr(0, 1000), retry_at, id));
}

Result<std::vector<StoredMail>> InboxRepository::ListMail(int64_t org_id) {
  return QueryAll<StoredMail>(session_, "cannot list the outbox",
                              std::string(kMailColumns) + "WHERE org_id = ? ORDER BY id",
                              SqlParams(org_id), MailOf);
}

}  // namespace hoshitori
