// IncidentService: a supplier's incident report (issue 16) — the guided answers, the
// de-identified preview shown beside the original, the admin's approval that shares exactly the
// previewed part under a TLP 2.0 marking, the warnings to its confirmed buyers, and the buyer's
// side: received warnings and the shared part as TLP allows.
//
// A report has two parts. The report in full (kIncidentReport: the answers, the free text, what
// the organisation declared about itself) never leaves the reporting organisation. The shared
// part (kSharedObject) is produced from it by share::Deidentify and holds only attack-technical
// information: the de-identified text, the indicators not pointing at the reporter's own
// infrastructure, CVE ids, malware names, ATT&CK technique ids, the dates coarsened to the day
// and the reporter's description generalised until k = 5 organisations share it.
//
// Bounds on the answers (kInvalid beyond them, naming the field, ja / en): title 1..200
// characters; what_happened up to 8,000; affected_systems, affected_data up to 2,000 each;
// actions_taken up to 4,000; critical_infrastructure up to 100; people_affected 0..10^9; at most
// kMaxIncidentIndicators indicator lines (each up to 2,048 bytes, each a share::ParseIndicator
// indicator; a bad line is an error naming its line number); at most kMaxIncidentListItems
// entries (each up to 200 characters) in every other list; CVE ids and ATT&CK technique ids
// must parse as such. notice_buyers (at most kMaxIncidentListItems ids, repeats dropped) must
// each be a confirmed buyer of the reporter: Create and Save check it in the transaction that
// writes (kInvalid, ja / en, nothing written). Dates are "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" (local time as the user
// wrote it) or empty.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "share/deidentify.h"
#include "share/tlp.h"
#include "store/incident_repository.h"

namespace hoshitori::service {

inline constexpr size_t kMaxIncidentIndicators = 1000;
inline constexpr size_t kMaxIncidentListItems = 200;
// The k of the reporter's description (an attribute is published only when at least this many
// organisations share it).
inline constexpr int64_t kIncidentDescriptionK = 5;

// What happened: ransomware, unauthorised_access, malware, phishing, ddos, data_leak, other.
inline constexpr const char* kIncidentKinds[] = {
    "ransomware", "unauthorised_access", "malware", "phishing", "ddos", "data_leak", "other"};

// The guided answers of a report (stored as JSON, IncidentAnswersJson).
struct IncidentAnswers {
  std::string title;
  std::string kind = "other";
  std::string started_at;   // when it started, as written ("" unknown)
  std::string detected_at;  // when it was detected
  std::string what_happened;
  std::string affected_systems;
  std::string affected_data;
  std::string actions_taken;
  std::string personal_data = "unknown";  // yes, no, unknown
  std::optional<int64_t> people_affected;
  std::string critical_infrastructure;  // the sector, "" when none
  bool eu_customers = false;
  std::vector<int64_t> notice_buyers;  // buyers whose contracts require notice (org ids)
  // The technical details.
  std::vector<std::string> indicators;  // one per line as written; blank lines allowed
  std::vector<std::string> cves;
  std::vector<std::string> malware;
  std::vector<std::string> attack_techniques;
  // What the organisation's profile lacks for de-identification.
  std::vector<std::string> own_domains;
  std::vector<std::string> own_ip_ranges;
  std::vector<std::string> people;          // names of people involved
  std::vector<std::string> internal_hosts;  // internal host names
  std::vector<std::string> other_names;     // other names of the organisation (readings, English)
};

// The name a marking is stored and styled under: clear, green, amber, amber_strict, red.
std::string_view TlpName(share::Tlp tlp);

nlohmann::json IncidentAnswersJson(const IncidentAnswers& answers);
// Reads answers from JSON (every member optional; unknown members are kInvalid). Checks the
// bounds above; errors name the field (and the line of a bad indicator), ja / en.
Result<IncidentAnswers> IncidentAnswersFromJson(const nlohmann::json& value);

// One de-identified free-text field, with what was removed where.
struct DeidentifiedField {
  std::string field;  // title, what_happened, affected_systems, affected_data, actions_taken
  std::string original;
  std::string text;                      // de-identified
  std::vector<share::Removal> removals;  // offsets in `original`
  std::vector<size_t> replaced_at;       // per removal: the replacement's offset in `text`
};

// The part a reporter shares, as the preview shows it and as readers read it.
struct IncidentPart {
  std::string title;
  std::string kind;
  std::string started_on;                 // coarsened to the day, "" unknown
  std::string detected_on;                // coarsened to the day
  std::vector<DeidentifiedField> fields;  // readers get text only (original and removals empty)
  std::vector<std::string> indicators;    // normalised, own infrastructure dropped
  std::vector<std::string> cves;
  std::vector<std::string> malware;
  std::vector<std::string> attack_techniques;
  share::ReporterDescription reporter;  // k-anonymous
};

// The JSON of the shared part (without originals and removals): what is stored, digested
// and served.
nlohmann::json IncidentPartJson(const IncidentPart& part);
// The part back from its JSON (as stored by an approval).
IncidentPart IncidentPartFromJson(const nlohmann::json& value);

struct IncidentPreview {
  IncidentPart part;
  std::vector<share::DroppedIndicator> dropped;
  std::string digest;  // SHA-256 of the part's JSON: what approving it must name
};

// The share of an approved report as its reporter sees it.
struct IncidentShareSummary {
  share::Tlp tlp = share::Tlp::kAmber;
  std::optional<int64_t> group_id;
  std::string approved_at;
  std::optional<std::string> withdrawn_at;
  std::vector<StoredIncidentRecipient> recipients;
};

struct IncidentReport {
  StoredIncidentReport record;
  IncidentAnswers answers;
  std::optional<IncidentShareSummary> share;
};

// Whom the reporter may warn and where it may share (the approval form).
struct IncidentAudienceChoices {
  std::vector<ConfirmedBuyer> buyers;                   // OT and VPN first
  std::vector<std::pair<int64_t, std::string>> groups;  // sharing groups the reporter is in
};

struct IncidentApproval {
  std::string digest;  // IncidentPreview::digest of the preview the admin saw
  share::Tlp tlp = share::Tlp::kAmber;
  // Buyers to warn (org ids), each a confirmed buyer; nullopt: every confirmed buyer.
  std::optional<std::vector<int64_t>> buyers;
  std::optional<int64_t> group_id;  // required for GREEN
  // TLP:RED: the people named (users of chosen buyers); empty: the chosen buyers' admins.
  std::vector<int64_t> named_people;
};

// A shared report as a reader sees it.
struct ReceivedIncident {
  int64_t report_id = 0;
  share::Tlp tlp = share::Tlp::kAmber;
  std::string approved_at;
  IncidentPart part;
  // The reporting organisation, only for a reader that is its confirmed buyer (who knows its
  // supplier anyway); nullopt for everyone else.
  std::optional<Organisation> supplier;
};

class IncidentService {
 public:
  explicit IncidentService(Context& context) : context_(context) {}

