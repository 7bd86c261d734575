#include <gtest/gtest.h>

#include "core/corporate_number.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/industry.h"

namespace hoshitori {
namespace {

TEST(CorporateNumber, AcceptsAValidNumber) {
  // 7000012050002 is the National Tax Agency's own corporate number.
  auto number = CorporateNumber::Parse("7000012050002");
  ASSERT_TRUE(number.ok()) << number.error().message;
  EXPECT_EQ(number->digits(), "7000012050002");
}

TEST(CorporateNumber, AcceptsSeparators) {
  EXPECT_TRUE(CorporateNumber::Parse("7-0000-1205-0002").ok());
  EXPECT_TRUE(CorporateNumber::Parse("7 0000 1205 0002").ok());
}

TEST(CorporateNumber, RejectsAWrongCheckDigit) {
  auto number = CorporateNumber::Parse("1000012050002");
  ASSERT_FALSE(number.ok());
  EXPECT_NE(number.error().message.find("wrong check digit (expected 7"), std::string::npos)
      << number.error().message;
}

TEST(CorporateNumber, RejectsWrongLengthAndLetters) {
  EXPECT_NE(CorporateNumber::Parse("700001205000").error().message.find("12 digits"), std::string::npos);
  EXPECT_NE(CorporateNumber::Parse("70000120500021").error().message.find("14 digits"), std::string::npos);
  EXPECT_NE(CorporateNumber::Parse("70000120500O2").error().message.find("only digits"), std::string::npos);
  EXPECT_FALSE(CorporateNumber::Parse("").ok());
}

TEST(CorporateNumber, CheckDigitFormula) {
  // Every base number has exactly one valid check digit in 1..9.
  for (const char* base : {"000012050002", "123456789012", "999999999999", "000000000000"}) {
    const int digit = CorporateNumber::CheckDigitFor(base);
    EXPECT_GE(digit, 1);
    EXPECT_LE(digit, 9);
    EXPECT_TRUE(CorporateNumber::Parse(std::to_string(digit) + base).ok());
  }
}

TEST(Industry, ParsesAndDerivesTheSector) {
  EXPECT_EQ(Industry::Parse("E")->sector(), SmeSector::kManufacturingAndOthers);
  EXPECT_EQ(Industry::Parse("I-52")->sector(), SmeSector::kWholesale);
  EXPECT_EQ(Industry::Parse("I-56")->sector(), SmeSector::kRetail);
  EXPECT_EQ(Industry::Parse("M-76")->sector(), SmeSector::kRetail);
  EXPECT_EQ(Industry::Parse("M-75")->sector(), SmeSector::kServices);
  EXPECT_EQ(Industry::Parse("G-39")->sector(), SmeSector::kServices);
  EXPECT_EQ(Industry::Parse("G-37")->sector(), SmeSector::kManufacturingAndOthers);
  EXPECT_EQ(Industry::Parse("P")->sector(), SmeSector::kServices);
  EXPECT_EQ(Industry::Parse("I56")->ToString(), "I-56");
  EXPECT_FALSE(Industry::Parse("Z").ok());
  EXPECT_FALSE(Industry::Parse("E-1").ok());
  EXPECT_FALSE(Industry::Parse("manufacturing").ok());
}

TEST(Sme, ThresholdsPerSectorEitherLimitSuffices) {
  using S = SmeSector;
  EXPECT_TRUE(IsSme(S::kManufacturingAndOthers, 300, std::nullopt));
  EXPECT_FALSE(IsSme(S::kManufacturingAndOthers, 301, 300'000'001));
  EXPECT_TRUE(IsSme(S::kManufacturingAndOthers, 5000, 300'000'000));
  EXPECT_TRUE(IsSme(S::kWholesale, 100, std::nullopt));
  EXPECT_FALSE(IsSme(S::kWholesale, 101, 100'000'001));
  EXPECT_TRUE(IsSme(S::kRetail, 50, std::nullopt));
  EXPECT_FALSE(IsSme(S::kRetail, 51, 50'000'001));
  EXPECT_TRUE(IsSme(S::kServices, 100, std::nullopt));
  EXPECT_FALSE(IsSme(S::kServices, 101, 50'000'001));
  EXPECT_TRUE(IsSme(S::kServices, 1000, 50'000'000));
  EXPECT_FALSE(IsSme(S::kServices, std::nullopt, std::nullopt));
}

TEST(Csv, QuotesCrlfAndBom) {
  auto records = ParseCsv("\xEF\xBB\xBF" "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\nx,\"multi\nline\",\r\nlast");
  ASSERT_TRUE(records.ok()) << records.error().message;
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ((*records)[1].line, 3);
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"x", "multi\nline", ""}));
  EXPECT_EQ((*records)[2].line, 5);
}

TEST(Csv, ErrorsNameTheLine) {
  auto unclosed = ParseCsv("a,b\nc,\"open\n");
  ASSERT_FALSE(unclosed.ok());
  EXPECT_NE(unclosed.error().message.find("line 2"), std::string::npos) << unclosed.error().message;
  auto stray = ParseCsv("a,b\nc,d\"e\n");
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.error().message.find("line 2"), std::string::npos);
}

TEST(Date, ParsesAndRejects) {
  EXPECT_EQ(FormatDate(*ParseDate("2026-02-28")), "2026-02-28");
  EXPECT_FALSE(ParseDate("2026-02-30").ok());
  EXPECT_FALSE(ParseDate("2026/02/01").ok());
  EXPECT_FALSE(ParseDate("26-02-01").ok());
  EXPECT_EQ(FormatDate(AddYears(*ParseDate("2024-02-29"), 1)), "2025-02-28");
}

}  // namespace
}  // namespace hoshitori
