// Warnings along the supply chain for SBOM matches (service/exposure_service.h), on SQLite and
// PostgreSQL: an advisory import warns every buyer that receives an affected version over a
// delivery that discloses matches (once per advisory and delivery, naming the supplier, the
// product, the component, the advisory and the supplier's VEX status), and nobody else; a
// version delivered after the advisory was imported warns too; the buyer's exposure and the
// supplier's customers to tell; the server's engines pick up advisories another process
// imported.
#include "service/exposure_service.h"

#include <filesystem>

#include "service/chain_service.h"
#include "api_test_support.h"
#include "service/advisory_service.h"
#include "service/inbox_service.h"
#include "service/product_service.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;
using testing_support::Caller;
namespace fs = std::filesystem;

// Real advisories: PyPA's aiohttp entries (tests/data/osv/pypa/aiohttp), among them
// PYSEC-2023-246 (aliases CVE-2023-47627, GHSA-gfw2-4jvh-wgfg): every version before 3.8.6.
const fs::path kAiohttp = fs::path(HOSHITORI_SOURCE_DIR) / "tests/data/osv/pypa/aiohttp";

// A CycloneDX SBOM with one component.
std::string Sbom(const std::string& purl) {
  return R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[)"
         R"({"type":"library","name":"component","version":"x","purl":")" +
         purl + R"("}]})";
}

class ExposureServiceTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    supplier_ = SignUp("1010001000006", "admin@supplier.test");
    buyer_ = SignUp("2010001000005", "admin@buyer.test");
    quiet_buyer_ = SignUp("3010001000004", "admin@quiet.test");
    stranger_ = SignUp("4010001000003", "admin@stranger.test");
  }

  service::Context As(const Caller& caller) {
    service::Actor actor;
    actor.principal = service::Principal{caller.user_id, caller.org_id, Role::kOrgAdmin};
    return service::Context{*store_, testing_support::ShippedCatalog(), clock_, nullptr, actor};
  }

  int64_t Relationship(const Caller& buyer) {
    const std::string b = std::to_string(buyer.org_id), s = std::to_string(supplier_.org_id);
    RawSql("INSERT INTO relationships (org_id, buyer_id, supplier_id, kind, created_at, confirmed_at) "
           "VALUES (" + b + ", " + b + ", " + s + ", 'it_outsourcing', '2026-01-01T00:00:00Z', "
           "'2026-01-02T00:00:00Z')");
    int64_t id = 0;
    EXPECT_TRUE(store_->Sql()
                    .Execute("test", "SELECT MAX(id) FROM relationships", SqlParams(),
                             [&](const SqlRow& row) { id = row.Int(0); })
                    .ok());
    return id;
  }

  // The supplier's product `name` at version 1.0 carrying `purl`, delivered to `buyer` (and
  // to the quiet buyer without disclosing matches).
  int64_t DeliveredVersion(const std::string& name, const std::string& purl) {
    service::Context context = As(supplier_);
    service::ProductService products(context);
    auto product = products.CreateProduct({supplier_.org_id, name, service::ProductKind::kSoftware,
                                           std::nullopt, std::nullopt});
    EXPECT_TRUE(product.ok()) << product.error().message;
    auto version = products.AddVersion(product->id, "1.0");
    EXPECT_TRUE(version.ok()) << version.error().message;
    auto uploaded = products.UploadSbom(version->id, "bom.json", Sbom(purl));
    EXPECT_TRUE(uploaded.ok()) << uploaded.error().message;
    EXPECT_TRUE(products.DeclareDelivery({version->id, buyer_relationship_, false, true}).ok());
    EXPECT_TRUE(products.DeclareDelivery({version->id, quiet_relationship_, false, false}).ok());
    return version->id;
  }

  Result<service::AdvisoryImportReport> ImportAiohttp() {
    service::Context context{*store_, testing_support::ShippedCatalog(), clock_, nullptr, service::Actor::Operator()};
    return service::AdvisoryService(context).Import(kAiohttp);
  }

  std::vector<service::InboxEntry> Inbox(const Caller& caller) {
    service::Context context = As(caller);
    auto page = service::InboxService(context).List(false, 0, 200);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? page->entries : std::vector<service::InboxEntry>{};
  }

  const Clock clock_{std::nullopt};
  Caller supplier_, buyer_, quiet_buyer_, stranger_;
  int64_t buyer_relationship_ = 0, quiet_relationship_ = 0;
};

