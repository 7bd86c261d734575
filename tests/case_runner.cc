// Runs the behaviour specifications of one directory under tests/cases: every *.test file in
// it (and below), each `case` block one GoogleTest test named after its file and title.
//
//   case_runner [--root <dir>] <directory> [GoogleTest flags]
//
// tests/CMakeLists.txt registers one ctest per directory it finds (`cases.<directory>`); the
// files are read when the runner runs, so a new file needs no rebuild. The words a case may
// use are those of its directory's vocabulary: policy/ speaks the requirement-policy
// language (tests/cases/policy/README.md), every other directory the assessment language
// (tests/cases/README.md). In every file, a line before the first `case` other than a blank
// or `#` comment line, and a file without any case, fail the run (test `<file>.layout`).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "assess/crosswalk.h"
#include "assess/scoring.h"
#include "assess/star_level.h"
#include "catalog/catalog_loader.h"
#include "chain/compliance.h"
#include "chain/policy.h"
#include "share/tlp.h"

namespace hoshitori {
namespace {

// Repository root: `catalog <dir>` lines name catalog directories relative to it.
const std::filesystem::path kRoot = HOSHITORI_SOURCE_DIR;

struct CaseLine {
  int number;
  std::string text;
};

struct CaseSpec {
  std::string file;  // relative to the cases root
  std::string title;
  std::vector<CaseLine> lines;
};

// Words separated by blanks; "double quoted text" is one word (and "" an empty one).
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  bool quoted = false, any = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
      continue;
    }
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

// One case: its lines run in order, each traced with its file and line number; the first
// fatal failure ends the case.
class CaseTest : public testing::Test {
 public:
  explicit CaseTest(CaseSpec spec) : spec_(std::move(spec)) {}

  void TestBody() override {
    for (const CaseLine& line : spec_.lines) {
      SCOPED_TRACE(spec_.file + ":" + std::to_string(line.number) + ": " + line.text);
      Run(line.text);
      if (HasFatalFailure()) return;
    }
  }

 protected:
  // Carries out one line of the case (never blank or a comment).
  virtual void Run(const std::string& line) = 0;

  CaseSpec spec_;
};

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

// The assessment vocabulary (tests/cases/README.md): answers to a framework, then scores,
// levels held and crosswalk inference.
class AssessmentCase : public CaseTest {
 public:
  using CaseTest::CaseTest;

 private:
  const Framework& Current() {
    const Framework* f = catalog_->FindFramework(current_framework_);
    if (!f) throw std::runtime_error("framework " + current_framework_ + " not in catalog");
    return *f;
  }

  const Evaluation& Evaluated() {
    if (!evaluation_) {
      const Framework& f = Current();
      evaluation_ = ScoringModel(f).Evaluate(inferred_ ? inferred_->responses
                                                       : ToResponseVector(f, answers_));
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
      if (existing.node_id == answer->node_id) {
        existing = *answer;
        return;
      }
    }
    answers_.push_back(*answer);
  }

