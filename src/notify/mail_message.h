// MailMessage: an e-mail as RFC 5322 text, ready for SMTP (notify/smtp_sender.h).
//
// The body is UTF-8 plain text sent as `Content-Type: text/plain; charset=UTF-8` with
// `Content-Transfer-Encoding: base64` (so no line or byte of it can be taken for SMTP
// syntax); the Subject is written as RFC 2047 encoded-words ("=?UTF-8?B?...?=") whenever it
// is not short printable ASCII, split at character boundaries and folded so that no header
// line exceeds 76 characters. Addresses are plain ASCII addr-specs (no SMTPUTF8). Pure
// functions; thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/result.h"

namespace hoshitori::notify {

// Bounds BuildMailMessage enforces.
inline constexpr size_t kMaxSubjectBytes = 2000;
inline constexpr size_t kMaxBodyBytes = 256 * 1024;
inline constexpr size_t kMaxAddressBytes = 254;  // RFC 5321's path limit less the brackets

struct MailMessage {
  std::string from;        // addr-spec, e.g. "noreply@example.jp" (shown as "Hoshitori <...>")
  std::string to;          // addr-spec
  std::string subject;     // UTF-8, one line
  std::string body;        // UTF-8 text; "\n" or "\r\n" line ends
  std::string message_id;  // without the angle brackets, e.g. "outbox-12@example.jp"
  std::chrono::system_clock::time_point date;
};

// Whether `address` is an ASCII addr-spec "local@domain" this sender accepts: 1..254
// printable ASCII characters, exactly one '@' with something on both sides, no spaces,
// quotes, angle brackets, commas, semicolons, backslashes or control characters.
bool IsPlainMailAddress(std::string_view address);

// The message's bytes with CRLF line ends: headers Date, From, To, Message-ID, Subject,
// MIME-Version, Content-Type, Content-Transfer-Encoding, Auto-Submitted, then the base64
// body in lines of 76. kInvalid naming the field when an address is not plain, the subject
// or body is not UTF-8 or exceeds its bound, or the subject or message id holds a line break.
Result<std::string> BuildMailMessage(const MailMessage& message);

// "Name: value" for an unstructured header (RFC 5322 §2.2.1), folded with CRLF + space:
// `value` as it is when it is printable ASCII and the line fits in 76 characters, otherwise
// as base64 encoded-words of at most 75 characters, each holding whole UTF-8 characters.
// `value` must be valid UTF-8 without line breaks. No trailing CRLF.
std::string EncodeUnstructuredHeader(std::string_view name, std::string_view value);

// RFC 4648 base64 of `bytes` (with padding, no line breaks).
std::string Base64Encode(std::string_view bytes);

// `time` as an RFC 5322 date-time in UTC: "Sun, 06 Dec 2026 12:31:27 +0000".
std::string FormatMailDate(std::chrono::system_clock::time_point time);

// The text of a notification e-mail: `body`, a blank line, "開く / Open: " + `link_url`,
// and a footer pointing at `settings_url` where the reader can stop e-mails of this kind.
std::string ComposeNotificationText(std::string_view body, std::string_view link_url,
                                    std::string_view settings_url);

}  // namespace hoshitori::notify
