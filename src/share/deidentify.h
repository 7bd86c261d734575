// De-identification (非特定化加工) of an incident report before it leaves the reporting
// organisation: what could tell who the victim is goes, the attack-technical information
// stays (METI's 2023 report on sharing cyber-damage information).
//
// From the free text (Japanese or English) it removes, and lists with their place in the
// ORIGINAL text:
//   - the organisation's names and readings, with or without 株式会社 / (株) / ㈱, Co., Ltd.;
//   - other company names written with 株式会社 / (株) / 有限会社 or Co., Ltd. / Inc. / K.K.
//     (customers and partners identify the victim too);
//   - its corporate number, and any 13-digit number with a valid corporate-number check digit;
//   - its domains and every host name, URL host and e-mail address under them; its internal
//     host names; its IP addresses (the declared CIDR ranges);
//   - its people's names (full names as declared; a family name followed by an honorific
//     such as さん, 様, 氏, 部長 or preceded by Mr./Ms.), their e-mail addresses;
//   - phone numbers anywhere (Japanese forms, full-width digits and dashes included, and
//     international +NN forms), postcodes after 〒, the declared addresses and Japanese
//     addresses (prefecture, municipality and block number);
//   - the time of day (ISO 8601 "T14:22:05+09:00", "14:22", "14時22分", "午後3時"): times
//     are coarsened to the day.
// Matching is on folded text (share/folded_text.h): full-width forms, case and spacing do
// not hide an identifier.
//
// From the indicators it drops those that point at the victim's own infrastructure: its
// domains and subdomains (also as URL hosts and e-mail domains), addresses in its ranges,
// its internal host names. The rest are normalised (share/indicator.h); unparsable ones are
// kept as written and listed as such.
//
// Bounds: text at most kMaxReportTextBytes; at most kMaxReportIndicators indicators; a
// profile of at most kMaxProfileEntries entries per list, each at most 512 bytes.
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "share/indicator.h"

namespace hoshitori::share {

inline constexpr size_t kMaxReportTextBytes = 1 << 20;
inline constexpr size_t kMaxReportIndicators = 10000;
inline constexpr size_t kMaxProfileEntries = 256;

// What the reporting organisation declared about itself (its profile in Hoshitori).
struct OrganisationProfile {
  std::vector<std::string> names;  // "株式会社山田製作所", "Yamada Seisakusho Co., Ltd.", readings
  std::string corporate_number;             // 13 digits, may be empty
  std::vector<std::string> domains;         // "yamada-ss.co.jp"
  std::vector<std::string> ip_ranges;       // CIDR or single addresses
  std::vector<std::string> people;          // full names: "山田 太郎", "Taro Yamada"
  std::vector<std::string> emails;          // its people's addresses, also outside its domains
  std::vector<std::string> phones;          // as written
  std::vector<std::string> addresses;       // postal addresses as written
  std::vector<std::string> internal_hosts;  // "fs01", "ad01.corp.local"
};

// The profile checked and put in the form matching needs. Build it once per organisation.
class PreparedProfile {
 public:
  // Errors (kInvalid) name the list and entry: a domain or CIDR range that does not parse,
  // an entry over 512 bytes, more than kMaxProfileEntries entries in one list.
  static Result<PreparedProfile> Prepare(const OrganisationProfile& profile);

  // True when the indicator points at the organisation's own infrastructure.
  bool IsOwnInfrastructure(const Indicator& indicator) const;
  // True when a (normalised) host name is one of its domains, under them, or an internal host.
  bool IsOwnHost(std::string_view host) const;
  bool IsOwnAddress(const IpRange& address) const;

  struct Pattern {
    std::string folded;  // the folded text to find
    int kind;            // a RemovalKind
    bool word;           // must stand between non-alphanumeric characters (Latin text)
  };
  const std::vector<Pattern>& patterns() const { return patterns_; }
  // Folded family names of its people, matched only next to an honorific or a title.
  const std::vector<std::string>& family_names() const { return family_names_; }

 private:
  std::vector<Pattern> patterns_;
  std::vector<std::string> domains_;         // normalised
  std::vector<std::string> internal_hosts_;  // normalised
  std::vector<IpRange> ranges_;
  std::vector<std::string> family_names_;  // folded, for "山田さん" / "Mr. Yamada"
};

enum class RemovalKind {
  kOrganisationName,
  kCompanyName,  // another company (customer, partner) named in the text
  kCorporateNumber,
  kHostName,  // a host or domain of the organisation, an internal host
  kIpAddress,
  kEmail,
  kPersonName,
  kPhone,
  kPostcode,
  kAddress,
  kTimeOfDay,
};

std::string_view RemovalKindName(RemovalKind kind);

// One removal from the free text: bytes [offset, offset + length) of the original text,
// shown instead as `replacement` ("[組織名]", "[organisation]", or "" for a time of day).
struct Removal {
  size_t offset = 0;
  size_t length = 0;
  RemovalKind kind = RemovalKind::kOrganisationName;
  std::string replacement;
};

struct ReportDraft {
  std::string text;
  std::vector<std::string> indicators;
};

struct DroppedIndicator {
  std::string indicator;  // as written
  std::string reason;     // "own domain", "own IP range", "own host"
};

struct DeidentifiedReport {
  std::string text;
  std::vector<Removal> removals;        // by offset, not overlapping
  std::vector<std::string> indicators;  // normalised; unparsable ones as written
  std::vector<std::string> unparsed_indicators;
  std::vector<DroppedIndicator> dropped;
};

// De-identifies a report. Errors (kInvalid): text or indicator list over their bounds.
// Replacements are Japanese when the text holds any Japanese character, else English.
Result<DeidentifiedReport> Deidentify(const ReportDraft& draft, const PreparedProfile& profile);

// Coarsens an ISO 8601 date-time ("2026-11-03T14:22:05+09:00") to its day ("2026-11-03"),
// the day being the one written (not converted to UTC). Errors (kInvalid) for anything not
// starting with YYYY-MM-DD.
Result<std::string> CoarsenToDay(std::string_view timestamp);

// The reporter's description, published only as far as at least k organisations share it.
struct ReporterDescription {
  std::string industry;   // JSIC major group, "E"
  std::string size_band;  // "1-20", "21-50", ...
  std::string region;     // "関東", "近畿", ...

  bool operator==(const ReporterDescription&) const = default;
};

struct DescriptionCount {
  ReporterDescription description;
  int64_t organisations = 0;
};

// The most specific generalisation of `own` that at least `k` organisations of `population`
// (counts per full description) share; fields that could not be kept are empty. Tried in
// order: industry+size+region, industry+size, industry+region, industry, size+region, size,
// region; when none reaches k, all fields are empty. k below 1 counts as 1.
ReporterDescription KAnonymousDescription(const ReporterDescription& own,
                                          const std::vector<DescriptionCount>& population,
                                          int64_t k = 5);

}  // namespace hoshitori::share
