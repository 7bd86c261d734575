// Schema migrations, embedded from src/store/migrations/NNN_name.sql (the one source of
// truth for the schema of every backend).
//
// SQL is written in the common subset of SQLite and PostgreSQL; the only dialect
// placeholder is {{id}} for a generated 64-bit primary key, which each backend expands.
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
