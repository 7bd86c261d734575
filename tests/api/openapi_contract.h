// docs/openapi.yaml as a contract the tests hold the server to: every response an API test
// receives is checked against the operation's documented statuses, media types and JSON
// Schemas (validated with valijson, JSON Schema draft 7 semantics: the file keeps to the
// part of OpenAPI 3.1's schema dialect that draft 7 reads the same way).
#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <string>
#include <vector>

#include "api/http.h"

namespace hoshitori::api::testing_support {

// An OpenAPI document, read once, answering whether responses keep to it. Thread-safe: the
// API suites check responses from several threads at once.
class OpenApiContract {
 public:
  // Throws std::runtime_error when `spec` is not an OpenAPI document with paths and schemas
  // valijson can compile.
  explicit OpenApiContract(const YAML::Node& spec);
  ~OpenApiContract();
  OpenApiContract(const OpenApiContract&) = delete;
  OpenApiContract& operator=(const OpenApiContract&) = delete;

  // The contract of this repository: docs/openapi.yaml, loaded on first use.
  static const OpenApiContract& Shipped();

  // What is wrong with `response` as the answer to `method` on `path` (decoded, without the
  // query): empty when the operation documents the status, the response has the documented
  // media type (no body where none is documented) and a JSON body validates against the
  // documented schema; otherwise one sentence per problem, naming the JSON location. A path
  // no documented path matches must be answered 404, and a documented path with an
  // undocumented method 405, both with the Problem schema in application/problem+json.
  std::vector<std::string> Violations(const std::string& method, const std::string& path,
                                      const HttpResponse& response) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hoshitori::api::testing_support
