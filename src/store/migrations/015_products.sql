-- A supplier's products and their versions, the deliveries of a version to a buyer over a
-- supply relationship, products contained in other products (across organisations), the
-- SBOM stored per version and the supplier's VEX statements per version (issue 17).
--
-- Every row carries its owning organisation (org_id): the supplier that owns the product.
-- A delivery's org_id is the supplier (the product's owner and the relationship's supplier);
-- a containment's the owner of the outer version. Names of kinds, formats and statuses are
-- those of service/product_service.h and sbom/vex.h.

CREATE TABLE products (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('software', 'device', 'cloud_service')),
  purl TEXT,
  cpe TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (org_id, name)
);

CREATE TABLE product_versions (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  product_id BIGINT NOT NULL REFERENCES products (id),
  version TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (product_id, version)
);
CREATE INDEX product_versions_by_org ON product_versions (org_id);

-- A version delivered over a relationship whose supplier is org_id; buyer_id is the
-- relationship's buyer (copied so that a buyer's deliveries are found without a join).
-- share_sbom: the buyer may read the version's SBOM; disclose_matches: the buyer may see the
-- version's VEX statements and the matches found in it. A buyer sees a delivery only while
-- it is not ended and its relationship is confirmed and not ended. One live delivery per
-- version and relationship; an ended one stays (history) and may be declared again.
CREATE TABLE product_deliveries (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  product_version_id BIGINT NOT NULL REFERENCES product_versions (id),
  relationship_id BIGINT NOT NULL REFERENCES relationships (id),
  buyer_id BIGINT NOT NULL REFERENCES organisations (id),
  share_sbom INTEGER NOT NULL DEFAULT 0 CHECK (share_sbom IN (0, 1)),
  disclose_matches INTEGER NOT NULL DEFAULT 1 CHECK (disclose_matches IN (0, 1)),
  created_at TEXT NOT NULL,
  ended_at TEXT,
  CHECK (buyer_id <> org_id)
);
CREATE UNIQUE INDEX product_deliveries_live ON product_deliveries (product_version_id, relationship_id)
  WHERE ended_at IS NULL;
CREATE INDEX product_deliveries_by_buyer ON product_deliveries (buyer_id);
CREATE INDEX product_deliveries_by_org ON product_deliveries (org_id);

-- "outer contains inner": org_id owns the outer version; the inner one is its own or was
-- delivered to org_id (checked by the service, with the absence of cycles, in the same
-- transaction).
CREATE TABLE product_contents (
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  outer_version_id BIGINT NOT NULL REFERENCES product_versions (id),
  inner_version_id BIGINT NOT NULL REFERENCES product_versions (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (outer_version_id, inner_version_id),
  CHECK (outer_version_id <> inner_version_id)
);
CREATE INDEX product_contents_by_inner ON product_contents (inner_version_id);

-- The current SBOM of a version (an upload replaces it). uploaded_by is NULL when the
-- operator imported it on the command line.
CREATE TABLE sbom_documents (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  product_version_id BIGINT NOT NULL UNIQUE REFERENCES product_versions (id),
  format TEXT NOT NULL CHECK (format IN ('CycloneDX', 'SPDX')),
  encoding TEXT NOT NULL CHECK (encoding IN ('JSON', 'XML', 'tag-value')),
  spec_version TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  component_count BIGINT NOT NULL CHECK (component_count >= 0),
  uploaded_by BIGINT REFERENCES users (id),
  uploaded_at TEXT NOT NULL
);

-- The components of an SBOM in document order (ordinal from 0; parent: the ordinal of the
-- enclosing CycloneDX component). purl is as written ('' when none); package_key
-- (sbom/purl.h PackageKey) and normalised_purl (canonical, with version) are NULL when the
-- purl is missing or invalid. cpes, licenses and hashes ('ALG:value') are joined by a
-- newline.
CREATE TABLE sbom_components (
  sbom_id BIGINT NOT NULL REFERENCES sbom_documents (id),
  ordinal BIGINT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  parent BIGINT,
  ref TEXT NOT NULL,
  type TEXT NOT NULL,
  grp TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  purl TEXT NOT NULL,
  package_key TEXT,
  normalised_purl TEXT,
  cpes TEXT NOT NULL,
  supplier TEXT NOT NULL,
  licenses TEXT NOT NULL,
  hashes TEXT NOT NULL,
  PRIMARY KEY (sbom_id, ordinal)
);
CREATE INDEX sbom_components_by_key ON sbom_components (package_key);

-- The supplier's latest statement per version and vulnerability (an upload or an edit
-- replaces the earlier one). products and subcomponents as written, joined by a newline.
-- updated_by is NULL for the operator.
CREATE TABLE vex_statements (
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  product_version_id BIGINT NOT NULL REFERENCES product_versions (id),
  vulnerability TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('not_affected', 'affected', 'fixed', 'under_investigation')),
  justification TEXT NOT NULL,
  impact TEXT NOT NULL,
  action TEXT NOT NULL,
  products TEXT NOT NULL,
  subcomponents TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('upload', 'edit')),
  updated_by BIGINT REFERENCES users (id),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (product_version_id, vulnerability)
);
CREATE INDEX vex_statements_by_vulnerability ON vex_statements (vulnerability);
