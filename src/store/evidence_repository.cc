#include "store/evidence_repository.h"

namespace hoshitori {

namespace {

constexpr const char* kMetadataColumns =
    "SELECT id, org_id, assessment_id, criterion, name, version, media_type, size, sha256, "
    "uploaded_by, uploaded_at";

StoredEvidence MetadataOf(const SqlRow& r) {
  StoredEvidence file;
  file.id = r.Int(0);
  file.org_id = r.Int(1);
  file.assessment_id = r.Int(2);
  file.criterion = r.String(3);
  file.name = r.String(4);
  file.version = static_cast<int>(r.Int(5));
  file.media_type = r.String(6);
  file.size = r.Int(7);
  file.sha256 = r.String(8);
  file.uploaded_by = r.Int(9);
  file.uploaded_at = r.String(10);
  return file;
}

}  // namespace

Status EvidenceRepository::LockOrganisation(int64_t org_id) {
  return ExecuteStatement(session_, "cannot lock the organisation's evidence",
                          "SELECT id FROM organisations WHERE id = ?{{for_update}}",
                          SqlParams(org_id));
}

Result<int64_t> EvidenceRepository::StoredBytes(int64_t org_id) {
  int64_t bytes = 0;
  auto read = session_.Execute("cannot read the evidence quota",
                               "SELECT COALESCE(SUM(size), 0) FROM evidence_files WHERE org_id = ?",
                               SqlParams(org_id), [&](const SqlRow& row) { bytes = row.Int(0); });
  if (!read) return read.error();
  return bytes;
}

Result<int> EvidenceRepository::LatestVersion(int64_t assessment_id, const std::string& criterion,
                                              const std::string& name) {
  int version = 0;
  auto read = session_.Execute(
      "cannot read the evidence versions",
      "SELECT COALESCE(MAX(version), 0) FROM evidence_files WHERE assessment_id = ? AND "
      "criterion = ? AND name = ?",
      SqlParams(assessment_id, criterion, name),
      [&](const SqlRow& row) { version = static_cast<int>(row.Int(0)); });
  if (!read) return read.error();
  return version;
}

Result<int64_t> EvidenceRepository::Insert(const StoredEvidence& f, std::string_view content) {
  return InsertReturningId(
      session_, "cannot store the evidence file",
      "INSERT INTO evidence_files (org_id, assessment_id, criterion, name, version, media_type, "
      "size, sha256, content, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      SqlParams(f.org_id, f.assessment_id, f.criterion, f.name, int64_t{f.version}, f.media_type,
                f.size, f.sha256, SqlBlob{content}, f.uploaded_by, f.uploaded_at));
}

Result<std::vector<StoredEvidence>> EvidenceRepository::List(
    int64_t assessment_id, const std::optional<std::string>& criterion) {
  return QueryAll<StoredEvidence>(session_, "cannot list the evidence files",
                                  std::string(kMetadataColumns) +
                                      " FROM evidence_files WHERE assessment_id = ? AND (CAST(? AS "
                                      "TEXT) IS NULL OR criterion = ?) "
                                      "ORDER BY criterion, name, version",
                                  SqlParams(assessment_id, criterion, criterion), MetadataOf);
}

Result<std::optional<StoredEvidence>> EvidenceRepository::Load(int64_t assessment_id, int64_t id) {
  return QueryFirst<StoredEvidence>(
      session_, "cannot read the evidence file",
      std::string(kMetadataColumns) +
          ", content FROM evidence_files WHERE assessment_id = ? AND id = ?",
      SqlParams(assessment_id, id), [](const SqlRow& row) {
        StoredEvidence file = MetadataOf(row);
        file.content = row.Blob(11);
        return file;
      });
}

}  // namespace hoshitori
