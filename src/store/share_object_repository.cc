#include "store/share_object_repository.h"

#include <algorithm>
#include <map>

namespace hoshitori {

namespace {

const SqlTable kShareObjectsTable{
    "share_objects",
    {"org_id", "group_id", "author_user_id", "stix_id", "stix_type", "version", "added_at", "tlp",
     "audience", "source_report_id", "object"},
    {{0, "organisations"}, {1, "sharing_groups"}, {2, "users"}},
    "cannot store the shared objects",
    "cannot store the shared object "};

constexpr const char* kColumns =
    "SELECT o.id, o.org_id, o.group_id, o.author_user_id, o.stix_id, o.stix_type, o.version, "
    "o.added_at, o.tlp, o.audience, o.source_report_id, o.object FROM share_objects o ";

StoredShareObject ObjectOf(const SqlRow& r) {
  StoredShareObject o;
  o.id = r.Int(0);
  o.org_id = r.Int(1);
  o.group_id = r.Int(2);
  o.author_user_id = r.OptionalInt(3);
  o.stix_id = r.String(4);
  o.stix_type = r.String(5);
  o.version = r.String(6);
  o.added_at = r.String(7);
  o.tlp = r.String(8);
  o.audience = r.String(9);
  o.source_report_id = r.OptionalInt(10);
  o.object = r.String(11);
  return o;
}

// The columns an objects page needs (ShareObjectQuery::content_only).
constexpr const char* kContentColumns =
    "SELECT o.id, o.org_id, o.added_at, o.audience, o.object FROM share_objects o ";

StoredShareObject ContentOf(const SqlRow& r) {
  StoredShareObject o;
  o.id = r.Int(0);
  o.org_id = r.Int(1);
  o.added_at = r.String(2);
  o.audience = r.String(3);
  o.object = r.String(4);
  return o;
}

bool Digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "(?, ?, ...)" with one marker per value, each bound in order.
std::string InList(const std::vector<std::string>& values, SqlParams& params) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    out += i == 0 ? "?" : ", ?";
    params.Add(values[i]);
  }
  return out + ")";
}

// Inside a transaction: waits for, then holds until commit, the lock on writing the group's
// object versions, so that two writers of versions of one object go one after the other. Each
// would otherwise miss the other's uncommitted row on PostgreSQL, and both versions would stay
// marked last. (A no-op on SQLite, whose write transactions exclude each other already.)
Status LockGroupObjects(SqlSession& session, int64_t group_id) {
  constexpr int64_t kGroupObjectLocks = 0x73686f6200000000;  // "shob" in the top bytes
  return session.LockUntilCommit(kGroupObjectLocks | (group_id & 0xffffffff));
}

// Sets `superseded` (migration 028) right for every stored version of `stix_ids` in
// `group_id`: 1 where the group holds a later version of the same object, else 0. Rows that
// are right already are not written.
Status RecomputeSuperseded(SqlSession& session, int64_t group_id,
                           const std::vector<std::string>& stix_ids) {
  constexpr size_t kChunk = 500;
  for (size_t from = 0; from < stix_ids.size(); from += kChunk) {
    const std::vector<std::string> chunk(
        stix_ids.begin() + static_cast<std::ptrdiff_t>(from),
        stix_ids.begin() + static_cast<std::ptrdiff_t>(std::min(stix_ids.size(), from + kChunk)));
    SqlParams params;
    params.Add(group_id);
    const std::string sql =
        "UPDATE share_objects SET superseded = 1 - superseded WHERE group_id = ? AND stix_id IN " +
        InList(chunk, params) +
        " AND superseded <> CASE WHEN EXISTS (SELECT 1 FROM share_objects v WHERE "
        "v.group_id = share_objects.group_id AND v.stix_id = share_objects.stix_id AND "
        "v.version > share_objects.version) THEN 1 ELSE 0 END";
    auto ran = session.Execute("cannot mark the shared objects' superseded versions", sql, params);
    if (!ran) return ran.error();
  }
  return OkStatus();
}

}  // namespace

