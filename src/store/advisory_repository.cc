#include "store/advisory_repository.h"

#include <unordered_map>

namespace hoshitori {

namespace {

Status InsertPackages(SqlSession& session, const StoredAdvisory& advisory) {
  for (const std::string& key : advisory.package_keys) {
    // Keys are distinct per advisory (the caller's contract); DO NOTHING keeps a repeated
    // one from failing the whole import all the same.
    if (Status inserted = ExecuteStatement(
            session, "cannot store the packages of advisory " + advisory.id,
            "INSERT INTO advisory_packages (advisory_id, package_key) VALUES (?, ?) "
            "ON CONFLICT (advisory_id, package_key) DO NOTHING",
            SqlParams(advisory.id, key));
        !inserted) {
      return inserted;
    }
  }
  return OkStatus();
}

}  // namespace

Result<AdvisoryImportCounts> AdvisoryRepository::Import(const std::vector<StoredAdvisory>& batch) {
  std::unordered_map<std::string, std::string> stored;  // id -> modified
  auto read = session_.Stream("cannot read the stored advisories",
                              "SELECT id, modified FROM advisories", SqlParams(),
                              [&](const SqlRow& row) { stored[row.String(0)] = row.String(1); });
  if (!read) return read.error();

  AdvisoryImportCounts counts;
  for (const StoredAdvisory& advisory : batch) {
    const auto found = stored.find(advisory.id);
    if (found != stored.end() && found->second >= advisory.modified) {
      ++counts.unchanged;
      continue;
    }
    const std::string what = "cannot store advisory " + advisory.id;
    if (found == stored.end()) {
      if (Status inserted = ExecuteStatement(
              session_, what,
              "INSERT INTO advisories (id, modified, withdrawn, summary, document, imported_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              SqlParams(advisory.id, advisory.modified, advisory.withdrawn, advisory.summary,
                        advisory.document, advisory.imported_at));
          !inserted) {
        return inserted.error();
      }
      ++counts.added;
    } else {
      if (Status updated = ExpectOneRowChanged(
              session_.Execute(what,
                               "UPDATE advisories SET modified = ?, withdrawn = ?, summary = ?, "
                               "document = ?, imported_at = ? WHERE id = ?",
                               SqlParams(advisory.modified, advisory.withdrawn, advisory.summary,
                                         advisory.document, advisory.imported_at, advisory.id)),
              what + ": it is no longer stored");
          !updated) {
        return updated.error();
      }
      if (Status cleared = ExecuteStatement(session_, what,
                                            "DELETE FROM advisory_packages WHERE advisory_id = ?",
                                            SqlParams(advisory.id));
          !cleared) {
        return cleared.error();
      }
      ++counts.updated;
    }
    if (Status packages = InsertPackages(session_, advisory); !packages) return packages.error();
    stored[advisory.id] = advisory.modified;
  }
  return counts;
}

Status AdvisoryRepository::ForEach(const std::function<void(const StoredAdvisory&)>& sink) {
  return session_.Stream(
      "cannot read the stored advisories",
      "SELECT id, modified, withdrawn, summary, document, imported_at FROM advisories "
      "ORDER BY id",
      SqlParams(), [&](const SqlRow& r) {
        sink(StoredAdvisory{r.String(0),
                            r.String(1),
                            r.OptionalText(2),
                            r.String(3),
                            r.String(4),
                            r.String(5),
                            {}});
      });
}

Result<std::string> AdvisoryRepository::Signature() {
  std::string signature;
  auto ran = session_.Execute(
      "cannot read the stored advisories",
      "SELECT COUNT(*), COALESCE(MAX(imported_at), '') FROM advisories", SqlParams(),
      [&](const SqlRow& row) { signature = std::to_string(row.Int(0)) + "|" + row.String(1); });
  if (!ran) return ran.error();
  return signature;
}

Result<int64_t> AdvisoryRepository::Count() {
  int64_t count = 0;
  auto ran =
      session_.Execute("cannot count the stored advisories", "SELECT COUNT(*) FROM advisories",
                       SqlParams(), [&](const SqlRow& row) { count = row.Int(0); });
  if (!ran) return ran.error();
  return count;
}

Result<std::vector<std::string>> AdvisoryRepository::IdsForPackage(const std::string& package_key) {
  return QueryAll<std::string>(
      session_, "cannot read the advisories of a package",
      "SELECT advisory_id FROM advisory_packages WHERE package_key = ? ORDER BY advisory_id",
      SqlParams(package_key), [](const SqlRow& r) { return r.String(0); });
}

}  // namespace hoshitori
