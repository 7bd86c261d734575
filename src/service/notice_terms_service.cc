#include "service/notice_terms_service.h"

#include "core/japanese_text.h"
#include "core/utf8.h"
#include "service/incident_deadlines.h"
#include "share/deadlines.h"
#include "store/notice_terms_repository.h"

namespace hoshitori::service {

namespace {

// The typed text is echoed in the Japanese half only: the pages show the half of a
// "ja / en" detail in their language, told apart by the English half being ASCII.
Error BadHours(std::string_view typed) {
  std::string shown(typed.substr(0, 40));
  if (!IsValidUtf8(shown)) shown.clear();
  const std::string max = std::to_string(share::kMaxContractHours);
  return Invalid("Invalid notice hours",
                 "通知の期限「" + shown + "」は 1 から " + max +
                     " までの整数（時間）で入力してください（例: 24） / notice hours must be a "
                     "whole number of hours from 1 to " +
                     max + " (e.g. 24)");
}

std::string Trimmed(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string Relationship(int64_t id) { return "relationship/" + std::to_string(id); }

}  // namespace

Result<int> ParseNoticeHours(std::string_view typed) {
  if (typed.size() > 64 || !IsValidUtf8(typed)) return BadHours(typed);
  std::string text = Trimmed(NormaliseNfkc(typed));
  constexpr std::string_view kHoursSuffix = "時間";
  if (text.size() > kHoursSuffix.size() && text.ends_with(kHoursSuffix)) {
    text = Trimmed(text.substr(0, text.size() - kHoursSuffix.size()));
  }
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return BadHours(typed);
  }
  const int hours = std::stoi(text);
  if (hours < 1 || hours > share::kMaxContractHours) return BadHours(typed);
  return hours;
}

int DefaultNoticeHours() {
  constexpr int kFallback = 24;
  const auto regimes = IncidentRegimes();
  if (!regimes) return kFallback;
  for (const share::Regime& regime : **regimes) {
    if (regime.id != "buyer-contract") continue;
    for (const share::RegimeStep& step : regime.steps) {
      if (step.clock.kind == share::Clock::Kind::kContractHours) return step.clock.amount;
    }
  }
  return kFallback;
}

Result<SupplyRelationship> NoticeTermsService::Visible(int64_t id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto found, context_.store.GetRelationship(id));
  // A stranger learns nothing: 404 before anything is authorised.
  if (!found || (found->buyer != p.org_id && found->supplier != p.org_id)) {
    return NotFound("取引関係 " + std::to_string(id) + " は見つかりません / no relationship " +
                    std::to_string(id) + " of your organisation");
  }
  TRY(Allow(context_, Action::kRead,
            ResourceFacts{ResourceKind::kRelationship, found->declared_by, 0, std::nullopt,
                          p.org_id}));
  return *found;
}

Result<NoticeTerms> NoticeTermsService::TermsOf(const SupplyRelationship& relationship) {
  NoticeTerms terms;
  terms.relationship_id = relationship.id;
  terms.buyer = relationship.buyer;
  terms.supplier = relationship.supplier;
  terms.default_hours = DefaultNoticeHours();
  TRY_ASSIGN(const auto row, NoticeTermsRepository(context_.store.Sql()).Get(relationship.id));
  if (row) {
    terms.hours = row->hours;
    terms.set_by = row->set_by;
    terms.set_at = row->set_at;
  }
  return terms;
}

Result<NoticeTerms> NoticeTermsService::Get(int64_t id) {
  TRY_ASSIGN(const SupplyRelationship relationship, Visible(id));
  return TermsOf(relationship);
}

Result<NoticeTerms> NoticeTermsService::Set(int64_t id, std::string_view typed) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  return InTransaction(context_, [&]() -> Result<NoticeTerms> {
    TRY_ASSIGN(const SupplyRelationship relationship, Visible(id));
    TRY(Allow(context_, Action::kUpdate,
              ResourceFacts{ResourceKind::kBuyerPolicy, relationship.buyer}));
    TRY_ASSIGN(const int hours, ParseNoticeHours(typed));
    if (!relationship.confirmed) {
      return Conflict("Relationship not confirmed",
                      "取引先が確認するまで通知の期限は記録できません / the supplier has not "
                      "confirmed relationship " +
                          std::to_string(id) + " yet");
    }
    context_.Touching(
        ChangeScope::Of(ChangeScope::kNotifications, {relationship.buyer, relationship.supplier}));
    TRY_ASSIGN(const bool written,
               NoticeTermsRepository(context_.store.Sql())
                   .Set(NoticeTermsRow{id, p.org_id, hours, p.user_id, context_.clock.UtcNow()}));
    if (!written) {
      return Conflict("Conflict", "取引関係 " + std::to_string(id) +
                                      " はその間に終了しました / relationship " +
                                      std::to_string(id) + " was ended meanwhile");
    }
    TRY(Record(context_, "relationship.notice_hours.set", Relationship(id),
               std::to_string(hours) + " hours"));
    return TermsOf(relationship);
  });
}

Result<NoticeTerms> NoticeTermsService::Clear(int64_t id) {
  return InTransaction(context_, [&]() -> Result<NoticeTerms> {
    TRY_ASSIGN(const SupplyRelationship relationship, Visible(id));
    TRY(Allow(context_, Action::kUpdate,
              ResourceFacts{ResourceKind::kBuyerPolicy, relationship.buyer}));
    context_.Touching(
        ChangeScope::Of(ChangeScope::kNotifications, {relationship.buyer, relationship.supplier}));
    TRY_ASSIGN(const bool removed, NoticeTermsRepository(context_.store.Sql()).Clear(id));
    if (!removed) {
      return NotFound("取引関係 " + std::to_string(id) +
                      " に通知の期限は記録されていません / no notice hours are recorded on "
                      "relationship " +
                      std::to_string(id));
    }
    TRY(Record(context_, "relationship.notice_hours.clear", Relationship(id)));
    return TermsOf(relationship);
  });
}

Result<std::map<int64_t, int>> NoticeTermsService::OfOwnRelationships() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto rows, NoticeTermsRepository(context_.store.Sql()).OfParty(p.org_id));
  std::map<int64_t, int> out;
  for (const auto& [id, row] : rows) {
    TRY(Allow(context_, Action::kRead,
              ResourceFacts{ResourceKind::kRelationship, row.declared_by, 0, std::nullopt,
                            p.org_id}));
    out[id] = row.hours;
  }
  return out;
}

Result<std::vector<NoticeBuyerChoice>> NoticeTermsService::BuyersToNotify() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kCreate, ResourceFacts(ResourceKind::kIncidentReport, p.org_id)));
  SqlSession& sql = context_.store.Sql();
  TRY_ASSIGN(const auto buyers, IncidentRepository(sql).ConfirmedBuyers(p.org_id));
  TRY_ASSIGN(const auto hours, NoticeTermsRepository(sql).HoursByBuyer(p.org_id));
  std::vector<NoticeBuyerChoice> out;
  for (const ConfirmedBuyer& buyer : buyers) {
    // The caller's organisation is the supplier of every relationship read here.
    TRY(Allow(context_, Action::kRead,
              ResourceFacts{ResourceKind::kRelationship, buyer.org_id, 0, std::nullopt,
                            p.org_id}));
    const auto found = hours.find(buyer.org_id);
    out.push_back(NoticeBuyerChoice{
        buyer, found == hours.end() ? std::nullopt : std::optional<int>(found->second)});
  }
  return out;
}

}  // namespace hoshitori::service