std::optional<std::string> NormaliseTimestamp(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS at fixed places.
  if (t.size() < 20 || t.back() != 'Z') return std::nullopt;
  const std::string_view date = t.substr(0, 19);
  for (size_t i = 0; i < date.size(); ++i) {
    const char c = date[i];
    const bool separator = i == 4 || i == 7 || i == 10 || i == 13 || i == 16;
    const char expected = i == 4 || i == 7 ? '-' : i == 10 ? 'T' : ':';
    if (separator ? c != expected && !(i == 10 && c == 't') : (c < '0' || c > '9')) {
      return std::nullopt;
    }
  }
  const auto number = [&](size_t at, size_t length) {
    int value = 0;
    for (size_t i = 0; i < length; ++i) value = value * 10 + (t[at + i] - '0');
    return value;
  };
  const int month = number(5, 2), day = number(8, 2), hour = number(11, 2), minute = number(14, 2),
            second = number(17, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  std::string fraction;
  const std::string_view rest = t.substr(19, t.size() - 20);
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2 || rest.size() > 10 || !Digits(rest.substr(1))) {
      return std::nullopt;
    }
    fraction = std::string(rest.substr(1, 6));
  }
  fraction.resize(6, '0');
  std::string out(date);
  out[10] = 'T';
  return out + "." + fraction + "Z";
}

Result<int64_t> ShareObjectRepository::Insert(const StoredShareObject& o) {
  if (Status done = LockGroupObjects(session_, o.group_id); !done) return done.error();
  auto id = InsertReturningId(
      session_, "cannot store the shared object",
      "INSERT INTO share_objects (org_id, group_id, author_user_id, stix_id, stix_type, version, "
      "added_at, tlp, audience, source_report_id, object) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      SqlParams(o.org_id, o.group_id, o.author_user_id, o.stix_id, o.stix_type, o.version,
                o.added_at, o.tlp, o.audience, o.source_report_id, o.object));
  if (!id) return id.error();
  for (const int64_t org : o.recipient_orgs) {
    if (Status added = ExecuteStatement(session_, "cannot store the object's recipients",
                                        "INSERT INTO share_object_recipients (object_id, org_id) "
                                        "VALUES (?, ?)",
                                        SqlParams(*id, org));
        !added) {
      return added.error();
    }
  }
  for (const int64_t user : o.recipient_users) {
    if (Status added = ExecuteStatement(session_, "cannot store the object's recipients",
                                        "INSERT INTO share_object_recipients (object_id, user_id) "
                                        "VALUES (?, ?)",
                                        SqlParams(*id, user));
        !added) {
      return added.error();
    }
  }
  if (Status done = RecomputeSuperseded(session_, o.group_id, {o.stix_id}); !done)
    return done.error();
  return id;
}

Result<int64_t> ShareObjectRepository::DeleteOfReport(int64_t report_id) {
  // The objects' groups and ids, so that earlier versions become last again once these go.
  std::map<int64_t, std::vector<std::string>> touched;
  auto listed = session_.Execute("cannot read the shared objects",
                                 "SELECT group_id, stix_id FROM share_objects WHERE "
                                 "source_report_id = ? ORDER BY group_id, stix_id",
                                 SqlParams(report_id), [&](const SqlRow& row) {
                                   std::vector<std::string>& ids = touched[row.Int(0)];
                                   if (ids.empty() || ids.back() != row.String(1))
                                     ids.push_back(row.String(1));
                                 });
  if (!listed) return listed.error();
  for (const auto& entry : touched) {
    if (Status done = LockGroupObjects(session_, entry.first); !done) return done.error();
  }
  auto recipients = session_.Execute(
      "cannot delete the shared objects' recipients",
      "DELETE FROM share_object_recipients WHERE object_id IN (SELECT id FROM share_objects "
      "WHERE source_report_id = ?)",
      SqlParams(report_id));
  if (!recipients) return recipients.error();
  auto deleted = session_.Execute("cannot delete the shared objects",
                                  "DELETE FROM share_objects WHERE source_report_id = ?",
                                  SqlParams(report_id));
  if (!deleted) return deleted.error();
  for (const auto& [group_id, stix_ids] : touched) {
    if (Status done = RecomputeSuperseded(session_, group_id, stix_ids); !done) return done.error();
  }
  return deleted;
}

