// The message builder (RFC 5322 / RFC 2047), the templates, and the SMTP sender against a
// real SMTP server on loopback whose Python email package reads what was sent.
#include "notify/mail_message.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/utf8.h"
#include "notify/notification.h"
#include "notify/smtp_sender.h"
#include "smtp_sink.h"

namespace hoshitori::notify {
namespace {

using testing_support::SmtpSink;

std::string Base64Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else
      continue;  // '=' and line breaks
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t end = text.find("\r\n", at);
    lines.push_back(text.substr(at, end == std::string::npos ? std::string::npos : end - at));
    if (end == std::string::npos) break;
    at = end + 2;
  }
  return lines;
}

// The text of an unstructured header made of encoded-words, decoded by hand (RFC 2047 §6.2:
// whitespace between encoded-words is dropped).
std::string DecodeWords(const std::string& header, std::vector<std::string>* words = nullptr) {
  std::string out;
  size_t at = 0;
  while ((at = header.find("=?UTF-8?B?", at)) != std::string::npos) {
    const size_t end = header.find("?=", at + 10);
    if (words) words->push_back(header.substr(at, end + 2 - at));
    out += Base64Decode(header.substr(at + 10, end - at - 10));
    at = end + 2;
  }
  return out;
}

TEST(MailMessage, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(MailMessage, ShortAsciiSubjectStaysPlain) {
  EXPECT_EQ(EncodeUnstructuredHeader("Subject", "Request received"), "Subject: Request received");
}

// Hand-checked: "テスト" is E3 83 86 E3 82 B9 E3 83 88 in UTF-8, "44OG44K544OI" in base64.
TEST(MailMessage, JapaneseSubjectIsOneEncodedWord) {
  EXPECT_EQ(EncodeUnstructuredHeader("Subject", "テスト"), "Subject: =?UTF-8?B?44OG44K544OI?=");
}

TEST(MailMessage, LongJapaneseSubjectIsFoldedAtCharacterBoundaries) {
  const std::string subject =
      "[Hoshitori] 株式会社サンプル部品製作所 から評価の依頼が届きました / Sample Parts "
      "Manufacturing Co., Ltd. requests an assessment from you — 期限は来月末です";
  const std::string header = EncodeUnstructuredHeader("Subject", subject);
  std::vector<std::string> words;
  EXPECT_EQ(DecodeWords(header, &words), subject);
  ASSERT_GT(words.size(), 3u);
  for (const std::string& line : Lines(header)) EXPECT_LE(line.size(), 76u) << line;
  for (const std::string& word : words) {
    EXPECT_LE(word.size(), 75u);
    // Each word holds whole characters (RFC 2047 §5).
    EXPECT_TRUE(IsValidUtf8(Base64Decode(word.substr(10, word.size() - 12)))) << word;
  }
  // Continuation lines start with folding whitespace.
  const auto lines = Lines(header);
  for (size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(lines[i][0], ' ');
}

MailMessage Sample() {
  MailMessage message;
  message.from = "noreply@hoshitori.test";
  message.to = "buyer@example.jp";
  message.subject = "[Hoshitori] 評価の依頼 / Request";
  message.body = "本文です。\nSecond line.\n";
  message.message_id = "hoshitori-mail-7@hoshitori.test";
  message.date = std::chrono::sys_days(std::chrono::year(2026) / 12 / 6) + std::chrono::hours(3);
  return message;
}

TEST(MailMessage, BuildsHeadersAndBase64Body) {
  const Result<std::string> built = BuildMailMessage(Sample());
  ASSERT_TRUE(built.ok()) << built.error().message;
  const std::string& text = *built;
  EXPECT_NE(text.find("Date: Sun, 06 Dec 2026 03:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(text.find("From: Hoshitori <noreply@hoshitori.test>\r\n"), std::string::npos);
  EXPECT_NE(text.find("To: <buyer@example.jp>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <hoshitori-mail-7@hoshitori.test>\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Transfer-Encoding: base64\r\n"), std::string::npos);
  const size_t body_at = text.find("\r\n\r\n");
  ASSERT_NE(body_at, std::string::npos);
  EXPECT_EQ(Base64Decode(text.substr(body_at + 4)), "本文です。\r\nSecond line.\r\n");
  for (const std::string& line : Lines(text)) EXPECT_LE(line.size(), 76u);
}

TEST(MailMessage, RefusesHeaderInjectionAndBadAddresses) {
  MailMessage message = Sample();
  message.subject = "hello\r\nBcc: victim@example.jp";
  EXPECT_FALSE(BuildMailMessage(message).ok());
  message = Sample();
  message.to = "a@b.jp\r\nBcc: c@d.jp";
  EXPECT_FALSE(BuildMailMessage(message).ok());
  message = Sample();
  message.to = "Name <a@b.jp>";
  EXPECT_FALSE(BuildMailMessage(message).ok());
  message = Sample();
  message.body = std::string("\xff\xfe", 2);
  EXPECT_FALSE(BuildMailMessage(message).ok());
  EXPECT_FALSE(IsPlainMailAddress("no-at-sign"));
  EXPECT_FALSE(IsPlainMailAddress("two@@signs"));
  EXPECT_FALSE(IsPlainMailAddress("@example.jp"));
  EXPECT_TRUE(IsPlainMailAddress("first.last+tag@example.co.jp"));
}

Notification RequestReceived() {
  Notification n;
  n.kind = NotificationKind::kRequestReceived;
  n.recipient_org_id = 3;
  n.dedupe_key = "request:1";
  n.link = "/shares";
  n.params = {{"buyer", "株式会社買い手"},
              {"framework_ja", "共通管理策"},
              {"framework_en", "Common controls"},
              {"level", "★3"},
              {"deadline", ""}};
  return n;
}

TEST(Notification, RendersBothLanguagesWithPerLanguageParameters) {
  const auto rendered = Render(RequestReceived());
  ASSERT_TRUE(rendered.ok()) << rendered.error().message;
  EXPECT_EQ(rendered->title_ja, "株式会社買い手 から評価の依頼が届きました");
  EXPECT_NE(rendered->body_ja.find("共通管理策"), std::string::npos);
  EXPECT_NE(rendered->body_en.find("Common controls"), std::string::npos);
  EXPECT_EQ(rendered->body_en.find("共通管理策"), std::string::npos);
  EXPECT_NE(rendered->body_ja.find("期限: —"), std::string::npos);  // empty shows as a dash
  for (const std::string* text :
       {&rendered->title_ja, &rendered->title_en, &rendered->body_ja, &rendered->body_en}) {
    EXPECT_EQ(text->find('{'), std::string::npos) << *text;  // every slot filled
  }
}

TEST(Notification, EveryKindRendersWithItsParametersAndNamesRoundTrip) {
  for (NotificationKind kind : AllNotificationKinds()) {
    const std::string name(NotificationKindName(kind));
    EXPECT_EQ(ParseNotificationKind(name), kind);
    Notification n;
    n.kind = kind;
    n.recipient_org_id = 1;
    n.dedupe_key = "k";
    n.link = "/x";
    EXPECT_FALSE(Validate(n).ok()) << name << " needs parameters";
    // Every kind's parameters are among one group's names (all of them at once would pass
    // kMaxParams): the kinds of issue 15 and 17, and the incident deadline of issue 16.
    const std::vector<std::vector<const char*>> groups = {
        {"buyer", "framework", "level", "deadline", "supplier", "assessment", "valid_until",
         "assessor", "product", "version", "component", "advisory", "vex_status", "summary"},
        {"report", "duty", "due", "state", "contacts", "group", "owner"}};
    bool filled = false;
    for (const auto& group : groups) {
      n.params.clear();
      for (const char* p : group) n.params[p] = std::string("v-") + p;
      filled = Validate(n).ok();
      if (filled) break;
    }
    ASSERT_TRUE(filled) << name << ": no group names all its parameters";
    const auto rendered = Render(n);
    ASSERT_TRUE(rendered.ok()) << name << ": " << rendered.error().message;
    for (const std::string* text :
         {&rendered->title_ja, &rendered->title_en, &rendered->body_ja, &rendered->body_en}) {
      EXPECT_EQ(text->find('{'), std::string::npos) << name << ": " << *text;
      EXPECT_FALSE(text->empty());
    }
    EXPECT_FALSE(NotificationKindLabelJa(kind).empty());
  }
  EXPECT_FALSE(ParseNotificationKind("nope").has_value());
}

TEST(Notification, ValidateRefusesWhatAnEmailOrPageCouldNotCarry) {
  Notification n = RequestReceived();
  EXPECT_TRUE(Validate(n).ok());
  n.link = "//evil.example/x";
  EXPECT_FALSE(Validate(n).ok());
  n.link = "https://evil.example/";
  EXPECT_FALSE(Validate(n).ok());
  n = RequestReceived();
  n.dedupe_key = "";
  EXPECT_FALSE(Validate(n).ok());
  n = RequestReceived();
  n.params["buyer"] = std::string(kMaxParamValueBytes + 1, 'x');
  EXPECT_FALSE(Validate(n).ok());
  n = RequestReceived();
  n.recipient_org_id = 0;
  EXPECT_FALSE(Validate(n).ok());
  // A line break in a value never reaches a title (titles become Subjects).
  n = RequestReceived();
  n.params["buyer"] = "A\r\nBcc: x@y.jp";
  const auto rendered = Render(n);
  ASSERT_TRUE(rendered.ok());
  EXPECT_EQ(rendered->title_ja.find('\n'), std::string::npos);
  EXPECT_EQ(rendered->title_ja.find('\r'), std::string::npos);
}

class SmtpSenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!SmtpSink::Available())
      GTEST_SKIP() << "python3-aiosmtpd is not installed (scripts/setup.sh)";
    dir_ = std::filesystem::temp_directory_path() /
           ("hoshitori-smtp-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    sink_ = std::make_unique<SmtpSink>(dir_);
    ASSERT_GT(sink_->port(), 0) << "the SMTP sink did not start";
  }
  void TearDown() override {
    sink_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<SmtpSink> sink_;
};

TEST_F(SmtpSenderTest, DeliversAMessageThatPythonReadsBack) {
  auto sender = SmtpSender::Create({sink_->url(), "noreply@hoshitori.test", "", "", false, 10});
  ASSERT_TRUE(sender.ok()) << sender.error().message;
  MailMessage message = Sample();
  message.subject =
      "[Hoshitori] 株式会社サンプル部品製作所 から評価の依頼が届きました / Sample Parts "
      "requests an assessment from you";
  message.body = ComposeNotificationText(
      "取引先が評価を依頼しています。\n\n----\n\nYour customer asks.",
      "https://hoshitori.test/shares", "https://hoshitori.test/inbox/settings");
  const auto bytes = BuildMailMessage(message);
  ASSERT_TRUE(bytes.ok());
  const Status sent = (*sender)->Send("buyer@example.jp", *bytes);
  ASSERT_TRUE(sent.ok()) << sent.error().message;
  const auto received = sink_->Messages(1);
  ASSERT_EQ(received.size(), 1u);
  const auto& m = received[0];
  EXPECT_EQ(m["mail_from"], "noreply@hoshitori.test");
  EXPECT_EQ(m["rcpt_tos"], nlohmann::json::array({"buyer@example.jp"}));
  EXPECT_EQ(m["subject"], message.subject);  // decoded by Python's email.header
  EXPECT_EQ(m["content_type"], "text/plain");
  EXPECT_EQ(m["charset"], "utf-8");
  EXPECT_EQ(m["headers"]["Message-ID"], "<hoshitori-mail-7@hoshitori.test>");
  const std::string body = m["body"];
  EXPECT_NE(body.find("取引先が評価を依頼しています。"), std::string::npos);
  EXPECT_NE(body.find("https://hoshitori.test/shares"), std::string::npos);
  // The raw Subject is all ASCII encoded-words (no 8-bit header bytes on the wire).
  const std::string raw = sink_->Raw(1);
  const size_t subject_at = raw.find("Subject: =?UTF-8?B?");
  EXPECT_NE(subject_at, std::string::npos);
  for (char c : raw.substr(0, raw.find("\r\n\r\n"))) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
}

TEST_F(SmtpSenderTest, ReportsAnUnreachableServerWithoutTheCredentials) {
  const int port = sink_->port();
  sink_.reset();  // nobody listens on the port any more
  auto sender = SmtpSender::Create({"smtp://127.0.0.1:" + std::to_string(port),
                                    "noreply@hoshitori.test", "user", "s3cret-password", false, 5});
  ASSERT_TRUE(sender.ok());
  const auto bytes = BuildMailMessage(Sample());
  ASSERT_TRUE(bytes.ok());
  const Status sent = (*sender)->Send("buyer@example.jp", *bytes);
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(sent.error().message.find("s3cret-password"), std::string::npos);
}

TEST(SmtpSender, RefusesOtherSchemes) {
  EXPECT_FALSE(SmtpSender::Create({"http://127.0.0.1:25", "a@b.jp", "", "", false, 5}).ok());
  EXPECT_FALSE(
      SmtpSender::Create({"smtp://127.0.0.1:25", "not an address", "", "", false, 5}).ok());
}

}  // namespace
}  // namespace hoshitori::notify
