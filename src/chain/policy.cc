#include "chain/policy.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace hoshitori {

namespace {

constexpr std::string_view kDefaultPolicy = R"(# The SCS decision flow (サプライチェーン対策評価制度): when a relationship needs ★4 rather than ★3.
rule star4-important-data: data has important_confidential, on_supplier_it = yes => star4 "handles the buyer's important confidential information on its own IT / 重要な機密情報を自社のITで扱う"
rule star4-single-source: substitutability = single_source => star4 "its stopping would cause unacceptable delay: single source / 代替困難（単一調達先）で停止すると許容できない遅延が生じる"
rule star4-production-critical: critical = yes => star4 "its stopping would cause unacceptable delay: production-critical / 停止すると生産に許容できない遅延が生じる"
rule star4-network-access: connectivity in vpn|ot => star4 "can reach the buyer's internal systems (VPN/direct or OT connection) / 発注者の社内システムに到達できる"
rule star3-baseline: always => star3 "every supplier in the chain / サプライチェーンの全取引先"
)";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char separator) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(separator, start);
    out.push_back(Trim(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

using Condition = RequirementPolicy::Condition;
using Field = Condition::Field;
using Op = Condition::Op;

// A parse error in both languages, "english / 日本語" (pages show the half in their language).
Error Both(const std::string& english, const std::string& japanese) {
  return MakeError(english + " / " + japanese);
}

// An error of a word that is not a value of its field, the domain parser's English kept.
Error NotAValue(const Error& english, std::string_view word) {
  return Both(english.message, "「" + std::string(word) + "」はこの項目の値として使えません");
}

Result<Field> ParseField(std::string_view name) {
  static const std::pair<std::string_view, Field> kFields[] = {
      {"kind", Field::kKind},
      {"data", Field::kData},
      {"connectivity", Field::kConnectivity},
      {"substitutability", Field::kSubstitutability},
      {"critical", Field::kCritical},
      {"on_supplier_it", Field::kOnSupplierIt},
      {"tier", Field::kTier},
      {"supplier.sme", Field::kSupplierSme},
      {"supplier.industry", Field::kSupplierIndustry}};
  for (const auto& [text, field] : kFields) {
    if (name == text) return field;
  }
  return Both("unknown field '" + std::string(name) +
                  "'; use kind, data, connectivity, substitutability, critical, on_supplier_it, "
                  "tier, supplier.sme or supplier.industry",
              "「" + std::string(name) +
                  "」という項目はありません。kind, data, connectivity, substitutability, critical, "
                  "on_supplier_it, tier, supplier.sme, supplier.industry のどれかを使ってください");
}

// The numeric value of one word for `field` (enum position, scale rank, number, 0/1).
Result<int> ParseValue(Field field, std::string_view word) {
  switch (field) {
    case Field::kKind: {
      auto v = ParseRelationshipKind(word);
      if (!v) return NotAValue(v.error(), word);
      return static_cast<int>(*v);
    }
    case Field::kData: {
      auto v = ParseDataClass(word);
      if (!v) return NotAValue(v.error(), word);
      return *v == kDataPersonal ? -1 : ConfidentialityRank(*v);
    }
    case Field::kConnectivity: {
      auto v = ParseConnectivity(word);
      if (!v) return NotAValue(v.error(), word);
      return static_cast<int>(*v);
    }
    case Field::kSubstitutability: {
      auto v = ParseSubstitutability(word);
      if (!v) return NotAValue(v.error(), word);
      return static_cast<int>(*v);
    }
    case Field::kCritical:
    case Field::kOnSupplierIt:
    case Field::kSupplierSme: {
      auto v = ParseYesNo(word);
      if (!v) return NotAValue(v.error(), word);
      return *v ? 1 : 0;
    }
    case Field::kTier: {
      int v = 0;
      const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
      if (ec != std::errc() || end != word.data() + word.size() || v < 1) {
        return Both("tier '" + std::string(word) + "' must be a whole number of 1 or more",
                    "tier「" + std::string(word) + "」は 1 以上の整数にしてください");
      }
      return v;
    }
    case Field::kAlways:
    case Field::kSupplierIndustry:
      break;
  }
  return 0;
}

Result<Condition> ParseCondition(std::string_view text) {
  Condition c;
  if (text == "always") return c;
  static const std::pair<std::string_view, Op> kOps[] = {
      {" has ", Op::kHas}, {" in ", Op::kIn}, {"!=", Op::kNe}, {"<=", Op::kLe},
      {">=", Op::kGe},     {"=", Op::kEq},    {"<", Op::kLt},  {">", Op::kGt}};
  size_t at = std::string_view::npos, length = 0;
  for (const auto& [symbol, op] : kOps) {
    at = text.find(symbol);
    if (at != std::string_view::npos) {
      c.op = op;
      length = symbol.size();
      break;
    }
  }
  if (at == std::string_view::npos) {
    return Both(
        "condition '" + std::string(text) +
            "' needs an operator (= != < <= > >= in has) or the word always",
        "条件「" + std::string(text) + "」には演算子（= != < <= > >= in has）か always が必要です");
  }
  auto field = ParseField(Trim(text.substr(0, at)));
  if (!field) return field.error();
  c.field = *field;
  const std::string_view value = Trim(text.substr(at + length));
  if (value.empty()) {
    return Both("condition '" + std::string(text) + "' has no value",
                "条件「" + std::string(text) + "」に値がありません");
  }
  if (c.field == Field::kSupplierIndustry) {
    if (c.op != Op::kEq && c.op != Op::kNe && c.op != Op::kIn) {
      return Both("supplier.industry takes =, != or in",
                  "supplier.industry に使える演算子は =, !=, in です");
    }
    c.text = std::string(value);
    return c;
  }
  if (c.op == Op::kHas) {
    if (c.field != Field::kData) {
      return Both("'has' applies to data only", "has は data にだけ使えます");
    }
    for (std::string_view word : Split(value, '|')) {
      auto flags = ParseDataClass(word);
      if (!flags) return NotAValue(flags.error(), word);
      c.set |= *flags;
    }
    if (c.set == 0) {
      return Both("'data has none' never holds; write 'data = none'",
                  "「data has none」は成り立ちません。「data = none」と書いてください");
    }
    return c;
  }
  if (c.op == Op::kIn) {
    if (c.field == Field::kData || c.field == Field::kTier) {
      return c.field == Field::kData
                 ? Both("'in' does not apply to data (use has)",
                        "in は data には使えません（has を使ってください）")
                 : Both("'in' does not apply to tier", "in は tier には使えません");
    }
    for (std::string_view word : Split(value, '|')) {
      auto v = ParseValue(c.field, word);
      if (!v) return v.error();
      c.set |= 1u << *v;
    }
    return c;
  }
  auto v = ParseValue(c.field, value);
  if (!v) return v.error();
  if (c.field == Field::kData && *v < 0) {
    return Both("personal data is not on the confidentiality scale; write 'data has personal'",
                "個人情報は機密度の段階にありません。「data has personal」と書いてください");
  }
  c.value = *v;
  return c;
}

bool Compare(Op op, int actual, int expected) {
  switch (op) {
    case Op::kEq: return actual == expected;
    case Op::kNe: return actual != expected;
    case Op::kLt: return actual < expected;
    case Op::kLe: return actual <= expected;
    case Op::kGt: return actual > expected;
    case Op::kGe: return actual >= expected;
    case Op::kIn:
    case Op::kHas: break;
  }
  return false;
}

bool IndustryMatches(const std::string& actual, std::string_view pattern) {
  // "E" matches every E-xx; "E-29" matches exactly.
  if (pattern.size() == 1) return !actual.empty() && actual[0] == pattern[0];
  return actual == pattern;
}

}  // namespace

AttestationKind DefaultAttestationFor(int star) {
  if (star >= 4) return AttestationKind::kThirdParty;
  if (star == 3) return AttestationKind::kExpertConfirmed;
  return AttestationKind::kSelf;
}

int AttestationStrength(AttestationKind kind) {
  switch (kind) {
    case AttestationKind::kSelf: return 0;
    case AttestationKind::kExpertConfirmed: return 1;
    case AttestationKind::kThirdParty: return 2;
  }
  return 0;
}

bool Condition::Holds(const RuleInput& in) const {
  int actual = 0;
  switch (field) {
    case Field::kAlways: return true;
    case Field::kKind: actual = static_cast<int>(in.kind); break;
    case Field::kData:
      if (op == Op::kHas) return (in.data & set) != 0;
      actual = ConfidentialityRank(in.data);
      break;
    case Field::kConnectivity: actual = static_cast<int>(in.connectivity); break;
    case Field::kSubstitutability: actual = static_cast<int>(in.substitutability); break;
    case Field::kCritical: actual = in.production_critical ? 1 : 0; break;
    case Field::kOnSupplierIt: actual = in.on_supplier_it ? 1 : 0; break;
    case Field::kTier: actual = in.tier; break;
    case Field::kSupplierSme: actual = in.supplier.sme ? 1 : 0; break;
    case Field::kSupplierIndustry: {
      if (op == Op::kIn) {
        for (std::string_view p : Split(text, '|')) {
          if (IndustryMatches(in.supplier.industry, p)) return true;
        }
        return false;
      }
      const bool match = IndustryMatches(in.supplier.industry, text);
      return op == Op::kEq ? match : !match;
    }
  }
  if (op == Op::kIn) return actual >= 0 && actual < 32 && (set & (1u << actual)) != 0;
  return Compare(op, actual, value);
}

Result<RequirementPolicy> RequirementPolicy::Parse(std::string_view text, std::string_view source) {
  RequirementPolicy policy;
  std::set<std::string> ids;
  int line_number = 0;
  for (std::string_view line : Split(text, '\n')) {
    ++line_number;
    const std::string where = std::string(source) + ":" + std::to_string(line_number) + ": ";
    // The error at this line in both languages; a bilingual `english` (from a condition) is
    // split so that each half carries the line.
    auto at_line = [&](std::string english, std::string japanese = "") {
      const size_t split = english.rfind(" / ");
      if (japanese.empty() && split != std::string::npos) {
        japanese = english.substr(split + 3);
        english.resize(split);
      }
      if (japanese.empty()) japanese = english;
      return MakeError(where + english + " / " + std::string(source) + " " +
                       std::to_string(line_number) + "行目: " + japanese);
    };
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 5) != "rule ") {
      return at_line(
          "a line is a rule ('rule <id>: <conditions> => star<N> \"<reason>\"'), a comment (#) or "
          "empty",
          "1行は、ルール（rule <id>: <条件> => star<N> "
          "\"<理由>\"）、コメント（#）、空行のどれかです");
    }
    const size_t colon = line.find(':');
    const size_t arrow = line.find("=>");
    if (colon == std::string_view::npos || arrow == std::string_view::npos || arrow < colon) {
      return at_line("expected 'rule <id>: <conditions> => star<N> \"<reason>\"'",
                     "rule <id>: <条件> => star<N> \"<理由>\" の形で書いてください");
    }
    Rule rule;
    rule.line = line_number;
    rule.id = std::string(Trim(line.substr(5, colon - 5)));
    if (rule.id.empty() || rule.id.find(' ') != std::string::npos) {
      return at_line("the rule needs an id without spaces",
                     "ルールには空白を含まない名前（id）が必要です");
    }
    if (!ids.insert(rule.id).second) {
      return at_line("rule id '" + rule.id + "' is used twice",
                     "ルール名「" + rule.id + "」が2回使われています");
    }
    const std::string_view conditions = Trim(line.substr(colon + 1, arrow - colon - 1));
    if (conditions.empty()) {
      return at_line("the rule has no condition; write 'always' if it always applies",
                     "条件がありません。いつも当てはまるなら always と書いてください");
    }
    for (std::string_view part : Split(conditions, ',')) {
      auto condition = ParseCondition(part);
      if (!condition) return at_line(condition.error().message);
      rule.conditions.push_back(std::move(condition).value());
    }
    std::string_view outcome = Trim(line.substr(arrow + 2));
    const size_t quote = outcome.find('"');
    if (quote == std::string_view::npos || outcome.back() != '"' || quote == outcome.size() - 1) {
      return at_line("the rule needs a reason in double quotes after the level",
                     "レベルの後に、理由をダブルクォート（\"）で囲んで書いてください");
    }
    rule.reason = std::string(outcome.substr(quote + 1, outcome.size() - quote - 2));
    const std::vector<std::string_view> words = Split(Trim(outcome.substr(0, quote)), ' ');
    if (words.empty() || words[0].size() != 5 || words[0].substr(0, 4) != "star" ||
        words[0][4] < '1' || words[0][4] > '5') {
      return at_line("the level must be star1 .. star5", "レベルは star1 〜 star5 です");
    }
    rule.star = words[0][4] - '0';
    rule.attestation = DefaultAttestationFor(rule.star);
    for (size_t i = 1; i < words.size(); ++i) {
      if (words[i].empty()) continue;
      if (words[i].substr(0, 12) != "attestation=") {
        return at_line(
            "unexpected '" + std::string(words[i]) + "' after the level; only attestation=<kind>",
            "レベルの後の「" + std::string(words[i]) +
                "」は使えません。書けるのは attestation=<種類> だけです");
      }
      auto kind = ParseAttestationKind(words[i].substr(12));
      if (!kind) {
        return at_line("attestation must be self, expert_confirmed or third_party",
                       "attestation は self, expert_confirmed, third_party のどれかです");
      }
      if (AttestationStrength(*kind) < AttestationStrength(rule.attestation)) {
        return at_line("star" + std::to_string(rule.star) + " needs at least " +
                           std::string(AttestationKindName(rule.attestation)) + " attestation",
                       "star" + std::to_string(rule.star) + " には少なくとも " +
                           std::string(AttestationKindName(rule.attestation)) +
                           " の確認が必要です");
      }
      rule.attestation = *kind;
    }
    policy.rules_.push_back(std::move(rule));
  }
  return policy;
}