TEST_F(ExposureServiceTest, AnAdvisoryImportWarnsTheBuyersThatReceiveTheAffectedVersionOnce) {
  buyer_relationship_ = Relationship(buyer_);
  quiet_relationship_ = Relationship(quiet_buyer_);
  const int64_t version = DeliveredVersion("Gateway", "pkg:pypi/aiohttp@3.8.1");
  {
    service::Context context = As(supplier_);
    auto stated = service::ProductService(context).SetVexStatement(
        {version, "CVE-2023-47627", "not_affected", "vulnerable_code_not_in_execute_path",
         "the C parser is always used", ""});
    ASSERT_TRUE(stated.ok()) << stated.error().message;
  }

  auto imported = ImportAiohttp();
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_GE(imported->exposed_deliveries, 1u);

  const std::vector<service::InboxEntry> warnings = Inbox(buyer_);
  EXPECT_EQ(warnings.size(), imported->exposed_deliveries);
  const service::InboxEntry* smuggling = nullptr;
  for (const service::InboxEntry& entry : warnings) {
    EXPECT_EQ(entry.kind, notify::NotificationKind::kSbomAdvisory);
    EXPECT_EQ(entry.link, "/exposure");
    if (entry.body_en.find("PYSEC-2023-246") != std::string::npos) smuggling = &entry;
  }
  ASSERT_NE(smuggling, nullptr) << "no warning names PYSEC-2023-246";
  for (const std::string& text : {smuggling->body_en, smuggling->body_ja}) {
    EXPECT_NE(text.find("Gateway"), std::string::npos) << text;
    EXPECT_NE(text.find("pkg:pypi/aiohttp@3.8.1"), std::string::npos) << text;
    EXPECT_NE(text.find("vulnerable_code_not_in_execute_path"), std::string::npos) << text;
  }
  EXPECT_NE(smuggling->body_en.find("not affected"), std::string::npos) << smuggling->body_en;
  EXPECT_NE(smuggling->body_ja.find("影響なし"), std::string::npos) << smuggling->body_ja;
  // The supplier is named by its organisation's name, whatever the template's words.
  auto supplier = store_->GetOrganisation(supplier_.org_id);
  ASSERT_TRUE(supplier.ok() && supplier->has_value());
  EXPECT_NE(smuggling->body_en.find((*supplier)->name), std::string::npos) << smuggling->body_en;

  // Not the buyer whose delivery does not disclose matches, not the supplier, not a stranger.
  EXPECT_TRUE(Inbox(quiet_buyer_).empty());
  EXPECT_TRUE(Inbox(supplier_).empty());
  EXPECT_TRUE(Inbox(stranger_).empty());

  // Importing the same advisories again warns nobody twice.
  auto again = ImportAiohttp();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(Inbox(buyer_).size(), warnings.size());
}

