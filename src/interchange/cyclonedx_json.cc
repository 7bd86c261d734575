// CycloneDX JSON into sbom::Bom with simdjson's DOM (see cyclonedx.h for what is read).
#include <simdjson.h>

#include "interchange/cyclonedx.h"
#include "interchange/cyclonedx_spdx_common.h"

namespace hoshitori::interchange {

namespace {

using sbom_detail::JsonWalker;
namespace dom = simdjson::dom;

bool IsSupportedJsonVersion(std::string_view version) {
  return version == "1.2" || version == "1.3" || version == "1.4" || version == "1.5" ||
         version == "1.6";
}

class CycloneDxJsonReader {
 public:
  explicit CycloneDxJsonReader(const std::string& file_name) : walker_(file_name) {}

  Result<sbom::Bom> Read(std::string_view text) {
    dom::parser parser;
    dom::element root;
    if (!walker_.Parse(text, parser, &root)) return walker_.TakeError();
    if (!ReadDocument(root)) return walker_.TakeError();
    bom_.dependencies = dependencies_.Take();
    return std::move(bom_);
  }

 private:
  bool ReadDocument(dom::element root) {
    dom::object document;
    if (!walker_.ObjectAt(root, &document)) return false;
    std::string format;
    if (!walker_.RequiredString(document, "bomFormat", &format)) return false;
    if (format != "CycloneDX") {
      return walker_.FailAt("bomFormat", "is \"" + format + "\", not \"CycloneDX\"");
    }
    bom_.format = sbom::BomFormat::kCycloneDx;
    bom_.encoding = sbom::BomEncoding::kJson;
    if (!walker_.RequiredString(document, "specVersion", &bom_.spec_version)) return false;
    if (!IsSupportedJsonVersion(bom_.spec_version)) {
      return walker_.FailAt("specVersion", "CycloneDX " + bom_.spec_version +
                                               " is not supported (JSON 1.2 to 1.6 are)");
    }
    if (!walker_.OptionalString(document, "serialNumber", &bom_.serial_number)) return false;

    dom::object metadata;
    bool present = false;
    if (!walker_.OptionalObject(document, "metadata", &metadata, &present)) return false;
    if (present) {
      walker_.path().Push("metadata");
      dom::object subject;
      bool has_subject = false;
      if (!walker_.OptionalObject(metadata, "component", &subject, &has_subject)) return false;
      if (has_subject) {
        walker_.path().Push("component");
        sbom::Component component;
        if (!ReadComponentFields(subject, &component)) return false;
        bom_.subject = std::move(component);
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }

    dom::array components;
    if (!walker_.OptionalArray(document, "components", &components, &present)) return false;
    if (present) {
      walker_.path().Push("components");
      if (!ReadComponents(components, std::nullopt)) return false;
      walker_.path().Pop();
    }

    dom::array dependencies;
    if (!walker_.OptionalArray(document, "dependencies", &dependencies, &present)) return false;
    if (present) {
      walker_.path().Push("dependencies");
      if (!ReadDependencies(dependencies)) return false;
      walker_.path().Pop();
    }
    return true;
  }

  // Appends the components of `list` (and, depth first, their nested components) to bom_.
  bool ReadComponents(dom::array list, std::optional<size_t> parent) {
    size_t index = 0;
    for (dom::element item : list) {
      walker_.path().Push(index++);
      dom::object object;
      if (!walker_.ObjectAt(item, &object)) return false;
      if (bom_.components.size() >= sbom::kMaxComponents) {
        return walker_.Fail("more than " + std::to_string(sbom::kMaxComponents) +
                            " components in one document");
      }
      sbom::Component component;
      if (!ReadComponentFields(object, &component)) return false;
      if (parent) {
        component.parent = parent;
        component.parent_ref = bom_.components[*parent].ref;
      }
      const size_t at = bom_.components.size();
      bom_.components.push_back(std::move(component));
      dom::array children;
      bool present = false;
      if (!walker_.OptionalArray(object, "components", &children, &present)) return false;
      if (present) {
        walker_.path().Push("components");
        if (!ReadComponents(children, at)) return false;
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }
    return true;
  }

  bool CheckCount(size_t count, std::string_view what) {
    if (count < sbom::kMaxValuesPerComponent) return true;
    return walker_.Fail("more than " + std::to_string(sbom::kMaxValuesPerComponent) + " " +
                        std::string(what) + " in one component");
  }

  bool ReadComponentFields(dom::object object, sbom::Component* component) {
    if (!walker_.RequiredString(object, "type", &component->type) ||
        !walker_.RequiredString(object, "name", &component->name) ||
        !walker_.OptionalString(object, "bom-ref", &component->ref) ||
        !walker_.OptionalString(object, "group", &component->group) ||
        !walker_.OptionalString(object, "version", &component->version) ||
        !walker_.OptionalString(object, "purl", &component->purl)) {
      return false;
    }
    std::string cpe;
    if (!walker_.OptionalString(object, "cpe", &cpe)) return false;
    if (!cpe.empty()) component->cpes.push_back(std::move(cpe));

    dom::object supplier;
    bool present = false;
    if (!walker_.OptionalObject(object, "supplier", &supplier, &present)) return false;
    if (present) {
      walker_.path().Push("supplier");
      if (!walker_.OptionalString(supplier, "name", &component->supplier)) return false;
      walker_.path().Pop();
    }

    dom::array licenses;
    if (!walker_.OptionalArray(object, "licenses", &licenses, &present)) return false;
    if (present) {
      walker_.path().Push("licenses");
      size_t index = 0;
      for (dom::element item : licenses) {
        walker_.path().Push(index++);
        if (!CheckCount(component->licenses.size(), "licences")) return false;
        dom::object choice;
        if (!walker_.ObjectAt(item, &choice)) return false;
        std::string text;
        dom::object license;
        bool has_license = false;
        if (!walker_.OptionalString(choice, "expression", &text) ||
            !walker_.OptionalObject(choice, "license", &license, &has_license)) {
          return false;
        }
        if (has_license) {
          walker_.path().Push("license");
          if (!walker_.OptionalString(license, "id", &text)) return false;
          if (text.empty() && !walker_.OptionalString(license, "name", &text)) return false;
          if (text.empty()) return walker_.Fail("a licence needs an id or a name");
          walker_.path().Pop();
        }
        if (text.empty()) return walker_.Fail("needs a license or an expression");
        component->licenses.push_back(std::move(text));
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }

    dom::array hashes;
    if (!walker_.OptionalArray(object, "hashes", &hashes, &present)) return false;
    if (present) {
      walker_.path().Push("hashes");
      size_t index = 0;
      for (dom::element item : hashes) {
        walker_.path().Push(index++);
        if (!CheckCount(component->hashes.size(), "hashes")) return false;
        dom::object hash_object;
        sbom::ComponentHash hash;
        if (!walker_.ObjectAt(item, &hash_object) ||
            !walker_.RequiredString(hash_object, "alg", &hash.algorithm) ||
            !walker_.RequiredString(hash_object, "content", &hash.value)) {
          return false;
        }
        component->hashes.push_back(std::move(hash));
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }
    return true;
  }

  bool ReadDependencies(dom::array list) {
    size_t index = 0;
    for (dom::element item : list) {
      walker_.path().Push(index++);
      dom::object object;
      std::string ref;
      if (!walker_.ObjectAt(item, &object) || !walker_.RequiredString(object, "ref", &ref)) {
        return false;
      }
      if (ref.empty()) return walker_.FailAt("ref", "must not be empty");
      dependencies_.Touch(ref);
      dom::array depends_on;
      bool present = false;
      if (!walker_.OptionalArray(object, "dependsOn", &depends_on, &present)) return false;
      if (present) {
        walker_.path().Push("dependsOn");
        size_t target_index = 0;
        for (dom::element target : depends_on) {
          walker_.path().Push(target_index++);
          std::string to;
          if (!walker_.StringValue(target, &to)) return false;
          if (to.empty()) return walker_.Fail("must not be empty");
          if (!dependencies_.Add(ref, to)) {
            return walker_.Fail("more than " + std::to_string(sbom::kMaxDependencyEdges) +
                                " dependency pairs in one document");
          }
          walker_.path().Pop();
        }
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }
    return true;
  }

  JsonWalker walker_;
  sbom::Bom bom_;
  sbom_detail::DependencyCollector dependencies_;
};

}  // namespace

Result<sbom::Bom> ReadCycloneDxJson(std::string_view text, const std::string& file_name) {
  return CycloneDxJsonReader(file_name).Read(text);
}

Result<sbom::Bom> ReadCycloneDx(std::string_view text, const std::string& file_name) {
  if (sbom_detail::FirstSignificantChar(text) == '<') return ReadCycloneDxXml(text, file_name);
  return ReadCycloneDxJson(text, file_name);
}

}  // namespace hoshitori::interchange
