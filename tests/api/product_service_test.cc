// Products, deliveries, containment, SBOMs and VEX (service/product_service.h) on SQLite and
// PostgreSQL: every CycloneDX and SPDX example of tests/data uploads with the readers' component
// count (and counts checked by hand for three files); a broken file stores nothing; a new upload
// replaces the SBOM; who sees what (owner, buyer with and without share_sbom, buyer over an
// unconfirmed or ended relationship or an ended delivery, stranger); containment needs consent
// and refuses cycles; VEX uploads (OpenVEX and CycloneDX VEX) and edits; the CycloneDX 1.6 and
// OpenVEX exports validate against the official schemas; the exposure engine's streams; the
// API's PUT sbom / GET components; the signed VEX (GET vex.jws) and its public verification.
#include "service/product_service.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "../sbom/sbom_json_schema.h"
#include "api_test_support.h"
#include "assure/base64url.h"
#include "interchange/openvex.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;
using testing_support::Caller;
namespace fs = std::filesystem;

const fs::path kData = fs::path(HOSHITORI_SOURCE_DIR) / "tests/data";

std::string ReadFile(const fs::path& path) {
  return hoshitori::testing_support::ReadTextFile(path);
}

const hoshitori::testing_support::JsonSchema& CycloneDxSchema() {
  static const auto* schema =
      new hoshitori::testing_support::JsonSchema(kData / "cyclonedx/schema/bom-1.6.schema.json");
  return *schema;
}

const hoshitori::testing_support::JsonSchema& OpenVexSchema() {
  static const auto* schema =
      new hoshitori::testing_support::JsonSchema(kData / "openvex/openvex_json_schema.json");
  return *schema;
}

// Every SBOM example of tests/data: CycloneDX JSON and XML, SPDX JSON and tag-value.
std::vector<fs::path> ExampleSboms() {
  std::vector<fs::path> files;
  for (const fs::path& dir : {kData / "cyclonedx/sbom", kData / "spdx"}) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() &&
          (name.ends_with(".json") || name.ends_with(".xml") || name.ends_with(".spdx"))) {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ProductServiceTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    supplier_ = SignUp("1010001000006", "admin@supplier.test");
    buyer_ = SignUp("2010001000005", "admin@buyer.test");
    stranger_ = SignUp("3010001000004", "admin@stranger.test");
  }

  service::Context As(const Caller& caller, Role role = Role::kOrgAdmin) {
    service::Actor actor;
    actor.principal = service::Principal{caller.user_id, caller.org_id, role};
    return service::Context{*store_, catalog_, clock_, nullptr, actor};
  }
  service::Context Operator() {
    return service::Context{*store_, catalog_, clock_, nullptr, service::Actor::Operator()};
  }

  // A relationship buyer -> supplier as the store keeps it; `confirmed` / `ended` as given.
  int64_t Relationship(const Caller& buyer, const Caller& supplier, bool confirmed = true,
                       bool ended = false, const std::string& kind = "parts") {
    const std::string b = std::to_string(buyer.org_id), s = std::to_string(supplier.org_id);
    RawSql(
        "INSERT INTO relationships (org_id, buyer_id, supplier_id, kind, created_at, "
        "confirmed_at, ended_at) VALUES (" +
        b + ", " + b + ", " + s + ", '" + kind + "', '2026-01-01T00:00:00Z', " +
        (confirmed ? "'2026-01-02T00:00:00Z'" : "NULL") + ", " +
        (ended ? "'2026-01-03T00:00:00Z'" : "NULL") + ")");
    int64_t id = 0;
    EXPECT_TRUE(store_->Sql()
                    .Execute("test", "SELECT MAX(id) FROM relationships", SqlParams(),
                             [&](const SqlRow& row) { id = row.Int(0); })
                    .ok());
    return id;
  }

  // A product of `owner` with one version; returns the version.
  ProductVersionRow Version(const Caller& owner, const std::string& name = "Widget",
                            const std::string& version = "1.0") {
    service::Context context = As(owner);
    service::ProductService products(context);
    service::NewProduct input;
    input.org_id = owner.org_id;
    input.name = name;
    input.purl = "pkg:generic/acme/" + name;
    auto product = products.CreateProduct(input);
    EXPECT_TRUE(product.ok()) << product.error().message;
    auto added = products.AddVersion(product->id, version);
    EXPECT_TRUE(added.ok()) << added.error().message;
    return *added;
  }

  DeliveryRow Deliver(const ProductVersionRow& version, int64_t relationship, bool share_sbom,
                      bool disclose_matches = true) {
    service::Context context = As(supplier_);
    auto delivery = service::ProductService(context).DeclareDelivery(
        {version.id, relationship, share_sbom, disclose_matches});
    EXPECT_TRUE(delivery.ok()) << delivery.error().message;
    return *delivery;
  }

  Result<service::SbomUploadReport> Upload(const Caller& caller, int64_t version_id,
                                           const fs::path& path) {
    service::Context context = As(caller);
    return service::ProductService(context).UploadSbom(version_id, path.filename().string(),
                                                       ReadFile(path));
  }

  int64_t Count(const std::string& table) {
    int64_t count = 0;
    EXPECT_TRUE(store_->Sql()
                    .Execute("test", "SELECT COUNT(*) FROM " + table, SqlParams(),
                             [&](const SqlRow& row) { count = row.Int(0); })
                    .ok());
    return count;
  }

  int64_t Audits(const std::string& action) {
    int64_t count = 0;
    EXPECT_TRUE(
        store_->ForEachAuditEntry([&](const AuditEntry& e) { count += e.action == action; }).ok());
    return count;
  }

  Catalog catalog_;
  Clock clock_;
  Caller supplier_, buyer_, stranger_;
};

