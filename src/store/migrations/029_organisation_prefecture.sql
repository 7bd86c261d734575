-- Where an organisation is (issue 16): its prefecture, as the JIS X 0401 code "01".."47".
-- The k-anonymous reporter description of a shared incident report keeps the region of Japan
-- derived from it (share/region.h) when at least k organisations share it. A table of its own
-- rather than a column of organisations, so the organisation record stays as it is; no row:
-- not recorded. Written by the organisation's admins (service/organisation_location_service.h);
-- set_at is UTC "YYYY-MM-DDTHH:MM:SSZ".
CREATE TABLE organisation_locations (
  org_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  prefecture TEXT NOT NULL CHECK (length(prefecture) = 2 AND substr(prefecture, 1, 1) BETWEEN '0' AND '4'
    AND substr(prefecture, 2, 1) BETWEEN '0' AND '9' AND prefecture BETWEEN '01' AND '47'),
  set_by BIGINT NOT NULL REFERENCES users (id),
  set_at TEXT NOT NULL
);
