// libFuzzer target: OSCAL XML (catalogs, profiles, mapping collections) and profile
// resolution. Any bytes must give a document, a framework or an error naming the line —
// never a crash, hang or sanitizer report. The input is read as XML, as a catalog (XML or
// JSON), as a profile resolved against a small catalog, and as a catalog a small profile is
// resolved against.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "interchange/catalog_yaml.h"
#include "interchange/oscal.h"
#include "interchange/oscal_common.h"

namespace {

constexpr std::string_view kCatalog =
    R"(<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="u">
  <metadata><title>T</title><version>1</version><oscal-version>1.1.2</oscal-version></metadata>
  <group id="ac"><title>Access</title>
    <control id="ac-1"><title>One</title><param id="ac-1_prm_1"><label>who</label></param>
      <part id="ac-1_smt" name="statement"><p>Tell <insert type="param" id-ref="ac-1_prm_1"/>.</p></part>
      <control id="ac-1.1"><title>One one</title></control>
    </control>
    <control id="ac-2"><title>Two</title></control>
  </group>
</catalog>)";

constexpr std::string_view kProfile =
    R"(<profile xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="p">
  <metadata><title>P</title><version>1</version><oscal-version>1.1.2</oscal-version></metadata>
  <import href="#c"><include-controls with-child-controls="yes"><with-id>ac-1</with-id></include-controls></import>
  <modify><set-parameter param-id="ac-1_prm_1"><value>everyone</value></set-parameter></modify>
</profile>)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ix = hoshitori::interchange;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ix::oscal::ParseXml(text, "fuzz.xml");
  if (auto framework = ix::ImportOscalCatalog(text, ix::OscalCatalogOptions{})) {
    (void)ix::FrameworkFromYaml(ix::FrameworkToYaml(*framework), "fuzz.yaml");
  }
  for (const auto& [profile, catalog] : {std::pair{text, kCatalog}, std::pair{kProfile, text}}) {
    auto resolved = ix::ResolveOscalProfile(profile, catalog, ix::OscalProfileOptions{});
    if (!resolved) continue;
    if (auto framework = ix::ImportOscalCatalogDocument(*resolved, ix::OscalCatalogOptions{})) {
      (void)ix::FrameworkFromYaml(ix::FrameworkToYaml(*framework), "fuzz.yaml");
    }
  }
  return 0;
}
