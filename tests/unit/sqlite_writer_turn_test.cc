// Writers of one SQLite file in one process take turns (store/sqlite/sqlite_session.h): a
// writer waits for the turn instead of SQLite's polling busy handler. The sessions under test
// have SQLite's busy timeout set to zero, so a writer that reached BEGIN IMMEDIATE while
// another held the write lock would fail at once: these tests fail without the turn.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "store/sqlite/sqlite_session.h"
#include "test_support.h"

namespace hoshitori {
namespace {

using testing_support::TempDir;

std::unique_ptr<SqliteSession> OpenWithoutBusyWait(const std::string& path) {
  auto session = SqliteSession::Open(path);
  EXPECT_TRUE(session.ok()) << session.error().message;
  sqlite3_busy_timeout((*session)->handle(), 0);
  return std::move(session).value();
}

int64_t Rows(SqliteSession& session) {
  int64_t n = -1;
  EXPECT_TRUE(session.Execute("count", "SELECT count(*) FROM t", SqlParams(), [&](const SqlRow& r) {
                       n = r.Int(0);
                     }).ok());
  return n;
}

TEST(SqliteWriterTurnTest, ASecondWriterWaitsForTheFirstToCommit) {
  TempDir dir;
  const std::string path = (dir.path() / "turn.db").string();
  auto first = OpenWithoutBusyWait(path);
  auto second = OpenWithoutBusyWait(path);
  ASSERT_TRUE(first->ExecuteScript("schema", "CREATE TABLE t (x INTEGER)").ok());
  ASSERT_TRUE(first->Begin().ok());
  ASSERT_TRUE(first->ExecuteScript("insert", "INSERT INTO t VALUES (1)").ok());
  std::atomic<bool> first_committed{false};
  std::atomic<bool> second_began_after{false};
  std::thread writer([&] {
    const Status begun = second->Begin();
    ASSERT_TRUE(begun.ok()) << begun.error().message;
    second_began_after = first_committed.load();
    ASSERT_TRUE(second->ExecuteScript("insert", "INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(second->Commit().ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the second writer is waiting
  first_committed = true;
  ASSERT_TRUE(first->Commit().ok());
  writer.join();
  EXPECT_TRUE(second_began_after.load());
  EXPECT_EQ(Rows(*first), 2);
}

TEST(SqliteWriterTurnTest, AnAbandonedOrFailedTransactionPassesTheTurnOn) {
  TempDir dir;
  const std::string path = (dir.path() / "turn.db").string();
  auto other = OpenWithoutBusyWait(path);
  ASSERT_TRUE(other->ExecuteScript("schema", "CREATE TABLE t (x INTEGER)").ok());
  {
    auto abandoned = OpenWithoutBusyWait(path);
    ASSERT_TRUE(abandoned->Begin().ok());
    ASSERT_TRUE(abandoned->ExecuteScript("insert", "INSERT INTO t VALUES (1)").ok());
  }  // closed in the middle of its transaction
  ASSERT_TRUE(other->Begin().ok());
  EXPECT_EQ(Rows(*other), 0);  // rolled back
  other->Rollback();
  ASSERT_TRUE(other->Begin().ok());
  EXPECT_FALSE(other->ExecuteScript("insert", "INSERT INTO missing VALUES (1)").ok());
  other->Rollback();
  auto next = OpenWithoutBusyWait(path);
  ASSERT_TRUE(next->Begin().ok());
  ASSERT_TRUE(next->Commit().ok());
}

}  // namespace
}  // namespace hoshitori
