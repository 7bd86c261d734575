// Storing and importing relationships in SQLite: all or nothing, errors name the row.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "../operator_imports.h"
#include "chain/traversal.h"
#include "store/supply_graph_loader.h"

namespace hoshitori {
namespace {

// Corporate numbers with valid check digits.
std::string Number(int i) {
  std::string base = std::to_string(100000000000LL + i);
  return std::to_string(CorporateNumber::CheckDigitFor(base)) + base;
}

class RelationshipStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("hoshitori-chain-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::move(Store::Open((dir_ / "t.db").string())).value();
    std::string csv = "corporate_number,name,industry,employees,capital_yen\n";
    for (int i = 1; i <= 5; ++i) csv += Number(i) + ",Org" + std::to_string(i) + ",E-29,50,10000000\n";
    ASSERT_EQ(*testing_support::ImportOrganisationsAsOperator(*store_, csv), 5);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  int64_t Count() { return *store_->CountRelationships(); }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(RelationshipStoreTest, ImportsCsvAndLoadsTheGraph) {
  const std::string csv =
      "buyer,supplier,kind,data,connectivity,substitutability,critical,on_supplier_it,start,end,declared_by\n" +
      Number(1) + "," + Number(2) + ",parts,confidential|personal,vpn,single_source,yes,no,2026-01-01,,\n" +
      Number(2) + "," + Number(3) + ",subcontracting,,,,,,,," + Number(2) + "\n" +
      Number(3) + "," + Number(4) + ",cloud_service,important_confidential,ot,delayed,no,yes,,2026-12-31," + Number(4) + "\n";
  auto summary = testing_support::ImportRelationshipsAsOperator(*store_, csv);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->relationships, 3);
  EXPECT_EQ(Count(), 3);
  ASSERT_TRUE(store_->AddDisclosure(Disclosure{2, std::nullopt}).ok());
  ASSERT_TRUE(store_->AddDisclosure(Disclosure{2, std::nullopt}).ok());  // idempotent
  ASSERT_TRUE(store_->AddDisclosure(Disclosure{4, 1}).ok());
  EXPECT_EQ(store_->ListDisclosures()->size(), 2u);

  auto graph = LoadSupplyGraph(*store_);
  ASSERT_TRUE(graph.ok()) << graph.error().message;
  EXPECT_EQ(graph->node_count(), 5u);
  EXPECT_EQ(graph->edge_count(), 3u);
  const SupplyRelationship first = graph->relationship(0);
  EXPECT_EQ(first.kind, RelationshipKind::kParts);
  EXPECT_EQ(first.data, kDataConfidential | kDataPersonal);
  EXPECT_EQ(first.connectivity, Connectivity::kVpn);
  EXPECT_EQ(first.substitutability, Substitutability::kSingleSource);
  EXPECT_TRUE(first.production_critical);
  EXPECT_FALSE(first.on_supplier_it);
  EXPECT_EQ(FormatDate(*first.start), "2026-01-01");
  EXPECT_EQ(first.declared_by, first.buyer);

  // Organisation 1 sees all three tiers: 2 disclosed to everyone upstream, 4 to it by name.
  TraversalWorkspace workspace;
  Reach reach;
  const NodeId buyer = *graph->FindNode(1);
  ComputeTiers(GraphView(*graph, buyer, *ParseDate("2026-06-01")), buyer, kUnlimitedTiers, workspace, reach);
  EXPECT_EQ(reach.size(), 4u);
  // On 2027-01-01 the cloud relationship has ended.
  ComputeTiers(GraphView(*graph, buyer, *ParseDate("2027-01-01")), buyer, kUnlimitedTiers, workspace, reach);
  EXPECT_EQ(reach.size(), 3u);
}

TEST_F(RelationshipStoreTest, BadRowsStoreNothingAndAreAllNamed) {
  const std::string csv = "buyer,supplier,kind,connectivity\n" +
                          Number(1) + "," + Number(2) + ",parts,vpn\n" +
                          Number(1) + "," + Number(9) + ",parts,vpn\n" +      // row 3: not registered
                          Number(2) + "," + Number(3) + ",spaceship,vpn\n" +  // row 4: unknown kind
                          Number(3) + "," + Number(3) + ",parts,vpn\n" +      // row 5: self-loop
                          Number(3) + "," + Number(4) + ",parts,wifi\n";      // row 6: connectivity
  auto summary = testing_support::ImportRelationshipsAsOperator(*store_, csv);
  ASSERT_FALSE(summary.ok());
  const std::string& message = summary.error().message;
  EXPECT_NE(message.find("4 bad rows; nothing was imported"), std::string::npos) << message;
  EXPECT_NE(message.find("row 3: supplier " + Number(9) + " is not registered"), std::string::npos) << message;
  EXPECT_NE(message.find("row 4: relationship kind 'spaceship' is not known"), std::string::npos) << message;
  EXPECT_NE(message.find("row 5: an organisation cannot be its own supplier"), std::string::npos) << message;
  EXPECT_NE(message.find("row 6: connectivity 'wifi'"), std::string::npos) << message;
  EXPECT_EQ(Count(), 0);
}

TEST_F(RelationshipStoreTest, DuplicateAgainstTheDatabaseRollsBackTheWholeFile) {
  ASSERT_TRUE(testing_support::ImportRelationshipsAsOperator(
                  *store_, "buyer,supplier,kind\n" + Number(1) + "," + Number(2) + ",parts\n")
                  .ok());
  const std::string csv = "buyer,supplier,kind\n" + Number(2) + "," + Number(3) + ",parts\n" + Number(1) + "," +
                          Number(2) + ",parts\n";
  auto summary = testing_support::ImportRelationshipsAsOperator(*store_, csv);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("row 3: this buyer already has a relationship of this kind"),
            std::string::npos)
      << summary.error().message;
  EXPECT_EQ(Count(), 1);
}

TEST_F(RelationshipStoreTest, DeclarerMustBeAParty) {
  const std::string csv = "buyer,supplier,kind,declared_by\n" + Number(1) + "," + Number(2) + ",parts," + Number(3) + "\n";
  auto summary = testing_support::ImportRelationshipsAsOperator(*store_, csv);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.error().message.find("row 2: a relationship is declared by its buyer or its supplier"),
            std::string::npos)
      << summary.error().message;
}

