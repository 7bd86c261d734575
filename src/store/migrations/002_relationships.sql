-- Supply-chain relationships: directed buyer → supplier edges, and the disclosure consent
-- that lets organisations upstream see them. A relationship is owned by the organisation
-- that declared it (org_id: its buyer or its supplier); a disclosure by the declarer that
-- grants it. Names of kinds and levels are those of src/chain/relationship.h.

CREATE TABLE relationships (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  buyer_id BIGINT NOT NULL REFERENCES organisations (id),
  supplier_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('parts', 'manufacturing', 'it_outsourcing', 'subcontracting',
                                     'cloud_service', 'logistics', 'other')),
  -- 'none' or data classes joined by '|' in scale order: internal, confidential,
  -- important_confidential, personal.
  data_handled TEXT NOT NULL DEFAULT 'none',
  connectivity TEXT NOT NULL DEFAULT 'none' CHECK (connectivity IN ('none', 'email', 'portal', 'vpn', 'ot')),
  substitutability TEXT NOT NULL DEFAULT 'easy' CHECK (substitutability IN ('easy', 'delayed', 'single_source')),
  production_critical INTEGER NOT NULL DEFAULT 0 CHECK (production_critical IN (0, 1)),
  on_supplier_it INTEGER NOT NULL DEFAULT 1 CHECK (on_supplier_it IN (0, 1)),
  start_date TEXT,
  end_date TEXT,
  created_at TEXT NOT NULL,
  CHECK (buyer_id <> supplier_id),
  CHECK (org_id = buyer_id OR org_id = supplier_id),
  CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
);
CREATE UNIQUE INDEX relationships_by_pair ON relationships (buyer_id, supplier_id, kind);
CREATE INDEX relationships_by_supplier ON relationships (supplier_id);
CREATE INDEX relationships_by_org ON relationships (org_id);

-- The declarer (org_id) shows the relationships it declared to viewer_id, or, when
-- viewer_id is NULL, to every organisation upstream of it in the chain.
CREATE TABLE chain_disclosures (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  viewer_id BIGINT REFERENCES organisations (id),
  created_at TEXT NOT NULL,
  CHECK (viewer_id IS NULL OR viewer_id <> org_id)
);
CREATE INDEX chain_disclosures_by_org ON chain_disclosures (org_id);
