#include "notify/mail_message.h"

#include <array>
#include <cstdio>
#include <ctime>

#include "core/utf8.h"

namespace hoshitori::notify {
namespace {

constexpr size_t kMaxLine = 76;
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";
constexpr size_t kMaxEncodedWord = 75;  // RFC 2047 §2

bool IsPrintableAscii(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool HasLineBreak(std::string_view text) {
  return text.find('\r') != std::string_view::npos || text.find('\n') != std::string_view::npos;
}

// The length of the UTF-8 sequence that starts with byte `lead` (1 for a stray byte, which
// valid input does not have).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// The most input bytes whose base64 fits in `chars` characters.
size_t BytesFitting(size_t chars) { return chars / 4 * 3; }

Error InvalidMail(const std::string& ja, const std::string& en) {
  return MakeError(ErrorKind::kInvalid, "Invalid e-mail / メールが不正です", ja + " / " + en);
}

}  // namespace

bool IsPlainMailAddress(std::string_view address) {
  if (address.empty() || address.size() > kMaxAddressBytes) return false;
  const size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  for (char c : address) {
    if (c <= 0x20 || c >= 0x7f) return false;
    if (std::string_view("\"<>(),;:\\[]").find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::string Base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (const size_t rest = bytes.size() - i; rest > 0) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string EncodeUnstructuredHeader(std::string_view name, std::string_view value) {
  std::string out = std::string(name) + ": ";
  if (IsPrintableAscii(value) && out.size() + value.size() <= kMaxLine) {
    return out + std::string(value);
  }
  // Encoded-words separated by folding whitespace, which a decoder drops between two
  // encoded-words, so the split is invisible. The first word shares its line with the name.
  const size_t overhead = kWordStart.size() + kWordEnd.size();
  size_t line_used = out.size();
  size_t at = 0;
  bool first = true;
  while (at < value.size() || first) {
    const size_t room_on_line = kMaxLine - (first ? line_used : 1);
    const size_t word_room = std::min(room_on_line, kMaxEncodedWord) - overhead;
    const size_t budget = BytesFitting(word_room);
    size_t end = at;
    while (end < value.size()) {
      const size_t next = end + SequenceLength(static_cast<unsigned char>(value[end]));
      if (next - at > budget) break;
      end = next;
    }
    if (end == at && at < value.size()) {  // cannot happen with budget >= 4; keeps progress
      end = at + SequenceLength(static_cast<unsigned char>(value[at]));
    }
    if (!first) out += "\r\n ";
    out += kWordStart;
    out += Base64Encode(value.substr(at, end - at));
    out += kWordEnd;
    at = end;
    first = false;
  }
  return out;
}

std::string FormatMailDate(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

Result<std::string> BuildMailMessage(const MailMessage& message) {
  if (!IsPlainMailAddress(message.from)) {
    return InvalidMail("差出人のアドレスが不正です: " + message.from.substr(0, 80),
                       "from: not a plain address: " + message.from.substr(0, 80));
  }
  if (!IsPlainMailAddress(message.to)) {
    return InvalidMail("宛先のアドレスが不正です: " + message.to.substr(0, 80),
                       "to: not a plain address: " + message.to.substr(0, 80));
  }
  if (message.subject.size() > kMaxSubjectBytes || !IsValidUtf8(message.subject) ||
      HasLineBreak(message.subject)) {
    return InvalidMail("件名が長すぎるか、改行を含むか、UTF-8 ではありません",
                       "subject: too long, not one line, or not UTF-8");
  }
  if (message.body.size() > kMaxBodyBytes || !IsValidUtf8(message.body)) {
    return InvalidMail(
        "本文が長すぎるか UTF-8 ではありません",
        "body: longer than " + std::to_string(kMaxBodyBytes) + " bytes or not UTF-8");
  }
  if (message.message_id.empty() || !IsPlainMailAddress(message.message_id)) {
    return InvalidMail("Message-ID が不正です", "message_id: not of the form left@right");
  }
  // text/plain in canonical form: CRLF line ends.
  std::string text;
  text.reserve(message.body.size() + message.body.size() / 40);
  for (size_t i = 0; i < message.body.size(); ++i) {
    const char c = message.body[i];
    if (c == '\r') {
      if (i + 1 < message.body.size() && message.body[i + 1] == '\n') ++i;
      text += "\r\n";
    } else if (c == '\n') {
      text += "\r\n";
    } else {
      text += c;
    }
  }
  std::string out;
  out += "Date: " + FormatMailDate(message.date) + "\r\n";
  out += "From: Hoshitori <" + message.from + ">\r\n";
  out += "To: <" + message.to + ">\r\n";
  out += "Message-ID: <" + message.message_id + ">\r\n";
  out += EncodeUnstructuredHeader("Subject", message.subject) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "\r\n";
  const std::string encoded = Base64Encode(text);
  for (size_t at = 0; at < encoded.size(); at += kMaxLine) {
    out += encoded.substr(at, kMaxLine);
    out += "\r\n";
  }
  return out;
}

std::string ComposeNotificationText(std::string_view body, std::string_view link_url,
                                    std::string_view settings_url) {
  std::string out(body);
  out += "\n\n開く / Open: ";
  out += link_url;
  out +=
      "\n\n-- \nHoshitori からの自動送信です。この種類のメールを止めるには / This message was "
      "sent automatically by Hoshitori. To stop e-mails of this kind: ";
  out += settings_url;
  out += "\n";
  return out;
}

}  // namespace hoshitori::notify
