-- Derived results of each assessment (kept in the transaction that changes its answers, so
-- lists of many suppliers need no re-scoring), and each buyer's own requirement rules.

-- eligible_star and present_stars are what the answers earn (the held level also depends on
-- the attestation and today's date, so it is derived when read); evaluation is the full
-- evaluation as JSON (categories, gaps, action plan) for detail views.
CREATE TABLE assessment_results (
  assessment_id BIGINT PRIMARY KEY REFERENCES assessments (id),
  eligible_star INTEGER NOT NULL CHECK (eligible_star >= 0 AND eligible_star <= 5),
  present_stars INTEGER NOT NULL,
  evaluation TEXT NOT NULL,
  evaluated_at TEXT NOT NULL
);

-- A buyer's own rules, added to the default SCS decision flow (chain/policy.h grammar).
CREATE TABLE buyer_policies (
  org_id BIGINT PRIMARY KEY REFERENCES organisations (id),
  rules TEXT NOT NULL,
  updated_by BIGINT REFERENCES users (id),
  updated_at TEXT NOT NULL
);

-- Reading one assessment checks its shares to the reader.
CREATE INDEX shares_by_assessment ON shares (assessment_id);
