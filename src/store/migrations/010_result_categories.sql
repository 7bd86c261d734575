-- Stored results as typed rows: one row per category of the assessed framework, with its
-- coverage and maturity (0..1 and 0..5, assess/scoring.h), written with the result in
-- one transaction. Industry averages read these rows instead of parsing the evaluation JSON.
-- Existing results lose their digest so that the server computes them again at start (and
-- writes their categories): nothing is computed in SQL.
CREATE TABLE assessment_result_categories (
  assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  category TEXT NOT NULL,
  coverage DOUBLE PRECISION NOT NULL,
  maturity DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (assessment_id, position)
);
UPDATE assessment_results SET catalog_digest = '';
