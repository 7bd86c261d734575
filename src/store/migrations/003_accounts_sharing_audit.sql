-- Accounts, sessions, API tokens, invitations, consent-based sharing, assessment requests
-- and the append-only audit log. Secrets are never stored: only SHA-256 hashes of tokens
-- and argon2id hashes of passwords.

CREATE TABLE users (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('org_admin', 'member', 'assessor', 'association_admin', 'hub_admin')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX users_by_org ON users (org_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE invitations (
  token_hash TEXT PRIMARY KEY,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('org_admin', 'member', 'assessor', 'association_admin')),
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  accepted_at TEXT
);

-- A share is the supplier's consent: the buyer may read the assessment's level (and, with
-- detail 'details', its answers) until it expires or is revoked. org_id is the owner.
CREATE TABLE shares (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  assessment_id BIGINT NOT NULL REFERENCES assessments (id),
  buyer_org_id BIGINT NOT NULL REFERENCES organisations (id),
  detail TEXT NOT NULL CHECK (detail IN ('level', 'details')),
  request_id BIGINT,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
CREATE INDEX shares_by_buyer ON shares (buyer_org_id);
CREATE INDEX shares_by_owner ON shares (org_id);

-- A buyer asks a supplier for an assessment; the supplier answers it with a share.
CREATE TABLE assessment_requests (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  supplier_org_id BIGINT NOT NULL REFERENCES organisations (id),
  framework_id TEXT NOT NULL,
  required_star INTEGER CHECK (required_star IS NULL OR (required_star >= 1 AND required_star <= 5)),
  message TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'withdrawn')),
  share_id BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX requests_by_supplier ON assessment_requests (supplier_org_id);

-- Append-only; each entry's hash covers the previous entry's hash (a hash chain).
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id BIGINT,
  org_id BIGINT,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