  // A new draft of the caller's organisation (members and admins). One audit entry.
  Result<IncidentReport> Create(const IncidentAnswers& answers);
  // Replaces a report's answers. A report approved or shared goes back to draft (its shared
  // part stays as approved until the next approval); kConflict for a withdrawn one. kNotFound
  // for a report not of the caller's organisation. One audit entry.
  Result<IncidentReport> Save(int64_t id, const IncidentAnswers& answers);
  // The caller's organisation's reports, newest first (at most 200).
  Result<std::vector<IncidentReport>> List();
  // One report in full (the reporter's members and admins only; kNotFound otherwise).
  Result<IncidentReport> Get(int64_t id);
  // The de-identified part of the report's current answers and its digest.
  Result<IncidentPreview> Preview(int64_t id);
  // The buyers and groups the approval may name (the reporter's members and admins).
  Result<IncidentAudienceChoices> AudienceChoices(int64_t id);
  // Approves the previewed part and shares it (the reporter's admins only, kForbidden for a
  // member): in one transaction it checks that the report is a draft (kConflict otherwise) and
  // that the part computed now has `approval.digest` (kConflict when it changed), that every
  // buyer is a confirmed buyer, the group one the reporter is in and GREEN has a group, RED
  // names somebody (kInvalid otherwise); stores the part and its TLP audience, and notifies
  // each chosen buyer (OT/VPN first; a RED notification carries no content, and goes to each
  // named person only). One audit entry.
  Result<IncidentReport> Approve(int64_t id, const IncidentApproval& approval);
  // Withdraws the shared part (admins; kConflict unless approved or shared). One audit entry.
  Result<IncidentReport> Withdraw(int64_t id);

  // Shared reports the caller received (as recipient organisation, named person or group
  // member) and may read under TLP, newest first (at most 200).
  Result<std::vector<ReceivedIncident>> Received();
  // One shared report, when TLP admits the caller; kNotFound otherwise (also when withdrawn or
  // never shared), so its existence does not leak.
  Result<ReceivedIncident> ReadShared(int64_t id);

 private:
  Result<StoredIncidentReport> Load(int64_t id, Action action, bool lock = false);
  Result<IncidentReport> ViewOf(const StoredIncidentReport& record);
  Result<IncidentPreview> PreviewOf(const StoredIncidentReport& record,
                                    const IncidentAnswers& answers);

  Context& context_;
};

}  // namespace hoshitori::service
