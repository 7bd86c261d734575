// Every storage backend behind one interface: the same tests on SQLite and on PostgreSQL.
//
// The PostgreSQL cases need a server: HOSHITORI_TEST_PG_URL names a database on it whose
// user may create databases (scripts/test.sh starts one with scripts/pg-test-server.sh).
// Each test gets a database of its own, dropped afterwards. Without the variable the
// PostgreSQL cases are skipped, saying so.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <pqxx/pqxx>
#include <random>
#include <thread>
#include <unordered_map>
#include <atomic>

#include "../operator_imports.h"
#include "chain/relationship.h"
#include "service/security.h"
#include "store/accounts.h"
#include "store/attestation_repository.h"
#include "store/audit_repository.h"
#include "store/id_list.h"
#include "store/sharing_repository.h"
#include "store/migrations.h"
#include "store/sql_session.h"
#include "store/store.h"
#include "test_support.h"

namespace hoshitori {
namespace {

using testing_support::MiniCatalog;
using testing_support::TempDir;

constexpr const char* kPgUrlVariable = "HOSHITORI_TEST_PG_URL";

std::string PgAdminUrl() {
  const char* url = std::getenv(kPgUrlVariable);
  return url ? url : "";
}

// `url` with its database replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t authority = url.find("://");
  const size_t slash = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  const size_t query = url.find('?');
  const std::string base = url.substr(0, std::min(slash, query));
  return base + "/" + database + (query == std::string::npos ? "" : url.substr(query));
}

// A database of its own for one test, created through the admin URL and dropped at the end.
class PgTestDatabase {
 public:
  explicit PgTestDatabase(std::string admin_url) : admin_url_(std::move(admin_url)) {
    std::random_device random;
    name_ =
        "hoshitori_t_" + std::to_string(::getpid()) + "_" + std::to_string(random() % 1'000'000);
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  }
  ~PgTestDatabase() {
    try {
      pqxx::connection admin(admin_url_);
      pqxx::nontransaction tx(admin);
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop test database " << name_ << ": " << e.what();
    }
  }
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  std::string url() const { return WithDatabase(admin_url_, name_); }
  const std::string& name() const { return name_; }
  const std::string& admin_url() const { return admin_url_; }

 private:
  std::string admin_url_;
  std::string name_;
};

class StoreBackendTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      const std::string admin = PgAdminUrl();
      if (admin.empty()) {
        GTEST_SKIP() << kPgUrlVariable
                     << " is not set: PostgreSQL tests skipped (scripts/test.sh starts a server "
                        "with scripts/pg-test-server.sh and sets it)";
      }
      database_ = std::make_unique<PgTestDatabase>(admin);
      url_ = database_->url();
    } else {
      url_ = "sqlite:" + (dir_.path() / "t.db").string();
    }
    auto opened = Store::Open(url_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    database_.reset();
  }

  Organisation Org(const std::string& number, const std::string& name) {
    return Organisation{
        0, *CorporateNumber::Parse(number), name, *Industry::Parse("E"), 50, 10'000'000, ""};
  }
  int64_t CountAnswers() {
    int64_t total = 0;
    auto list = store_->ListAssessments(std::nullopt);
    for (const auto& a : *list) total += static_cast<int64_t>(store_->LoadAnswers(a.id)->size());
    return total;
  }
  static int LatestMigration() { return EmbeddedMigrations().back().version; }

  TempDir dir_;
  std::unique_ptr<PgTestDatabase> database_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreBackendTest, MigratesOnceAndReopens) {
  EXPECT_EQ(*store_->SchemaVersion(), LatestMigration());
  ASSERT_TRUE(store_->AddOrganisation(Org("7000012050002", "国税庁")).ok());
  store_.reset();
  auto reopened = Store::Open(url_);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_EQ(*(*reopened)->SchemaVersion(), LatestMigration());
  auto organisations = (*reopened)->ListOrganisations();
  ASSERT_TRUE(organisations.ok()) << organisations.error().message;
  ASSERT_EQ(organisations->size(), 1u);
  EXPECT_EQ(organisations->front().name, "国税庁");
}

TEST_P(StoreBackendTest, AddsFindsAndRejectsDuplicateOrganisations) {
  auto added = store_->AddOrganisation(Org("7000012050002", "国税庁"));
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_GT(added->id, 0);
  EXPECT_FALSE(added->created_at.empty());
  auto found = store_->FindOrganisation(*CorporateNumber::Parse("7000012050002"));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->name, "国税庁");
  EXPECT_EQ((*found)->employees, 50);
  EXPECT_EQ((*found)->capital_yen, 10'000'000);
  EXPECT_TRUE((*found)->is_sme());
  auto by_id = store_->GetOrganisation(added->id);
  ASSERT_TRUE(by_id.ok() && by_id->has_value());
  EXPECT_EQ((*by_id)->corporate_number.digits(), "7000012050002");
  EXPECT_FALSE(store_->GetOrganisation(added->id + 100)->has_value());
  EXPECT_FALSE(store_->FindOrganisation(*CorporateNumber::Parse("8700110005901"))->has_value());
  auto again = store_->AddOrganisation(Org("7000012050002", "other"));
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already registered"), std::string::npos);
  Organisation unknown_size = Org("8700110005901", "B");
  unknown_size.employees.reset();
  unknown_size.capital_yen.reset();
  ASSERT_TRUE(store_->AddOrganisation(unknown_size).ok());
  auto all = store_->ListOrganisations();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].name, "B");
  EXPECT_FALSE((*all)[1].employees.has_value());
}

// The row lock of a state check before a write: the dialect's clause must reach each backend
// in its own form (PostgreSQL: FOR UPDATE; SQLite: nothing, its write transactions exclude).
TEST_P(StoreBackendTest, LocksAnAssessmentInsideATransactionAndRaisesItsVersion) {
  const int64_t org = store_->AddOrganisation(Org("7000012050002", "A"))->id;
  AssessmentRecord record;
  record.org_id = org;
  record.framework_id = "mini-hub";
  auto id = ImportAssessment(*store_, record, {});
  ASSERT_TRUE(id.ok()) << id.error().message;
  Transaction transaction(*store_);
  ASSERT_TRUE(transaction.begun().ok()) << transaction.begun().error().message;
  auto locked = store_->LockAssessment(*id);
  ASSERT_TRUE(locked.ok()) << locked.error().message;
  ASSERT_TRUE(locked->has_value());
  EXPECT_EQ((*locked)->version, 1);
  Attestation submitted;
  submitted.status = AssessmentStatus::kSubmitted;
  ASSERT_TRUE(store_->UpdateAssessmentAttestation(*id, submitted).ok());
  ASSERT_TRUE(store_->UpsertAnswers(*id, org, {}).ok());
  ASSERT_TRUE(transaction.Commit().ok());
  auto after = store_->GetAssessment(*id);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->attestation.status, AssessmentStatus::kSubmitted);
  EXPECT_EQ((*after)->version, 3);
  EXPECT_FALSE(store_->LockAssessment(*id + 100)->has_value());
}

