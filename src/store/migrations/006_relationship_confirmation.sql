-- Confirmation and end of supply-chain relationships. A relationship declared by one party
-- is a one-sided claim until the other party confirms it (confirmed_at); either party can
-- end it (ended_at, ended_by: it then leaves every view, and the same buyer, supplier and
-- kind may be declared again). A claim the other party rejects is ended by that party
-- without ever having been confirmed. An operator's import (`hoshitori chain import`) is
-- stored confirmed.
--
-- Relationships stored before this migration were accepted without confirmation; they are
-- kept as confirmed, so that existing chains do not go dark. Either party can now end one
-- it does not recognise.

ALTER TABLE relationships ADD COLUMN confirmed_at TEXT;
ALTER TABLE relationships ADD COLUMN ended_at TEXT;
ALTER TABLE relationships ADD COLUMN ended_by BIGINT REFERENCES organisations (id);
UPDATE relationships SET confirmed_at = created_at;

DROP INDEX relationships_by_pair;
CREATE UNIQUE INDEX relationships_by_pair ON relationships (buyer_id, supplier_id, kind)
  WHERE ended_at IS NULL;
