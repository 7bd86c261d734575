// Change notices on PostgreSQL (migrations/007_change_notices.sql, PgChangeListener) and the
// node's reaction to them (ChangeFollower): committed changes are announced with the table
// they touched, rolled-back ones never; a listener whose connection is killed says so and
// comes back; a follower stops caching while it cannot hear, moves the cache generation on
// every notice and reloads the supply graph when relationships change.
//
// Needs HOSHITORI_TEST_PG_URL (a database whose user may create databases); skipped without.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "service/chain_service.h"
#include "api/change_follower.h"
#include "store/change_scope.h"
#include "store/pg_change_listener.h"
#include "store/sql_session.h"
#include "store/store.h"

namespace hoshitori {
namespace {

using namespace std::chrono_literals;

// A database of its own for one test, created through the admin URL and dropped at the end.
class TestDatabase {
 public:
  explicit TestDatabase(std::string admin_url) : admin_url_(std::move(admin_url)) {
    std::random_device random;
    name_ =
        "hoshitori_n_" + std::to_string(::getpid()) + "_" + std::to_string(random() % 1'000'000);
    pqxx::connection admin(admin_url_);
    pqxx::nontransaction tx(admin);
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  }
  ~TestDatabase() {
    try {
      pqxx::connection admin(admin_url_);
      pqxx::nontransaction tx(admin);
      tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop test database " << name_ << ": " << e.what();
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // The admin URL with its database replaced by this one.
  std::string url() const {
    const size_t authority = admin_url_.find("://");
    const size_t slash = admin_url_.find('/', authority == std::string::npos ? 0 : authority + 3);
    const size_t query = admin_url_.find('?');
    return admin_url_.substr(0, std::min(slash, query)) + "/" + name_ +
           (query == std::string::npos ? "" : admin_url_.substr(query));
  }

 private:
  std::string admin_url_;
  std::string name_;
};

// What a listener reported, for waiting on.
class Reports {
 public:
  PgChangeListener::Callbacks Callbacks() {
    return {[this] { Note([&] { ++connected_; }); },
            [this](const std::set<std::string>& tables, const ChangeScope& scope) {
              Note([&] {
                tables_.insert(tables.begin(), tables.end());
                scope_.Add(scope);
              });
            },
            [this](const std::string&) { Note([&] { ++lost_; }); },
            nullptr};
  }
  // Waits up to `limit` for `ready()` (called under the lock); returns it.
  template <typename Ready>
  bool WaitFor(Ready ready, std::chrono::milliseconds limit = 15000ms) {  // liveness, not speed
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return ready(*this); });
  }
  int connected_ = 0, lost_ = 0;
  std::set<std::string> tables_;
  ChangeScope scope_;  // what the notices named, added up
  std::mutex mutex_;

 private:
  template <typename Change>
  void Note(Change change) {
    std::lock_guard lock(mutex_);
    change();
    changed_.notify_all();
  }
  std::condition_variable changed_;
};

class ChangeNoticesTest : public testing::Test {
 protected:
  void SetUp() override {
    const char* admin = std::getenv("HOSHITORI_TEST_PG_URL");
    if (!admin || !*admin)
      GTEST_SKIP() << "HOSHITORI_TEST_PG_URL is not set: PostgreSQL tests skipped";
    database_ = std::make_unique<TestDatabase>(admin);
    auto opened = Store::Open(database_->url());  // applies the migrations
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    database_.reset();
  }

