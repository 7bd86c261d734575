// SPDX 2.2/2.3 tag-value into sbom::Bom (see spdx.h for the mapping). A document is a list of
// "Tag: value" lines; a value may be a <text>...</text> block over several lines. Sections
// start with PackageName (a package), FileName, SnippetSPDXID or LicenseID; an SPDXID line
// names the element of the section it is in (the document before the first section).
#include <simdjson.h>

#include <algorithm>

#include "interchange/cyclonedx_spdx_common.h"
#include "interchange/spdx.h"
#include "interchange/spdx_common.h"

namespace hoshitori::interchange {

namespace {

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// The first `count` blank-separated words of `text`; fewer when it has fewer.
std::vector<std::string_view> Words(std::string_view text, size_t count) {
  std::vector<std::string_view> words;
  size_t at = 0;
  while (words.size() < count) {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
    if (at >= text.size()) break;
    const size_t start = at;
    while (at < text.size() && text[at] != ' ' && text[at] != '\t') ++at;
    words.push_back(text.substr(start, at - start));
  }
  return words;
}

class SpdxTagValueReader {
 public:
  explicit SpdxTagValueReader(const std::string& file_name) : file_name_(file_name) {}

  Result<sbom::Bom> Read(std::string_view text) {
    if (auto error = sbom_detail::CheckBomSize(text, file_name_)) return std::move(*error);
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    bom_.format = sbom::BomFormat::kSpdx;
    bom_.encoding = sbom::BomEncoding::kTagValue;
    size_t at = 0;
    size_t line = 0;
    while (at < text.size()) {
      ++line;
      size_t end = text.find('\n', at);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view raw = text.substr(at, end - at);
      at = end + 1;
      if (!simdjson::validate_utf8(raw.data(), raw.size())) {
        return Fail(line, "not valid UTF-8");
      }
      const std::string_view content = TrimBlanks(raw);
      if (content.empty() || content.front() == '#') continue;
      const size_t colon = content.find(':');
      if (colon == std::string_view::npos) {
        return Fail(line, "expected \"Tag: value\"");
      }
      const std::string_view tag = TrimBlanks(content.substr(0, colon));
      std::string_view value = TrimBlanks(content.substr(colon + 1));
      const size_t tag_line = line;
      std::string block;
      if (value.substr(0, 6) == "<text>") {
        // A <text> block: up to the first </text>, possibly lines later.
        const size_t value_start = static_cast<size_t>(value.data() - text.data()) + 6;
        const size_t close = text.find("</text>", value_start);
        if (close == std::string_view::npos) return Fail(tag_line, "<text> is never closed");
        if (close > end) {
          line += static_cast<size_t>(std::count(text.begin() + end, text.begin() + close, '\n'));
        }
        block.assign(text.substr(value_start, close - value_start));
        size_t after = text.find('\n', close);
        at = after == std::string_view::npos ? text.size() : after + 1;
        value = block;
      }
      if (tag.empty()) return Fail(tag_line, "a line starts with ':'");
      if (auto error = Apply(tag, value, tag_line)) return std::move(*error);
    }
    if (auto error = ClosePackage()) return std::move(*error);
    if (bom_.spec_version.empty()) return Fail(0, "SPDXVersion is missing");
    sbom_detail::FinishSpdxBom(relationships_, {}, document_id_, &bom_);
    return std::move(bom_);
  }

 private:
  enum class Section { kDocument, kPackage, kOther };

  Error Fail(size_t line, std::string_view reason) const {
    return sbom_detail::SbomError(file_name_, line ? "line " + std::to_string(line) : "", reason);
  }

  std::optional<Error> ClosePackage() {
    if (section_ != Section::kPackage) return std::nullopt;
    section_ = Section::kOther;
    if (package_.ref.empty()) {
      return Fail(package_line_, "package \"" + package_.name + "\" has no SPDXID");
    }
    sbom_detail::SetSpdxLicenses(declared_, concluded_, &package_);
    bom_.components.push_back(std::move(package_));
    package_ = sbom::Component();
    return std::nullopt;
  }

