// OSCAL XML, profile resolution, parameters and mapping collections with unknown ids: small
// documents written for the tests, and the real NIST files of tests/data (plus the large
// SP 800-53 catalogs of ../shared/data when present).
#include <gtest/gtest.h>

#include <filesystem>

#include "interchange/oscal.h"
#include "interchange/oscal_common.h"
#include "interchange_test_support.h"

namespace hoshitori::interchange {
namespace {

using testing_support::ReadAll;

const std::string kData = std::string(HOSHITORI_SOURCE_DIR) + "/tests/data/";
const std::string kShared = std::string(HOSHITORI_SOURCE_DIR) + "/../shared/data/oscal/";

constexpr const char* kCatalogXml = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="c">
  <metadata><title>Sample</title><version>1</version><oscal-version>1.1.2</oscal-version></metadata>
  <group id="ac"><title>Access Control</title>
    <control id="ac-1"><title>Policy</title>
      <param id="ac-1_prm_1"><label>organization-defined personnel</label></param>
      <param id="ac-1_prm_2"><select how-many="one-or-more"><choice>daily</choice>
        <choice>when <insert type="param" id-ref="ac-1_prm_1"/> decide</choice></select></param>
      <prop name="label" value="AC-1"/>
      <part id="ac-1_smt" name="statement">
        <part id="ac-1_smt.a" name="item"><prop name="label" value="a."/>
          <p>Give the policy to <insert type="param" id-ref="ac-1_prm_1"/>, <insert type="param" id-ref="ac-1_prm_2"/>;</p>
        </part>
      </part>
      <part id="ac-1_gdn" name="guidance"><p>Why it matters.</p><p>Second paragraph.</p></part>
      <control id="ac-1.1"><title>Enhancement</title><prop name="label" value="AC-1(1)"/>
        <part id="ac-1.1_smt" name="statement"><p>More.</p></part></control>
    </control>
    <control id="ac-2"><title>Accounts</title><prop name="label" value="AC-2"/>
      <part id="ac-2_smt" name="statement"><p>Manage accounts.</p></part></control>
  </group>
</catalog>
)xml";

TEST(OscalXml, ReadsACatalogWithParametersAndProse) {
  OscalCatalogOptions options;
  options.file_name = "c.xml";
  auto framework = ImportOscalCatalog(kCatalogXml, options);
  ASSERT_TRUE(framework.ok()) << framework.error().message;
  EXPECT_EQ(framework->nodes().size(), 3u);
  const RequirementNode& ac1 = framework->nodes()[framework->Find("AC-1")];
  EXPECT_EQ(ac1.id, "ac-1");
  EXPECT_EQ(ac1.description.en,
            "a. Give the policy to [Assignment: organization-defined personnel], [Selection (one "
            "or more): daily; "
            "when [Assignment: organization-defined personnel] decide];");
  EXPECT_EQ(ac1.why.en, "Why it matters.\nSecond paragraph.");
  EXPECT_EQ(framework->nodes()[framework->Find("AC-1(1)")].parent, framework->Find("AC-1"));
}

TEST(OscalXml, RefusesTruncatedAndDoctypeDocuments) {
  const std::string text = kCatalogXml;
  auto truncated = ImportOscalCatalog(text.substr(0, text.size() / 2), OscalCatalogOptions{});
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("not valid XML"), std::string::npos)
      << truncated.error().message;
  EXPECT_NE(truncated.error().message.find("truncated"), std::string::npos)
      << truncated.error().message;
  auto doctype = ImportOscalCatalog(
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a "
      "\"aaaa\">]><catalog><metadata><title>&a;</title></metadata></catalog>",
      OscalCatalogOptions{});
  ASSERT_FALSE(doctype.ok());
  EXPECT_NE(doctype.error().message.find("DOCTYPE"), std::string::npos) << doctype.error().message;
  const std::string json = R"({"catalog": {"metadata": {"title": "T"}, "groups": [)";
  auto cut = ImportOscalCatalog(json, OscalCatalogOptions{});
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().message.find("not valid JSON"), std::string::npos);
  // A number no double holds (found by oscal_xml_fuzz): an error, not an exception.
  auto overflow = ImportOscalCatalog(R"({"catalog": {"metadata": {"title": "T", "x": 32e907}}})",
                                     OscalCatalogOptions{});
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.error().message.find("not valid JSON (number overflow"), std::string::npos)
      << overflow.error().message;
}

