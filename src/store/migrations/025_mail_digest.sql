-- A daily digest instead of a flood (issue 16, "Warnings along the supply chain"): a user may
-- take a kind's e-mail once a day, in one message with every unread entry of those kinds,
-- rather than one message per entry. daily = 1 with email = 1: in the digest; email = 0: no
-- e-mail at all (daily is then ignored).
ALTER TABLE notification_settings ADD COLUMN daily INTEGER NOT NULL DEFAULT 0 CHECK (daily IN (0, 1));

-- The last digest of each user: the newest inbox entry it covered (no entry is sent twice) and
-- the day it was sent (one digest a day, however often the job runs and on however many nodes).
CREATE TABLE mail_digests (
  user_id BIGINT PRIMARY KEY REFERENCES users (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  last_entry_id BIGINT NOT NULL,
  sent_on TEXT NOT NULL
);
