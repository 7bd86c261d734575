// OrganisationRepository: the organisations table.
#pragma once

#include <optional>
#include <vector>

#include "store/sql_session.h"
#include "store/store.h"

namespace hoshitori {

// Selects the columns ReadOrganisation reads, from organisations.
inline constexpr const char* kOrganisationColumns =
    "id, corporate_number, name, industry, employees, capital_yen, created_at";

// An organisation read from the columns of kOrganisationColumns starting at column `at`.
Organisation ReadOrganisation(const SqlRow& row, int at = 0);

// Works on the session it was given (which must outlive it); one thread at a time.
class OrganisationRepository {
 public:
  explicit OrganisationRepository(SqlSession& session) : session_(session) {}

  // Fails when the corporate number is already registered or the name is empty.
  Result<Organisation> Add(const Organisation& organisation);
  Result<std::vector<Organisation>> List();
  Result<std::optional<Organisation>> Find(const CorporateNumber& number);
  Result<std::optional<Organisation>> Get(int64_t id);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