  void Run(const std::string& line) override {
    const std::vector<std::string> w = Words(line);
    if (w.empty()) return;
    const std::string& verb = w[0];
    if (verb == "catalog") {
      catalog_ = &CatalogAt(w.at(1));
    } else if (verb == "framework") {
      if (!catalog_) catalog_ = &CatalogAt("catalogs");
      current_framework_ = w.at(1);
      ASSERT_NE(catalog_->FindFramework(current_framework_), nullptr)
          << "unknown framework " << w[1];
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
        if (key == "kind")
          attestation_.kind = *ParseAttestationKind(value);
        else if (key == "status")
          attestation_.status = *ParseAssessmentStatus(value);
        else if (key == "declaration")
          attestation_.management_declaration = value == "yes";
        else if (key == "valid_from")
          attestation_.valid_from = *ParseDate(value);
        else if (key == "valid_until")
          attestation_.valid_until = *ParseDate(value);
        else if (key == "suspended")
          attestation_.suspended = value == "yes";
        else
          FAIL() << "unknown attestation key " << key;
      }
    } else if (verb == "infer") {
      CrosswalkEngine engine(*catalog_);
      auto result =
          engine.Infer(current_framework_, w.at(1), ToResponseVector(Current(), answers_));
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
      const HeldLevel held = DetermineHeldLevel(Evaluated().eligible_star,
                                                Evaluated().present_stars, attestation_, today_);
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
      if (w.at(3) == "coverage")
        EXPECT_NEAR(score.coverage, expected, 1e-9);
      else if (w.at(3) == "maturity")
        EXPECT_NEAR(score.maturity, expected, 1e-9);
      else
        FAIL() << "category expects coverage or maturity";
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
      auto result =
          engine.Infer(current_framework_, w.at(2), ToResponseVector(Current(), answers_));
      ASSERT_FALSE(result.ok());
      EXPECT_NE(result.error().message.find(w.at(3)), std::string::npos) << result.error().message;
    } else {
      FAIL() << "unknown expectation " << what;
    }
  }

  const Catalog* catalog_ = nullptr;
  std::string current_framework_;
  std::vector<hoshitori::Answer> answers_;
  std::optional<InferenceResult> inferred_;
  std::optional<Evaluation> evaluation_;
  Attestation attestation_;
  Date today_ = *ParseDate("2026-11-21");
};

std::pair<std::string, std::string> KeyValue(const std::string& word) {
  const auto eq = word.find('=');
  if (eq == std::string::npos) return {word, ""};
  return {word.substr(0, eq), word.substr(eq + 1)};
}

// The requirement-policy vocabulary (tests/cases/policy/README.md): a buyer's rules, one
// relationship and what the supplier holds, then the level required and the status.
class PolicyCase : public CaseTest {
 public:
  using CaseTest::CaseTest;

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

  void Run(const std::string& line) override {
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
      if (key == "sme")
        input_.supplier.sme = *ParseYesNo(value);
      else if (key == "industry")
        input_.supplier.industry = value;
      else
        FAIL() << "unknown supplier key " << key;
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
      if (what == "status")
        EXPECT_EQ(ComplianceStatusName(status), w.at(2)) << reason;
      else
        EXPECT_NE(reason.find(w.at(2)), std::string::npos) << reason;
    } else {
      FAIL() << "unknown expectation " << what;
    }
  }

  bool with_default_ = true;
  std::string own_rules_;
  RuleInput input_;
  SupplierStanding standing_;
  std::optional<Requirement> requirement_;
};

// Fails with what is wrong with the layout of a case file.
// The TLP vocabulary (tests/cases/tlp/README.md): organisations with their memberships,
// shared objects, reshares and derivations, and who may read what.
class TlpCase : public CaseTest {
 public:
  using CaseTest::CaseTest;

 private:
  static std::vector<int64_t> Ids(const std::string& text) {
    std::vector<int64_t> ids;
    size_t start = 0;
    while (start < text.size()) {
      size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      ids.push_back(std::stoll(text.substr(start, comma - start)));
      start = comma + 1;
    }
    return ids;
  }

  // "<org>/<person>": a reader with the organisation's memberships.
  share::Reader ReaderOf(const std::string& word) {
    const size_t slash = word.find('/');
    share::Reader reader = orgs_[std::stoll(word.substr(0, slash))];
    reader.org = std::stoll(word.substr(0, slash));
    reader.person = slash == std::string::npos ? 0 : std::stoll(word.substr(slash + 1));
    return reader;
  }