// PostgreSQL numbers its parameters: statements written once with ? (or ?N where one is used
// twice) are rewritten, leaving quoted text alone.
TEST(SqlSession, PlaceholdersAreNumberedForPostgresql) {
  EXPECT_EQ(NumberPlaceholders("SELECT a FROM t WHERE x = ? AND y = ?"),
            "SELECT a FROM t WHERE x = $1 AND y = $2");
  EXPECT_EQ(NumberPlaceholders("UPDATE r SET e = ?1, b = ?3 WHERE id = ?2 AND (x = ?3)"),
            "UPDATE r SET e = $1, b = $3 WHERE id = $2 AND (x = $3)");
  EXPECT_EQ(NumberPlaceholders("SELECT '?', ? WHERE s = 'a''?'"),
            "SELECT '?', $1 WHERE s = 'a''?'");
  EXPECT_EQ(ExpandDialect("SELECT 1{{for_update}}", kPostgresDialect), "SELECT 1 FOR UPDATE");
  EXPECT_EQ(ExpandDialect("SELECT 1{{for_update}}", kSqliteDialect), "SELECT 1");
}

TEST_P(StoreBackendTest, ImportsAnAssessmentAndReadsItBack) {
  const int64_t org = store_->AddOrganisation(Org("7000012050002", "A"))->id;
  AssessmentRecord record;
  record.org_id = org;
  record.framework_id = "mini-hub";
  record.scope = "本社";
  record.attestation.kind = AttestationKind::kExpertConfirmed;
  record.attestation.status = AssessmentStatus::kConfirmed;
  record.attestation.management_declaration = true;
  record.attestation.valid_from = *ParseDate("2026-04-01");
  const Framework& hub = *MiniCatalog().FindFramework("mini-hub");
  auto answers = ParseAnswersCsv("H1,implemented,4,ok,doc1;doc2\nH2,partial\n", hub);
  ASSERT_TRUE(answers.ok());
  // Text that bulk loading must carry unchanged: Japanese, tab, newline, backslash, "\N".
  (*answers)[1].comment = "規程は\t改訂中\nC:\\docs \\N 済";
  (*answers)[1].choice = "b";
  auto id = ImportAssessment(*store_, record, *answers);
  ASSERT_TRUE(id.ok()) << id.error().message;
  auto loaded = store_->GetAssessment(*id);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->org_id, org);
  EXPECT_EQ((*loaded)->scope, "本社");
  EXPECT_EQ((*loaded)->attestation.kind, AttestationKind::kExpertConfirmed);
  EXPECT_EQ((*loaded)->attestation.status, AssessmentStatus::kConfirmed);
  EXPECT_TRUE((*loaded)->attestation.management_declaration);
  EXPECT_EQ(FormatDate(*(*loaded)->attestation.valid_from), "2026-04-01");
  EXPECT_FALSE((*loaded)->attestation.valid_until.has_value());
  EXPECT_FALSE(store_->GetAssessment(*id + 100)->has_value());
  auto stored = store_->LoadAnswers(*id);
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].node_id, "H1");
  EXPECT_EQ((*stored)[0].status, AnswerStatus::kImplemented);
  EXPECT_EQ((*stored)[0].maturity, 4);
  EXPECT_EQ((*stored)[0].comment, "ok");
  EXPECT_EQ((*stored)[0].evidence, (std::vector<std::string>{"doc1", "doc2"}));
  EXPECT_EQ((*stored)[1].status, AnswerStatus::kPartial);
  EXPECT_FALSE((*stored)[1].maturity.has_value());
  EXPECT_EQ((*stored)[1].comment, "規程は\t改訂中\nC:\\docs \\N 済");
  EXPECT_EQ((*stored)[1].choice, "b");
  EXPECT_EQ(store_->ListAssessments(org)->size(), 1u);
  EXPECT_TRUE(store_->ListAssessments(org + 100)->empty());
  int rows = 0;
  ASSERT_TRUE(
      store_
          ->ForEachAnswer("mini-hub", [&](int64_t, std::string_view, AnswerStatus, int) { ++rows; })
          .ok());
  EXPECT_EQ(rows, 2);
}

TEST_P(StoreBackendTest, CampaignImportIsAllOrNothing) {
  ASSERT_TRUE(store_->AddOrganisation(Org("7000012050002", "A")).ok());
  ASSERT_TRUE(store_->AddOrganisation(Org("8700110005901", "B")).ok());
  const Framework& hub = *MiniCatalog().FindFramework("mini-hub");
  AssessmentRecord record;
  record.framework_id = hub.id;
  record.attestation.status = AssessmentStatus::kSubmitted;
  // Row 4 has a bad status: nothing of rows 2-3 may remain.
  auto bad = testing_support::ImportCampaignAsOperator(
      *store_, hub, record,
      "corporate_number,ref,status\n7000012050002,H1,implemented\n"
      "7000012050002,H2,partial\n7000012050002,H3,maybe\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("row 4: status 'maybe'"), std::string::npos)
      << bad.error().message;
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());
  EXPECT_EQ(CountAnswers(), 0);

  auto unknown_org = testing_support::ImportCampaignAsOperator(
      *store_, hub, record,
      "corporate_number,ref,status\n7000012050002,H1,implemented\n"
      "2000012010019,H1,implemented\n");
  ASSERT_FALSE(unknown_org.ok());
  EXPECT_NE(unknown_org.error().message.find("row 3"), std::string::npos)
      << unknown_org.error().message;
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());

  auto twice = testing_support::ImportCampaignAsOperator(
      *store_, hub, record,
      "corporate_number,ref,status\n7000012050002,H1,implemented\n"
      "8700110005901,H1,implemented\n7000012050002,H1,partial\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("row 4: H1 is answered twice"), std::string::npos)
      << twice.error().message;
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());
  EXPECT_EQ(CountAnswers(), 0);

  auto good = testing_support::ImportCampaignAsOperator(
      *store_, hub, record,
      "corporate_number,ref,status,maturity\n7000012050002,H1,implemented,3\n"
      "8700110005901,H1,partial,\n7000012050002,H2,partial,\n");
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->organisations, 2);
  EXPECT_EQ(good->answers, 3);
  EXPECT_EQ(good->assessment_ids.size(), 2u);
  EXPECT_EQ(CountAnswers(), 3);
  auto first = store_->LoadAnswers(good->assessment_ids[0]);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].maturity, 3);
}