Status ShareObjectRepository::InsertMany(const std::vector<StoredShareObject>& objects) {
  if (objects.empty()) return OkStatus();
  std::vector<SqlParams> rows;
  rows.reserve(objects.size());
  for (const StoredShareObject& o : objects) {
    if (!o.recipient_orgs.empty() || !o.recipient_users.empty()) {
      return MakeError(ErrorKind::kInvalid, "Recipients in a bulk load",
                       "objects with recipients are stored one by one (Insert)");
    }
    rows.emplace_back(o.org_id, o.group_id, o.author_user_id, o.stix_id, o.stix_type, o.version,
                      o.added_at, o.tlp, o.audience, o.source_report_id, o.object);
  }
  std::map<int64_t, std::vector<std::string>> touched;
  for (const StoredShareObject& o : objects) touched[o.group_id].push_back(o.stix_id);
  for (auto& [group_id, stix_ids] : touched) {
    if (Status done = LockGroupObjects(session_, group_id); !done) return done.error();
    std::sort(stix_ids.begin(), stix_ids.end());
    stix_ids.erase(std::unique(stix_ids.begin(), stix_ids.end()), stix_ids.end());
  }
  auto last = session_.InsertAll(kShareObjectsTable.failure, kShareObjectsTable, rows, nullptr);
  if (!last) return last.error();
  for (const auto& [group_id, stix_ids] : touched) {
    if (Status done = RecomputeSuperseded(session_, group_id, stix_ids); !done) return done.error();
  }
  return OkStatus();
}

Result<bool> ShareObjectRepository::Exists(int64_t group_id, const std::string& stix_id,
                                           const std::string& version) {
  bool found = false;
  auto ran = session_.Execute(
      "cannot read the shared object",
      "SELECT 1 FROM share_objects WHERE group_id = ? AND stix_id = ? AND version = ?",
      SqlParams(group_id, stix_id, version), [&](const SqlRow&) { found = true; });
  if (!ran) return ran.error();
  return found;
}

Result<std::vector<StoredShareObject>> ShareObjectRepository::LastOfReport(int64_t report_id) {
  std::vector<StoredShareObject> rows;
  auto read = session_.Execute(
      "cannot read the report's shared objects",
      std::string(kColumns) +
          "WHERE o.source_report_id = ? AND o.superseded = 0 ORDER BY o.group_id, o.stix_id",
      SqlParams(report_id), [&](const SqlRow& row) { rows.push_back(ObjectOf(row)); });
  if (!read) return read.error();
  std::map<int64_t, StoredShareObject*> by_id;
  for (StoredShareObject& row : rows) by_id[row.id] = &row;
  auto recipients = session_.Execute(
      "cannot read the report's shared objects",
      "SELECT r.object_id, r.org_id, r.user_id FROM share_object_recipients r JOIN share_objects o "
      "ON o.id = r.object_id WHERE o.source_report_id = ? AND o.superseded = 0",
      SqlParams(report_id), [&](const SqlRow& row) {
        const auto found = by_id.find(row.Int(0));
        if (found == by_id.end()) return;
        if (const auto org = row.OptionalInt(1)) found->second->recipient_orgs.push_back(*org);
        if (const auto user = row.OptionalInt(2)) found->second->recipient_users.push_back(*user);
      });
  if (!recipients) return recipients.error();
  return rows;
}

