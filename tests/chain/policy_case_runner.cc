// Runs the requirement-policy specifications under tests/cases/policy/*.test (format:
// tests/cases/policy/README.md). Each `case` block becomes one GoogleTest test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "chain/compliance.h"
#include "chain/policy.h"

namespace hoshitori {
namespace {

const std::filesystem::path kCases = std::filesystem::path(HOSHITORI_SOURCE_DIR) / "tests/cases/policy";

struct CaseLine {
  int number;
  std::string text;
};

struct CaseSpec {
  std::string file;
  std::string title;
  std::vector<CaseLine> lines;
};

// Words separated by blanks; "double quoted text" is one word.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  bool quoted = false, any = false;
  for (char c : text) {
    if (c == '"') { quoted = !quoted; any = true; continue; }
    if (!quoted && (c == ' ' || c == '\t')) {
      if (any) words.push_back(current);
      current.clear();
      any = false;
    } else {
      current.push_back(c);
      any = true;
    }
  }
  if (any) words.push_back(current);
  return words;
}

std::pair<std::string, std::string> KeyValue(const std::string& word) {
  const auto eq = word.find('=');
  if (eq == std::string::npos) return {word, ""};
  return {word.substr(0, eq), word.substr(eq + 1)};
}

class PolicyCase : public testing::Test {
 public:
  explicit PolicyCase(CaseSpec spec) : spec_(std::move(spec)) {}

  void TestBody() override {
    for (const CaseLine& line : spec_.lines) {
      SCOPED_TRACE(spec_.file + ":" + std::to_string(line.number) + ": " + line.text);
      Run(line.text);
      if (HasFatalFailure()) return;
    }
  }

 private:
  // The policy in force: the default unless `policy none`, plus the case's own rules.
  Result<RequirementPolicy> Policy() const {
    auto own = RequirementPolicy::Parse(own_rules_, spec_.file);
    if (!own) return own.error();
    if (!with_default_) return own;
    return RequirementPolicy::Default().With(*own);
  }

  const Requirement& Decided() {
    if (!requirement_) {
      auto policy = Policy();
      if (!policy) {
        ADD_FAILURE() << policy.error().message;
        requirement_ = Requirement{};
      } else {
        requirement_ = policy->Evaluate(input_);
      }
    }
    return *requirement_;
  }

  void Run(const std::string& line) {
    const std::vector<std::string> w = Words(line);
    if (w.empty()) return;
    const std::string& verb = w[0];
    if (verb == "policy") {
      ASSERT_TRUE(w.size() == 2 && (w[1] == "default" || w[1] == "none")) << "policy default|none";
      with_default_ = w[1] == "default";
      requirement_.reset();
    } else if (verb == "rule") {
      own_rules_ += line + "\n";
      requirement_.reset();
    } else if (verb == "relationship" || verb == "supplier") {
      for (size_t i = 1; i < w.size(); ++i) SetInput(verb, KeyValue(w[i]));
      requirement_.reset();
    } else if (verb == "held") {
      standing_ = SupplierStanding{};
      if (w.size() == 2 && w[1] == "none") return;
      standing_.has_assessment = true;
      for (size_t i = 1; i < w.size(); ++i) SetStanding(KeyValue(w[i]));
    } else if (verb == "expect") {
      Expect(w);
    } else {
      FAIL() << "unknown verb " << verb;
    }
  }

