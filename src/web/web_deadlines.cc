#include "web/web_deadlines.h"

#include <string>

namespace hoshitori::web {

using nlohmann::json;

json DeadlinesView(const std::vector<share::Duty>& duties, const TemplateSet& templates,
                   std::string_view lang) {
  const auto message = [&](const std::string& key) { return templates.Message(lang, key); };
  json list = json::array();
  int overdue = 0;
  for (const share::Duty& duty : duties) {
    const std::string status(share::DutyStatusName(duty.status));
    const std::string obligation(share::ObligationName(duty.obligation));
    json contacts = json::array();
    for (const share::Contact& contact : duty.contacts) {
      contacts.push_back(json{{"name", contact.name.In(lang)},
                              {"purpose", contact.purpose.In(lang)},
                              {"url", contact.url}});
    }
    json sources = json::array();
    for (const share::RegimeSource& source : duty.sources) {
      sources.push_back(json{{"title", source.title.In(lang)},
                             {"article", source.article},
                             {"url", source.url},
                             {"consulted", source.consulted}});
    }
    overdue += duty.status == share::DutyStatus::kOverdue ? 1 : 0;
    list.push_back(json{
        {"key", duty.key},
        {"regime", duty.regime_name.In(lang)},
        {"step", duty.step_name.In(lang)},
        {"obligation", obligation},
        {"obligation_label", message("deadlines_obligation_" + obligation)},
        {"due", duty.due_at
                    ? share::FormatDeadlineJst(*duty.due_at) + " " + message("deadlines_jst")
                    : message("deadlines_without_delay")},
        {"due_utc", duty.due_at ? share::FormatUtc(*duty.due_at) : ""},
        {"status", status},
        {"status_label", message("deadlines_status_" + status)},
        {"overdue", duty.status == share::DutyStatus::kOverdue},
        {"due_soon", duty.status == share::DutyStatus::kDueSoon},
        {"now", duty.status == share::DutyStatus::kWithoutDelay},
        {"text", duty.text.In(lang)},
        {"note", duty.note.In(lang)},
        {"contacts", contacts},
        {"sources", sources},
    });
  }
  return json{{"has_duties", !list.empty()},
              {"count", list.size()},
              {"overdue_count", overdue},
              {"duties", list}};
}

}  // namespace hoshitori::web