TEST_F(ProductServiceTest, EveryExampleSbomStoresTheReadersComponentCount) {
  const std::vector<fs::path> files = ExampleSboms();
  ASSERT_EQ(files.size(), 11u);  // CycloneDX: 3 JSON, 3 XML; SPDX: 2 JSON, 3 tag-value
  // Counted by hand (jq '[.. | .components? // empty | .[]] | length', '.packages | length',
  // grep -c '^PackageName:').
  const std::map<std::string, size_t> by_hand = {{"laravel-7.12.0/bom.1.4.json", 62},
                                                 {"cern-lhc-vdm-editor-e564943/bom.json", 43},
                                                 {"example8/examplemaven-0.0.1.spdx.json", 6},
                                                 {"example6/example6-lib.spdx", 5}};
  size_t checked_by_hand = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    const fs::path& path = files[i];
    SCOPED_TRACE(path.string());
    const std::string text = ReadFile(path);
    auto read = service::ReadSbomFile(text, path.filename().string());
    ASSERT_TRUE(read.ok()) << read.error().message;
    const size_t expected = read->components.size();
    const std::string key = path.parent_path().filename().string() + "/" + path.filename().string();
    if (const auto hand = by_hand.find(key); hand != by_hand.end()) {
      EXPECT_EQ(expected, hand->second);
      ++checked_by_hand;
    }

    const ProductVersionRow version = Version(supplier_, "Product " + std::to_string(i));
    auto report = Upload(supplier_, version.id, path);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->components, expected);
    EXPECT_EQ(report->with_purl + report->without_purl, expected);
    EXPECT_EQ(report->document.component_count, static_cast<int64_t>(expected));
    EXPECT_EQ(report->document.format, std::string(sbom::FormatName(read->format)));
    EXPECT_FALSE(report->replaced);

    // What the store holds, page by page.
    service::Context context = As(supplier_);
    service::ProductService products(context);
    size_t stored = 0, keyed = 0;
    for (int64_t offset = 0;; offset += 25) {
      auto page = products.Components(version.id, offset, 25);
      ASSERT_TRUE(page.ok()) << page.error().message;
      EXPECT_EQ(page->total, static_cast<int64_t>(expected));
      for (const SbomComponentRow& c : page->items) {
        EXPECT_EQ(c.ordinal, static_cast<int64_t>(stored));
        EXPECT_EQ(c.name, read->components[stored].name);
        EXPECT_EQ(c.purl, read->components[stored].purl);
        keyed += c.package_key.has_value();
        ++stored;
      }
      if (page->items.size() < 25) break;
    }
    EXPECT_EQ(stored, expected);
    EXPECT_EQ(keyed, report->with_purl);
  }
  EXPECT_EQ(checked_by_hand, by_hand.size());
  EXPECT_EQ(Audits("sbom.upload"), static_cast<int64_t>(files.size()));
}

TEST_F(ProductServiceTest, ABrokenFileStoresNothingAndANewUploadReplaces) {
  const ProductVersionRow version = Version(supplier_);
  const fs::path laravel = kData / "cyclonedx/sbom/laravel-7.12.0/bom.1.4.json";
  std::string broken = ReadFile(laravel);
  broken.resize(broken.size() / 2);
  service::Context context = As(supplier_);
  service::ProductService products(context);

  auto refused = products.UploadSbom(version.id, "half.json", broken);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(refused.error().message.find("half.json"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(Count("sbom_documents"), 0);
  EXPECT_EQ(Count("sbom_components"), 0);

  // A component with a field no reader accepts: refused with its place in the document.
  auto bad_field = products.UploadSbom(
      version.id, "bad.json",
      R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"a"},{"type":"library","name":7}]})");
  ASSERT_FALSE(bad_field.ok());
  EXPECT_NE(bad_field.error().message.find("/components/1/name"), std::string::npos)
      << bad_field.error().message;
  auto unknown = products.UploadSbom(version.id, "notes.txt", "just some text");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(Count("sbom_documents"), 0);

  auto first = products.UploadSbom(version.id, "bom.1.4.json", ReadFile(laravel));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->components, 62u);
  // A broken file after a good one leaves the good one.
  ASSERT_FALSE(products.UploadSbom(version.id, "half.json", broken).ok());
  auto detail = products.GetVersion(version.id);
  ASSERT_TRUE(detail.ok());
  ASSERT_TRUE(detail->sbom.has_value());
  EXPECT_EQ(detail->sbom->file_name, "bom.1.4.json");
  EXPECT_EQ(Count("sbom_components"), 62);

  auto second = products.UploadSbom(version.id, "example.spdx.json",
                                    ReadFile(kData / "spdx/example8/examplemaven-0.0.1.spdx.json"));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->replaced);
  EXPECT_EQ(second->document.format, "SPDX");
  EXPECT_EQ(Count("sbom_documents"), 1);
  EXPECT_EQ(Count("sbom_components"), 6);
  auto page = products.Components(version.id, 0, 100);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 6);
}

