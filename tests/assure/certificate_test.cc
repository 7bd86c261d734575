// Certificate PDFs: every fact of the attestation is on the page in Japanese and English (read
// back with poppler's pdftotext), the QR code decodes to the verification URL (zbarimg), the page
// is one A4 sheet even for the longest values, and input outside the bounds is refused.
#include "assure/certificate.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace hoshitori::assure {
namespace {

constexpr int64_t kIssued = 1796083200;  // 2026-12-01T00:00:00Z
constexpr int64_t kDay = 86400;
constexpr char kUrl[] = "https://hoshitori.example.jp/verify/att-2026-000123";

CertificateFacts Facts() {
  CertificateFacts facts;
  AttestationClaims& claims = facts.claims;
  claims.issuer = "https://hoshitori.example.jp";
  claims.subject = "8700110005901";
  claims.name = "星取部品株式会社";
  claims.level = 3;
  claims.framework = "hub";
  claims.catalog_digest = "5f2c" + std::string(60, '7');
  claims.scope = "本社および第二工場の情報システム";
  claims.kind = AttestationKind::kExpertConfirmed;
  claims.assessor = Assessor{"山田 花子", "RISS-012345"};
  claims.issued_at = kIssued;
  claims.not_before = kIssued;
  claims.expires_at = kIssued + 365 * kDay;
  claims.evidence_digest = *EvidenceDigest({});
  claims.status = {"https://hoshitori.example.jp/status/1", 42};
  claims.id = "att-2026-000123";
  facts.verification_url = kUrl;
  facts.issuer_name = "星取 運営事務局";
  return facts;
}

// A scratch directory removed with its contents at the end of the test.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "certificate-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDirectory() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Standard output of `command` (run by /bin/sh); `status` receives its exit status.
std::string RunCommand(const std::string& command, int* status = nullptr) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int result = pclose(pipe);
  if (status) *status = WIFEXITED(result) ? WEXITSTATUS(result) : -1;
  return output;
}

bool HasProgram(const std::string& name) {
  int status = 0;
  RunCommand("command -v " + name + " >/dev/null 2>&1", &status);
  return status == 0;
}

struct Rendered {
  std::string text;  // pdftotext's reading of the page
  std::string info;  // pdfinfo's report
};

Rendered RenderAndRead(const CertificateFacts& facts, const ScratchDirectory& scratch) {
  auto pdf = RenderCertificatePdf(facts);
  EXPECT_TRUE(pdf.ok()) << pdf.error().message;
  if (!pdf.ok()) return {};
  const std::string path = scratch.File("certificate.pdf");
  std::ofstream(path, std::ios::binary) << *pdf;
  return {RunCommand("pdftotext -enc UTF-8 '" + path + "' -"),
          "\n" + RunCommand("pdfinfo '" + path + "'")};
}

// The value of `field` in pdfinfo's report ("Pages" -> "1").
std::string InfoField(const std::string& info, const std::string& field) {
  const size_t at = info.find("\n" + field + ":");
  if (at == std::string::npos) return "";
  const size_t start = info.find_first_not_of(' ', at + field.size() + 2);
  return info.substr(start, info.find('\n', start) - start);
}

void ExpectAll(const std::string& text, const std::vector<std::string>& wanted) {
  for (const std::string& word : wanted) {
    EXPECT_NE(text.find(word), std::string::npos) << "missing: " << word << "\nin:\n" << text;
  }
}

TEST(Certificate, EveryFactIsOnOneA4PageInJapaneseAndEnglish) {
  ScratchDirectory scratch;
  const Rendered page = RenderAndRead(Facts(), scratch);
  EXPECT_EQ(InfoField(page.info, "Pages"), "1") << page.info;
  EXPECT_EQ(InfoField(page.info, "Page size"), "595.28 x 841.89 pts (A4)") << page.info;
  EXPECT_EQ(InfoField(page.info, "Creator"), "Hoshitori") << page.info;
  EXPECT_EQ(InfoField(page.info, "CreationDate"), "Tue Dec  1 00:00:00 2026 UTC") << page.info;
  ExpectAll(page.text, {
                           // title and the organisation
                           "セキュリティ評価 証明書",
                           "Security Assessment Certificate",
                           "組織名 / Organisation",
                           "星取部品株式会社",
                           "法人番号 / Corporate number",
                           "8700110005901",
                           // level and kind, in words
                           "レベル / Level",
                           "★3",
                           "評価の種別",
                           "Kind of assessment",
                           "専門家による確認",
                           "Confirmed by a qualified expert",
                           // framework, catalog digest and scope
                           "評価基準",
                           "Framework",
                           "hub",
                           "カタログの SHA-256",
                           "Catalog SHA-256",
                           "5f2c" + std::string(60, '7'),
                           "対象範囲",
                           "Scope",
                           "本社および第二工場の情報システム",
                           // assessor and accreditation number
                           "確認者",
                           "Confirmed by",
                           "山田 花子",
                           "認定・登録番号",
                           "Accreditation no.",
                           "RISS-012345",
                           // dates, Japan time and UTC
                           "発行日",
                           "Issued",
                           "2026年12月1日 09:00",
                           "2026-12-01 00:00 UTC",
                           "有効期間",
                           "Valid",
                           "2027年12月1日 09:00",
                           "2027-12-01 00:00 UTC",
                           // id, issuer, verification
                           "証明書 ID",
                           "Attestation ID",
                           "att-2026-000123",
                           "発行者",
                           "Issuer",
                           "星取 運営事務局",
                           "https://hoshitori.example.jp",
                           "検証ページ / Verification page",
                           kUrl,
                           "現在の状態",
                           "current status",
                       });
}

