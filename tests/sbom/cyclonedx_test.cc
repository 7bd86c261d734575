// The CycloneDX readers and writer on small documents written here: what is read, what is
// refused and how the errors say where.
#include "interchange/cyclonedx.h"

#include <gtest/gtest.h>

#include <string>

namespace hoshitori::interchange {
namespace {

constexpr const char* kNestedJson = R"({
  "bomFormat": "CycloneDX", "specVersion": "1.5",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79", "version": 1,
  "metadata": {"component": {"type": "application", "bom-ref": "app", "name": "shop",
                             "version": "2.0"}},
  "components": [
    {"type": "library", "bom-ref": "a", "group": "org.example", "name": "alpha",
     "version": "1.0", "purl": "pkg:maven/org.example/alpha@1.0",
     "cpe": "cpe:2.3:a:example:alpha:1.0:*:*:*:*:*:*:*",
     "supplier": {"name": "Example Ltd"},
     "licenses": [{"license": {"id": "Apache-2.0"}}, {"license": {"name": "Own licence"}}],
     "hashes": [{"alg": "SHA-1", "content": "0123456789abcdef0123456789abcdef01234567"}],
     "components": [
       {"type": "library", "bom-ref": "a/inner", "name": "inner",
        "components": [{"type": "file", "name": "deep"}]}
     ]},
    {"type": "framework", "bom-ref": "b", "name": "beta",
     "licenses": [{"expression": "MIT OR Apache-2.0"}]}
  ],
  "dependencies": [
    {"ref": "app", "dependsOn": ["a", "b", "a"]},
    {"ref": "a", "dependsOn": ["a/inner"]},
    {"ref": "b"}
  ]
})";

TEST(CycloneDxJson, ReadsComponentsFlatteningNestedOnesAfterTheirParent) {
  auto bom = ReadCycloneDxJson(kNestedJson, "nested.json");
  ASSERT_TRUE(bom.ok()) << bom.error().message;
  EXPECT_EQ(bom->format, sbom::BomFormat::kCycloneDx);
  EXPECT_EQ(bom->encoding, sbom::BomEncoding::kJson);
  EXPECT_EQ(bom->spec_version, "1.5");
  EXPECT_EQ(bom->serial_number, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  ASSERT_TRUE(bom->subject.has_value());
  EXPECT_EQ(bom->subject->ref, "app");
  EXPECT_EQ(bom->subject->type, "application");
  ASSERT_EQ(bom->components.size(), 4u);
  const sbom::Component& alpha = bom->components[0];
  EXPECT_EQ(alpha.ref, "a");
  EXPECT_EQ(alpha.group, "org.example");
  EXPECT_EQ(alpha.purl, "pkg:maven/org.example/alpha@1.0");
  EXPECT_EQ(alpha.cpes, std::vector<std::string>{"cpe:2.3:a:example:alpha:1.0:*:*:*:*:*:*:*"});
  EXPECT_EQ(alpha.supplier, "Example Ltd");
  EXPECT_EQ(alpha.licenses, (std::vector<std::string>{"Apache-2.0", "Own licence"}));
  ASSERT_EQ(alpha.hashes.size(), 1u);
  EXPECT_EQ(alpha.hashes[0].algorithm, "SHA-1");
  EXPECT_FALSE(alpha.parent.has_value());
  EXPECT_EQ(bom->components[1].name, "inner");
  EXPECT_EQ(bom->components[1].parent, 0u);
  EXPECT_EQ(bom->components[1].parent_ref, "a");
  EXPECT_EQ(bom->components[2].name, "deep");
  EXPECT_EQ(bom->components[2].ref, "");
  EXPECT_EQ(bom->components[2].parent, 1u);
  EXPECT_EQ(bom->components[3].name, "beta");
  EXPECT_FALSE(bom->components[3].parent.has_value());
  EXPECT_EQ(bom->components[3].licenses, std::vector<std::string>{"MIT OR Apache-2.0"});
  ASSERT_EQ(bom->dependencies.size(), 3u);
  EXPECT_EQ(bom->dependencies[0].ref, "app");
  EXPECT_EQ(bom->dependencies[0].depends_on, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(bom->dependencies[2].ref, "b");
  EXPECT_TRUE(bom->dependencies[2].depends_on.empty());
  EXPECT_EQ(sbom::DependencyEdgeCount(bom->dependencies), 3u);
}

// The error message of reading `text` as CycloneDX JSON (empty when it was read).
std::string JsonError(const std::string& text) {
  auto bom = ReadCycloneDxJson(text, "bom.json");
  return bom.ok() ? std::string() : bom.error().message;
}

TEST(CycloneDxJson, ErrorsNameTheFileTheJsonPointerAndTheReason) {
  EXPECT_EQ(JsonError(R"({"bomFormat":"CycloneDX","specVersion":"1.4","components":[
                {"type":"library","name":"a"},{"type":"library","name":7}]})"),
            "bom.json: /components/1/name: must be a string");
  EXPECT_EQ(JsonError(R"({"bomFormat":"CycloneDX","specVersion":"1.4","components":[
                {"type":"library","name":"a","hashes":[{"alg":"MD5"}]}]})"),
            "bom.json: /components/0/hashes/0/content: is required");
  EXPECT_EQ(JsonError(R"({"bomFormat":"CycloneDX","specVersion":"1.4","dependencies":[
                {"ref":"a","dependsOn":["b",""]}]})"),
            "bom.json: /dependencies/0/dependsOn/1: must not be empty");
  EXPECT_EQ(JsonError(R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[
                {"type":"library","name":"a","components":[{"name":"x/y"}]}]})"),
            "bom.json: /components/0/components/0/type: is required");
  EXPECT_EQ(JsonError(R"({"bomFormat":"SPDX","specVersion":"1.4"})"),
            "bom.json: /bomFormat: is \"SPDX\", not \"CycloneDX\"");
  EXPECT_EQ(JsonError(R"([1, 2])"), "bom.json: /: must be an object");
}