TEST_P(StoreBackendTest, OrganisationCsvImportIsAllOrNothing) {
  auto bad = testing_support::ImportOrganisationsAsOperator(
      *store_,
      "corporate_number,name,industry,employees,capital_yen\n"
      "7000012050002,A,E,10,1000000\n1000012050002,B,E,10,1000000\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(
      bad.error().message.find("row 3: corporate number 1000012050002 has a wrong check digit"),
      std::string::npos)
      << bad.error().message;
  EXPECT_TRUE(store_->ListOrganisations()->empty());
  auto duplicate = testing_support::ImportOrganisationsAsOperator(
      *store_,
      "corporate_number,name,industry,employees,capital_yen\n"
      "7000012050002,A,E,10,1000000\n7000012050002,A2,E,10,1000000\n");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(
      duplicate.error().message.find("row 3: corporate number 7000012050002 is already registered"),
      std::string::npos)
      << duplicate.error().message;
  EXPECT_TRUE(store_->ListOrganisations()->empty());
  auto badcount = testing_support::ImportOrganisationsAsOperator(
      *store_,
      "corporate_number,name,industry,employees,capital_yen\n"
      "7000012050002,A,E,ten,1000000\n");
  ASSERT_FALSE(badcount.ok());
  EXPECT_NE(badcount.error().message.find("employees 'ten'"), std::string::npos);
  auto good = testing_support::ImportOrganisationsAsOperator(
      *store_,
      "corporate_number,name,industry,employees,capital_yen\n"
      "7000012050002,A,I-56,60,40000000\n8700110005901,B,E,,\n");
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(*good, 2);
  EXPECT_TRUE(store_->ListOrganisations()->front().is_sme());
}

// Each operator import writes one audit entry, and only a committed one: a refused file
// leaves none. Nobody but the operator may import.
TEST_P(StoreBackendTest, EachImportIsOneAuditEntryAndOnlyTheOperatorImports) {
  const auto actions = [&] {
    std::vector<std::string> out;
    EXPECT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry& e) { out.push_back(e.action); }).ok());
    return out;
  };
  const std::string header = "corporate_number,name,industry,employees,capital_yen\n";
  ASSERT_FALSE(testing_support::ImportOrganisationsAsOperator(*store_, header + "1000012050002,B,E,,\n").ok());
  EXPECT_TRUE(actions().empty());
  ASSERT_TRUE(testing_support::ImportOrganisationsAsOperator(
                  *store_, header + "7000012050002,A,E,,\n8700110005901,B,E,,\n")
                  .ok());
  const Framework& hub = *MiniCatalog().FindFramework("mini-hub");
  AssessmentRecord record;
  record.framework_id = hub.id;
  ASSERT_TRUE(testing_support::ImportCampaignAsOperator(
                  *store_, hub, record,
                  "corporate_number,ref,status\n7000012050002,H1,implemented\n8700110005901,H1,partial\n")
                  .ok());
  EXPECT_EQ(actions(), (std::vector<std::string>{"organisation.import", "assessment.import_campaign"}));

  Catalog catalog;
  Clock clock;
  service::Context signed_out{*store_, catalog, clock, nullptr, service::Actor{}};
  const auto refused = service::ImportService(signed_out).Organisations(header + "2000012010019,C,E,,\n");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(store_->ListOrganisations()->size(), 2u);
  EXPECT_EQ(actions().size(), 2u);
}

TEST_P(StoreBackendTest, DatabaseConstraintsBackTheDomainRules) {
  // Even if a caller bypassed validation, the schema refuses an impossible maturity.
  const int64_t org = store_->AddOrganisation(Org("7000012050002", "A"))->id;
  AssessmentRecord record;
  record.org_id = org;
  record.framework_id = "mini-hub";
  Answer good;
  good.node_id = "H2";
  good.status = AnswerStatus::kPartial;
  Answer answer;
  answer.node_id = "H1";
  answer.status = AnswerStatus::kImplemented;
  answer.maturity = 9;
  auto id = ImportAssessment(*store_, record, {good, answer});
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.error().message.find("H1"), std::string::npos) << id.error().message;
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());
  EXPECT_EQ(CountAnswers(), 0);
  // The store is usable afterwards.
  auto retried = ImportAssessment(*store_, record, {good});
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(CountAnswers(), 1);
}

TEST_P(StoreBackendTest, TransactionsCommitOrLeaveNothing) {
  {
    Transaction transaction(*store_);
    ASSERT_TRUE(transaction.begun().ok()) << transaction.begun().error().message;
    ASSERT_TRUE(store_->AddOrganisation(Org("7000012050002", "A")).ok());
    // Reads inside the transaction see its writes, answers included.
    AssessmentRecord record;
    record.org_id = store_->FindOrganisation(*CorporateNumber::Parse("7000012050002"))->value().id;
    record.framework_id = "mini-hub";
    const int64_t id = *store_->InsertAssessment(record);
    Answer answer;
    answer.node_id = "H1";
    answer.status = AnswerStatus::kImplemented;
    ASSERT_TRUE(store_->InsertAnswer(id, record.org_id, answer).ok());
    EXPECT_EQ(store_->LoadAnswers(id)->size(), 1u);
  }  // not committed: rolled back
  EXPECT_TRUE(store_->ListOrganisations()->empty());
  EXPECT_TRUE(store_->ListAssessments(std::nullopt)->empty());
  {
    Transaction transaction(*store_);
    ASSERT_TRUE(store_->AddOrganisation(Org("7000012050002", "A")).ok());
    ASSERT_TRUE(transaction.Commit().ok());
  }
  EXPECT_EQ(store_->ListOrganisations()->size(), 1u);
}

