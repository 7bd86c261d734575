// The SPDX readers: JSON and tag-value on small documents written here, the copies in
// tests/data, and every SPDX 2.x example of ../shared/data/spdx-examples when it exists, each
// with its package count checked against an independent count of the file.
#include "interchange/spdx.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hoshitori::interchange {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kSourceDir = HOSHITORI_SOURCE_DIR;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

constexpr const char* kJson = R"({
  "spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "shop-sbom",
  "documentNamespace": "https://example.org/shop-1",
  "documentDescribes": ["SPDXRef-shop"],
  "packages": [
    {"SPDXID": "SPDXRef-shop", "name": "shop", "versionInfo": "2.0",
     "primaryPackagePurpose": "APPLICATION", "supplier": "Organization: Example Ltd",
     "licenseConcluded": "MIT", "licenseDeclared": "NOASSERTION"},
    {"SPDXID": "SPDXRef-lib", "name": "lib", "versionInfo": "1.2.3",
     "licenseDeclared": "Apache-2.0",
     "checksums": [{"algorithm": "SHA256", "checksumValue": "abcd"}],
     "externalRefs": [
       {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
        "referenceLocator": "pkg:npm/lib@1.2.3"},
       {"referenceCategory": "SECURITY", "referenceType": "cpe23Type",
        "referenceLocator": "cpe:2.3:a:example:lib:1.2.3:*:*:*:*:*:*:*"},
       {"referenceCategory": "SECURITY", "referenceType": "advisory",
        "referenceLocator": "https://example.org/advisory"}]},
    {"SPDXID": "SPDXRef-tool", "name": "tool"}
  ],
  "files": [{"SPDXID": "SPDXRef-file", "fileName": "./a.c"}],
  "relationships": [
    {"spdxElementId": "SPDXRef-shop", "relationshipType": "DEPENDS_ON",
     "relatedSpdxElement": "SPDXRef-lib"},
    {"spdxElementId": "SPDXRef-tool", "relationshipType": "BUILD_DEPENDENCY_OF",
     "relatedSpdxElement": "SPDXRef-shop"},
    {"spdxElementId": "SPDXRef-shop", "relationshipType": "CONTAINS",
     "relatedSpdxElement": "SPDXRef-file"},
    {"spdxElementId": "SPDXRef-shop", "relationshipType": "DEPENDS_ON",
     "relatedSpdxElement": "DocumentRef-other:SPDXRef-x"},
    {"spdxElementId": "SPDXRef-lib", "relationshipType": "GENERATED_FROM",
     "relatedSpdxElement": "SPDXRef-tool"}
  ]
})";

TEST(SpdxJson, ReadsPackagesAsComponentsAndRelationshipsAsDependencies) {
  auto bom = ReadSpdx(kJson, "shop.spdx.json");
  ASSERT_TRUE(bom.ok()) << bom.error().message;
  EXPECT_EQ(bom->format, sbom::BomFormat::kSpdx);
  EXPECT_EQ(bom->encoding, sbom::BomEncoding::kJson);
  EXPECT_EQ(bom->spec_version, "2.3");
  EXPECT_EQ(bom->name, "shop-sbom");
  EXPECT_EQ(bom->serial_number, "https://example.org/shop-1");
  ASSERT_EQ(bom->components.size(), 3u);
  const sbom::Component& shop = bom->components[0];
  EXPECT_EQ(shop.type, "application");
  EXPECT_EQ(shop.supplier, "Organization: Example Ltd");
  EXPECT_EQ(shop.licenses, std::vector<std::string>{"MIT"});
  const sbom::Component& lib = bom->components[1];
  EXPECT_EQ(lib.ref, "SPDXRef-lib");
  EXPECT_EQ(lib.version, "1.2.3");
  EXPECT_EQ(lib.purl, "pkg:npm/lib@1.2.3");
  EXPECT_EQ(lib.cpes, std::vector<std::string>{"cpe:2.3:a:example:lib:1.2.3:*:*:*:*:*:*:*"});
  EXPECT_EQ(lib.licenses, std::vector<std::string>{"Apache-2.0"});
  ASSERT_EQ(lib.hashes.size(), 1u);
  EXPECT_EQ(lib.hashes[0].algorithm, "SHA256");
  ASSERT_TRUE(bom->subject.has_value());
  EXPECT_EQ(bom->subject->ref, "SPDXRef-shop");
  ASSERT_EQ(bom->dependencies.size(), 1u);
  EXPECT_EQ(bom->dependencies[0].ref, "SPDXRef-shop");
  EXPECT_EQ(bom->dependencies[0].depends_on,
            (std::vector<std::string>{"SPDXRef-lib", "SPDXRef-tool"}));
}

