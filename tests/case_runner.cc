// Runs the behaviour specifications under tests/cases/**/*.test (format: tests/cases/README.md).
// Each `case` block becomes one GoogleTest test named after its file and title.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "assess/crosswalk.h"
#include "assess/scoring.h"
#include "assess/star_level.h"
#include "catalog/catalog_loader.h"

namespace hoshitori {
namespace {

const std::filesystem::path kRoot = HOSHITORI_SOURCE_DIR;

struct CaseLine {
  int number;
  std::string text;
};

struct CaseSpec {
  std::string file;
  std::string title;
  std::vector<CaseLine> lines;
};

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') { quoted = !quoted; continue; }
    if (!quoted && (c == ' ' || c == '\t')) {
      if (!current.empty()) words.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(current);
  return words;
}

const Catalog& CatalogAt(const std::string& directory) {
  static std::map<std::string, std::unique_ptr<Catalog>> cache;
  auto& slot = cache[directory];
  if (!slot) {
    auto loaded = LoadCatalogDirectory((kRoot / directory).string());
    if (!loaded) {
      ADD_FAILURE() << loaded.error().message;
      slot = std::make_unique<Catalog>();
    } else {
      slot = std::make_unique<Catalog>(std::move(loaded).value());
    }
  }
  return *slot;
}

class CaseTest : public testing::Test {
 public:
  explicit CaseTest(CaseSpec spec) : spec_(std::move(spec)) {}

  void TestBody() override {
    for (const CaseLine& line : spec_.lines) {
      SCOPED_TRACE(spec_.file + ":" + std::to_string(line.number) + ": " + line.text);
      Run(Words(line.text));
      if (HasFatalFailure()) return;
    }
  }

 private:
  const Framework& Current() {
    const Framework* f = catalog_->FindFramework(current_framework_);
    if (!f) throw std::runtime_error("framework " + current_framework_ + " not in catalog");
    return *f;
  }

  const Evaluation& Evaluated() {
    if (!evaluation_) {
      const Framework& f = Current();
      evaluation_ = ScoringModel(f).Evaluate(inferred_ ? inferred_->responses : ToResponseVector(f, answers_));
    }
    return *evaluation_;
  }

  std::vector<std::string> Ids(const std::vector<NodeIndex>& nodes) {
    std::vector<std::string> ids;
    for (NodeIndex n : nodes) ids.push_back(Current().nodes()[n].id);
    return ids;
  }

  void Answer(const std::string& ref, const std::string& status, const std::string& maturity) {
    auto answer = MakeAnswer(Current(), "case", ref, status, maturity, "", "");
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    for (auto& existing : answers_) {
      if (existing.node_id == answer->node_id) { existing = *answer; return; }
    }
    answers_.push_back(*answer);
  }

  void Run(const std::vector<std::string>& w) {
    if (w.empty()) return;
    const std::string& verb = w[0];
    if (verb == "catalog") {
      catalog_ = &CatalogAt(w.at(1));
    } else if (verb == "framework") {
      if (!catalog_) catalog_ = &CatalogAt("catalogs");
      current_framework_ = w.at(1);
      ASSERT_NE(catalog_->FindFramework(current_framework_), nullptr) << "unknown framework " << w[1];
    } else if (verb == "answer") {
      Answer(w.at(1), w.at(2), w.size() > 3 ? w[3] : "");
    } else if (verb == "answer-all") {
      std::vector<std::string> done;
      for (const auto& a : answers_) done.push_back(a.node_id);
      for (NodeIndex n : Current().assessable()) {
        const std::string& id = Current().nodes()[n].id;
        if (std::find(done.begin(), done.end(), id) == done.end()) Answer(id, w.at(1), "");
      }
    } else if (verb == "answer-level") {
      // answer-level star3 implemented: every node carrying that level tag.
      const auto tag = ParseLevelTag(w.at(1));
      ASSERT_TRUE(tag.has_value());
      for (NodeIndex n : Current().assessable()) {
        if (Current().nodes()[n].levels & *tag) Answer(Current().nodes()[n].id, w.at(2), "");
      }
    } else if (verb == "today") {
      today_ = *ParseDate(w.at(1));
    } else if (verb == "attestation") {
      for (size_t i = 1; i < w.size(); ++i) {
        const auto eq = w[i].find('=');
        ASSERT_NE(eq, std::string::npos);
        const std::string key = w[i].substr(0, eq), value = w[i].substr(eq + 1);
        if (key == "kind") attestation_.kind = *ParseAttestationKind(value);
        else if (key == "status") attestation_.status = *ParseAssessmentStatus(value);
        else if (key == "declaration") attestation_.management_declaration = value == "yes";
        else if (key == "valid_from") attestation_.valid_from = *ParseDate(value);
        else if (key == "valid_until") attestation_.valid_until = *ParseDate(value);
        else FAIL() << "unknown attestation key " << key;
      }
    } else if (verb == "infer") {
      CrosswalkEngine engine(*catalog_);
      auto result = engine.Infer(current_framework_, w.at(1), ToResponseVector(Current(), answers_));
      ASSERT_TRUE(result.ok()) << result.error().message;
      inferred_ = std::move(result).value();
      current_framework_ = w.at(1);
      evaluation_.reset();
    } else if (verb == "expect") {
      Expect(w);
    } else {
      FAIL() << "unknown verb " << verb;
    }
  }

