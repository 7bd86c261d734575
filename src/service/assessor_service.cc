#include "service/assessor_service.h"

#include <algorithm>
#include <map>

#include "core/corporate_number.h"
#include "core/date.h"
#include "core/utf8.h"
#include "service/account_service.h"
#include "service/assessment_service.h"

namespace hoshitori::service {

namespace {

constexpr int64_t kMaxYen = 10'000'000'000;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// kInvalid unless `text` is valid UTF-8 of at most `limit` characters (and, when `required`,
// not empty).
Status CheckText(std::string_view text, std::string_view field, size_t limit, bool required) {
  if (!IsValidUtf8(text)) {
    return Invalid("Invalid text", std::string(field) + " is not valid UTF-8 / " +
                                       std::string(field) + " の文字コードが正しくありません");
  }
  if (required && text.empty()) {
    return Invalid("Missing field",
                   std::string(field) + " is required / " + std::string(field) + " は必須です");
  }
  if (Utf8Length(text) > limit) {
    return Invalid("Field too long", std::string(field) + " is longer than " +
                                         std::to_string(limit) + " characters / " +
                                         std::string(field) + " が長すぎます（" +
                                         std::to_string(limit) + "文字まで）");
  }
  return OkStatus();
}

Result<std::string> DateField(const std::string& typed, std::string_view field) {
  const std::string text = FoldWidth(typed);
  auto parsed = ParseDate(text);
  if (!parsed) {
    return Invalid("Invalid date", std::string(field) + ": " + parsed.error().message + " / " +
                                       std::string(field) + " は YYYY-MM-DD で入力してください");
  }
  return FormatDate(*parsed);
}

// "E G", "e,g", "ＥＧ" → "EG" (sorted, distinct); kInvalid for anything but JSIC majors.
Result<std::string> IndustriesField(const std::string& typed) {
  std::string letters;
  for (char c : FoldWidth(typed)) {
    if (c == ' ' || c == ',' || c == '/' || c == ';') continue;
    const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    if (upper < 'A' || upper > 'T') {
      return Invalid("Invalid industry",
                     "industries are JSIC major group letters A to T, e.g. \"E G\" / "
                     "業種は日本標準産業分類の大分類（A〜T）で入力してください");
    }
    if (letters.find(upper) == std::string::npos) letters.push_back(upper);
  }
  std::sort(letters.begin(), letters.end());
  return letters;
}

// "ja, EN" → "ja,en"; kInvalid for anything but 2- or 3-letter tags (at most 10).
Result<std::string> LanguagesField(const std::string& typed) {
  std::vector<std::string> tags;
  std::string current;
  const std::string text = Lower(FoldWidth(typed)) + ",";
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '/' || c == ';') {
      if (current.empty()) continue;
      if (current.size() < 2 || current.size() > 3 ||
          !std::all_of(current.begin(), current.end(),
                       [](char l) { return l >= 'a' && l <= 'z'; })) {
        return Invalid(
            "Invalid language",
            "languages are tags such as ja or en / 対応言語は ja, en のように入力してください");
      }
      if (std::find(tags.begin(), tags.end(), current) == tags.end()) tags.push_back(current);
      current.clear();
      continue;
    }
    current.push_back(c);
  }
  if (tags.size() > 10) {
    return Invalid("Too many languages", "at most 10 languages / 対応言語は10個までです");
  }
  if (tags.empty()) return std::string("ja");
  std::string out;
  for (const std::string& tag : tags) out += (out.empty() ? "" : ",") + tag;
  return out;
}

Result<std::string> RegionField(const std::string& typed) {
  if (FoldWidth(typed).empty()) return std::string();
  const Prefecture* prefecture = FindPrefecture(typed);
  if (!prefecture) {
    return Invalid("Unknown region",
                   "region must be a prefecture (e.g. 東京都, Tokyo or 13) / "
                   "地域は都道府県名（例: 東京都）で入力してください");
  }
  return std::string(prefecture->code);
}

bool InForce(const Accreditation& a, const std::string& day) {
  return a.status == AccreditationStatus::kActive && a.valid_from <= day && day <= a.valid_until;
}

}  // namespace