TEST_F(ProductServiceTest, WhoSeesWhat) {
  const ProductVersionRow version = Version(supplier_);
  ASSERT_TRUE(
      Upload(supplier_, version.id, kData / "cyclonedx/sbom/laravel-7.12.0/bom.1.4.json").ok());
  {
    service::Context context = As(supplier_);
    ASSERT_TRUE(service::ProductService(context)
                    .SetVexStatement({version.id, "CVE-2024-1", "not_affected",
                                      "vulnerable_code_not_present", "", ""})
                    .ok());
  }
  const Caller shared = buyer_;
  const Caller unshared = SignUp("4010001000003", "admin@unshared.test");
  const Caller undisclosed = SignUp("5010001000002", "admin@undisclosed.test");
  const Caller unconfirmed = SignUp("6010001000001", "admin@unconfirmed.test");
  const Caller ended = SignUp("7010001000000", "admin@ended.test");
  const Caller delivery_ended = SignUp("7010001000009", "admin@delivery-ended.test");
  Deliver(version, Relationship(shared, supplier_), true);
  Deliver(version, Relationship(unshared, supplier_), false);
  Deliver(version, Relationship(undisclosed, supplier_), true, false);
  Deliver(version, Relationship(unconfirmed, supplier_, false), true);
  const int64_t ending = Relationship(ended, supplier_);
  Deliver(version, ending, true);
  RawSql("UPDATE relationships SET ended_at = '2026-02-01T00:00:00Z' WHERE id = " +
         std::to_string(ending));
  const DeliveryRow stopped = Deliver(version, Relationship(delivery_ended, supplier_), true);
  {
    service::Context context = As(supplier_);
    ASSERT_TRUE(service::ProductService(context).EndDelivery(stopped.id).ok());
  }
  const Caller member = Invite(supplier_, "member@supplier.test", "member");

  struct Expect {
    const char* who;
    Caller caller;
    Role role;
    bool version, sbom, vex, upload;
  };
  const std::vector<Expect> matrix = {
      {"owner admin", supplier_, Role::kOrgAdmin, true, true, true, true},
      {"owner member", member, Role::kMember, true, true, true, true},
      {"buyer sharing the SBOM", shared, Role::kOrgAdmin, true, true, true, false},
      {"buyer without share_sbom", unshared, Role::kOrgAdmin, true, false, true, false},
      {"buyer without disclose_matches", undisclosed, Role::kOrgAdmin, true, true, false, false},
      {"buyer over an unconfirmed relationship", unconfirmed, Role::kOrgAdmin, false, false, false,
       false},
      {"buyer over an ended relationship", ended, Role::kOrgAdmin, false, false, false, false},
      {"buyer after the delivery ended", delivery_ended, Role::kOrgAdmin, false, false, false,
       false},
      {"stranger", stranger_, Role::kOrgAdmin, false, false, false, false},
  };
  const std::string file = ReadFile(kData / "spdx/example8/examplemaven-0.0.1.spdx.json");
  for (const Expect& e : matrix) {
    SCOPED_TRACE(e.who);
    service::Context context = As(e.caller, e.role);
    service::ProductService products(context);
    const auto code = [](const auto& result) {
      return result.ok() ? ErrorKind{} : result.error().kind;
    };
    const ErrorKind hidden = ErrorKind::kNotFound;
    auto version_detail = products.GetVersion(version.id);
    EXPECT_EQ(version_detail.ok(), e.version);
    if (!e.version) {
      EXPECT_EQ(code(version_detail), hidden);
    }
    if (version_detail.ok()) {
      EXPECT_EQ(version_detail->can_read_sbom, e.sbom);
      EXPECT_EQ(version_detail->can_read_vex, e.vex);
      EXPECT_EQ(version_detail->sbom.has_value(), e.sbom);
    }
    auto product = products.GetProduct(version.product_id);
    EXPECT_EQ(product.ok(), e.version);
    if (product.ok() && !e.upload) {
      // A buyer sees only the version delivered to it (the owners have added others by now).
      EXPECT_EQ(product->versions.size(), 1u);
      EXPECT_FALSE(product->owner);
    }
    auto listed = products.ListProducts(supplier_.org_id);
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(listed->size(), e.version ? 1u : 0u);

    auto components = products.Components(version.id, 0, 10);
    EXPECT_EQ(components.ok(), e.sbom);
    if (!e.version) {
      EXPECT_EQ(code(components), hidden);
    }
    if (e.version && !e.sbom) {
      EXPECT_EQ(code(components), ErrorKind::kForbidden);
    }
    EXPECT_EQ(products.ExportSbom(version.id).ok(), e.sbom);
    EXPECT_EQ(products.ListVex(version.id).ok(), e.vex);
    EXPECT_EQ(products.ExportOpenVex(version.id).ok(), e.vex);
    if (e.sbom && !e.vex) {
      // The SBOM export leaves out the statements the buyer may not see.
      EXPECT_EQ(products.ExportSbom(version.id)->find("CVE-2024-1"), std::string::npos);
    }
    if (e.sbom && e.vex) {
      EXPECT_NE(products.ExportSbom(version.id)->find("CVE-2024-1"), std::string::npos);
    }

    auto upload = products.UploadSbom(version.id, "x.spdx.json", file);
    EXPECT_EQ(upload.ok(), e.upload);
    if (!e.upload) {
      EXPECT_EQ(code(upload), e.version ? ErrorKind::kForbidden : hidden);
    }
    EXPECT_EQ(
        products.SetVexStatement({version.id, "CVE-2024-2", "affected", "", "", "update"}).ok(),
        e.upload);
    EXPECT_EQ(products.AddVersion(version.product_id, std::string("2.") + e.who).ok(), e.upload);
    EXPECT_EQ(products.ListDeliveries(version.id).ok(), e.upload);

    auto mine = products.DeliveriesToBuyer(e.caller.org_id);
    ASSERT_TRUE(mine.ok());
    EXPECT_EQ(mine->size(), e.version && !e.upload ? 1u : 0u);
    // Nobody reads another organisation's deliveries.
    EXPECT_FALSE(
        products
            .DeliveriesToBuyer(e.caller.org_id == buyer_.org_id ? stranger_.org_id : buyer_.org_id)
            .ok());
  }
}

