// AdvisoryRepository: OSV advisories as the store keeps them (migration 011), and the
// incremental import by `modified`. The store does not read OSV: the service turns
// sbom::Advisory values into StoredAdvisory rows (service/advisory_service.h).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"
#include "store/store.h"

namespace hoshitori {

// One advisory row. `modified` and `withdrawn` are UTC as "YYYY-MM-DDTHH:MM:SS.ffffffZ"
// (always six fraction digits: fixed width, so comparing the text compares the times).
struct StoredAdvisory {
  std::string id;
  std::string modified;
  std::optional<std::string> withdrawn;
  std::string summary;
  std::string document;  // the advisory as OSV JSON
  std::string imported_at;
  // The distinct PackageKeys its affected entries name (written on import; not read back
  // by ForEachAdvisory).
  std::vector<std::string> package_keys;
};

// What an import did with each advisory given.
struct AdvisoryImportCounts {
  size_t added = 0;      // not stored before
  size_t updated = 0;    // stored with an older `modified`: replaced
  size_t unchanged = 0;  // stored with the same or a newer `modified`: left alone
};

// Works on the session it was given (which must outlive it); one thread at a time.
class AdvisoryRepository {
 public:
  explicit AdvisoryRepository(SqlSession& session) : session_(session) {}

  // Stores each advisory of `batch` unless one with its id and the same or a newer
  // `modified` is stored already (or came earlier in `batch`). A replaced advisory's package
  // rows are replaced too. The caller owns the transaction: on an error, roll it back.
  Result<AdvisoryImportCounts> Import(const std::vector<StoredAdvisory>& batch);
  // Every stored advisory in id order (package_keys left empty); memory stays bounded.
  Status ForEach(const std::function<void(const StoredAdvisory&)>& sink);
  Result<int64_t> Count();
  // "count|newest imported_at": moves whenever an import adds or replaces an advisory.
  Result<std::string> Signature();
  // The ids of the advisories naming `package_key`, in id order.
  Result<std::vector<std::string>> IdsForPackage(const std::string& package_key);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
