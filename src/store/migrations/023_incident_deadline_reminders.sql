-- Reminders of incident deadlines (issue 16, service/incident_reminders.h): one row per
-- reminder posted, so the reminder job knows what it already sent for each report and the
-- report page can say when a deadline was reminded. The notification itself lives in the
-- inbox (016); this table only records that it was posted.
--
-- report_id names the incident report (migration 022, written in parallel); it carries no
-- foreign key here so that this table does not depend on the order the two branches land in.
-- dedupe_key is the inbox notification's key: "incident_deadline:<report>:<duty>:<moment>:<due>".
-- moment is 'now' (a duty without a clock), 'before' (a day before the deadline) or 'due'.
-- Times are UTC "YYYY-MM-DDTHH:MM:SSZ"; due_at is '' for a duty without a clock.
CREATE TABLE incident_deadline_reminders (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  report_id BIGINT NOT NULL,
  duty_key TEXT NOT NULL,
  moment TEXT NOT NULL CHECK (moment IN ('now', 'before', 'due')),
  due_at TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  sent_at TEXT NOT NULL
);
CREATE UNIQUE INDEX incident_deadline_reminders_once
  ON incident_deadline_reminders (org_id, dedupe_key);
CREATE INDEX incident_deadline_reminders_by_report
  ON incident_deadline_reminders (org_id, report_id);
