// CycloneDX JSON into sbom::Bom with simdjson's DOM (see cyclonedx.h for what is read).
#include <simdjson.h>

#include <algorithm>

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
    dom::element root;
    if (!walker_.Parse(text, &root)) return walker_.TakeError();
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
        if (!ReadComponentFields(subject, &component, nullptr)) return false;
        bom_.subject = std::move(component);
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }

    dom::array components;
    if (!walker_.OptionalArray(document, "components", &components, &present)) return false;
    if (present) {
      walker_.path().Push("components");
      bom_.components.reserve(std::min(components.size(), sbom::kMaxComponents));
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
      // Built in place: nested components are appended only after this one is complete.
      const size_t at = bom_.components.size();
      sbom::Component& component = bom_.components.emplace_back();
      std::optional<dom::array> children;
      if (!ReadComponentFields(object, &component, &children)) return false;
      if (parent) {
        component.parent = parent;
        component.parent_ref = bom_.components[*parent].ref;
      }
      if (children) {
        walker_.path().Push("components");
        if (!ReadComponents(*children, at)) return false;
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

  // Reads the members of a component object in one pass (a lookup per field would scan the
  // object once per field); `children`, when given, receives its nested components array.
  bool ReadComponentFields(dom::object object, sbom::Component* component,
                           std::optional<dom::array>* children) {
    bool has_type = false;
    bool has_name = false;
    for (dom::key_value_pair member : object) {
      const std::string_view key = member.key;
      const dom::element value = member.value;
      bool ok = true;
      if (key == "type") {
        has_type = true;
        ok = walker_.StringMember(key, value, &component->type);
      } else if (key == "name") {
        has_name = true;
        ok = walker_.StringMember(key, value, &component->name);
      } else if (key == "bom-ref") {
        ok = walker_.StringMember(key, value, &component->ref);
      } else if (key == "group") {
        ok = walker_.StringMember(key, value, &component->group);
      } else if (key == "version") {
        ok = walker_.StringMember(key, value, &component->version);
      } else if (key == "purl") {
        ok = walker_.StringMember(key, value, &component->purl);
      } else if (key == "cpe") {
        std::string cpe;
        ok = walker_.StringMember(key, value, &cpe);
        if (ok && !cpe.empty()) component->cpes.push_back(std::move(cpe));
      } else if (key == "supplier") {
        walker_.path().Push(key);
        dom::object supplier;
        ok = walker_.ObjectAt(value, &supplier) &&
             walker_.OptionalString(supplier, "name", &component->supplier);
        walker_.path().Pop();
      } else if (key == "licenses") {
        walker_.path().Push(key);
        ok = ReadLicenses(value, component);
        walker_.path().Pop();
      } else if (key == "hashes") {
        walker_.path().Push(key);
        ok = ReadHashes(value, component);
        walker_.path().Pop();
      } else if (key == "components" && children) {
        dom::array list;
        if (value.get_array().get(list) != simdjson::SUCCESS) {
          return walker_.FailAt(key, "must be an array");
        }
        *children = list;
      }
      if (!ok) return false;
    }
    if (!has_type) return walker_.FailAt("type", "is required");
    if (!has_name) return walker_.FailAt("name", "is required");
    return true;
  }

  bool ReadLicenses(dom::element value, sbom::Component* component) {
    dom::array licenses;
    if (value.get_array().get(licenses) != simdjson::SUCCESS) {
      return walker_.Fail("must be an array");
    }
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
    return true;
  }

  bool ReadHashes(dom::element value, sbom::Component* component) {
    dom::array hashes;
    if (value.get_array().get(hashes) != simdjson::SUCCESS) {
      return walker_.Fail("must be an array");
    }
    component->hashes.reserve(std::min(hashes.size(), sbom::kMaxValuesPerComponent));
    size_t index = 0;
    for (dom::element item : hashes) {
      walker_.path().Push(index++);
      if (!CheckCount(component->hashes.size(), "hashes")) return false;
      dom::object hash_object;
      if (!walker_.ObjectAt(item, &hash_object)) return false;
      sbom::ComponentHash& hash = component->hashes.emplace_back();
      bool has_algorithm = false;
      bool has_content = false;
      for (dom::key_value_pair member : hash_object) {
        if (member.key == "alg") {
          has_algorithm = true;
          if (!walker_.StringMember(member.key, member.value, &hash.algorithm)) return false;
        } else if (member.key == "content") {
          has_content = true;
          if (!walker_.StringMember(member.key, member.value, &hash.value)) return false;
        }
      }
      if (!has_algorithm) return walker_.FailAt("alg", "is required");
      if (!has_content) return walker_.FailAt("content", "is required");
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
