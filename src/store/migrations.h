// Schema migrations, embedded from src/store/migrations/NNN_name.sql (the one source of
// truth for the schema of every backend).
//
// SQL is written in the common subset of SQLite and PostgreSQL; each backend expands the
// dialect placeholders {{id}} (a generated 64-bit primary key) and {{without_rowid}}.
#pragma once

#include <string>
#include <vector>

namespace hoshitori {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// All migrations in ascending version order.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace hoshitori