TEST(OscalProfile, SelectsControlsAndSetsParameters) {
  const std::string profile = R"(<profile xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="p">
  <metadata><title>Baseline</title><version>2</version><oscal-version>1.1.2</oscal-version></metadata>
  <import href="#c"><include-controls><with-id>ac-1</with-id><with-id>ac-1.1</with-id></include-controls></import>
  <modify><set-parameter param-id="ac-1_prm_1"><value>the CISO</value></set-parameter>
    <alter control-id="ac-1"><add position="ending"><prop name="priority" value="P1"/></add></alter></modify>
</profile>)";
  OscalProfileOptions options;
  auto resolved = ResolveOscalProfile(profile, kCatalogXml, options);
  ASSERT_TRUE(resolved.ok()) << resolved.error().message;
  auto framework = ImportOscalCatalogDocument(*resolved, OscalCatalogOptions{});
  ASSERT_TRUE(framework.ok()) << framework.error().message;
  EXPECT_EQ(framework->name.en, "Baseline");
  EXPECT_EQ(framework->nodes().size(), 2u);  // ac-2 is not selected
  EXPECT_EQ(framework->Find("AC-2"), -1);
  EXPECT_NE(framework->nodes()[framework->Find("AC-1")].description.en.find(
                "Give the policy to the CISO, "),
            std::string::npos);

  const std::string unknown = R"({"profile": {"uuid": "p", "metadata": {"title": "B"},
    "imports": [{"href": "#c", "include-controls": [{"with-ids": ["ac-1", "zz-9", "ac-99"]}]}]}})";
  auto refused = ResolveOscalProfile(unknown, kCatalogXml, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find(
                "2 controls the profile names are not in catalog.json: zz-9, ac-99"),
            std::string::npos)
      << refused.error().message;
  // With child controls: ac-1 brings ac-1.1.
  const std::string children = R"({"profile": {"uuid": "p", "metadata": {"title": "B"},
    "imports": [{"href": "#c", "include-controls": [{"with-child-controls": "yes", "with-ids": ["ac-1"]}]}]}})";
  auto with_children = ResolveOscalProfile(children, kCatalogXml, options);
  ASSERT_TRUE(with_children.ok()) << with_children.error().message;
  EXPECT_EQ(ImportOscalCatalogDocument(*with_children, OscalCatalogOptions{})->nodes().size(), 2u);
}

TEST(OscalMappingIds, EveryUnknownIdIsReportedAndSkippable) {
  Catalog catalog;
  OscalCatalogOptions catalog_options;
  catalog_options.framework_id = "s";
  catalog.AddFramework(ImportOscalCatalog(kCatalogXml, catalog_options).value());
  catalog_options.framework_id = "t";
  catalog.AddFramework(ImportOscalCatalog(kCatalogXml, catalog_options).value());
  const std::string text =
      R"({"mapping-collection": {"metadata": {"title": "m"}, "mappings": [{"maps": [
    {"uuid": "1", "relationship": "equal-to", "sources": [{"type": "control", "id-ref": "ac-1"}],
     "targets": [{"type": "control", "id-ref": "ra-4"}, {"type": "control", "id-ref": "ac-2"}]},
    {"uuid": "2", "relationship": "subset-of", "sources": [{"type": "control", "id-ref": "ac-2"}],
     "targets": [{"type": "control", "id-ref": "ra-4"}]},
    {"uuid": "3", "relationship": "subset-of", "sources": [{"type": "control", "id-ref": "sa-24"}],
     "targets": [{"type": "control", "id-ref": "ac-1"}]},
    {"uuid": "4", "relationship": "superset-of", "sources": [{"type": "control", "id-ref": "ac-1"}],
     "targets": [{"type": "control", "id-ref": "ac-2"}], "remarks": "second opinion"}]}]}})";
  OscalMappingOptions options;
  options.file_name = "m.json";
  options.source = "s";
  options.target = "t";
  options.catalog = &catalog;
  auto refused = ImportOscalMappingCollection(text, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(
      refused.error().message,
      "m.json: 2 ids cannot be mapped (pass --skip-unknown to import the other maps and list "
      "these):\n"
      "  'ra-4' is not a requirement of t (mapping-collection.mappings[0].maps[0] and 1 more)\n"
      "  'sa-24' is not a requirement of s (mapping-collection.mappings[0].maps[2])");
  std::vector<std::string> skipped, notes;
  options.skip_unknown = true;
  options.skipped = &skipped;
  options.notes = &notes;
  auto sets = ImportOscalMappingCollection(text, options);
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  EXPECT_EQ(skipped.size(), 2u);
  ASSERT_EQ(sets->front().mappings.size(), 1u);
  // equal-to and superset-of for the same two controls: only what both imply.
  const Mapping& merged = sets->front().mappings.front();
  EXPECT_EQ(merged.relationship, Relationship::kSupersetOf);
  EXPECT_NE(merged.rationale.en.find("second opinion"), std::string::npos);
  EXPECT_NE(merged.rationale.en.find(
                "maps[0] equal-to, mapping-collection.mappings[0].maps[3] superset-of"),
            std::string::npos)
      << merged.rationale.en;
  EXPECT_EQ(notes.size(), 1u);

  std::string twice = text;
  twice.replace(twice.find(R"("uuid": "2")"), 11, R"("uuid": "1")");
  auto duplicate = ImportOscalMappingCollection(twice, options);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.error().message.find(
                "uuid 1 is already the uuid of mapping-collection.mappings[0].maps[0]"),
            std::string::npos)
      << duplicate.error().message;
}

