-- postgresql only
-- The head of the audit chain: the last entry's seq and hash in one row. An append moves it
-- and writes the entry in one statement (store/audit_repository.cc): the UPDATE's row lock
-- makes concurrent appenders take turns, and it works on the head committed last, so no
-- separate lock and read of the last entry are needed. SQLite's write transactions are
-- exclusive already and read the last entry instead.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, prev_hash, hash)
SELECT 1, COALESCE(last.seq, 0), COALESCE(last.prev_hash, ''), COALESCE(last.hash, repeat('0', 64))
FROM (SELECT 1 AS one) one
LEFT JOIN (SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1) last ON true;