Result<ShareObjectPage> ShareObjectRepository::List(const ShareObjectQuery& q) {
  const share::Reader& reader = q.reader;
  SqlParams params;
  std::string sql = std::string(q.content_only ? kContentColumns : kColumns) + "WHERE o.group_id = ?";
  params.Add(q.group_id);

  // Step 1 of the read: the object's own marking (see the header).
  const bool group_member =
      std::binary_search(reader.groups.begin(), reader.groups.end(), q.group_id);
  sql += " AND (o.tlp = 'clear'";
  if (group_member) {
    sql += " OR o.tlp = 'green'";
  } else {
    sql += " OR (o.tlp = 'green' AND o.org_id = ?)";
    params.Add(reader.org);
  }
  sql += " OR (o.tlp IN ('amber', 'amber_strict') AND o.org_id = ?)";
  params.Add(reader.org);
  sql +=
      " OR (o.tlp = 'amber' AND EXISTS (SELECT 1 FROM share_object_recipients r WHERE "
      "r.object_id = o.id AND r.org_id IN (?";
  params.Add(reader.org);
  for (const int64_t provider : reader.client_of) {
    sql += ", ?";
    params.Add(provider);
  }
  sql += ")))";
  sql +=
      " OR (o.tlp = 'amber_strict' AND EXISTS (SELECT 1 FROM share_object_recipients r WHERE "
      "r.object_id = o.id AND r.org_id = ?))";
  params.Add(reader.org);
  sql +=
      " OR (o.tlp = 'red' AND ((o.org_id = ? AND o.author_user_id = ?) OR EXISTS (SELECT 1 "
      "FROM share_object_recipients r WHERE r.object_id = o.id AND r.user_id = ?))))";
  params.Add(reader.org).Add(reader.person).Add(reader.person);

  if (q.added_after) {
    sql += " AND o.added_at > ?";
    params.Add(*q.added_after);
  }
  if (q.after_row) {
    sql += " AND (o.added_at > ? OR (o.added_at = ? AND o.id > ?))";
    params.Add(q.after_row->first).Add(q.after_row->first).Add(q.after_row->second);
  }
  if (!q.ids.empty()) sql += " AND o.stix_id IN " + InList(q.ids, params);
  if (!q.types.empty()) sql += " AND o.stix_type IN " + InList(q.types, params);
  if (!q.all_versions) {
    std::vector<std::string> any;
    // The last version is kept with the row (`superseded`, written with every version), so
    // the default listing costs no seek per row. "No earlier version" (rarely asked) is an
    // anti-join: PostgreSQL estimates it well, where a correlated MIN() subquery made its
    // generic plan look so costly that it JIT-compiled every page (tens of milliseconds each).
    if (q.last) any.push_back("o.superseded = 0");
    if (q.first) {
      any.push_back(
          "NOT EXISTS (SELECT 1 FROM share_objects v WHERE v.group_id = o.group_id AND "
          "v.stix_id = o.stix_id AND v.version < o.version)");
    }
    if (!q.listed_versions.empty())
      any.push_back("o.version IN " + InList(q.listed_versions, params));
    if (any.empty()) any.push_back("1 = 0");
    sql += " AND (";
    for (size_t i = 0; i < any.size(); ++i) sql += (i == 0 ? "" : " OR ") + any[i];
    sql += ")";
  }
  // The limit is written into the text (one prepared statement per limit used): a bound
  // LIMIT leaves PostgreSQL's generic plan guessing the row count, and with it the plan.
  const int limit = std::clamp(q.limit, 1, 100000);
  sql += " ORDER BY o.added_at, o.id LIMIT " + std::to_string(limit + 1);

  ShareObjectPage page;
  page.rows.reserve(static_cast<size_t>(limit) + 1);
  const auto read = q.content_only ? ContentOf : ObjectOf;
  auto ran = session_.Execute("cannot read the collection's objects", sql, params,
                              [&](const SqlRow& row) { page.rows.push_back(read(row)); });
  if (!ran) return ran.error();
  if (page.rows.size() > static_cast<size_t>(limit)) {
    page.rows.resize(static_cast<size_t>(limit));
    page.more = true;
  }
  return page;
}

Status ShareObjectRepository::InsertStatus(const StoredTaxiiStatus& s) {
  return ExecuteStatement(
      session_, "cannot store the TAXII status",
      "INSERT INTO taxii_statuses (id, group_id, org_id, user_id, "
      "request_timestamp, total_count, success_count, failure_count, "
      "successes, failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      SqlParams(s.id, s.group_id, s.org_id, s.user_id, s.request_timestamp, s.total_count,
                s.success_count, s.failure_count, s.successes, s.failures));
}

Result<std::optional<StoredTaxiiStatus>> ShareObjectRepository::GetStatus(const std::string& id,
                                                                          int64_t org_id) {
  return QueryFirst<StoredTaxiiStatus>(
      session_, "cannot read the TAXII status",
      "SELECT id, group_id, org_id, user_id, request_timestamp, total_count, success_count, "
      "failure_count, successes, failures FROM taxii_statuses WHERE id = ? AND org_id = ?",
      SqlParams(id, org_id), [](const SqlRow& r) {
        return StoredTaxiiStatus{r.String(0), r.Int(1), r.Int(2), r.Int(3),    r.String(4),
                                 r.Int(5),    r.Int(6), r.Int(7), r.String(8), r.String(9)};
      });
}

}  // namespace hoshitori
