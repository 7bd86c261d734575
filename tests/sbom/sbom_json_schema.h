// A JSON schema loaded with valijson for the sbom tests: the official CycloneDX 1.6 schema (with
// the schemas it refers to, from the same directory) and the OpenVEX schema.
#pragma once

#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1  // a schema valijson cannot read throws instead of aborting
#endif

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace hoshitori::testing_support {

inline std::string ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class JsonSchema {
 public:
  // Loads `file`; a reference to another file is looked up by name beside it.
  explicit JsonSchema(const std::filesystem::path& file) {
    using nlohmann::json;
    const std::filesystem::path directory = file.parent_path();
    const json root = json::parse(ReadTextFile(file));
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(root);
    auto fetch = [directory](const std::string& uri) -> const json* {
      const auto name = std::filesystem::path(uri.substr(0, uri.find('#'))).filename();
      return new json(json::parse(ReadTextFile(directory / name)));
    };
    auto free = [](const json* document) { delete document; };
    parser.populateSchema(adapter, schema_, fetch, free);
  }

  // Empty when `document` is valid; else its first errors with their places.
  std::string Errors(const nlohmann::json& document) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    if (validator.validate(schema_, adapter, &results)) return "";
    std::string out;
    valijson::ValidationResults::Error error;
    for (int shown = 0; shown < 5 && results.popError(error); ++shown) {
      std::string where;
      for (const std::string& step : error.context) where += step;
      out += where + ": " + error.description + "\n";
    }
    return out.empty() ? "invalid" : out;
  }

 private:
  valijson::Schema schema_;
};

}  // namespace hoshitori::testing_support
