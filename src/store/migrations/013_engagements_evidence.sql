-- Engagements of an assessor organisation by a supplier, the assessor's findings per
-- criterion, and the supplier's evidence files (issue 14). org_id is always the supplier
-- (the owner of the assessment), so every row stays with its tenant.

-- One request of the supplier to the organisation it named at submission. State:
-- requested → accepted or declined; accepted → concluded (the assessment was confirmed or
-- verified) or refused (the assessor refused a level, with reasons). At most one engagement
-- per assessment is open (requested or accepted) at a time; after a decline the supplier
-- may name another organisation, which opens a new one.
CREATE TABLE engagements (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  assessment_id BIGINT NOT NULL REFERENCES assessments (id),
  assessor_org_id BIGINT NOT NULL REFERENCES organisations (id),
  state TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'declined', 'concluded', 'refused')),
  reason TEXT NOT NULL DEFAULT '',  -- why declined, or the reasons of a refusal
  requested_at TEXT NOT NULL,
  decided_by BIGINT REFERENCES users (id),  -- who accepted or declined
  decided_at TEXT,
  concluded_by BIGINT REFERENCES users (id),
  concluded_at TEXT
);
CREATE INDEX engagements_by_assessment ON engagements (assessment_id);
CREATE INDEX engagements_by_assessor ON engagements (assessor_org_id);
CREATE UNIQUE INDEX engagements_one_open ON engagements (assessment_id)
  WHERE state IN ('requested', 'accepted');

-- Findings are versioned: a new finding on a criterion is the next version, earlier ones
-- stay (the history the supplier and the audit log can follow). The latest version is the
-- finding. A 'needs_evidence' finding is an evidence request; the supplier answers it with a
-- reply (and/or evidence files) on that version.
CREATE TABLE engagement_findings (
  engagement_id BIGINT NOT NULL REFERENCES engagements (id),
  criterion TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'needs_evidence', 'not_confirmed')),
  comment TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL,
  reply TEXT,
  replied_by BIGINT REFERENCES users (id),
  replied_at TEXT,
  PRIMARY KEY (engagement_id, criterion, version)
);

-- Evidence files per answer (criterion), versioned by name: a new upload of the same name
-- is the next version. The bytes live in the row, written in the same transaction as the
-- metadata. BYTEA is PostgreSQL's byte string; SQLite gives the declared type "BYTEA" numeric
-- affinity, which keeps a value bound as a blob unchanged, so both store the bytes as given.
CREATE TABLE evidence_files (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  assessment_id BIGINT NOT NULL REFERENCES assessments (id),
  criterion TEXT NOT NULL,
  name TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  media_type TEXT NOT NULL,
  size BIGINT NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL,
  content BYTEA NOT NULL,
  uploaded_by BIGINT NOT NULL REFERENCES users (id),
  uploaded_at TEXT NOT NULL,
  UNIQUE (assessment_id, criterion, name, version)
);
CREATE INDEX evidence_files_by_org ON evidence_files (org_id);

-- Assessments submitted before this migration that name an assessor get their engagement.
INSERT INTO engagements (org_id, assessment_id, assessor_org_id, state, requested_at)
  SELECT org_id, id, assessor_org_id, 'requested', COALESCE(submitted_at, created_at)
  FROM assessments WHERE status = 'submitted' AND assessor_org_id IS NOT NULL;
