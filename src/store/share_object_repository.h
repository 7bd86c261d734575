// ShareObjectRepository: shared STIX 2.1 object versions (share_objects, migration 021) and
// their indexed recipients (share_object_recipients), as TAXII collections read them.
//
// Reading is two steps, and this repository does the first:
//  1. SQL selects only the rows the reader may read by their own marking (the `tlp` column),
//     the reader's group membership and the recipients table:
//       CLEAR         every row;
//       GREEN         the collection's group is one of reader.groups, or owner = reader.org;
//       AMBER         a recipient organisation in {reader.org} ∪ reader.client_of, or owner;
//       AMBER+STRICT  a recipient organisation = reader.org, or owner;
//       RED           a recipient user = reader.person, or owner = reader.org and author =
//                     reader.person.
//     This keeps a page of a large collection one index walk (no row is loaded to be dropped).
//  2. The caller (service/taxii_service) still asks Authorize(kSharedObject) for every row
//     returned, with the audience JSON read back as a share::SharedObject: share::MayRead
//     also checks the audiences the object inherited from the objects it was reshared or
//     derived from, which step 1 does not see. Rows it refuses are dropped from the page.
// Step 1 never admits a row step 2 would refuse by the object's own marking (they implement
// the same rule), so step 2 only narrows.
//
// Timestamps (added_at, version) are kept as fixed-width UTC text with microseconds
// ("2026-12-06T19:00:00.123456Z", NormaliseTimestamp), so text order is time order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "share/tlp.h"
#include "store/sql_session.h"

namespace hoshitori {

struct StoredShareObject {
  int64_t id = 0;
  int64_t org_id = 0;  // the sharing organisation (owner in TLP terms)
  int64_t group_id = 0;
  std::optional<int64_t> author_user_id;
  std::string stix_id;
  std::string stix_type;
  std::string version;   // normalised `modified` (or `created`)
  std::string added_at;  // normalised date_added
  std::string tlp;       // clear, green, amber, amber_strict, red
  std::string audience;  // share/audience_json.h
  std::optional<int64_t> source_report_id;
  std::string object;  // the STIX object's JSON
  // Indexed recipients (written by Insert; not read back).
  std::vector<int64_t> recipient_orgs;
  std::vector<int64_t> recipient_users;
};

// A timestamp "YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z" in the fixed form with six fraction digits
// (more digits are cut: stored values have microseconds, so `stored > cut(t)` holds exactly
// when `stored > t`). nullopt for anything else (no offsets other than Z, no leap seconds).
std::optional<std::string> NormaliseTimestamp(std::string_view text);

// Bounds of a listing's filters (the TAXII routes refuse more).
inline constexpr size_t kMaxMatchValues = 100;

struct ShareObjectQuery {
  int64_t group_id = 0;
  share::Reader reader;  // step 1's facts (service/tlp_reader.h)
  std::optional<std::string> added_after;  // normalised
  // Continue after this row (a `next` token): (added_at, id).
  std::optional<std::pair<std::string, int64_t>> after_row;
  std::vector<std::string> ids;    // match[id]; empty: any
  std::vector<std::string> types;  // match[type]; empty: any
  // Which versions of each object (TAXII match[version]): every version when `all_versions`,
  // else those that are the last stored in the group (`last`), the first (`first`) or one
  // of `listed_versions` (normalised).
  bool all_versions = false;
  bool last = true;
  bool first = false;
  std::vector<std::string> listed_versions;
  int limit = 100;
  // Objects pages read only what they write and check: id, org_id, added_at, audience and
  // object (the other members stay empty). Five columns instead of twelve, and two
  // allocations fewer per row.
  bool content_only = false;
};

struct ShareObjectPage {
  std::vector<StoredShareObject> rows;  // at most `limit`, by (added_at, id)
  bool more = false;                    // rows after the last one match too
};

// A TAXII status resource as kept in taxii_statuses (migration 024).
struct StoredTaxiiStatus {
  std::string id;
  int64_t group_id = 0;
  int64_t org_id = 0;
  int64_t user_id = 0;
  std::string request_timestamp;
  int64_t total_count = 0;
  int64_t success_count = 0;
  int64_t failure_count = 0;
  std::string successes;  // JSON array
  std::string failures;   // JSON array
};

// Works on the session it was given (which must outlive it); one thread at a time.
//
// Every write keeps each version's `superseded` mark (migration 028: a later version of the
// object is stored in the group), which the default listing reads instead of looking for
// later versions row by row. Write inside a transaction: on PostgreSQL a write holds the
// group's object lock until commit, so that concurrent writers of one object's versions
// cannot both leave theirs marked last.
class ShareObjectRepository {
 public:
  explicit ShareObjectRepository(SqlSession& session) : session_(session) {}

  // Stores one object version with its recipients; returns its id. The caller checks first
  // that the version is new (Exists): a repeated (group, stix_id, version) fails the statement.
  Result<int64_t> Insert(const StoredShareObject& object);
  // Stores `objects` as one statement (bulk loads, the benchmark): objects with recipients
  // are refused (kInvalid) since their ids are not returned. All or none.
  Status InsertMany(const std::vector<StoredShareObject>& objects);
  Result<bool> Exists(int64_t group_id, const std::string& stix_id, const std::string& version);
  // Deletes every object published from incident report `report_id` and its recipients.
  // Returns how many objects were deleted.
  Result<int64_t> DeleteOfReport(int64_t report_id);

  // The last versions of the objects published from incident report `report_id`, with their
  // recipients, by group and id.
  Result<std::vector<StoredShareObject>> LastOfReport(int64_t report_id);

  // Step 1 of a read (above): the rows of `query`, by (added_at, id).
  Result<ShareObjectPage> List(const ShareObjectQuery& query);

  Status InsertStatus(const StoredTaxiiStatus& status);
  // The status `id` of a post by organisation `org_id`, if any.
  Result<std::optional<StoredTaxiiStatus>> GetStatus(const std::string& id, int64_t org_id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
