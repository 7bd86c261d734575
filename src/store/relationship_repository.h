// RelationshipRepository: supply-chain relationships and the disclosures that open them to
// organisations upstream.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "chain/relationship.h"
#include "store/sql_session.h"

namespace hoshitori {

// Works on the session it was given (which must outlive it); one thread at a time. The
// contracts are those of the Store methods of the same names.
class RelationshipRepository {
 public:
  explicit RelationshipRepository(SqlSession& session) : session_(session) {}

  Result<int64_t> Insert(const std::vector<SupplyRelationship>& batch, size_t* failed);
  Result<std::vector<int64_t>> FindIds(const std::vector<SupplyRelationship>& batch);
  Status ForEach(const std::function<void(const SupplyRelationship&)>& sink);
  Result<int64_t> Count();
  Result<std::optional<SupplyRelationship>> Get(int64_t id);
  Result<bool> Confirm(int64_t id, int64_t org_id, const std::string& at);
  Result<bool> End(int64_t id, int64_t org_id, const std::string& at);

  Status AddDisclosure(const Disclosure& disclosure);
  Result<bool> RemoveDisclosure(const Disclosure& disclosure);
  Result<std::vector<Disclosure>> ListDisclosures();

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
