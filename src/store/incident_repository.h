// IncidentRepository: incident reports, the de-identified part each approval shared and whom it
// went to, as migration 022 keeps them; plus the few facts about other aggregates the incident
// use cases read in their own transaction (a supplier's confirmed buyers, an organisation's
// admins, sharing group names, the population the reporter's description is generalised over).
// Statuses, TLP markings and JSON columns are kept as text; service/incident_service turns them
// into values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

struct StoredIncidentReport {
  int64_t id = 0;
  int64_t org_id = 0;  // the reporting organisation
  int64_t created_by = 0;
  std::string status;  // draft, approved, shared, withdrawn
  std::string title;
  std::string answers;  // JSON (service/incident_service.h)
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> approved_at;
  std::optional<int64_t> approved_by;
  std::optional<std::string> shared_at;
  std::optional<std::string> withdrawn_at;
  std::optional<int64_t> withdrawn_by;
};

// The approved de-identified part of a report.
struct StoredIncidentShare {
  int64_t report_id = 0;
  int64_t org_id = 0;
  std::string tlp;       // clear, green, amber, amber_strict, red
  std::string audience;  // JSON of a share::SharedObject
  std::optional<int64_t> group_id;
  std::string digest;   // SHA-256 (hex) of `content`
  std::string content;  // JSON of the de-identified part
  std::string approved_at;
  int64_t approved_by = 0;
  std::optional<std::string> withdrawn_at;
};

struct StoredIncidentRecipient {
  int64_t org_id = 0;
  std::optional<int64_t> user_id;  // a named person (TLP:RED)
  std::string connectivity;        // the relationship's, for a warned buyer
  std::string warned_at;
};

// A buyer with a confirmed relationship to the supplier that has not ended. When there are
// several relationships (of different kinds), the closest connectivity counts.
struct ConfirmedBuyer {
  int64_t org_id = 0;
  std::string name;
  std::string corporate_number;
  std::string connectivity;  // ot, vpn, portal, email, none
};

// An active user of an organisation (not removed).
struct OrganisationUser {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string display_name;
  std::string email;
  std::string role;
};

// Organisations per JSIC major group, size band of employees ("1-20", "21-50", "51-100",
// "101-300", "301-1000", "1001+"; "" when unknown) and region of Japan (share/region.h, its
// Japanese name: "関東"; "" when no prefecture is recorded), for k-anonymity.
struct OrganisationShape {
  std::string industry;
  std::string size_band;
  std::string region;
  int64_t organisations = 0;
};

// Works on the session it was given (which must outlive it); one thread at a time. Changes run
// in the caller's transaction; `lock` reads take the row lock where the backend has one.
class IncidentRepository {
 public:
  explicit IncidentRepository(SqlSession& session) : session_(session) {}

  // Stores a new report; returns its id.
  Result<int64_t> Insert(const StoredIncidentReport& report);
  Result<std::optional<StoredIncidentReport>> Get(int64_t id, bool lock = false);
  // The reports of `org_id`, newest first, at most `limit`.
  Result<std::vector<StoredIncidentReport>> ListOf(int64_t org_id, int limit);
  // Every organisation's reports created at or after `since` (UTC text) and not withdrawn,
  // oldest first, at most `limit` (the deadline reminders).
  Result<std::vector<StoredIncidentReport>> ListOpenSince(const std::string& since, int limit);
  // Replaces the title and answers and sets the status (draft after an edit).
  Status SaveAnswers(int64_t id, const std::string& title, const std::string& answers,
                     const std::string& status, const std::string& at);
  // Sets the status after an approval (approved or shared) with who and when.
  Status SetApproved(int64_t id, const std::string& status, int64_t by, const std::string& at);
  Status SetWithdrawn(int64_t id, int64_t by, const std::string& at);

  // Stores the approved part of a report, replacing an earlier one.
  Status PutShare(const StoredIncidentShare& share);
  Result<std::optional<StoredIncidentShare>> Share(int64_t report_id);
  Status WithdrawShare(int64_t report_id, const std::string& at);
  // Replaces the recipients of a report.
  Status ReplaceRecipients(int64_t report_id,
                           const std::vector<StoredIncidentRecipient>& recipients);
  Result<std::vector<StoredIncidentRecipient>> Recipients(int64_t report_id);
  // Reports with a part not withdrawn that was sent to organisation `org_id`, named person
  // `user_id` or shared into one of `groups`, or sent under TLP:AMBER to one of `client_of`
  // (the suppliers `org_id` is a client of, whose clients AMBER admits): newest approval first,
  // at most `limit`. Only a preselection: the caller decides each read by TLP.
  Result<std::vector<int64_t>> SharedWith(int64_t org_id, int64_t user_id,
                                          const std::vector<int64_t>& groups,
                                          const std::vector<int64_t>& client_of, int limit);

  // The confirmed buyers of `supplier_id`, OT and VPN connections first, then by name.
  Result<std::vector<ConfirmedBuyer>> ConfirmedBuyers(int64_t supplier_id);
  // The active users of `org_id`; only its org admins when `admins_only`.
  Result<std::vector<OrganisationUser>> UsersOf(int64_t org_id, bool admins_only);
  // The name of each open sharing group among `ids` (id, name), in id order.
  Result<std::vector<std::pair<int64_t, std::string>>> GroupNames(const std::vector<int64_t>& ids);
  // How many organisations there are per industry major group, size band and region.
  Result<std::vector<OrganisationShape>> OrganisationShapes();

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
