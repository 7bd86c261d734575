// Notification duties after an incident (issue 16, "Deadlines and who to tell"): which
// regimes apply to an incident, the deadline of each of their steps, and whom to contact.
//
// The regimes are data, not code: one JSON file per regime under data/incident-regimes/
// (the Personal Information Protection Commission's breach reports, the buyers' contractual
// notice, NIS2, critical infrastructure, the recommended police / IPA / JPCERT/CC reports),
// each with its conditions, its steps and clocks, its texts in Japanese and English and the
// sources it was written from; contacts.json names the contacts the steps refer to. The
// format is described in data/incident-regimes/README.md.
//
// Time: instants are UTC (std::chrono::sys_seconds). Calendar clocks ("30 days", "one month")
// count on the Japan calendar (UTC+09:00; Japan has no daylight saving time), because the
// Japanese regimes count days that way: a clock of N days counts the day the incident became
// known as day one and ends at 24:00 Japan time of day N (the earlier of the two readings
// PPC's guidance allows; see ppc-appi.json's note).
//
// Pure values and functions except LoadRegimeDirectory and FindRegimeDirectory (which read
// the file system and the environment); safe to call from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hoshitori::share {

// Bounds on the regime files (all checked by ParseRegimeFiles; more is kInvalid).
inline constexpr size_t kMaxRegimeFileBytes = 256u << 10;  // one file
inline constexpr size_t kMaxRegimeFiles = 64;              // files in a directory
inline constexpr size_t kMaxRegimeSteps = 16;              // steps of one regime
inline constexpr size_t kMaxRegimeContacts = 64;           // contacts in contacts.json
inline constexpr size_t kMaxRegimeSectors = 64;            // sectors of one regime
inline constexpr size_t kMaxRegimeSources = 16;            // sources of one regime
inline constexpr size_t kMaxStepContacts = 8;              // contacts of one step
inline constexpr int kMaxConditionDepth = 8;               // nesting of all/any/not
inline constexpr size_t kMaxConditionTerms = 32;           // terms of one all/any
inline constexpr size_t kMaxRegimeTextBytes = 4000;        // one text or URL
inline constexpr size_t kMaxRegimeIdBytes = 64;            // ids: [a-z0-9_-]
inline constexpr int kMaxClockHours = 24 * 366;
inline constexpr int kMaxClockDays = 366;
inline constexpr int kMaxClockMonths = 24;
// Bounds on the facts ComputeDuties reads.
inline constexpr size_t kMaxBuyersRequiringNotice = 200;
inline constexpr int kMaxContractHours = 24 * 366;

// Japan's offset from UTC (no daylight saving time).
inline constexpr std::chrono::hours kJapanOffset{9};

// A text in both languages.
struct LocalText {
  std::string ja;
  std::string en;
  const std::string& In(std::string_view lang) const { return lang == "en" ? en : ja; }
  bool operator==(const LocalText&) const = default;
};

// Where a regime's figures come from.
struct RegimeSource {
  LocalText title;
  std::string article;    // e.g. "第8条第2項 / Art. 8(2)"
  std::string url;        // may be empty (a contract)
  std::string consulted;  // YYYY-MM-DD
};

// Someone to tell or ask.
struct Contact {
  std::string id;  // "ppc", "police", ...; "ministry" and "buyer" are filled from the facts
  LocalText name;
  LocalText purpose;
  std::string url;  // may be empty
};

// A condition on the facts (data/incident-regimes/README.md, "Conditions").
struct Condition {
  enum class Kind { kFact, kPeople, kSectorListed, kAll, kAny, kNot };
  Kind kind = Kind::kFact;
  std::string fact;                 // kFact: one of the fact names below
  std::vector<std::string> people;  // kPeople: bands "up_to_1000", "over_1000", "unknown"
  std::vector<Condition> terms;     // kAll, kAny: the terms; kNot: exactly one
};

// How a step's deadline is counted from the moment the incident became known.
struct Clock {
  enum class Kind {
    kHours,          // `amount` hours later
    kDays,           // the end of day `amount` on the Japan calendar (day one: the day known)
    kMonths,         // `amount` calendar months later, Japan calendar, clamped to month end
    kContractHours,  // the buyer's recorded hours, else `amount` (the default)
    kWithoutDelay,   // no figure: act now
  };
  Kind kind = Kind::kWithoutDelay;
  int amount = 0;
};

// What kind of duty a regime is.
enum class Obligation { kLegal, kContract, kPolicy, kRecommended };
std::string_view ObligationName(Obligation obligation);  // "legal", "contract", ...

struct RegimeStep {
  std::string id;
  LocalText name;
  std::optional<Condition> when;  // the step applies only when this holds
  Clock clock;
  LocalText text;
  bool for_each_buyer = false;    // one duty per buyer requiring notice
  std::vector<Contact> contacts;  // resolved from contacts.json; "ministry"/"buyer" stay ids
};

// One critical-infrastructure sector and the ministry in charge of it.
struct Sector {
  std::string id;
  LocalText name;
  LocalText ministry;
  std::string url;
};

struct Regime {
  std::string id;
  std::string file;  // the file it was read from (for messages)
  Obligation obligation = Obligation::kLegal;
  LocalText name;
  LocalText summary;
  Condition applies_when;
  std::vector<RegimeStep> steps;
  std::vector<Sector> sectors;
  std::vector<RegimeSource> sources;
  LocalText note;
};

