// CycloneDX XML into sbom::Bom, read as a stream with expat (see cyclonedx.h for what is read).
// Only elements of the document's CycloneDX namespace (and, for dependencies, of the 1.1
// dependency-graph extension) are interpreted; elements of other namespaces are skipped with
// everything inside them.
#include <expat.h>

#include <limits>
#include <memory>
#include <type_traits>

#include "interchange/cyclonedx.h"
#include "interchange/cyclonedx_spdx_common.h"

namespace hoshitori::interchange {

namespace {

constexpr std::string_view kBomNamespacePrefix = "http://cyclonedx.org/schema/bom/";
constexpr std::string_view kDependencyGraphNamespace =
    "http://cyclonedx.org/schema/ext/dependency-graph/1.0";
constexpr std::string_view kForeign = "#";  // stack name of an element outside CycloneDX

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r' ||
                           text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

class CycloneDxXmlReader {
 public:
  explicit CycloneDxXmlReader(const std::string& file_name) : file_name_(file_name) {}

  Result<sbom::Bom> Read(std::string_view text) {
    if (auto error = sbom_detail::CheckBomSize(text, file_name_)) return std::move(*error);
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
        XML_ParserCreateNS(nullptr, ' '), &XML_ParserFree);
    if (!parser) return sbom_detail::SbomError(file_name_, "", "out of memory while reading XML");
    parser_ = parser.get();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &OnStart, &OnEnd);
    XML_SetCharacterDataHandler(parser_, &OnText);
    XML_SetStartDoctypeDeclHandler(parser_, &OnDoctype);
    XML_SetEntityDeclHandler(parser_, &OnEntity);
    const auto status = XML_Parse(parser_, text.data(), static_cast<int>(text.size()), XML_TRUE);
    if (error_) return std::move(*error_);
    if (status != XML_STATUS_OK) {
      std::string what = XML_ErrorString(XML_GetErrorCode(parser_));
      return sbom_detail::SbomError(file_name_,
                                    "line " + std::to_string(XML_GetCurrentLineNumber(parser_)),
                                    "not valid XML (" + what + ")");
    }
    if (!seen_root_) return sbom_detail::SbomError(file_name_, "", "no root element");
    bom_.dependencies = dependencies_.Take();
    return std::move(bom_);
  }

 private:
  // The component being read and the depth of its element.
  struct OpenComponent {
    size_t depth;
    std::optional<size_t> index;  // in bom_.components; nullopt for the subject
  };

