#include "notify/mail_sender_loop.h"

#include <iostream>

namespace hoshitori::notify {

Result<std::unique_ptr<MailSenderLoop>> MailSenderLoop::Start(const std::string& db_url,
                                                              SmtpConfig smtp,
                                                              DispatchOptions options,
                                                              const Clock& clock,
                                                              std::chrono::milliseconds interval) {
  std::unique_ptr<MailSenderLoop> loop(new MailSenderLoop());
  auto sender = SmtpSender::Create(std::move(smtp));
  if (!sender) return sender.error();
  auto store = Store::Open(db_url);
  if (!store) return store.error();
  loop->sender_ = std::move(sender).value();
  loop->store_ = std::move(store).value();
  loop->dispatcher_ =
      std::make_unique<MailDispatcher>(*loop->store_, clock, *loop->sender_, std::move(options));
  loop->thread_ = std::thread([raw = loop.get(), interval] { raw->Run(interval); });
  return loop;
}

MailSenderLoop::~MailSenderLoop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailSenderLoop::Run(std::chrono::milliseconds interval) {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    // Drain while whole batches come back, then wait.
    bool more = true;
    while (more) {
      Result<DispatchCounts> counts = dispatcher_->DrainOnce();
      if (!counts) {
        std::cerr << "mail: the outbox could not be drained: " << counts.error().message
                  << std::endl;
        break;
      }
      if (counts->failed > 0) {
        std::cerr << "mail: " << counts->failed << " e-mail(s) failed; retried later" << std::endl;
      }
      more = counts->sent > 0 && counts->failed == 0;
      std::lock_guard check(mutex_);
      if (stopping_) more = false;
    }
    lock.lock();
    wake_.wait_for(lock, interval, [this] { return stopping_; });
  }
}

}  // namespace hoshitori::notify
