// PolicyService: a buyer's own requirement rules, added to the default decision flow
// (chain/policy.h) whenever the buyer's chain is analysed. Members and admins of the buyer
// read them; admins change them. A change is one transaction with one audit entry.
//
// Not thread-safe: one per Context.
#pragma once

#include <optional>
#include <string>

#include "chain/policy.h"
#include "service/context.h"
#include "store/override_repository.h"

namespace hoshitori::service {

// A buyer's policy as its readers see it: its own rules (none until first saved); the default
// rules are RequirementPolicy::DefaultText().
struct PolicyView {
  std::optional<BuyerPolicy> own;
};

// One rule as the policy form builds it: conditions chosen from lists, each empty (any) or
// a set of the chain's names (chain/relationship.h); tier 0 means any tier, else "tier >=".
struct RuleChoice {
  std::string id;  // [a-z0-9-], 1..40 characters
  std::vector<std::string> kinds, data, connectivities, substitutabilities;
  int min_tier = 0;
  int star = 3;  // 1..5
  std::string reason;
};

// The rule language line of `choice` (chain/policy.h), or kInvalid ("Invalid rule") with a
// message in English and Japanese naming the field at fault.
Result<std::string> RuleText(const RuleChoice& choice);

class PolicyService {
 public:
  // Bound of an override's reason, in bytes.
  static constexpr size_t kMaxOverrideReasonBytes = 400;

  // The most rule text a buyer may store, in bytes.
  static constexpr size_t kMaxRulesBytes = 64 * 1024;

  explicit PolicyService(Context& context) : context_(context) {}

  // The caller's organisation's rules.
  Result<PolicyView> Get();
  // Replaces the caller's organisation's rules with `rules` (admins only). kInvalid titled
  // "Invalid policy" with the rule parser's message (file "policy", line numbers) followed by
  // " / " and a Japanese sentence naming the line, when the text does not parse or contradicts
  // the default flow; "Policy too long" above kMaxRulesBytes. Returns the stored policy.
  Result<PolicyView> Put(const std::string& rules);

  // Appends the rule the form built to the caller's rules (admins only); errors as Put's, and
  // kConflict ("Rule id taken") when its id is already a rule of the default or own policy.
  Result<PolicyView> AddRule(const RuleChoice& choice);

  // The caller's organisation's per-relationship overrides (members and admins).
  Result<std::vector<RequirementOverride>> Overrides();
  // Requires `star` of the supplier of relationship `relationship_id`, whatever the rules say
  // (admins only). The relationship must be one the caller's organisation buys through and
  // not ended (else kNotFound); star 1..5 and reason at most kMaxOverrideReasonBytes (else
  // kInvalid). Replaces an earlier override; one audit entry.
  Result<RequirementOverride> SetOverride(int64_t relationship_id, int star,
                                          const std::string& reason);
  // Removes the override of relationship `relationship_id` (admins only); kNotFound when
  // there is none.
  Status ClearOverride(int64_t relationship_id);

  // For adapters that must authorise a change before they read a request's body.
  Status MayChange();

 private:
  Context& context_;
};

// The policy `buyer_org`'s analyses apply: the default decision flow plus the buyer's stored
// rules, with the buyer's per-relationship overrides (an override wins over the rules for its
// relationship; its reason says so). kInternal ("Stored policy unreadable") when stored rules
// no longer parse.
Result<RequirementPolicy> EffectivePolicy(Store& store, int64_t buyer_org);

}  // namespace hoshitori::service
