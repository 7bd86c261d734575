-- Notifications (issue 15): the in-app inbox, each user's e-mail setting per kind, and the
-- outbox of e-mails. Every row carries its owning organisation (the recipient's).
--
-- An inbox entry is addressed to one user of the organisation, or to every member
-- (user_id NULL). Its texts are rendered once, in both languages, when it is posted. The
-- same event posted twice to an organisation (same dedupe_key) is stored once. read_at is
-- kept per entry: an entry to every member is read for all once one of them reads it.
CREATE TABLE inbox_entries (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  user_id BIGINT REFERENCES users (id),
  kind TEXT NOT NULL,
  title_ja TEXT NOT NULL,
  title_en TEXT NOT NULL,
  body_ja TEXT NOT NULL,
  body_en TEXT NOT NULL,
  link TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE UNIQUE INDEX inbox_entries_dedupe ON inbox_entries (org_id, dedupe_key);
CREATE INDEX inbox_entries_by_org ON inbox_entries (org_id, id);

-- A user's choice per kind; no row means the default (e-mail on).
CREATE TABLE notification_settings (
  user_id BIGINT NOT NULL REFERENCES users (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL,
  email INTEGER NOT NULL CHECK (email IN (0, 1)),
  PRIMARY KEY (user_id, kind)
);

-- E-mails to send, written in the transaction of the event that caused them (a rolled-back
-- change sends nothing). `link` is the path the message points at; the sender makes it
-- absolute with the server's public URL. A sender claims a row by moving not_before past now
-- (a lease) and adding one attempt; success sets sent_at, failure records last_error and a
-- later not_before. Rows with attempts at the sender's limit stay unsent, for an operator.
-- Times are UTC "YYYY-MM-DDTHH:MM:SSZ" (fixed width: text order is time order).
CREATE TABLE mail_outbox (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  inbox_entry_id BIGINT NOT NULL REFERENCES inbox_entries (id),
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at TEXT NOT NULL,
  not_before TEXT NOT NULL,
  sent_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_pending ON mail_outbox (sent_at, not_before, id);