// One file's name (for messages) and text.
struct RegimeFile {
  std::string name;
  std::string text;
};

// Reads the regimes from `files`: exactly one contacts file ("format":
// "hoshitori-incident-contacts") and any number of regime files ("format":
// "hoshitori-incident-regime"), in any order. Returns the regimes sorted by id. kInvalid for
// the first problem, naming the file and the JSON path in Japanese and English ("nis2.json:
// /steps/1/clock/hours: 1〜8784 の整数が必要です / must be an integer from 1 to 8784"):
// malformed JSON, a bound above exceeded, a missing or unknown field, a duplicate id, a step
// naming an unknown contact, an unknown fact name.
Result<std::vector<Regime>> ParseRegimeFiles(const std::vector<RegimeFile>& files);

// Reads every *.json file in `directory` (not recursively) and parses them as above.
// kNotFound when the directory cannot be read; kInvalid as ParseRegimeFiles.
Result<std::vector<Regime>> LoadRegimeDirectory(const std::string& directory);

// The regime directory to use: `given` when not empty, else $HOSHITORI_INCIDENT_REGIMES,
// else ./data/incident-regimes when it exists, else the source tree's (compiled in), the way
// the catalog directory is found.
std::string FindRegimeDirectory(const std::string& given = "");

// How many people's personal data are involved.
enum class PeopleBand { kUnknown, kUpTo1000, kOver1000 };

// A buyer whose contract asks to be told of incidents.
struct BuyerNotice {
  int64_t org_id = 0;  // 0 when the buyer is not an organisation in Hoshitori
  std::string name;
  std::optional<int> hours;  // the contract's figure, when recorded (1..kMaxContractHours)
};

// The incident's answers that decide the duties. The boolean fact names conditions use are
// given beside each field.
struct IncidentFacts {
  std::chrono::sys_seconds detected_at{};  // when the organisation became aware (UTC)
  std::chrono::sys_seconds now{};          // the instant the duties' status is told against
  bool personal_data = false;              // "personal_data"
  PeopleBand people = PeopleBand::kUnknown;
  bool sensitive_data = false;         // "sensitive_data" (要配慮個人情報)
  bool financial_damage_risk = false;  // "financial_damage_risk"
  bool unauthorised_access = false;  // "unauthorised_access" (不正アクセス, 不正の目的)
  bool ransomware = false;           // "ransomware"
  std::string sector;                // a critical-infrastructure sector id, or ""
  std::vector<BuyerNotice> buyers_requiring_notice;  // "buyer_requires_notice": not empty
  bool eu_establishment = false;                     // "eu_establishment"
  bool eu_customers = false;                         // "eu_customers"
  bool nis2_entity = false;                // "nis2_entity": essential/important entity in the EU
  bool eu_customer_requires_nis2 = false;  // "eu_customer_requires_nis2"
};

// A duty is due soon from this long before its deadline.
inline constexpr std::chrono::hours kDueSoonWindow{24};

enum class DutyStatus {
  kOpen,          // the deadline is more than kDueSoonWindow away
  kDueSoon,       // the deadline is within kDueSoonWindow
  kOverdue,       // the deadline has passed
  kWithoutDelay,  // no figure: to be done now
};
std::string_view DutyStatusName(DutyStatus status);  // "open", "due_soon", "overdue", "now"

// One thing to do by a deadline, for one recipient.
struct Duty {
  std::string key;  // stable: "<regime>/<step>" or "<regime>/<step>/buyer:<org id or name>"
  std::string regime_id;
  std::string step_id;
  Obligation obligation = Obligation::kLegal;
  LocalText regime_name;
  LocalText step_name;
  LocalText text;
  // The first instant the duty is late (exclusive end of the time allowed); nullopt when the
  // clock is "without delay". A day clock ends at 24:00 Japan time, i.e. 15:00 UTC.
  std::optional<std::chrono::sys_seconds> due_at;
  DutyStatus status = DutyStatus::kOpen;
  std::vector<Contact> contacts;  // "ministry" and "buyer" filled in from the facts
  std::vector<RegimeSource> sources;
  LocalText note;  // the regime's note (what is assumed or unconfirmed)
};

// The duties that `facts` give rise to under `regimes`, ordered by deadline (earliest
// first, "without delay" duties first of all), then by regime id, step order and buyer.
// Deterministic. Buyers beyond kMaxBuyersRequiringNotice are ignored (the caller bounds its
// input); a contract figure outside 1..kMaxContractHours counts as not recorded.
std::vector<Duty> ComputeDuties(const IncidentFacts& facts, const std::vector<Regime>& regimes);

// The status of a duty due at `due_at` (nullopt: without delay) seen at `now`.
DutyStatus StatusAt(const std::optional<std::chrono::sys_seconds>& due_at,
                    std::chrono::sys_seconds now);

// "2026-12-31 23:59": the minute, in Japan time, of the last second before `due_at` (what a
// person reads as the deadline): a day clock ending 2027-01-01 00:00 JST shows as
// "2026-12-31 23:59", 24 hours from 10:17:32 JST as "10:17".
std::string FormatDeadlineJst(std::chrono::sys_seconds due_at);
// "2026-12-06T03:00:00Z".
std::string FormatUtc(std::chrono::sys_seconds instant);
// Reads "YYYY-MM-DDTHH:MM:SSZ" (seconds required, UTC only); kInvalid otherwise.
Result<std::chrono::sys_seconds> ParseUtc(std::string_view text);

}  // namespace hoshitori::share