const std::vector<Prefecture>& Prefectures() {
  static const std::vector<Prefecture> prefectures = {
      {"01", "北海道", "Hokkaido"},  {"02", "青森県", "Aomori"},
      {"03", "岩手県", "Iwate"},     {"04", "宮城県", "Miyagi"},
      {"05", "秋田県", "Akita"},     {"06", "山形県", "Yamagata"},
      {"07", "福島県", "Fukushima"}, {"08", "茨城県", "Ibaraki"},
      {"09", "栃木県", "Tochigi"},   {"10", "群馬県", "Gunma"},
      {"11", "埼玉県", "Saitama"},   {"12", "千葉県", "Chiba"},
      {"13", "東京都", "Tokyo"},     {"14", "神奈川県", "Kanagawa"},
      {"15", "新潟県", "Niigata"},   {"16", "富山県", "Toyama"},
      {"17", "石川県", "Ishikawa"},  {"18", "福井県", "Fukui"},
      {"19", "山梨県", "Yamanashi"}, {"20", "長野県", "Nagano"},
      {"21", "岐阜県", "Gifu"},      {"22", "静岡県", "Shizuoka"},
      {"23", "愛知県", "Aichi"},     {"24", "三重県", "Mie"},
      {"25", "滋賀県", "Shiga"},     {"26", "京都府", "Kyoto"},
      {"27", "大阪府", "Osaka"},     {"28", "兵庫県", "Hyogo"},
      {"29", "奈良県", "Nara"},      {"30", "和歌山県", "Wakayama"},
      {"31", "鳥取県", "Tottori"},   {"32", "島根県", "Shimane"},
      {"33", "岡山県", "Okayama"},   {"34", "広島県", "Hiroshima"},
      {"35", "山口県", "Yamaguchi"}, {"36", "徳島県", "Tokushima"},
      {"37", "香川県", "Kagawa"},    {"38", "愛媛県", "Ehime"},
      {"39", "高知県", "Kochi"},     {"40", "福岡県", "Fukuoka"},
      {"41", "佐賀県", "Saga"},      {"42", "長崎県", "Nagasaki"},
      {"43", "熊本県", "Kumamoto"},  {"44", "大分県", "Oita"},
      {"45", "宮崎県", "Miyazaki"},  {"46", "鹿児島県", "Kagoshima"},
      {"47", "沖縄県", "Okinawa"},
  };
  return prefectures;
}

const Prefecture* FindPrefecture(std::string_view typed) {
  const std::string text = FoldWidth(typed);
  if (text.empty()) return nullptr;
  const std::string lower = Lower(text);
  for (const Prefecture& p : Prefectures()) {
    if (text == p.code || text == p.ja || lower == Lower(p.en)) return &p;
    // 東京 for 東京都, 大阪 for 大阪府, 青森 for 青森県 (北海道 has no suffix to drop).
    const std::string_view ja = p.ja;
    for (std::string_view suffix : {"都", "府", "県"}) {
      if (ja.size() > suffix.size() && ja.substr(ja.size() - suffix.size()) == suffix &&
          text == ja.substr(0, ja.size() - suffix.size())) {
        return &p;
      }
    }
    if (text.size() == 1 && p.code[0] == '0' && text[0] == p.code[1]) return &p;  // "1" → 01
  }
  return nullptr;
}

std::string FoldWidth(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 == 0xEF && i + 2 < text.size()) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      const auto b2 = static_cast<unsigned char>(text[i + 2]);
      // U+FF01..U+FF3F is EF BC 81..BF; U+FF40..U+FF5E is EF BD 80..9E.
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        out.push_back(static_cast<char>(b2 - 0x81 + 0x21));
        i += 3;
        continue;
      }
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        out.push_back(static_cast<char>(b2 - 0x80 + 0x60));
        i += 3;
        continue;
      }
    }
    if (b0 == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {  // U+3000 ideographic space
      out.push_back(' ');
      i += 3;
      continue;
    }
    out.push_back(text[i]);
    ++i;
  }
  const size_t first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const size_t last = out.find_last_not_of(" \t\r\n");
  return out.substr(first, last - first + 1);
}

