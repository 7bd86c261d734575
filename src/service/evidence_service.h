// EvidenceService: evidence files a supplier uploads for the answers (criteria) of its
// assessment, versioned by name, each with its SHA-256, media type, uploader and time,
// stored with its bytes in one transaction. Readers: the supplier (members, admins and its
// own assessors) and the assessors of an accepted engagement on the assessment — nobody
// else, not even a buyer the assessment was shared with in detail; to anyone else an
// assessment's evidence does not exist (kNotFound).
//
// Bounds (assure/evidence_file.h): 10 MiB per file, 200 MiB per organisation over every
// version, 20 versions of one name on one criterion; media types from an allow list,
// checked against the bytes. Uploads are accepted while the assessment is a draft or
// submitted (not once confirmed or verified: an attestation's evidence digest covers them).
//
// Not thread-safe: one per Context.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/context.h"
#include "store/evidence_repository.h"

namespace hoshitori::service {

struct EvidenceUpload {
  int64_t assessment_id = 0;
  std::string criterion;     // an assessable node of the assessment's framework (id or ref)
  std::string name;          // the file's name (assure::CheckEvidenceName)
  std::string content_type;  // as declared by the uploader
  std::string_view bytes;    // must outlive the call
};

class EvidenceService {
 public:
  explicit EvidenceService(Context& context) : context_(context) {}

  // Whether the caller may upload evidence to the assessment (kNotFound when it may not read
  // its evidence, kForbidden when it may read but not upload). For adapters that authorise
  // before they read a request's body.
  Status AllowUpload(int64_t assessment_id);
  // Stores the next version of `upload.name` on its criterion. kInvalid for a bad name, type
  // (content not matching the declared type, or a type not allowed), criterion or size;
  // kConflict when the assessment is no longer open to evidence, the quota would be exceeded
  // or the name has kMaxEvidenceVersions versions already. Nothing is written on failure.
  Result<StoredEvidence> Upload(const EvidenceUpload& upload);
  // Every version of the assessment's files (without content), only `criterion`'s when given.
  Result<std::vector<StoredEvidence>> List(int64_t assessment_id,
                                           const std::optional<std::string>& criterion);
  // File `file_id` of the assessment with its content.
  Result<StoredEvidence> Download(int64_t assessment_id, int64_t file_id);

 private:
  // The assessment when the caller may do `action` on its evidence (kNotFound when it may
  // not read it).
  Result<AssessmentRecord> Open(int64_t assessment_id, Action action);

  Context& context_;
};

}  // namespace hoshitori::service
