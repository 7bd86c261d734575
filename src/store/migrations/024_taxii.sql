-- TAXII 2.1 (issue 16): the status resources of POST .../objects/ requests.
--
-- A POST is processed within its own request, so a status is complete when it is written;
-- it is kept so that the client can read it back at .../status/{id}/ as TAXII requires.
-- `id` is the status resource's UUID; group_id the collection's group; org_id and user_id
-- the poster (only that organisation reads the status). `successes` and `failures` are JSON
-- arrays of TAXII status details ({id, version[, message]}); the counts repeat their sizes.
CREATE TABLE taxii_statuses (
  id TEXT PRIMARY KEY,
  group_id BIGINT NOT NULL REFERENCES sharing_groups (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  request_timestamp TEXT NOT NULL,
  total_count INTEGER NOT NULL,
  success_count INTEGER NOT NULL,
  failure_count INTEGER NOT NULL,
  successes TEXT NOT NULL,
  failures TEXT NOT NULL
);
CREATE INDEX taxii_statuses_by_org ON taxii_statuses (org_id, request_timestamp);
