-- The buyer's bulk work (issue 15): per-relationship requirement overrides and deadlines on
-- assessment requests.
--
-- An override is a buyer's own decision on one of its relationships ("this supplier needs
-- ★4"): it replaces the policy's evaluation of that relationship (chain/compliance.h). It is
-- owned by the buyer (org_id, the relationship's buyer) and ends with the relationship (a
-- relationship ended is not evaluated at all). One override per relationship and buyer.
CREATE TABLE requirement_overrides (
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  relationship_id BIGINT NOT NULL REFERENCES relationships (id),
  star INTEGER NOT NULL CHECK (star >= 1 AND star <= 5),
  reason TEXT NOT NULL DEFAULT '',
  set_by BIGINT REFERENCES users (id),
  set_at TEXT NOT NULL,
  PRIMARY KEY (org_id, relationship_id)
);

-- The day by which the buyer asks the supplier to answer (YYYY-MM-DD), or none.
ALTER TABLE assessment_requests ADD COLUMN deadline TEXT;
