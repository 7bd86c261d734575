-- postgresql only
-- Change notices for the tables of issue 15 that a server caches from: the buyer's
-- per-relationship requirement overrides (019), which decide compliance on the supplier board,
-- and the assessments' names and target levels and the answers carried over to confirm (018),
-- which the assessment pages show. Each statement announces its table's name alone
-- (ChangeScopeOfNotice: every organisation's policy or assessments).
--
-- SQLite records this migration without running it: a SQLite database has one server.

CREATE TRIGGER requirement_overrides_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON requirement_overrides
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER assessment_profiles_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assessment_profiles
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER carried_answers_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON carried_answers
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