TEST_P(StoreBackendTest, ForEachAnswerStreamsEveryAnswerInAssessmentOrder) {
  const int64_t org = store_->AddOrganisation(Org("7000012050002", "A"))->id;
  // More answers than one bulk write or one fetch holds (PostgreSQL batches both).
  constexpr int kAssessments = 25;
  constexpr int kNodes = 1000;
  {
    Transaction transaction(*store_);
    ASSERT_TRUE(transaction.begun().ok());
    for (int a = 0; a < kAssessments; ++a) {
      AssessmentRecord record;
      record.org_id = org;
      record.framework_id = a % 5 == 4 ? "other" : "big";
      auto id = store_->InsertAssessment(record);
      ASSERT_TRUE(id.ok()) << id.error().message;
      for (int n = 0; n < kNodes; ++n) {
        Answer answer;
        answer.node_id = "N" + std::to_string(n);
        answer.status = n % 2 ? AnswerStatus::kPartial : AnswerStatus::kImplemented;
        if (n % 3 == 0) answer.maturity = n % 6;
        ASSERT_TRUE(store_->InsertAnswer(*id, org, answer).ok());
      }
    }
    ASSERT_TRUE(transaction.Commit().ok());
  }
  int64_t rows = 0, previous = 0, with_maturity = 0, partial = 0;
  bool ordered = true;
  Status streamed = store_->ForEachAnswer(
      "big",
      [&](int64_t assessment_id, std::string_view node_id, AnswerStatus status, int maturity) {
        ordered = ordered && assessment_id >= previous && node_id.front() == 'N';
        previous = assessment_id;
        ++rows;
        if (maturity >= 0) ++with_maturity;
        if (status == AnswerStatus::kPartial) ++partial;
      });
  ASSERT_TRUE(streamed.ok()) << streamed.error().message;
  EXPECT_TRUE(ordered);
  EXPECT_EQ(rows, 20 * kNodes);
  EXPECT_EQ(partial, 20 * kNodes / 2);
  EXPECT_EQ(with_maturity, 20 * ((kNodes + 2) / 3));
  int none = 0;
  ASSERT_TRUE(
      store_
          ->ForEachAnswer("missing", [&](int64_t, std::string_view, AnswerStatus, int) { ++none; })
          .ok());
  EXPECT_EQ(none, 0);
  // The sink may use the store.
  int nested = 0;
  ASSERT_TRUE(store_
                  ->ForEachAnswer("other",
                                  [&](int64_t assessment_id, std::string_view, AnswerStatus, int) {
                                    if (nested++ == 0) {
                                      EXPECT_TRUE(
                                          store_->GetAssessment(assessment_id)->has_value());
                                    }
                                  })
                  .ok());
  EXPECT_EQ(nested, 5 * kNodes);
}

TEST_P(StoreBackendTest, StoresRelationshipsAndDisclosures) {
  const int64_t a = store_->AddOrganisation(Org("7000012050002", "A"))->id;
  const int64_t b = store_->AddOrganisation(Org("8700110005901", "B"))->id;
  SupplyRelationship r;
  r.buyer = a;
  r.supplier = b;
  r.declared_by = a;
  r.kind = RelationshipKind::kItOutsourcing;
  r.data = kDataConfidential | kDataPersonal;
  r.connectivity = Connectivity::kVpn;
  r.start = *ParseDate("2026-01-01");
  size_t failed = 99;
  {
    Transaction transaction(*store_);
    auto id = store_->InsertRelationships({r}, &failed);
    ASSERT_TRUE(id.ok()) << id.error().message;
    ASSERT_TRUE(transaction.Commit().ok());
  }
  SupplyRelationship duplicate = r;
  duplicate.kind = RelationshipKind::kParts;
  {
    Transaction transaction(*store_);
    auto refused = store_->InsertRelationships({duplicate, r}, &failed);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(failed, 1u);
    EXPECT_NE(refused.error().message.find("already has a relationship"), std::string::npos)
        << refused.error().message;
  }
  EXPECT_EQ(*store_->CountRelationships(), 1);
  std::vector<SupplyRelationship> seen;
  ASSERT_TRUE(
      store_->ForEachRelationship([&](const SupplyRelationship& s) { seen.push_back(s); }).ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].kind, RelationshipKind::kItOutsourcing);
  EXPECT_EQ(seen[0].data, kDataConfidential | kDataPersonal);
  EXPECT_EQ(seen[0].connectivity, Connectivity::kVpn);
  EXPECT_EQ(FormatDate(*seen[0].start), "2026-01-01");
  EXPECT_FALSE(seen[0].end.has_value());
  ASSERT_TRUE(store_->AddDisclosure(Disclosure{b, std::nullopt}).ok());
  ASSERT_TRUE(store_->AddDisclosure(Disclosure{b, std::nullopt}).ok());
  ASSERT_TRUE(store_->AddDisclosure(Disclosure{b, a}).ok());
  EXPECT_FALSE(store_->AddDisclosure(Disclosure{b, b}).ok());
  auto disclosures = store_->ListDisclosures();
  ASSERT_TRUE(disclosures.ok());
  ASSERT_EQ(disclosures->size(), 2u);
  EXPECT_FALSE((*disclosures)[0].viewer.has_value());
  EXPECT_EQ((*disclosures)[1].viewer, a);
}

