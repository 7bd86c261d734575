// docs/openapi.yaml is the contract: every route of the server is documented, every
// documented operation exists, and each answers a signed-out call with a documented status.
// Every response has a schema, and the contract check that every API test runs on every
// response (api_test_support.h, openapi_contract.h) refuses what the schemas do not allow.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <set>

#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;

class OpenApiTest : public ApiFixture {
 protected:
  YAML::Node Spec() {
    return YAML::LoadFile(std::string(HOSHITORI_SOURCE_DIR) + "/docs/openapi.yaml");
  }
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
  for (const Route& route : app_->router().routes())
    served.insert(Lower(route.method) + " " + route.pattern);
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
        if (auto at = target.find(name); at != std::string::npos)
          target.replace(at, name.size(), value);
      }
      if (target.find("/frameworks/{id}") != std::string::npos)
        target.replace(target.find("{id}"), 4, "security-action");
      const bool has_body = operation.second["requestBody"].IsDefined();
      const auto response = Send(method, target, has_body ? "{}" : "");
      const YAML::Node responses = operation.second["responses"];
      EXPECT_TRUE(responses[std::to_string(response.status)].IsDefined())
          << method << " " << target << " answered " << response.status
          << ", which is not documented";
      if (response.status >= 400) {
        // The TAXII server answers TAXII error messages (routes_taxii.cc).
        EXPECT_EQ(response.content_type, target.starts_with("/taxii2/")
                                             ? "application/taxii+json;version=2.1"
                                             : "application/problem+json")
            << method << " " << target;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 25);
}

TEST_F(OpenApiTest, EveryResponseHasASchema) {
  const YAML::Node spec = Spec();
  int responses = 0;
  for (const auto& path : spec["paths"]) {
    for (const auto& operation : path.second) {
      const std::string name =
          operation.first.as<std::string>() + " " + path.first.as<std::string>();
      for (const auto& response : operation.second["responses"]) {
        const std::string status = response.first.as<std::string>();
        ++responses;
        if (response.second["$ref"]) {
          EXPECT_EQ(response.second["$ref"].as<std::string>(), "#/components/responses/Problem")
              << name << " " << status;
          continue;
        }
        if (status == "204") {
          EXPECT_FALSE(response.second["content"]) << name << " 204 has a body";
          continue;
        }
        ASSERT_TRUE(response.second["content"].IsMap())
            << name << " " << status << " has no content";
        for (const auto& media : response.second["content"]) {
          EXPECT_TRUE(media.second["schema"].IsMap())
              << name << " " << status << " " << media.first.as<std::string>();
        }
      }
    }
  }
  EXPECT_GE(responses, 200);
  EXPECT_NO_THROW(testing_support::OpenApiContract::Shipped());
}

// The check every API test runs is not a formality: a real response that the shipped file
// allows is refused once the file is changed to say something else.
TEST_F(OpenApiTest, TheContractRefusesWhatTheFileDoesNotAllow) {
  using testing_support::OpenApiContract;
  const testing_support::Caller admin = SignUp("7000012050002", "contract@example.jp");
  const auto me = Send("GET", "/api/v1/me", "", &admin);
  ASSERT_EQ(me.status, 200);
  EXPECT_TRUE(OpenApiContract::Shipped().Violations("GET", "/api/v1/me", me).empty());

  const auto refused = [&](const std::function<void(YAML::Node&)>& change,
                           const std::string& expected) {
    YAML::Node spec = Spec();
    change(spec);
    const auto violations = OpenApiContract(spec).Violations("GET", "/api/v1/me", me);
    std::string all;
    for (const auto& v : violations) all += v + "\n";
    EXPECT_NE(all.find(expected), std::string::npos)
        << "expected '" << expected << "' among: " << all;
  };
  // A property the server sends that the file no longer names (objects are closed).
  refused(
      [](YAML::Node& spec) {
        spec["components"]["schemas"]["User"]["properties"].remove("display_name");
      },
      "display_name");
  // A property of the wrong type.
  refused(
      [](YAML::Node& spec) {
        spec["components"]["schemas"]["Organisation"]["properties"]["is_sme"]["type"] = "string";
      },
      "type");
  // A required property the server does not send.
  refused(
      [](YAML::Node& spec) { spec["components"]["schemas"]["Me"]["required"].push_back("tenant"); },
      "tenant");
  // A value outside the documented enumeration.
  refused(
      [](YAML::Node& spec) {
        spec["components"]["schemas"]["Role"]["enum"] = YAML::Load("[member]");
      },
      "enum");
  // A status the operation does not document.
  refused([](YAML::Node& spec) { spec["paths"]["/api/v1/me"]["get"]["responses"].remove("200"); },
          "does not list");
  // A media type the operation does not document.
  refused(
      [](YAML::Node& spec) {
        YAML::Node content = spec["paths"]["/api/v1/me"]["get"]["responses"]["200"]["content"];
        content["application/vnd.other+json"] = content["application/json"];
        content.remove("application/json");
      },
      "media type");
  // Errors keep to the Problem schema; an unknown path is a 404 problem.
  const auto unknown = Send("GET", "/api/v1/no-such-thing", "", &admin);
  EXPECT_TRUE(
      OpenApiContract::Shipped().Violations("GET", "/api/v1/no-such-thing", unknown).empty());
  HttpResponse plain = unknown;
  plain.content_type = "application/json";
  EXPECT_FALSE(
      OpenApiContract::Shipped().Violations("GET", "/api/v1/no-such-thing", plain).empty());
}

}  // namespace
}  // namespace hoshitori::api
