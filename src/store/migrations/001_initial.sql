-- Organisations, assessments and answers. Dialect placeholders: {{id}} (generated 64-bit
-- primary key), {{without_rowid}} (SQLite clusters answers by their key; empty elsewhere).
-- Every tenant-owned row carries its owning
-- organisation (org_id) so that the data can be sharded by organisation later.

CREATE TABLE organisations (
  id {{id}},
  corporate_number TEXT NOT NULL UNIQUE CHECK (length(corporate_number) = 13),
  name TEXT NOT NULL CHECK (name <> ''),
  industry TEXT NOT NULL,
  employees BIGINT CHECK (employees IS NULL OR employees >= 0),
  capital_yen BIGINT CHECK (capital_yen IS NULL OR capital_yen >= 0),
  created_at TEXT NOT NULL
);

CREATE TABLE assessments (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  framework_id TEXT NOT NULL,
  scope TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'confirmed', 'verified', 'expired', 'revoked')),
  attestation TEXT NOT NULL CHECK (attestation IN ('self', 'expert_confirmed', 'third_party')),
  management_declaration INTEGER NOT NULL DEFAULT 0 CHECK (management_declaration IN (0, 1)),
  valid_from TEXT,
  valid_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX assessments_by_org ON assessments (org_id);

CREATE TABLE answers (
  assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  node_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('implemented', 'partial', 'not_implemented', 'not_applicable', 'unknown')),
  maturity INTEGER CHECK (maturity IS NULL OR (maturity >= 0 AND maturity <= 5)),
  choice TEXT,
  comment TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (assessment_id, node_id)
) {{without_rowid}};
