#include "service/digest_service.h"

#include <algorithm>

#include "notify/mail_message.h"
#include "store/inbox_repository.h"

namespace hoshitori::service {
namespace {

// One digest's text: every entry's titles, oldest first, Japanese then English.
void Compose(const std::vector<StoredInboxEntry>& entries, int64_t more, StoredMail& mail) {
  const std::string count = std::to_string(entries.size() + static_cast<size_t>(more));
  mail.subject = "[Hoshitori] 未読のお知らせ " + count + " 件 / " + count + " unread notifications";
  std::string ja = "前回のまとめ以降に届いた未読のお知らせです。内容は受信箱で確認できます。\n\n";
  std::string en = "Unread notifications since your last digest. Read them in your inbox.\n\n";
  for (const StoredInboxEntry& entry : entries) {
    const std::string day = entry.created_at.substr(0, 10);
    ja += "・" + entry.title_ja + "(" + day + ")\n";
    en += "- " + entry.title_en + " (" + day + ")\n";
  }
  if (more > 0) {
    ja += "ほか " + std::to_string(more) + " 件\n";
    en += "and " + std::to_string(more) + " more\n";
  }
  ja += "\nまとめて受け取る種類は、受信箱の通知設定で変えられます。";
  en += "\nChoose which kinds come in the daily digest in your inbox's notification settings.";
  mail.body = ja + "\n\n----\n\n" + en;
  mail.link = "/inbox";
}

}  // namespace

Result<DigestRun> RunDailyDigests(Context& context, const Date& today) {
  TRY(AllowOperator(context));
  DigestRun run;
  run.today = FormatDate(today);
  TRY_ASSIGN(const std::vector<DigestRecipient> recipients,
             InboxRepository(context.store.Sql()).DigestRecipients());
  for (const DigestRecipient& recipient : recipients) {
    if (recipient.sent_on >= run.today) continue;  // today's digest went already
    if (!notify::IsPlainMailAddress(recipient.email)) continue;
    Result<int> listed = InTransaction(context, [&]() -> Result<int> {
      InboxRepository repository(context.store.Sql());
      // Counted in SQL, listed up to kMaxDigestEntries: a digest never reads more entries
      // than it shows.
      TRY_ASSIGN(const DigestCount count,
                 repository.CountDigestEntries(recipient, recipient.last_entry_id));
      if (count.entries == 0) return 0;
      TRY_ASSIGN(const std::vector<StoredInboxEntry> entries,
                 repository.DigestEntries(recipient, recipient.last_entry_id, kMaxDigestEntries));
      if (entries.empty()) return 0;
      // The claim comes first: when another node sent today's digest meanwhile, it refuses and
      // nothing is queued here. It covers every counted entry, listed or not.
      TRY_ASSIGN(const bool claimed, repository.ClaimDigest(recipient.user_id, recipient.org_id,
                                                            count.last_id, run.today));
      if (!claimed) return 0;
      const int64_t total = std::max(count.entries, static_cast<int64_t>(entries.size()));
      const int64_t more = total - static_cast<int64_t>(entries.size());
      StoredMail mail;
      mail.org_id = recipient.org_id;
      mail.user_id = recipient.user_id;
      mail.inbox_entry_id = count.last_id;
      mail.to_address = recipient.email;
      Compose(entries, more, mail);
      mail.created_at = context.clock.UtcNow();
      mail.not_before = mail.created_at;
      TRY(repository.EnqueueMail(mail));
      return static_cast<int>(total);
    });
    if (!listed) return listed.error();
    if (*listed > 0) {
      ++run.digests;
      run.entries += *listed;
    }
  }
  return run;
}

}  // namespace hoshitori::service
