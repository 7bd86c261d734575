// A software bill of materials as Hoshitori keeps it, whichever file it came from: the
// subject (what the SBOM describes), the components it lists and who depends on whom.
//
// Readers: interchange/cyclonedx.h (CycloneDX JSON and XML) and interchange/spdx.h (SPDX JSON
// and tag-value); writer: interchange/cyclonedx.h (CycloneDX 1.6 JSON). A Bom is a plain value.
//
// What "component count" means (Bom::components.size(), the number tests compare with the
// files):
//   CycloneDX: every object of the document's top-level `components` array, and of the
//     `components` arrays nested inside those (at any depth), each counted once. Nested ones
//     are flattened into `components` after their parent (depth-first, document order) and keep
//     their parent (Component::parent / parent_ref). `metadata.component` (the subject) is not
//     counted, nor are components elsewhere in the document (metadata.tools, pedigree,
//     metadata.component.components).
//   SPDX: every element of `packages` (JSON) / every `PackageName:` section (tag-value),
//     including the package(s) the document describes, which are also copied into `subject`
//     when the document describes exactly one. Files and snippets are not components.
//
// PURLs and CPEs are kept exactly as written in the file (no normalisation here).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hoshitori::sbom {

enum class BomFormat { kCycloneDx, kSpdx };
enum class BomEncoding { kJson, kXml, kTagValue };

// "CycloneDX" / "SPDX"; "JSON" / "XML" / "tag-value".
std::string_view FormatName(BomFormat format);
std::string_view EncodingName(BomEncoding encoding);

struct ComponentHash {
  std::string algorithm;  // as written: "SHA-256" (CycloneDX), "SHA256" (SPDX)
  std::string value;      // hex digits as written
  bool operator==(const ComponentHash&) const = default;
};

struct Component {
  // The component's identifier inside the document: CycloneDX bom-ref (optional there, so it
  // may be empty), SPDX SPDXID (always set).
  std::string ref;
  // For a CycloneDX component nested in another: the index of the enclosing component in
  // Bom::components (always before this one) and its ref (empty when it has none).
  std::optional<size_t> parent;
  std::string parent_ref;
  // CycloneDX type ("library", "framework", "application", ...); SPDX primaryPackagePurpose in
  // lower case with '_' as '-' ("operating-system"), empty when absent.
  std::string type;
  std::string group;  // CycloneDX group (Maven groupId, npm scope); empty for SPDX
  std::string name;
  std::string version;
  std::string purl;               // as written; empty when none
  std::vector<std::string> cpes;  // as written
  std::string supplier;           // supplier name as written (SPDX: "Organization: X")
  // Licences as written: SPDX licence ids, names or expressions. SPDX: the declared licence,
  // else the concluded one (NOASSERTION and NONE are left out).
  std::vector<std::string> licenses;
  std::vector<ComponentHash> hashes;

  bool operator==(const Component&) const = default;
};

// `ref` depends on each of `depends_on` (CycloneDX dependencies; SPDX DEPENDS_ON, CONTAINS and
// the *_DEPENDENCY_OF / CONTAINED_BY relationships, turned round so the dependent comes first).
// Refs are kept as written; they need not name a component of `components` (CycloneDX lets
// them name the subject, SPDX other documents).
struct Dependency {
  std::string ref;
  std::vector<std::string> depends_on;  // no repeats, in document order
  bool operator==(const Dependency&) const = default;
};

struct Bom {
  BomFormat format = BomFormat::kCycloneDx;
  BomEncoding encoding = BomEncoding::kJson;
  std::string spec_version;   // "1.4" (CycloneDX specVersion), "2.3" (SPDX-2.3)
  std::string serial_number;  // CycloneDX serialNumber (urn:uuid:...), SPDX documentNamespace
  std::string name;           // SPDX document name; empty for CycloneDX
  std::optional<Component> subject;
  std::vector<Component> components;
  std::vector<Dependency> dependencies;  // one entry per dependent ref, in document order
};

// Bounds every reader enforces on files from outside (an error names the one exceeded).
inline constexpr size_t kMaxBomBytes = size_t{64} << 20;  // 64 MiB per file
inline constexpr size_t kMaxBomDepth = 64;                // JSON / XML nesting levels
inline constexpr size_t kMaxComponents = 200'000;         // components per document
inline constexpr size_t kMaxDependencyEdges = 2'000'000;  // ref -> ref pairs per document
inline constexpr size_t kMaxValuesPerComponent = 256;     // cpes, licences, hashes each
inline constexpr size_t kMaxFieldBytes = 8192;            // one name, version, purl, ref, ...

// The number of ref -> ref pairs in `dependencies`.
size_t DependencyEdgeCount(const std::vector<Dependency>& dependencies);

// Index of the first component whose ref is `ref`, or nullopt (an empty ref matches nothing).
std::optional<size_t> FindComponent(const Bom& bom, std::string_view ref);

}  // namespace hoshitori::sbom