TEST_P(StoreBackendTest, KeepsAccountsSharesRequestsAndTheAuditLog) {
  const int64_t supplier = store_->AddOrganisation(Org("7000012050002", "Supplier"))->id;
  const int64_t buyer = store_->AddOrganisation(Org("8700110005901", "Buyer"))->id;
  auto user = store_->AddUser(
      User{0, supplier, "a@example.jp", "山田", Role::kOrgAdmin, "$argon2id$x", "", std::nullopt});
  ASSERT_TRUE(user.ok()) << user.error().message;
  EXPECT_GT(user->id, 0);
  EXPECT_FALSE(
      store_->AddUser(User{0, buyer, "a@example.jp", "other", Role::kMember, "h", "", std::nullopt}).ok());
  EXPECT_EQ((*store_->FindUserByEmail("a@example.jp"))->display_name, "山田");
  EXPECT_EQ((*store_->GetUser(user->id))->role, Role::kOrgAdmin);
  EXPECT_EQ(store_->ListUsers(supplier)->size(), 1u);

  ASSERT_TRUE(store_
                  ->AddSession(Session{"s-hash", user->id, supplier, "csrf", "2026-11-21T00:00:00Z",
                                       "2026-11-22T00:00:00Z"})
                  .ok());
  EXPECT_EQ((*store_->FindSession("s-hash"))->csrf_token, "csrf");
  ASSERT_TRUE(store_->DeleteSession("s-hash").ok());
  EXPECT_FALSE(store_->FindSession("s-hash")->has_value());

  auto token = store_->AddApiToken(
      ApiToken{0, "t-hash", user->id, supplier, "ci", "2026-11-21T00:00:00Z", std::nullopt, "2027-11-21T00:00:00Z", "read"});
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_EQ(*store_->RevokeApiToken(*token, user->id, "2026-11-21T01:00:00Z"), true);
  EXPECT_EQ(*store_->RevokeApiToken(*token, user->id, "2026-11-21T02:00:00Z"), false);
  EXPECT_EQ((*store_->FindApiToken("t-hash"))->revoked_at, "2026-11-21T01:00:00Z");
  EXPECT_EQ(store_->ListApiTokens(user->id)->size(), 1u);

  ASSERT_TRUE(
      store_
          ->AddInvitation(Invitation{"i-hash", supplier, "b@example.jp", Role::kMember, user->id,
                                     "2026-11-21T00:00:00Z", "2026-11-28T00:00:00Z", std::nullopt})
          .ok());
  ASSERT_TRUE(store_->MarkInvitationAccepted("i-hash", "2026-11-22T00:00:00Z").ok());
  EXPECT_FALSE(store_->MarkInvitationAccepted("i-hash", "2026-11-23T00:00:00Z").ok());
  EXPECT_EQ((*store_->FindInvitation("i-hash"))->accepted_at, "2026-11-22T00:00:00Z");

  AssessmentRecord record;
  record.org_id = supplier;
  record.framework_id = "mini-hub";
  const int64_t assessment = *ImportAssessment(*store_, record, {});
  AssessmentRequest request;
  request.org_id = buyer;
  request.supplier_org_id = supplier;
  request.framework_id = "mini-hub";
  request.required_star = 3;
  request.created_at = "2026-11-21T00:00:00Z";
  auto request_id = store_->AddRequest(request);
  ASSERT_TRUE(request_id.ok()) << request_id.error().message;
  Share share;
  share.org_id = supplier;
  share.assessment_id = assessment;
  share.buyer_org_id = buyer;
  share.detail = ShareDetail::kDetails;
  share.request_id = *request_id;
  share.created_at = "2026-11-21T00:00:00Z";
  auto share_id = store_->AddShare(share);
  ASSERT_TRUE(share_id.ok()) << share_id.error().message;
  ASSERT_TRUE(store_->AnswerRequest(*request_id, *share_id).ok());
  EXPECT_FALSE(store_->AnswerRequest(*request_id, *share_id).ok());
  EXPECT_EQ((*store_->GetRequest(*request_id))->status, "answered");
  EXPECT_EQ((*store_->GetRequest(*request_id))->required_star, 3);
  EXPECT_EQ(store_->ListRequests(buyer)->size(), 1u);
  EXPECT_EQ(store_->ListRequests(supplier)->size(), 1u);
  EXPECT_EQ(store_->ListSharesForBuyer(buyer)->size(), 1u);
  EXPECT_EQ(store_->ListSharesByOwner(supplier)->size(), 1u);
  EXPECT_EQ(store_->ListSharesOfAssessment(assessment)->size(), 1u);
  ASSERT_TRUE(store_->RevokeShare(*share_id, "2026-11-22T00:00:00Z").ok());
  auto revoked = store_->GetShare(*share_id);
  ASSERT_TRUE(revoked.ok() && revoked->has_value());
  EXPECT_EQ((*revoked)->detail, ShareDetail::kDetails);
  EXPECT_FALSE((*revoked)->ActiveAt("2026-11-23T00:00:00Z"));

  Attestation attestation;
  attestation.status = AssessmentStatus::kSubmitted;
  attestation.valid_until = *ParseDate("2027-03-31");
  ASSERT_TRUE(store_->UpdateAssessmentAttestation(assessment, attestation).ok());
  EXPECT_EQ(FormatDate(*(*store_->GetAssessment(assessment))->attestation.valid_until),
            "2027-03-31");
  Answer answer;
  answer.node_id = "H1";
  answer.status = AnswerStatus::kImplemented;
  {
    Transaction transaction(*store_);
    ASSERT_TRUE(store_->ReplaceAnswers(assessment, supplier, {answer}).ok());
    ASSERT_TRUE(transaction.Commit().ok());
  }
  answer.status = AnswerStatus::kPartial;
  ASSERT_TRUE(store_->ReplaceAnswers(assessment, supplier, {answer}).ok());
  ASSERT_EQ(store_->LoadAnswers(assessment)->size(), 1u);
  EXPECT_EQ(store_->LoadAnswers(assessment)->front().status, AnswerStatus::kPartial);

  // The audit chain: the store links each entry to the last one. PostgreSQL hashes in SQL,
  // when the transaction commits; SQLite with the function given, at once; both by
  // AuditChainText's rule (lengths in bytes).
  const Sha256HexFunction sha = [](std::string_view text) { return service::Sha256Hex(text); };
  ASSERT_TRUE(store_->AppendChainedAuditEntry(
      AuditEntry{0, "t1", user->id, supplier, "login", "user/1", "", "", ""}, sha).ok());
  ASSERT_TRUE(store_->AppendChainedAuditEntry(
      AuditEntry{0, "t2", std::nullopt, std::nullopt, "share", "share/1", "共有 {\"詳細\":1}", "", ""}, sha).ok());
  {
    Transaction rolled_back(*store_);  // an append that is rolled back leaves no trace
    ASSERT_TRUE(store_->AppendChainedAuditEntry(AuditEntry{0, "t3", std::nullopt, std::nullopt, "x", "y", "", "", ""}, sha).ok());
  }
  {
    Transaction both(*store_);  // entries of one transaction are chained in the order written
    ASSERT_TRUE(store_->AppendChainedAuditEntry(AuditEntry{0, "t4", std::nullopt, supplier, "z", "w", "", "", ""}, sha).ok());
    ASSERT_TRUE(store_->AppendChainedAuditEntry(AuditEntry{0, "t5", user->id, std::nullopt, "v", "u", "最後", "", ""}, sha).ok());
    ASSERT_TRUE(both.Commit().ok());
  }
  std::vector<AuditEntry> stored;
  ASSERT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry& e) { stored.push_back(e); }).ok());
  ASSERT_EQ(stored.size(), 4u);
  std::string previous(64, '0');
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ(stored[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(stored[i].prev_hash, previous);
    EXPECT_EQ(stored[i].hash, service::Sha256Hex(AuditChainText(stored[i])));
    previous = stored[i].hash;
  }
  EXPECT_EQ(stored[0].actor_user_id, user->id);
  EXPECT_EQ(stored[0].org_id, supplier);
  EXPECT_EQ(stored[1].detail, "共有 {\"詳細\":1}");
  EXPECT_FALSE(stored[1].actor_user_id.has_value());
  EXPECT_EQ(stored[2].at, "t4");
  EXPECT_EQ(stored[2].action, "z");
  EXPECT_EQ(stored[3].at, "t5");
  EXPECT_EQ(stored[3].detail, "最後");
}