  void Expect(const std::vector<std::string>& w) {
    const std::string& what = w.at(1);
    if (what == "points") {
      ASSERT_TRUE(Evaluated().points.has_value());
      EXPECT_EQ(Evaluated().points->points, std::stoi(w.at(2)));
    } else if (what == "band") {
      ASSERT_TRUE(Evaluated().points.has_value());
      ASSERT_GE(Evaluated().points->band, 0) << "no band";
      const ScoringBand& band = Current().scoring->bands[Evaluated().points->band];
      EXPECT_EQ(band.min, std::stoi(w.at(2)));
      EXPECT_EQ(band.max, std::stoi(w.at(3)));
    } else if (what == "eligible-star") {
      EXPECT_EQ(Evaluated().eligible_star, std::stoi(w.at(2)));
    } else if (what == "next-star") {
      EXPECT_EQ(Evaluated().next_star, std::stoi(w.at(2)));
    } else if (what == "eligible-lv") {
      EXPECT_EQ(Evaluated().eligible_lv, std::stoi(w.at(2)));
    } else if (what == "unanswered") {
      EXPECT_EQ(Evaluated().unanswered, std::stoi(w.at(2)));
    } else if (what == "held-star" || what == "held-reason" || what == "held-until") {
      const HeldLevel held = DetermineHeldLevel(Evaluated().eligible_star, Evaluated().present_stars, attestation_, today_);
      if (what == "held-star") {
        EXPECT_EQ(held.star, std::stoi(w.at(2)));
      } else if (what == "held-until") {
        ASSERT_TRUE(held.valid_until.has_value());
        EXPECT_EQ(FormatDate(*held.valid_until), w.at(2));
      } else {
        bool found = false;
        for (const auto& r : held.reasons) found = found || r.find(w.at(2)) != std::string::npos;
        EXPECT_TRUE(found) << "no reason contains '" << w[2] << "'";
      }
    } else if (what == "category") {
      const int c = Current().FindCategory(w.at(2));
      ASSERT_GE(c, 0) << "unknown category";
      const CategoryScore& score = Evaluated().categories[c];
      const double expected = std::stod(w.at(4));
      if (w.at(3) == "coverage") EXPECT_NEAR(score.coverage, expected, 1e-9);
      else if (w.at(3) == "maturity") EXPECT_NEAR(score.maturity, expected, 1e-9);
      else FAIL() << "category expects coverage or maturity";
    } else if (what == "coverage") {
      EXPECT_NEAR(Evaluated().coverage, std::stod(w.at(2)), 1e-9);
    } else if (what == "maturity") {
      EXPECT_NEAR(Evaluated().maturity, std::stod(w.at(2)), 1e-9);
    } else if (what == "gaps") {
      EXPECT_EQ(Ids(Evaluated().gaps_to_next), std::vector<std::string>(w.begin() + 2, w.end()));
    } else if (what == "gap-count") {
      EXPECT_EQ(Evaluated().gaps_to_next.size(), std::stoul(w.at(2)));
    } else if (what == "plan") {
      std::vector<NodeIndex> nodes;
      for (const PlanStep& s : Evaluated().plan) nodes.push_back(s.node);
      auto ids = Ids(nodes);
      const std::vector<std::string> expected(w.begin() + 2, w.end());
      ASSERT_GE(ids.size(), expected.size());
      ids.resize(expected.size());
      EXPECT_EQ(ids, expected);
    } else if (what == "plan-length") {
      EXPECT_EQ(Evaluated().plan.size(), std::stoul(w.at(2)));
    } else if (what == "status") {
      // expect status NODE STATUS: the (inferred or answered) status of a node.
      const Framework& f = Current();
      const int pos = f.AssessablePosition(f.Find(w.at(2)));
      ASSERT_GE(pos, 0) << "unknown node " << w[2];
      const AnswerStatus status =
          inferred_ ? inferred_->nodes[pos].status : ToResponseVector(f, answers_).status[pos];
      EXPECT_EQ(AnswerStatusName(status), w.at(3));
    } else if (what == "reached") {
      ASSERT_TRUE(inferred_.has_value());
      const int pos = Current().AssessablePosition(Current().Find(w.at(2)));
      ASSERT_GE(pos, 0);
      EXPECT_EQ(inferred_->nodes[pos].reached, w.at(3) == "yes");
    } else if (what == "route") {
      ASSERT_TRUE(inferred_.has_value());
      EXPECT_EQ(inferred_->route, std::vector<std::string>(w.begin() + 2, w.end()));
    } else if (what == "provenance") {
      // expect provenance NODE FROM_NODE [VIA...]: some chain to NODE starts at FROM_NODE and
      // passes the listed nodes in order.
      ASSERT_TRUE(inferred_.has_value());
      const int pos = Current().AssessablePosition(Current().Find(w.at(2)));
      ASSERT_GE(pos, 0);
      const std::vector<std::string> expected(w.begin() + 3, w.end());
      bool found = false;
      for (const ProvenanceChain& chain : inferred_->nodes[pos].provenance) {
        std::vector<std::string> nodes;
        for (const ProvenanceStep& step : chain.steps) nodes.push_back(step.node_id);
        nodes.pop_back();  // the target itself
        found = found || nodes == expected;
      }
      EXPECT_TRUE(found) << "no provenance chain through the listed nodes";
    } else if (what == "provenance-count") {
      ASSERT_TRUE(inferred_.has_value());
      const int pos = Current().AssessablePosition(Current().Find(w.at(2)));
      ASSERT_GE(pos, 0);
      EXPECT_EQ(inferred_->nodes[pos].provenance.size(), std::stoul(w.at(3)));
    } else if (what == "infer-error") {
      CrosswalkEngine engine(*catalog_);
      auto result = engine.Infer(current_framework_, w.at(2), ToResponseVector(Current(), answers_));
      ASSERT_FALSE(result.ok());
      EXPECT_NE(result.error().message.find(w.at(3)), std::string::npos) << result.error().message;
    } else {
      FAIL() << "unknown expectation " << what;
    }
  }

