-- The scheme operator's registry of accredited assessors (issue 14) and the management
-- declaration of a submission as a record.
--
-- An accreditation is granted by the operator only (`hoshitori assessor accredit`): kind
-- 'expert' is a person (user_id) who may confirm ★3, with a qualification and its
-- registration number; kind 'body' is an evaluation body (org_id) that may evaluate ★4, with
-- an accreditation number and its scope. org_id is always the organisation that acts: the
-- body itself, or the expert's own organisation. Dates are YYYY-MM-DD text (text order is
-- date order); an accreditation counts only while status is 'active' and the day lies in
-- [valid_from, valid_until]. Suspension can be lifted; withdrawal is final. The directory
-- facts (display name, region, industries, languages, fees, availability, contact) are what
-- suppliers search by. At most one accreditation of each expert and of each body is not
-- withdrawn at a time.
CREATE TABLE accreditations (
  id {{id}},
  kind TEXT NOT NULL CHECK (kind IN ('expert', 'body')),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  user_id BIGINT REFERENCES users (id),
  number TEXT NOT NULL CHECK (number <> ''),
  qualification TEXT NOT NULL DEFAULT '',
  scope TEXT NOT NULL DEFAULT '',
  valid_from TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'withdrawn')),
  status_reason TEXT NOT NULL DEFAULT '',
  status_changed_on TEXT,
  display_name TEXT NOT NULL CHECK (display_name <> ''),
  -- JIS X 0401 prefecture code '01'..'47', or '' when not given.
  region TEXT NOT NULL DEFAULT '',
  -- JSIC major group letters, e.g. 'EG' (manufacturing, information and communications).
  industries TEXT NOT NULL DEFAULT '',
  -- Language tags joined by ',', e.g. 'ja,en'.
  languages TEXT NOT NULL DEFAULT 'ja',
  fee_min_yen BIGINT CHECK (fee_min_yen IS NULL OR fee_min_yen >= 0),
  fee_max_yen BIGINT CHECK (fee_max_yen IS NULL OR fee_max_yen >= 0),
  accepting INTEGER NOT NULL DEFAULT 1 CHECK (accepting IN (0, 1)),
  contact TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((kind = 'expert' AND user_id IS NOT NULL) OR (kind = 'body' AND user_id IS NULL)),
  CHECK (valid_from <= valid_until),
  CHECK (fee_min_yen IS NULL OR fee_max_yen IS NULL OR fee_min_yen <= fee_max_yen)
);
CREATE UNIQUE INDEX accreditations_by_number ON accreditations (kind, number);
CREATE UNIQUE INDEX accreditations_current_expert ON accreditations (user_id)
  WHERE kind = 'expert' AND status <> 'withdrawn';
CREATE UNIQUE INDEX accreditations_current_body ON accreditations (org_id)
  WHERE kind = 'body' AND status <> 'withdrawn';
CREATE INDEX accreditations_by_org ON accreditations (org_id);

-- The management declaration (経営層の宣言) the supplier gave when it submitted an
-- assessment for ★3 or above: who declared (name and title of the representative), on which
-- day, and which text they agreed to (its version and the SHA-256 of its Japanese and
-- English wording, service/management_declaration.h). One per assessment; a later
-- submission of the same assessment replaces it.
CREATE TABLE management_declarations (
  assessment_id BIGINT PRIMARY KEY REFERENCES assessments (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  representative_name TEXT NOT NULL CHECK (representative_name <> ''),
  representative_title TEXT NOT NULL CHECK (representative_title <> ''),
  declared_on TEXT NOT NULL,
  text_version TEXT NOT NULL,
  text_digest TEXT NOT NULL,
  recorded_by BIGINT REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX management_declarations_by_org ON management_declarations (org_id);
