-- The buyer's contractual incident notice on a supply relationship (issue 16): how many hours
-- after the supplier becomes aware of an incident the contract gives it to tell the buyer.
-- The incident deadlines (regime buyer-contract, service/incident_deadlines.h) use these hours;
-- without a row the regime's default applies. One row per relationship, written by the buyer's
-- admin (service/notice_terms_service.h); org_id is the buyer, the row's owner.
-- hours is 1..share::kMaxContractHours (8784, 366 days); set_at is UTC "YYYY-MM-DDTHH:MM:SSZ".
CREATE TABLE relationship_notice_terms (
  relationship_id BIGINT PRIMARY KEY REFERENCES relationships (id),
  org_id BIGINT NOT NULL REFERENCES organisations (id),
  hours INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 8784),
  set_by BIGINT NOT NULL REFERENCES users (id),
  set_at TEXT NOT NULL
);
CREATE INDEX relationship_notice_terms_by_org ON relationship_notice_terms (org_id);