TEST_F(ProductServiceTest, DeliveriesAreDeclaredByTheRelationshipsSupplierOnly) {
  const ProductVersionRow version = Version(supplier_);
  const ProductVersionRow buyers_own = Version(buyer_, "Buyer's");
  const int64_t relationship = Relationship(buyer_, supplier_);
  service::Context as_buyer = As(buyer_);
  // The buyer cannot declare the supplier's version, nor its own over it (it is not the supplier).
  auto theirs =
      service::ProductService(as_buyer).DeclareDelivery({version.id, relationship, true, true});
  ASSERT_FALSE(theirs.ok());
  EXPECT_EQ(theirs.error().kind, ErrorKind::kNotFound);
  auto own =
      service::ProductService(as_buyer).DeclareDelivery({buyers_own.id, relationship, true, true});
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().kind, ErrorKind::kForbidden);
  // The supplier over a relationship it is no party to: not visible.
  const int64_t others = Relationship(buyer_, stranger_);
  service::Context as_supplier = As(supplier_);
  service::ProductService products(as_supplier);
  auto foreign = products.DeclareDelivery({version.id, others, true, true});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().kind, ErrorKind::kNotFound);

  auto delivered = products.DeclareDelivery({version.id, relationship, false, true});
  ASSERT_TRUE(delivered.ok()) << delivered.error().message;
  EXPECT_EQ(delivered->buyer_id, buyer_.org_id);
  EXPECT_TRUE(delivered->live);
  auto again = products.DeclareDelivery({version.id, relationship, true, true});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  ASSERT_TRUE(products.EndDelivery(delivered->id).ok());
  EXPECT_EQ(products.EndDelivery(delivered->id).error().kind, ErrorKind::kConflict);
  // Declared again after its end: a new delivery, the ended one stays.
  ASSERT_TRUE(products.DeclareDelivery({version.id, relationship, true, true}).ok());
  auto all = products.ListDeliveries(version.id);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  EXPECT_EQ(Audits("product.delivery.declare"), 2);
  EXPECT_EQ(Audits("product.delivery.end"), 1);
  // The buyer cannot end it.
  EXPECT_EQ(service::ProductService(as_buyer).EndDelivery(all->back().id).error().kind,
            ErrorKind::kForbidden);
}

