-- postgresql only
-- Audit entries are chained by whichever transaction finds the chain's head free; nobody
-- waits for it while committing. Under 031 every COMMIT that wrote an entry locked the head
-- row and held it until its commit record was flushed, so writers queued there one by one:
-- on the benchmark's write-heavy mix, with the machine busy, the chaining statement waited
-- 9.9 ms on average (pg_stat_statements; docs/benchmarks.md §6.0).
--
-- hoshitori_audit_chain_pending(wait) chains every entry waiting in audit_pending that the
-- calling statement can see, in id order (so the entries of one transaction keep the order
-- they were written in: a snapshot sees all of a transaction's entries or none), moving the
-- head once; it returns how many it chained, or -1 when the head is missing and `wait` is set.
-- With wait = false it gives up at once when another transaction holds the head;
-- the entries it leaves are chained by the next one that holds it: the next COMMIT that
-- wrote an entry, any reader of the log (AuditRepository chains before it reads), or the
-- server's sweep (every few seconds). The chain never forks: only the holder of the head
-- appends. A missing head still fails the COMMIT, and nothing of the transaction is kept.
--
-- The hash is 031's: the previous hash and the seq as fields, then the entry's tail
-- (AuditChainTail, computed by the application; store/audit_repository.cc).
CREATE FUNCTION hoshitori_audit_chain_pending(wait boolean) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  head_seq bigint;
  head_prev text;
  head_hash text;
  entry record;
  chained bigint := 0;
BEGIN
  IF wait THEN
    SELECT seq, prev_hash, hash INTO head_seq, head_prev, head_hash FROM audit_head WHERE id = 1 FOR UPDATE;
  ELSE
    SELECT seq, prev_hash, hash INTO head_seq, head_prev, head_hash FROM audit_head WHERE id = 1
      FOR UPDATE SKIP LOCKED;
    IF NOT FOUND AND EXISTS (SELECT 1 FROM audit_head WHERE id = 1) THEN
      RETURN 0;  -- another transaction holds the head; it or the next holder chains these
    END IF;
  END IF;
  IF head_hash IS NULL AND wait THEN
    RETURN -1;  -- a reader's call: the log can still be read, and entries keep waiting
  ELSIF head_hash IS NULL THEN
    RAISE EXCEPTION 'the audit chain''s head (table audit_head) is missing';
  END IF;
  FOR entry IN SELECT id, at, actor_user_id, org_id, action, resource, detail, tail
               FROM audit_pending ORDER BY id LOOP
    head_seq := head_seq + 1;
    head_prev := head_hash;
    head_hash := encode(sha256(convert_to(octet_length(head_prev) || ':' || head_prev || '|' ||
      octet_length(CAST(head_seq AS TEXT)) || ':' || CAST(head_seq AS TEXT) || '|' ||
      entry.tail, 'UTF8')), 'hex');
    INSERT INTO audit_log (seq, at, actor_user_id, org_id, action, resource, detail, prev_hash, hash)
    VALUES (head_seq, entry.at, entry.actor_user_id, entry.org_id, entry.action, entry.resource,
            entry.detail, head_prev, head_hash);
    DELETE FROM audit_pending WHERE id = entry.id;
    chained := chained + 1;
  END LOOP;
  IF chained > 0 THEN
    UPDATE audit_head SET seq = head_seq, prev_hash = head_prev, hash = head_hash WHERE id = 1;
  END IF;
  RETURN chained;
END
$$;

-- The COMMIT's trigger (one per entry written; the first of a transaction that holds the head
-- chains them all, the others find nothing left).
CREATE OR REPLACE FUNCTION hoshitori_audit_chain() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM hoshitori_audit_chain_pending(false);
  RETURN NULL;
END
$$;
