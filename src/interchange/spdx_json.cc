// SPDX 2.2/2.3 JSON into sbom::Bom with simdjson's DOM (see spdx.h for the mapping).
#include <simdjson.h>

#include "interchange/cyclonedx_spdx_common.h"
#include "interchange/spdx.h"
#include "interchange/spdx_common.h"

namespace hoshitori::interchange {

namespace {

using sbom_detail::JsonWalker;
namespace dom = simdjson::dom;

class SpdxJsonReader {
 public:
  explicit SpdxJsonReader(const std::string& file_name) : walker_(file_name) {}

  Result<sbom::Bom> Read(std::string_view text) {
    dom::element root;
    if (!walker_.Parse(text, &root)) return walker_.TakeError();
    if (!ReadDocument(root)) return walker_.TakeError();
    sbom_detail::FinishSpdxBom(relationships_, describes_, document_id_, &bom_);
    return std::move(bom_);
  }

 private:
  bool ReadDocument(dom::element root) {
    dom::object document;
    if (!walker_.ObjectAt(root, &document)) return false;
    dom::element ignored;
    if (document.at_key("@context").get(ignored) == simdjson::SUCCESS) {
      return walker_.Fail("this is an SPDX 3 (JSON-LD) document; only SPDX 2.2 and 2.3 are read");
    }
    std::string version;
    if (!walker_.RequiredString(document, "spdxVersion", &version)) return false;
    const auto supported = sbom_detail::SupportedSpdxVersion(version);
    if (!supported) {
      return walker_.FailAt("spdxVersion",
                            "\"" + version + "\" is not supported (SPDX-2.2 and SPDX-2.3 are)");
    }
    bom_.format = sbom::BomFormat::kSpdx;
    bom_.encoding = sbom::BomEncoding::kJson;
    bom_.spec_version = *supported;
    if (!walker_.RequiredString(document, "SPDXID", &document_id_) ||
        !walker_.OptionalString(document, "name", &bom_.name) ||
        !walker_.OptionalString(document, "documentNamespace", &bom_.serial_number)) {
      return false;
    }

    dom::array list;
    bool present = false;
    if (!walker_.OptionalArray(document, "documentDescribes", &list, &present)) return false;
    if (present) {
      walker_.path().Push("documentDescribes");
      size_t index = 0;
      for (dom::element item : list) {
        walker_.path().Push(index++);
        if (describes_.size() >= sbom::kMaxComponents) {
          return walker_.Fail("too many described elements");
        }
        std::string id;
        if (!walker_.StringValue(item, &id)) return false;
        describes_.push_back(std::move(id));
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }

    if (!walker_.OptionalArray(document, "packages", &list, &present)) return false;
    if (present) {
      walker_.path().Push("packages");
      size_t index = 0;
      for (dom::element item : list) {
        walker_.path().Push(index++);
        if (bom_.components.size() >= sbom::kMaxComponents) {
          return walker_.Fail("more than " + std::to_string(sbom::kMaxComponents) +
                              " packages in one document");
        }
        if (!ReadPackage(item)) return false;
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }

    if (!walker_.OptionalArray(document, "relationships", &list, &present)) return false;
    if (present) {
      walker_.path().Push("relationships");
      size_t index = 0;
      for (dom::element item : list) {
        walker_.path().Push(index++);
        if (relationships_.size() >= sbom::kMaxDependencyEdges) {
          return walker_.Fail("more than " + std::to_string(sbom::kMaxDependencyEdges) +
                              " relationships in one document");
        }
        dom::object object;
        sbom_detail::SpdxRelationship relationship;
        if (!walker_.ObjectAt(item, &object) ||
            !walker_.RequiredString(object, "spdxElementId", &relationship.from) ||
            !walker_.RequiredString(object, "relationshipType", &relationship.type) ||
            !walker_.RequiredString(object, "relatedSpdxElement", &relationship.to)) {
          return false;
        }
        relationships_.push_back(std::move(relationship));
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }
    return true;
  }

  bool ReadPackage(dom::element item) {
    dom::object object;
    sbom::Component package;
    std::string declared;
    std::string concluded;
    std::string purpose;
    if (!walker_.ObjectAt(item, &object) ||
        !walker_.RequiredString(object, "SPDXID", &package.ref) ||
        !walker_.RequiredString(object, "name", &package.name) ||
        !walker_.OptionalString(object, "versionInfo", &package.version) ||
        !walker_.OptionalString(object, "supplier", &package.supplier) ||
        !walker_.OptionalString(object, "licenseDeclared", &declared) ||
        !walker_.OptionalString(object, "licenseConcluded", &concluded) ||
        !walker_.OptionalString(object, "primaryPackagePurpose", &purpose)) {
      return false;
    }
    if (package.ref.empty()) return walker_.FailAt("SPDXID", "must not be empty");
    package.type = sbom_detail::SpdxPurposeAsType(purpose);
    sbom_detail::SetSpdxLicenses(declared, concluded, &package);

    dom::array list;
    bool present = false;
    if (!walker_.OptionalArray(object, "checksums", &list, &present)) return false;
    if (present) {
      walker_.path().Push("checksums");
      size_t index = 0;
      for (dom::element entry : list) {
        walker_.path().Push(index++);
        if (package.hashes.size() >= sbom::kMaxValuesPerComponent) {
          return walker_.Fail("more than " + std::to_string(sbom::kMaxValuesPerComponent) +
                              " checksums in one package");
        }
        dom::object checksum;
        sbom::ComponentHash hash;
        if (!walker_.ObjectAt(entry, &checksum) ||
            !walker_.RequiredString(checksum, "algorithm", &hash.algorithm) ||
            !walker_.RequiredString(checksum, "checksumValue", &hash.value)) {
          return false;
        }
        package.hashes.push_back(std::move(hash));
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }

    if (!walker_.OptionalArray(object, "externalRefs", &list, &present)) return false;
    if (present) {
      walker_.path().Push("externalRefs");
      size_t index = 0;
      for (dom::element entry : list) {
        walker_.path().Push(index++);
        dom::object reference;
        std::string type;
        std::string locator;
        if (!walker_.ObjectAt(entry, &reference) ||
            !walker_.RequiredString(reference, "referenceType", &type) ||
            !walker_.RequiredString(reference, "referenceLocator", &locator)) {
          return false;
        }
        if (!sbom_detail::AddSpdxExternalRef(type, locator, &package)) {
          return walker_.Fail("more than " + std::to_string(sbom::kMaxValuesPerComponent) +
                              " CPEs in one package");
        }
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }
    bom_.components.push_back(std::move(package));
    return true;
  }

  JsonWalker walker_;
  sbom::Bom bom_;
  std::string document_id_;
  std::vector<std::string> describes_;
  std::vector<sbom_detail::SpdxRelationship> relationships_;
};

}  // namespace

Result<sbom::Bom> ReadSpdxJson(std::string_view text, const std::string& file_name) {
  return SpdxJsonReader(file_name).Read(text);
}

Result<sbom::Bom> ReadSpdx(std::string_view text, const std::string& file_name) {
  if (sbom_detail::FirstSignificantChar(text) == '{') return ReadSpdxJson(text, file_name);
  return ReadSpdxTagValue(text, file_name);
}

}  // namespace hoshitori::interchange