TEST(OscalXml, ReadsAMappingCollection) {
  const std::string text =
      R"xml(<mapping-collection xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="m">
  <metadata><title>M</title><version>1</version><oscal-version>1.2.1</oscal-version></metadata>
  <mapping uuid="n"><source-resource type="catalog" href="a.json"/><target-resource type="catalog" href="b.json"/>
    <map uuid="x" relationship="subset-of"><source type="control" id-ref="ac-1"/><target type="control" id-ref="ac-2"/>
      <target type="control" id-ref="ac-1"/>
      <coverage generation-method="human" target-coverage="0.5"/><confidence-score category="high"/></map>
  </mapping>
</mapping-collection>)xml";
  OscalMappingOptions options;
  options.source = "s";
  options.target = "t";
  auto sets = ImportOscalMappingCollection(text, options);
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  ASSERT_EQ(sets->front().mappings.size(), 2u);
  EXPECT_EQ(sets->front().mappings[0].relationship, Relationship::kSubsetOf);
  EXPECT_EQ(sets->front().mappings[0].coverage, 0.5);
  EXPECT_EQ(sets->front().mappings[0].confidence, Confidence::kHigh);
}

TEST(OscalRealFiles, MappingCollectionsReadInFull) {
  // Without a catalog to resolve against (every clone has these files): every pair.
  struct Case {
    const char* file;
    size_t mappings;
  };
  for (const Case& c : {Case{"NIST_CSF_v2.0-to-NIST_SP-800-53_rev5.json", 737},
                        Case{"NIST_SP-800-53_rev5-to-NIST_SP-800-53_rev4.json", 740}}) {
    OscalMappingOptions options;
    options.file_name = c.file;
    options.source = "a";
    options.target = "b";
    auto sets = ImportOscalMappingCollection(ReadAll(kData + "oscal-mapping/" + c.file), options);
    ASSERT_TRUE(sets.ok()) << sets.error().message;
    ASSERT_EQ(sets->size(), 1u);
    EXPECT_EQ(sets->front().mappings.size(), c.mappings) << c.file;
  }
}

