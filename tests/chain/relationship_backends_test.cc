// Confirming and ending relationships and withdrawing disclosures, on SQLite and on
// PostgreSQL. The PostgreSQL cases need HOSHITORI_TEST_PG_URL (a database whose user may
// create databases; scripts/pg-test-server.sh starts one) and are skipped without it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <random>

#include "../operator_imports.h"
#include "chain/relationship.h"
#include "store/store.h"

namespace hoshitori {
namespace {

class RelationshipBackendTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::random_device random;
    const std::string unique = std::to_string(::getpid()) + "_" + std::to_string(random() % 1'000'000);
    std::string url;
    if (GetParam() == "postgresql") {
      const char* admin = std::getenv("HOSHITORI_TEST_PG_URL");
      if (!admin || !*admin) GTEST_SKIP() << "HOSHITORI_TEST_PG_URL is not set: PostgreSQL cases skipped";
      admin_url_ = admin;
      database_ = "hoshitori_rel_" + unique;
      pqxx::connection connection(admin_url_);
      pqxx::nontransaction(connection).exec("CREATE DATABASE " + database_);
      const size_t slash = admin_url_.find('/', admin_url_.find("://") + 3);
      const size_t query = admin_url_.find('?');
      url = admin_url_.substr(0, std::min(slash, query)) + "/" + database_ +
            (query == std::string::npos ? "" : admin_url_.substr(query));
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("hoshitori-rel-" + unique);
      std::filesystem::create_directories(dir_);
      url = "sqlite:" + (dir_ / "t.db").string();
    }
    auto opened = Store::Open(url);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
    for (const char* number : {"7000012050002", "8700110005901", "4180001234567"}) {
      orgs_.push_back(store_->AddOrganisation(Organisation{0, *CorporateNumber::Parse(number), number,
                                                           *Industry::Parse("E"), 50, 10'000'000, ""})
                          ->id);
    }
  }
  void TearDown() override {
    store_.reset();
    if (!database_.empty()) {
      pqxx::connection connection(admin_url_);
      pqxx::nontransaction(connection).exec("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
    }
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Declares buyer → supplier as `declarer` through the API's path (unconfirmed).
  int64_t Declare(int64_t buyer, int64_t supplier, int64_t declarer) {
    Transaction transaction(*store_);
    const std::string json = R"({"relationships": [{"buyer": ")" + Number(buyer) + R"(", "supplier": ")" +
                             Number(supplier) + R"(", "kind": "parts"}]})";
    auto stored = service::StageRelationships(
        *store_, json,
        service::RelationshipImportOptions{*CorporateNumber::Parse(Number(declarer))});
    EXPECT_TRUE(stored.ok()) << stored.error().message;
    if (!stored.ok()) return 0;
    EXPECT_TRUE(transaction.Commit().ok());
    EXPECT_FALSE((*stored)[0].confirmed);
    EXPECT_GT((*stored)[0].id, 0);
    return (*stored)[0].id;
  }
  std::string Number(int64_t id) { return (*store_->GetOrganisation(id))->corporate_number.digits(); }
  std::vector<SupplyRelationship> All() {
    std::vector<SupplyRelationship> out;
    EXPECT_TRUE(store_->ForEachRelationship([&](const SupplyRelationship& r) { out.push_back(r); }).ok());
    return out;
  }

  std::string admin_url_, database_;
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::vector<int64_t> orgs_;
};

TEST_P(RelationshipBackendTest, ADeclarationIsConfirmedOnlyByTheOtherParty) {
  const int64_t a = orgs_[0], b = orgs_[1], c = orgs_[2];
  const int64_t id = Declare(a, b, a);
  ASSERT_GT(id, 0);
  auto stored = store_->GetRelationship(id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_FALSE((*stored)->confirmed);
  EXPECT_EQ((*stored)->declared_by, a);
  const std::string now = "2026-06-01T00:00:00Z";
  EXPECT_FALSE(*store_->ConfirmRelationship(id, a, now));  // the declarer cannot
  EXPECT_FALSE(*store_->ConfirmRelationship(id, c, now));  // nor a stranger
  EXPECT_TRUE(*store_->ConfirmRelationship(id, b, now));
  EXPECT_FALSE(*store_->ConfirmRelationship(id, b, now));  // once
  EXPECT_TRUE((*store_->GetRelationship(id))->confirmed);
  ASSERT_EQ(All().size(), 1u);
  EXPECT_TRUE(All()[0].confirmed);
}

TEST_P(RelationshipBackendTest, EitherPartyEndsAndTheSamePairMayBeDeclaredAgain) {
  const int64_t a = orgs_[0], b = orgs_[1], c = orgs_[2];
  const int64_t id = Declare(a, b, b);  // b claims to supply a
  const std::string now = "2026-06-01T00:00:00Z";
  EXPECT_FALSE(*store_->EndRelationship(id, c, now));
  EXPECT_TRUE(*store_->EndRelationship(id, a, now));  // a rejects the claim
  EXPECT_FALSE(*store_->EndRelationship(id, a, now));
  EXPECT_FALSE(*store_->ConfirmRelationship(id, a, now));  // ended: nothing to confirm
  EXPECT_FALSE(store_->GetRelationship(id)->has_value());
  EXPECT_TRUE(All().empty());
  EXPECT_EQ(*store_->CountRelationships(), 0);
  const int64_t again = Declare(a, b, a);
  EXPECT_NE(again, id);
  EXPECT_EQ(All().size(), 1u);
}

TEST_P(RelationshipBackendTest, AnOperatorsImportIsConfirmedAndDisclosuresCanBeWithdrawn) {
  const int64_t a = orgs_[0], b = orgs_[1];
  ASSERT_TRUE(testing_support::ImportRelationshipsAsOperator(
                  *store_, "buyer,supplier,kind\n" + Number(a) + "," + Number(b) + ",parts\n")
                  .ok());
  ASSERT_EQ(All().size(), 1u);
  EXPECT_TRUE(All()[0].confirmed);

  ASSERT_TRUE(store_->AddDisclosure(Disclosure{b, std::nullopt}).ok());
  ASSERT_TRUE(store_->AddDisclosure(Disclosure{b, a}).ok());
  EXPECT_TRUE(*store_->RemoveDisclosure(Disclosure{b, std::nullopt}));
  EXPECT_FALSE(*store_->RemoveDisclosure(Disclosure{b, std::nullopt}));
  ASSERT_EQ(store_->ListDisclosures()->size(), 1u);
  EXPECT_EQ((*store_->ListDisclosures())[0].viewer, a);
  EXPECT_TRUE(*store_->RemoveDisclosure(Disclosure{b, a}));
  EXPECT_TRUE(store_->ListDisclosures()->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, RelationshipBackendTest, testing::Values("sqlite", "postgresql"),
                         [](const testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace hoshitori
