#include <gtest/gtest.h>

#include "interchange/catalog_yaml.h"
#include "interchange/check_sheet.h"
#include "interchange/column_map.h"
#include "interchange/table.h"
#include "interchange_test_support.h"
#include "test_support.h"

namespace hoshitori::interchange {
namespace {

using hoshitori::testing_support::TempDir;
using testing_support::ExpectSameFramework;
using testing_support::ReadAll;
using testing_support::Sample;

ColumnMap GuidelineMap() { return ParseColumnMap(Sample("guideline-map.yaml"), "guideline-map.yaml").value(); }

TEST(Table, ReadsXlsxAsExcelWritesIt) {
  const std::string xlsx = Sample("guideline-sample.xlsx");
  ASSERT_TRUE(LooksLikeXlsx(xlsx));
  EXPECT_EQ(XlsxSheetNames(xlsx).value(), (std::vector<std::string>{"表紙", "ガイドライン"}));
  auto first = ReadXlsxSheet(xlsx, "");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->rows.at(0).Cell(0), "表紙");
  auto table = ReadXlsxSheet(xlsx, "ガイドライン");
  ASSERT_TRUE(table.ok()) << table.error().message;
  ASSERT_EQ(table->rows.size(), 9u);
  EXPECT_EQ(table->rows[1].line, 2);
  EXPECT_EQ(table->rows[1].Cell(6), "");      // a gap in the header row
  EXPECT_EQ(table->rows[1].Cell(7), "備考");
  EXPECT_EQ(table->rows[2].Cell(1), "方針");  // rich text joined, phonetic guide left out
  EXPECT_EQ(table->rows[2].Cell(3), "セキュリティ方針を定める");  // cell without r attribute
  EXPECT_EQ(table->rows[3].Cell(7), "0.1");
  EXPECT_EQ(table->rows[6].Cell(4), "社外からの接続に\n多要素認証を使っている");
  EXPECT_EQ(table->rows[7].line, 9);  // row 8 is absent
  auto missing = ReadXlsxSheet(xlsx, "回答");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "the workbook has no sheet '回答'; it has '表紙', 'ガイドライン'");
  EXPECT_FALSE(ReadXlsxSheet("PK\x03\x04garbage", "").ok());
}

TEST(SheetImport, GuidelineCsvBecomesAFramework) {
  auto table = ReadTable(Sample("guideline-sample.csv"), "");
  ASSERT_TRUE(table.ok());
  auto f = SheetToFramework(*table, GuidelineMap(), "guideline-sample.csv");
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->id, "sample-industry-guideline");
  EXPECT_EQ(f->assessable().size(), 7u);
  ASSERT_EQ(f->categories.size(), 3u);
  EXPECT_EQ(f->categories[1].id, "c02");
  EXPECT_EQ(f->categories[1].name.ja, "アクセス管理");
  const RequirementNode& mfa = f->nodes()[f->Find("2-3")];
  EXPECT_EQ(mfa.levels, kLv3);
  EXPECT_EQ(mfa.title.ja, "多要素認証を使う");
  EXPECT_EQ(mfa.title.en, "多要素認証を使う");  // Japanese-only sheet: en falls back
  EXPECT_EQ(mfa.description.ja, "社外からの接続に\n多要素認証を使っている");
  EXPECT_EQ(mfa.evidence.ja, "設定画面の記録");
  EXPECT_EQ(mfa.category, 1);
  auto reloaded = FrameworkFromYaml(FrameworkToYaml(*f), "g.yaml");
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  ExpectSameFramework(*f, *reloaded);
}

TEST(SheetImport, XlsxAndCsvGiveTheSameFramework) {
  const ColumnMap map = GuidelineMap();
  auto from_csv = SheetToFramework(ReadTable(Sample("guideline-sample.csv"), map.sheet).value(), map, "csv");
  auto from_xlsx = SheetToFramework(ReadTable(Sample("guideline-sample.xlsx"), map.sheet).value(), map, "xlsx");
  ASSERT_TRUE(from_csv.ok()) << from_csv.error().message;
  ASSERT_TRUE(from_xlsx.ok()) << from_xlsx.error().message;
  ExpectSameFramework(*from_csv, *from_xlsx);
}

TEST(SheetImport, ErrorsNameRowAndColumn) {
  std::string csv = Sample("guideline-sample.csv");
  csv.replace(csv.find("2-2,アクセス管理,Lv2"), std::string("2-2,アクセス管理,Lv2").size(), "2-2,アクセス管理,Lv4");
  auto bad_level = SheetToFramework(ReadCsvTable(csv).value(), GuidelineMap(), "g.csv");
  ASSERT_FALSE(bad_level.ok());
  EXPECT_EQ(bad_level.error().message, "g.csv: row 6, column 'レベル' (C): level 'Lv4' is unknown; use Lv1, Lv2, Lv3");
  std::string duplicate = Sample("guideline-sample.csv");
  duplicate.replace(duplicate.find("3-2,"), 4, "1-1,");
  auto dup = SheetToFramework(ReadCsvTable(duplicate).value(), GuidelineMap(), "g.csv");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message, "g.csv: row 11, column 'No.' (A): id '1-1' is already used on row 3");
  auto map = ParseColumnMap("columns:\n  title: 見出し\n  colour: 色\n", "m.yaml");
  ASSERT_FALSE(map.ok());
  EXPECT_NE(map.error().message.find("m.yaml:3: unknown field 'colour' in columns"), std::string::npos) << map.error().message;
  ColumnMap no_header = GuidelineMap();
  no_header.columns["title"] = {"存在しない列"};
  auto missing = SheetToFramework(ReadCsvTable(Sample("guideline-sample.csv")).value(), no_header, "g.csv");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no header row with all the mapped columns"), std::string::npos);
}

