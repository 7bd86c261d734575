// The notification duties of an incident (share/deadlines.h) as the data of the partial
// web/templates/incident_deadlines.mustache, so that an incident page shows them with one
// line: put DeadlinesView(...) under the key "deadlines" of its context and write
// {{> incident_deadlines}} in its template.
//
// Deadlines are shown in Japan time ("2026-12-30 23:59", with the UTC instant in a <time>
// element); each duty carries its status badge (overdue, due within a day, open, or "now"
// for a duty without a clock), its contacts with their links, the text of the step and the
// sources the figures come from. Labels come from the message files (deadlines_* keys).
//
// Pure: safe from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "share/deadlines.h"
#include "web/templates.h"

namespace hoshitori::web {

// {"has_duties", "count", "overdue_count", "duties": [{"key", "regime", "step",
// "obligation", "obligation_label", "due", "due_utc", "status", "status_label", "overdue",
// "due_soon", "now", "text", "note", "contacts": [{"name", "purpose", "url"}], "sources":
// [{"title", "article", "url", "consulted"}]}]} in `lang`, in the duties' order.
nlohmann::json DeadlinesView(const std::vector<share::Duty>& duties, const TemplateSet& templates,
                             std::string_view lang);

}  // namespace hoshitori::web