Result<std::optional<int64_t>> ParseYen(std::string_view typed, std::string_view field) {
  std::string text = FoldWidth(typed);
  for (std::string_view suffix : {"円", "yen", "YEN", "Yen"}) {
    if (text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix) {
      text = FoldWidth(text.substr(0, text.size() - suffix.size()));
      break;
    }
  }
  if (text.empty()) return std::optional<int64_t>();
  int64_t value = 0;
  bool digits = false;
  for (char c : text) {
    if (c == ',' || c == '_' || c == ' ') continue;
    if (c < '0' || c > '9' || value > kMaxYen) {
      return Invalid("Invalid amount",
                     std::string(field) + " must be an amount in yen, e.g. 300000 / " +
                         std::string(field) + " は円の金額で入力してください（例: 300000）");
    }
    value = value * 10 + (c - '0');
    digits = true;
  }
  if (!digits || value > kMaxYen) {
    return Invalid("Invalid amount", std::string(field) + " must be an amount in yen up to " +
                                         std::to_string(kMaxYen) + " / " + std::string(field) +
                                         " は100億円までの金額で入力してください");
  }
  return std::optional<int64_t>(value);
}

Result<Accreditation> AssessorService::Accredit(const AccreditationInput& input) {
  TRY(AllowOperator(context_));
  Accreditation a;
  a.kind = input.kind;
  const bool expert = input.kind == AccreditationKind::kExpert;
  a.number = FoldWidth(input.number);
  TRY(CheckText(a.number, "number", 64, true));
  a.qualification = FoldWidth(input.qualification);
  TRY(CheckText(a.qualification, "qualification", 200, expert));
  a.scope = FoldWidth(input.scope);
  TRY(CheckText(a.scope, "scope", 2000, !expert));
  a.contact = FoldWidth(input.contact);
  TRY(CheckText(a.contact, "contact", 200, false));
  TRY_ASSIGN(a.region, RegionField(input.region));
  TRY_ASSIGN(a.industries, IndustriesField(input.industries));
  TRY_ASSIGN(a.languages, LanguagesField(input.languages));
  TRY_ASSIGN(a.fee_min_yen, ParseYen(input.fee_min_yen, "fee_min_yen"));
  TRY_ASSIGN(a.fee_max_yen, ParseYen(input.fee_max_yen, "fee_max_yen"));
  if (a.fee_min_yen && a.fee_max_yen && *a.fee_min_yen > *a.fee_max_yen) {
    return Invalid("Invalid fee range",
                   "the lowest fee is above the highest / "
                   "料金の下限が上限を超えています");
  }
  a.accepting = input.accepting;
  const std::string today = FormatDate(context_.clock.Today());
  if (FoldWidth(input.valid_from).empty()) {
    a.valid_from = today;
  } else {
    TRY_ASSIGN(a.valid_from, DateField(input.valid_from, "valid_from"));
  }
  TRY_ASSIGN(a.valid_until, DateField(input.valid_until, "valid_until"));
  if (a.valid_until < a.valid_from) {
    return Invalid("Invalid dates",
                   "valid_until is before valid_from / "
                   "有効期限が有効開始日より前です");
  }
  a.status = AccreditationStatus::kActive;
  a.created_at = a.updated_at = context_.clock.UtcNow();

  return InTransaction(context_, [&]() -> Result<Accreditation> {
    AssessorRepository repository(context_.store.Sql());
    std::string subject;
    if (expert) {
      TRY_ASSIGN(const auto user,
                 context_.store.FindUserByEmail(FoldEmail(FoldWidth(input.subject))));
      if (!user)
        return NotFound("no user has the e-mail " + input.subject + " / 利用者が見つかりません");
      if (user->disabled_at) {
        return Conflict("User removed", "the user was removed / この利用者は削除済みです");
      }
      TRY_ASSIGN(const auto current, repository.CurrentOfUser(user->id));
      if (current) {
        return Conflict("Already accredited",
                        "the expert holds accreditation " + std::to_string(current->id) +
                            " already; withdraw it first / この専門家は既に認定されています");
      }
      a.user_id = user->id;
      a.org_id = user->org_id;
      if (FoldWidth(input.display_name).empty()) a.display_name = user->display_name;
      if (user->role != Role::kAssessor) {
        // The role that lets the expert act on assessments shared with it, as `hoshitori
        // user grant` gives it.
        TRY(LockAdministrators(context_.store, user->org_id));
        TRY(context_.store.UpdateUserRole(user->id, Role::kAssessor));
        TRY(AppendAudit(
            context_.store,
            AuditEvent{std::nullopt, user->org_id, "user.grant", "user/" + std::to_string(user->id),
                       std::string(RoleName(user->role)) +
                           " -> assessor by the operator (accreditation)"}));
      }
      subject = "user/" + std::to_string(user->id);
    } else {
      auto number = CorporateNumber::Parse(FoldWidth(input.subject));
      if (!number) return Invalid("Invalid corporate number", number.error().message);
      TRY_ASSIGN(const auto organisation, context_.store.FindOrganisation(*number));
      if (!organisation) {
        return NotFound("no organisation has corporate number " + number->digits() +
                        " / 法人番号の組織が見つかりません");
      }
      TRY_ASSIGN(const auto current, repository.CurrentOfBody(organisation->id));
      if (current) {
        return Conflict("Already accredited",
                        "the body holds accreditation " + std::to_string(current->id) +
                            " already; withdraw it first / この評価機関は既に認定されています");
      }
      a.org_id = organisation->id;
      if (FoldWidth(input.display_name).empty()) a.display_name = organisation->name;
      subject = "organisation/" + std::to_string(organisation->id);
    }
    if (a.display_name.empty()) a.display_name = FoldWidth(input.display_name);
    TRY(CheckText(a.display_name, "display_name", 200, true));
    TRY_ASSIGN(a.id, repository.Insert(a));
    TRY(AppendAudit(
        context_.store,
        AuditEvent{std::nullopt, a.org_id, "accreditation.grant",
                   "accreditation/" + std::to_string(a.id),
                   std::string(AccreditationKindName(a.kind)) + " " + a.number + " for " + subject +
                       ", " + a.valid_from + " to " + a.valid_until + " by the operator"}));
    return a;
  });
}

