-- postgresql only
-- Change notices for several server nodes on one database (docs/deploy.md). Every statement
-- that changes a table the servers cache (credentials, shares, assessments and their results,
-- the supply graph, policies, organisation profiles) announces the table's name on channel
-- hoshitori_changes. pg_notify inside the writing transaction is delivered only when that
-- transaction commits, and identical notices of one transaction are delivered once. Each
-- `hoshitori serve` listens and drops what it has cached; changes made by the command line
-- (`hoshitori chain import`, `hoshitori user remove`) or by hand in SQL are announced too.
--
-- SQLite records this migration without running it: a SQLite database has one server.

CREATE OR REPLACE FUNCTION hoshitori_announce_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hoshitori_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER organisations_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER assessments_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assessments
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER answers_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON answers
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER assessment_results_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assessment_results
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER relationships_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON relationships
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER chain_disclosures_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON chain_disclosures
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER users_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER sessions_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER api_tokens_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER shares_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON shares
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER assessment_requests_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assessment_requests
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER buyer_policies_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON buyer_policies
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
