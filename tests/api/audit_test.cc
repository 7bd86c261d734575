// The audit chain detects an altered or a removed entry.
#include "service/audit.h"
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;

class AuditTest : public ApiFixture {
 protected:
  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(AppendAudit(*store_, AuditEvent{1, 1, "test.event", "thing/" + std::to_string(i), "detail"}).ok());
    }
  }
  void Sql(const std::string& sql) { RawSql(sql); }
};

TEST_F(AuditTest, IntactChainVerifies) {
  Append(5);
  const auto result = VerifyAudit(*store_);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->entries, 5);
  EXPECT_FALSE(result->broken_at.has_value());
  EXPECT_EQ(result->last_hash.size(), 64u);
}

TEST_F(AuditTest, AlteredEntryIsFound) {
  Append(5);
  Sql("UPDATE audit_log SET detail = 'changed' WHERE seq = 3");
  const auto result = VerifyAudit(*store_);
  ASSERT_TRUE(result.ok());
  ASSERT_TRUE(result->broken_at.has_value());
  EXPECT_EQ(*result->broken_at, 3);
  EXPECT_NE(result->problem.find("altered"), std::string::npos);
}

TEST_F(AuditTest, RehashedEntryBreaksTheNextLink) {
  Append(5);
  AuditEntry forged;
  ASSERT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry& e) { if (e.seq == 2) forged = e; }).ok());
  forged.detail = "changed";
  forged.hash = AuditHash(forged);
  Sql("UPDATE audit_log SET detail = 'changed', hash = '" + forged.hash + "' WHERE seq = 2");
  const auto result = VerifyAudit(*store_);
  ASSERT_TRUE(result->broken_at.has_value());
  EXPECT_EQ(*result->broken_at, 3);
}

TEST_F(AuditTest, RemovedEntryIsFound) {
  Append(5);
  Sql("DELETE FROM audit_log WHERE seq = 4");
  const auto result = VerifyAudit(*store_);
  ASSERT_TRUE(result->broken_at.has_value());
  EXPECT_EQ(*result->broken_at, 4);
  EXPECT_NE(result->problem.find("missing"), std::string::npos);
}

// Entries removed from the end leave an intact chain; PostgreSQL keeps the chain's head beside
// the log (migration 030), so there the removal is found too. SQLite keeps no head: the
// shortened log still verifies, as the documentation says.
TEST_F(AuditTest, RemovedLastEntriesAreFoundWhereTheHeadIsKept) {
  Append(5);
  Sql("DELETE FROM audit_log WHERE seq >= 4");
  const auto result = VerifyAudit(*store_);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->entries, 3);
  if (store_->Sql().dialect().runs_postgres_only) {
    ASSERT_TRUE(result->broken_at.has_value());
    EXPECT_EQ(*result->broken_at, 4);
    EXPECT_NE(result->problem.find("missing"), std::string::npos);
  } else {
    EXPECT_FALSE(result->broken_at.has_value());
  }
}

// An entry removed from the end and another forged in its place links and hashes well; only
// the head (PostgreSQL) tells it from the one appended.
TEST_F(AuditTest, AForgedLastEntryIsFoundWhereTheHeadIsKept) {
  Append(3);
  AuditEntry last;
  ASSERT_TRUE(store_->ForEachAuditEntry([&](const AuditEntry& e) { if (e.seq == 3) last = e; }).ok());
  last.detail = "forged";
  last.hash = AuditHash(last);
  Sql("UPDATE audit_log SET detail = 'forged', hash = '" + last.hash + "' WHERE seq = 3");
  const auto result = VerifyAudit(*store_);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->broken_at.has_value(), store_->Sql().dialect().runs_postgres_only);
  if (result->broken_at) {
    EXPECT_EQ(*result->broken_at, 3);
  }
}

}  // namespace
}  // namespace hoshitori::api