  void SetInput(const std::string& verb, const std::pair<std::string, std::string>& kv) {
    const auto& [key, value] = kv;
    if (verb == "supplier") {
      if (key == "sme") input_.supplier.sme = *ParseYesNo(value);
      else if (key == "industry") input_.supplier.industry = value;
      else FAIL() << "unknown supplier key " << key;
      return;
    }
    if (key == "kind") {
      auto v = ParseRelationshipKind(value);
      ASSERT_TRUE(v.ok()) << v.error().message;
      input_.kind = *v;
    } else if (key == "data") {
      auto v = ParseDataHandled(value);
      ASSERT_TRUE(v.ok()) << v.error().message;
      input_.data = *v;
    } else if (key == "connectivity") {
      auto v = ParseConnectivity(value);
      ASSERT_TRUE(v.ok()) << v.error().message;
      input_.connectivity = *v;
    } else if (key == "substitutability") {
      auto v = ParseSubstitutability(value);
      ASSERT_TRUE(v.ok()) << v.error().message;
      input_.substitutability = *v;
    } else if (key == "critical") {
      input_.production_critical = *ParseYesNo(value);
    } else if (key == "on_supplier_it") {
      input_.on_supplier_it = *ParseYesNo(value);
    } else if (key == "tier") {
      input_.tier = std::stoi(value);
    } else {
      FAIL() << "unknown relationship key " << key;
    }
  }

  void SetStanding(const std::pair<std::string, std::string>& kv) {
    const auto& [key, value] = kv;
    if (key == "star") {
      standing_.held_star = std::stoi(value);
    } else if (key == "attestation") {
      standing_.held_attestation = *ParseAttestationKind(value);
    } else if (key == "expired_star") {
      standing_.expired_star = std::stoi(value);
    } else if (key == "expired_attestation") {
      standing_.expired_attestation = *ParseAttestationKind(value);
    } else if (key == "expired_on") {
      standing_.expired_on = *ParseDate(value);
    } else {
      FAIL() << "unknown held key " << key;
    }
  }

  void Expect(const std::vector<std::string>& w) {
    ASSERT_GE(w.size(), 2u);
    const std::string& what = w[1];
    if (what == "policy-error") {
      auto policy = Policy();
      ASSERT_FALSE(policy.ok()) << "the policy was accepted";
      EXPECT_NE(policy.error().message.find(w.at(2)), std::string::npos) << policy.error().message;
      own_rules_.clear();
      return;
    }
    if (what == "star") {
      EXPECT_EQ(Decided().star, std::stoi(w.at(2)));
    } else if (what == "attestation") {
      EXPECT_EQ(AttestationKindName(Decided().attestation), w.at(2));
    } else if (what == "rule") {
      EXPECT_EQ(Decided().rule, w.at(2));
    } else if (what == "matched") {
      const std::vector<std::string> expected(w.begin() + 2, w.end());
      EXPECT_EQ(Decided().matched, expected);
    } else if (what == "status" || what == "reason") {
      std::string reason;
      const ComplianceStatus status = Judge(Decided(), standing_, &reason);
      if (what == "status") EXPECT_EQ(ComplianceStatusName(status), w.at(2)) << reason;
      else EXPECT_NE(reason.find(w.at(2)), std::string::npos) << reason;
    } else {
      FAIL() << "unknown expectation " << what;
    }
  }

  CaseSpec spec_;
  bool with_default_ = true;
  std::string own_rules_;
  RuleInput input_;
  SupplierStanding standing_;
  std::optional<Requirement> requirement_;
};

std::vector<CaseSpec> LoadCases() {
  std::vector<CaseSpec> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(kCases)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;
      line = line.substr(first);
      if (line.rfind("case ", 0) == 0) {
        cases.push_back(CaseSpec{path.filename().string(), line.substr(5), {}});
      } else if (!cases.empty()) {
        cases.back().lines.push_back(CaseLine{number, line});
      }
    }
  }
  return cases;
}

std::string TestName(const std::string& text) {
  std::string out;
  for (char c : text) out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

}  // namespace
}  // namespace hoshitori

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (const hoshitori::CaseSpec& spec : hoshitori::LoadCases()) {
    testing::RegisterTest(hoshitori::TestName(spec.file).c_str(), hoshitori::TestName(spec.title).c_str(),
                          nullptr, nullptr, __FILE__, __LINE__,
                          [spec]() -> testing::Test* {
                            return new hoshitori::PolicyCase(spec);  // owned by GoogleTest
                          });
  }
  return RUN_ALL_TESTS();
}
