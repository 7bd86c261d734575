#include "notify/notification.h"

#include <algorithm>
#include <vector>

#include "core/utf8.h"

namespace hoshitori::notify {
namespace {

// The four texts of one kind, with `{name}` slots, and the parameters they use.
struct KindTemplate {
  NotificationKind kind;
  std::string_view name;
  std::string_view label_ja;
  std::string_view label_en;
  std::vector<std::string_view> params;
  std::string_view title_ja;
  std::string_view title_en;
  std::string_view body_ja;
  std::string_view body_en;
};

const std::vector<KindTemplate>& Templates() {
  static const std::vector<KindTemplate> templates = {
      {NotificationKind::kRequestReceived,
       "request_received",
       "評価の依頼を受け取ったとき",
       "A request for an assessment is received",
       {"buyer", "framework", "level", "deadline"},
       "{buyer} から評価の依頼が届きました",
       "{buyer} requests an assessment from you",
       "取引先の {buyer} が、{framework} による評価（求める水準: {level}）の提出を依頼しています。"
       "期限: {deadline}\n依頼の画面から、提出する評価を選んで回答してください。",
       "Your customer {buyer} asks you to submit an assessment against {framework} (level "
       "asked: {level}). Deadline: {deadline}\nOpen the request to choose the assessment to "
       "submit."},
      {NotificationKind::kDeadlineApproaching,
       "deadline_approaching",
       "依頼の期限が近づいたとき",
       "A request's deadline is near",
       {"buyer", "framework", "deadline"},
       "{buyer} からの依頼の期限が近づいています",
       "The deadline of {buyer}'s request is near",
       "{buyer} からの {framework} の評価依頼は、{deadline} が期限です。まだ回答していません。",
       "{buyer}'s request for an assessment against {framework} is due on {deadline}, and you "
       "have not answered it yet."},
      {NotificationKind::kShareRevoked,
       "share_revoked",
       "共有が取り消されたとき",
       "A share is revoked",
       {"supplier", "assessment"},
       "{supplier} が評価の共有を取り消しました",
       "{supplier} revoked a shared assessment",
       "仕入先の {supplier} が、評価 {assessment} の共有を取り消しました。この評価は今後閲覧でき"
       "ません。必要であれば、改めて依頼を送ってください。",
       "Your supplier {supplier} revoked the share of assessment {assessment}; you can no longer "
       "read it. Send a new request if you still need it."},
      {NotificationKind::kLevelExpiring,
       "level_expiring",
       "レベルの有効期限が近づいたとき",
       "A level is about to expire",
       {"assessment", "level", "valid_until"},
       "{level} の有効期限が近づいています",
       "Your {level} is about to expire",
       "評価 {assessment} による {level} は {valid_until} に有効期限を迎えます。更新のための評価を"
       "始めてください（昨年の回答から始められます）。",
       "The {level} of assessment {assessment} is valid until {valid_until}. Start the renewal "
       "assessment in time (it can start from last year's answers)."},
      {NotificationKind::kAssessmentConfirmed,
       "assessment_confirmed",
       "評価が確認されたとき",
       "An assessment is confirmed",
       {"assessment", "level", "assessor"},
       "評価 {assessment} が確認されました",
       "Assessment {assessment} was confirmed",
       "{assessor} が評価 {assessment} を確認しました。レベル: {level}",
       "{assessor} confirmed assessment {assessment}. Level: {level}"},
      {NotificationKind::kSbomAdvisory,
       "sbom_advisory",
       "仕入先のソフトウェアに脆弱性情報が出たとき",
       "An advisory hits a supplier's software",
       {"supplier", "product", "version", "component", "advisory", "vex_status"},
       "{supplier} の {product} に脆弱性情報 {advisory}",
       "Advisory {advisory} affects {supplier}'s {product}",
       "仕入先 {supplier} が納入している {product} {version} の構成要素 {component} が、脆弱性情報 "
       "{advisory} の対象です。仕入先の VEX による状態: {vex_status}",
       "Component {component} of {product} {version}, which {supplier} delivers to you, is "
       "named by advisory {advisory}. The supplier's VEX status: {vex_status}"},
      {NotificationKind::kIncidentWarning,
       "incident_warning",
       "仕入先でインシデントが起きたとき",
       "A supplier reports an incident",
       {"supplier", "summary"},
       "{supplier} からのインシデント情報",
       "Incident warning from {supplier}",
       "仕入先の {supplier} からインシデントの共有がありました: {summary}",
       "Your supplier {supplier} shared an incident: {summary}"},
      {NotificationKind::kIncidentDeadline,
       "incident_deadline",
       "自社のインシデントの報告期限が近づいたとき",
       "A reporting deadline of our own incident is near",
       {"report", "duty", "due", "state", "contacts"},
       "インシデントの報告期限: {duty}",
       "Incident deadline: {duty}",
       "インシデント報告 {report} の「{duty}」の期限は {due} です（{state}）。\n連絡先: "
       "{contacts}\n報告の画面で内容と連絡先を確かめ、済んだら完了にしてください。",
       "\"{duty}\" of incident report {report} is due {due} ({state}).\nContact: {contacts}\nOpen "
       "the report to check what to send and to whom, and mark it done once sent."},
      {NotificationKind::kGroupInvitation,
       "group_invitation",
       "共有グループに招待されたとき",
       "You are invited into a sharing group",
       {"group", "owner"},
       "共有グループ {group} への招待",
       "Invitation to sharing group {group}",
       "{owner} が運営する共有グループ {group} に招待されました。組織の管理者が承諾または辞退できます。",
       "You are invited into sharing group {group}, run by {owner}. An admin of your "
       "organisation accepts or declines it."},
  };
  return templates;
}

const KindTemplate& TemplateOf(NotificationKind kind) {
  return Templates()[static_cast<size_t>(kind)];
}

// `text` with each `{name}` replaced by params[name + "_" + lang], else params[name] (every
// slot is a known parameter: the templates above are checked by Validate's parameter list and
// by the tests).
std::string Fill(std::string_view text, const std::map<std::string, std::string>& params,
                 std::string_view lang) {
  std::string out;
  out.reserve(text.size() + 64);
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find('{', at);
    if (open == std::string_view::npos) break;
    const size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    const std::string name(text.substr(open + 1, close - open - 1));
    auto found = params.find(name + "_" + std::string(lang));
    if (found == params.end()) found = params.find(name);
    if (found != params.end()) {
      out += found->second.empty() ? std::string("—") : found->second;
    } else {
      out.append(text.substr(open, close - open + 1));
    }
    at = close + 1;
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

Error InvalidField(const std::string& ja, const std::string& en) {
  return MakeError(ErrorKind::kInvalid, "Invalid notification / 通知が不正です", ja + " / " + en);
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

const std::array<NotificationKind, kNotificationKindCount>& AllNotificationKinds() {
  static const std::array<NotificationKind, kNotificationKindCount> kinds = {
      NotificationKind::kRequestReceived,     NotificationKind::kDeadlineApproaching,
      NotificationKind::kShareRevoked,        NotificationKind::kLevelExpiring,
      NotificationKind::kAssessmentConfirmed, NotificationKind::kSbomAdvisory,
      NotificationKind::kIncidentWarning,     NotificationKind::kIncidentDeadline,
      NotificationKind::kGroupInvitation};
  return kinds;
}

std::string_view NotificationKindName(NotificationKind kind) { return TemplateOf(kind).name; }

std::optional<NotificationKind> ParseNotificationKind(std::string_view name) {
  for (const KindTemplate& entry : Templates()) {
    if (entry.name == name) return entry.kind;
  }
  return std::nullopt;
}

std::string_view NotificationKindLabelJa(NotificationKind kind) {
  return TemplateOf(kind).label_ja;
}
std::string_view NotificationKindLabelEn(NotificationKind kind) {
  return TemplateOf(kind).label_en;
}

Status Validate(const Notification& notification) {
  if (static_cast<size_t>(notification.kind) >= kNotificationKindCount) {
    return InvalidField("通知の種類が不明です", "unknown notification kind");
  }
  if (notification.recipient_org_id <= 0) {
    return InvalidField("宛先の組織がありません", "recipient_org_id: no recipient organisation");
  }
  if (notification.recipient_user_id && *notification.recipient_user_id <= 0) {
    return InvalidField("宛先の利用者が不正です", "recipient_user_id: not a user id");
  }
  const std::string& key = notification.dedupe_key;
  if (key.empty() || key.size() > kMaxDedupeKeyBytes || !IsValidUtf8(key) || HasControl(key)) {
    return InvalidField("dedupe_key は 1〜" + std::to_string(kMaxDedupeKeyBytes) +
                            " バイトの制御文字を含まない UTF-8 文字列です",
                        "dedupe_key must be 1 to " + std::to_string(kMaxDedupeKeyBytes) +
                            " bytes of UTF-8 without control characters");
  }
  const std::string& link = notification.link;
  if (link.empty() || link.size() > kMaxLinkBytes || link[0] != '/' ||
      (link.size() > 1 && (link[1] == '/' || link[1] == '\\')) || !IsValidUtf8(link) ||
      HasControl(link) || link.find(' ') != std::string::npos) {
    return InvalidField(
        "link はアプリケーション内のパス（/ で始まる）です: " + link.substr(0, 80),
        "link must be a path in the application (starting with one /): " + link.substr(0, 80));
  }
  if (notification.params.size() > kMaxParams) {
    return InvalidField("パラメーターが多すぎます",
                        "too many params (at most " + std::to_string(kMaxParams) + ")");
  }
  for (const auto& [name, value] : notification.params) {
    if (name.empty() || name.size() > kMaxParamNameBytes || !IsValidUtf8(name)) {
      return InvalidField("パラメーター名が不正です", "params: bad parameter name");
    }
    if (value.size() > kMaxParamValueBytes || !IsValidUtf8(value)) {
      return InvalidField("パラメーター " + name + " の値が長すぎるか UTF-8 ではありません",
                          "params." + name + ": longer than " +
                              std::to_string(kMaxParamValueBytes) + " bytes or not UTF-8");
    }
  }
  for (std::string_view needed : TemplateOf(notification.kind).params) {
    const std::string name(needed);
    const auto& params = notification.params;
    const bool per_language = params.count(name + "_ja") && params.count(name + "_en");
    if (!per_language && params.find(name) == params.end()) {
      return InvalidField("パラメーター " + std::string(needed) + " がありません（種類 " +
                              std::string(NotificationKindName(notification.kind)) + "）",
                          "params." + std::string(needed) + " is missing (kind " +
                              std::string(NotificationKindName(notification.kind)) + ")");
    }
  }
  return OkStatus();
}

Result<RenderedNotification> Render(const Notification& notification) {
  if (Status valid = Validate(notification); !valid) return valid.error();
  const KindTemplate& entry = TemplateOf(notification.kind);
  // A title is one line (it becomes an e-mail's Subject): control characters become spaces.
  const auto one_line = [](std::string text) {
    for (char& c : text) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    return text;
  };
  return RenderedNotification{one_line(Fill(entry.title_ja, notification.params, "ja")),
                              one_line(Fill(entry.title_en, notification.params, "en")),
                              Fill(entry.body_ja, notification.params, "ja"),
                              Fill(entry.body_en, notification.params, "en")};
}

}  // namespace hoshitori::notify
