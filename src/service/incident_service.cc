#include "service/incident_service.h"

#include "service/incident_publication.h"

#include <algorithm>

#include "core/utf8.h"
#include "service/inbox_service.h"
#include "service/security.h"
#include "service/tlp_reader.h"
#include "share/indicator.h"
#include "share/region.h"
#include "store/organisation_location_repository.h"

namespace hoshitori::service {

namespace {

using nlohmann::json;

Error NotVisible(int64_t id) {
  return NotFound("インシデント報告 " + std::to_string(id) +
                  " は表示できません / no incident report " + std::to_string(id) +
                  " is visible to you");
}

// kInvalid unless every buyer in answers.notice_buyers is a confirmed buyer of `supplier_id`
// (a relationship confirmed and not ended). Called inside the transaction that writes.
Status CheckNoticeBuyers(SqlSession& sql, int64_t supplier_id, const IncidentAnswers& answers) {
  if (answers.notice_buyers.empty()) return OkStatus();
  TRY_ASSIGN(const auto confirmed, IncidentRepository(sql).ConfirmedBuyers(supplier_id));
  for (int64_t id : answers.notice_buyers) {
    if (std::none_of(confirmed.begin(), confirmed.end(),
                     [&](const ConfirmedBuyer& b) { return b.org_id == id; })) {
      return Invalid("Invalid incident report",
                     "契約で通知が必要な取引先に、確認済みの発注元でない組織 (ID " +
                         std::to_string(id) +
                         ") があります / notice_buyers: organisation " + std::to_string(id) +
                         " is not a confirmed buyer of your organisation");
    }
  }
  return OkStatus();
}

// --- answers: reading and bounds ---

struct TextField {
  const char* name;
  const char* ja;
  size_t max_characters;
  std::string IncidentAnswers::*member;
};

constexpr TextField kTextFields[] = {
    {"title", "件名", 200, &IncidentAnswers::title},
    {"kind", "種類", 40, &IncidentAnswers::kind},
    {"started_at", "発生日時", 40, &IncidentAnswers::started_at},
    {"detected_at", "検知日時", 40, &IncidentAnswers::detected_at},
    {"what_happened", "何が起きたか", 8000, &IncidentAnswers::what_happened},
    {"affected_systems", "影響を受けたシステム", 2000, &IncidentAnswers::affected_systems},
    {"affected_data", "影響を受けたデータ", 2000, &IncidentAnswers::affected_data},
    {"actions_taken", "実施した対応", 4000, &IncidentAnswers::actions_taken},
    {"personal_data", "個人情報の有無", 20, &IncidentAnswers::personal_data},
    {"critical_infrastructure", "重要インフラ分野", 100, &IncidentAnswers::critical_infrastructure},
};

struct ListField {
  const char* name;
  const char* ja;
  size_t max_items;
  size_t max_characters;
  std::vector<std::string> IncidentAnswers::*member;
};

constexpr ListField kListFields[] = {
    {"indicators", "指標", kMaxIncidentIndicators, share::kMaxIndicatorLength,
     &IncidentAnswers::indicators},
    {"cves", "CVE 番号", kMaxIncidentListItems, 200, &IncidentAnswers::cves},
    {"malware", "マルウェア名", kMaxIncidentListItems, 200, &IncidentAnswers::malware},
    {"attack_techniques", "ATT&CK 技術 ID", kMaxIncidentListItems, 200,
     &IncidentAnswers::attack_techniques},
    {"own_domains", "自組織のドメイン", kMaxIncidentListItems, 200, &IncidentAnswers::own_domains},
    {"own_ip_ranges", "自組織の IP アドレス範囲", kMaxIncidentListItems, 200,
     &IncidentAnswers::own_ip_ranges},
    {"people", "関係者の氏名", kMaxIncidentListItems, 200, &IncidentAnswers::people},
    {"internal_hosts", "社内のホスト名", kMaxIncidentListItems, 200,
     &IncidentAnswers::internal_hosts},
    {"other_names", "自組織の別名", kMaxIncidentListItems, 200, &IncidentAnswers::other_names},
};

Error BadField(const std::string& name, const std::string& ja, const std::string& en) {
  return Invalid("Invalid incident report", ja + " / " + name + ": " + en);
}

std::string Trimmed(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  const size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

std::string Shown(std::string_view text) {
  return text.size() > 80 ? std::string(text.substr(0, 80)) + "..." : std::string(text);
}

bool IsDateTime(std::string_view text) {
  // YYYY-MM-DD, optionally followed by THH:MM or THH:MM:SS.
  const auto digits = [&](size_t from, size_t count) {
    if (text.size() < from + count) return false;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
    }
    return true;
  };
  if (!digits(0, 4) || text.size() < 10 || text[4] != '-' || !digits(5, 2) || text[7] != '-' ||
      !digits(8, 2)) {
    return false;
  }
  if (text.size() == 10) return true;
  if (text.size() != 16 && text.size() != 19) return false;
  if (text[10] != 'T' || !digits(11, 2) || text[13] != ':' || !digits(14, 2)) return false;
  return text.size() == 16 || (text[16] == ':' && digits(17, 2));
}

// Indicator lines: each non-blank line must parse; every bad line is named.
Status CheckIndicators(const std::vector<std::string>& lines) {
  std::string ja, en;
  int bad = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string line = Trimmed(lines[i]);
    if (line.empty()) continue;
    auto parsed = share::ParseIndicator(line);
    if (parsed) continue;
    if (++bad > 20) continue;  // the first twenty are enough to act on
    const std::string n = std::to_string(i + 1);
    ja += (ja.empty() ? "" : "、") + n + " 行目「" + Shown(line) + "」";
    en += (en.empty() ? "" : "; ") + std::string("line ") + n + ": " + parsed.error().message;
  }
  if (bad == 0) return OkStatus();
  return Invalid("Invalid indicators",
                 "指標として読めない行があります（IP アドレス、ドメイン、URL、メールアドレス、"
                 "ハッシュを 1 行に 1 つ）: " +
                     ja + " / indicators: " + std::to_string(bad) +
                     " line(s) are not indicators: " + en);
}

Status CheckKinds(const std::vector<std::string>& items, share::IndicatorKind kind,
                  const char* field, const char* ja, const char* example) {
  for (size_t i = 0; i < items.size(); ++i) {
    auto parsed = share::ParseIndicator(items[i]);
    if (!parsed || parsed->kind != kind) {
      const std::string n = std::to_string(i + 1);
      return BadField(field,
                      std::string(ja) + "の " + n + " 番目「" + Shown(items[i]) + "」は " +
                          example + " の形ではありません",
                      "item " + n + " '" + Shown(items[i]) + "' is not of the form " + example);
    }
  }
  return OkStatus();
}

std::string SizeBand(const std::optional<int64_t>& employees) {
  if (!employees) return "";
  const int64_t n = *employees;
  if (n <= 20) return "1-20";
  if (n <= 50) return "21-50";
  if (n <= 100) return "51-100";
  if (n <= 300) return "101-300";
  if (n <= 1000) return "301-1000";
  return "1001+";
}

// --- TLP audiences as stored ---

share::Tlp TlpFromName(std::string_view name) {
  for (share::Tlp tlp : {share::Tlp::kClear, share::Tlp::kGreen, share::Tlp::kAmber,
                         share::Tlp::kAmberStrict, share::Tlp::kRed}) {
    if (TlpName(tlp) == name) return tlp;
  }
  return share::Tlp::kRed;  // an unknown name admits the fewest
}

json AudienceJson(const share::Audience& a) {
  return json{{"marking", TlpName(a.marking)},
              {"owner", a.owner},
              {"author", a.author},
              {"group", a.group},
              {"recipient_orgs", a.recipient_orgs},
              {"named_recipients", a.named_recipients}};
}

share::Audience AudienceFromJson(const json& j) {
  share::Audience a;
  a.marking = TlpFromName(j.value("marking", std::string("red")));
  a.owner = j.value("owner", int64_t{0});
  a.author = j.value("author", int64_t{0});
  a.group = j.value("group", int64_t{0});
  if (j.contains("recipient_orgs"))
    a.recipient_orgs = j["recipient_orgs"].get<std::vector<int64_t>>();
  if (j.contains("named_recipients")) {
    a.named_recipients = j["named_recipients"].get<std::vector<int64_t>>();
  }
  return a;
}

std::string SharedObjectJson(const share::SharedObject& object) {
  json inherited = json::array();
  for (const share::Audience& a : object.inherited) inherited.push_back(AudienceJson(a));
  return json{{"audience", AudienceJson(object.audience)}, {"inherited", inherited}}.dump();
}

// The stored audience; one that does not parse admits nobody but the owner's author.
share::SharedObject SharedObjectFromJson(const std::string& text) {
  share::SharedObject object;
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("audience")) return object;
  object.audience = AudienceFromJson(j["audience"]);
  if (j.contains("inherited") && j["inherited"].is_array()) {
    for (const json& a : j["inherited"]) object.inherited.push_back(AudienceFromJson(a));
  }
  return object;
}

