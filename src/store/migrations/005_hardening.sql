-- Hardening (issue 10): e-mail addresses compared without case, users that an admin removed,
-- API tokens with an expiry and a scope, and per-assessment versions for optimistic
-- concurrency (ETag / If-Match) plus the assessor the supplier named at submission.

-- Disabled users keep their row (the audit log names them) but cannot sign in.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
-- One account per address whatever its case (new addresses are stored in lower case).
CREATE UNIQUE INDEX users_by_folded_email ON users (lower(email));

-- 'read' tokens may only read; 'write' tokens may also change. NULL expiry: tokens made
-- before this migration, treated as expiring 90 days after creation by the server.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- version grows by one with every change of the assessment or its answers (the ETag).
ALTER TABLE assessments ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- The organisation the supplier named to confirm (★3) or evaluate (★4) it, and when it was
-- submitted (a confirmation may not date from before).
ALTER TABLE assessments ADD COLUMN assessor_org_id BIGINT REFERENCES organisations (id);
ALTER TABLE assessments ADD COLUMN submitted_at TEXT;
