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

namespace hoshitori::service {

// A buyer's policy as its readers see it: its own rules (none until first saved); the default
// rules are RequirementPolicy::DefaultText().
struct PolicyView {
  std::optional<BuyerPolicy> own;
};

class PolicyService {
 public:
  // The most rule text a buyer may store, in bytes.
  static constexpr size_t kMaxRulesBytes = 64 * 1024;

  explicit PolicyService(Context& context) : context_(context) {}

  // The caller's organisation's rules.
  Result<PolicyView> Get();
  // Replaces the caller's organisation's rules with `rules` (admins only). kInvalid titled
  // "Invalid policy" with the rule parser's message (file "policy", line numbers) when the
  // text does not parse or contradicts the default flow; "Policy too long" above
  // kMaxRulesBytes. Returns the stored policy.
  Result<PolicyView> Put(const std::string& rules);

  // For adapters that must authorise a change before they read a request's body.
  Status MayChange();

 private:
  Context& context_;
};

// The policy `buyer_org`'s analyses apply: the default decision flow plus the buyer's stored
// rules. kInternal ("Stored policy unreadable") when stored rules no longer parse.
Result<RequirementPolicy> EffectivePolicy(Store& store, int64_t buyer_org);

}  // namespace hoshitori::service
