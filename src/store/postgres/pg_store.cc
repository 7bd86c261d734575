#include "store/postgres/pg_store.h"

namespace hoshitori {

PgStore::PgStore(std::unique_ptr<PgSession> session)
    : SqlStore(std::move(session)), session_(static_cast<PgSession*>(&this->session())) {}

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& url) {
  auto session = PgSession::Open(url);
  if (!session) return session.error();
  if (Status migrated = MigrateSchema(**session); !migrated) return migrated.error();
  return std::unique_ptr<PgStore>(new PgStore(std::move(session).value()));
}

}  // namespace hoshitori