  // <label> [group=g] [recipients=o,..] [named=p,..] from word `first` on.
  share::Audience AudienceOf(const std::vector<std::string>& w, size_t first) {
    share::Audience audience;
    auto label = share::ParseTlp(w.at(first));
    EXPECT_TRUE(label.ok()) << w.at(first);
    if (label.ok()) audience.marking = *label;
    for (size_t i = first + 1; i < w.size(); ++i) {
      const auto [key, value] = KeyValue(w[i]);
      if (key == "group")
        audience.group = std::stoll(value);
      else if (key == "recipients")
        audience.recipient_orgs = Ids(value);
      else if (key == "named")
        audience.named_recipients = Ids(value);
      else if (key == "owner")
        audience.owner = std::stoll(value);
      else if (key == "author")
        audience.author = std::stoll(value);
      else
        ADD_FAILURE() << "unknown audience key " << key;
    }
    return audience;
  }

  // share <new> from <a>[,<b>...] by <org>/<person> <label> ...
  Result<share::SharedObject> Share(const std::vector<std::string>& w, size_t from) {
    EXPECT_TRUE(w.size() > from + 3 && w[from] == "from" && w[from + 2] == "by")
        << "from <object>[,<object>...] by <org>/<person> <label> ...";
    std::vector<share::SharedObject> sources;
    std::string names = w.at(from + 1);
    size_t start = 0;
    while (start < names.size()) {
      size_t comma = names.find(',', start);
      if (comma == std::string::npos) comma = names.size();
      const std::string name = names.substr(start, comma - start);
      EXPECT_TRUE(objects_.count(name) != 0) << "no object " << name;
      if (objects_.count(name) != 0) sources.push_back(objects_.at(name));
      start = comma + 1;
    }
    return share::Derive(sources, ReaderOf(w.at(from + 3)), AudienceOf(w, from + 4));
  }

  void Run(const std::string& line) override {
    const std::vector<std::string> w = Words(line);
    if (w.empty()) return;
    const std::string& verb = w[0];
    if (verb == "org") {
      share::Reader& org = orgs_[std::stoll(w.at(1))];
      for (size_t i = 2; i < w.size(); ++i) {
        const auto [key, value] = KeyValue(w[i]);
        if (key == "groups")
          org.groups = Ids(value);
        else if (key == "client-of")
          org.client_of = Ids(value);
        else
          FAIL() << "unknown org key " << key;
      }
    } else if (verb == "object") {
      objects_[w.at(1)] = share::SharedObject{AudienceOf(w, 2), {}};
    } else if (verb == "share") {
      auto made = Share(w, 2);
      ASSERT_TRUE(made.ok()) << made.error().message;
      objects_[w.at(1)] = *made;
    } else if (verb == "expect" && w.at(1) == "refused") {
      auto made = Share(w, 2);
      EXPECT_FALSE(made.ok()) << "the share was allowed";
    } else if (verb == "expect" && w.at(1) == "read") {
      ASSERT_EQ(w.size(), 5u) << "expect read <object> <org>/<person> yes|no";
      ASSERT_TRUE(objects_.count(w[2]) != 0) << "no object " << w[2];
      EXPECT_EQ(share::MayRead(ReaderOf(w[3]), objects_.at(w[2])), *ParseYesNo(w[4]));
    } else if (verb == "expect" && w.at(1) == "label") {
      auto label = share::ParseTlp(w.at(2));
      if (w.at(3) == "invalid") {
        EXPECT_FALSE(label.ok()) << "'" << w[2] << "' was read as " << share::TlpLabel(*label);
      } else {
        ASSERT_TRUE(label.ok()) << label.error().message;
        EXPECT_EQ(share::TlpLabel(*label), w[3]);
      }
    } else if (verb == "expect" && w.at(1) == "strictest") {
      EXPECT_EQ(
          share::TlpLabel(share::Strictest(*share::ParseTlp(w.at(2)), *share::ParseTlp(w.at(3)))),
          w.at(4));
    } else {
      FAIL() << "unknown line " << line;
    }
  }

  std::map<int64_t, share::Reader> orgs_;
  std::map<std::string, share::SharedObject> objects_;
};

