// ImportAssessment (store.h): one assessment with its answers in one transaction, for callers
// below the use-case layer (the store's tests). The command line imports through
// service::AssessmentService::Import, which also stores the result and the audit entry.
#include "store/store.h"

namespace hoshitori {

Result<int64_t> ImportAssessment(Store& store, const AssessmentRecord& record,
                                 const std::vector<Answer>& answers) {
  Transaction transaction(store);
  if (!transaction.begun()) return transaction.begun().error();
  auto id = store.InsertAssessment(record);
  if (!id) return id.error();
  for (const Answer& answer : answers) {
    if (Status s = store.InsertAnswer(*id, record.org_id, answer); !s) return s.error();
  }
  if (Status s = transaction.Commit(); !s) return s.error();
  return *id;
}

}  // namespace hoshitori