  std::optional<Error> Apply(std::string_view tag, std::string_view value, size_t line) {
    // Only the values kept are bounded; other values (licence texts, comments) may be long.
    const bool kept = tag == "SPDXVersion" || tag == "DocumentName" || tag == "DocumentNamespace" ||
                      tag == "SPDXID" || tag == "Relationship" || tag.substr(0, 7) == "Package" ||
                      tag == "ExternalRef" || tag == "PrimaryPackagePurpose";
    if (kept && value.size() > sbom::kMaxFieldBytes) {
      return Fail(line, std::string(tag) + " is longer than " +
                            std::to_string(sbom::kMaxFieldBytes) + " bytes");
    }
    if (tag == "SPDXVersion") {
      const auto supported = sbom_detail::SupportedSpdxVersion(value);
      if (!supported) {
        return Fail(line, "SPDXVersion \"" + std::string(value) +
                              "\" is not supported (SPDX-2.2 and SPDX-2.3 are)");
      }
      bom_.spec_version = *supported;
    } else if (tag == "DocumentName") {
      bom_.name = value;
    } else if (tag == "DocumentNamespace") {
      bom_.serial_number = value;
    } else if (tag == "SPDXID") {
      if (section_ == Section::kDocument) {
        document_id_ = value;
      } else if (section_ == Section::kPackage) {
        if (!package_.ref.empty()) return Fail(line, "the package has a second SPDXID");
        if (value.empty()) return Fail(line, "SPDXID is empty");
        package_.ref = value;
      }
    } else if (tag == "PackageName") {
      if (auto error = ClosePackage()) return error;
      if (bom_.components.size() >= sbom::kMaxComponents) {
        return Fail(line, "more than " + std::to_string(sbom::kMaxComponents) +
                              " packages in one document");
      }
      section_ = Section::kPackage;
      package_line_ = line;
      package_.name = value;
      declared_.clear();
      concluded_.clear();
    } else if (tag == "FileName" || tag == "SnippetSPDXID" || tag == "LicenseID") {
      if (auto error = ClosePackage()) return error;
      section_ = Section::kOther;
    } else if (tag == "Relationship") {
      const auto words = Words(value, 3);
      if (words.size() < 3) return Fail(line, "Relationship needs \"A TYPE B\"");
      if (relationships_.size() >= sbom::kMaxDependencyEdges) {
        return Fail(line, "more than " + std::to_string(sbom::kMaxDependencyEdges) +
                              " relationships in one document");
      }
      relationships_.push_back(sbom_detail::SpdxRelationship{
          std::string(words[0]), std::string(words[1]), std::string(words[2])});
    } else if (tag.substr(0, 7) == "Package" || tag == "ExternalRef" ||
               tag == "PrimaryPackagePurpose") {
      return ApplyPackageField(tag, value, line);
    }
    return std::nullopt;
  }

  std::optional<Error> ApplyPackageField(std::string_view tag, std::string_view value,
                                         size_t line) {
    if (section_ != Section::kPackage) {
      // Package fields after a file belong to no package: SPDX puts files after packages.
      if (section_ == Section::kOther) return std::nullopt;
      return Fail(line, std::string(tag) + " comes before any PackageName");
    }
    if (tag == "PackageVersion") {
      package_.version = value;
    } else if (tag == "PackageSupplier") {
      package_.supplier = value;
    } else if (tag == "PackageLicenseDeclared") {
      declared_ = value;
    } else if (tag == "PackageLicenseConcluded") {
      concluded_ = value;
    } else if (tag == "PrimaryPackagePurpose") {
      package_.type = sbom_detail::SpdxPurposeAsType(value);
    } else if (tag == "PackageChecksum") {
      const size_t colon = value.find(':');
      if (colon == std::string_view::npos) {
        return Fail(line, "PackageChecksum needs \"ALGORITHM: value\"");
      }
      if (package_.hashes.size() >= sbom::kMaxValuesPerComponent) {
        return Fail(line, "more than " + std::to_string(sbom::kMaxValuesPerComponent) +
                              " checksums in one package");
      }
      package_.hashes.push_back(
          sbom::ComponentHash{std::string(TrimBlanks(value.substr(0, colon))),
                              std::string(TrimBlanks(value.substr(colon + 1)))});
    } else if (tag == "ExternalRef") {
      const auto words = Words(value, 3);
      if (words.size() < 3) return Fail(line, "ExternalRef needs \"CATEGORY TYPE LOCATOR\"");
      if (!sbom_detail::AddSpdxExternalRef(words[1], words[2], &package_)) {
        return Fail(line, "more than " + std::to_string(sbom::kMaxValuesPerComponent) +
                              " CPEs in one package");
      }
    }
    return std::nullopt;
  }

  const std::string& file_name_;
  sbom::Bom bom_;
  Section section_ = Section::kDocument;
  sbom::Component package_;
  size_t package_line_ = 0;
  std::string declared_;
  std::string concluded_;
  std::string document_id_;
  std::vector<sbom_detail::SpdxRelationship> relationships_;
};

}  // namespace

Result<sbom::Bom> ReadSpdxTagValue(std::string_view text, const std::string& file_name) {
  return SpdxTagValueReader(file_name).Read(text);
}

}  // namespace hoshitori::interchange
