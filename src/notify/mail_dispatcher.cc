#include "notify/mail_dispatcher.h"

#include <algorithm>

#include "notify/mail_message.h"
#include "store/inbox_repository.h"

namespace hoshitori::notify {
namespace {

// The domain of `address` (after its '@'), for Message-IDs.
std::string DomainOf(const std::string& address) {
  const size_t at = address.find('@');
  return at == std::string::npos ? std::string("hoshitori.invalid") : address.substr(at + 1);
}

std::string WithoutTrailingSlash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

int64_t RetryDelaySeconds(int64_t attempts) {
  const int64_t shift = std::clamp<int64_t>(attempts - 1, 0, 6);
  return std::min<int64_t>(int64_t{60} << shift, 3600);
}

Result<DispatchCounts> MailDispatcher::DrainOnce() {
  std::vector<StoredMail> claimed;
  {
    Transaction transaction(store_);
    if (!transaction.begun()) return transaction.begun().error();
    auto got = InboxRepository(store_.Sql())
                   .ClaimMail(clock_.UtcNow(), clock_.UtcNow(options_.lease_seconds),
                              options_.max_attempts, options_.batch);
    if (!got) return got.error();
    if (Status committed = transaction.Commit(); !committed) return committed.error();
    claimed = std::move(got).value();
  }
  DispatchCounts counts;
  const std::string base = WithoutTrailingSlash(options_.public_url);
  for (const StoredMail& mail : claimed) {
    MailMessage message;
    message.from = transport_.from();
    message.to = mail.to_address;
    message.subject = mail.subject;
    message.body = ComposeNotificationText(mail.body, base + mail.link, base + "/inbox/settings");
    message.message_id = "hoshitori-mail-" + std::to_string(mail.id) + "@" + DomainOf(message.from);
    message.date = clock_.Now();
    Status sent = [&]() -> Status {
      Result<std::string> bytes = BuildMailMessage(message);
      if (!bytes) return bytes.error();
      return transport_.Send(mail.to_address, *bytes);
    }();
    Transaction transaction(store_);
    if (!transaction.begun()) return transaction.begun().error();
    InboxRepository repository(store_.Sql());
    Status marked =
        sent ? repository.MarkMailSent(mail.id, clock_.UtcNow())
             : repository.MarkMailFailed(mail.id, sent.error().message,
                                         clock_.UtcNow(RetryDelaySeconds(mail.attempts)));
    if (!marked) return marked.error();
    if (Status committed = transaction.Commit(); !committed) return committed.error();
    ++(sent ? counts.sent : counts.failed);
  }
  return counts;
}

}  // namespace hoshitori::notify
