-- postgresql only
-- The change notices of 008, sent by functions with static SQL: one function per table and
-- event instead of one function that assembles its query text from the trigger's arguments
-- and EXECUTEs it on every statement. PL/pgSQL plans an EXECUTEd query each time it runs; a
-- static query is planned once per session and reused. Measured with pgbench on one
-- `UPDATE shares` per transaction: 0.69 ms with 008's function, 0.48 ms with a static one,
-- 0.48 ms with no trigger at all (docs/benchmarks.md §6.0). Every write that the supplier
-- boards must see goes through one of these triggers.
--
-- The payloads are 008's, byte for byte (store/change_scope.h parses them):
--   <table>:o:<organisation ids> or <table>:u:<user ids>, ids distinct and ascending, or the
--   table's name alone when the payload would pass 7,000 bytes or an organisation cannot be
--   found (an assessment result whose assessment is gone). TRUNCATE keeps 007's function.
--
-- SQLite records this migration without running it: a SQLite database has one server.

-- Writes the three functions of `tbl` (hoshitori_announce_<tbl>_insert, _update, _delete)
-- and points the table's triggers of 008 at them. `sources` as in 008: a column of the table,
-- or 'assessment:<column>' for the owner of the assessment whose id is in <column>.
CREATE FUNCTION hoshitori_static_scope_triggers(tbl text, kind text, sources text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  event text;
  transition text;
  source text;
  selects text[];
  function_name text;
BEGIN
  FOREACH event IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
    selects := '{}';
    FOREACH transition IN ARRAY ARRAY['new_rows', 'old_rows'] LOOP
      CONTINUE WHEN (event = 'insert' AND transition = 'old_rows')
                 OR (event = 'delete' AND transition = 'new_rows');
      FOREACH source IN ARRAY sources LOOP
        IF source LIKE 'assessment:%' THEN
          selects := selects || format('SELECT COALESCE(a.org_id, -1) FROM %I r LEFT JOIN assessments a ON a.id = r.%I',
                                       transition, substr(source, 12));
        ELSE
          selects := selects || format('SELECT r.%I FROM %I r', source, transition);
        END IF;
      END LOOP;
    END LOOP;
    function_name := format('hoshitori_announce_%s_%s', tbl, event);
    EXECUTE format(
      'CREATE OR REPLACE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql AS $f$ '
      'DECLARE ids bigint[]; payload text; '
      'BEGIN '
      '  SELECT array_agg(DISTINCT id ORDER BY id) INTO ids FROM (%s) AS changed(id) WHERE id IS NOT NULL; '
      '  payload := %L || COALESCE(array_to_string(ids, %L), %L); '
      '  IF octet_length(payload) > 7000 OR -1 = ANY (COALESCE(ids, %L)) THEN payload := %L; END IF; '
      '  PERFORM pg_notify(%L, payload); '
      '  RETURN NULL; '
      'END $f$',
      function_name, array_to_string(selects, ' UNION ALL '), tbl || ':' || kind || ':', ',', '', '{}', tbl,
      'hoshitori_changes');
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER %s ON %I %s FOR EACH STATEMENT EXECUTE FUNCTION %I()',
                   tbl || '_announce_' || event, upper(event), tbl,
                   CASE event
                     WHEN 'insert' THEN 'REFERENCING NEW TABLE AS new_rows'
                     WHEN 'update' THEN 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                     ELSE 'REFERENCING OLD TABLE AS old_rows'
                   END,
                   function_name);
  END LOOP;
END
$$;

SELECT hoshitori_static_scope_triggers('organisations', 'o', ARRAY['id']);
SELECT hoshitori_static_scope_triggers('assessments', 'o', ARRAY['org_id']);
SELECT hoshitori_static_scope_triggers('answers', 'o', ARRAY['org_id']);
SELECT hoshitori_static_scope_triggers('assessment_results', 'o', ARRAY['assessment:assessment_id']);
SELECT hoshitori_static_scope_triggers('relationships', 'o', ARRAY['org_id', 'buyer_id', 'supplier_id']);
SELECT hoshitori_static_scope_triggers('chain_disclosures', 'o', ARRAY['org_id', 'viewer_id']);
SELECT hoshitori_static_scope_triggers('shares', 'o', ARRAY['org_id', 'buyer_org_id']);
SELECT hoshitori_static_scope_triggers('assessment_requests', 'o', ARRAY['org_id', 'supplier_org_id']);
SELECT hoshitori_static_scope_triggers('buyer_policies', 'o', ARRAY['org_id']);
SELECT hoshitori_static_scope_triggers('users', 'u', ARRAY['id']);
SELECT hoshitori_static_scope_triggers('sessions', 'u', ARRAY['user_id']);
SELECT hoshitori_static_scope_triggers('api_tokens', 'u', ARRAY['user_id']);

DROP FUNCTION hoshitori_static_scope_triggers(text, text, text[]);
DROP FUNCTION hoshitori_announce_scope();
