#include "notify/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "notify/mail_message.h"

namespace hoshitori::notify {
namespace {

// The message bytes libcurl reads through CURLOPT_READFUNCTION.
struct Upload {
  std::string_view bytes;
  size_t at = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t room = size * count;
  const size_t n = std::min(room, upload->bytes.size() - upload->at);
  std::memcpy(buffer, upload->bytes.data() + upload->at, n);
  upload->at += n;
  return n;
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Error SendError(const std::string& ja, const std::string& en) {
  return MakeError(ErrorKind::kUnavailable, "E-mail not sent / メールを送れませんでした",
                   ja + " / " + en);
}

}  // namespace

Result<std::unique_ptr<SmtpSender>> SmtpSender::Create(SmtpConfig config) {
  if (config.url.rfind("smtp://", 0) != 0 && config.url.rfind("smtps://", 0) != 0) {
    return MakeError(ErrorKind::kInvalid, "Invalid SMTP URL / SMTP の URL が不正です",
                     "SMTP の URL は smtp:// か smtps:// で始めてください / the SMTP URL must "
                     "start with smtp:// or smtps://");
  }
  if (!IsPlainMailAddress(config.from)) {
    return MakeError(
        ErrorKind::kInvalid, "Invalid sender / 差出人が不正です",
        "差出人のアドレスが不正です: " + config.from + " / not a plain address: " + config.from);
  }
  InitCurlOnce();
  std::unique_ptr<SmtpSender> sender(new SmtpSender(std::move(config)));
  sender->curl_ = curl_easy_init();
  if (!sender->curl_) {
    return SendError("libcurl を初期化できません", "cannot initialise libcurl");
  }
  return sender;
}

SmtpSender::SmtpSender(SmtpConfig config) : config_(std::move(config)) {}

SmtpSender::~SmtpSender() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Status SmtpSender::Send(std::string_view to, std::string_view message) {
  if (!IsPlainMailAddress(to)) {
    return MakeError(ErrorKind::kInvalid, "Invalid recipient / 宛先が不正です",
                     "宛先のアドレスが不正です / not a plain address");
  }
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  char error_text[CURL_ERROR_SIZE] = {0};
  const std::string recipient = "<" + std::string(to) + ">";
  const std::string sender = "<" + config_.from + ">";
  curl_slist* recipients = curl_slist_append(nullptr, recipient.c_str());
  Upload upload{message, 0};
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, sender.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, &ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, config_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min(config_.timeout_seconds, 15L));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 0L);
  if (config_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!config_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  if (code != CURLE_OK) {
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    std::string reason = error_text[0] ? error_text : curl_easy_strerror(code);
    if (reply != 0) reason += " (SMTP " + std::to_string(reply) + ")";
    return SendError("SMTP サーバーへの送信に失敗しました: " + reason,
                     "sending to the SMTP server failed: " + reason);
  }
  return OkStatus();
}

}  // namespace hoshitori::notify