std::string KindLabel(std::string_view kind, bool ja) {
  static constexpr const char* kLabels[][3] = {
      {"ransomware", "ランサムウェア", "ransomware"},
      {"unauthorised_access", "不正アクセス", "unauthorised access"},
      {"malware", "マルウェア感染", "malware infection"},
      {"phishing", "フィッシング", "phishing"},
      {"ddos", "DDoS 攻撃", "DDoS attack"},
      {"data_leak", "情報漏えい", "data leak"},
      {"other", "その他", "other"}};
  for (const auto& label : kLabels) {
    if (kind == label[0]) return ja ? label[1] : label[2];
  }
  return std::string(kind);
}

// At most `characters` code points of valid UTF-8 `text`, with "…" when cut.
std::string Clip(const std::string& text, size_t characters) {
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == characters) return text.substr(0, i) + "…";
  }
  return text;
}

}  // namespace

std::string_view TlpName(share::Tlp tlp) {
  switch (tlp) {
    case share::Tlp::kClear:
      return "clear";
    case share::Tlp::kGreen:
      return "green";
    case share::Tlp::kAmber:
      return "amber";
    case share::Tlp::kAmberStrict:
      return "amber_strict";
    case share::Tlp::kRed:
      return "red";
  }
  return "red";
}

// --- answers JSON ---

