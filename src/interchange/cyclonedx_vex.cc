// CycloneDX VEX into and from sbom::VexDocument (see cyclonedx_vex.h).
#include "interchange/cyclonedx_vex.h"

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "interchange/cyclonedx_spdx_common.h"

namespace hoshitori::interchange {

namespace {

using sbom_detail::JsonWalker;
namespace dom = simdjson::dom;

class CycloneDxVexReader {
 public:
  explicit CycloneDxVexReader(const std::string& file_name) : walker_(file_name) {}

  Result<sbom::VexDocument> Read(std::string_view text) {
    dom::element root;
    if (!walker_.Parse(text, &root) || !ReadDocument(root)) return walker_.TakeError();
    return std::move(vex_);
  }

 private:
  bool ReadDocument(dom::element root) {
    dom::object document;
    std::string format;
    std::string version;
    if (!walker_.ObjectAt(root, &document) ||
        !walker_.RequiredString(document, "bomFormat", &format) ||
        !walker_.RequiredString(document, "specVersion", &version) ||
        !walker_.OptionalString(document, "serialNumber", &vex_.id)) {
      return false;
    }
    if (format != "CycloneDX") {
      return walker_.FailAt("bomFormat", "is \"" + format + "\", not \"CycloneDX\"");
    }
    if (version != "1.4" && version != "1.5" && version != "1.6") {
      return walker_.FailAt("specVersion",
                            "CycloneDX " + version + " is not supported for VEX (1.4 to 1.6 are)");
    }
    dom::object metadata;
    bool present = false;
    if (!walker_.OptionalObject(document, "metadata", &metadata, &present)) return false;
    if (present) {
      walker_.path().Push("metadata");
      if (!walker_.OptionalString(metadata, "timestamp", &vex_.timestamp)) return false;
      for (std::string_view party : {"supplier", "manufacture"}) {
        dom::object entity;
        bool has_entity = false;
        if (!walker_.OptionalObject(metadata, party, &entity, &has_entity)) return false;
        if (has_entity && vex_.author.empty()) {
          walker_.path().Push(party);
          if (!walker_.OptionalString(entity, "name", &vex_.author)) return false;
          walker_.path().Pop();
        }
      }
      walker_.path().Pop();
    }
    dom::array vulnerabilities;
    if (!walker_.OptionalArray(document, "vulnerabilities", &vulnerabilities, &present)) {
      return false;
    }
    if (!present) return true;
    walker_.path().Push("vulnerabilities");
    size_t index = 0;
    for (dom::element item : vulnerabilities) {
      walker_.path().Push(index++);
      if (!ReadVulnerability(item)) return false;
      walker_.path().Pop();
    }
    walker_.path().Pop();
    return true;
  }

  bool ReadVulnerability(dom::element item) {
    dom::object vulnerability;
    dom::object analysis;
    bool has_analysis = false;
    if (!walker_.ObjectAt(item, &vulnerability) ||
        !walker_.OptionalObject(vulnerability, "analysis", &analysis, &has_analysis)) {
      return false;
    }
    if (!has_analysis) return true;
    if (vex_.statements.size() >= sbom::kMaxVexStatements) {
      return walker_.Fail("more than " + std::to_string(sbom::kMaxVexStatements) +
                          " statements in one document");
    }
    sbom::VexStatement statement;
    std::string state;
    if (!walker_.RequiredString(vulnerability, "id", &statement.vulnerability) ||
        !walker_.OptionalString(vulnerability, "recommendation", &statement.action,
                                sbom::kMaxVexTextBytes)) {
      return false;
    }
    walker_.path().Push("analysis");
    if (!walker_.RequiredString(analysis, "state", &state) ||
        !walker_.OptionalString(analysis, "justification", &statement.justification) ||
        !walker_.OptionalString(analysis, "detail", &statement.impact, sbom::kMaxVexTextBytes) ||
        !walker_.OptionalString(analysis, "lastUpdated", &statement.timestamp)) {
      return false;
    }
    if (statement.timestamp.empty() &&
        !walker_.OptionalString(analysis, "firstIssued", &statement.timestamp)) {
      return false;
    }
    const auto status = sbom::VexStatusFromCycloneDxState(state);
    if (!status) {
      return walker_.FailAt("state", "\"" + state + "\" is not a CycloneDX analysis state");
    }
    statement.status = *status;
    walker_.path().Pop();

    dom::array affects;
    bool present = false;
    if (!walker_.OptionalArray(vulnerability, "affects", &affects, &present)) return false;
    if (present) {
      walker_.path().Push("affects");
      size_t index = 0;
      for (dom::element entry : affects) {
        walker_.path().Push(index++);
        if (statement.products.size() >= sbom::kMaxVexProductsPerStatement) {
          return walker_.Fail("more than " + std::to_string(sbom::kMaxVexProductsPerStatement) +
                              " products in one statement");
        }
        dom::object affected;
        std::string ref;
        if (!walker_.ObjectAt(entry, &affected) || !walker_.RequiredString(affected, "ref", &ref)) {
          return false;
        }
        if (ref.empty()) return walker_.FailAt("ref", "must not be empty");
        statement.products.push_back(std::move(ref));
        walker_.path().Pop();
      }
      walker_.path().Pop();
    }
    vex_.statements.push_back(std::move(statement));
    return true;
  }

  JsonWalker walker_;
  sbom::VexDocument vex_;
};

bool IsUrnUuid(std::string_view text) {
  if (text.size() != 45 || text.substr(0, 9) != "urn:uuid:") return false;
  for (size_t i = 9; i < text.size(); ++i) {
    const size_t at = i - 9;
    const char c = text[i];
    const bool dash = at == 8 || at == 13 || at == 18 || at == 23;
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

Result<sbom::VexDocument> ReadCycloneDxVex(std::string_view text, const std::string& file_name) {
  return CycloneDxVexReader(file_name).Read(text);
}

std::string WriteCycloneDxVex(const sbom::VexDocument& vex) {
  using ordered_json = nlohmann::ordered_json;
  ordered_json document = ordered_json::object();
  document["bomFormat"] = "CycloneDX";
  document["specVersion"] = "1.6";
  if (IsUrnUuid(vex.id)) document["serialNumber"] = vex.id;
  document["version"] = 1;
  ordered_json metadata = ordered_json::object();
  if (!vex.timestamp.empty()) metadata["timestamp"] = vex.timestamp;
  if (!vex.author.empty()) metadata["supplier"] = {{"name", vex.author}};
  if (!metadata.empty()) document["metadata"] = std::move(metadata);
  ordered_json vulnerabilities = ordered_json::array();
  for (const sbom::VexStatement& statement : vex.statements) {
    ordered_json entry = {{"id", statement.vulnerability}};
    if (!statement.action.empty()) entry["recommendation"] = statement.action;
    ordered_json analysis = {{"state", std::string(sbom::CycloneDxStateOf(statement.status))}};
    const std::string justification = sbom::AsCycloneDxJustification(statement.justification);
    if (!justification.empty()) analysis["justification"] = justification;
    if (!statement.impact.empty()) analysis["detail"] = statement.impact;
    if (!statement.timestamp.empty()) analysis["lastUpdated"] = statement.timestamp;
    entry["analysis"] = std::move(analysis);
    if (!statement.products.empty()) {
      ordered_json affects = ordered_json::array();
      for (const std::string& product : statement.products) affects.push_back({{"ref", product}});
      entry["affects"] = std::move(affects);
    }
    vulnerabilities.push_back(std::move(entry));
  }
  document["vulnerabilities"] = std::move(vulnerabilities);
  return document.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace hoshitori::interchange
