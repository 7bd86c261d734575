#include "service/incident_deadlines.h"

#include <charconv>
#include <cstdio>
#include <mutex>

#include "core/japanese_text.h"
#include "store/incident_repository.h"
#include "store/notice_terms_repository.h"
#include "store/organisation_repository.h"

namespace hoshitori::service {
namespace {

using std::chrono::sys_seconds;

bool Number(std::string_view text, int& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

// "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (also with a blank for T), read
// as `offset` from UTC; nullopt for anything else.
std::optional<sys_seconds> ParseLocal(std::string_view text, std::chrono::hours offset) {
  if (!text.empty() && text.back() == 'Z') text.remove_suffix(1);
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
  if (!Number(text.substr(0, 4), y) || !Number(text.substr(5, 2), m) ||
      !Number(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != ' ') || text.size() < 16 || text[13] != ':' ||
        !Number(text.substr(11, 2), hh) || !Number(text.substr(14, 2), mm)) {
      return std::nullopt;
    }
    if (text.size() == 19 ? (text[16] != ':' || !Number(text.substr(17, 2), ss))
                          : text.size() != 16) {
      return std::nullopt;
    }
  }
  const std::chrono::year_month_day day{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!day.ok() || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return sys_seconds(std::chrono::sys_days(day)) + std::chrono::hours(hh) +
         std::chrono::minutes(mm) + std::chrono::seconds(ss) - offset;
}

constexpr std::chrono::hours kJapan{9};

// The sector id the reporter meant: an id of the regime files, or a sector's name in either
// language (compared after NFKC folding, so full-width letters and blanks match).
std::string SectorOf(std::string_view answer, const std::vector<share::Regime>& regimes) {
  const std::string typed = SearchKey(answer);
  if (typed.empty()) return "";
  for (const share::Regime& regime : regimes) {
    for (const share::Sector& sector : regime.sectors) {
      if (typed == SearchKey(sector.id) || typed == SearchKey(sector.name.ja) ||
          typed == SearchKey(sector.name.en)) {
        return sector.id;
      }
    }
  }
  return "";
}

// The buyers of answers.notice_buyers, each with the hours its contract with the reporter
// `supplier_id` gives (the shortest over their confirmed relationships; none when none are
// recorded, and the regime's default applies).
Result<std::vector<share::BuyerNotice>> NoticeBuyers(SqlSession& sql, int64_t supplier_id,
                                                     const IncidentAnswers& answers) {
  std::vector<share::BuyerNotice> buyers;
  if (answers.notice_buyers.empty()) return buyers;
  OrganisationRepository organisations(sql);
  TRY_ASSIGN(const auto hours, NoticeTermsRepository(sql).HoursByBuyer(supplier_id));
  for (int64_t id : answers.notice_buyers) {
    TRY_ASSIGN(const std::optional<Organisation> buyer, organisations.Get(id));
    const auto recorded = hours.find(id);
    buyers.push_back(share::BuyerNotice{
        id, buyer ? buyer->name : "#" + std::to_string(id),
        recorded == hours.end() ? std::nullopt : std::optional<int>(recorded->second)});
  }
  return buyers;
}

}  // namespace

Result<const std::vector<share::Regime>*> IncidentRegimes() {
  static std::mutex mutex;
  static std::optional<Result<std::vector<share::Regime>>> loaded;
  std::lock_guard lock(mutex);
  if (!loaded) loaded.emplace(share::LoadRegimeDirectory(share::FindRegimeDirectory()));
  if (!*loaded) return loaded->error();
  return &**loaded;
}

Result<share::IncidentFacts> IncidentFactsOf(const IncidentReport& report,
                                             const std::vector<share::BuyerNotice>& buyers,
                                             sys_seconds now) {
  TRY_ASSIGN(const std::vector<share::Regime>* regimes, IncidentRegimes());
  const IncidentAnswers& a = report.answers;
  share::IncidentFacts facts;
  const auto detected = ParseLocal(a.detected_at, kJapan);
  const auto created = ParseLocal(report.record.created_at, std::chrono::hours(0));
  facts.detected_at = detected ? *detected : created.value_or(now);
  facts.now = now;
  facts.personal_data = a.personal_data == "yes";
  if (a.people_affected) {
    facts.people =
        *a.people_affected > 1000 ? share::PeopleBand::kOver1000 : share::PeopleBand::kUpTo1000;
  }
  facts.ransomware = a.kind == "ransomware";
  facts.unauthorised_access = a.kind == "ransomware" || a.kind == "unauthorised_access";
  facts.sector = SectorOf(a.critical_infrastructure, *regimes);
  facts.buyers_requiring_notice = buyers;
  facts.eu_customers = a.eu_customers;
  return facts;
}

Result<std::vector<share::Duty>> IncidentDuties(Context& context, int64_t id) {
  TRY_ASSIGN(const IncidentReport report, IncidentService(context).Get(id));
  TRY_ASSIGN(const std::vector<share::Regime>* regimes, IncidentRegimes());
  TRY_ASSIGN(const auto buyers, NoticeBuyers(context.store.Sql(), report.record.org_id, report.answers));
  const sys_seconds now = std::chrono::time_point_cast<std::chrono::seconds>(context.clock.Now());
  TRY_ASSIGN(const share::IncidentFacts facts, IncidentFactsOf(report, buyers, now));
  return share::ComputeDuties(facts, *regimes);
}

Result<int> RemindIncidentDeadlines(Context& context) {
  TRY(AllowOperator(context));
  TRY_ASSIGN(const std::vector<share::Regime>* regimes, IncidentRegimes());
  const sys_seconds now = std::chrono::time_point_cast<std::chrono::seconds>(context.clock.Now());
  const std::chrono::sys_days since_day =
      std::chrono::floor<std::chrono::days>(now) - std::chrono::days(kIncidentReminderDays);
  const std::chrono::year_month_day since_ymd{since_day};
  char since[32];
  std::snprintf(since, sizeof since, "%04d-%02u-%02uT00:00:00Z", int(since_ymd.year()),
                unsigned(since_ymd.month()), unsigned(since_ymd.day()));
  SqlSession& sql = context.store.Sql();
  TRY_ASSIGN(const auto records, IncidentRepository(sql).ListOpenSince(since, 100'000));
  int posted = 0;
  std::vector<OpenIncidentDuties> open;
  const auto post = [&]() -> Status {
    if (open.empty()) return OkStatus();
    TRY_ASSIGN(const int count, PostDeadlineReminders(context, open));
    posted += count;
    open.clear();
    return OkStatus();
  };
  for (const StoredIncidentReport& record : records) {
    const auto parsed = nlohmann::json::parse(record.answers, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) continue;  // stored by IncidentService, so it parses
    auto answers = IncidentAnswersFromJson(parsed);
    if (!answers) continue;
    const IncidentReport report{record, *answers, std::nullopt};
    TRY_ASSIGN(const auto buyers, NoticeBuyers(sql, record.org_id, report.answers));
    TRY_ASSIGN(const share::IncidentFacts facts, IncidentFactsOf(report, buyers, now));
    open.push_back(OpenIncidentDuties{record.org_id, record.id, record.title,
                                      "/incidents/" + std::to_string(record.id),
                                      share::ComputeDuties(facts, *regimes)});
    if (open.size() == kMaxOpenIncidentReports) TRY(post());
  }
  TRY(post());
  return posted;
}

}  // namespace hoshitori::service
