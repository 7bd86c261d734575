-- Stored results name the catalog they were computed against (a digest of the framework,
-- the SCS scheme and the mappings between them; api/results.h CatalogDigest). At start the
-- server computes again every result whose digest is not the current catalog's, so a change
-- of weights, level tags or mappings never leaves stale levels behind. Existing results have
-- no digest yet and are computed again once.
ALTER TABLE assessment_results ADD COLUMN catalog_digest TEXT NOT NULL DEFAULT '';