TEST_F(ProductServiceTest, ContainmentNeedsConsentAndRefusesCycles) {
  // buyer_ builds a product containing supplier_'s component product.
  const ProductVersionRow component = Version(supplier_, "Component");
  const ProductVersionRow device = Version(buyer_, "Device");
  const ProductVersionRow firmware = Version(buyer_, "Firmware");
  service::Context as_buyer = As(buyer_);
  service::ProductService products(as_buyer);

  // Not delivered to the buyer: refused, nothing stored.
  auto refused = products.DeclareContainment(device.id, component.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kNotFound);
  // Delivered over an unconfirmed relationship: still refused.
  const int64_t pending = Relationship(buyer_, supplier_, false, false, "it_outsourcing");
  Deliver(component, pending, false);
  EXPECT_FALSE(products.DeclareContainment(device.id, component.id).ok());
  EXPECT_EQ(Count("product_contents"), 0);

  Deliver(component, Relationship(buyer_, supplier_), false);
  auto contained = products.DeclareContainment(device.id, component.id);
  ASSERT_TRUE(contained.ok()) << contained.error().message;
  EXPECT_EQ(contained->org_id, buyer_.org_id);
  EXPECT_EQ(products.DeclareContainment(device.id, component.id).error().kind,
            ErrorKind::kConflict);
  // Its own versions need no delivery.
  ASSERT_TRUE(products.DeclareContainment(device.id, firmware.id).ok());
  // Cycles: directly, through another version, and onto itself.
  EXPECT_EQ(products.DeclareContainment(firmware.id, device.id).error().kind, ErrorKind::kConflict);
  const ProductVersionRow board = Version(buyer_, "Board");
  ASSERT_TRUE(products.DeclareContainment(firmware.id, board.id).ok());
  EXPECT_EQ(products.DeclareContainment(board.id, device.id).error().kind, ErrorKind::kConflict);
  EXPECT_EQ(products.DeclareContainment(board.id, board.id).error().kind, ErrorKind::kConflict);
  // Only the outer version's owner declares it.
  service::Context as_supplier = As(supplier_);
  EXPECT_EQ(
      service::ProductService(as_supplier).DeclareContainment(device.id, component.id).error().kind,
      ErrorKind::kNotFound);
  auto detail = products.GetVersion(device.id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->contains.size(), 2u);

  ASSERT_TRUE(products.RemoveContainment(firmware.id, board.id).ok());
  EXPECT_EQ(products.RemoveContainment(firmware.id, board.id).error().kind, ErrorKind::kNotFound);
  ASSERT_TRUE(products.DeclareContainment(board.id, device.id).ok());  // no cycle any more
  EXPECT_EQ(Audits("product.contents.add"), 4);
  EXPECT_EQ(Audits("product.contents.remove"), 1);
}

TEST_F(ProductServiceTest, VexUploadsAndEdits) {
  const ProductVersionRow version = Version(supplier_);
  service::Context context = As(supplier_);
  service::ProductService products(context);

  auto openvex = products.UploadVex(version.id, "spec-minimal.json",
                                    ReadFile(kData / "openvex/spec-minimal.json"));
  ASSERT_TRUE(openvex.ok()) << openvex.error().message;
  EXPECT_EQ(openvex->format, "OpenVEX");
  EXPECT_EQ(openvex->statements, 1u);
  // Every CycloneDX VEX example applies.
  size_t cyclonedx_files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kData / "cyclonedx/vex")) {
    if (!entry.is_regular_file()) continue;
    SCOPED_TRACE(entry.path().string());
    auto uploaded =
        products.UploadVex(version.id, entry.path().filename().string(), ReadFile(entry.path()));
    ASSERT_TRUE(uploaded.ok()) << uploaded.error().message;
    EXPECT_EQ(uploaded->format, "CycloneDX");
    ++cyclonedx_files;
  }
  EXPECT_EQ(cyclonedx_files, 7u);

  auto listed = products.ListVex(version.id);
  ASSERT_TRUE(listed.ok());
  const auto find = [&](const std::string& id) -> const VexStatementRow* {
    for (const VexStatementRow& row : *listed) {
      if (row.vulnerability == id) return &row;
    }
    return nullptr;
  };
  const VexStatementRow* spec = find("CVE-2023-12345");
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(spec->status, "fixed");
  EXPECT_EQ(spec->source, "upload");
  EXPECT_EQ(spec->products.size(), 2u);

  // Edits: validated; the latest statement for a vulnerability wins and keeps its products.
  EXPECT_EQ(products.SetVexStatement({version.id, "CVE-2023-12345", "not_affected", "", "", ""})
                .error()
                .kind,
            ErrorKind::kInvalid);
  EXPECT_EQ(
      products.SetVexStatement({version.id, "CVE-2023-12345", "broken", "", "", ""}).error().kind,
      ErrorKind::kInvalid);
  EXPECT_EQ(
      products.SetVexStatement({version.id, "CVE-2023-12345", "not_affected", "because", "", ""})
          .error()
          .kind,
      ErrorKind::kInvalid);
  EXPECT_EQ(products.SetVexStatement({version.id, "CVE 1", "fixed", "", "", ""}).error().kind,
            ErrorKind::kInvalid);
  auto edited = products.SetVexStatement({version.id, "CVE-2023-12345", "not_affected",
                                          "vulnerable_code_not_in_execute_path",
                                          "the code is never called", ""});
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->source, "edit");
  EXPECT_EQ(edited->products.size(), 2u);
  listed = products.ListVex(version.id);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(find("CVE-2023-12345")->status, "not_affected");
  const size_t statements = listed->size();

  // The OpenVEX export validates and reads back to the same statements.
  auto exported = products.ExportOpenVex(version.id);
  ASSERT_TRUE(exported.ok()) << exported.error().message;
  EXPECT_EQ(OpenVexSchema().Errors(nlohmann::json::parse(*exported)), "");
  auto again = interchange::ReadOpenVex(*exported, "export.json");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->statements.size(), statements);

  // A broken VEX stores nothing.
  auto broken = products.UploadVex(
      version.id, "bad.json",
      R"({"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","timestamp":"2024-01-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-9"},"products":[{"@id":"pkg:npm/a@1"}],"status":"maybe"}]})");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("bad.json"), std::string::npos);
  EXPECT_EQ(Count("vex_statements"), static_cast<int64_t>(statements));
  EXPECT_EQ(Audits("vex.upload"), 8);
  EXPECT_EQ(Audits("vex.edit"), 1);
}