json IncidentAnswersJson(const IncidentAnswers& a) {
  json out = json::object();
  for (const TextField& f : kTextFields) out[f.name] = a.*f.member;
  for (const ListField& f : kListFields) out[f.name] = a.*f.member;
  out["people_affected"] = a.people_affected ? json(*a.people_affected) : json(nullptr);
  out["eu_customers"] = a.eu_customers;
  out["notice_buyers"] = a.notice_buyers;
  return out;
}

Result<IncidentAnswers> IncidentAnswersFromJson(const json& value) {
  if (!value.is_object()) {
    return Invalid("Invalid incident report",
                   "報告は JSON オブジェクトです / the report must be a JSON object");
  }
  IncidentAnswers a;
  for (const auto& item : value.items()) {
    // Named copies, not structured bindings: the lambdas below capture the key.
    const std::string& key = item.key();
    const json& member = item.value();
    const auto text = std::find_if(std::begin(kTextFields), std::end(kTextFields),
                                   [&](const TextField& f) { return key == f.name; });
    if (text != std::end(kTextFields)) {
      if (!member.is_string()) {
        return BadField(key, std::string(text->ja) + "は文字列です", "must be a string");
      }
      const std::string& s = member.get_ref<const std::string&>();
      if (!IsValidUtf8(s) || Utf8Length(s) > text->max_characters) {
        return BadField(
            key,
            std::string(text->ja) + "は " + std::to_string(text->max_characters) + " 文字までです",
            "at most " + std::to_string(text->max_characters) + " characters");
      }
      a.*text->member = Trimmed(s);
      continue;
    }
    const auto list = std::find_if(std::begin(kListFields), std::end(kListFields),
                                   [&](const ListField& f) { return key == f.name; });
    if (list != std::end(kListFields)) {
      if (!member.is_array()) {
        return BadField(key, std::string(list->ja) + "は文字列の配列です",
                        "must be an array of strings");
      }
      if (member.size() > list->max_items) {
        return BadField(
            key, std::string(list->ja) + "は " + std::to_string(list->max_items) + " 件までです",
            "at most " + std::to_string(list->max_items) + " items");
      }
      std::vector<std::string>& into = a.*list->member;
      const bool keep_lines = list->member == &IncidentAnswers::indicators;
      for (size_t i = 0; i < member.size(); ++i) {
        const json& item = member[i];
        if (!item.is_string() || !IsValidUtf8(item.get_ref<const std::string&>()) ||
            item.get_ref<const std::string&>().size() > list->max_characters * 4 ||
            Utf8Length(item.get_ref<const std::string&>()) > list->max_characters) {
          return BadField(key,
                          std::string(list->ja) + "の " + std::to_string(i + 1) + " 番目は " +
                              std::to_string(list->max_characters) + " 文字までの文字列です",
                          "item " + std::to_string(i + 1) + " must be a string of at most " +
                              std::to_string(list->max_characters) + " characters");
        }
        std::string trimmed = Trimmed(item.get_ref<const std::string&>());
        if (keep_lines || !trimmed.empty()) into.push_back(std::move(trimmed));
      }
      continue;
    }
    if (key == "people_affected") {
      if (member.is_null()) continue;
      if (!member.is_number_integer() || member.get<int64_t>() < 0 ||
          member.get<int64_t>() > 1000000000) {
        return BadField(key, "影響を受けた人数は 0 から 10 億までの整数です",
                        "an integer from 0 to 1,000,000,000");
      }
      a.people_affected = member.get<int64_t>();
    } else if (key == "eu_customers") {
      if (!member.is_boolean()) return BadField(key, "EU の顧客の有無は真偽値です", "a boolean");
      a.eu_customers = member.get<bool>();
    } else if (key == "notice_buyers") {
      if (!member.is_array() || member.size() > kMaxIncidentListItems) {
        return BadField(key, "通知義務のある取引先は組織 ID の配列です",
                        "an array of organisation ids");
      }
      for (const json& id : member) {
        if (!id.is_number_integer() || id.get<int64_t>() <= 0) {
          return BadField(key, "通知義務のある取引先は組織 ID の配列です",
                          "an array of organisation ids");
        }
        if (std::find(a.notice_buyers.begin(), a.notice_buyers.end(), id.get<int64_t>()) ==
            a.notice_buyers.end()) {
          a.notice_buyers.push_back(id.get<int64_t>());
        }
      }
    } else {
      return Invalid(
          "Invalid incident report",
          "不明な項目「" + Shown(key) + "」があります / unknown field \"" + Shown(key) + "\"");
    }
  }
  if (a.title.empty()) {
    return BadField("title", "件名を書いてください（例: ファイルサーバのランサムウェア感染）",
                    "give a title");
  }
  if (std::find(std::begin(kIncidentKinds), std::end(kIncidentKinds), a.kind) ==
      std::end(kIncidentKinds)) {
    return BadField("kind", "種類を選んでください",
                    "one of ransomware, unauthorised_access, "
                    "malware, phishing, ddos, data_leak, other");
  }
  if (a.personal_data != "yes" && a.personal_data != "no" && a.personal_data != "unknown") {
    return BadField("personal_data", "個人情報の有無は「はい・いいえ・不明」から選びます",
                    "one of yes, no, unknown");
  }
  for (const auto& [field, ja] : {std::pair{&IncidentAnswers::started_at, "発生日時"},
                                  std::pair{&IncidentAnswers::detected_at, "検知日時"}}) {
    const std::string& when = a.*field;
    if (!when.empty() && !IsDateTime(when)) {
      return BadField(
          field == &IncidentAnswers::started_at ? "started_at" : "detected_at",
          std::string(ja) + "「" + Shown(when) + "」は YYYY-MM-DD か YYYY-MM-DDTHH:MM で書きます",
          "'" + Shown(when) + "' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM");
    }
  }
  TRY(CheckIndicators(a.indicators));
  TRY(CheckKinds(a.cves, share::IndicatorKind::kCve, "cves", "CVE 番号", "CVE-2024-3400"));
  TRY(CheckKinds(a.attack_techniques, share::IndicatorKind::kAttackTechnique, "attack_techniques",
                 "ATT&CK 技術 ID", "T1486"));
  share::OrganisationProfile declared;
  declared.domains = a.own_domains;
  declared.ip_ranges = a.own_ip_ranges;
  declared.people = a.people;
  declared.internal_hosts = a.internal_hosts;
  declared.names = a.other_names;
  if (auto prepared = share::PreparedProfile::Prepare(declared); !prepared) {
    return Invalid("Invalid incident report",
                   "自組織のドメイン・IP 範囲・ホスト名・氏名の欄に読めない値があります / " +
                       prepared.error().message);
  }
  return a;
}

