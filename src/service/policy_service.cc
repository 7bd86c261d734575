#include "service/policy_service.h"

namespace hoshitori::service {

Result<RequirementPolicy> EffectivePolicy(Store& store, int64_t buyer_org) {
  TRY_ASSIGN(const auto own, store.GetBuyerPolicy(buyer_org));
  if (!own || own->rules.empty()) return RequirementPolicy::Default();
  auto parsed = RequirementPolicy::Parse(own->rules, "policy");
  if (!parsed)
    return MakeError(ErrorKind::kInternal, "Stored policy unreadable", parsed.error().message);
  auto combined = RequirementPolicy::Default().With(*parsed);
  if (!combined)
    return MakeError(ErrorKind::kInternal, "Stored policy unreadable", combined.error().message);
  return std::move(combined).value();
}

Result<PolicyView> PolicyService::Get() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kBuyerPolicy, p.org_id}));
  TRY_ASSIGN(auto own, context_.store.GetBuyerPolicy(p.org_id));
  return PolicyView{std::move(own)};
}

Status PolicyService::MayChange() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  return Allow(context_, Action::kUpdate, ResourceFacts{ResourceKind::kBuyerPolicy, p.org_id});
}

Result<PolicyView> PolicyService::Put(const std::string& rules) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(MayChange());
  if (rules.size() > kMaxRulesBytes) {
    return Invalid("Policy too long", "a policy is at most 64 KiB of rules");
  }
  const auto parsed = RequirementPolicy::Parse(rules, "policy");
  if (!parsed) return Invalid("Invalid policy", parsed.error().message);
  if (auto combined = RequirementPolicy::Default().With(*parsed); !combined) {
    return Invalid("Invalid policy", combined.error().message);
  }
  TRY(InTransaction(context_, [&]() -> Status {
    TRY(context_.store.PutBuyerPolicy(
        BuyerPolicy{p.org_id, rules, p.user_id, context_.clock.UtcNow()}));
    return Record(context_, "policy.update", "organisation/" + std::to_string(p.org_id),
                  std::to_string(rules.size()) + " bytes");
  }));
  TRY_ASSIGN(auto own, context_.store.GetBuyerPolicy(p.org_id));
  if (!own) return MakeError("the policy just stored is missing");
  return PolicyView{std::move(own)};
}

}  // namespace hoshitori::service
