#include "service/policy_service.h"

#include <algorithm>
#include <functional>

namespace hoshitori::service {

namespace {

// The reason an override shows: who decided, then the buyer's words.
std::string OverrideReason(int star, const std::string& reason) {
  const std::string level = "★" + std::to_string(star);
  return "set by the buyer for this relationship: " + level +
         (reason.empty() ? "" : " — " + reason) + " / 発注者がこの取引に個別指定: " + level +
         (reason.empty() ? "" : "（" + reason + "）");
}

// The rule parser's message for the pages: as it is when it carries its Japanese half already
// ("english / policy 3行目: 日本語", chain/policy.cc); otherwise the English followed by a
// Japanese sentence naming the line.
std::string InJapaneseToo(const std::string& message) {
  if (std::any_of(message.begin(), message.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    return message;
  }
  std::string line;
  if (message.starts_with("policy:")) {
    for (size_t i = 7; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i)
      line += message[i];
  }
  return message + " / ルールの書き方に誤りがあります" +
         (line.empty() ? std::string("") : "（" + line + " 行目）") +
         "。項目名・演算子・値はヘルプの例のとおりに書いてください";
}

bool RuleIdCharacters(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

Result<RequirementPolicy> EffectivePolicy(Store& store, int64_t buyer_org) {
  TRY_ASSIGN(const auto own, store.GetBuyerPolicy(buyer_org));
  RequirementPolicy policy = RequirementPolicy::Default();
  if (own && !own->rules.empty()) {
    auto parsed = RequirementPolicy::Parse(own->rules, "policy");
    if (!parsed)
      return MakeError(ErrorKind::kInternal, "Stored policy unreadable", parsed.error().message);
    auto combined = RequirementPolicy::Default().With(*parsed);
    if (!combined)
      return MakeError(ErrorKind::kInternal, "Stored policy unreadable", combined.error().message);
    policy = std::move(combined).value();
  }
  TRY_ASSIGN(const auto overrides, RequirementOverrideRepository(store.Sql()).List(buyer_org));
  if (overrides.empty()) return policy;
  std::vector<RelationshipOverride> applied;
  applied.reserve(overrides.size());
  for (const RequirementOverride& o : overrides) {
    applied.push_back(
        RelationshipOverride{o.relationship_id, o.star, OverrideReason(o.star, o.reason)});
  }
  return policy.WithOverrides(std::move(applied));
}

Result<std::string> RuleText(const RuleChoice& choice) {
  if (!RuleIdCharacters(choice.id)) {
    return Invalid("Invalid rule",
                   "the rule's name takes 1 to 40 of a-z, 0-9 and '-' / ルール名は英小文字・数字・"
                   "ハイフンで 40 文字まで");
  }
  if (choice.star < 1 || choice.star > 5) {
    return Invalid("Invalid rule", "the level must be ★1 to ★5 / 星は 1〜5 です");
  }
  if (choice.reason.empty() || choice.reason.size() > 200 ||
      choice.reason.find_first_of("\"\r\n") != std::string::npos) {
    return Invalid("Invalid rule",
                   "the reason is required, one line of at most 200 bytes without '\"' / "
                   "理由は必須です（1 行、200 バイトまで、\" は使えません）");
  }
  std::vector<std::string> conditions;
  const auto in = [&](const char* field, const std::vector<std::string>& names,
                      const std::function<bool(const std::string&)>& known) -> Status {
    if (names.empty()) return OkStatus();
    std::string set;
    for (const std::string& name : names) {
      if (!known(name)) {
        return Invalid("Invalid rule",
                       std::string(field) + ": unknown value '" + name + "' / 選択肢にない値です");
      }
      set += (set.empty() ? "" : "|") + name;
    }
    conditions.push_back(std::string(field) +
                         (std::string_view(field) == "data" ? " has " : " in ") + set);
    return OkStatus();
  };
  TRY(in("kind", choice.kinds, [](const std::string& n) { return ParseRelationshipKind(n).ok(); }));
  TRY(in("data", choice.data,
         [](const std::string& n) { return n != "none" && ParseDataClass(n).ok(); }));
  TRY(in("connectivity", choice.connectivities,
         [](const std::string& n) { return ParseConnectivity(n).ok(); }));
  TRY(in("substitutability", choice.substitutabilities,
         [](const std::string& n) { return ParseSubstitutability(n).ok(); }));
  if (choice.min_tier < 0 || choice.min_tier > 20) {
    return Invalid("Invalid rule", "the tier must be 1 to 20 / 階層は 1〜20 です");
  }
  if (choice.min_tier > 1) conditions.push_back("tier >= " + std::to_string(choice.min_tier));
  std::string joined;
  for (const std::string& c : conditions) joined += (joined.empty() ? "" : ", ") + c;
  if (joined.empty()) joined = "always";
  return "rule " + choice.id + ": " + joined + " => star" + std::to_string(choice.star) + " \"" +
         choice.reason + "\"";
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
  if (!parsed) return Invalid("Invalid policy", InJapaneseToo(parsed.error().message));
  if (auto combined = RequirementPolicy::Default().With(*parsed); !combined) {
    return Invalid("Invalid policy", InJapaneseToo(combined.error().message));
  }
  context_.Touching(ChangeScope::Of(ChangeScope::kPolicy, {p.org_id}));
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

Result<PolicyView> PolicyService::AddRule(const RuleChoice& choice) {
  TRY(MayChange());
  TRY_ASSIGN(const std::string line, RuleText(choice));
  TRY_ASSIGN(const PolicyView current, Get());
  const std::string rules = current.own ? current.own->rules : "";
  const auto taken = [&](std::string_view text) {
    return text.find("rule " + choice.id + ":") != std::string_view::npos;
  };
  if (taken(RequirementPolicy::DefaultText()) || taken(rules)) {
    return Conflict("Rule id taken", "a rule named '" + choice.id +
                                         "' exists already; choose another name / "
                                         "同じ名前のルールがあります");
  }
  return Put(rules + (rules.empty() || rules.ends_with("\n") ? "" : "\n") + line + "\n");
}

Result<std::vector<RequirementOverride>> PolicyService::Overrides() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts{ResourceKind::kBuyerPolicy, p.org_id}));
  return RequirementOverrideRepository(context_.store.Sql()).List(p.org_id);
}

Result<RequirementOverride> PolicyService::SetOverride(int64_t relationship_id, int star,
                                                       const std::string& reason) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(MayChange());
  if (star < 1 || star > 5)
    return Invalid("Invalid override", "the level must be ★1 to ★5 / 星は 1〜5 です");
  if (reason.size() > kMaxOverrideReasonBytes) {
    return Invalid("Invalid override", "the reason is at most 400 bytes / 理由は 400 バイトまで");
  }
  RequirementOverride entry{p.org_id, relationship_id, star,
                            reason,   p.user_id,       context_.clock.UtcNow()};
  context_.Touching(ChangeScope::Of(ChangeScope::kPolicy, {p.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    // Checked in the transaction that writes: the relationship is the caller's as buyer and
    // not ended.
    TRY_ASSIGN(const auto found, context_.store.GetRelationship(relationship_id));
    if (!found || found->buyer != p.org_id) {
      return NotFound("no relationship " + std::to_string(relationship_id) +
                      " in which your organisation buys");
    }
    TRY(RequirementOverrideRepository(context_.store.Sql()).Put(entry));
    return Record(context_, "policy.override", "relationship/" + std::to_string(relationship_id),
                  "star" + std::to_string(star));
  }));
  return entry;
}

Status PolicyService::ClearOverride(int64_t relationship_id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(MayChange());
  context_.Touching(ChangeScope::Of(ChangeScope::kPolicy, {p.org_id}));
  return InTransaction(context_, [&]() -> Status {
    TRY_ASSIGN(
        const bool removed,
        RequirementOverrideRepository(context_.store.Sql()).Remove(p.org_id, relationship_id));
    if (!removed) return NotFound("no override of relationship " + std::to_string(relationship_id));
    return Record(context_, "policy.override_clear",
                  "relationship/" + std::to_string(relationship_id), "");
  });
}

}  // namespace hoshitori::service