  CaseSpec spec_;
  const Catalog* catalog_ = nullptr;
  std::string current_framework_;
  std::vector<hoshitori::Answer> answers_;
  std::optional<InferenceResult> inferred_;
  std::optional<Evaluation> evaluation_;
  Attestation attestation_;
  Date today_ = *ParseDate("2026-11-21");
};

std::vector<CaseSpec> ReadCases() {
  std::vector<CaseSpec> cases;
  std::vector<std::filesystem::path> files;
  // Scoring, levels and inference; other folders (policy/) have runners of their own.
  for (const char* folder : {"scoring", "levels", "inference"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kRoot / "tests/cases" / folder)) {
      if (entry.path().extension() == ".test") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string text;
    int number = 0;
    const std::string name = std::filesystem::relative(path, kRoot / "tests/cases").string();
    while (std::getline(in, text)) {
      ++number;
      const auto first = text.find_first_not_of(" \t");
      if (first == std::string::npos || text[first] == '#') continue;
      text = text.substr(first);
      if (text.rfind("case ", 0) == 0) {
        cases.push_back(CaseSpec{name, text.substr(5), {}});
      } else if (cases.empty() || cases.back().file != name) {
        ADD_FAILURE() << name << ":" << number << ": a line before the first 'case'";
      } else {
        cases.back().lines.push_back(CaseLine{number, text});
      }
    }
  }
  return cases;
}

std::string TestName(const std::string& title) {
  std::string out;
  for (char c : title) out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

}  // namespace
}  // namespace hoshitori

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  for (const hoshitori::CaseSpec& spec : hoshitori::ReadCases()) {
    std::string suite = hoshitori::TestName(spec.file);
    testing::RegisterTest(suite.c_str(), hoshitori::TestName(spec.title).c_str(), nullptr, nullptr,
                          __FILE__, __LINE__, [spec]() -> testing::Test* {
                            return new hoshitori::CaseTest(spec);  // owned by GoogleTest
                          });
  }
  return RUN_ALL_TESTS();
}