  Organisation AddOrganisation(const std::string& number) {
    Organisation o{
        0, *CorporateNumber::Parse(number), "Org " + number, *Industry::Parse("E"), 50, 10'000'000,
        ""};
    auto added = store_->AddOrganisation(o);
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() ? *added : o;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Store> store_;
};

TEST_F(ChangeNoticesTest, CommittedChangesAreAnnouncedRolledBackOnesNever) {
  Reports reports;
  PgChangeListener listener(database_->url(), reports.Callbacks(), {50ms, 100ms, 2000ms});
  ASSERT_TRUE(reports.WaitFor([](Reports& r) { return r.connected_ >= 1; }));
  {
    Transaction transaction(*store_);
    ASSERT_TRUE(transaction.begun().ok());
    AddOrganisation("3400120034561");
  }  // rolled back
  std::this_thread::sleep_for(300ms);
  {
    std::lock_guard lock(reports.mutex_);
    EXPECT_TRUE(reports.tables_.empty()) << *reports.tables_.begin();
  }
  {
    Transaction transaction(*store_);
    ASSERT_TRUE(transaction.begun().ok());
    AddOrganisation("3400120034561");
    ASSERT_TRUE(transaction.Commit().ok());
  }
  EXPECT_TRUE(reports.WaitFor([](Reports& r) { return r.tables_.contains("organisations"); }));
  // A change made by hand in SQL, outside any Hoshitori process, is announced too.
  pqxx::connection by_hand(database_->url());
  pqxx::nontransaction(by_hand).exec("UPDATE users SET display_name = display_name");
  EXPECT_TRUE(reports.WaitFor([](Reports& r) { return r.tables_.contains("users"); }));
  EXPECT_EQ(reports.lost_, 0);
}

TEST_F(ChangeNoticesTest, ListenerReportsALostConnectionAndComesBack) {
  Reports reports;
  PgChangeListener listener(database_->url(), reports.Callbacks(), {50ms, 100ms, 2000ms});
  ASSERT_TRUE(reports.WaitFor([](Reports& r) { return r.connected_ >= 1; }));
  pqxx::connection admin(database_->url());
  pqxx::nontransaction(admin).exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid "
      "<> pg_backend_pid() AND datname = current_database()");
  ASSERT_TRUE(reports.WaitFor([](Reports& r) { return r.lost_ >= 1 && r.connected_ >= 2; }));
  AddOrganisation("3400120034561");
  EXPECT_TRUE(reports.WaitFor([](Reports& r) { return r.tables_.contains("organisations"); }));
}

// A corporate number (check digit first) for a 12-digit `base`.
std::string CorporateNumberFor(const std::string& base) {
  int total = 0;
  for (size_t i = 0; i < base.size(); ++i) {
    const int digit = base[base.size() - 1 - i] - '0';
    total += digit * (i % 2 == 0 ? 1 : 2);
  }
  return std::to_string(9 - total % 9) + base;
}

// The read barrier: once AwaitCommitted returns, every change committed before the call has
// been reported — for each of several threads committing and reading at once, with a poll
// wait long enough that a barrier answered late would show. Without a connection it fails.
TEST_F(ChangeNoticesTest, ReadBarrierReturnsOnlyAfterEveryEarlierCommitWasReported) {
  Reports reports;
  PgChangeListener listener(database_->url(), reports.Callbacks(), {1000ms, 100ms, 2000ms});
  ASSERT_TRUE(reports.WaitFor([](Reports& r) { return r.connected_ >= 1; }));
  std::vector<std::thread> writers;
  std::atomic<int> stale{0}, failed{0};
  std::string first_failure;  // guarded by reports.mutex_
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      auto opened = Store::Open(database_->url());
      if (!opened.ok()) {
        ++failed;
        return;
      }
      for (int i = 0; i < 10; ++i) {
        const std::string number = CorporateNumberFor("7" + std::to_string(100 + t) + std::to_string(10000000 + i));
        Organisation o{0, *CorporateNumber::Parse(number), "Org " + number, *Industry::Parse("E"), 50, 10'000'000, ""};
        const auto added = (*opened)->AddOrganisation(o);  // committed when it returns
        if (!added.ok()) {
          ++failed;
          std::lock_guard lock(reports.mutex_);
          if (first_failure.empty()) first_failure = "AddOrganisation: " + added.error().message;
          continue;
        }
        if (!listener.AwaitCommitted(5000ms)) {
          ++failed;
          std::lock_guard lock(reports.mutex_);
          if (first_failure.empty()) first_failure = "AwaitCommitted refused or timed out";
          continue;
        }
        std::lock_guard lock(reports.mutex_);
        if (!reports.scope_.Touches(added->id, ChangeScope::kProfiles)) ++stale;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(failed.load(), 0) << first_failure;
  EXPECT_EQ(stale.load(), 0) << "a barrier returned before a change committed earlier was reported";
  listener.Stop();
  EXPECT_FALSE(listener.AwaitCommitted(5000ms));
}

TEST_F(ChangeNoticesTest, NoticesNameTheOrganisationsOrUsersAStatementTouched) {
  Reports reports;
  PgChangeListener listener(database_->url(), reports.Callbacks(), {50ms, 100ms, 2000ms});
  ASSERT_TRUE(reports.WaitFor([](Reports& r) { return r.connected_ >= 1; }));
  const auto next = [&](auto ready) {
    const bool seen = reports.WaitFor(ready);
    std::lock_guard lock(reports.mutex_);
    const ChangeScope scope = reports.scope_;
    reports.scope_ = ChangeScope();
    reports.tables_.clear();
    EXPECT_TRUE(seen) << scope.ToString();
    return scope;
  };
  const auto has = [](uint32_t aspect) {
    return [aspect](Reports& r) { return (r.scope_.aspects & aspect) != 0; };
  };
  const Organisation buyer = AddOrganisation("3400120034561");
  const Organisation supplier = AddOrganisation("7000012050002");
  ChangeScope scope = next([&](Reports& r) { return r.scope_.organisations.size() >= 2; });
  EXPECT_EQ(scope.aspects, ChangeScope::kProfiles);
  EXPECT_FALSE(scope.all_organisations);
  EXPECT_TRUE(scope.Touches(buyer.id) && scope.Touches(supplier.id));

  // A relationship names both parties; a policy its buyer.
  SupplyRelationship r;
  r.buyer = buyer.id;
  r.supplier = supplier.id;
  r.declared_by = buyer.id;
  size_t failed = 0;
  ASSERT_TRUE(store_->InsertRelationships({r}, &failed).ok());
  scope = next(has(ChangeScope::kGraph));
  EXPECT_EQ(scope.organisations, (std::vector<int64_t>{std::min(buyer.id, supplier.id), std::max(buyer.id, supplier.id)}));
  ASSERT_TRUE(store_->PutBuyerPolicy(BuyerPolicy{buyer.id, "", std::nullopt, "2026-01-01T00:00:00Z"}).ok());
  scope = next(has(ChangeScope::kPolicy));
  EXPECT_EQ(scope.organisations, std::vector<int64_t>{buyer.id});
  // A deletion names what the deleted rows named.
  pqxx::connection by_hand(database_->url());
  pqxx::nontransaction(by_hand).exec("DELETE FROM relationships");
  scope = next(has(ChangeScope::kGraph));
  EXPECT_EQ(scope.organisations, (std::vector<int64_t>{std::min(buyer.id, supplier.id), std::max(buyer.id, supplier.id)}));

  // One statement over many rows: past 7,000 bytes of ids the table's name alone is sent.
  pqxx::nontransaction(by_hand).exec(
      "INSERT INTO organisations (id, corporate_number, name, industry, created_at) "
      "SELECT 1000000000000 + n, (9000000000000 + n)::text, 'Bulk ' || n, 'E', '2026-01-01T00:00:00Z' "
      "FROM generate_series(1, 600) AS n");
  scope = next(has(ChangeScope::kProfiles));
  EXPECT_TRUE(scope.all_organisations) << scope.ToString();
  // A statement that changed no row announces its table with nothing in it.
  pqxx::nontransaction(by_hand).exec("UPDATE buyer_policies SET rules = rules WHERE org_id = -1");
  EXPECT_TRUE(reports.WaitFor([](Reports& r) { return r.tables_.contains("buyer_policies"); }));
  std::lock_guard lock(reports.mutex_);
  EXPECT_TRUE(reports.scope_.empty()) << reports.scope_.ToString();
}

TEST_F(ChangeNoticesTest, FollowerDropsCachesAndReloadsTheGraph) {
  const Organisation buyer = AddOrganisation("3400120034561");
  const Organisation supplier = AddOrganisation("7000012050002");
  auto chain = service::ChainService::Load(*store_);
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  service::ChainService& service = **chain;
  const auto edges = [&] {
    return service.WithGraph([](const SupplyGraph& g) { return g.edge_count(); });
  };
  const auto stable = [&] { return service.generation() == service.generation(); };

  api::ChangeFollower follower(database_->url(), service);
  // Caching starts once the follower listens (before that every generation is new).
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!stable() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(stable());
  // Not listening (its connection killed): nothing is cached until it listens again.
  {
    pqxx::connection admin(database_->url());
    pqxx::nontransaction(admin).exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid "
        "<> pg_backend_pid() AND datname = current_database()");
  }
  const auto unstable_by = std::chrono::steady_clock::now() + 3s;
  while (stable() && std::chrono::steady_clock::now() < unstable_by)
    std::this_thread::sleep_for(1ms);
  EXPECT_FALSE(stable());
  const auto stable_by = std::chrono::steady_clock::now() + 3s;
  while (!stable() && std::chrono::steady_clock::now() < stable_by)
    std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(stable());
  const uint64_t before = service.generation();

  // Another process declares a relationship: this node's generation moves and its graph has it.
  SupplyRelationship r;
  r.buyer = buyer.id;
  r.supplier = supplier.id;
  r.declared_by = buyer.id;
  size_t failed = 0;
  ASSERT_EQ(edges(), 0u);
  ASSERT_TRUE(store_->InsertRelationships({r}, &failed).ok());
  const auto until = std::chrono::steady_clock::now() + 3s;
  while (edges() == 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(edges(), 1u);
  EXPECT_GT(service.generation(), before);

  // A relationship the reload already brought in is not added twice when applied locally.
  std::vector<SupplyRelationship> stored;
  ASSERT_TRUE(
      store_->ForEachRelationship([&](const SupplyRelationship& s) { stored.push_back(s); }).ok());
  ASSERT_EQ(stored.size(), 1u);
  service.Apply(stored, {});
  EXPECT_EQ(edges(), 1u);
}

// A node skips the notices of its own pooled connections, whose changes its requests report
// before they answer, and no others; after a reconnection (PostgreSQL may have restarted and
// given those process ids to other clients) it skips nothing.
TEST_F(ChangeNoticesTest, FollowerSkipsTheNoticesOfConnectionsThatReportTheirOwnChanges) {
  const Organisation own = AddOrganisation("3400120034561");
  const Organisation other = AddOrganisation("7000012050002");
  auto chain = service::ChainService::Load(*store_);
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  service::ChainService& service = **chain;
  std::mutex mutex;
  std::set<int64_t> reported;  // organisations the follower reported as changed
  const uint64_t observer = service.Observe([&](uint64_t, const ChangeScope& scope) {
    std::lock_guard lock(mutex);
    reported.insert(scope.organisations.begin(), scope.organisations.end());
  });
  const auto seen = [&](int64_t org) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;  // liveness, not speed
    while (std::chrono::steady_clock::now() < deadline) {
      {
        std::lock_guard lock(mutex);
        if (reported.contains(org)) return true;
      }
      std::this_thread::sleep_for(10ms);
    }
    return false;
  };
  int64_t pid = 0;
  ASSERT_TRUE(store_->Sql().Execute("pid", "SELECT pg_backend_pid()", SqlParams{},
                                    [&](const SqlRow& row) { pid = row.Int(0); }).ok());
  const auto rename = [](Store& store, int64_t org) {
    return store.Sql().Execute("rename", "UPDATE organisations SET name = name || '.' WHERE id = ?", SqlParams(org));
  };
  {
    api::ChangeFollower follower(database_->url(), service, {pid});
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!service.caching() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(service.caching());
    {
      std::lock_guard lock(mutex);
      reported.clear();
    }
    ASSERT_TRUE(rename(*store_, own.id).ok());  // the reporting connection: skipped
    pqxx::connection by_hand(database_->url());
    pqxx::nontransaction(by_hand).exec("UPDATE organisations SET name = name || '.' WHERE id = " +
                                       std::to_string(other.id));
    // Notices arrive in commit order: once the later one is reported, the earlier one was
    // drained.
    ASSERT_TRUE(seen(other.id));
    {
      std::lock_guard lock(mutex);
      EXPECT_FALSE(reported.contains(own.id)) << "the notice of a reporting connection was reported again";
    }
    // The listening connection is killed; once it is back, the same connection's changes count.
    pqxx::nontransaction(by_hand).exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid "
        "<> pg_backend_pid() AND datname = current_database()");
    const auto lost_by = std::chrono::steady_clock::now() + 5s;
    while (service.caching() && std::chrono::steady_clock::now() < lost_by) std::this_thread::sleep_for(1ms);
    const auto back_by = std::chrono::steady_clock::now() + 5s;
    while (!service.caching() && std::chrono::steady_clock::now() < back_by) std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(service.caching());
    ASSERT_TRUE(rename(*store_, own.id).ok());
    EXPECT_TRUE(seen(own.id)) << "after a reconnection, every connection's notices must count";
  }
  service.StopObserving(observer);
}

}  // namespace
}  // namespace hoshitori
