// Store::Open: the backend chooser, apart from every backend.
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace hoshitori {

Result<std::unique_ptr<Store>> Store::Open(const std::string& url) {
  if (url.rfind("postgres", 0) == 0) {
    if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0) {
      return MakeError("a PostgreSQL URL looks like postgresql://user@host:port/database");
    }
    auto pg = PgStore::Open(url);
    if (!pg) return pg.error();
    return std::unique_ptr<Store>(std::move(pg).value());
  }
  const std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  auto sqlite = SqliteStore::Open(path);
  if (!sqlite) return sqlite.error();
  return std::unique_ptr<Store>(std::move(sqlite).value());
}

}  // namespace hoshitori
