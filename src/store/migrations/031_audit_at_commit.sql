-- postgresql only
-- Audit entries are chained when their transaction commits, not when they are written.
-- 030 moved the chain's head by the statement that wrote the entry, so the head row stayed
-- locked from that statement until COMMIT: across a round trip to the client, which on a
-- busy machine means waiting for the client's thread to be scheduled again. Every writer
-- queued behind it (docs/benchmarks.md §6.1).
--
-- An entry is now written to audit_pending. A deferred constraint trigger runs when the
-- transaction commits, inside the server: it moves the head, writes the chained entry to
-- audit_log and removes the pending row. The head is then locked only while the COMMIT
-- itself runs. Entries of one transaction are chained in the order they were written. A
-- failure here fails the COMMIT, and nothing of the transaction is kept.
--
-- The hash is AuditChainText's (store/audit_repository.cc): the previous hash and the seq as
-- fields, then the entry's tail, computed by the application (column tail).
CREATE TABLE audit_pending (
  id BIGSERIAL PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id BIGINT,
  org_id BIGINT,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  detail TEXT NOT NULL,
  tail TEXT NOT NULL
);

CREATE FUNCTION hoshitori_audit_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  chained BIGINT;
BEGIN
  -- Under READ COMMITTED an UPDATE that waited for the head's lock works on the version
  -- committed last, so concurrent transactions chain one after another.
  WITH head AS (
    UPDATE audit_head SET seq = seq + 1, prev_hash = hash,
      hash = encode(sha256(convert_to(octet_length(hash) || ':' || hash || '|' ||
        octet_length(CAST(seq + 1 AS TEXT)) || ':' || CAST(seq + 1 AS TEXT) || '|' ||
        NEW.tail, 'UTF8')), 'hex')
    WHERE id = 1 RETURNING seq, prev_hash, hash)
  INSERT INTO audit_log (seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash)
  SELECT seq, NEW.at, NEW.actor_user_id, NEW.org_id, NEW.action, NEW.resource, NEW.detail, prev_hash, hash
  FROM head
  RETURNING seq INTO chained;
  IF chained IS NULL THEN
    RAISE EXCEPTION 'the audit chain''s head (table audit_head) is missing';
  END IF;
  DELETE FROM audit_pending WHERE id = NEW.id;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER audit_chain_at_commit
  AFTER INSERT ON audit_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION hoshitori_audit_chain();