TEST_P(StoreBackendTest, AnAuditEntryThatCannotBeChainedFailsItsCommitAndNothingIsKept) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "only PostgreSQL chains entries at commit";
  const Sha256HexFunction sha = [](std::string_view text) { return service::Sha256Hex(text); };
  ASSERT_TRUE(store_->AppendChainedAuditEntry(AuditEntry{0, "t1", std::nullopt, std::nullopt, "a", "b", "", "", ""}, sha).ok());
  // Without its head the chain cannot go on: the COMMIT fails, and the organisation written
  // in the same transaction is not kept either.
  ASSERT_TRUE(ExecuteStatement(store_->Sql(), "test", "DELETE FROM audit_head", SqlParams()).ok());
  {
    Transaction transaction(*store_);
    ASSERT_TRUE(store_->AddOrganisation(Org("8700110005901", "Not kept")).ok());
    ASSERT_TRUE(store_->AppendChainedAuditEntry(AuditEntry{0, "t2", std::nullopt, std::nullopt, "c", "d", "", "", ""}, sha).ok());
    const Status committed = transaction.Commit();
    ASSERT_FALSE(committed.ok());
    EXPECT_NE(committed.error().message.find("audit_head"), std::string::npos) << committed.error().message;
  }
  EXPECT_FALSE(store_->FindOrganisation(*CorporateNumber::Parse("8700110005901"))->has_value());
  int entries = 0;
  ASSERT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry&) { ++entries; }).ok());
  EXPECT_EQ(entries, 1);
  int64_t pending = -1;
  ASSERT_TRUE(store_->Sql().Execute("test", "SELECT count(*) FROM audit_pending", SqlParams(),
                                    [&](const SqlRow& row) { pending = row.Int(0); }).ok());
  EXPECT_EQ(pending, 0);
}

TEST_P(StoreBackendTest, ACommitDoesNotWaitForTheAuditHeadAndItsEntryIsChainedByTheNextHolder) {
  if (GetParam() != "postgresql") GTEST_SKIP() << "only PostgreSQL chains entries at commit";
  const Sha256HexFunction sha = [](std::string_view text) { return service::Sha256Hex(text); };
  ASSERT_TRUE(store_->AppendChainedAuditEntry(AuditEntry{0, "t1", std::nullopt, std::nullopt, "a", "b", "", "", ""}, sha).ok());
  const auto pending = [&] {
    int64_t count = -1;
    EXPECT_TRUE(store_->Sql().Execute("test", "SELECT count(*) FROM audit_pending", SqlParams(),
                                      [&](const SqlRow& row) { count = row.Int(0); }).ok());
    return count;
  };
  EXPECT_EQ(pending(), 0);  // chained at its commit: nobody held the head
  auto other = Store::Open(url_);
  ASSERT_TRUE(other.ok()) << other.error().message;
  {
    // Another transaction holds the head (as a COMMIT chaining its entries does). A commit that
    // waited for it would fail here after the lock timeout instead of hanging the test.
    Transaction holder(**other);
    ASSERT_TRUE(ExecuteStatement((*other)->Sql(), "test", "SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE", SqlParams()).ok());
    ASSERT_TRUE(ExecuteStatement(store_->Sql(), "test", "SET lock_timeout = '5s'", SqlParams()).ok());
    Transaction transaction(*store_);
    ASSERT_TRUE(store_->AddOrganisation(Org("8700110005901", "Kept")).ok());
    ASSERT_TRUE(store_->AppendChainedAuditEntry(AuditEntry{0, "t2", std::nullopt, std::nullopt, "c", "d", "x", "", ""}, sha).ok());
    const Status committed = transaction.Commit();
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    EXPECT_TRUE(store_->FindOrganisation(*CorporateNumber::Parse("8700110005901"))->has_value());
    EXPECT_EQ(pending(), 1);  // kept, waiting for the head
  }  // the holder rolls back
  // A reader chains what waits before it reads.
  std::vector<AuditEntry> stored;
  ASSERT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry& e) { stored.push_back(e); }).ok());
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].seq, 2);
  EXPECT_EQ(stored[1].action, "c");
  EXPECT_EQ(stored[1].prev_hash, stored[0].hash);
  EXPECT_EQ(stored[1].hash, service::Sha256Hex(AuditChainText(stored[1])));
  EXPECT_EQ(pending(), 0);
  const auto head = AuditRepository(store_->Sql()).ReadHead();
  ASSERT_TRUE(head.ok() && head->has_value());
  EXPECT_EQ((*head)->seq, 2);
  EXPECT_EQ((*head)->hash, stored[1].hash);
}

TEST_P(StoreBackendTest, ConcurrentAuditAppendsFromSeveralConnectionsFormOneChain) {
  // Each thread has its own store (its own connection), as server threads and nodes do.
  constexpr int kThreads = 4, kEach = 25;
  const Sha256HexFunction sha = [](std::string_view text) { return service::Sha256Hex(text); };
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto opened = Store::Open(url_);
      if (!opened.ok()) { ++failures; return; }
      for (int i = 0; i < kEach; ++i) {
        Transaction transaction(**opened);
        const Status appended = (*opened)->AppendChainedAuditEntry(
            AuditEntry{0, "t", std::nullopt, std::nullopt, "test", "thread/" + std::to_string(t), std::to_string(i), "", ""}, sha);
        if (!appended.ok() || !transaction.Commit().ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::string previous(64, '0');
  int64_t expected = 1;
  ASSERT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry& e) {
    EXPECT_EQ(e.seq, expected++);
    EXPECT_EQ(e.prev_hash, previous);
    EXPECT_EQ(e.hash, service::Sha256Hex(AuditChainText(e)));
    previous = e.hash;
  }).ok());
  EXPECT_EQ(expected, kThreads * kEach + 1);
}