// --- the shared part as JSON ---

json IncidentPartJson(const IncidentPart& part) {
  json fields = json::array();
  for (const DeidentifiedField& f : part.fields) {
    fields.push_back(json{{"field", f.field}, {"text", f.text}});
  }
  return json{{"title", part.title},
              {"kind", part.kind},
              {"started_on", part.started_on},
              {"detected_on", part.detected_on},
              {"fields", fields},
              {"indicators", part.indicators},
              {"cves", part.cves},
              {"malware", part.malware},
              {"attack_techniques", part.attack_techniques},
              {"reporter", json{{"industry", part.reporter.industry},
                                {"size_band", part.reporter.size_band},
                                {"region", part.reporter.region}}}};
}

IncidentPart IncidentPartFromJson(const json& j) {
  IncidentPart part;
  if (!j.is_object()) return part;
  part.title = j.value("title", "");
  part.kind = j.value("kind", "");
  part.started_on = j.value("started_on", "");
  part.detected_on = j.value("detected_on", "");
  if (j.contains("fields")) {
    for (const json& f : j["fields"]) {
      DeidentifiedField field;
      field.field = f.value("field", "");
      field.text = f.value("text", "");
      part.fields.push_back(std::move(field));
    }
  }
  const auto strings = [&](const char* name) {
    return j.contains(name) ? j[name].get<std::vector<std::string>>() : std::vector<std::string>{};
  };
  part.indicators = strings("indicators");
  part.cves = strings("cves");
  part.malware = strings("malware");
  part.attack_techniques = strings("attack_techniques");
  if (j.contains("reporter")) {
    const json& r = j["reporter"];
    part.reporter = {r.value("industry", ""), r.value("size_band", ""), r.value("region", "")};
  }
  return part;
}

// --- use cases ---

Result<StoredIncidentReport> IncidentService::Load(int64_t id, Action action, bool lock) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  (void)p;
  TRY_ASSIGN(const auto report, IncidentRepository(context_.store.Sql()).Get(id, lock));
  const ResourceFacts facts(ResourceKind::kIncidentReport, report ? report->org_id : -1);
  // Reading is checked first so that another organisation learns nothing, not even that the
  // report exists.
  if (!report || !Authorize(context_.actor.principal, Action::kRead, facts).allowed) {
    return NotVisible(id);
  }
  TRY(Allow(context_, action, facts));
  return *report;
}

Result<IncidentReport> IncidentService::ViewOf(const StoredIncidentReport& record) {
  IncidentReport view;
  view.record = record;
  const json answers = json::parse(record.answers, nullptr, false);
  auto parsed = IncidentAnswersFromJson(answers);
  if (!parsed) {
    return MakeError(ErrorKind::kInternal, "Storage error",
                     "incident report " + std::to_string(record.id) +
                         " holds answers that no longer read: " + parsed.error().message);
  }
  view.answers = std::move(parsed).value();
  IncidentRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto share, repository.Share(record.id));
  if (share) {
    IncidentShareSummary summary;
    summary.tlp = TlpFromName(share->tlp);
    summary.group_id = share->group_id;
    summary.approved_at = share->approved_at;
    summary.withdrawn_at = share->withdrawn_at;
    TRY_ASSIGN(summary.recipients, repository.Recipients(record.id));
    view.share = std::move(summary);
  }
  return view;
}