TEST_F(ProductServiceTest, TheCycloneDxExportValidatesAgainstTheOfficialSchema) {
  const ProductVersionRow version = Version(supplier_);
  service::Context context = As(supplier_);
  service::ProductService products(context);
  ASSERT_TRUE(products
                  .SetVexStatement({version.id, "CVE-2021-44228", "not_affected",
                                    "vulnerable_code_not_present", "not used", ""})
                  .ok());
  ASSERT_TRUE(
      products
          .SetVexStatement({version.id, "GHSA-aaaa-bbbb-cccc", "affected", "", "", "update to 2"})
          .ok());
  for (const fs::path& path : ExampleSboms()) {
    SCOPED_TRACE(path.string());
    auto uploaded = Upload(supplier_, version.id, path);
    ASSERT_TRUE(uploaded.ok()) << uploaded.error().message;
    auto exported = products.ExportSbom(version.id);
    ASSERT_TRUE(exported.ok()) << exported.error().message;
    const nlohmann::json document = nlohmann::json::parse(*exported);
    EXPECT_EQ(CycloneDxSchema().Errors(document), "");
    EXPECT_EQ(document["specVersion"], "1.6");
    EXPECT_EQ(document["metadata"]["component"]["name"], "Widget");
    ASSERT_TRUE(document.contains("vulnerabilities"));
    EXPECT_EQ(document["vulnerabilities"].size(), 2u);
    auto back = service::ReadSbomFile(*exported, "export.json");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(static_cast<int64_t>(back->components.size()), uploaded->document.component_count);
  }
}

TEST_F(ProductServiceTest, StreamsForTheExposureEngine) {
  const ProductVersionRow version = Version(supplier_);
  const ProductVersionRow other = Version(supplier_, "Other");
  ASSERT_TRUE(
      Upload(supplier_, version.id, kData / "cyclonedx/sbom/laravel-7.12.0/bom.1.4.json").ok());
  const DeliveryRow live = Deliver(version, Relationship(buyer_, supplier_), true);
  Deliver(version, Relationship(stranger_, supplier_, false), true);  // unconfirmed: left out
  const ProductVersionRow device = Version(buyer_, "Device");
  {
    service::Context context = As(buyer_);
    ASSERT_TRUE(service::ProductService(context).DeclareContainment(device.id, version.id).ok());
  }
  ProductRepository repository(store_->Sql());
  std::vector<VersionFact> versions;
  ASSERT_TRUE(
      repository.ForEachProductVersion([&](const VersionFact& f) { versions.push_back(f); }).ok());
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0].product_name, "Widget");
  EXPECT_EQ(versions[1].version_id, other.id);
  size_t components = 0;
  std::set<std::string> keys;
  ASSERT_TRUE(repository
                  .ForEachComponent([&](const ComponentFact& f) {
                    EXPECT_EQ(f.version_id, version.id);
                    EXPECT_TRUE(f.normalised_purl.starts_with(f.package_key + "@"))
                        << f.normalised_purl;
                    keys.insert(f.package_key);
                    ++components;
                  })
                  .ok());
  EXPECT_EQ(components, 62u);
  EXPECT_TRUE(keys.count("pkg:composer/laravel/framework")) << *keys.begin();
  std::vector<DeliveryFact> deliveries;
  ASSERT_TRUE(
      repository.ForEachLiveDelivery([&](const DeliveryFact& f) { deliveries.push_back(f); }).ok());
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].id, live.id);
  EXPECT_EQ(deliveries[0].buyer_id, buyer_.org_id);
  EXPECT_EQ(deliveries[0].supplier_id, supplier_.org_id);
  EXPECT_TRUE(deliveries[0].share_sbom);
  std::vector<ContainmentFact> contents;
  ASSERT_TRUE(
      repository.ForEachContainment([&](const ContainmentFact& f) { contents.push_back(f); }).ok());
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(contents[0].outer_version_id, device.id);
  EXPECT_EQ(contents[0].inner_version_id, version.id);

  {
    service::Context context = As(supplier_);
    ASSERT_TRUE(service::ProductService(context)
                    .SetVexStatement({version.id, "CVE-2021-44228", "fixed", "", "", ""})
                    .ok());
  }
  auto vex = repository.VexFor(version.id, {"GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"});
  ASSERT_TRUE(vex.ok());
  ASSERT_EQ(vex->size(), 1u);
  EXPECT_EQ((*vex)[0].status, "fixed");
}

