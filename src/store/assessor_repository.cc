#include "store/assessor_repository.h"

namespace hoshitori {

namespace {

constexpr const char* kSelectAccreditations =
    "SELECT id, kind, org_id, user_id, number, qualification, scope, valid_from, valid_until, "
    "status, status_reason, status_changed_on, display_name, region, industries, languages, "
    "fee_min_yen, fee_max_yen, accepting, contact, created_at, updated_at FROM accreditations ";

std::optional<AccreditationStatus> ParseStatus(std::string_view name) {
  if (name == "active") return AccreditationStatus::kActive;
  if (name == "suspended") return AccreditationStatus::kSuspended;
  if (name == "withdrawn") return AccreditationStatus::kWithdrawn;
  return std::nullopt;
}

// Reads a row of kSelectAccreditations. A kind or status this version does not know reads as
// the most restrictive value (a body / withdrawn), so an unknown row never grants anything.
Accreditation ReadAccreditation(const SqlRow& r) {
  Accreditation a;
  a.id = r.Int(0);
  a.kind = ParseAccreditationKind(r.Text(1)).value_or(AccreditationKind::kBody);
  a.org_id = r.Int(2);
  a.user_id = r.OptionalInt(3);
  a.number = r.String(4);
  a.qualification = r.String(5);
  a.scope = r.String(6);
  a.valid_from = r.String(7);
  a.valid_until = r.String(8);
  a.status = ParseStatus(r.Text(9)).value_or(AccreditationStatus::kWithdrawn);
  a.status_reason = r.String(10);
  a.status_changed_on = r.OptionalText(11);
  a.display_name = r.String(12);
  a.region = r.String(13);
  a.industries = r.String(14);
  a.languages = r.String(15);
  a.fee_min_yen = r.OptionalInt(16);
  a.fee_max_yen = r.OptionalInt(17);
  a.accepting = r.Int(18) != 0;
  a.contact = r.String(19);
  a.created_at = r.String(20);
  a.updated_at = r.String(21);
  return a;
}

Result<std::vector<Accreditation>> Select(SqlSession& session, const std::string& where,
                                          const SqlParams& params) {
  return QueryAll<Accreditation>(session, "cannot read the accredited assessors",
                                 std::string(kSelectAccreditations) + where, params,
                                 ReadAccreditation);
}

Result<std::optional<Accreditation>> SelectOne(SqlSession& session, const std::string& where,
                                               const SqlParams& params) {
  return QueryFirst<Accreditation>(session, "cannot read an accredited assessor",
                                   std::string(kSelectAccreditations) + where, params,
                                   ReadAccreditation);
}

}  // namespace

std::string_view AccreditationKindName(AccreditationKind kind) {
  return kind == AccreditationKind::kExpert ? "expert" : "body";
}

std::optional<AccreditationKind> ParseAccreditationKind(std::string_view name) {
  if (name == "expert") return AccreditationKind::kExpert;
  if (name == "body") return AccreditationKind::kBody;
  return std::nullopt;
}

std::string_view AccreditationStatusName(AccreditationStatus status) {
  switch (status) {
    case AccreditationStatus::kActive:
      return "active";
    case AccreditationStatus::kSuspended:
      return "suspended";
    case AccreditationStatus::kWithdrawn:
      return "withdrawn";
  }
  return "withdrawn";
}

Result<int64_t> AssessorRepository::Insert(const Accreditation& a) {
  return InsertReturningId(
      session_, "cannot store the accreditation",
      "INSERT INTO accreditations (kind, org_id, user_id, number, qualification, scope, "
      "valid_from, valid_until, status, status_reason, status_changed_on, display_name, region, "
      "industries, languages, fee_min_yen, fee_max_yen, accepting, contact, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      SqlParams(AccreditationKindName(a.kind), a.org_id, a.user_id, a.number, a.qualification,
                a.scope, a.valid_from, a.valid_until, AccreditationStatusName(a.status),
                a.status_reason, a.status_changed_on, a.display_name, a.region, a.industries,
                a.languages, a.fee_min_yen, a.fee_max_yen, a.accepting ? 1 : 0, a.contact,
                a.created_at, a.updated_at));
}

Result<std::optional<Accreditation>> AssessorRepository::Get(int64_t id) {
  return SelectOne(session_, "WHERE id = ?", SqlParams(id));
}

