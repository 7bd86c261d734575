-- "We saw this too" (issue 16): an organisation that received a shared incident report says
-- it saw the same attack. One row per report and organisation (org_id: the one that saw it);
-- counts are shown only over at least k organisations (service/incident_sightings.h).
CREATE TABLE incident_sightings (
  report_id BIGINT NOT NULL REFERENCES incident_reports (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (report_id, org_id)
);