  static void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
    static_cast<CycloneDxXmlReader*>(data)->Start(name, attributes);
  }
  static void XMLCALL OnEnd(void* data, const XML_Char*) {
    static_cast<CycloneDxXmlReader*>(data)->End();
  }
  static void XMLCALL OnText(void* data, const XML_Char* text, int length) {
    auto* reader = static_cast<CycloneDxXmlReader*>(data);
    if (reader->text_.size() <= sbom::kMaxFieldBytes) {
      reader->text_.append(text, static_cast<size_t>(length));
    }
  }
  static void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*,
                                int) {
    static_cast<CycloneDxXmlReader*>(data)->Fail(
        "a document type declaration (DOCTYPE) is not accepted");
  }
  static void XMLCALL OnEntity(void* data, const XML_Char*, int, const XML_Char*, int,
                               const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
    static_cast<CycloneDxXmlReader*>(data)->Fail("entity declarations are not accepted");
  }

  void Fail(std::string_view reason) {
    if (!error_) {
      std::string where = "line " + std::to_string(XML_GetCurrentLineNumber(parser_));
      if (!stack_.empty() && stack_.back() != kForeign) where += ", <" + stack_.back() + ">";
      error_ = sbom_detail::SbomError(file_name_, where, reason);
    }
    XML_StopParser(parser_, XML_FALSE);
  }

  static std::string_view Attribute(const XML_Char** attributes, std::string_view name) {
    for (int i = 0; attributes[i] != nullptr; i += 2) {
      if (name == attributes[i]) return attributes[i + 1];
    }
    return {};
  }

  // The name of stack_ element `depth` (0 = root), or "" outside the stack.
  std::string_view At(size_t depth) const {
    return depth < stack_.size() ? std::string_view(stack_[depth]) : std::string_view();
  }

  bool CheckField(std::string_view value) {
    if (value.size() <= sbom::kMaxFieldBytes) return true;
    Fail("is longer than " + std::to_string(sbom::kMaxFieldBytes) + " bytes");
    return false;
  }

  bool CheckCount(size_t count, std::string_view what) {
    if (count < sbom::kMaxValuesPerComponent) return true;
    Fail("more than " + std::to_string(sbom::kMaxValuesPerComponent) + " " + std::string(what) +
         " in one component");
    return false;
  }

  sbom::Component& Current() {
    const OpenComponent& open = open_.back();
    return open.index ? bom_.components[*open.index] : *bom_.subject;
  }

  void Start(const XML_Char* raw_name, const XML_Char** attributes) {
    if (error_) return;
    text_.clear();
    const std::string_view qualified(raw_name);
    const size_t space = qualified.rfind(' ');
    const std::string_view space_uri =
        space == std::string_view::npos ? std::string_view() : qualified.substr(0, space);
    const std::string_view local =
        space == std::string_view::npos ? qualified : qualified.substr(space + 1);
    const size_t depth = stack_.size();
    if (depth >= sbom::kMaxBomDepth) {
      return Fail("elements are nested more than " + std::to_string(sbom::kMaxBomDepth) +
                  " levels deep");
    }

    if (depth == 0) {
      seen_root_ = true;
      if (local != "bom" ||
          space_uri.substr(0, kBomNamespacePrefix.size()) != kBomNamespacePrefix) {
        stack_.emplace_back(local);
        return Fail("the root element must be <bom> in a CycloneDX namespace (" +
                    std::string(kBomNamespacePrefix) + "1.x)");
      }
      bom_namespace_ = space_uri;
      bom_.format = sbom::BomFormat::kCycloneDx;
      bom_.encoding = sbom::BomEncoding::kXml;
      bom_.spec_version = space_uri.substr(kBomNamespacePrefix.size());
      const std::string_view version = bom_.spec_version;
      stack_.emplace_back(local);
      if (version != "1.1" && version != "1.2" && version != "1.3" && version != "1.4" &&
          version != "1.5" && version != "1.6") {
        return Fail("CycloneDX " + bom_.spec_version + " is not supported (XML 1.1 to 1.6 are)");
      }
      const std::string_view serial = Attribute(attributes, "serialNumber");
      if (!CheckField(serial)) return;
      bom_.serial_number = serial;
      return;
    }

    const bool ours =
        space_uri == bom_namespace_ || (space_uri == kDependencyGraphNamespace &&
                                        (local == "dependencies" || local == "dependency"));
    if (!ours || At(depth - 1) == kForeign) {
      stack_.emplace_back(kForeign);
      return;
    }

    if (local == "component") {
      StartComponent(depth, attributes);  // pushes onto stack_ itself
      return;
    }
    if (local == "hash" && At(depth - 1) == "hashes" && !open_.empty() &&
        open_.back().depth + 2 == depth) {
      hash_algorithm_ = Attribute(attributes, "alg");
    } else if (local == "license" && At(depth - 1) == "licenses" && !open_.empty() &&
               open_.back().depth + 2 == depth) {
      license_text_.clear();
    } else if (local == "dependency" && depth == 2 && At(1) == "dependencies") {
      dependency_ref_ = Attribute(attributes, "ref");
      if (dependency_ref_.empty()) {
        stack_.emplace_back(local);
        return Fail("a dependency needs a ref attribute");
      }
      if (!CheckField(dependency_ref_)) return;
      dependencies_.Touch(dependency_ref_);
    } else if (local == "dependency" && depth == 3 && At(1) == "dependencies" &&
               At(2) == "dependency") {
      const std::string_view to = Attribute(attributes, "ref");
      stack_.emplace_back(local);
      if (to.empty()) return Fail("a dependency needs a ref attribute");
      if (!CheckField(to)) return;
      if (!dependencies_.Add(dependency_ref_, to)) {
        return Fail("more than " + std::to_string(sbom::kMaxDependencyEdges) +
                    " dependency pairs in one document");
      }
      return;
    }
    stack_.emplace_back(local);
  }

  void StartComponent(size_t depth, const XML_Char** attributes) {
    std::optional<size_t> parent;
    bool subject = false;
    if (depth == 2 && At(1) == "components") {
      // a top-level component
    } else if (depth == 2 && At(1) == "metadata") {
      subject = true;
    } else if (At(depth - 1) == "components" && !open_.empty() && open_.back().depth + 2 == depth &&
               open_.back().index) {
      parent = open_.back().index;
    } else {
      stack_.emplace_back("component");  // elsewhere (tools, pedigree, ...): not read
      return;
    }
    sbom::Component component;
    component.type = Attribute(attributes, "type");
    component.ref = Attribute(attributes, "bom-ref");
    stack_.emplace_back("component");
    if (!CheckField(component.type) || !CheckField(component.ref)) return;
    if (component.type.empty()) return Fail("a component needs a type attribute");
    if (subject) {
      if (bom_.subject) return Fail("metadata has more than one component");
      bom_.subject = std::move(component);
      open_.push_back(OpenComponent{depth, std::nullopt});
      return;
    }
    if (bom_.components.size() >= sbom::kMaxComponents) {
      return Fail("more than " + std::to_string(sbom::kMaxComponents) +
                  " components in one document");
    }
    if (parent) {
      component.parent = parent;
      component.parent_ref = bom_.components[*parent].ref;
    }
    bom_.components.push_back(std::move(component));
    open_.push_back(OpenComponent{depth, bom_.components.size() - 1});
  }

  void End() {
    if (error_) return;
    EndElement();
    stack_.pop_back();
  }

  // Called while the ending element is still on stack_ (so errors name it).
  void EndElement() {
    const size_t depth = stack_.size() - 1;
    const std::string_view name = stack_.back();
    if (name == kForeign || open_.empty()) return;
    const size_t component_depth = open_.back().depth;
    const std::string_view parent = At(depth - 1);
    const std::string_view text = Trim(text_);
    if (depth == component_depth) {
      if (Current().name.empty()) return Fail("a component needs a name");
      open_.pop_back();
    } else if (depth == component_depth + 1) {
      std::string* field = nullptr;
      if (name == "group") field = &Current().group;
      if (name == "name") field = &Current().name;
      if (name == "version") field = &Current().version;
      if (name == "purl") field = &Current().purl;
      if (field) {
        if (CheckField(text)) *field = text;
      } else if (name == "cpe" && !text.empty()) {
        if (CheckField(text) && CheckCount(Current().cpes.size(), "cpes")) {
          Current().cpes.emplace_back(text);
        }
      }
    } else if (depth == component_depth + 2) {
      if (name == "name" && parent == "supplier") {
        if (CheckField(text)) Current().supplier = text;
      } else if (name == "expression" && parent == "licenses") {
        if (CheckField(text) && CheckCount(Current().licenses.size(), "licences")) {
          Current().licenses.emplace_back(text);
        }
      } else if (name == "license" && parent == "licenses") {
        if (license_text_.empty()) return Fail("a licence needs an id or a name");
        if (CheckCount(Current().licenses.size(), "licences")) {
          Current().licenses.push_back(std::move(license_text_));
          license_text_.clear();
        }
      } else if (name == "hash" && parent == "hashes") {
        if (hash_algorithm_.empty()) return Fail("a hash needs an alg attribute");
        if (CheckField(text) && CheckField(hash_algorithm_) &&
            CheckCount(Current().hashes.size(), "hashes")) {
          Current().hashes.push_back(sbom::ComponentHash{hash_algorithm_, std::string(text)});
        }
      }
    } else if (depth == component_depth + 3 && (name == "id" || name == "name") &&
               parent == "license" && At(depth - 2) == "licenses") {
      if (license_text_.empty() && CheckField(text)) license_text_ = text;
    }
  }

  const std::string& file_name_;
  XML_Parser parser_ = nullptr;
  std::optional<Error> error_;
  bool seen_root_ = false;
  std::string bom_namespace_;
  std::vector<std::string> stack_;  // local names of the open elements, kForeign outside ours
  std::vector<OpenComponent> open_;
  std::string text_;  // character data since the last start tag (capped past kMaxFieldBytes)
  std::string hash_algorithm_;
  std::string license_text_;
  std::string dependency_ref_;
  sbom::Bom bom_;
  sbom_detail::DependencyCollector dependencies_;
};

}  // namespace

Result<sbom::Bom> ReadCycloneDxXml(std::string_view text, const std::string& file_name) {
  return CycloneDxXmlReader(file_name).Read(text);
}

}  // namespace hoshitori::interchange