TEST(OscalRealFiles, Csf20ToRev5AgainstTheCatalogsWhenPresent) {
  const std::string rev5 = kShared + "v1.0.0_NIST_SP-800-53_rev5_catalog.json";
  if (!std::filesystem::exists(rev5)) GTEST_SKIP() << "skipped: " << rev5 << " is absent";
  Catalog catalog;
  OscalCatalogOptions catalog_options;
  catalog_options.framework_id = "csf";
  catalog.AddFramework(
      ImportOscalCatalog(ReadAll(kData + "nist-oscal/NIST_CSF_v2.0_catalog.xml"), catalog_options)
          .value());
  catalog_options.framework_id = "r5";
  catalog.AddFramework(ImportOscalCatalog(ReadAll(rev5), catalog_options).value());
  OscalMappingOptions options;
  options.file_name = "csf-to-r5.json";
  options.source = "csf";
  options.target = "r5";
  options.catalog = &catalog;
  const std::string text =
      ReadAll(kData + "oscal-mapping/NIST_CSF_v2.0-to-NIST_SP-800-53_rev5.json");
  auto refused = ImportOscalMappingCollection(text, options);
  ASSERT_FALSE(refused.ok());
  for (const char* id : {"'ra-4'", "'sa-24'", "'ia-13'", "'sa-15.13'", "'si-2.7'"}) {
    EXPECT_NE(refused.error().message.find(id), std::string::npos) << id;
  }
  EXPECT_NE(refused.error().message.find("5 ids cannot be mapped"), std::string::npos);
  std::vector<std::string> skipped;
  options.skip_unknown = true;
  options.skipped = &skipped;
  auto sets = ImportOscalMappingCollection(text, options);
  ASSERT_TRUE(sets.ok()) << sets.error().message;
  EXPECT_EQ(sets->front().mappings.size(), 728u);
  EXPECT_EQ(skipped.size(), 5u);
}

TEST(OscalRealFiles, Csf20CatalogInXml) {
  OscalCatalogOptions options;
  options.file_name = "NIST_CSF_v2.0_catalog.xml";
  options.leaves_only = true;
  auto framework =
      ImportOscalCatalog(ReadAll(kData + "nist-oscal/NIST_CSF_v2.0_catalog.xml"), options);
  ASSERT_TRUE(framework.ok()) << framework.error().message;
  // 6 functions (categories), 34 categories and 185 subcategories as NIST's XML lists them.
  EXPECT_EQ(framework->categories.size(), 6u);
  EXPECT_EQ(framework->nodes().size(), 219u);
  EXPECT_EQ(framework->assessable().size(), 185u);
  const RequirementNode& first = framework->nodes()[framework->Find("GV.OC-01")];
  EXPECT_EQ(first.description.en,
            "The organizational mission is understood and informs cybersecurity risk management");
}

TEST(OscalRealFiles, ModerateBaselineAgainstRev5WhenPresent) {
  const std::string rev5 = kShared + "v1.0.0_NIST_SP-800-53_rev5_catalog.json";
  if (!std::filesystem::exists(rev5)) GTEST_SKIP() << "skipped: " << rev5 << " is absent";
  OscalProfileOptions options;
  options.file_name = "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json";
  options.catalog_file_name = rev5;
  auto resolved = ResolveOscalProfile(
      ReadAll(kData + "nist-oscal/NIST_SP-800-53_rev5_MODERATE-baseline_profile.json"),
      ReadAll(rev5), options);
  ASSERT_TRUE(resolved.ok()) << resolved.error().message;
  auto framework = ImportOscalCatalogDocument(*resolved, OscalCatalogOptions{});
  ASSERT_TRUE(framework.ok()) << framework.error().message;
  EXPECT_EQ(framework->nodes().size(), 287u);
  EXPECT_EQ(framework->assessable().size(), 287u);
  EXPECT_EQ(framework->categories.size(), 18u);  // no PM and PT controls in the baseline
  for (const RequirementNode& node : framework->nodes()) {
    EXPECT_EQ(node.description.en.find("{{"), std::string::npos) << node.id;
  }
}

TEST(OscalRealFiles, Rev5CatalogHasNoRawParameters) {
  const std::string rev5 = kShared + "v1.0.0_NIST_SP-800-53_rev5_catalog.json";
  if (!std::filesystem::exists(rev5)) GTEST_SKIP() << "skipped: " << rev5 << " is absent";
  auto framework = ImportOscalCatalog(ReadAll(rev5), OscalCatalogOptions{});
  ASSERT_TRUE(framework.ok()) << framework.error().message;
  int raw = 0;
  for (const RequirementNode& node : framework->nodes())
    raw += node.description.en.find("{{") != std::string::npos;
  EXPECT_EQ(raw, 0);
}

}  // namespace
}  // namespace hoshitori::interchange