class LayoutTest : public testing::Test {
 public:
  explicit LayoutTest(std::vector<std::string> problems) : problems_(std::move(problems)) {}
  void TestBody() override {
    for (const std::string& problem : problems_) ADD_FAILURE() << problem;
  }

 private:
  std::vector<std::string> problems_;
};

using CaseFactory = std::function<testing::Test*(CaseSpec)>;

// The vocabulary of the cases under `directory` (its first component names it).
CaseFactory VocabularyOf(const std::filesystem::path& directory) {
  if (*directory.begin() == "policy")
    return [](CaseSpec spec) { return new PolicyCase(std::move(spec)); };
  if (*directory.begin() == "tlp")
    return [](CaseSpec spec) { return new TlpCase(std::move(spec)); };
  return [](CaseSpec spec) { return new AssessmentCase(std::move(spec)); };
}

struct CaseFile {
  std::vector<CaseSpec> cases;
  std::vector<std::string> problems;  // layout errors, "file:line: ..."
};

CaseFile ReadCaseFile(const std::filesystem::path& path, const std::string& name) {
  CaseFile file;
  std::ifstream in(path);
  if (!in) file.problems.push_back(name + ": cannot be read");
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos || text[first] == '#') continue;
    text = text.substr(first);
    if (text.rfind("case ", 0) == 0) {
      file.cases.push_back(CaseSpec{name, text.substr(5), {}});
    } else if (file.cases.empty()) {
      file.problems.push_back(
          name + ":" + std::to_string(number) + ": '" + text +
          "' stands before the first 'case' line (only blank and # comment lines may)");
    } else {
      file.cases.back().lines.push_back(CaseLine{number, text});
    }
  }
  if (file.cases.empty() && file.problems.empty())
    file.problems.push_back(name + ": no 'case' line");
  return file;
}

std::string TestName(const std::string& text) {
  std::string out;
  for (char c : text) out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

// Registers a test per case of every *.test file under root/directory, in file order, and a
// failing `<file>.layout` test per file laid out wrongly. Returns the number of files.
size_t RegisterCases(const std::filesystem::path& root, const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  const CaseFactory make = VocabularyOf(directory);
  for (const auto& path : files) {
    const std::string name = std::filesystem::relative(path, root).generic_string();
    CaseFile file = ReadCaseFile(path, name);
    const std::string suite = TestName(name);
    if (!file.problems.empty()) {
      testing::RegisterTest(suite.c_str(), "layout", nullptr, nullptr, __FILE__, __LINE__,
                            [problems = file.problems]() -> testing::Test* {
                              return new LayoutTest(problems);  // owned by GoogleTest
                            });
    }
    for (CaseSpec& spec : file.cases) {
      const std::string title = TestName(spec.title);
      testing::RegisterTest(
          suite.c_str(), title.c_str(), nullptr, nullptr, __FILE__, __LINE__,
          [make, spec]() -> testing::Test* { return make(spec); });  // owned by GoogleTest
    }
  }
  return files.size();
}

}  // namespace
}  // namespace hoshitori

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::filesystem::path root = std::filesystem::path(HOSHITORI_SOURCE_DIR) / "tests/cases";
  std::optional<std::filesystem::path> directory;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--root" && i + 1 < argc) {
      root = argv[++i];
    } else if (!directory && !arg.empty() && arg[0] != '-') {
      directory = arg;
    } else {
      directory.reset();
      break;
    }
  }
  if (!directory || directory->is_absolute() || directory->empty()) {
    std::cerr << "usage: case_runner [--root <cases root>] <directory under the root>\n";
    return 2;
  }
  if (!std::filesystem::is_directory(root / *directory)) {
    std::cerr << "case_runner: " << (root / *directory).string() << " is not a directory\n";
    return 2;
  }
  if (hoshitori::RegisterCases(root, *directory) == 0) {
    std::cerr << "case_runner: no *.test file under " << (root / *directory).string() << "\n";
    return 1;
  }
  return RUN_ALL_TESTS();
}
