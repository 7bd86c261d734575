// MailSenderLoop: a thread that drains the outbox (notify/mail_dispatcher.h) every few
// seconds while the server runs (`hoshitori serve --smtp-url ...`). It holds its own store
// connection and its own SMTP connection. A round that fails (store or server down) is
// logged to standard error, without any credential, and the next round tries again.
//
// Thread-safe to construct and destroy; the loop runs on its own thread only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "notify/mail_dispatcher.h"
#include "notify/smtp_sender.h"
#include "store/store.h"

namespace hoshitori::notify {

class MailSenderLoop {
 public:
  // Opens the store at `db_url` and the SMTP sender of `smtp`, then starts the thread.
  // kInvalid as SmtpSender::Create; the store's error when it cannot be opened. `clock` must
  // outlive the loop.
  static Result<std::unique_ptr<MailSenderLoop>> Start(const std::string& db_url, SmtpConfig smtp,
                                                       DispatchOptions options, const Clock& clock,
                                                       std::chrono::milliseconds interval);
  // Stops the thread after the round in progress (if any).
  ~MailSenderLoop();
  MailSenderLoop(const MailSenderLoop&) = delete;
  MailSenderLoop& operator=(const MailSenderLoop&) = delete;

 private:
  MailSenderLoop() = default;
  void Run(std::chrono::milliseconds interval);

  std::unique_ptr<Store> store_;
  std::unique_ptr<SmtpSender> sender_;
  std::unique_ptr<MailDispatcher> dispatcher_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hoshitori::notify
