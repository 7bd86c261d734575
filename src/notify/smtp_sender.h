// SmtpSender: sends one e-mail message over SMTP with libcurl.
//
// `smtp://host:port` speaks plain SMTP (with STARTTLS when `starttls` is set: then a server
// without TLS is refused, never fallen back from); `smtps://host:port` speaks TLS from the
// start. Server certificates are verified. The credentials are given to libcurl only: never
// logged and never part of an error message. One SmtpSender is used by one thread at a time
// (it holds one curl handle, which keeps the connection between sends).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::notify {

struct SmtpConfig {
  std::string url;       // "smtp://127.0.0.1:2525" or "smtps://mail.example.jp:465"
  std::string from;      // envelope sender and From address (addr-spec)
  std::string user;      // empty: no authentication
  std::string password;  // with `user`
  bool starttls = false;
  long timeout_seconds = 30;  // per message, connection included
};

// Where messages go: the SMTP sender, or a test's recorder.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // The envelope sender and From address.
  virtual const std::string& from() const = 0;
  // Delivers `message` (RFC 5322 bytes with CRLF line ends) to `to`. An error's message says
  // what failed (connection, refusal and the server's reply) without any credential.
  virtual Status Send(std::string_view to, std::string_view message) = 0;
};

class SmtpSender : public MailTransport {
 public:
  // kInvalid when the URL is not smtp:// or smtps:// or `from` is not a plain address.
  static Result<std::unique_ptr<SmtpSender>> Create(SmtpConfig config);
  ~SmtpSender() override;
  SmtpSender(const SmtpSender&) = delete;
  SmtpSender& operator=(const SmtpSender&) = delete;

  const std::string& from() const override { return config_.from; }
  Status Send(std::string_view to, std::string_view message) override;

 private:
  explicit SmtpSender(SmtpConfig config);

  SmtpConfig config_;
  void* curl_ = nullptr;  // CURL*, owned
};

}  // namespace hoshitori::notify