TEST_F(ProductServiceTest, TheOperatorImportsForASupplier) {
  service::Context context = Operator();
  service::ProductService products(context);
  auto version =
      products.EnsureVersion(supplier_.org_id, "Gateway", service::ProductKind::kDevice, "3.1");
  ASSERT_TRUE(version.ok()) << version.error().message;
  auto same =
      products.EnsureVersion(supplier_.org_id, "Gateway", service::ProductKind::kDevice, "3.1");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->id, version->id);
  auto uploaded =
      products.UploadSbom(version->id, "bom.json",
                          ReadFile(kData / "cyclonedx/sbom/cern-lhc-vdm-editor-e564943/bom.json"));
  ASSERT_TRUE(uploaded.ok()) << uploaded.error().message;
  EXPECT_EQ(uploaded->components, 43u);
  EXPECT_FALSE(uploaded->document.uploaded_by.has_value());
  auto found = products.FindVersion(supplier_.org_id, "Gateway", "3.1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, version->id);
  EXPECT_EQ(products.FindVersion(supplier_.org_id, "Gateway", "9").error().kind,
            ErrorKind::kNotFound);
  // A signed-in user is no operator.
  service::Context as_supplier = As(supplier_);
  EXPECT_EQ(service::ProductService(as_supplier)
                .EnsureVersion(supplier_.org_id, "Gateway", service::ProductKind::kDevice, "3.2")
                .error()
                .kind,
            ErrorKind::kForbidden);
}

TEST_F(ProductServiceTest, TheApiStoresAnSbomAndPagesItsComponents) {
  const auto created =
      Send("POST", "/api/v1/products",
           nlohmann::json{{"name", "Router"}, {"kind", "device"}}.dump(), &supplier_);
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t product = Json(created)["id"];
  const auto added = Send("POST", "/api/v1/products/" + std::to_string(product) + "/versions",
                          nlohmann::json{{"version", "1.2"}}.dump(), &supplier_);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string version =
      "/api/v1/product-versions/" + std::to_string(Json(added)["id"].get<int64_t>());

  const auto put = Send("PUT", version + "/sbom?file_name=bom.1.4.json",
                        ReadFile(kData / "cyclonedx/sbom/laravel-7.12.0/bom.1.4.json"), &supplier_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Json(put)["components"], 62);
  EXPECT_EQ(Json(put)["format"], "CycloneDX");
  const auto page = Send("GET", version + "/components?offset=60&limit=10", "", &supplier_);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(Json(page)["total"], 62);
  EXPECT_EQ(Json(page)["items"].size(), 2u);
  EXPECT_EQ(Json(page)["items"][0]["ordinal"], 60);
  const auto broken = Send("PUT", version + "/sbom", "{\"bomFormat\":\"CycloneDX\"", &supplier_);
  EXPECT_EQ(broken.status, 422) << broken.body;
  const auto exported = Send("GET", version + "/sbom", "", &supplier_);
  ASSERT_EQ(exported.status, 200);
  EXPECT_EQ(CycloneDxSchema().Errors(nlohmann::json::parse(exported.body)), "");
  // Strangers see nothing.
  EXPECT_EQ(Send("GET", version + "/components", "", &stranger_).status, 404);
  EXPECT_EQ(Send("GET", version, "", &stranger_).status, 404);
}