TEST_F(RelationshipStoreTest, HeaderErrors) {
  auto unknown =
      testing_support::ImportRelationshipsAsOperator(*store_, "buyer,supplier,kind,colour\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("row 1: unknown column 'colour'"), std::string::npos);
  auto missing = testing_support::ImportRelationshipsAsOperator(*store_, "buyer,kind\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("at least buyer,supplier,kind"), std::string::npos);
}

TEST_F(RelationshipStoreTest, ImportsJson) {
  const std::string json = R"({"relationships": [
      {"buyer": ")" + Number(1) + R"(", "supplier": ")" + Number(2) + R"(", "kind": "it_outsourcing",
       "data": "important_confidential", "critical": true},
      {"buyer": ")" + Number(2) + R"(", "supplier": ")" + Number(5) + R"(", "kind": "logistics"}]})";
  auto summary = testing_support::ImportRelationshipsAsOperator(*store_, json);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->relationships, 2);
  auto bad = testing_support::ImportRelationshipsAsOperator(
      *store_, R"([{"buyer": ")" + Number(3) + R"(", "supplier": 7, "kind": "parts"}])");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("relationship 1: supplier must be a string"), std::string::npos)
      << bad.error().message;
  EXPECT_EQ(Count(), 2);
}

TEST_F(RelationshipStoreTest, DeclaredByOptionAppliesToEveryRow) {
  service::RelationshipImportOptions options;
  options.declared_by = *CorporateNumber::Parse(Number(2));
  const std::string csv = "buyer,supplier,kind\n" + Number(2) + "," + Number(3) + ",parts\n";
  ASSERT_TRUE(testing_support::ImportRelationshipsAsOperator(*store_, csv, options).ok());
  auto graph = LoadSupplyGraph(*store_);
  ASSERT_TRUE(graph.ok());
  EXPECT_EQ(graph->relationship(0).declared_by, 2);
}

}  // namespace
}  // namespace hoshitori