Result<IncidentReport> IncidentService::Create(const IncidentAnswers& answers) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kCreate, ResourceFacts(ResourceKind::kIncidentReport, p.org_id)));
  context_.Touching(ChangeScope::Of(ChangeScope::kNotifications, {p.org_id}));
  StoredIncidentReport record;
  record.org_id = p.org_id;
  record.created_by = p.user_id;
  record.status = "draft";
  record.title = answers.title;
  record.answers = IncidentAnswersJson(answers).dump();
  record.created_at = record.updated_at = context_.clock.UtcNow();
  TRY(InTransaction(context_, [&]() -> Status {
    TRY(CheckNoticeBuyers(context_.store.Sql(), p.org_id, answers));
    TRY_ASSIGN(record.id, IncidentRepository(context_.store.Sql()).Insert(record));
    return Record(context_, "incident.create", "incident_report/" + std::to_string(record.id));
  }));
  return ViewOf(record);
}

Result<IncidentReport> IncidentService::Save(int64_t id, const IncidentAnswers& answers) {
  TRY_ASSIGN(const StoredIncidentReport seen, Load(id, Action::kUpdate));
  context_.Touching(ChangeScope::Of(ChangeScope::kNotifications, {seen.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    IncidentRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto report, repository.Get(id, true));
    if (!report) return NotVisible(id);
    if (report->status == "withdrawn") {
      return Conflict("Report withdrawn",
                      "取り下げた報告は変更できません。新しい報告を作成してください / a withdrawn "
                      "report cannot be changed; start a new one");
    }
    TRY(CheckNoticeBuyers(context_.store.Sql(), report->org_id, answers));
    TRY(repository.SaveAnswers(id, answers.title, IncidentAnswersJson(answers).dump(), "draft",
                               context_.clock.UtcNow()));
    return Record(context_, "incident.save", "incident_report/" + std::to_string(id),
                  "was " + report->status);
  }));
  TRY_ASSIGN(const auto stored, IncidentRepository(context_.store.Sql()).Get(id));
  if (!stored) return NotVisible(id);
  return ViewOf(*stored);
}

Result<std::vector<IncidentReport>> IncidentService::List() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY(Allow(context_, Action::kRead, ResourceFacts(ResourceKind::kIncidentReport, p.org_id)));
  TRY_ASSIGN(const auto records, IncidentRepository(context_.store.Sql()).ListOf(p.org_id, 200));
  std::vector<IncidentReport> out;
  for (const StoredIncidentReport& record : records) {
    TRY_ASSIGN(IncidentReport view, ViewOf(record));
    out.push_back(std::move(view));
  }
  return out;
}

Result<IncidentReport> IncidentService::Get(int64_t id) {
  TRY_ASSIGN(const StoredIncidentReport record, Load(id, Action::kRead));
  return ViewOf(record);
}

Result<IncidentPreview> IncidentService::PreviewOf(const StoredIncidentReport& record,
                                                   const IncidentAnswers& answers) {
  TRY_ASSIGN(const auto organisation, context_.store.GetOrganisation(record.org_id));
  if (!organisation) return NotVisible(record.id);
  share::OrganisationProfile profile;
  profile.names.push_back(organisation->name);
  profile.names.insert(profile.names.end(), answers.other_names.begin(), answers.other_names.end());
  profile.corporate_number = organisation->corporate_number.digits();
  profile.domains = answers.own_domains;
  profile.ip_ranges = answers.own_ip_ranges;
  profile.people = answers.people;
  profile.internal_hosts = answers.internal_hosts;
  IncidentRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto users, repository.UsersOf(record.org_id, false));
  for (const OrganisationUser& user : users) {
    if (profile.emails.size() < share::kMaxProfileEntries) profile.emails.push_back(user.email);
  }
  auto prepared = share::PreparedProfile::Prepare(profile);
  if (!prepared) {
    return Invalid("Invalid incident report",
                   "自組織の情報に読めない値があります / " + prepared.error().message);
  }

  IncidentPreview preview;
  IncidentPart& part = preview.part;
  part.kind = answers.kind;
  const auto day = [](const std::string& when) -> std::string {
    if (when.empty()) return "";
    auto coarse = share::CoarsenToDay(when);
    return coarse ? *coarse : "";
  };
  part.started_on = day(answers.started_at);
  part.detected_on = day(answers.detected_at);
  for (const auto& [name, text] :
       {std::pair<const char*, const std::string*>{"title", &answers.title},
        {"what_happened", &answers.what_happened},
        {"affected_systems", &answers.affected_systems},
        {"affected_data", &answers.affected_data},
        {"actions_taken", &answers.actions_taken}}) {
    TRY_ASSIGN(share::DeidentifiedReport done, share::Deidentify({*text, {}}, *prepared));
    DeidentifiedField field;
    field.field = name;
    field.original = *text;
    field.text = std::move(done.text);
    field.removals = std::move(done.removals);
    int64_t shift = 0;
    for (const share::Removal& r : field.removals) {
      const size_t at = static_cast<size_t>(static_cast<int64_t>(r.offset) + shift);
      const bool found = at <= field.text.size() &&
                         field.text.compare(at, r.replacement.size(), r.replacement) == 0;
      field.replaced_at.push_back(found ? at : std::string::npos);
      shift += static_cast<int64_t>(r.replacement.size()) - static_cast<int64_t>(r.length);
    }
    if (field.field == "title") {
      part.title = field.text;
    }
    part.fields.push_back(std::move(field));
  }
  std::vector<std::string> indicators;
  for (const std::string& line : answers.indicators) {
    if (!line.empty()) indicators.push_back(line);
  }
  TRY_ASSIGN(share::DeidentifiedReport technical,
             share::Deidentify({"", std::move(indicators)}, *prepared));
  part.indicators = std::move(technical.indicators);
  preview.dropped = std::move(technical.dropped);
  for (const std::string& cve : answers.cves) {
    auto parsed = share::ParseIndicator(cve);
    part.cves.push_back(parsed ? parsed->value : cve);
  }
  for (const std::string& technique : answers.attack_techniques) {
    auto parsed = share::ParseIndicator(technique);
    part.attack_techniques.push_back(parsed ? parsed->value : technique);
  }
  // Malware names are public names of attack tools; still, nothing of the victim may ride in
  // them.
  for (const std::string& name : answers.malware) {
    TRY_ASSIGN(share::DeidentifiedReport done, share::Deidentify({name, {}}, *prepared));
    part.malware.push_back(done.text);
  }

  // The reporter's region, from its recorded prefecture; "" (the region never kept) when none.
  TRY_ASSIGN(const auto location,
             OrganisationLocationRepository(context_.store.Sql()).Get(organisation->id));
  const share::Region* region =
      location ? share::RegionOfPrefecture(location->prefecture) : nullptr;
  const share::ReporterDescription own{std::string(1, organisation->industry.major),
                                       SizeBand(organisation->employees),
                                       region ? std::string(region->ja) : ""};
  TRY_ASSIGN(const auto shapes, repository.OrganisationShapes());
  std::vector<share::DescriptionCount> population;
  for (const OrganisationShape& shape : shapes) {
    population.push_back({{shape.industry, shape.size_band, shape.region}, shape.organisations});
  }
  part.reporter = share::KAnonymousDescription(own, population, kIncidentDescriptionK);
  preview.digest = Sha256Hex(IncidentPartJson(part).dump());
  return preview;
}