// cairo 1.16 alone embeds Noto Sans CJK's subroutines whole for many character sequences
// (about 0.9 MB a page); the font cut down per page keeps it small. The cut-down font's file
// is gone once the call returns.
TEST(Certificate, PageEmbedsOnlyItsOwnCharactersAndLeavesNoFile) {
  const auto pdf = RenderCertificatePdf(Facts());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_LT(pdf->size(), 150u * 1024) << "the embedded font was not cut down";
  const std::string prefix = "hoshitori-certificate-font-" + std::to_string(getpid()) + "-";
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    EXPECT_NE(entry.path().filename().string().rfind(prefix, 0), 0u) << entry.path();
  }
}

TEST(Certificate, KindAndAssessorAreWordedForEachKind) {
  ScratchDirectory scratch;
  CertificateFacts third_party = Facts();
  third_party.claims.level = 4;
  third_party.claims.kind = AttestationKind::kThirdParty;
  third_party.claims.assessor = Assessor{"一般社団法人 星取評価センター", "EVAL-0042"};
  ExpectAll(RenderAndRead(third_party, scratch).text,
            {"★4", "第三者評価", "Evaluated by an accredited third party", "評価機関",
             "Evaluated by", "一般社団法人 星取評価センター", "EVAL-0042"});

  CertificateFacts self_declared = Facts();
  self_declared.claims.level = 1;
  self_declared.claims.kind = AttestationKind::kSelfDeclared;
  self_declared.claims.assessor.reset();
  const std::string text = RenderAndRead(self_declared, scratch).text;
  ExpectAll(text, {"★1", "自己宣言", "Self-declared", "なし（自己宣言）", "None (self-declared)"});
  EXPECT_EQ(text.find("RISS-012345"), std::string::npos);
}

TEST(Certificate, QrCodeDecodesToTheVerificationUrl) {
  if (!HasProgram("zbarimg")) GTEST_SKIP() << "zbarimg is not installed (Debian: zbar-tools)";
  ScratchDirectory scratch;
  auto pdf = RenderCertificatePdf(Facts());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const std::string path = scratch.File("certificate.pdf");
  std::ofstream(path, std::ios::binary) << *pdf;
  int status = -1;
  RunCommand("pdftoppm -r 150 -png -singlefile '" + path + "' '" + scratch.File("page") + "'",
             &status);
  ASSERT_EQ(status, 0);
  // zbarimg prints each code it finds on a line; exactly one code, the URL.
  EXPECT_EQ(RunCommand("zbarimg --raw -q '" + scratch.File("page.png") + "' 2>/dev/null", &status),
            std::string(kUrl) + "\n");
  EXPECT_EQ(status, 0);
}

TEST(Certificate, LongestAllowedValuesStayOnOnePage) {
  ScratchDirectory scratch;
  CertificateFacts facts = Facts();
  // Three-byte characters up to each bound, with markers at both ends.
  const auto fill = [](size_t bytes) {
    std::string text = "始";
    while (text.size() + 6 <= bytes) text += "認";
    return text + "終";
  };
  facts.claims.name = fill(512);
  facts.claims.scope = fill(2048);
  facts.claims.assessor->name = fill(512);
  facts.claims.assessor->accreditation = std::string(128, 'A');
  facts.claims.framework = std::string(128, 'f');
  facts.claims.id = std::string(128, 'i');
  facts.issuer_name = fill(kMaxIssuerNameBytes);
  facts.verification_url = "https://hoshitori.example.jp/verify/" + std::string(476, 'v');
  ASSERT_EQ(facts.verification_url.size(), kMaxVerificationUrlBytes);
  const Rendered page = RenderAndRead(facts, scratch);
  EXPECT_EQ(InfoField(page.info, "Pages"), "1") << page.info;
  ExpectAll(page.text, {"始認認", "認認終", "★3", std::string(128, 'i')});

  // Twenty short lines of scope (the most allowed) fit as well.
  facts = Facts();
  facts.claims.scope.clear();
  for (int line = 1; line <= 20; ++line) facts.claims.scope += "拠点" + std::to_string(line) + "\n";
  facts.claims.scope.pop_back();
  ExpectAll(RenderAndRead(facts, scratch).text, {"拠点1", "拠点20"});
}