TEST(CycloneDxJson, RefusesVersionsItDoesNotRead) {
  EXPECT_EQ(JsonError(R"({"bomFormat":"CycloneDX","specVersion":"1.1"})"),
            "bom.json: /specVersion: CycloneDX 1.1 is not supported (JSON 1.2 to 1.6 are)");
  EXPECT_EQ(JsonError(R"({"bomFormat":"CycloneDX","specVersion":"1.7"})"),
            "bom.json: /specVersion: CycloneDX 1.7 is not supported (JSON 1.2 to 1.6 are)");
  for (const char* version : {"1.2", "1.3", "1.4", "1.5", "1.6"}) {
    EXPECT_EQ(
        JsonError(std::string(R"({"bomFormat":"CycloneDX","specVersion":")") + version + "\"}"), "")
        << version;
  }
}

TEST(CycloneDxJson, InvalidJsonSaysWhere) {
  const std::string message = JsonError("{\n  \"bomFormat\": \"CycloneDX\",\n  oops\n}");
  EXPECT_NE(message.find("bom.json: line 3, column 3: not valid JSON"), std::string::npos)
      << message;
}

TEST(CycloneDxJson, RefusesFilesOverTheSizeBound) {
  const std::string big(sbom::kMaxBomBytes + 1, ' ');
  EXPECT_EQ(JsonError(big), "bom.json: the file is larger than 64 MiB");
  auto xml = ReadCycloneDxXml(big, "bom.xml");
  ASSERT_FALSE(xml.ok());
  EXPECT_EQ(xml.error().message, "bom.xml: the file is larger than 64 MiB");
}

