#include "service/evidence_service.h"

#include "assure/evidence_file.h"
#include "service/engagement_service.h"
#include "service/security.h"

namespace hoshitori::service {

namespace {

Error NotVisible(int64_t assessment_id) {
  return NotFound("no evidence of assessment " + std::to_string(assessment_id) +
                  " is visible to you / この評価の証拠ファイルは表示できません");
}

std::string Mebibytes(int64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

}  // namespace

Result<AssessmentRecord> EvidenceService::Open(int64_t assessment_id, Action action) {
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  TRY_ASSIGN(const auto record, context_.store.GetAssessment(assessment_id));
  if (!record) return NotVisible(assessment_id);
  ResourceFacts facts(ResourceKind::kEvidence, record->org_id);
  if (p.org_id != record->org_id) {
    TRY_ASSIGN(facts.engaged, EngagementService::Engaged(context_, record->id, p.org_id));
  }
  // Reading is checked first so that an organisation without access learns nothing.
  if (!Authorize(p, Action::kRead, facts).allowed) return NotVisible(assessment_id);
  TRY(Allow(context_, action, facts));
  return *record;
}

Status EvidenceService::AllowUpload(int64_t assessment_id) {
  TRY_ASSIGN(const AssessmentRecord record, Open(assessment_id, Action::kCreate));
  (void)record;
  return OkStatus();
}

Result<StoredEvidence> EvidenceService::Upload(const EvidenceUpload& upload) {
  TRY_ASSIGN(const AssessmentRecord seen, Open(upload.assessment_id, Action::kCreate));
  if (upload.bytes.size() > assure::kMaxEvidenceFileBytes) {
    return Invalid("File too large", "ファイルが大きすぎます（1 ファイル " +
                                         Mebibytes(assure::kMaxEvidenceFileBytes) +
                                         " まで） / the file is larger than " +
                                         Mebibytes(assure::kMaxEvidenceFileBytes));
  }
  TRY(assure::CheckEvidenceName(upload.name));
  TRY_ASSIGN(const std::string media_type,
             assure::EvidenceMediaType(upload.content_type, upload.bytes));
  TRY_ASSIGN(const std::string criterion,
             CriterionOf(context_, seen.framework_id, upload.criterion));

  StoredEvidence file;
  file.org_id = seen.org_id;
  file.assessment_id = seen.id;
  file.criterion = criterion;
  file.name = upload.name;
  file.media_type = media_type;
  file.size = static_cast<int64_t>(upload.bytes.size());
  file.sha256 = Sha256Hex(upload.bytes);
  file.uploaded_by = context_.actor.principal->user_id;
  file.uploaded_at = context_.clock.UtcNow();
  context_.Touching(ChangeScope::Of(ChangeScope::kAssessments, {seen.org_id}));
  TRY(InTransaction(context_, [&]() -> Status {
    EvidenceRepository repository(context_.store.Sql());
    TRY(repository.LockOrganisation(seen.org_id));
    TRY_ASSIGN(const auto record, context_.store.LockAssessment(seen.id));
    if (!record) return NotVisible(seen.id);
    const AssessmentStatus status = record->attestation.status;
    if (status != AssessmentStatus::kDraft && status != AssessmentStatus::kSubmitted) {
      return Conflict(
          "Evidence closed",
          "確認・評価が済んだ評価には証拠を追加できません / evidence can be added only while the "
          "assessment is a draft or submitted (it is " +
              std::string(AssessmentStatusName(status)) + ")");
    }
    TRY_ASSIGN(const int64_t stored, repository.StoredBytes(seen.org_id));
    if (stored + file.size > assure::kEvidenceQuotaBytes) {
      return Conflict("Evidence quota exceeded",
                      "組織の証拠ファイルの容量（" + Mebibytes(assure::kEvidenceQuotaBytes) +
                          "）を超えます（使用中 " + std::to_string(stored) +
                          " バイト） / the organisation's evidence quota of " +
                          Mebibytes(assure::kEvidenceQuotaBytes) + " would be exceeded (" +
                          std::to_string(stored) + " bytes stored)");
    }
    TRY_ASSIGN(const int latest, repository.LatestVersion(seen.id, criterion, upload.name));
    if (latest >= assure::kMaxEvidenceVersions) {
      return Conflict("Too many versions",
                      "同じ名前のファイルは " + std::to_string(assure::kMaxEvidenceVersions) +
                          " 版までです / a file name keeps at most " +
                          std::to_string(assure::kMaxEvidenceVersions) + " versions");
    }
    file.version = latest + 1;
    TRY_ASSIGN(file.id, repository.Insert(file, upload.bytes));
    return Record(context_, "evidence.upload",
                  "assessment/" + std::to_string(seen.id) + "/evidence/" + std::to_string(file.id),
                  criterion + " " + upload.name + " v" + std::to_string(file.version) +
                      " sha256:" + file.sha256);
  }));
  return file;
}

Result<std::vector<StoredEvidence>> EvidenceService::List(
    int64_t assessment_id, const std::optional<std::string>& criterion) {
  TRY_ASSIGN(const AssessmentRecord record, Open(assessment_id, Action::kRead));
  std::optional<std::string> node;
  if (criterion) {
    TRY_ASSIGN(node, CriterionOf(context_, record.framework_id, *criterion));
  }
  return EvidenceRepository(context_.store.Sql()).List(record.id, node);
}

Result<StoredEvidence> EvidenceService::Download(int64_t assessment_id, int64_t file_id) {
  TRY_ASSIGN(const AssessmentRecord record, Open(assessment_id, Action::kRead));
  TRY_ASSIGN(auto file, EvidenceRepository(context_.store.Sql()).Load(record.id, file_id));
  if (!file)
    return NotFound("assessment " + std::to_string(assessment_id) + " has no evidence file " +
                    std::to_string(file_id));
  return std::move(*file);
}

}  // namespace hoshitori::service