TEST(Certificate, TextIsPrintedAsGivenNotAsMarkup) {
  ScratchDirectory scratch;
  CertificateFacts facts = Facts();
  facts.claims.name = "<b>A&amp;B</b> 株式会社";
  ExpectAll(RenderAndRead(facts, scratch).text, {"<b>A&amp;B</b> 株式会社"});
}

TEST(Certificate, SameFactsGiveTheSameBytesAcrossThreads) {
  const auto first = RenderCertificatePdf(Facts());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->rfind("%PDF-", 0), 0u);
  std::vector<std::string> results(4 * 3);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &results] {
      for (int i = 0; i < 3; ++i) {
        auto pdf = RenderCertificatePdf(Facts());
        results[t * 3 + i] = pdf.ok() ? *pdf : pdf.error().message;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& pdf : results) EXPECT_TRUE(pdf == *first);
}

// Renders `facts` and expects a kInvalid refusal whose message has `words`.
void ExpectRefused(const CertificateFacts& facts, const std::string& words) {
  const auto pdf = RenderCertificatePdf(facts);
  ASSERT_FALSE(pdf.ok()) << "accepted; wanted a refusal with: " << words;
  EXPECT_EQ(pdf.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(pdf.error().message.find(words), std::string::npos) << pdf.error().message;
  EXPECT_EQ(pdf.error().message.rfind("certificate", 0), 0u) << pdf.error().message;
}

TEST(Certificate, OverlongAndUnprintableInputIsRefused) {
  CertificateFacts facts = Facts();
  facts.claims.name = std::string(513, 'n');
  ExpectRefused(facts, "\"name\" must be 1 to 512 bytes");
  facts = Facts();
  facts.claims.scope = std::string(2049, 's');
  ExpectRefused(facts, "\"scope\"");
  facts = Facts();
  facts.claims.assessor->accreditation = std::string(129, 'a');
  ExpectRefused(facts, "\"accreditation\"");
  facts = Facts();
  facts.issuer_name = std::string(kMaxIssuerNameBytes + 1, 'i');
  ExpectRefused(facts, "\"issuer_name\" must be 1 to 256 bytes");
  facts.issuer_name.clear();
  ExpectRefused(facts, "\"issuer_name\"");
  facts = Facts();
  facts.verification_url = "https://h.example/" + std::string(kMaxVerificationUrlBytes, 'v');
  ExpectRefused(facts, "\"verification_url\" must be 1 to 512 bytes");
  for (const char* url : {"ftp://h.example/verify/1", "https://", "https://h.example/a b",
                          "javascript:alert(1)", "https://h.example/証明"}) {
    facts.verification_url = url;
    ExpectRefused(facts, "\"verification_url\" must be an http:// or https:// URL");
  }

  facts = Facts();
  facts.claims.name = "星取\x07部品";
  ExpectRefused(facts, "\"name\" holds a control character (U+0007)");
  facts.claims.name = "星取\n部品";
  ExpectRefused(facts, "\"name\" holds a control character (U+000A)");
  facts.claims.name =
      "\xE2\x80\xAE"
      "品部取星";  // U+202E RIGHT-TO-LEFT OVERRIDE
  ExpectRefused(facts, "\"name\" holds a bidirectional formatting");
  facts.claims.name = "\xE6\x98";  // a cut-off character
  ExpectRefused(facts, "\"name\" is not valid UTF-8");
  facts = Facts();
  facts.claims.scope = std::string(20, '\n') + "x";
  ExpectRefused(facts, "\"scope\" has more than 20 lines");
  facts = Facts();
  facts.issuer_name = "\xE2\x81\xA6運営";  // U+2066 LEFT-TO-RIGHT ISOLATE
  ExpectRefused(facts, "\"issuer_name\" holds a bidirectional formatting");

  // The claims' own rules hold on the certificate too.
  facts = Facts();
  facts.claims.level = 4;  // ★4 needs a third party
  ExpectRefused(facts, "third_party");
  facts = Facts();
  facts.claims.subject = "8700110005902";  // wrong check digit
  ExpectRefused(facts, "\"sub\"");
}

TEST(Certificate, CharacterNoFontHasIsRefused) {
  CertificateFacts facts = Facts();
  facts.claims.name = "星取 \xF4\x8F\xBF\xBD";  // U+10FFFD, private use: no font draws it
  ExpectRefused(facts, "\"name\" holds characters no installed font can show");
}

}  // namespace
}  // namespace hoshitori::assure
