-- OSV advisories (issue 17), imported offline by `hoshitori osv import`, and the packages
-- each names, so that an SBOM upload or a server start can find the advisories of a package.
-- `document` is the advisory as OSV JSON written back from what the reader kept
-- (sbom/advisory.h lists what that is), whatever the source was (JSON or YAML, directory or
-- zip): reading it again gives the same advisory. `modified` and `withdrawn` are UTC in the
-- fixed-width form YYYY-MM-DDTHH:MM:SS.ffffffZ, so that text order is time order.
CREATE TABLE advisories (
  id TEXT PRIMARY KEY,
  modified TEXT NOT NULL,
  withdrawn TEXT,
  summary TEXT NOT NULL,
  document TEXT NOT NULL,
  imported_at TEXT NOT NULL
);

-- One row per distinct Package URL key (pkg:type/namespace/name, sbom/purl.h PackageKey)
-- an advisory's affected entries name.
CREATE TABLE advisory_packages (
  advisory_id TEXT NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
  package_key TEXT NOT NULL,
  PRIMARY KEY (advisory_id, package_key)
);
CREATE INDEX advisory_packages_by_key ON advisory_packages (package_key);
