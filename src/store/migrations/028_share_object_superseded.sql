-- TAXII 2.1 reads (issue 16): whether a stored object version has a later version in its group.
--
-- A collection's objects page lists by default only the last version of each object. Asking
-- "is there a later version?" for every row was one index seek per row, the largest part of a
-- page's cost after the walk itself. `superseded` keeps the answer with the row: 1 when the
-- group holds a later version of the same object, else 0. ShareObjectRepository keeps it right
-- on every write (insert and delete), under a per-object lock on PostgreSQL.
ALTER TABLE share_objects ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1));
UPDATE share_objects SET superseded = 1 WHERE EXISTS (
  SELECT 1 FROM share_objects v
  WHERE v.group_id = share_objects.group_id AND v.stix_id = share_objects.stix_id
    AND v.version > share_objects.version);