Result<Accreditation> AssessorService::Change(int64_t id, AccreditationChange change,
                                              const std::string& typed_reason) {
  TRY(AllowOperator(context_));
  const std::string reason = FoldWidth(typed_reason);
  TRY(CheckText(reason, "reason", 2000, change != AccreditationChange::kReinstate));
  const std::string today = FormatDate(context_.clock.Today());
  return InTransaction(context_, [&]() -> Result<Accreditation> {
    AssessorRepository repository(context_.store.Sql());
    TRY_ASSIGN(auto found, repository.Get(id));
    if (!found)
      return NotFound("no accreditation " + std::to_string(id) + " / 認定が見つかりません");
    Accreditation a = *found;
    AccreditationStatus next = a.status;
    const char* action = "";
    switch (change) {
      case AccreditationChange::kSuspend:
        if (a.status != AccreditationStatus::kActive) {
          return Conflict("Wrong status",
                          "only an active accreditation can be suspended / "
                          "停止できるのは有効な認定だけです");
        }
        next = AccreditationStatus::kSuspended;
        action = "accreditation.suspend";
        break;
      case AccreditationChange::kReinstate:
        if (a.status != AccreditationStatus::kSuspended) {
          return Conflict("Wrong status",
                          "only a suspended accreditation can be reinstated / "
                          "再開できるのは停止中の認定だけです");
        }
        next = AccreditationStatus::kActive;
        action = "accreditation.reinstate";
        break;
      case AccreditationChange::kWithdraw:
        if (a.status == AccreditationStatus::kWithdrawn) {
          return Conflict("Wrong status",
                          "the accreditation was withdrawn already / "
                          "この認定は既に取り消されています");
        }
        next = AccreditationStatus::kWithdrawn;
        action = "accreditation.withdraw";
        break;
    }
    const std::string now = context_.clock.UtcNow();
    TRY_ASSIGN(const bool changed, repository.SetStatus(id, next, reason, today, now));
    if (!changed) return NotFound("no accreditation " + std::to_string(id));
    TRY(AppendAudit(
        context_.store,
        AuditEvent{std::nullopt, a.org_id, action, "accreditation/" + std::to_string(id),
                   std::string(AccreditationStatusName(a.status)) + " -> " +
                       std::string(AccreditationStatusName(next)) +
                       " by the operator: " + reason}));
    a.status = next;
    a.status_reason = reason;
    a.status_changed_on = today;
    a.updated_at = now;
    return a;
  });
}

Result<std::vector<AssessorEntry>> AssessorService::WithOrganisations(
    std::vector<Accreditation> list) {
  const std::string today = FormatDate(context_.clock.Today());
  std::map<int64_t, std::optional<Organisation>> organisations;
  std::vector<AssessorEntry> out;
  out.reserve(list.size());
  for (Accreditation& a : list) {
    auto found = organisations.find(a.org_id);
    if (found == organisations.end()) {
      TRY_ASSIGN(auto organisation, context_.store.GetOrganisation(a.org_id));
      found = organisations.emplace(a.org_id, std::move(organisation)).first;
    }
    const bool in_force = InForce(a, today);
    out.push_back(AssessorEntry{std::move(a), found->second, in_force});
  }
  return out;
}

