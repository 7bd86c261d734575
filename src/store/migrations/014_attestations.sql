-- Attestations the server issued (issue 14; service/attestation_service.h): one row per
-- signed JWS, kept as issued. `id` is the JWS's jti, 128 random bits in base64url: holding
-- it is what lets anyone fetch and verify the attestation, so it is never a counter.
-- `status_list`/`status_index` place the attestation's bit in the status lists served at
-- /status/{list}; the lists are derived from `state`, so the state is the one truth about
-- revocation and suspension. Times are UTC "YYYY-MM-DDTHH:MM:SSZ" (text order is time order).
CREATE TABLE issued_attestations (
  id TEXT PRIMARY KEY CHECK (length(id) = 22),
  assessment_id BIGINT NOT NULL REFERENCES assessments (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  level INTEGER NOT NULL CHECK (level >= 1 AND level <= 5),
  kind TEXT NOT NULL CHECK (kind IN ('self_declared', 'expert_confirmed', 'third_party')),
  framework_id TEXT NOT NULL,
  assessor_name TEXT NOT NULL DEFAULT '',
  status_list BIGINT NOT NULL CHECK (status_list >= 1),
  status_index BIGINT NOT NULL CHECK (status_index >= 0),
  jws TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'suspended', 'revoked')),
  state_changed_at TEXT,
  state_reason TEXT NOT NULL DEFAULT '',
  UNIQUE (status_list, status_index)
);
CREATE INDEX issued_attestations_by_org ON issued_attestations (org_id, issued_at);
CREATE INDEX issued_attestations_by_assessment ON issued_attestations (assessment_id);
CREATE INDEX issued_attestations_by_list ON issued_attestations (status_list, state);

-- The public registry (opt-in): an organisation listed here shows its current attestation
-- (name, corporate number, level, kind, validity, issuer, status) to anyone. Deleting the
-- row unpublishes it.
CREATE TABLE registry_entries (
  org_id BIGINT PRIMARY KEY REFERENCES organisations (id),
  published_by BIGINT,
  published_at TEXT NOT NULL
);

-- A suspended attestation suspends the level of its assessment: DetermineHeldLevel holds
-- nothing while this is 1 (assess/star_level.h). Revocation uses the existing status
-- 'revoked' instead, which is final.
ALTER TABLE assessments ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1));