std::string SpdxError(const std::string& text) {
  auto bom = ReadSpdx(text, "doc.spdx");
  return bom.ok() ? std::string() : bom.error().message;
}

TEST(SpdxJson, ErrorsNameTheFileTheJsonPointerAndTheReason) {
  EXPECT_EQ(SpdxError(R"({"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT",
                          "packages":[{"SPDXID":"SPDXRef-a","name":"a"},{"SPDXID":"SPDXRef-b"}]})"),
            "doc.spdx: /packages/1/name: is required");
  EXPECT_EQ(SpdxError(R"({"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT",
                          "relationships":[{"spdxElementId":"a","relationshipType":1}]})"),
            "doc.spdx: /relationships/0/relationshipType: must be a string");
  EXPECT_EQ(SpdxError(R"({"spdxVersion":"SPDX-2.1","SPDXID":"SPDXRef-DOCUMENT"})"),
            "doc.spdx: /spdxVersion: \"SPDX-2.1\" is not supported (SPDX-2.2 and SPDX-2.3 are)");
  EXPECT_EQ(SpdxError(R"({"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld"})"),
            "doc.spdx: /: this is an SPDX 3 (JSON-LD) document; only SPDX 2.2 and 2.3 are read");
}

constexpr const char* kTagValue = R"(SPDXVersion: SPDX-2.3
DataLicense: CC0-1.0
SPDXID: SPDXRef-DOCUMENT
DocumentName: shop-sbom
DocumentNamespace: https://example.org/shop-1
DocumentComment: <text>A comment
over: several lines
</text>

## the application
PackageName: shop
SPDXID: SPDXRef-shop
PackageVersion: 2.0
PrimaryPackagePurpose: APPLICATION
PackageLicenseDeclared: MIT
Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-shop

PackageName: lib
SPDXID: SPDXRef-lib
PackageVersion: 1.2.3
PackageSupplier: Organization: Example Ltd
PackageChecksum: SHA1: 0123456789abcdef0123456789abcdef01234567
PackageLicenseConcluded: NOASSERTION
ExternalRef: PACKAGE-MANAGER purl pkg:npm/lib@1.2.3
ExternalRef: SECURITY cpe23Type cpe:2.3:a:example:lib:1.2.3:*:*:*:*:*:*:*
PackageCopyrightText: <text>Copyright
Example</text>

FileName: ./a.c
SPDXID: SPDXRef-file

Relationship: SPDXRef-lib DEPENDENCY_OF SPDXRef-shop
Relationship: SPDXRef-shop CONTAINS SPDXRef-file
)";

