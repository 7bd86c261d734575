// OpenVEX into and from sbom::VexDocument (see openvex.h).
#include "interchange/openvex.h"

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include "interchange/cyclonedx_spdx_common.h"

namespace hoshitori::interchange {

namespace {

using sbom_detail::JsonWalker;
namespace dom = simdjson::dom;

class OpenVexReader {
 public:
  explicit OpenVexReader(const std::string& file_name) : walker_(file_name) {}

  Result<sbom::VexDocument> Read(std::string_view text) {
    dom::element root;
    if (!walker_.Parse(text, &root) || !ReadDocument(root)) return walker_.TakeError();
    return std::move(vex_);
  }

 private:
  bool ReadDocument(dom::element root) {
    dom::object document;
    std::string context;
    if (!walker_.ObjectAt(root, &document) ||
        !walker_.RequiredString(document, "@context", &context) ||
        !walker_.OptionalString(document, "@id", &vex_.id) ||
        !walker_.OptionalString(document, "author", &vex_.author) ||
        !walker_.OptionalString(document, "timestamp", &vex_.timestamp)) {
      return false;
    }
    if (context.rfind("https://openvex.dev/ns", 0) != 0) {
      return walker_.FailAt("@context", "\"" + context + "\" is not an OpenVEX context");
    }
    dom::array statements;
    bool present = false;
    if (!walker_.OptionalArray(document, "statements", &statements, &present)) return false;
    if (!present) return walker_.FailAt("statements", "is required");
    walker_.path().Push("statements");
    size_t index = 0;
    for (dom::element item : statements) {
      walker_.path().Push(index++);
      if (vex_.statements.size() >= sbom::kMaxVexStatements) {
        return walker_.Fail("more than " + std::to_string(sbom::kMaxVexStatements) +
                            " statements in one document");
      }
      if (!ReadStatement(item)) return false;
      walker_.path().Pop();
    }
    walker_.path().Pop();
    return true;
  }

  // A product or subcomponent: a string (v0.0.x) or an object with @id or identifiers.
  bool ReadProductId(dom::element item, std::string* id) {
    if (item.is_string()) {
      if (!walker_.StringValue(item, id)) return false;
      return !id->empty() || walker_.Fail("must not be empty");
    }
    dom::object product;
    if (!walker_.ObjectAt(item, &product) || !walker_.OptionalString(product, "@id", id)) {
      return false;
    }
    if (!id->empty()) return true;
    dom::object identifiers;
    bool present = false;
    if (!walker_.OptionalObject(product, "identifiers", &identifiers, &present)) return false;
    if (present) {
      walker_.path().Push("identifiers");
      for (std::string_view key : {"purl", "cpe23", "cpe22"}) {
        if (!walker_.OptionalString(identifiers, key, id)) return false;
        if (!id->empty()) break;
      }
      walker_.path().Pop();
    }
    if (id->empty()) return walker_.Fail("needs an @id or identifiers (purl, cpe23, cpe22)");
    return true;
  }

  bool ReadIds(dom::object object, std::string_view key, std::vector<std::string>* ids,
               std::vector<std::string>* subcomponents) {
    dom::array list;
    bool present = false;
    if (!walker_.OptionalArray(object, key, &list, &present)) return false;
    if (!present) return true;
    walker_.path().Push(key);
    size_t index = 0;
    for (dom::element item : list) {
      walker_.path().Push(index++);
      if (ids->size() >= sbom::kMaxVexProductsPerStatement) {
        return walker_.Fail("more than " + std::to_string(sbom::kMaxVexProductsPerStatement) +
                            " products in one statement");
      }
      std::string id;
      if (!ReadProductId(item, &id)) return false;
      ids->push_back(std::move(id));
      dom::object product;
      if (subcomponents && item.get_object().get(product) == simdjson::SUCCESS &&
          !ReadIds(product, "subcomponents", subcomponents, nullptr)) {
        return false;
      }
      walker_.path().Pop();
    }
    walker_.path().Pop();
    return true;
  }

