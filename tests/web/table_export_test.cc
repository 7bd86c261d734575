// The supplier list as CSV and xlsx.
#include "web/table_export.h"

#include <gtest/gtest.h>

namespace hoshitori::web {
namespace {

const ExportTable kTable{"suppliers",
                         {"取引先", "星"},
                         {{"北斗精機, 株式会社", "★3"}, {"=HYPERLINK(\"x\")", "say \"hi\""}},
                         {}};

TEST(TableExport, CsvHasABomCrlfQuotingAndNoFormulas) {
  const std::string csv = ToCsv(kTable);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.substr(3),
            "取引先,星\r\n"
            "\"北斗精機, 株式会社\",★3\r\n"
            "\"'=HYPERLINK(\"\"x\"\")\",\"say \"\"hi\"\"\"\r\n");
}

TEST(TableExport, XlsxIsAZipWorkbook) {
  const auto bytes = ToXlsx(kTable);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  ASSERT_GT(bytes->size(), 1000u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  EXPECT_NE(bytes->find("xl/worksheets/sheet1.xml"), std::string::npos);
}

}  // namespace
}  // namespace hoshitori::web
