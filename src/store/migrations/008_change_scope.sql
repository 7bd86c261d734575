-- postgresql only
-- Change notices that name what changed (store/change_scope.h). 007 announced only a table's
-- name, so every node dropped every cache for any change. Each statement now announces
--   <table>:o:<organisation ids>   for tables of organisations' data, or
--   <table>:u:<user ids>           for credentials (users, sessions, api_tokens),
-- the ids distinct and ascending, gathered from the statement's transition tables (the rows
-- it inserted, the old and new versions of the rows it updated, the rows it deleted). A
-- statement that changed no row announces an empty list ("users:u:"): the table was written,
-- nothing in it changed. When the payload would pass 7,000 bytes
-- (PostgreSQL's limit is 8,000) or an organisation cannot be found, the table's name alone
-- is sent: anything in that table may have changed. TRUNCATE announces the name alone too.
--
-- Organisations named per table: an assessment, answer or stored result its owner; a share
-- its owner and the buyer it is shared with; a request its buyer and supplier; a
-- relationship its declarer, buyer and supplier; a disclosure its declarer and viewer; a
-- policy its buyer; a profile the organisation itself.
--
-- SQLite records this migration without running it: a SQLite database has one server.

-- Trigger arguments: the kind of ids ('o' or 'u'), then one source per id column: a column
-- name of the changed table, or 'assessment:<column>' for the owner of the assessment whose
-- id is in <column>.
CREATE OR REPLACE FUNCTION hoshitori_announce_scope() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  kind text := TG_ARGV[0];
  source text;
  expression text;
  selects text[] := '{}';
  ids bigint[];
  payload text;
BEGIN
  FOR i IN 1 .. TG_NARGS - 1 LOOP
    source := TG_ARGV[i];
    IF source LIKE 'assessment:%' THEN
      -- -1 marks a row whose assessment is gone: the owner is not known.
      expression := format('SELECT COALESCE(a.org_id, -1) FROM %%s r LEFT JOIN assessments a ON a.id = r.%I',
                           substr(source, 12));
    ELSE
      expression := format('SELECT r.%I FROM %%s r', source);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      selects := selects || format(expression, 'new_rows');
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      selects := selects || format(expression, 'old_rows');
    END IF;
  END LOOP;
  EXECUTE 'SELECT array_agg(DISTINCT id ORDER BY id) FROM (' || array_to_string(selects, ' UNION ALL ')
          || ') AS changed(id) WHERE id IS NOT NULL'
    INTO ids;
  payload := TG_TABLE_NAME || ':' || kind || ':' || COALESCE(array_to_string(ids, ','), '');
  IF octet_length(payload) > 7000 OR -1 = ANY (COALESCE(ids, '{}')) THEN
    payload := TG_TABLE_NAME;
  END IF;
  PERFORM pg_notify('hoshitori_changes', payload);
  RETURN NULL;
END
$$;

-- Replaces 007's triggers on `tbl` by scoped ones: one per event (a trigger with transition
-- tables serves one event), plus TRUNCATE with the table's name alone.
CREATE OR REPLACE FUNCTION hoshitori_scope_triggers(tbl text, arguments text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', tbl || '_announce', tbl);
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_scope(%s)',
                 tbl || '_announce_insert', tbl, arguments);
  EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_scope(%s)',
                 tbl || '_announce_update', tbl, arguments);
  EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_scope(%s)',
                 tbl || '_announce_delete', tbl, arguments);
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                 'FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change()',
                 tbl || '_announce_truncate', tbl);
END
$$;

SELECT hoshitori_scope_triggers('organisations', '''o'', ''id''');
SELECT hoshitori_scope_triggers('assessments', '''o'', ''org_id''');
SELECT hoshitori_scope_triggers('answers', '''o'', ''org_id''');
SELECT hoshitori_scope_triggers('assessment_results', '''o'', ''assessment:assessment_id''');
SELECT hoshitori_scope_triggers('relationships', '''o'', ''org_id'', ''buyer_id'', ''supplier_id''');
SELECT hoshitori_scope_triggers('chain_disclosures', '''o'', ''org_id'', ''viewer_id''');
SELECT hoshitori_scope_triggers('shares', '''o'', ''org_id'', ''buyer_org_id''');
SELECT hoshitori_scope_triggers('assessment_requests', '''o'', ''org_id'', ''supplier_org_id''');
SELECT hoshitori_scope_triggers('buyer_policies', '''o'', ''org_id''');
SELECT hoshitori_scope_triggers('users', '''u'', ''id''');
SELECT hoshitori_scope_triggers('sessions', '''u'', ''user_id''');
SELECT hoshitori_scope_triggers('api_tokens', '''u'', ''user_id''');

DROP FUNCTION hoshitori_scope_triggers(text, text);
