// docs/openapi.yaml is the contract: every route of the server is documented, every
// documented operation exists, and each answers a signed-out call with a documented status.
#include <yaml-cpp/yaml.h>

#include <set>

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;

class OpenApiTest : public ApiFixture {
 protected:
  YAML::Node Spec() { return YAML::LoadFile(std::string(HOSHITORI_SOURCE_DIR) + "/docs/openapi.yaml"); }
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
};

TEST_F(OpenApiTest, RoutesAndDocumentMatch) {
  const YAML::Node spec = Spec();
  EXPECT_EQ(spec["openapi"].as<std::string>(), "3.1.0");
  std::set<std::string> documented, served;
  for (const auto& path : spec["paths"]) {
    for (const auto& operation : path.second) {
      if (operation.first.as<std::string>() == "parameters") continue;
      documented.insert(operation.first.as<std::string>() + " " + path.first.as<std::string>());
    }
  }
  for (const Route& route : app_->router().routes()) served.insert(Lower(route.method) + " " + route.pattern);
  EXPECT_EQ(documented, served);
}

TEST_F(OpenApiTest, SignedOutCallsAnswerAsDocumented) {
  const YAML::Node spec = Spec();
  int checked = 0;
  for (const auto& path : spec["paths"]) {
    for (const auto& operation : path.second) {
      std::string method = operation.first.as<std::string>();
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::string target = path.first.as<std::string>();
      // Fill path parameters with plausible values.
      for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
               {"{id}", "1"}, {"{corporate_number}", "7000012050002"}}) {
        if (auto at = target.find(name); at != std::string::npos) target.replace(at, name.size(), value);
      }
      if (target.find("/frameworks/{id}") != std::string::npos) target.replace(target.find("{id}"), 4, "security-action");
      const bool has_body = operation.second["requestBody"].IsDefined();
      const auto response = Send(method, target, has_body ? "{}" : "");
      const YAML::Node responses = operation.second["responses"];
      EXPECT_TRUE(responses[std::to_string(response.status)].IsDefined())
          << method << " " << target << " answered " << response.status << ", which is not documented";
      if (response.status >= 400) {
        EXPECT_EQ(response.content_type, "application/problem+json") << method << " " << target;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 25);
}

}  // namespace
}  // namespace hoshitori::api
