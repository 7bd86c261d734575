// Evidence files: the allow list of media types checked against the bytes, the ZIP reader
// of the Office formats (against archives Python's zipfile wrote), file names, and the
// engagement's names.
#include "assure/evidence_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "assure/engagement.h"

namespace hoshitori::assure {
namespace {

constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kPptx =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";

std::string Corpus(const std::string& name) {
  std::ifstream in(std::string(HOSHITORI_SOURCE_DIR) + "/tests/fuzz/corpus/evidence_file/" + name,
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(EvidenceFile, AcceptsEachAllowedTypeWhoseBytesMatch) {
  EXPECT_EQ(*EvidenceMediaType("application/pdf", Corpus("minimal.pdf")), "application/pdf");
  EXPECT_EQ(*EvidenceMediaType("Image/PNG", Corpus("header.png")), "image/png")
      << "types compare without case";
  EXPECT_EQ(*EvidenceMediaType("image/jpeg", "\xFF\xD8\xFF\xDB..."), "image/jpeg");
  EXPECT_EQ(*EvidenceMediaType("text/plain; charset=utf-8", Corpus("note.txt")), "text/plain");
  EXPECT_EQ(*EvidenceMediaType("text/plain", "\xEF\xBB\xBFwith a BOM\tand a tab\n"), "text/plain");
  EXPECT_EQ(*EvidenceMediaType(kDocx, Corpus("minimal.docx")), kDocx);
  EXPECT_EQ(*EvidenceMediaType(kXlsx, Corpus("minimal.xlsx")), kXlsx);
}

TEST(EvidenceFile, RefusesTypesOffTheListAndBytesThatDoNotMatch) {
  for (const auto& [type, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"text/html", "<html></html>"},
           {"image/svg+xml", "<svg/>"},
           {"application/octet-stream", Corpus("minimal.pdf")},
           {"", Corpus("minimal.pdf")},
           {"application/pdf", "MZ\x90"},
           {"application/pdf", " %PDF-1.4"},
           {"image/png", Corpus("minimal.pdf")},
           {"image/jpeg", "\xFF\xD8"},
           {"text/plain", std::string("nul\0byte", 8)},
           {"text/plain", "escape \x1b[31m"},
           {"text/plain", "\xff\xfe not utf-8"},
           {"text/plain; charset=iso-8859-1", "abc"},
           {std::string(kDocx), Corpus("minimal.xlsx")},  // a workbook is not a document
           {std::string(kPptx), Corpus("minimal.docx")},
           {std::string(kDocx), "PK\x03\x04"},
       }) {
    const auto verdict = EvidenceMediaType(type, bytes);
    ASSERT_FALSE(verdict.ok()) << type;
    EXPECT_EQ(verdict.error().kind, ErrorKind::kInvalid);
    EXPECT_NE(verdict.error().message.find(" / "), std::string::npos)
        << "Japanese, then English: " << verdict.error().message;
  }
}

TEST(EvidenceFile, ZipReaderStaysInsideTheBytes) {
  const std::string docx = Corpus("minimal.docx");
  ASSERT_TRUE(ZipNamesParts(docx, {"[Content_Types].xml", "word/document.xml"}));
  EXPECT_FALSE(ZipNamesParts(docx, {"word/Document.xml"})) << "names are exact";
  // Every truncation, and the central directory's offset pointing past the end, is refused.
  for (size_t cut = 0; cut < docx.size(); ++cut) {
    EXPECT_FALSE(ZipNamesParts(docx.substr(0, cut), {"word/document.xml"})) << cut;
  }
  std::string bad = docx;
  const size_t end = bad.rfind(std::string("PK\x05\x06", 4));
  ASSERT_NE(end, std::string::npos);
  bad[end + 16] = '\xff';
  bad[end + 17] = '\xff';
  EXPECT_FALSE(ZipNamesParts(bad, {"word/document.xml"}));
}

TEST(EvidenceFile, Names) {
  EXPECT_TRUE(CheckEvidenceName("手順書 第2版.pdf").ok());
  EXPECT_TRUE(CheckEvidenceName(std::string(kMaxEvidenceNameBytes, 'a')).ok());
  for (const std::string& bad : {std::string(), std::string(kMaxEvidenceNameBytes + 1, 'a'),
                                 std::string("a/b.pdf"), std::string("..\\a"), std::string("."),
                                 std::string(".."), std::string("a\nb"), std::string("\xff.pdf")}) {
    EXPECT_FALSE(CheckEvidenceName(bad).ok()) << bad;
  }
}

TEST(Engagement, NamesRoundTripAndRequestsAfterADeclineOnly) {
  for (EngagementState s :
       {EngagementState::kRequested, EngagementState::kAccepted, EngagementState::kDeclined,
        EngagementState::kConcluded, EngagementState::kRefused}) {
    EXPECT_EQ(ParseEngagementState(EngagementStateName(s)), s);
  }
  for (FindingVerdict v : {FindingVerdict::kConfirmed, FindingVerdict::kNeedsEvidence,
                           FindingVerdict::kNotConfirmed}) {
    EXPECT_EQ(ParseFindingVerdict(FindingVerdictName(v)), v);
  }
  EXPECT_FALSE(ParseEngagementState("Accepted"));
  EXPECT_FALSE(ParseFindingVerdict("needs evidence"));
  EXPECT_TRUE(MayRequestAnother(std::nullopt));
  EXPECT_TRUE(MayRequestAnother(EngagementState::kDeclined));
  for (EngagementState s : {EngagementState::kRequested, EngagementState::kAccepted,
                            EngagementState::kConcluded, EngagementState::kRefused}) {
    EXPECT_FALSE(MayRequestAnother(s));
  }
}

}  // namespace
}  // namespace hoshitori::assure