TEST(SpdxTagValue, ReadsWhatTheJsonReaderReads) {
  auto bom = ReadSpdx(kTagValue, "shop.spdx");
  ASSERT_TRUE(bom.ok()) << bom.error().message;
  EXPECT_EQ(bom->encoding, sbom::BomEncoding::kTagValue);
  EXPECT_EQ(bom->spec_version, "2.3");
  EXPECT_EQ(bom->name, "shop-sbom");
  ASSERT_EQ(bom->components.size(), 2u);
  EXPECT_EQ(bom->components[0].ref, "SPDXRef-shop");
  EXPECT_EQ(bom->components[0].type, "application");
  EXPECT_EQ(bom->components[0].licenses, std::vector<std::string>{"MIT"});
  const sbom::Component& lib = bom->components[1];
  EXPECT_EQ(lib.version, "1.2.3");
  EXPECT_EQ(lib.supplier, "Organization: Example Ltd");
  EXPECT_EQ(lib.purl, "pkg:npm/lib@1.2.3");
  EXPECT_EQ(lib.cpes.size(), 1u);
  EXPECT_TRUE(lib.licenses.empty());
  ASSERT_EQ(lib.hashes.size(), 1u);
  EXPECT_EQ(lib.hashes[0].algorithm, "SHA1");
  EXPECT_EQ(lib.hashes[0].value, "0123456789abcdef0123456789abcdef01234567");
  ASSERT_TRUE(bom->subject.has_value());
  EXPECT_EQ(bom->subject->name, "shop");
  ASSERT_EQ(bom->dependencies.size(), 1u);
  EXPECT_EQ(bom->dependencies[0].depends_on, std::vector<std::string>{"SPDXRef-lib"});
}

TEST(SpdxTagValue, ErrorsNameTheLine) {
  EXPECT_EQ(SpdxError("SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n\nnot a tag line\n"),
            "doc.spdx: line 4: expected \"Tag: value\"");
  EXPECT_EQ(SpdxError("SPDXVersion: SPDX-2.3\nPackageVersion: 1\n"),
            "doc.spdx: line 2: PackageVersion comes before any PackageName");
  EXPECT_EQ(SpdxError("SPDXVersion: SPDX-2.3\nPackageName: a\nPackageVersion: 1\n"),
            "doc.spdx: line 2: package \"a\" has no SPDXID");
  EXPECT_EQ(SpdxError("SPDXVersion: SPDX-2.3\nDocumentComment: <text>never\nclosed\n"),
            "doc.spdx: line 2: <text> is never closed");
  EXPECT_EQ(SpdxError("SPDXVersion: SPDX-2.3\nA: <text>x\ny\n</text>\nRelationship: a b\n"),
            "doc.spdx: line 5: Relationship needs \"A TYPE B\"");
  EXPECT_EQ(SpdxError("DocumentName: x\n"), "doc.spdx: SPDXVersion is missing");
  EXPECT_EQ(SpdxError("SPDXVersion: SPDX-2.3\nPackageName: \xff\xfe\n"),
            "doc.spdx: line 2: not valid UTF-8");
}

// Packages counted independently: "PackageName:" lines, or the JSON packages array.
size_t CountTagValuePackages(const std::string& text) {
  std::istringstream lines(text);
  size_t count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("PackageName:", 0) == 0) ++count;
  }
  return count;
}

// Reads every SPDX 2.x document under `root` and compares package counts; returns how many.
size_t CheckSpdxFiles(const fs::path& root) {
  size_t checked = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const fs::path& path = entry.path();
    const std::string text = ReadFile(path);
    size_t expected = 0;
    if (path.extension() == ".spdx") {
      expected = CountTagValuePackages(text);
    } else if (path.extension() == ".json") {
      const json document = json::parse(text);
      if (!document.contains("spdxVersion")) continue;  // SPDX 3 and other JSON
      expected = document.value("packages", json::array()).size();
    } else {
      continue;
    }
    SCOPED_TRACE(path.string());
    auto bom = ReadSpdx(text, path.filename().string());
    ++checked;
    if (!bom.ok()) {
      ADD_FAILURE() << bom.error().message;
      continue;
    }
    EXPECT_EQ(bom->components.size(), expected);
    EXPECT_GT(expected, 0u);
  }
  return checked;
}

TEST(SpdxRealFiles, CopiesInTestDataReadWithExactCounts) {
  EXPECT_EQ(CheckSpdxFiles(kSourceDir / "tests/data/spdx"), 5u);
}

TEST(SpdxRealFiles, EverySpdx2ExampleInSharedDataReads) {
  const fs::path root = kSourceDir / "../shared/data/spdx-examples";
  if (!fs::exists(root)) GTEST_SKIP() << root << " is absent (a user's clone)";
  EXPECT_EQ(CheckSpdxFiles(root), 30u);
}

}  // namespace
}  // namespace hoshitori::interchange