Result<std::vector<AssessorEntry>> AssessorService::Registry() {
  if (!context_.actor.is_operator) {
    // The registry's full records are the operator's; the hub admin (the platform's operator
    // on the web) may read them, nobody else. Reading organisation data is the hub admin's
    // in Authorize too (users, the audit log).
    TRY_ASSIGN(const Principal p, SignedIn(context_));
    if (p.role != Role::kHubAdmin) {
      return Forbidden(
          "only the scheme operator and the hub admin read the registry / "
          "認定の記録は運営者だけが閲覧できます");
    }
  }
  TRY_ASSIGN(auto list, AssessorRepository(context_.store.Sql()).List(kMaxRegistryEntries));
  return WithOrganisations(std::move(list));
}

Result<std::vector<AssessorEntry>> AssessorService::Directory(const DirectoryQuery& query) {
  // Like organisation profiles, the directory is public to every signed-in user: it is what
  // the operator publishes for suppliers to choose from.
  TRY(SignedIn(context_));
  std::optional<AccreditationKind> kind;
  if (const std::string text = Lower(FoldWidth(query.kind)); !text.empty()) {
    kind = ParseAccreditationKind(text);
    if (!kind) {
      return Invalid("Invalid filter", "kind must be expert or body / 種別は expert か body です");
    }
  }
  TRY_ASSIGN(const std::string region, RegionField(query.region));
  TRY_ASSIGN(const std::string industries, IndustriesField(query.industry));
  if (industries.size() > 1) {
    return Invalid("Invalid filter", "give one industry letter / 業種は1つ指定してください");
  }
  std::string language;
  if (!FoldWidth(query.language).empty()) {
    TRY_ASSIGN(language, LanguagesField(query.language));
    if (language.find(',') != std::string::npos) {
      return Invalid("Invalid filter", "give one language / 言語は1つ指定してください");
    }
  }
  std::optional<bool> accepting;
  if (const std::string text = Lower(FoldWidth(query.accepting)); !text.empty()) {
    if (text == "yes" || text == "true" || text == "1") {
      accepting = true;
    } else if (text == "no" || text == "false" || text == "0") {
      accepting = false;
    } else {
      return Invalid("Invalid filter",
                     "accepting must be yes or no / 受付状況は yes か no で指定してください");
    }
  }

  const std::string today = FormatDate(context_.clock.Today());
  TRY_ASSIGN(auto active,
             AssessorRepository(context_.store.Sql()).ListActiveOn(today, kMaxRegistryEntries));
  std::vector<Accreditation> matching;
  for (Accreditation& a : active) {
    if (kind && a.kind != *kind) continue;
    if (!region.empty() && a.region != region) continue;
    if (!industries.empty() && a.industries.find(industries[0]) == std::string::npos) continue;
    if (!language.empty() &&
        ("," + a.languages + ",").find("," + language + ",") == std::string::npos) {
      continue;
    }
    if (accepting && a.accepting != *accepting) continue;
    matching.push_back(std::move(a));
    if (static_cast<int64_t>(matching.size()) >= kMaxDirectoryEntries) break;
  }
  return WithOrganisations(std::move(matching));
}

