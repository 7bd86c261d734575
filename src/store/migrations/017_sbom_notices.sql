-- postgresql only
-- Change notices for the SBOM data (issue 17): products, their versions, deliveries,
-- containment, stored SBOMs, VEX statements, and OSV advisories. Each statement announces its
-- table's name alone: the SBOM engines (service/sbom_engines.h) reload as a whole whatever
-- organisation changed, so naming organisations would buy nothing yet. sbom_components is
-- written only together with sbom_documents, whose notice covers it (an upload of 200,000
-- components announces once, not per row).
--
-- SQLite records this migration without running it: a SQLite database has one server.

CREATE TRIGGER products_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER product_versions_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_versions
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER product_deliveries_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_deliveries
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER product_contents_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_contents
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER sbom_documents_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sbom_documents
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER vex_statements_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vex_statements
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
CREATE TRIGGER advisories_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON advisories
  FOR EACH STATEMENT EXECUTE FUNCTION hoshitori_announce_change();
