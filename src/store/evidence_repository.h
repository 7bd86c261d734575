// EvidenceRepository: evidence files per assessment answer (criterion), versioned by name,
// as migration 013 keeps them: metadata and bytes in one row, so one transaction writes both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

// One version of one evidence file. `content` is filled only by Load.
struct StoredEvidence {
  int64_t id = 0;
  int64_t org_id = 0;  // the supplier, owner of the assessment
  int64_t assessment_id = 0;
  std::string criterion;
  std::string name;
  int version = 0;
  std::string media_type;
  int64_t size = 0;
  std::string sha256;  // lowercase hex
  int64_t uploaded_by = 0;
  std::string uploaded_at;
  std::string content;
};

// Works on the session it was given (which must outlive it); one thread at a time. Changes
// run in the caller's transaction.
class EvidenceRepository {
 public:
  explicit EvidenceRepository(SqlSession& session) : session_(session) {}

  // Holds organisation `org_id`'s row until the transaction ends (where the backend has row
  // locks; SQLite's write transactions exclude each other already), so that the quota and the
  // next version read after it cannot be raced by another upload of the same organisation.
  Status LockOrganisation(int64_t org_id);
  // Bytes of evidence the organisation stores, over every version.
  Result<int64_t> StoredBytes(int64_t org_id);
  // The highest version of `name` on the criterion (0 when none).
  Result<int> LatestVersion(int64_t assessment_id, const std::string& criterion,
                            const std::string& name);
  // Stores `file` (its metadata; `file.content` is ignored) with `content`; returns the id.
  Result<int64_t> Insert(const StoredEvidence& file, std::string_view content);
  // Every version of every file of the assessment (without content), by criterion, name and
  // version; only `criterion`'s when given.
  Result<std::vector<StoredEvidence>> List(int64_t assessment_id,
                                           const std::optional<std::string>& criterion);
  // File `id` of the assessment with its content, if stored.
  Result<std::optional<StoredEvidence>> Load(int64_t assessment_id, int64_t id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