TEST_F(ExposureServiceTest, AVersionDeliveredAfterTheAdvisoryWarnsToo) {
  buyer_relationship_ = Relationship(buyer_);
  quiet_relationship_ = Relationship(quiet_buyer_);
  ASSERT_TRUE(ImportAiohttp().ok());
  EXPECT_TRUE(Inbox(buyer_).empty());

  // A fixed version warns nobody; an affected one warns the disclosing buyer as soon as it
  // is delivered (ProductService calls WarnAboutVersion after the change commits).
  DeliveredVersion("Fixed", "pkg:pypi/aiohttp@3.9.4");
  EXPECT_TRUE(Inbox(buyer_).empty());
  const int64_t version = DeliveredVersion("Gateway", "pkg:pypi/aiohttp@3.8.1");
  const std::vector<service::InboxEntry> warnings = Inbox(buyer_);
  ASSERT_FALSE(warnings.empty());
  bool named = false;
  for (const service::InboxEntry& entry : warnings) {
    named = named || entry.body_en.find("PYSEC-2023-246") != std::string::npos;
  }
  EXPECT_TRUE(named);
  EXPECT_TRUE(Inbox(quiet_buyer_).empty());

  // Warning about the version again finds the same deliveries and adds no entry.
  service::Context context = As(supplier_);
  auto again = service::WarnAboutVersion(context, version);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, warnings.size());
  EXPECT_EQ(Inbox(buyer_).size(), warnings.size());
}

TEST_F(ExposureServiceTest, TheBuyerSeesItsExposureAndTheSupplierItsCustomersToTell) {
  buyer_relationship_ = Relationship(buyer_);
  quiet_relationship_ = Relationship(quiet_buyer_);
  const int64_t version = DeliveredVersion("Gateway", "pkg:pypi/aiohttp@3.8.1");
  ASSERT_TRUE(ImportAiohttp().ok());

  service::Context as_buyer = As(buyer_);
  auto exposure = service::ExposureService(as_buyer).MyExposure();
  ASSERT_TRUE(exposure.ok()) << exposure.error().message;
  bool found = false;
  for (const service::ExposureRow& row : *exposure) {
    EXPECT_EQ(row.supplier.id, supplier_.org_id);
    EXPECT_EQ(row.buyer.id, buyer_.org_id);
    EXPECT_EQ(row.version_id, version);
    EXPECT_EQ(row.product, "Gateway");
    found = found || (row.advisory_id == "PYSEC-2023-246" && row.match == "affected" &&
                      row.component == "pkg:pypi/aiohttp@3.8.1");
  }
  EXPECT_TRUE(found);

  // The quiet buyer's delivery does not disclose matches: it sees nothing.
  service::Context as_quiet = As(quiet_buyer_);
  auto quiet = service::ExposureService(as_quiet).MyExposure();
  ASSERT_TRUE(quiet.ok());
  EXPECT_TRUE(quiet->empty());

  // The supplier must tell both, and sees which one the engine does not tell.
  service::Context as_supplier = As(supplier_);
  auto customers = service::ExposureService(as_supplier).CustomersToTell();
  ASSERT_TRUE(customers.ok()) << customers.error().message;
  std::set<std::pair<int64_t, bool>> told;
  for (const service::ExposureRow& row : *customers) {
    if (row.advisory_id == "PYSEC-2023-246") told.insert({row.buyer.id, row.disclose_matches});
  }
  EXPECT_EQ(told, (std::set<std::pair<int64_t, bool>>{{buyer_.org_id, true},
                                                       {quiet_buyer_.org_id, false}}));

  // Through the API, checked against the OpenAPI contract; the server's engines load the
  // advisories the operator imported on another connection.
  app_->chain().Changed(ChangeScope::OfAll(ChangeScope::kProducts));
  const HttpResponse listed = Send("GET", "/api/v1/exposure", "", &buyer_);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Json(listed)["exposures"].size(), exposure->size());
  const HttpResponse stranger = Send("GET", "/api/v1/exposure", "", &stranger_);
  ASSERT_EQ(stranger.status, 200);
  EXPECT_TRUE(Json(stranger)["exposures"].empty());
  const HttpResponse to_tell = Send("GET", "/api/v1/customers-affected", "", &supplier_);
  ASSERT_EQ(to_tell.status, 200) << to_tell.body;
  EXPECT_EQ(Json(to_tell)["exposures"].size(), customers->size());
  EXPECT_EQ(Send("GET", "/api/v1/exposure").status, 401);
}

}  // namespace
}  // namespace hoshitori::api
