-- Information sharing (issue 16): sharing groups, their members and invitations, and the
-- shared objects (STIX 2.1) that TAXII serves, one collection per group.
--
-- A sharing group is run by one organisation (org_id, its owner: an ISAC, an industry
-- association, a cross-industry group, or a buyer whose consented supply chain is a group of
-- its own). The owner's admins and the admins of member organisations with role 'admin'
-- manage membership; membership is by invitation only. A 'supply_chain' group has no member
-- rows: its members are the owner and the suppliers with a confirmed relationship to it that
-- has not ended (service/tlp_reader computes them), so consent to the relationship is consent
-- to the group. Each buyer has at most one such group.
CREATE TABLE sharing_groups (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  kind TEXT NOT NULL CHECK (kind IN ('isac', 'industry', 'cross_industry', 'supply_chain')),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE UNIQUE INDEX sharing_groups_one_supply_chain ON sharing_groups (org_id) WHERE kind = 'supply_chain';
CREATE INDEX sharing_groups_by_org ON sharing_groups (org_id);

-- A member organisation of a group (org_id: the member). The owner is a member with role
-- 'admin' from the group's creation on.
CREATE TABLE sharing_group_members (
  group_id BIGINT NOT NULL REFERENCES sharing_groups (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  joined_at TEXT NOT NULL,
  invited_by BIGINT REFERENCES users (id),
  PRIMARY KEY (group_id, org_id)
);
CREATE INDEX sharing_group_members_by_org ON sharing_group_members (org_id, group_id);

-- An invitation of an organisation (org_id: the invited one) into a group. At most one open
-- invitation per pair; it ends accepted, declined, revoked or expired.
CREATE TABLE sharing_group_invitations (
  id {{id}},
  group_id BIGINT NOT NULL REFERENCES sharing_groups (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  invited_by BIGINT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  accepted_at TEXT,
  declined_at TEXT,
  revoked_at TEXT
);
CREATE INDEX sharing_group_invitations_by_org ON sharing_group_invitations (org_id, id);
CREATE INDEX sharing_group_invitations_by_group ON sharing_group_invitations (group_id, id);

-- A shared STIX 2.1 object version in a group's collection. org_id is the organisation that
-- shared it (the owner in TLP terms); author_user_id the person. `tlp` is the object's own
-- marking; `audience` is the JSON of its share::SharedObject (its audience and every inherited
-- one) from which every read is decided with share::MayRead. AMBER/AMBER+STRICT recipient
-- organisations and RED named people are also listed in share_object_recipients so a reader's
-- readable objects can be selected by index. `added_at` is TAXII's date_added (UTC with
-- microseconds, fixed width: text order is time order); `version` is the object's `modified`
-- (or `created`), so one object may have several versions. `object` is the object's JSON as
-- stored. source_report_id names the incident report it was published from (none for objects
-- posted through TAXII).
CREATE TABLE share_objects (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  group_id BIGINT NOT NULL REFERENCES sharing_groups (id),
  author_user_id BIGINT REFERENCES users (id),
  stix_id TEXT NOT NULL,
  stix_type TEXT NOT NULL,
  version TEXT NOT NULL,
  added_at TEXT NOT NULL,
  tlp TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber_strict', 'red')),
  audience TEXT NOT NULL,
  source_report_id BIGINT,
  object TEXT NOT NULL
);
CREATE UNIQUE INDEX share_objects_version ON share_objects (group_id, stix_id, version);
CREATE INDEX share_objects_by_added ON share_objects (group_id, added_at, id);
CREATE INDEX share_objects_by_report ON share_objects (source_report_id);

CREATE TABLE share_object_recipients (
  object_id BIGINT NOT NULL REFERENCES share_objects (id),
  org_id BIGINT REFERENCES organisations (id),
  user_id BIGINT REFERENCES users (id),
  CHECK (org_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX share_object_recipients_by_object ON share_object_recipients (object_id);
CREATE INDEX share_object_recipients_by_org ON share_object_recipients (org_id, object_id);
CREATE INDEX share_object_recipients_by_user ON share_object_recipients (user_id, object_id);