TEST(CycloneDxJson, EnforcesItsBounds) {
  std::string deep = R"({"bomFormat":"CycloneDX","specVersion":"1.4","x":)";
  for (size_t i = 0; i < sbom::kMaxBomDepth; ++i) deep += "[";
  for (size_t i = 0; i < sbom::kMaxBomDepth; ++i) deep += "]";
  deep += "}";
  EXPECT_NE(JsonError(deep).find("nested more than 64 levels deep"), std::string::npos);

  const std::string long_name(sbom::kMaxFieldBytes + 1, 'n');
  EXPECT_EQ(JsonError(R"({"bomFormat":"CycloneDX","specVersion":"1.4","components":[
                {"type":"library","name":")" +
                      long_name + "\"}]}"),
            "bom.json: /components/0/name: is longer than 8192 bytes");

  std::string many_cpes = R"({"bomFormat":"CycloneDX","specVersion":"1.4","components":[
                {"type":"library","name":"a","hashes":[)";
  for (size_t i = 0; i <= sbom::kMaxValuesPerComponent; ++i) {
    many_cpes += std::string(i ? "," : "") + R"({"alg":"MD5","content":"00"})";
  }
  many_cpes += "]}]}";
  EXPECT_EQ(JsonError(many_cpes),
            "bom.json: /components/0/hashes/256: more than 256 hashes in one component");
}

constexpr const char* kNestedXml = R"(<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4" serialNumber="urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79" version="1"
     xmlns:x="urn:example:extension">
  <metadata>
    <tools><tool><name>maker</name></tool></tools>
    <component type="application" bom-ref="app"><name>shop</name></component>
  </metadata>
  <components>
    <component type="library" bom-ref="a">
      <supplier><name>Example Ltd</name></supplier>
      <group>org.example</group>
      <name><![CDATA[alpha]]></name>
      <version> 1.0 </version>
      <hashes><hash alg="SHA-1">0123456789abcdef0123456789abcdef01234567</hash></hashes>
      <licenses><license><id>Apache-2.0</id></license><license><name>Own licence</name></license></licenses>
      <cpe>cpe:2.3:a:example:alpha:1.0:*:*:*:*:*:*:*</cpe>
      <purl>pkg:maven/org.example/alpha@1.0</purl>
      <pedigree><ancestors><component type="library"><name>not counted</name></component></ancestors></pedigree>
      <x:component type="library"><x:name>foreign</x:name></x:component>
      <components>
        <component type="library" bom-ref="a/inner"><name>inner</name></component>
      </components>
    </component>
    <component type="framework" bom-ref="b">
      <name>beta</name>
      <licenses><expression>MIT OR Apache-2.0</expression></licenses>
    </component>
  </components>
  <dependencies>
    <dependency ref="app"><dependency ref="a"/><dependency ref="b"/></dependency>
    <dependency ref="b"/>
  </dependencies>
</bom>
)";

TEST(CycloneDxXml, ReadsWhatTheJsonReaderReads) {
  auto bom = ReadCycloneDx(kNestedXml, "nested.xml");
  ASSERT_TRUE(bom.ok()) << bom.error().message;
  EXPECT_EQ(bom->encoding, sbom::BomEncoding::kXml);
  EXPECT_EQ(bom->spec_version, "1.4");
  EXPECT_EQ(bom->serial_number, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
  ASSERT_TRUE(bom->subject.has_value());
  EXPECT_EQ(bom->subject->name, "shop");
  ASSERT_EQ(bom->components.size(), 3u);
  const sbom::Component& alpha = bom->components[0];
  EXPECT_EQ(alpha.name, "alpha");
  EXPECT_EQ(alpha.version, "1.0");
  EXPECT_EQ(alpha.group, "org.example");
  EXPECT_EQ(alpha.supplier, "Example Ltd");
  EXPECT_EQ(alpha.purl, "pkg:maven/org.example/alpha@1.0");
  EXPECT_EQ(alpha.cpes.size(), 1u);
  EXPECT_EQ(alpha.licenses, (std::vector<std::string>{"Apache-2.0", "Own licence"}));
  ASSERT_EQ(alpha.hashes.size(), 1u);
  EXPECT_EQ(alpha.hashes[0].algorithm, "SHA-1");
  EXPECT_EQ(bom->components[1].name, "inner");
  EXPECT_EQ(bom->components[1].parent, 0u);
  EXPECT_EQ(bom->components[1].parent_ref, "a");
  EXPECT_EQ(bom->components[2].licenses, std::vector<std::string>{"MIT OR Apache-2.0"});
  ASSERT_EQ(bom->dependencies.size(), 2u);
  EXPECT_EQ(bom->dependencies[0].depends_on, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(bom->dependencies[1].depends_on.empty());
}

std::string XmlError(const std::string& text) {
  auto bom = ReadCycloneDxXml(text, "bom.xml");
  return bom.ok() ? std::string() : bom.error().message;
}

TEST(CycloneDxXml, ErrorsNameTheFileTheLineAndTheReason) {
  EXPECT_EQ(XmlError("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.3\">\n<components>\n"
                     "<component type=\"library\">\n<version>1</version>\n</component>\n"
                     "</components></bom>"),
            "bom.xml: line 5, <component>: a component needs a name");
  EXPECT_EQ(XmlError("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.3\">\n<components>\n"
                     "<component><name>x</name></component></components></bom>"),
            "bom.xml: line 3, <component>: a component needs a type attribute");
  EXPECT_EQ(XmlError("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.0\"/>"),
            "bom.xml: line 1, <bom>: CycloneDX 1.0 is not supported (XML 1.1 to 1.6 are)");
  EXPECT_EQ(XmlError("<bom xmlns=\"urn:other\"/>"),
            "bom.xml: line 1, <bom>: the root element must be <bom> in a CycloneDX namespace "
            "(http://cyclonedx.org/schema/bom/1.x)");
  EXPECT_EQ(XmlError("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.3\">\n<components>"),
            "bom.xml: line 2: not valid XML (no element found)");
  EXPECT_EQ(XmlError("<!DOCTYPE bom [<!ENTITY a \"aaaa\">]>\n"
                     "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.3\"/>"),
            "bom.xml: line 1: a document type declaration (DOCTYPE) is not accepted");
}

TEST(CycloneDxXml, EnforcesItsBounds) {
  std::string deep = "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\">";
  for (size_t i = 0; i < sbom::kMaxBomDepth; ++i) deep += "<a>";
  EXPECT_NE(XmlError(deep).find("nested more than 64 levels deep"), std::string::npos);
  const std::string long_purl(sbom::kMaxFieldBytes + 1, 'p');
  EXPECT_EQ(XmlError("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"><components>"
                     "<component type=\"library\"><name>a</name><purl>" +
                     long_purl + "</purl></component></components></bom>"),
            "bom.xml: line 1, <purl>: is longer than 8192 bytes");
}

TEST(CycloneDxWriter, WritesNestedComponentsBackUnderTheirParent) {
  auto bom = ReadCycloneDxJson(kNestedJson, "nested.json");
  ASSERT_TRUE(bom.ok()) << bom.error().message;
  const std::string written = WriteCycloneDxJson(*bom);
  auto again = ReadCycloneDxJson(written, "written.json");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->spec_version, "1.6");
  EXPECT_EQ(again->serial_number, bom->serial_number);
  EXPECT_EQ(again->subject, bom->subject);
  EXPECT_EQ(again->components, bom->components);
  EXPECT_EQ(again->dependencies, bom->dependencies);
}

}  // namespace
}  // namespace hoshitori::interchange