Result<std::vector<Accreditation>> AssessorRepository::List(int64_t limit) {
  return Select(session_, "ORDER BY id DESC LIMIT ?", SqlParams(limit));
}

Result<std::vector<Accreditation>> AssessorRepository::ListActiveOn(const std::string& day,
                                                                    int64_t limit) {
  return Select(session_,
                "WHERE status = 'active' AND valid_from <= ? AND valid_until >= ? "
                "ORDER BY display_name, id LIMIT ?",
                SqlParams(day, day, limit));
}

Result<std::optional<Accreditation>> AssessorRepository::CurrentOfUser(int64_t user_id) {
  return SelectOne(session_, "WHERE kind = 'expert' AND user_id = ? AND status <> 'withdrawn'",
                   SqlParams(user_id));
}

Result<std::optional<Accreditation>> AssessorRepository::CurrentOfBody(int64_t org_id) {
  return SelectOne(session_, "WHERE kind = 'body' AND org_id = ? AND status <> 'withdrawn'",
                   SqlParams(org_id));
}

Result<bool> AssessorRepository::OrganisationAccreditedOn(int64_t org_id, const std::string& day) {
  bool found = false;
  auto ran = session_.Execute(
      "cannot read the accredited assessors",
      "SELECT 1 FROM accreditations WHERE org_id = ? AND status = 'active' AND valid_from <= ? "
      "AND valid_until >= ? AND (user_id IS NULL OR user_id IN "
      "(SELECT id FROM users WHERE disabled_at IS NULL)) LIMIT 1",
      SqlParams(org_id, day, day), [&](const SqlRow&) { found = true; });
  if (!ran) return ran.error();
  return found;
}

Result<bool> AssessorRepository::SetStatus(int64_t id, AccreditationStatus status,
                                           const std::string& reason, const std::string& day,
                                           const std::string& now) {
  auto changed = session_.Execute(
      "cannot change the accreditation",
      "UPDATE accreditations SET status = ?, status_reason = ?, status_changed_on = ?, "
      "updated_at = ? WHERE id = ?",
      SqlParams(AccreditationStatusName(status), reason, day, now, id));
  if (!changed) return changed.error();
  return *changed == 1;
}

Result<bool> AssessorRepository::RelatedOrganisations(int64_t a, int64_t b) {
  bool found = false;
  auto ran = session_.Execute(
      "cannot read the relationships",
      "SELECT 1 FROM relationships WHERE ((buyer_id = ? AND supplier_id = ?) OR "
      "(buyer_id = ? AND supplier_id = ?)) AND NOT (ended_at IS NOT NULL AND "
      "confirmed_at IS NULL AND ended_by IS NOT NULL AND ended_by <> org_id) LIMIT 1",
      SqlParams(a, b, b, a), [&](const SqlRow&) { found = true; });
  if (!ran) return ran.error();
  return found;
}

Status AssessorRepository::PutDeclaration(const StoredDeclaration& d) {
  return ExecuteStatement(
      session_, "cannot store the management declaration",
      "INSERT INTO management_declarations (assessment_id, org_id, representative_name, "
      "representative_title, declared_on, text_version, text_digest, recorded_by, recorded_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET "
      "representative_name = excluded.representative_name, "
      "representative_title = excluded.representative_title, "
      "declared_on = excluded.declared_on, text_version = excluded.text_version, "
      "text_digest = excluded.text_digest, recorded_by = excluded.recorded_by, "
      "recorded_at = excluded.recorded_at",
      SqlParams(d.assessment_id, d.org_id, d.representative_name, d.representative_title,
                d.declared_on, d.text_version, d.text_digest, d.recorded_by, d.recorded_at));
}

Result<std::optional<StoredDeclaration>> AssessorRepository::GetDeclaration(int64_t assessment_id) {
  return QueryFirst<StoredDeclaration>(
      session_, "cannot read the management declaration",
      "SELECT assessment_id, org_id, representative_name, representative_title, declared_on, "
      "text_version, text_digest, recorded_by, recorded_at FROM management_declarations "
      "WHERE assessment_id = ?",
      SqlParams(assessment_id), [](const SqlRow& r) {
        return StoredDeclaration{r.Int(0),    r.Int(1),         r.String(2),
                                 r.String(3), r.String(4),      r.String(5),
                                 r.String(6), r.OptionalInt(7), r.String(8)};
      });
}

}  // namespace hoshitori