TEST_F(ProductServiceTest, TheApiSignsTheVexAndAnyoneVerifiesIt) {
  const ProductVersionRow version = Version(supplier_);
  {
    service::Context context = As(supplier_);
    ASSERT_TRUE(service::ProductService(context)
                    .UploadVex(version.id, "spec-minimal.json",
                               ReadFile(kData / "openvex/spec-minimal.json"))
                    .ok());
  }
  const std::string path = "/api/v1/product-versions/" + std::to_string(version.id);
  // Without a signing key the server says so rather than hand out an unsigned file.
  EXPECT_EQ(Send("GET", path + "/vex.jws", "", &supplier_).status, 503);
  UseIssuer({}, "https://hoshitori.test");
  const auto plain = Send("GET", path + "/vex", "", &supplier_);
  ASSERT_EQ(plain.status, 200) << plain.body;
  const auto signed_vex = Send("GET", path + "/vex.jws", "", &supplier_);
  ASSERT_EQ(signed_vex.status, 200) << signed_vex.body;
  EXPECT_EQ(signed_vex.content_type, "application/jose");
  // The payload is the unsigned export byte for byte (same second, same document).
  const std::string& jws = signed_vex.body;
  const size_t dot = jws.find('.');
  EXPECT_EQ(*assure::Base64UrlDecode(jws.substr(dot + 1, jws.rfind('.') - dot - 1), "payload"),
            plain.body);
  // Strangers cannot have it signed.
  EXPECT_EQ(Send("GET", path + "/vex.jws", "", &stranger_).status, 404);

  // Anyone may check it: no caller.
  const auto checked =
      Send("POST", "/api/v1/vex/verification", jws + "\n", nullptr, "application/jose");
  ASSERT_EQ(checked.status, 200) << checked.body;
  const nlohmann::json report = Json(checked);
  EXPECT_EQ(report["verdict"], "valid");
  EXPECT_EQ(report["signature"]["corporate_number"], "1010001000006");
  EXPECT_EQ(report["signature"]["issuer"], "https://hoshitori.test");
  ASSERT_EQ(report["document"]["statements"].size(), 1u);
  EXPECT_EQ(report["document"]["statements"][0]["vulnerability"], "CVE-2023-12345");
  EXPECT_EQ(report["document"]["statements"][0]["status"], "fixed");

  std::string changed = jws;
  changed[dot + 20] = changed[dot + 20] == 'A' ? 'B' : 'A';
  const auto refused =
      Send("POST", "/api/v1/vex/verification", changed, nullptr, "application/jose");
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(Json(refused)["verdict"], "bad_signature");
  EXPECT_EQ(Json(refused)["valid"], false);
  EXPECT_TRUE(Json(refused)["document"].is_null());
  EXPECT_NE(Json(refused)["lines"]["ja"][1].get<std::string>().find("署名が一致しません"),
            std::string::npos);
  const auto unsigned_vex =
      Send("POST", "/api/v1/vex/verification", plain.body, nullptr, "text/plain");
  ASSERT_EQ(unsigned_vex.status, 200);
  EXPECT_EQ(Json(unsigned_vex)["verdict"], "malformed");
}

}  // namespace
}  // namespace hoshitori::api

namespace hoshitori::api {
namespace {

TEST(ProductFileUpload, RecognisesOnlyTheSbomAndVexUploads) {
  EXPECT_TRUE(ApiApp::IsProductFileUpload("PUT", "/api/v1/product-versions/5/sbom"));
  EXPECT_TRUE(
      ApiApp::IsProductFileUpload("PUT", "/api/v1/product-versions/12/vex?file_name=a.json"));
  EXPECT_FALSE(ApiApp::IsProductFileUpload("GET", "/api/v1/product-versions/5/sbom"));
  EXPECT_FALSE(
      ApiApp::IsProductFileUpload("PUT", "/api/v1/product-versions/5/vex-statements/CVE-1"));
  EXPECT_FALSE(ApiApp::IsProductFileUpload("PUT", "/api/v1/product-versions/x5/sbom"));
  EXPECT_FALSE(ApiApp::IsProductFileUpload("PUT", "/api/v1/product-versions//sbom"));
  EXPECT_FALSE(ApiApp::IsProductFileUpload("PUT", "/api/v1/product-versions/5/sbom/more"));
  EXPECT_FALSE(ApiApp::IsProductFileUpload("POST", "/api/v1/assessments/5/evidence"));
  // The version page's upload forms (multipart POST), not the page itself.
  EXPECT_TRUE(ApiApp::IsProductFileUpload("POST", "/product-versions/5/sbom"));
  EXPECT_TRUE(ApiApp::IsProductFileUpload("POST", "/product-versions/5/vex"));
  EXPECT_FALSE(ApiApp::IsProductFileUpload("POST", "/product-versions/5"));
  EXPECT_FALSE(ApiApp::IsProductFileUpload("POST", "/api/v1/product-versions/5/sbom"));
  EXPECT_FALSE(ApiApp::IsProductFileUpload("PUT", "/product-versions/5/sbom"));
  // Either kind of large upload.
  EXPECT_TRUE(ApiApp::IsLargeUpload("POST", "/assessments/5/evidence"));
  EXPECT_TRUE(ApiApp::IsLargeUpload("PUT", "/api/v1/product-versions/5/sbom"));
  EXPECT_FALSE(ApiApp::IsLargeUpload("POST", "/api/v1/shares"));
  static_assert(ApiApp::kLargeBodyLimit > sbom::kMaxBomBytes);
  static_assert(ApiApp::kLargeBodyLimit > ApiApp::kEvidenceBodyLimit);
}

}  // namespace
}  // namespace hoshitori::api
