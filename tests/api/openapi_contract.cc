#include "openapi_contract.h"

#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1  // a schema valijson cannot read throws instead of aborting
#endif

#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "api/router.h"

namespace hoshitori::api::testing_support {

namespace {

using nlohmann::json;

// A YAML node as JSON. Plain scalars are resolved as YAML 1.2's core schema does (null,
// booleans, integers, floats); quoted ones stay strings.
json ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& entry : node) out[entry.first.as<std::string>()] = ToJson(entry.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) out.push_back(ToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string text = node.Scalar();
      if (node.Tag() != "?") return text;
      static const std::regex kNull("null|Null|NULL|~|");
      static const std::regex kTrue("true|True|TRUE");
      static const std::regex kFalse("false|False|FALSE");
      static const std::regex kInteger("[-+]?[0-9]+");
      static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
      if (std::regex_match(text, kNull)) return nullptr;
      if (std::regex_match(text, kTrue)) return true;
      if (std::regex_match(text, kFalse)) return false;
      if (std::regex_match(text, kInteger)) return std::stoll(text);
      if (std::regex_match(text, kFloat)) return std::stod(text);
      return text;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
  }
  return nullptr;
}

// "Text/Plain; version=0.0.4" -> "text/plain".
std::string MediaType(const std::string& content_type) {
  std::string out = content_type.substr(0, content_type.find(';'));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsJson(const std::string& media_type) {
  return media_type == "application/json" ||
         (media_type.size() > 5 && media_type.substr(media_type.size() - 5) == "+json");
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

// The value a local reference ("#/components/...") points to.
const json& Resolve(const json& root, const json& value) {
  if (!value.is_object() || !value.contains("$ref")) return value;
  const std::string ref = value["$ref"].get<std::string>();
  if (ref.rfind("#/", 0) != 0)
    throw std::runtime_error("only local references are supported: " + ref);
  const json::json_pointer pointer(ref.substr(1));
  if (!root.contains(pointer)) throw std::runtime_error("unresolved reference " + ref);
  return Resolve(root, root.at(pointer));
}

std::string Excerpt(const std::string& body) {
  return body.size() <= 400 ? body : body.substr(0, 400) + "...";
}

}  // namespace

struct OpenApiContract::Impl {
  // One documented response: for each media type, the compiled schema of its body.
  struct Response {
    std::map<std::string, std::unique_ptr<valijson::Schema>> content;
  };
  struct Operation {
    std::map<int, Response> responses;
  };

  // The documented operations, found the way the server finds its routes.
  Router router;
  std::map<std::string, Operation> operations;  // by "METHOD /path/{template}"
  std::unique_ptr<valijson::Schema> problem;
  mutable std::mutex mutex;  // valijson's schemas are read by one validation at a time

  // Compiles `schema`, whose references point into `components` of the document.
  static std::unique_ptr<valijson::Schema> Compile(const json& schema, const json& components,
                                                   const std::string& where) {
    const json document{{"allOf", json::array({schema})}, {"components", components}};
    auto compiled = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    const valijson::adapters::NlohmannJsonAdapter adapter(document);
    try {
      parser.populateSchema(adapter, *compiled);
    } catch (const std::exception& e) {
      throw std::runtime_error(where + ": the schema cannot be compiled: " + e.what());
    }
    return compiled;
  }

  // Problems of `body` against `schema`, as one sentence (empty when it validates).
  static std::string Validate(const valijson::Schema& schema, const std::string& body) {
    const json target = json::parse(body, nullptr, false);
    if (target.is_discarded()) return "the body is not JSON: " + Excerpt(body);
    valijson::Validator validator;
    valijson::ValidationResults results;
    const valijson::adapters::NlohmannJsonAdapter adapter(target);
    if (validator.validate(schema, adapter, &results)) return "";
    // valijson reports the innermost problem first, then each enclosing schema that failed
    // because of it; the first few say what is wrong.
    std::string out = "the body does not match the documented schema:";
    valijson::ValidationResults::Error error;
    for (int shown = 0; shown < 4 && results.popError(error); ++shown) {
      std::string where;
      for (const std::string& part : error.context) where += part;
      out += " " + where + ": " + error.description;
    }
    return out + " Body: " + Excerpt(body);
  }
};

OpenApiContract::OpenApiContract(const YAML::Node& spec) : impl_(std::make_unique<Impl>()) {
  const json document = ToJson(spec);
  if (!document.contains("paths") || !document["paths"].is_object()) {
    throw std::runtime_error("the OpenAPI document has no paths");
  }
  const json components = document.value("components", json::object());
  if (!components.contains("schemas") || !components["schemas"].contains("Problem")) {
    throw std::runtime_error("the OpenAPI document has no components/schemas/Problem");
  }
  impl_->problem = Impl::Compile(components["schemas"]["Problem"], components, "Problem");
  static const std::regex kMethod("get|put|post|delete|patch|head|options|trace");
  // nlohmann::json keeps keys sorted and '{' sorts after letters, digits and '-', so where a
  // literal segment and a template stand in the same place the literal is tried first.
  for (const auto& [pattern, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (!std::regex_match(method, kMethod)) continue;
      const std::string name = Upper(method) + " " + pattern;
      impl_->router.Add(Upper(method), pattern, nullptr);
      Impl::Operation& compiled = impl_->operations[name];
      // (Named, not temporaries: a range-for over a temporary's items() would dangle.)
      const json responses = operation.value("responses", json::object());
      for (const auto& [status, reference] : responses.items()) {
        const std::string where = name + " " + status;
        if (!std::regex_match(status, std::regex("[1-5][0-9][0-9]"))) {
          throw std::runtime_error(where + ": document each status by its number");
        }
        const json& response = Resolve(document, reference);
        Impl::Response& out = compiled.responses[std::stoi(status)];
        const json content = response.value("content", json::object());
        for (const auto& [media, body] : content.items()) {
          if (!body.contains("schema"))
            throw std::runtime_error(where + " " + media + ": no schema");
          out.content[MediaType(media)] = Impl::Compile(body["schema"], components, where);
        }
      }
    }
  }
}

OpenApiContract::~OpenApiContract() = default;

const OpenApiContract& OpenApiContract::Shipped() {
  static const OpenApiContract contract(
      YAML::LoadFile(std::string(HOSHITORI_SOURCE_DIR) + "/docs/openapi.yaml"));
  return contract;
}

std::vector<std::string> OpenApiContract::Violations(const std::string& method,
                                                     const std::string& path,
                                                     const HttpResponse& response) const {
  std::vector<std::string> problems;
  const std::string media = MediaType(response.content_type);
  const auto expect_problem = [&](std::initializer_list<int> statuses, const std::string& why) {
    if (std::find(statuses.begin(), statuses.end(), response.status) == statuses.end()) {
      problems.push_back(why + ", yet the answer is " + std::to_string(response.status));
    }
    if (media != "application/problem+json") {
      problems.push_back("the error is " + media + ", not application/problem+json");
      return;
    }
    std::lock_guard lock(impl_->mutex);
    if (std::string wrong = Impl::Validate(*impl_->problem, response.body); !wrong.empty()) {
      problems.push_back(wrong);
    }
  };

  const Router::Match match = impl_->router.Find(method, path);
  if (!match.route) {
    if (match.path_known) {
      expect_problem({405}, method + " is not documented on " + path);
    } else {
      expect_problem({404}, "no documented path matches " + path);
    }
    return problems;
  }
  const std::string name = method + " " + match.route->pattern;
  const Impl::Operation& operation = impl_->operations.at(name);
  const auto documented = operation.responses.find(response.status);
  if (documented == operation.responses.end()) {
    problems.push_back(
        name + " answered " + std::to_string(response.status) +
        ", a status its documentation does not list; body: " + Excerpt(response.body));
    return problems;
  }
  const auto& content = documented->second.content;
  if (content.empty()) {
    if (!response.body.empty()) {
      problems.push_back(name + " " + std::to_string(response.status) +
                         " is documented without a body, yet has one: " + Excerpt(response.body));
    }
    return problems;
  }
  const auto schema = content.find(media);
  if (schema == content.end()) {
    problems.push_back(name + " " + std::to_string(response.status) + " answered " + media +
                       ", a media type its documentation does not list");
    return problems;
  }
  if (!IsJson(media)) return problems;
  std::lock_guard lock(impl_->mutex);
  if (std::string wrong = Impl::Validate(*schema->second, response.body); !wrong.empty()) {
    problems.push_back(name + " " + std::to_string(response.status) + ": " + wrong);
  }
  return problems;
}

}  // namespace hoshitori::api::testing_support
