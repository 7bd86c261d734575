// TaxiiService: the use cases behind the TAXII 2.1 server (OASIS TAXII Version 2.1): one
// collection per sharing group the caller's organisation belongs to, its objects, manifest
// and versions with TLP 2.0 applied per caller, and adding objects (POST) with a status
// resource.
//
// - Collections: the open groups of the caller's organisation (service/tlp_reader.h), each as
//   collection id CollectionId(group id), a stable UUID. A collection the caller may not read
//   does not exist for it (kNotFound), so nobody learns that a group exists by its id.
//   can_read: always (it is listed); can_write: Authorize(kSharedObject, kCreate) for the
//   caller as a member of the group (members and admins, not read-only tokens).
// - Reads go through store/share_object_repository.h's two steps: SQL selects by the
//   object's own marking, then every row is confirmed with Authorize(kSharedObject, kRead)
//   with its audience (inherited ones included) and dropped when refused. A page may thus
//   hold fewer objects than `limit`; `more`/`next` still continue after the last row read.
//   match[version]=last/first picks the last/first version stored in the group, whatever its
//   marking: a caller who may read an older version only does not get it under "last" (use
//   match[version]=all); nothing is revealed either way.
// - POST: an envelope {"objects": [...]} of at most kMaxObjectsPerPost objects; each is
//   checked for the STIX common properties (type, id "<type>--<UUID>", spec_version "2.1",
//   created, modified — created alone for marking-definition objects) and must carry exactly
//   one TLP 2.0 marking among object_marking_refs (the official marking-definition ids,
//   TlpOfMarkingRef). An object without one is refused (a failure in the status, with the
//   reason): a marking is never guessed. TLP:RED is refused too: TAXII names no people, and
//   RED goes only to named people (shared through the application). AMBER and AMBER+STRICT
//   objects name as recipients the member organisations of the group at the time of posting.
//   A version already stored is a failure. Valid objects are stored in one transaction with
//   one audit entry; the status (complete at once) is kept in taxii_statuses (migration 024)
//   and read back only by the posting organisation.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/context.h"
#include "store/share_object_repository.h"
#include "store/sharing_group_repository.h"

namespace hoshitori::service {

inline constexpr int kTaxiiDefaultLimit = 100;
inline constexpr int kTaxiiMaxLimit = 1000;
inline constexpr size_t kMaxObjectsPerPost = 1000;
inline constexpr size_t kMaxTaxiiObjectBytes = 256 * 1024;  // one object's JSON

// The collection id of group `group_id`: a UUID (version-5 layout) from the group id.
std::string CollectionId(int64_t group_id);

// The TLP 2.0 marking of an official marking-definition id ("marking-definition--94868c89-...")
// or nullopt for any other id.
std::optional<share::Tlp> TlpOfMarkingRef(std::string_view id);
// The official marking-definition id of a marking.
std::string_view MarkingRefOf(share::Tlp marking);

struct TaxiiCollection {
  StoredSharingGroup group;
  std::string id;
  bool can_read = true;
  bool can_write = false;
};

// The filters of a listing (TAXII's URL parameters, already split and checked by the route).
struct TaxiiQuery {
  std::optional<std::string> added_after;  // as given (checked here)
  std::optional<std::string> next;         // a `next` token from a previous page
  int limit = kTaxiiDefaultLimit;
  std::vector<std::string> ids;
  std::vector<std::string> types;
  std::vector<std::string> versions;  // "last", "first", "all" or timestamps; empty: last
  // For objects pages: each object carries only id, org_id, added_at, audience and object
  // (ShareObjectQuery::content_only).
  bool content_only = false;
};

struct TaxiiPage {
  std::vector<StoredShareObject> objects;  // readable by the caller
  bool more = false;
  std::string next;  // the token to continue with when `more`
};

struct TaxiiStatus {
  std::string id;
  std::string request_timestamp;
  int64_t total_count = 0;
  nlohmann::json successes = nlohmann::json::array();  // [{id, version}]
  nlohmann::json failures = nlohmann::json::array();   // [{id, version, message}]
};

class TaxiiService {
 public:
  explicit TaxiiService(Context& context) : context_(context) {}

  Result<std::vector<TaxiiCollection>> Collections();
  Result<TaxiiCollection> Collection(const std::string& collection_id);
  // Objects (and, for the manifest, the same rows) of a collection. kInvalid for a bad filter.
  Result<TaxiiPage> Objects(const std::string& collection_id, const TaxiiQuery& query);
  // Adds the objects of `envelope` (an object with member "objects"); kInvalid when it is not
  // an envelope or holds too many objects, kForbidden when the caller may not write.
  Result<TaxiiStatus> Add(const std::string& collection_id, const nlohmann::json& envelope);
  // A status of the API root (TAXII: <api-root>/status/<id>/), for the posting organisation
  // only (kNotFound for anyone else).
  Result<TaxiiStatus> ReadStatus(const std::string& status_id);

 private:
  // The collection and the caller's TLP facts (kNotFound when it may not read it).
  Result<std::pair<TaxiiCollection, share::Reader>> Open(const std::string& collection_id);
  Result<std::vector<TaxiiCollection>> CollectionsOf(const share::Reader& reader,
                                                     const std::vector<int64_t>& group_ids);

  Context& context_;
};

}  // namespace hoshitori::service