Result<IncidentPreview> IncidentService::Preview(int64_t id) {
  TRY_ASSIGN(const StoredIncidentReport record, Load(id, Action::kRead));
  TRY_ASSIGN(const IncidentReport view, ViewOf(record));
  return PreviewOf(record, view.answers);
}

Result<IncidentAudienceChoices> IncidentService::AudienceChoices(int64_t id) {
  TRY_ASSIGN(const StoredIncidentReport record, Load(id, Action::kRead));
  IncidentRepository repository(context_.store.Sql());
  IncidentAudienceChoices choices;
  TRY_ASSIGN(choices.buyers, repository.ConfirmedBuyers(record.org_id));
  TRY_ASSIGN(const share::Reader reader,
             LoadTlpReader(context_.store.Sql(), *context_.actor.principal));
  TRY_ASSIGN(choices.groups, repository.GroupNames(reader.groups));
  return choices;
}

Result<IncidentReport> IncidentService::Approve(int64_t id, const IncidentApproval& approval) {
  TRY_ASSIGN(const StoredIncidentReport seen, Load(id, Action::kShare));
  const Principal p = *context_.actor.principal;
  context_.Touching(ChangeScope::Of(ChangeScope::kNotifications, {seen.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    SqlSession& session = context_.store.Sql();
    IncidentRepository repository(session);
    TRY_ASSIGN(const auto report, repository.Get(id, true));
    if (!report) return NotVisible(id);
    if (report->status != "draft") {
      return Conflict("Not a draft",
                      "承認できるのは下書きの報告だけです（現在: " + report->status +
                          "）。変更してから承認し直してください / only a draft can be approved "
                          "(it is " +
                          report->status + "); change it first to approve it again");
    }
    TRY_ASSIGN(const IncidentReport view, ViewOf(*report));
    TRY_ASSIGN(const IncidentPreview preview, PreviewOf(*report, view.answers));
    if (approval.digest != preview.digest) {
      return Conflict("Preview changed",
                      "確認したプレビューと、いま共有される内容が違います。プレビューをもう一度"
                      "確認してから承認してください / what would be shared is not the preview "
                      "you reviewed; review the preview again and approve that");
    }
    TRY_ASSIGN(const auto confirmed, repository.ConfirmedBuyers(report->org_id));
    std::vector<ConfirmedBuyer> chosen;
    if (!approval.buyers) {
      chosen = confirmed;
    } else {
      for (int64_t buyer : *approval.buyers) {
        if (std::none_of(confirmed.begin(), confirmed.end(),
                         [&](const ConfirmedBuyer& b) { return b.org_id == buyer; })) {
          return Invalid("Not a confirmed buyer",
                         "組織 " + std::to_string(buyer) +
                             " は確認済みの取引先（買い手）ではありません / organisation " +
                             std::to_string(buyer) + " is not a confirmed buyer of yours");
        }
      }
      // Kept in the confirmed list's order: OT and VPN connections are warned first.
      for (const ConfirmedBuyer& b : confirmed) {
        if (std::find(approval.buyers->begin(), approval.buyers->end(), b.org_id) !=
            approval.buyers->end()) {
          chosen.push_back(b);
        }
      }
    }
    TRY_ASSIGN(const share::Reader reporter, LoadTlpReader(session, p));
    if (approval.group_id &&
        !std::binary_search(reporter.groups.begin(), reporter.groups.end(), *approval.group_id)) {
      return Invalid("Unknown sharing group",
                     "共有グループ " + std::to_string(*approval.group_id) +
                         " の構成員ではありません / your organisation is not a member of sharing "
                         "group " +
                         std::to_string(*approval.group_id));
    }
    if (approval.tlp == share::Tlp::kGreen) {
      if (!approval.group_id) {
        return Invalid("Sharing group required",
                       "TLP:GREEN には共有グループを選んでください / TLP:GREEN needs a sharing "
                       "group");
      }
      for (const ConfirmedBuyer& b : chosen) {
        TRY_ASSIGN(const share::Reader buyer, LoadTlpReader(session, Principal{0, b.org_id}));
        if (!std::binary_search(buyer.groups.begin(), buyer.groups.end(), *approval.group_id)) {
          return Invalid(
              "Buyer outside the group",
              b.name + " はこの共有グループの構成員ではなく、TLP:GREEN では読めません / " + b.name +
                  " is not a member of the group and could not read it under "
                  "TLP:GREEN");
        }
      }
    }
    share::SharedObject object;
    share::Audience& audience = object.audience;
    audience.marking = approval.tlp;
    audience.owner = report->org_id;
    audience.author = p.user_id;
    audience.group = approval.group_id.value_or(0);
    const std::string now = context_.clock.UtcNow();
    std::vector<StoredIncidentRecipient> recipients;
    for (const ConfirmedBuyer& b : chosen) {
      recipients.push_back({b.org_id, std::nullopt, b.connectivity, now});
      if (approval.tlp == share::Tlp::kAmber || approval.tlp == share::Tlp::kAmberStrict) {
        audience.recipient_orgs.push_back(b.org_id);
      }
    }
    // TLP:RED names people: those picked (each a user of a chosen buyer) or the chosen
    // buyers' admins.
    std::vector<OrganisationUser> named;
    if (approval.tlp == share::Tlp::kRed) {
      for (const ConfirmedBuyer& b : chosen) {
        TRY_ASSIGN(const auto users, repository.UsersOf(b.org_id, approval.named_people.empty()));
        for (const OrganisationUser& user : users) {
          if (approval.named_people.empty() ||
              std::find(approval.named_people.begin(), approval.named_people.end(), user.id) !=
                  approval.named_people.end()) {
            named.push_back(user);
          }
        }
      }
      for (int64_t person : approval.named_people) {
        if (std::none_of(named.begin(), named.end(),
                         [&](const OrganisationUser& u) { return u.id == person; })) {
          return Invalid("Unknown recipient", "利用者 " + std::to_string(person) +
                                                  " は選んだ取引先の利用者ではありません / user " +
                                                  std::to_string(person) +
                                                  " is not a user of a chosen buyer");
        }
      }
      if (named.empty()) {
        return Invalid("No recipient",
                       "TLP:RED では受け取る人を 1 人以上選んでください / TLP:RED needs at "
                       "least one named recipient");
      }
      for (const OrganisationUser& user : named) {
        audience.named_recipients.push_back(user.id);
        const auto buyer = std::find_if(chosen.begin(), chosen.end(), [&](const ConfirmedBuyer& b) {
          return b.org_id == user.org_id;
        });
        recipients.push_back({user.org_id, user.id, buyer->connectivity, now});
      }
    }
    const bool reaches_anyone =
        !chosen.empty() || approval.group_id || approval.tlp == share::Tlp::kClear;
    StoredIncidentShare share;
    share.report_id = id;
    share.org_id = report->org_id;
    share.tlp = std::string(TlpName(approval.tlp));
    share.audience = SharedObjectJson(object);
    share.group_id = approval.group_id;
    share.content = IncidentPartJson(preview.part).dump();
    share.digest = preview.digest;
    share.approved_at = now;
    share.approved_by = p.user_id;
    TRY(repository.PutShare(share));
    TRY(repository.ReplaceRecipients(id, recipients));
    // The shared part as STIX objects in the TAXII collections of the group and the buyers.
    IncidentPublication publication;
    publication.report_id = id;
    publication.reporter_org_id = report->org_id;
    publication.author_user_id = p.user_id;
    publication.part = &preview.part;
    publication.audience = &object;
    for (const ConfirmedBuyer& b : chosen) publication.buyer_org_ids.push_back(b.org_id);
    publication.group_id = approval.group_id;
    publication.approved_at = now;
    TRY(UnpublishIncident(context_, id));  // an earlier approval's objects give way
    TRY(PublishIncident(context_, publication));
    TRY(repository.SetApproved(id, reaches_anyone ? "shared" : "approved", p.user_id, now));

    TRY_ASSIGN(const auto organisation, context_.store.GetOrganisation(report->org_id));
    const std::string supplier = organisation ? organisation->name : "";
    const std::string kind_ja = KindLabel(preview.part.kind, true);
    const std::string kind_en = KindLabel(preview.part.kind, false);
    const std::string label(share::TlpLabel(approval.tlp));
    for (const ConfirmedBuyer& b : chosen) {
      context_.Touching(ChangeScope::Of(ChangeScope::kNotifications, {b.org_id}));
      notify::Notification warning;
      warning.kind = notify::NotificationKind::kIncidentWarning;
      warning.recipient_org_id = b.org_id;
      warning.link = "/incidents/received/" + std::to_string(id);
      if (approval.tlp == share::Tlp::kRed) {
        // No content at all, not even the supplier's name: only that something waits behind
        // the link, for the named person alone.
        warning.params["supplier_ja"] = "（TLP:RED のため名称は伏せています）";
        warning.params["supplier_en"] = "(name withheld under TLP:RED)";
        warning.params["summary_ja"] =
            "TLP:RED の情報のため、内容はメールや通知には書きません。リンクからサインインして"
            "確認してください。";
        warning.params["summary_en"] =
            "TLP:RED: the content is not sent in notifications; sign in through the link to "
            "read it.";
        for (const OrganisationUser& user : named) {
          if (user.org_id != b.org_id) continue;
          warning.recipient_user_id = user.id;
          warning.dedupe_key =
              "incident:" + std::to_string(id) + ":" + now + ":" + std::to_string(user.id);
          TRY(Notify(context_, warning));
        }
        continue;
      }
      warning.dedupe_key = "incident:" + std::to_string(id) + ":" + now;
      warning.params["supplier"] = supplier;
      warning.params["summary_ja"] =
          "【" + label + "】" + kind_ja + " — " + Clip(preview.part.title, 120);
      warning.params["summary_en"] =
          "[" + label + "] " + kind_en + " — " + Clip(preview.part.title, 120);
      TRY(Notify(context_, warning));
    }
    return Record(context_, "incident.approve", "incident_report/" + std::to_string(id),
                  label + " buyers=" + std::to_string(chosen.size()) +
                      " named=" + std::to_string(named.size()) + " digest=" + preview.digest);
  }));
  TRY_ASSIGN(const auto stored, IncidentRepository(context_.store.Sql()).Get(id));
  if (!stored) return NotVisible(id);
  return ViewOf(*stored);
}