TEST(SheetImport, AnswerSheetWithMarks) {
  const ColumnMap guideline = GuidelineMap();
  const Framework f = SheetToFramework(ReadCsvTable(Sample("guideline-sample.csv")).value(), guideline, "g").value();
  const ColumnMap map = ParseColumnMap(Sample("answers-map.yaml"), "answers-map.yaml").value();
  auto answers = SheetToAnswers(ReadCsvTable(Sample("answers-sample.csv")).value(), map, f, "answers.csv");
  ASSERT_TRUE(answers.ok()) << answers.error().message;
  ASSERT_EQ(answers->size(), 6u);  // 3-2 is unanswered
  EXPECT_EQ((*answers)[1].status, AnswerStatus::kPartial);
  EXPECT_EQ((*answers)[1].comment, "今年度から");
  EXPECT_EQ((*answers)[4].status, AnswerStatus::kNotApplicable);
  std::string bad = Sample("answers-sample.csv");
  bad.replace(bad.find("×"), std::string("×").size(), "◎");
  auto rejected = SheetToAnswers(ReadCsvTable(bad).value(), map, f, "answers.csv");
  ASSERT_FALSE(rejected.ok());
  // The row, the column and the choices of the sheet, as the person filling it in saw them.
  EXPECT_NE(rejected.error().message.find("answers.csv: row 5, column '回答' (C): answer '◎' for 2-2 is not one of"),
            std::string::npos)
      << rejected.error().message;
  EXPECT_NE(rejected.error().message.find("○、△、×、－"), std::string::npos) << rejected.error().message;
}

TEST(CheckSheet, WrittenSheetReadsBackWithItsAnswers) {
  const Framework& hub = *hoshitori::testing_support::MiniCatalog().FindFramework("mini-hub");
  std::vector<Answer> answers;
  answers.push_back(MakeAnswer(hub, "t", "H1", "implemented", "4", "規程あり", "doc-1; doc-2").value());
  answers.push_back(MakeAnswer(hub, "t", "H3", "not_applicable", "", "", "").value());
  answers.push_back(MakeAnswer(hub, "t", "H4", "partial", "", "", "").value());
  TempDir dir;
  const std::string path = (dir.path() / "sheet.xlsx").string();
  ASSERT_TRUE(WriteCheckSheet(hub, path, "ja", &answers).ok());
  const std::string bytes = ReadAll(path);
  EXPECT_EQ(ReadCheckSheetInfo(bytes).value().framework_id, "mini-hub");
  auto table = ReadXlsxSheet(bytes, kCheckSheetName);
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->rows.at(2).line, 4);  // the header row
  EXPECT_EQ(table->rows.at(3).Cell(3), "項目H1");
  EXPECT_EQ(table->rows.at(3).Cell(2), "★3");
  auto read = SheetToAnswers(*table, CheckSheetColumnMap(), hub, "sheet.xlsx");
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(read->size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*read)[i].node_id, answers[i].node_id);
    EXPECT_EQ((*read)[i].status, answers[i].status);
    EXPECT_EQ((*read)[i].maturity, answers[i].maturity);
    EXPECT_EQ((*read)[i].comment, answers[i].comment);
    EXPECT_EQ((*read)[i].evidence, answers[i].evidence);
  }
  // An empty returned sheet is an error, not an empty assessment.
  ASSERT_TRUE(WriteCheckSheet(hub, path, "en").ok());
  auto empty = SheetToAnswers(ReadXlsxSheet(ReadAll(path), kCheckSheetName).value(), CheckSheetColumnMap(), hub, "s");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("no answers found"), std::string::npos);
}

TEST(CheckSheet, EveryShippedFrameworkRoundTrips) {
  for (const std::string file : {"catalogs/hoshitori-common.yaml", "catalogs/ipa-self-check-25.yaml"}) {
    SCOPED_TRACE(file);
    const std::string path = std::string(HOSHITORI_SOURCE_DIR) + "/" + file;
    const Framework f = FrameworkFromYaml(ReadAll(path), path).value();
    std::vector<Answer> answers;
    for (NodeIndex index : f.assessable()) {
      answers.push_back(MakeAnswer(f, "t", f.nodes()[index].ref, index % 2 ? "implemented" : "unknown", "", "", "").value());
    }
    TempDir dir;
    const std::string out = (dir.path() / "s.xlsx").string();
    ASSERT_TRUE(WriteCheckSheet(f, out, "ja", &answers).ok());
    auto read = SheetToAnswers(ReadXlsxSheet(ReadAll(out), kCheckSheetName).value(), CheckSheetColumnMap(), f, "s");
    ASSERT_TRUE(read.ok()) << read.error().message;
    ASSERT_EQ(read->size(), answers.size());
    for (size_t i = 0; i < answers.size(); ++i) EXPECT_EQ((*read)[i].status, answers[i].status);
  }
}

}  // namespace
}  // namespace hoshitori::interchange