TEST_P(StoreBackendTest, ActiveSharesOfManySuppliersAreReadAtOnceAsOneByOne) {
  // 70 suppliers (more than one chunk of store/id_list.h), each sharing one assessment with
  // the buyer; every third share revoked. Any subset, with repeats, lists as the suppliers'
  // own lists put together, in share id order within a chunk.
  const int64_t buyer = store_->AddOrganisation(Org("8700110005901", "Buyer"))->id;
  std::vector<int64_t> suppliers;
  for (int i = 0; i < 70; ++i) {
    const std::string base = std::to_string(100000000000 + i);
    const auto number = CorporateNumber::Parse(std::to_string(CorporateNumber::CheckDigitFor(base)) + base);
    ASSERT_TRUE(number.ok());
    const int64_t supplier =
        store_->AddOrganisation(Organisation{0, *number, "S" + std::to_string(i), *Industry::Parse("E"), 5, 1, ""})->id;
    AssessmentRecord record;
    record.org_id = supplier;
    record.framework_id = "mini-hub";
    record.attestation.status = AssessmentStatus::kSubmitted;
    Share share;
    share.org_id = supplier;
    share.assessment_id = *ImportAssessment(*store_, record, {});
    share.buyer_org_id = buyer;
    share.created_at = "2026-11-21T00:00:00Z";
    const int64_t id = *store_->AddShare(share);
    if (i % 3 == 0) {
      ASSERT_TRUE(store_->RevokeShare(id, "2026-11-21T01:00:00Z").ok());
    }
    suppliers.push_back(supplier);
    // Signed levels for every fifth: active, or (for some) suspended or expired.
    if (i % 5 == 1) {
      IssuedAttestation attestation;
      attestation.id = "attestation-" + std::to_string(1000000000 + i);  // 22 characters
      attestation.assessment_id = share.assessment_id;
      attestation.org_id = supplier;
      attestation.level = 3;
      attestation.kind = "expert_confirmed";
      attestation.framework_id = "mini-hub";
      attestation.status_index = i;
      attestation.jws = "x.y.z";
      attestation.issued_at = attestation.valid_from = "2026-11-21T00:00:00Z";
      attestation.expires_at = i == 16 ? "2026-11-24T00:00:00Z" : "2027-11-21T00:00:00Z";
      if (i == 11) attestation.state = IssuedState::kSuspended;
      const Status inserted = AttestationRepository(store_->Sql()).Insert(attestation);
      ASSERT_TRUE(inserted.ok()) << inserted.error().message;
    }
  }
  SharingRepository sharing(store_->Sql());
  AttestationRepository attestations(store_->Sql());
  const std::string now = "2026-11-25T00:00:00Z";
  const auto share_ids = [](const std::vector<SharedAssessment>& list) {
    std::vector<int64_t> ids;
    for (const SharedAssessment& shared : list) ids.push_back(shared.share.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  for (const std::vector<int64_t>& wanted :
       {suppliers, std::vector<int64_t>{suppliers[1]}, std::vector<int64_t>{suppliers[2], suppliers[0], suppliers[2]},
        std::vector<int64_t>(suppliers.begin() + 3, suppliers.begin() + 8), std::vector<int64_t>{}}) {
    std::vector<SharedAssessment> one_by_one;
    std::unordered_map<int64_t, std::string> signed_one_by_one;
    std::vector<int64_t> distinct = wanted;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (const int64_t supplier : distinct) {
      auto some = sharing.ListActiveSharedAssessmentsFrom(buyer, supplier, now);
      ASSERT_TRUE(some.ok()) << some.error().message;
      one_by_one.insert(one_by_one.end(), some->begin(), some->end());
      auto signed_levels = attestations.ActiveSharedWith(buyer, supplier, now);
      ASSERT_TRUE(signed_levels.ok()) << signed_levels.error().message;
      signed_one_by_one.insert(signed_levels->begin(), signed_levels->end());
    }
    const auto at_once = sharing.ListActiveSharedAssessmentsFrom(buyer, wanted, now);
    ASSERT_TRUE(at_once.ok()) << at_once.error().message;
    EXPECT_EQ(share_ids(*at_once), share_ids(one_by_one)) << wanted.size() << " suppliers";
    for (size_t i = 1; i < at_once->size() && wanted.size() <= kIdListChunk; ++i) {
      EXPECT_LT((*at_once)[i - 1].share.id, (*at_once)[i].share.id);
    }
    const auto signed_levels = attestations.ActiveSharedWith(buyer, wanted, now);
    ASSERT_TRUE(signed_levels.ok()) << signed_levels.error().message;
    EXPECT_EQ(*signed_levels, signed_one_by_one) << wanted.size() << " suppliers";
  }
  EXPECT_EQ(share_ids(*sharing.ListActiveSharedAssessmentsFrom(buyer, suppliers, now)).size(), 46u);
  // i = 1 .. 66 by fives: 14 issued; 11 suspended and 16 expired leave 12. (Those behind the
  // revoked shares of 6, 21, 36, 51 and 66 count: a board joins them to its active shares.)
  EXPECT_EQ(attestations.ActiveSharedWith(buyer, suppliers, now)->size(), 12u);
}

TEST_P(StoreBackendTest, KeepsResultsSharedAssessmentsAndBuyerPolicies) {
  const int64_t supplier = store_->AddOrganisation(Org("7000012050002", "Supplier"))->id;
  const int64_t buyer = store_->AddOrganisation(Org("8700110005901", "Buyer"))->id;
  AssessmentRecord record;
  record.org_id = supplier;
  record.framework_id = "mini-hub";
  record.attestation.status = AssessmentStatus::kSubmitted;
  const int64_t first = *ImportAssessment(*store_, record, {});
  const int64_t second = *ImportAssessment(*store_, record, {});
  EXPECT_EQ(*store_->AssessmentsWithoutResult(), (std::vector<int64_t>{first, second}));

  ASSERT_TRUE(store_->PutAssessmentResult(AssessmentResult{first, 2, 0b11100, R"({"x":1})", "t1"}).ok());
  ASSERT_TRUE(store_->PutAssessmentResult(AssessmentResult{first, 3, 0b11100, R"({"x":2})", "t2"}).ok());  // replaces
  const auto stored = store_->GetAssessmentResult(first);
  ASSERT_TRUE(stored.ok() && stored->has_value()) << (stored.ok() ? "" : stored.error().message);
  EXPECT_EQ((*stored)->eligible_star, 3);
  EXPECT_EQ((*stored)->present_stars, 0b11100);
  EXPECT_EQ((*stored)->evaluation, R"({"x":2})");
  EXPECT_EQ(*store_->AssessmentsWithoutResult(), (std::vector<int64_t>{second}));
  EXPECT_FALSE(store_->PutAssessmentResult(AssessmentResult{9999, 1, 0, "{}", "t"}).ok());  // no such assessment


  // Active shares joined with assessment, result and supplier; revoked and expired ones left out.
  const auto share = [&](int64_t assessment, std::optional<std::string> expires) {
    Share s;
    s.org_id = supplier;
    s.assessment_id = assessment;
    s.buyer_org_id = buyer;
    s.created_at = "2026-11-21T00:00:00Z";
    s.expires_at = std::move(expires);
    return *store_->AddShare(s);
  };
  share(first, std::nullopt);
  share(second, "2026-12-01T00:00:00Z");
  const int64_t revoked = share(first, std::nullopt);
  ASSERT_TRUE(store_->RevokeShare(revoked, "2026-11-21T01:00:00Z").ok());
  auto active = store_->ListActiveSharedAssessments(buyer, "2026-11-25T00:00:00Z");
  ASSERT_TRUE(active.ok()) << active.error().message;
  ASSERT_EQ(active->size(), 2u);
  EXPECT_EQ((*active)[0].record.id, first);
  EXPECT_EQ((*active)[0].record.attestation.status, AssessmentStatus::kSubmitted);
  EXPECT_EQ((*active)[0].supplier.name, "Supplier");
  ASSERT_TRUE((*active)[0].result.has_value());
  EXPECT_EQ((*active)[0].result->eligible_star, 3);
  EXPECT_TRUE((*active)[0].result->evaluation.empty());  // not needed for lists
  EXPECT_FALSE((*active)[1].result.has_value());
  EXPECT_EQ(store_->ListActiveSharedAssessments(buyer, "2026-12-02T00:00:00Z")->size(), 1u);
  EXPECT_TRUE(store_->ListActiveSharedAssessments(supplier, "2026-11-25T00:00:00Z")->empty());

  EXPECT_FALSE(store_->GetBuyerPolicy(buyer)->has_value());
  ASSERT_TRUE(store_->PutBuyerPolicy(BuyerPolicy{buyer, "rule a: always => star3 \"x\"", std::nullopt, "t1"}).ok());
  ASSERT_TRUE(store_->PutBuyerPolicy(BuyerPolicy{buyer, "rule b: always => star4 \"y\"", std::nullopt, "t2"}).ok());
  const auto policy = store_->GetBuyerPolicy(buyer);
  ASSERT_TRUE(policy.ok() && policy->has_value());
  EXPECT_EQ((*policy)->rules, "rule b: always => star4 \"y\"");
  EXPECT_EQ((*policy)->updated_at, "t2");

  // Typed category rows are written and replaced with the result, and read back in order.
  AssessmentResult typed{first, 3, 0b11100, R"({"x":3})", "t3"};
  typed.categories = {{"GV", 0.5, 2.25}, {"PR", 1.0, 4.0}};
  ASSERT_TRUE(store_->PutAssessmentResult(typed).ok());
  typed.categories = {{"GV", 0.75, 3.0}, {"PR", 0.25, 1.5}};
  ASSERT_TRUE(store_->PutAssessmentResult(typed).ok());
  const auto read = store_->GetAssessmentResult(first);
  ASSERT_TRUE(read.ok() && read->has_value());
  ASSERT_EQ((*read)->categories.size(), 2u);
  EXPECT_EQ((*read)->categories[0].category, "GV");
  EXPECT_DOUBLE_EQ((*read)->categories[0].coverage, 0.75);
  EXPECT_DOUBLE_EQ((*read)->categories[1].maturity, 1.5);
  // An industry's latest non-draft, non-revoked result per organisation: `second` is later
  // but has no stored result, so the supplier is left out until it has one; once it has,
  // it stands for the supplier.
  const char major = Org("7000012050002", "x").industry.major;
  auto latest = store_->ListLatestCategoryResults("mini-hub", major);
  ASSERT_TRUE(latest.ok()) << latest.error().message;
  EXPECT_TRUE(latest->empty());
  AssessmentResult later{second, 1, 0b11100, "{}", "t4"};
  later.categories = {{"GV", 0.1, 0.5}};
  ASSERT_TRUE(store_->PutAssessmentResult(later).ok());
  latest = store_->ListLatestCategoryResults("mini-hub", major);
  ASSERT_TRUE(latest.ok()) << latest.error().message;
  ASSERT_EQ(latest->size(), 1u);
  EXPECT_EQ((*latest)[0].org_id, supplier);
  EXPECT_EQ((*latest)[0].assessment_id, second);
  ASSERT_EQ((*latest)[0].categories.size(), 1u);
  EXPECT_DOUBLE_EQ((*latest)[0].categories[0].coverage, 0.1);
  EXPECT_TRUE(store_->ListLatestCategoryResults("other-framework", major)->empty());
  EXPECT_TRUE(store_->ListLatestCategoryResults("mini-hub", major == 'A' ? 'B' : 'A')->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreBackendTest, testing::Values("sqlite", "postgresql"),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// PostgreSQL only: what happens when the server goes away under an open transaction.
class PgConnectionTest : public testing::Test {
 protected:
  void SetUp() override {
    if (PgAdminUrl().empty()) {
      GTEST_SKIP() << kPgUrlVariable << " is not set: PostgreSQL tests skipped";
    }
    database_ = std::make_unique<PgTestDatabase>(PgAdminUrl());
  }
  std::unique_ptr<PgTestDatabase> database_;
};

TEST_F(PgConnectionTest, ALostConnectionFailsTheTransactionAndIsNotReestablished) {
  auto opened = Store::Open(database_->url());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = **opened;
  ASSERT_TRUE(store
                  .AddOrganisation(Organisation{0, *CorporateNumber::Parse("7000012050002"), "A",
                                                *Industry::Parse("E"), 5, 1, ""})
                  .ok());
  {
    Transaction transaction(store);
    ASSERT_TRUE(transaction.begun().ok());
    AssessmentRecord record;
    record.org_id = 1;
    record.framework_id = "mini-hub";
    ASSERT_TRUE(store.InsertAssessment(record).ok());
    // The server ends the store's session, as a crash or an administrator would.
    {
      pqxx::connection admin(database_->admin_url());
      pqxx::nontransaction tx(admin);
      tx.exec_params("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
                     database_->name());
    }
    auto after = store.InsertAssessment(record);
    ASSERT_FALSE(after.ok());
    EXPECT_NE(after.error().message.find("PostgreSQL"), std::string::npos) << after.error().message;
    Status committed = transaction.Commit();
    EXPECT_FALSE(committed.ok());
  }
  // Still failing: no silent reconnection outside the transaction.
  auto later = store.ListAssessments(std::nullopt);
  ASSERT_FALSE(later.ok());
  EXPECT_NE(later.error().message.find("reopen"), std::string::npos) << later.error().message;
  auto reopened = Store::Open(database_->url());
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_TRUE((*reopened)->ListAssessments(std::nullopt)->empty());
  EXPECT_EQ((*reopened)->ListOrganisations()->size(), 1u);
}

TEST(PgStoreOpen, ConnectionErrorsSayWhereAndNeverShowThePassword) {
  // Port 1 on loopback: nothing listens there.
  auto opened = Store::Open("postgresql://alice:s3cr%3Et-pw@127.0.0.1:1/hoshitori");
  ASSERT_FALSE(opened.ok());
  const std::string& message = opened.error().message;
  EXPECT_NE(message.find("cannot connect to PostgreSQL at alice@127.0.0.1:1/hoshitori"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("s3cr"), std::string::npos) << message;
  auto not_a_url = Store::Open("postgresql:hoshitori");
  ASSERT_FALSE(not_a_url.ok());
  EXPECT_NE(not_a_url.error().message.find("postgresql://user@host:port/database"),
            std::string::npos);
  auto malformed = Store::Open("postgresql://bob:pa55word@127.0.0.1:1/db?nonsense=1");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().message.find("pa55word"), std::string::npos)
      << malformed.error().message;
}

}  // namespace
}  // namespace hoshitori
