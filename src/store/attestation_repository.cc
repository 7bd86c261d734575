#include "store/attestation_repository.h"

#include "store/id_list.h"

namespace hoshitori {

namespace {

constexpr const char* kColumns =
    "id, assessment_id, org_id, level, kind, framework_id, assessor_name, status_list, "
    "status_index, jws, issued_at, valid_from, expires_at, state, state_changed_at, "
    "state_reason";
constexpr int kColumnCount = 16;

std::string Prefixed(const char* alias) {
  std::string out;
  const std::string_view list(kColumns);
  for (size_t start = 0; start < list.size();) {
    size_t end = list.find(", ", start);
    if (end == std::string_view::npos) end = list.size();
    if (!out.empty()) out += ", ";
    out += alias;
    out.append(list.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

const std::string kSelect = std::string("SELECT ") + kColumns + " FROM issued_attestations";
const std::string kGet = kSelect + " WHERE id = ?";
const std::string kLock = kGet + "{{for_update}}";

IssuedAttestation ReadAttestation(const SqlRow& row, int at = 0) {
  IssuedAttestation a;
  a.id = row.String(at);
  a.assessment_id = row.Int(at + 1);
  a.org_id = row.Int(at + 2);
  a.level = static_cast<int>(row.Int(at + 3));
  a.kind = row.String(at + 4);
  a.framework_id = row.String(at + 5);
  a.assessor_name = row.String(at + 6);
  a.status_list = row.Int(at + 7);
  a.status_index = row.Int(at + 8);
  a.jws = row.String(at + 9);
  a.issued_at = row.String(at + 10);
  a.valid_from = row.String(at + 11);
  a.expires_at = row.String(at + 12);
  a.state = ParseIssuedState(row.Text(at + 13)).value_or(IssuedState::kRevoked);
  a.state_changed_at = row.OptionalText(at + 14);
  a.state_reason = row.String(at + 15);
  return a;
}

IssuedAttestation ReadOne(const SqlRow& row) { return ReadAttestation(row); }

}  // namespace

std::string_view IssuedStateName(IssuedState state) {
  switch (state) {
    case IssuedState::kActive:
      return "active";
    case IssuedState::kSuspended:
      return "suspended";
    case IssuedState::kRevoked:
      return "revoked";
  }
  return "revoked";
}

std::optional<IssuedState> ParseIssuedState(std::string_view name) {
  for (auto state : {IssuedState::kActive, IssuedState::kSuspended, IssuedState::kRevoked}) {
    if (IssuedStateName(state) == name) return state;
  }
  return std::nullopt;
}

Status AttestationRepository::Insert(const IssuedAttestation& a) {
  return ExecuteStatement(
      session_, "cannot store the attestation",
      std::string("INSERT INTO issued_attestations (") + kColumns +
          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      SqlParams(a.id, a.assessment_id, a.org_id, a.level, a.kind, a.framework_id, a.assessor_name,
                a.status_list, a.status_index, a.jws, a.issued_at, a.valid_from, a.expires_at,
                IssuedStateName(a.state), a.state_changed_at, a.state_reason));
}

Result<std::optional<IssuedAttestation>> AttestationRepository::Get(const std::string& id) {
  return QueryFirst<IssuedAttestation>(session_, "cannot read the attestation", kGet, SqlParams(id),
                                       ReadOne);
}

Result<std::optional<IssuedAttestation>> AttestationRepository::Lock(const std::string& id) {
  return QueryFirst<IssuedAttestation>(session_, "cannot read the attestation", kLock,
                                       SqlParams(id), ReadOne);
}

Result<std::vector<IssuedAttestation>> AttestationRepository::ListOfOrganisation(int64_t org_id) {
  return QueryAll<IssuedAttestation>(session_, "cannot list the attestations",
                                     kSelect + " WHERE org_id = ? ORDER BY issued_at DESC, id",
                                     SqlParams(org_id), ReadOne);
}

Result<std::vector<IssuedAttestation>> AttestationRepository::LiveOfAssessment(
    int64_t assessment_id) {
  return QueryAll<IssuedAttestation>(
      session_, "cannot list the attestations",
      kSelect + " WHERE assessment_id = ? AND state <> 'revoked' ORDER BY issued_at, id",
      SqlParams(assessment_id), ReadOne);
}

Result<std::unordered_map<int64_t, std::string>> AttestationRepository::ActiveSharedWith(
    int64_t buyer_org_id, std::optional<int64_t> supplier_org_id, const std::string& now) {
  if (supplier_org_id) return ActiveSharedWith(buyer_org_id, std::vector<int64_t>{*supplier_org_id}, now);
  return ActiveSharedWith(buyer_org_id, nullptr, now);
}

Result<std::unordered_map<int64_t, std::string>> AttestationRepository::ActiveSharedWith(
    int64_t buyer_org_id, const std::vector<int64_t>& supplier_org_ids, const std::string& now) {
  std::unordered_map<int64_t, std::string> active;
  for (const std::vector<int64_t>& chunk : IdListChunks(supplier_org_ids)) {
    auto some = ActiveSharedWith(buyer_org_id, &chunk, now);
    if (!some) return some.error();
    active.merge(*some);  // an assessment is one supplier's: no id is in two chunks' answers
  }
  return active;
}

Result<std::unordered_map<int64_t, std::string>> AttestationRepository::ActiveSharedWith(
    int64_t buyer_org_id, const std::vector<int64_t>* suppliers, const std::string& now) {
  std::unordered_map<int64_t, std::string> active;
  const auto sink = [&](const SqlRow& row) { active.emplace(row.Int(0), row.String(1)); };
  const std::string sql =
      "SELECT a.assessment_id, a.id FROM issued_attestations a WHERE a.state = 'active' AND a.expires_at > ? "
      "AND a.assessment_id IN (SELECT s.assessment_id FROM shares s WHERE s.buyer_org_id = ?" +
      (suppliers ? " AND s.org_id IN (" + IdPlaceholders(suppliers->size()) + ")" : std::string()) +
      ") ORDER BY a.issued_at, a.id";
  SqlParams params(now, buyer_org_id);
  if (suppliers) {
    for (const int64_t id : *suppliers) params.Add(id);
  }
  auto ran = session_.Execute("cannot read the attestations", sql, params, sink);
  if (!ran) return ran.error();
  return active;
}

Result<int64_t> AttestationRepository::Count() {
  int64_t count = 0;
  auto ran =
      session_.Execute("cannot count the attestations", "SELECT COUNT(*) FROM issued_attestations",
                       SqlParams(), [&](const SqlRow& row) { count = row.Int(0); });
  if (!ran) return ran.error();
  return count;
}

Result<int64_t> AttestationRepository::LastStatusList() {
  int64_t last = 0;
  auto ran = session_.Execute("cannot read the status lists",
                              "SELECT COALESCE(MAX(status_list), 0) FROM issued_attestations",
                              SqlParams(), [&](const SqlRow& row) { last = row.Int(0); });
  if (!ran) return ran.error();
  return last;
}

Result<bool> AttestationRepository::IndexTaken(int64_t status_list, int64_t status_index) {
  bool taken = false;
  auto ran = session_.Execute(
      "cannot read the status lists",
      "SELECT 1 FROM issued_attestations WHERE status_list = ? AND status_index = ?",
      SqlParams(status_list, status_index), [&](const SqlRow&) { taken = true; });
  if (!ran) return ran.error();
  return taken;
}

Status AttestationRepository::SetState(const std::string& id, IssuedState state,
                                       const std::string& changed_at, const std::string& reason) {
  return ExpectOneRowChanged(
      session_.Execute("cannot change the attestation",
                       "UPDATE issued_attestations SET state = ?, state_changed_at = ?, "
                       "state_reason = ? WHERE id = ?",
                       SqlParams(IssuedStateName(state), changed_at, reason, id)),
      "attestation " + id + " is not stored");
}

Status AttestationRepository::ForEachFlagged(
    int64_t status_list, const std::function<void(int64_t, IssuedState)>& sink) {
  return session_.Stream("cannot read the status list",
                         "SELECT status_index, state FROM issued_attestations "
                         "WHERE status_list = ? AND state <> 'active'",
                         SqlParams(status_list), [&](const SqlRow& row) {
                           sink(row.Int(0),
                                ParseIssuedState(row.Text(1)).value_or(IssuedState::kRevoked));
                         });
}

Status AttestationRepository::Publish(int64_t org_id, std::optional<int64_t> user_id,
                                      const std::string& at) {
  return ExecuteStatement(session_, "cannot publish the registry entry",
                          "INSERT INTO registry_entries (org_id, published_by, published_at) "
                          "VALUES (?1, ?2, ?3) ON CONFLICT (org_id) DO UPDATE SET "
                          "published_by = ?2, published_at = ?3",
                          SqlParams(org_id, user_id, at));
}

Result<bool> AttestationRepository::Unpublish(int64_t org_id) {
  auto removed =
      session_.Execute("cannot unpublish the registry entry",
                       "DELETE FROM registry_entries WHERE org_id = ?", SqlParams(org_id));
  if (!removed) return removed.error();
  return *removed > 0;
}

Result<bool> AttestationRepository::IsPublished(int64_t org_id) {
  bool published = false;
  auto ran = session_.Execute("cannot read the registry",
                              "SELECT 1 FROM registry_entries WHERE org_id = ?", SqlParams(org_id),
                              [&](const SqlRow&) { published = true; });
  if (!ran) return ran.error();
  return published;
}

Result<std::vector<RegistryCandidate>> AttestationRepository::SearchRegistry(
    const std::optional<std::string>& corporate_number, const std::string& name_part,
    const std::string& now, int64_t max_rows) {
  // LIKE's own wildcards in what the user typed match only themselves.
  std::string pattern = "%";
  for (char c : name_part) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  const std::string sql =
      "SELECT " + Prefixed("i.") +
      ", o.name, o.corporate_number, r.published_at FROM registry_entries r "
      "JOIN organisations o ON o.id = r.org_id "
      "JOIN issued_attestations i ON i.org_id = r.org_id "
      "WHERE i.state <> 'revoked' AND i.expires_at > ? AND " +
      std::string(corporate_number ? "o.corporate_number = ? "
                                   : "lower(o.name) LIKE lower(?) ESCAPE '\\' ") +
      "ORDER BY o.name, o.id, i.issued_at DESC, i.id LIMIT ?";
  return QueryAll<RegistryCandidate>(
      session_, "cannot search the registry", sql,
      SqlParams(now, corporate_number ? *corporate_number : pattern, max_rows),
      [](const SqlRow& row) {
        return RegistryCandidate{ReadAttestation(row), row.String(kColumnCount),
                                 row.String(kColumnCount + 1), row.String(kColumnCount + 2)};
      });
}

}  // namespace hoshitori