Status AssessorService::RequireMayAttest(const AssessmentRecord& assessment, bool third_party,
                                         const Date& date) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  AssessorRepository repository(context_.store.Sql());
  const std::string from = FormatDate(date);
  const std::string today = FormatDate(context_.clock.Today());
  std::optional<Accreditation> held;
  if (third_party) {
    TRY_ASSIGN(held, repository.CurrentOfBody(p.org_id));
  } else {
    TRY_ASSIGN(held, repository.CurrentOfUser(p.user_id));
  }
  const char* what = third_party ? "an evaluation body accredited for ★4 / ★4の認定評価機関"
                                 : "an expert accredited for ★3 / ★3の認定専門家";
  if (!held || held->status != AccreditationStatus::kActive || held->valid_from > from ||
      held->valid_until < today) {
    std::string why = "no accreditation";
    if (held && held->status != AccreditationStatus::kActive) {
      why = "the accreditation is " + std::string(AccreditationStatusName(held->status));
    } else if (held) {
      why = "the accreditation is valid from " + held->valid_from + " to " + held->valid_until;
    }
    return Forbidden(std::string(third_party ? "only an organisation accredited as an evaluation "
                                               "body may verify (★4)"
                                             : "only an accredited expert may confirm (★3)") +
                     " on " + from + ": " + why + " / " +
                     (third_party ? "★4の評価は、その日に有効な認定を持つ評価機関だけが行えます"
                                  : "★3の確認は、その日に有効な認定を持つ専門家だけが行えます") +
                     "（" + what + "）");
  }
  if (p.org_id == assessment.org_id) {
    return Forbidden(
        "conflict of interest: an assessor may not assess its own organisation / "
        "利益相反: 自組織の評価はできません");
  }
  TRY_ASSIGN(const bool related, repository.RelatedOrganisations(p.org_id, assessment.org_id));
  if (related) {
    return Forbidden(
        "conflict of interest: the assessor's organisation has a declared "
        "relationship with the supplier / 利益相反: 評価者の組織は、この供給者と"
        "取引関係があります");
  }
  TRY_ASSIGN(const auto declaration, repository.GetDeclaration(assessment.id));
  if (!declaration) {
    return Conflict("No management declaration",
                    "the supplier submitted without a management declaration; ★3 and above need "
                    "one / 経営層の宣言がありません（★3以上に必要です）");
  }
  return OkStatus();
}

Status AssessorService::RequireAssessorMayBeNamed(int64_t supplier_org_id,
                                                  int64_t assessor_org_id) {
  AssessorRepository repository(context_.store.Sql());
  TRY_ASSIGN(const bool accredited, repository.OrganisationAccreditedOn(
                                        assessor_org_id, FormatDate(context_.clock.Today())));
  if (!accredited) {
    return Invalid("Assessor not accredited",
                   "the organisation named holds no accreditation in force today; choose one from "
                   "the directory of accredited assessors / 指定した組織は現在有効な認定を持って"
                   "いません。認定評価者の一覧から選んでください");
  }
  TRY_ASSIGN(const bool related, repository.RelatedOrganisations(supplier_org_id, assessor_org_id));
  if (related) {
    return Invalid(
        "Conflict of interest",
        "the organisation named has a declared relationship with yours and may not "
        "assess it / 指定した組織は自組織と取引関係があるため評価できません（利益相反）");
  }
  return OkStatus();
}

Result<StoredDeclaration> AssessorService::PrepareDeclaration(const DeclarationInput& input,
                                                              const AssessmentRecord& assessment) {
  StoredDeclaration d;
  d.assessment_id = assessment.id;
  d.org_id = assessment.org_id;
  d.representative_name = FoldWidth(input.representative_name);
  d.representative_title = FoldWidth(input.representative_title);
  TRY(CheckText(d.representative_name, "declaration.representative_name", 200, true));
  TRY(CheckText(d.representative_title, "declaration.representative_title", 200, true));
  TRY_ASSIGN(d.declared_on, DateField(input.declared_on, "declaration.declared_on"));
  if (d.declared_on > FormatDate(context_.clock.Today())) {
    return Invalid("Invalid date",
                   "declaration.declared_on cannot be in the future / "
                   "宣言日に未来の日付は指定できません");
  }
  const DeclarationText& current = CurrentDeclarationText();
  if (FoldWidth(input.text_version) != current.version) {
    return Invalid("Unknown declaration text",
                   "declaration.text_version must be the current text, " +
                       std::string(current.version) +
                       " (GET /api/v1/management-declaration) / 宣言文の版が現行版（" +
                       std::string(current.version) + "）ではありません");
  }
  d.text_version = std::string(current.version);
  d.text_digest = DeclarationDigest(current);
  if (context_.actor.principal) d.recorded_by = context_.actor.principal->user_id;
  d.recorded_at = context_.clock.UtcNow();
  return d;
}

Result<StoredDeclaration> AssessorService::Declaration(int64_t assessment_id) {
  AssessmentService assessments(context_);
  TRY(assessments.Answers(assessment_id));  // the supplier, or a detailed share to the caller
  TRY_ASSIGN(const auto declaration,
             AssessorRepository(context_.store.Sql()).GetDeclaration(assessment_id));
  if (!declaration) {
    return NotFound("assessment " + std::to_string(assessment_id) +
                    " has no management declaration / 経営層の宣言は記録されていません");
  }
  return *declaration;
}

}  // namespace hoshitori::service
