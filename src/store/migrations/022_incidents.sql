-- Incident reports (issue 16): a reporting organisation's guided report, the de-identified part
-- it approved and shared, and the organisations and people it was shared with.
--
-- The report in full (answers, free text, what the organisation declared about itself for
-- de-identification) is victim-identifying and never leaves the reporter: `answers` is its JSON
-- (service/incident_service.h documents the fields and their bounds). status: draft (being
-- written, or changed since its last approval), approved (approved, shared with nobody),
-- shared (approved and shared), withdrawn (the shared part is gone for every reader).
CREATE TABLE incident_reports (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  created_by BIGINT NOT NULL REFERENCES users (id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'shared', 'withdrawn')),
  title TEXT NOT NULL,
  answers TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  approved_at TEXT,
  approved_by BIGINT REFERENCES users (id),
  shared_at TEXT,
  withdrawn_at TEXT,
  withdrawn_by BIGINT REFERENCES users (id)
);
CREATE INDEX incident_reports_by_org ON incident_reports (org_id, id);

-- The approved de-identified (attack-technical) part of a report: exactly what its admin saw
-- and approved (`digest`: SHA-256 of `content`, the part's JSON), under TLP marking `tlp` with
-- the share::SharedObject JSON `audience` every read is decided from. One row per report; a new
-- approval replaces it. group_id: the sharing group of a GREEN marking (or one chosen with
-- another marking). withdrawn_at: set when the reporter withdrew it; no reader sees it then.
CREATE TABLE incident_shares (
  report_id BIGINT PRIMARY KEY REFERENCES incident_reports (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  tlp TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber_strict', 'red')),
  audience TEXT NOT NULL,
  group_id BIGINT REFERENCES sharing_groups (id),
  digest TEXT NOT NULL,
  content TEXT NOT NULL,
  approved_at TEXT NOT NULL,
  approved_by BIGINT NOT NULL REFERENCES users (id),
  withdrawn_at TEXT
);

-- Who a shared report was sent to: a warned buyer organisation (org_id) and, under TLP:RED,
-- each named person (user_id, with the organisation it belongs to). Selected by index for a
-- reader's list of received warnings; whether the reader may read is still decided by TLP.
CREATE TABLE incident_recipients (
  report_id BIGINT NOT NULL REFERENCES incident_reports (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  user_id BIGINT REFERENCES users (id),
  connectivity TEXT NOT NULL DEFAULT 'none',
  warned_at TEXT NOT NULL
);
CREATE INDEX incident_recipients_by_report ON incident_recipients (report_id);
CREATE INDEX incident_recipients_by_org ON incident_recipients (org_id, report_id);
