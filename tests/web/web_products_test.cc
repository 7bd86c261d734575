// The product pages (web_products.cc, issue 17) through WebApp over an in-process API: a
// supplier adds a product and a version, uploads a real CycloneDX SBOM (its component count
// shown equals the file's), sees a broken one refused with file, place and reason and nothing
// stored, states VEX by form and by an OpenVEX file, and delivers the version to a buyer over a
// confirmed relationship; the buyer then sees the delivery, the SBOM link and the VEX status,
// and cannot change anything; a stranger sees nothing.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "web_test_support.h"

namespace hoshitori::web {
namespace {

using namespace testing_support;  // NOLINT(google-build-using-namespace)
using nlohmann::json;

std::string ReadData(const std::string& relative) {
  std::ifstream in(std::string(HOSHITORI_SOURCE_DIR) + "/tests/data/" + relative, std::ios::binary);
  EXPECT_TRUE(in.good()) << relative;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// CycloneDX's component count (sbom/bom.h): every component, nested ones included, counted
// here straight from the JSON, independently of the readers.
size_t CountComponents(const json& components) {
  size_t n = 0;
  for (const json& component : components) {
    ++n;
    if (component.contains("components")) n += CountComponents(component["components"]);
  }
  return n;
}

// The number after `prefix` in a Location such as "/products/12?done=...".
std::string IdAfter(const HttpResponse& response, const std::string& prefix) {
  const std::string location = Location(response);
  EXPECT_EQ(location.rfind(prefix, 0), 0u) << location;
  const size_t start = prefix.size();
  return location.substr(start, location.find_first_not_of("0123456789", start) - start);
}

class WebProductsTest : public WebAppTest {
 protected:
  // Supplier and buyer signed in, with the buyer's declared relationship confirmed by the
  // supplier; returns the relationship's id.
  std::string ConfirmedRelationship(Browser& buyer, Browser& supplier) {
    EXPECT_EQ(buyer
                  .Post("/relationships", {{"action", "declare"},
                                           {"supplier", "7000012050002"},
                                           {"kind", "it_outsourcing"}})
                  .status,
              303);
    const auto pending = supplier.Get("/relationships");
    const std::string marker =
        "name=\"action\" value=\"confirm\"><input type=\"hidden\" name=\"id\" value=\"";
    const size_t at = pending.body.find(marker);
    EXPECT_NE(at, std::string::npos) << pending.body;
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    const std::string id = pending.body.substr(start, pending.body.find('"', start) - start);
    EXPECT_EQ(supplier.Post("/relationships", {{"action", "confirm"}, {"id", id}}).status, 303);
    return id;
  }
};

TEST_F(WebProductsTest, SupplierUploadsSbomAndVexAndDeliversToTheBuyer) {
  Browser supplier = SignUpInBrowser("7000012050002", "admin@supplier.example");
  Browser buyer = SignUpInBrowser("3400120034561", "buyer@buyer.example");
  const std::string relationship = ConfirmedRelationship(buyer, supplier);
  ASSERT_FALSE(relationship.empty());

  // A product and a version.
  EXPECT_TRUE(Contains(supplier.Get("/products"), "まだ製品はありません。"));
  const auto added =
      supplier.Post("/products", {{"name", "受発注ポータル"}, {"kind", "cloud_service"}});
  ASSERT_EQ(added.status, 303) << added.body;
  const std::string product = IdAfter(added, "/products/");
  const auto list = supplier.Get("/products");
  EXPECT_TRUE(Contains(list, "受発注ポータル"));
  EXPECT_TRUE(Contains(list, "クラウドサービス"));
  EXPECT_EQ(supplier.Post("/products", {{"name", "受発注ポータル"}}).status, 422);  // exists
  const auto version_added = supplier.Post("/products/" + product, {{"version", "7.12.0"}});
  ASSERT_EQ(version_added.status, 303) << version_added.body;
  const std::string version = IdAfter(version_added, "/product-versions/");
  const std::string page = "/product-versions/" + version;

  // A real CycloneDX SBOM: the count shown is the file's.
  const std::string bom = ReadData("cyclonedx/sbom/laravel-7.12.0/bom.1.4.json");
  const size_t expected = CountComponents(json::parse(bom)["components"]);
  ASSERT_GT(expected, 50u);
  const auto uploaded = supplier.PostFile(page + "/sbom", {}, "bom.1.4.json", bom);
  ASSERT_EQ(uploaded.status, 303) << uploaded.body;
  EXPECT_NE(Location(uploaded).find("n=" + std::to_string(expected) + "&"), std::string::npos)
      << Location(uploaded);
  const auto shown = supplier.Get(Location(uploaded));
  EXPECT_TRUE(Contains(shown, "class=\"component-count\">" + std::to_string(expected) + "<"));
  EXPECT_TRUE(Contains(shown, "部品 " + std::to_string(expected) + " 件")) << shown.body;
  EXPECT_TRUE(Contains(shown, "<code>pkg:composer&#x2F;")) << shown.body;
  EXPECT_TRUE(Contains(shown, "rel=\"next\""));  // more than one page of components
  EXPECT_TRUE(Contains(supplier.Get(page + "?page=2"), "rel=\"prev\""));

  // A broken one is refused with the file, the place in the document and the reason, in the
  // page's language; the stored SBOM stays as it was.
  json broken = json::parse(bom);
  broken["components"][3]["name"] = 5;
  const auto refused = supplier.PostFile(page + "/sbom", {}, "broken.json", broken.dump());
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(Contains(refused, "SBOM ファイルを読み込めませんでした。"));
  EXPECT_TRUE(Contains(refused, "<dd>broken.json</dd>"));
  // (mstch writes '/' as "&#x2F;")
  EXPECT_TRUE(Contains(refused, "<code>&#x2F;components&#x2F;3&#x2F;name</code>")) << refused.body;
  EXPECT_TRUE(Contains(refused, "must be a string"));
  EXPECT_TRUE(Contains(refused, "何も保存していません"));
  EXPECT_TRUE(Contains(refused, "class=\"component-count\">" + std::to_string(expected) + "<"));
  const auto english = supplier.PostFile(page + "/sbom?lang=en", {}, "broken.json", broken.dump());
  EXPECT_TRUE(Contains(english, "The SBOM file could not be read."));
  EXPECT_TRUE(Contains(english, "Nothing was stored."));
  EXPECT_EQ(supplier.PostFile(page + "/sbom?lang=ja", {}, "empty.json", "").status, 422);

  // VEX by form: not_affected needs a justification; with one it is saved.
  const auto unjustified = supplier.Post(page, {{"action", "vex"},
                                                {"vulnerability", "CVE-2021-44228"},
                                                {"status", "not_affected"},
                                                {"justification", ""}});
  EXPECT_EQ(unjustified.status, 422);
  EXPECT_TRUE(Contains(unjustified, "根拠を選ぶか"));
  const auto justified = supplier.Post(page, {{"action", "vex"},
                                              {"vulnerability", "CVE-2021-44228"},
                                              {"status", "not_affected"},
                                              {"justification", "vulnerable_code_not_present"},
                                              {"impact", "log4j は含まれていません"}});
  ASSERT_EQ(justified.status, 303) << justified.body;
  // And by an OpenVEX file.
  const auto vex = supplier.PostFile(page + "/vex", {}, "spec-minimal.json",
                                     ReadData("openvex/spec-minimal.json"));
  ASSERT_EQ(vex.status, 303) << vex.body;
  EXPECT_NE(Location(vex).find("done=vex_uploaded&n=1"), std::string::npos);
  const auto with_vex = supplier.Get(page);
  EXPECT_TRUE(Contains(with_vex, "data-vulnerability=\"CVE-2021-44228\""));
  EXPECT_TRUE(Contains(with_vex, "data-vulnerability=\"CVE-2023-12345\""));
  EXPECT_TRUE(Contains(with_vex, "<option value=\"vulnerable_code_not_present\" selected>"));
  EXPECT_TRUE(Contains(with_vex, "/api/v1/product-versions/" + version + "/vex"));
  const auto bad_vex = supplier.PostFile(page + "/vex", {}, "not-vex.json", "{\"hello\": 1}");
  EXPECT_EQ(bad_vex.status, 422);
  EXPECT_TRUE(Contains(bad_vex, "VEX ファイルを読み込めませんでした。"));

  // Delivered to the buyer, with the SBOM shared and the matches disclosed.
  EXPECT_TRUE(Contains(with_vex, "<option value=\"" + relationship + "\""));
  const auto delivered = supplier.Post(page, {{"action", "deliver"},
                                              {"relationship", relationship},
                                              {"share_sbom", "yes"},
                                              {"disclose_matches", "yes"}});
  ASSERT_EQ(delivered.status, 303) << delivered.body;
  EXPECT_EQ(supplier.Post(page, {{"action", "deliver"}, {"relationship", relationship}}).status,
            422);

  const auto received = buyer.Get("/deliveries");
  ASSERT_EQ(received.status, 200);
  EXPECT_TRUE(Contains(received, "受発注ポータル 7.12.0"));
  EXPECT_TRUE(Contains(received, "/api/v1/product-versions/" + version + "/sbom"));
  EXPECT_TRUE(Contains(received, "data-status=\"not_affected\">影響なし"));
  EXPECT_TRUE(Contains(received, "脆弱なコードを含まない"));
  // The buyer reads the version but has no forms to change it, and cannot post one.
  const auto as_buyer = buyer.Get(page);
  ASSERT_EQ(as_buyer.status, 200);
  EXPECT_TRUE(Contains(as_buyer, "class=\"component-count\">" + std::to_string(expected) + "<"));
  EXPECT_FALSE(Contains(as_buyer, "enctype=\"multipart/form-data\""));
  EXPECT_FALSE(Contains(as_buyer, "name=\"action\" value=\"deliver\""));
  EXPECT_NE(buyer
                .PostFile(page + "/sbom", {}, "bom.json",
                          ReadData("cyclonedx/sbom/cern-lhc-vdm-editor-e564943/bom.json"))
                .status,
            303);
  EXPECT_NE(
      buyer
          .Post(page,
                {{"action", "vex"}, {"vulnerability", "CVE-2021-44228"}, {"status", "affected"}})
          .status,
      303);
  EXPECT_TRUE(
      Contains(supplier.Get(page), "class=\"component-count\">" + std::to_string(expected) + "<"));

  // Ended, the delivery is gone from the buyer's page.
  const std::string marker = "name=\"delivery\" value=\"";
  const auto with_delivery = supplier.Get(page);
  const size_t at = with_delivery.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const size_t start = at + marker.size();
  const std::string delivery =
      with_delivery.body.substr(start, with_delivery.body.find('"', start) - start);
  ASSERT_EQ(supplier.Post(page, {{"action", "end_delivery"}, {"delivery", delivery}}).status, 303);
  EXPECT_FALSE(Contains(buyer.Get("/deliveries"), "受発注ポータル"));
  EXPECT_EQ(buyer.Get(page).status, 404);
}

TEST_F(WebProductsTest, OthersSeeNothingAndTheSbomStaysUnsharedUnlessChosen) {
  Browser supplier = SignUpInBrowser("7000012050002", "admin@supplier.example");
  Browser buyer = SignUpInBrowser("3400120034561", "buyer@buyer.example");
  Browser stranger = SignUpInBrowser("3101000100000", "admin@stranger.example");
  const std::string relationship = ConfirmedRelationship(buyer, supplier);
  const auto added = supplier.Post("/products", {{"name", "制御ユニット"}, {"kind", "device"}});
  const std::string product = IdAfter(added, "/products/");
  const std::string version =
      IdAfter(supplier.Post("/products/" + product, {{"version", "2.0"}}), "/product-versions/");
  const std::string page = "/product-versions/" + version;
  ASSERT_EQ(supplier
                .PostFile(page + "/sbom", {}, "bom.xml",
                          ReadData("cyclonedx/sbom/cern-lhc-vdm-editor-e564943/bom.xml"))
                .status,
            303);
  EXPECT_EQ(stranger.Get(page).status, 404);
  EXPECT_EQ(stranger.Get("/products/" + product).status, 404);
  EXPECT_FALSE(Contains(stranger.Get("/deliveries"), "制御ユニット"));
  EXPECT_EQ(buyer.Get(page).status, 404);  // not delivered yet

  // Delivered without sharing the SBOM: the buyer sees the version, not its components.
  ASSERT_EQ(supplier.Post(page, {{"action", "deliver"}, {"relationship", relationship}}).status,
            303);
  const auto received = buyer.Get("/deliveries?lang=en");
  EXPECT_TRUE(Contains(received, "制御ユニット 2.0"));
  EXPECT_TRUE(Contains(received, "not shared"));
  EXPECT_TRUE(Contains(received, "not disclosed"));
  const auto as_buyer = buyer.Get(page);
  ASSERT_EQ(as_buyer.status, 200);
  EXPECT_FALSE(Contains(as_buyer, "component-count"));
  EXPECT_FALSE(Contains(as_buyer, "id=\"vex\""));
}

}  // namespace
}  // namespace hoshitori::web