Result<IncidentReport> IncidentService::Withdraw(int64_t id) {
  TRY_ASSIGN(const StoredIncidentReport seen, Load(id, Action::kShare));
  context_.Touching(ChangeScope::Of(ChangeScope::kNotifications, {seen.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    IncidentRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto report, repository.Get(id, true));
    if (!report) return NotVisible(id);
    TRY_ASSIGN(const auto share, repository.Share(id));
    if (report->status == "withdrawn" || !share || share->withdrawn_at) {
      return Conflict("Nothing shared",
                      "取り下げられる共有がありません / nothing of this report is shared");
    }
    const std::string now = context_.clock.UtcNow();
    TRY(repository.WithdrawShare(id, now));
    TRY(UnpublishIncident(context_, id));
    TRY(repository.SetWithdrawn(id, context_.actor.principal->user_id, now));
    return Record(context_, "incident.withdraw", "incident_report/" + std::to_string(id));
  }));
  TRY_ASSIGN(const auto stored, IncidentRepository(context_.store.Sql()).Get(id));
  if (!stored) return NotVisible(id);
  return ViewOf(*stored);
}

namespace {

// The shared part of report `id` when `reader` may read it under TLP; nullopt otherwise (also
// when it was never shared or was withdrawn).
Result<std::optional<ReceivedIncident>> Readable(Context& context, int64_t id,
                                                 const share::Reader& reader) {
  IncidentRepository repository(context.store.Sql());
  TRY_ASSIGN(const auto share, repository.Share(id));
  if (!share || share->withdrawn_at) return std::optional<ReceivedIncident>();
  TRY_ASSIGN(const auto report, repository.Get(id));
  if (!report || report->status == "withdrawn") return std::optional<ReceivedIncident>();
  const share::SharedObject object = SharedObjectFromJson(share->audience);
  ResourceFacts facts(ResourceKind::kSharedObject, share->org_id);
  facts.tlp = &object;
  facts.reader = &reader;
  if (!Authorize(context.actor.principal, Action::kRead, facts).allowed) {
    return std::optional<ReceivedIncident>();
  }
  ReceivedIncident received;
  received.report_id = id;
  received.tlp = TlpFromName(share->tlp);
  received.approved_at = share->approved_at;
  received.part = IncidentPartFromJson(json::parse(share->content, nullptr, false));
  if (std::binary_search(reader.client_of.begin(), reader.client_of.end(), share->org_id)) {
    TRY_ASSIGN(received.supplier, context.store.GetOrganisation(share->org_id));
  }
  return std::optional<ReceivedIncident>(std::move(received));
}

}  // namespace

Result<std::vector<ReceivedIncident>> IncidentService::Received() {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const share::Reader reader, LoadTlpReader(context_.store.Sql(), p));
  TRY_ASSIGN(
      const auto ids,
      IncidentRepository(context_.store.Sql())
          .SharedWith(p.org_id, p.user_id, reader.groups, reader.client_of, 200));
  std::vector<ReceivedIncident> out;
  for (int64_t id : ids) {
    TRY_ASSIGN(auto received, Readable(context_, id, reader));
    if (received) out.push_back(std::move(*received));
  }
  return out;
}

Result<ReceivedIncident> IncidentService::ReadShared(int64_t id) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const share::Reader reader, LoadTlpReader(context_.store.Sql(), p));
  TRY_ASSIGN(auto received, Readable(context_, id, reader));
  if (!received) return NotVisible(id);
  return std::move(*received);
}

}  // namespace hoshitori::service
