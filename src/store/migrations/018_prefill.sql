-- The supplier's short road (issue 15): answers carried over from the organisation's earlier
-- assessments, waiting for the user's confirmation, and each assessment's name and target
-- level. Every row carries its owning organisation (the assessment's).
--
-- A carried answer is a proposal, not an answer: it is not scored and does not count for
-- submission. Confirming it writes it to `answers` and deletes it here, in one transaction;
-- saving an answer to the same criterion deletes it likewise. `provenance` is JSON: the
-- chains from the answered criteria to this one (service/answer_carry_over.h).
CREATE TABLE carried_answers (
  assessment_id BIGINT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  node_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('implemented', 'partial', 'not_implemented', 'not_applicable', 'unknown')),
  choice TEXT NOT NULL DEFAULT '',
  source_assessment_id BIGINT NOT NULL,
  source_framework TEXT NOT NULL,
  provenance TEXT NOT NULL,
  PRIMARY KEY (assessment_id, node_id)
);
CREATE INDEX carried_answers_by_org ON carried_answers (org_id);

-- The name shown instead of "#11", and the star level the supplier aims for (NULL: the whole
-- framework). With a target, submission needs every criterion tagged at or below it answered.
CREATE TABLE assessment_profiles (
  assessment_id BIGINT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  name TEXT NOT NULL,
  target_star INTEGER CHECK (target_star IS NULL OR (target_star >= 1 AND target_star <= 5))
);
CREATE INDEX assessment_profiles_by_org ON assessment_profiles (org_id);