  bool ReadStatement(dom::element item) {
    dom::object object;
    if (!walker_.ObjectAt(item, &object)) return false;
    sbom::VexStatement statement;
    dom::element vulnerability;
    if (object.at_key("vulnerability").get(vulnerability) != simdjson::SUCCESS) {
      return walker_.FailAt("vulnerability", "is required");
    }
    walker_.path().Push("vulnerability");
    dom::object named;
    if (vulnerability.is_string()) {
      if (!walker_.StringValue(vulnerability, &statement.vulnerability)) return false;
    } else if (!walker_.ObjectAt(vulnerability, &named) ||
               !walker_.RequiredString(named, "name", &statement.vulnerability)) {
      return false;
    }
    walker_.path().Pop();
    std::string status;
    if (!walker_.RequiredString(object, "status", &status) ||
        !walker_.OptionalString(object, "justification", &statement.justification) ||
        !walker_.OptionalString(object, "impact_statement", &statement.impact,
                                sbom::kMaxVexTextBytes) ||
        !walker_.OptionalString(object, "action_statement", &statement.action,
                                sbom::kMaxVexTextBytes) ||
        !walker_.OptionalString(object, "timestamp", &statement.timestamp) ||
        !ReadIds(object, "products", &statement.products, &statement.subcomponents)) {
      return false;
    }
    const auto parsed = sbom::VexStatusFromName(status);
    if (!parsed) {
      return walker_.FailAt("status", "\"" + status +
                                          "\" is not a VEX status (not_affected, affected, "
                                          "fixed, under_investigation)");
    }
    statement.status = *parsed;
    if (statement.status == sbom::VexStatus::kNotAffected && statement.justification.empty() &&
        statement.impact.empty()) {
      return walker_.Fail("a not_affected statement needs a justification or an impact_statement");
    }
    vex_.statements.push_back(std::move(statement));
    return true;
  }

  JsonWalker walker_;
  sbom::VexDocument vex_;
};

Error WriteError(const std::string& reason) {
  return MakeError(ErrorKind::kInvalid, "Invalid VEX", "OpenVEX export: " + reason);
}

}  // namespace

Result<sbom::VexDocument> ReadOpenVex(std::string_view text, const std::string& file_name) {
  return OpenVexReader(file_name).Read(text);
}

Result<std::string> WriteOpenVex(const sbom::VexDocument& vex, int version) {
  using ordered_json = nlohmann::ordered_json;
  if (vex.id.empty() || vex.author.empty() || vex.timestamp.empty()) {
    return WriteError("the document needs an id, an author and a timestamp");
  }
  if (vex.statements.empty()) return WriteError("the document has no statement");
  ordered_json document = {{"@context", "https://openvex.dev/ns/v0.2.0"},
                           {"@id", vex.id},
                           {"author", vex.author},
                           {"timestamp", vex.timestamp},
                           {"version", version < 1 ? 1 : version}};
  ordered_json statements = ordered_json::array();
  for (size_t i = 0; i < vex.statements.size(); ++i) {
    const sbom::VexStatement& statement = vex.statements[i];
    const std::string where =
        "statement " + std::to_string(i + 1) + " (" + statement.vulnerability + "): ";
    if (statement.vulnerability.empty()) return WriteError(where + "no vulnerability");
    ordered_json entry = {{"vulnerability", {{"name", statement.vulnerability}}}};
    if (!statement.timestamp.empty()) entry["timestamp"] = statement.timestamp;
    if (!statement.products.empty()) {
      ordered_json products = ordered_json::array();
      for (const std::string& product : statement.products) {
        ordered_json item = {{"@id", product}};
        if (product.rfind("pkg:", 0) == 0) item["identifiers"] = {{"purl", product}};
        if (&product == &statement.products.front() && !statement.subcomponents.empty()) {
          ordered_json subcomponents = ordered_json::array();
          for (const std::string& id : statement.subcomponents) {
            subcomponents.push_back({{"@id", id}});
          }
          item["subcomponents"] = std::move(subcomponents);
        }
        products.push_back(std::move(item));
      }
      entry["products"] = std::move(products);
    }
    entry["status"] = std::string(sbom::VexStatusName(statement.status));
    std::string impact = statement.impact;
    const std::string justification = sbom::AsOpenVexJustification(statement.justification);
    if (!justification.empty()) {
      entry["justification"] = justification;
    } else if (!statement.justification.empty()) {
      impact = "justification: " + statement.justification + (impact.empty() ? "" : "; ") + impact;
    }
    if (impact.size() > sbom::kMaxVexTextBytes) {
      return WriteError(where + "the impact statement is longer than " +
                        std::to_string(sbom::kMaxVexTextBytes) + " bytes");
    }
    if (!impact.empty()) entry["impact_statement"] = impact;
    if (!statement.action.empty()) entry["action_statement"] = statement.action;
    if (statement.status == sbom::VexStatus::kNotAffected && justification.empty() &&
        impact.empty()) {
      return WriteError(where + "not_affected needs a justification or an impact");
    }
    if (statement.status == sbom::VexStatus::kAffected && statement.action.empty()) {
      return WriteError(where + "affected needs an action");
    }
    statements.push_back(std::move(entry));
  }
  document["statements"] = std::move(statements);
  return document.dump(2, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace hoshitori::interchange
