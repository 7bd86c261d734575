#include "store/request_deadline_repository.h"

namespace hoshitori {

Status RequestDeadlineRepository::Set(int64_t request_id, const std::string& deadline) {
  return ExpectOneRowChanged(
      session_.Execute("cannot store the request's deadline",
                       "UPDATE assessment_requests SET deadline = ? WHERE id = ?",
                       SqlParams(deadline, request_id)),
      "request " + std::to_string(request_id) + " is missing");
}

Result<std::optional<std::string>> RequestDeadlineRepository::Get(int64_t request_id) {
  std::optional<std::string> out;
  auto ran = session_.Execute(
      "cannot read the request's deadline",
      "SELECT deadline FROM assessment_requests WHERE id = ? AND deadline IS NOT NULL",
      SqlParams(request_id), [&](const SqlRow& row) { out = row.String(0); });
  if (!ran) return ran.error();
  return out;
}

Result<std::optional<int64_t>> RequestDeadlineRepository::OpenRequest(
    int64_t org_id, int64_t supplier_org_id, const std::string& framework_id) {
  return QueryFirst<int64_t>(
      session_, "cannot read the open requests",
      "SELECT id FROM assessment_requests WHERE org_id = ? AND supplier_org_id = ? AND "
      "framework_id = ? AND status = 'open' ORDER BY id",
      SqlParams(org_id, supplier_org_id, framework_id), [](const SqlRow& r) { return r.Int(0); });
}

}  // namespace hoshitori
