#include "store/sql_session.h"

#include "store/accounts.h"

namespace hoshitori {

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (c != '?' || quoted) {
      out += c;
      continue;
    }
    int number = 0;
    size_t digits = i + 1;
    while (digits < sql.size() && sql[digits] >= '0' && sql[digits] <= '9') {
      number = number * 10 + (sql[digits] - '0');
      ++digits;
    }
    if (digits == i + 1) number = highest + 1;
    if (number > highest) highest = number;
    out += '$';
    out += std::to_string(number);
    i = digits - 1;
  }
  return out;
}

std::string InsertStatement(const SqlTable& table) {
  std::string columns;
  std::string markers;
  for (const char* column : table.columns) {
    if (!columns.empty()) {
      columns += ", ";
      markers += ", ";
    }
    columns += column;
    markers += '?';
  }
  return std::string("INSERT INTO ") + table.name + " (" + columns + ") VALUES (" + markers + ")";
}

Result<int> ReadSchemaVersion(SqlSession& session) {
  int version = 0;
  auto read = session.Execute(
      "cannot read the schema version", "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
      SqlParams(), [&](const SqlRow& row) { version = static_cast<int>(row.Int(0)); });
  if (!read) return read.error();
  return version;
}

namespace {

Status ApplyMigrations(SqlSession& session) {
  if (auto created =
          session.Execute("cannot prepare the schema",
                          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                          "PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                          SqlParams());
      !created) {
    return created.error();
  }
  auto version = ReadSchemaVersion(session);
  if (!version) return version.error();
  for (const Migration& migration : EmbeddedMigrations()) {
    if (migration.version <= *version) continue;
    if (Status begun = session.Begin(); !begun) return begun;
    const std::string failed = "migration " + std::string(migration.name) + " failed";
    Status applied = OkStatus();
    if (session.dialect().runs_postgres_only || !PostgresOnly(migration)) {
      applied = session.ExecuteScript(failed, ExpandDialect(migration.sql, session.dialect()));
    }
    if (applied) {
      auto recorded =
          session.Execute(failed, "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                          SqlParams(int64_t{migration.version}, migration.name, UtcNow()));
      if (!recorded) applied = recorded.error();
    }
    if (!applied) {
      session.Rollback();
      return applied;
    }
    if (Status committed = session.Commit(); !committed) {
      session.Rollback();
      return committed;
    }
  }
  return OkStatus();
}

}  // namespace

Status MigrateSchema(SqlSession& session) {
  if (Status locked = session.LockSchema(); !locked) return locked;
  Status migrated = ApplyMigrations(session);
  Status unlocked = session.UnlockSchema();
  if (!migrated) return migrated;
  return unlocked;
}

}  // namespace hoshitori
