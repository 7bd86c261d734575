// SQLite backend: migrations, organisations, assessments, and all-or-nothing imports.
#include <gtest/gtest.h>

#include "store/campaign_import.h"
#include "store/migrations.h"
#include "store/organisation_import.h"
#include "store/store.h"
#include "test_support.h"

namespace hoshitori {
namespace {

using testing_support::MiniCatalog;
using testing_support::TempDir;

class StoreTest : public testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::Open((dir_.path() / "t.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  Organisation Org(const std::string& number, const std::string& name) {
    return Organisation{0, *CorporateNumber::Parse(number), name, *Industry::Parse("E"), 50, 10'000'000, ""};
  }
  int64_t CountAnswers() {
    int64_t total = 0;
    auto list = store_->ListAssessments(std::nullopt);
    for (const auto& a : *list) total += static_cast<int64_t>(store_->LoadAnswers(a.id)->size());
    return total;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, MigratesOnceAndReopens) {
  EXPECT_EQ(*store_->SchemaVersion(), EmbeddedMigrations().back().version);
  store_.reset();
  auto reopened = Store::Open("sqlite:" + (dir_.path() / "t.db").string());
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_EQ(*(*reopened)->SchemaVersion(), EmbeddedMigrations().back().version);
}

TEST_F(StoreTest, AddsFindsAndRejectsDuplicateOrganisations) {
  auto added = store_->AddOrganisation(Org("7000012050002", "国税庁"));
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_GT(added->id, 0);
  auto found = store_->FindOrganisation(*CorporateNumber::Parse("7000012050002"));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, "国税庁");
  EXPECT_TRUE((*found)->is_sme());
  auto again = store_->AddOrganisation(Org("7000012050002", "other"));
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already registered"), std::string::npos);
}

TEST_F(StoreTest, ImportsAnAssessmentAndReadsItBack) {
  const int64_t org = store_->AddOrganisation(Org("7000012050002", "A"))->id;
  AssessmentRecord record;
  record.org_id = org;
  record.framework_id = "mini-hub";
  record.attestation.kind = AttestationKind::kExpertConfirmed;
  record.attestation.status = AssessmentStatus::kConfirmed;
  record.attestation.management_declaration = true;
  record.attestation.valid_from = *ParseDate("2026-04-01");
  const Framework& hub = *MiniCatalog().FindFramework("mini-hub");
  auto answers = ParseAnswersCsv("H1,implemented,4,ok,doc1;doc2\nH2,partial\n", hub);
  ASSERT_TRUE(answers.ok());
  auto id = ImportAssessment(*store_, record, *answers);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto loaded = store_->GetAssessment(*id);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->attestation.kind, AttestationKind::kExpertConfirmed);
  EXPECT_EQ(FormatDate(*(*loaded)->attestation.valid_from), "2026-04-01");
  EXPECT_FALSE((*loaded)->attestation.valid_until.has_value());
  auto stored = store_->LoadAnswers(*id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].maturity, 4);
  EXPECT_EQ((*stored)[0].evidence, (std::vector<std::string>{"doc1", "doc2"}));
  int rows = 0;
  ASSERT_TRUE(store_->ForEachAnswer("mini-hub", [&](int64_t, std::string_view, AnswerStatus, int) { ++rows; }).ok());
  EXPECT_EQ(rows, 2);
}

TEST_F(StoreTest, CampaignImportIsAllOrNothing) {
  ASSERT_TRUE(store_->AddOrganisation(Org("7000012050002", "A")).ok());
  const Framework& hub = *MiniCatalog().FindFramework("mini-hub");
  AssessmentRecord record;
  record.framework_id = hub.id;
  record.attestation.status = AssessmentStatus::kSubmitted;
  // Row 4 has a bad status: nothing of rows 2-3 may remain.
  auto bad = ImportCampaign(*store_, hub, record,
                            "corporate_number,ref,status\n7000012050002,H1,implemented\n"
                            "7000012050002,H2,partial\n7000012050002,H3,maybe\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("row 4: status 'maybe'"), std::string::npos) << bad.error().message;
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());
  EXPECT_EQ(CountAnswers(), 0);

  auto unknown_org = ImportCampaign(*store_, hub, record,
                                    "corporate_number,ref,status\n7000012050002,H1,implemented\n"
                                    "8700110005901,H1,implemented\n");
  ASSERT_FALSE(unknown_org.ok());
  EXPECT_NE(unknown_org.error().message.find("row 3"), std::string::npos) << unknown_org.error().message;
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());

  auto good = ImportCampaign(*store_, hub, record,
                             "corporate_number,ref,status,maturity\n7000012050002,H1,implemented,3\n"
                             "7000012050002,H2,partial,\n");
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->organisations, 1);
  EXPECT_EQ(good->answers, 2);
  EXPECT_EQ(CountAnswers(), 2);
}

TEST_F(StoreTest, OrganisationCsvImportIsAllOrNothing) {
  auto bad = ImportOrganisationsCsv(*store_,
                                    "corporate_number,name,industry,employees,capital_yen\n"
                                    "7000012050002,A,E,10,1000000\n1000012050002,B,E,10,1000000\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("row 3: corporate number 1000012050002 has a wrong check digit"),
            std::string::npos)
      << bad.error().message;
  EXPECT_TRUE(store_->ListOrganisations()->empty());
  auto badcount = ImportOrganisationsCsv(*store_,
                                         "corporate_number,name,industry,employees,capital_yen\n"
                                         "7000012050002,A,E,ten,1000000\n");
  ASSERT_FALSE(badcount.ok());
  EXPECT_NE(badcount.error().message.find("employees 'ten'"), std::string::npos);
  auto good = ImportOrganisationsCsv(*store_,
                                     "corporate_number,name,industry,employees,capital_yen\n"
                                     "7000012050002,A,I-56,60,40000000\n");
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(*good, 1);
  EXPECT_TRUE(store_->ListOrganisations()->front().is_sme());
}

TEST_F(StoreTest, DatabaseConstraintsBackTheDomainRules) {
  // Even if a caller bypassed validation, the schema refuses an impossible maturity.
  const int64_t org = store_->AddOrganisation(Org("7000012050002", "A"))->id;
  AssessmentRecord record;
  record.org_id = org;
  record.framework_id = "mini-hub";
  Answer answer;
  answer.node_id = "H1";
  answer.status = AnswerStatus::kImplemented;
  answer.maturity = 9;
  auto id = ImportAssessment(*store_, record, {answer});
  EXPECT_FALSE(id.ok());
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());
}

}  // namespace
}  // namespace hoshitori