std::string_view RequirementPolicy::DefaultText() { return kDefaultPolicy; }

const RequirementPolicy& RequirementPolicy::Default() {
  static const RequirementPolicy policy = [] {
    auto parsed = Parse(kDefaultPolicy, "default policy");
    return parsed ? std::move(parsed).value() : RequirementPolicy();
  }();
  return policy;
}

Result<RequirementPolicy> RequirementPolicy::With(const RequirementPolicy& more) const {
  RequirementPolicy combined = *this;
  for (const Rule& rule : more.rules_) {
    for (const Rule& existing : rules_) {
      if (existing.id == rule.id) {
        return Both("rule id '" + rule.id + "' is already used by the policy it extends",
                    "ルール名「" + rule.id + "」は既定のポリシーですでに使われています");
      }
    }
    combined.rules_.push_back(rule);
  }
  return combined;
}

RequirementPolicy RequirementPolicy::WithOverrides(
    std::vector<RelationshipOverride> overrides) const {
  RequirementPolicy out = *this;
  std::sort(overrides.begin(), overrides.end(),
            [](const RelationshipOverride& a, const RelationshipOverride& b) {
              return a.relationship_id < b.relationship_id;
            });
  out.overrides_ = std::move(overrides);
  return out;
}

Requirement RequirementPolicy::Evaluate(const RuleInput& input) const {
  Requirement out;
  if (input.relationship_id != 0 && !overrides_.empty()) {
    const auto it = std::lower_bound(
        overrides_.begin(), overrides_.end(), input.relationship_id,
        [](const RelationshipOverride& o, int64_t id) { return o.relationship_id < id; });
    if (it != overrides_.end() && it->relationship_id == input.relationship_id) {
      out.star = it->star;
      out.attestation = DefaultAttestationFor(it->star);
      out.rule = "override";
      out.reason = it->reason;
      out.matched.push_back(out.rule);
      return out;
    }
  }
  for (const Rule& rule : rules_) {
    bool holds = true;
    for (const Condition& c : rule.conditions) {
      if (!c.Holds(input)) { holds = false; break; }
    }
    if (!holds) continue;
    out.matched.push_back(rule.id);
    const bool higher = rule.star > out.star ||
                        (rule.star == out.star &&
                         AttestationStrength(rule.attestation) > AttestationStrength(out.attestation));
    if (higher) {
      out.star = rule.star;
      out.attestation = rule.attestation;
      out.rule = rule.id;
      out.reason = rule.reason;
    }
  }
  return out;
}

}  // namespace hoshitori
