#include "service/incident_reminders.h"

#include <cstdio>

#include "core/utf8.h"
#include "service/inbox_service.h"
#include "store/incident_reminder_repository.h"

namespace hoshitori::service {
namespace {

using std::chrono::sys_seconds;

// The longest duty key kept readable in a dedupe key (the key is at most 200 bytes).
constexpr size_t kReadableDutyKeyBytes = 100;
// Parameter values stay under notify::kMaxParamValueBytes.
constexpr size_t kMaxShownBytes = 900;

bool Readable(std::string_view text) {
  if (text.size() > kReadableDutyKeyBytes || !IsValidUtf8(text)) return false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

// The duty's key as it goes into a dedupe key: itself when short and printable (a buyer's
// name may be neither), else "h" and a 64-bit FNV-1a hash of it.
std::string DutyKeyPart(const std::string& key) {
  if (Readable(key)) return key;
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char text[20];
  std::snprintf(text, sizeof text, "h%016llx", static_cast<unsigned long long>(hash));
  return text;
}

// `text` cut to at most kMaxShownBytes at a character boundary, "…" marking a cut.
std::string Shown(std::string text) {
  if (text.size() <= kMaxShownBytes) return text;
  size_t end = kMaxShownBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "…";
}

std::string ContactNames(const share::Duty& duty, std::string_view lang) {
  std::string out;
  for (const share::Contact& contact : duty.contacts) {
    if (!out.empty()) out += lang == "ja" ? "、" : ", ";
    out += contact.name.In(lang);
  }
  return out;
}

}  // namespace

std::string_view ReminderMomentName(ReminderMoment moment) {
  switch (moment) {
    case ReminderMoment::kNow:
      return "now";
    case ReminderMoment::kBefore:
      return "before";
    case ReminderMoment::kDue:
      return "due";
  }
  return "now";
}

std::vector<PlannedReminder> PlanDeadlineReminders(const std::vector<OpenIncidentDuties>& open,
                                                   sys_seconds now,
                                                   const std::set<std::string>& already_sent) {
  std::vector<PlannedReminder> planned;
  for (const OpenIncidentDuties& report : open) {
    for (const share::Duty& duty : report.duties) {
      ReminderMoment moment = ReminderMoment::kNow;
      if (duty.due_at) {
        if (now >= *duty.due_at) {
          moment = ReminderMoment::kDue;
        } else if (*duty.due_at - now <= share::kDueSoonWindow) {
          moment = ReminderMoment::kBefore;
        } else {
          continue;
        }
      }
      std::string key = "incident_deadline:" + std::to_string(report.report_id) + ":" +
                        DutyKeyPart(duty.key) + ":" + std::string(ReminderMomentName(moment)) +
                        ":" + (duty.due_at ? share::FormatUtc(*duty.due_at) : "-");
      if (already_sent.count(key)) continue;
      planned.push_back(PlannedReminder{report.org_id, report.report_id, report.report_label,
                                        report.link, duty, moment, std::move(key)});
    }
  }
  return planned;
}

notify::Notification DeadlineNotification(const PlannedReminder& reminder) {
  const share::Duty& duty = reminder.duty;
  notify::Notification n;
  n.kind = notify::NotificationKind::kIncidentDeadline;
  n.recipient_org_id = reminder.org_id;
  n.dedupe_key = reminder.dedupe_key;
  n.link = reminder.link;
  n.params["report"] =
      Shown(reminder.report_label.empty() ? "#" + std::to_string(reminder.report_id)
                                          : reminder.report_label);
  n.params["duty_ja"] = Shown(duty.regime_name.ja + ": " + duty.step_name.ja);
  n.params["duty_en"] = Shown(duty.regime_name.en + ": " + duty.step_name.en);
  if (duty.due_at) {
    const std::string shown = share::FormatDeadlineJst(*duty.due_at);
    n.params["due_ja"] = shown + "(日本時間)";
    n.params["due_en"] = shown + " (Japan time)";
  } else {
    n.params["due_ja"] = "直ちに";
    n.params["due_en"] = "now";
  }
  switch (reminder.moment) {
    case ReminderMoment::kNow:
      n.params["state_ja"] = "時刻の定めはなく、すぐに行うものです";
      n.params["state_en"] = "no fixed time: do it now";
      break;
    case ReminderMoment::kBefore:
      n.params["state_ja"] = "期限まで24時間を切りました";
      n.params["state_en"] = "less than 24 hours left";
      break;
    case ReminderMoment::kDue:
      n.params["state_ja"] = "期限を過ぎました";
      n.params["state_en"] = "the deadline has passed";
      break;
  }
  n.params["contacts_ja"] = Shown(ContactNames(duty, "ja"));
  n.params["contacts_en"] = Shown(ContactNames(duty, "en"));
  return n;
}

Result<int> PostDeadlineReminders(Context& context, const std::vector<OpenIncidentDuties>& open) {
  TRY(AllowOperator(context));
  if (open.size() > kMaxOpenIncidentReports) {
    return Invalid("Too many reports / 報告が多すぎます",
                   "一度に渡せる報告は " + std::to_string(kMaxOpenIncidentReports) +
                       " 件までです / at most " + std::to_string(kMaxOpenIncidentReports) +
                       " reports a call");
  }
  for (const OpenIncidentDuties& report : open) {
    if (report.org_id <= 0 || report.report_id <= 0) {
      return Invalid("Invalid report / 報告が不正です",
                     "組織と報告の番号が必要です / org_id and report_id must be positive");
    }
    if (report.duties.size() > kMaxDutiesPerReport) {
      return Invalid("Too many duties / 通知義務が多すぎます",
                     "報告 #" + std::to_string(report.report_id) + " の通知義務は " +
                         std::to_string(kMaxDutiesPerReport) + " 件までです / report #" +
                         std::to_string(report.report_id) + ": at most " +
                         std::to_string(kMaxDutiesPerReport) + " duties");
    }
  }
  const sys_seconds now = std::chrono::floor<std::chrono::seconds>(context.clock.Now());
  return InTransaction(context, [&]() -> Result<int> {
    IncidentReminderRepository repository(context.store.Sql());
    std::set<std::string> sent;
    for (const OpenIncidentDuties& report : open) {
      TRY_ASSIGN(const auto keys, repository.SentKeys(report.org_id, report.report_id));
      sent.insert(keys.begin(), keys.end());
    }
    int posted = 0;
    for (const PlannedReminder& reminder : PlanDeadlineReminders(open, now, sent)) {
      // The inbox drops a key it already holds, so a reminder planned twice in one call (the
      // same report passed twice) is posted once and counted once.
      TRY(Notify(context, DeadlineNotification(reminder)));
      TRY_ASSIGN(const bool fresh,
                 repository.Record(IncidentReminderRow{
                     reminder.org_id, reminder.report_id, reminder.duty.key,
                     std::string(ReminderMomentName(reminder.moment)),
                     reminder.duty.due_at ? share::FormatUtc(*reminder.duty.due_at) : "",
                     reminder.dedupe_key, share::FormatUtc(now)}));
      if (fresh) ++posted;
    }
    return posted;
  });
}

}  // namespace hoshitori::service
