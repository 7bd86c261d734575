// Requirement policies: rules over a relationship's attributes, its tier and the supplier's
// properties that yield the star level (and attestation) a buyer requires of the supplier.
//
// A policy is text, one rule per line (full grammar: tests/cases/policy/README.md):
//
//   # the SCS decision flow
//   rule star4-access: connectivity in vpn|ot => star4 "can reach the buyer's internal systems"
//   rule personal-t2: tier >= 2, kind = subcontracting, data has personal => star3 "..."
//   rule base: always => star3 "every supplier"
//
// Conditions of a rule are joined by ',' (all must hold). Fields: kind, data, connectivity,
// substitutability, critical (production-critical flag), on_supplier_it, tier,
// supplier.sme, supplier.industry. Operators: = != < <= > >= (scales: data by
// confidentiality none < internal < confidential < important_confidential; connectivity
// none < email < portal < vpn < ot; substitutability easy < delayed < single_source),
// `in a|b` (one of), `has a|b` (data: any of these classes present).
//
// Evaluation: every rule that matches counts and the HIGHEST required star wins; among rules
// requiring that star the first in the policy names the decision. Rules can therefore only
// add requirements: a buyer's own rules never weaken the default decision flow, and the
// order of rules changes only which rule is named. The attestation required defaults to the
// one the level needs (★1/★2 self, ★3 expert_confirmed, ★4 and above third_party) and can be
// raised with `attestation=<kind>` after the level.
//
// Policies are immutable values; Evaluate is thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "assess/star_level.h"
#include "chain/relationship.h"
#include "core/result.h"

namespace hoshitori {

// The supplier's properties a rule can look at.
struct SupplierFacts {
  bool sme = false;
  std::string industry;  // JSIC code as stored, e.g. "E-29"
};

// Everything a rule sees about one relationship of the buyer's chain.
struct RuleInput {
  RelationshipKind kind = RelationshipKind::kParts;
  DataHandled data = 0;
  Connectivity connectivity = Connectivity::kNone;
  Substitutability substitutability = Substitutability::kEasy;
  bool production_critical = false;
  bool on_supplier_it = true;
  int tier = 1;  // the supplier's tier along this relationship (direct supplier: 1)
  SupplierFacts supplier;
  int64_t relationship_id = 0;  // the relationship's store id (0: none); overrides use it
};

// A buyer's own decision on one of its relationships ("this supplier needs ★4"): it replaces
// the rules' evaluation of that relationship, in either direction.
struct RelationshipOverride {
  int64_t relationship_id = 0;
  int star = 0;        // 1..5
  std::string reason;  // shown as the requirement's reason
};

struct Requirement {
  int star = 0;  // 0: nothing required (no rule matched)
  AttestationKind attestation = AttestationKind::kSelf;
  std::string rule;    // id of the deciding rule
  std::string reason;  // the deciding rule's reason
  std::vector<std::string> matched;  // ids of every matching rule, in policy order
  friend bool operator==(const Requirement&, const Requirement&) = default;
};

class RequirementPolicy {
 public:
  // Parses a policy. `source` names it in errors ("my.policy:3: unknown field 'colour'").
  static Result<RequirementPolicy> Parse(std::string_view text, std::string_view source);
  // The SCS decision flow: ★4 when the supplier handles the buyer's important confidential
  // information on its own IT, when its stopping would cause unacceptable delay (single
  // source or production-critical), or when it can reach the buyer's internal systems
  // (VPN/direct or OT connectivity); otherwise ★3.
  static const RequirementPolicy& Default();
  static std::string_view DefaultText();

  // This policy followed by `more`'s rules. Fails when a rule id appears twice.
  Result<RequirementPolicy> With(const RequirementPolicy& more) const;

  // This policy with `overrides` (replacing any it had): a relationship with an override is
  // not evaluated by the rules; its requirement is the override's star, with the attestation
  // that star needs by default, rule id "override" and the override's reason. Across a
  // supplier's relationships the highest requirement still wins (chain/compliance.h).
  RequirementPolicy WithOverrides(std::vector<RelationshipOverride> overrides) const;
  size_t override_count() const { return overrides_.size(); }

  Requirement Evaluate(const RuleInput& input) const;
  size_t rule_count() const;

  struct Condition;
  struct Rule;

 private:
  std::vector<Rule> rules_;
  std::vector<RelationshipOverride> overrides_;  // by relationship_id, ascending
};

struct RequirementPolicy::Condition {
  enum class Field { kAlways, kKind, kData, kConnectivity, kSubstitutability, kCritical,
                     kOnSupplierIt, kTier, kSupplierSme, kSupplierIndustry };
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kHas };
  Field field = Field::kAlways;
  Op op = Op::kEq;
  int value = 0;         // numeric value (enum position, scale rank, tier, 0/1)
  uint32_t set = 0;      // for `in` (bit per enum position) and `has` (data flags)
  std::string text;      // for supplier.industry

  bool Holds(const RuleInput& input) const;
};

struct RequirementPolicy::Rule {
  std::string id;
  std::vector<Condition> conditions;
  int star = 0;
  AttestationKind attestation = AttestationKind::kSelf;
  std::string reason;
  int line = 0;
};

// Defined here, where Rule is complete (clang instantiates vector<Rule>::size() eagerly).
inline size_t RequirementPolicy::rule_count() const { return rules_.size(); }

// The attestation a level needs by default: ★1/★2 self, ★3 expert_confirmed, ★4+ third_party.
AttestationKind DefaultAttestationFor(int star);
// Orders attestation kinds by strength: self < expert_confirmed < third_party.
int AttestationStrength(AttestationKind kind);

}  // namespace hoshitori
