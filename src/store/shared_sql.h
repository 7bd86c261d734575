// SQL shared by the SQLite and PostgreSQL stores (parameters written $1, $2, ... in order
// of appearance, which both bind by position).
#pragma once

namespace hoshitori {

// Active shares to a buyer ($1) at a time ($2), with assessment (columns 9..22), supplier
// (23..29) and stored result (30..32, NULL when none).
inline constexpr const char* kActiveSharedAssessmentsSql =
    "SELECT s.id, s.org_id, s.assessment_id, s.buyer_org_id, s.detail, s.request_id, s.created_at, "
    "s.expires_at, s.revoked_at, "
    "a.id, a.org_id, a.framework_id, a.scope, a.status, a.attestation, a.management_declaration, "
    "a.valid_from, a.valid_until, a.created_at, a.updated_at, a.version, a.assessor_org_id, a.submitted_at, "
    "o.id, o.corporate_number, o.name, o.industry, o.employees, o.capital_yen, o.created_at, "
    "r.eligible_star, r.present_stars, r.evaluated_at "
    "FROM shares s JOIN assessments a ON a.id = s.assessment_id JOIN organisations o ON o.id = a.org_id "
    "LEFT JOIN assessment_results r ON r.assessment_id = a.id "
    "WHERE s.buyer_org_id = $1 AND s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > $2) "
    "ORDER BY s.id";

}  // namespace hoshitori
