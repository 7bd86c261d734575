// OSV advisories in the store (service/advisory_service.h, store/advisory_repository.h), on
// SQLite and PostgreSQL: tests/data/osv imports completely; a second import leaves everything
// unchanged; only a newer `modified` replaces an advisory (with its package rows); the stored
// document reads back to the same advisory; the index loaded from the store matches; only
// the operator imports; one audit entry per import.
#include "service/advisory_service.h"

#include <algorithm>
#include <filesystem>

#include "api_test_support.h"
#include "sbom/package_match.h"

namespace hoshitori::api {
namespace {

using testing_support::ApiFixture;
namespace fs = std::filesystem;

const fs::path kData = fs::path(HOSHITORI_SOURCE_DIR) / "tests/data/osv";

sbom::PackageUrl Purl(const std::string& text) {
  auto purl = sbom::ParsePackageUrl(text, sbom::PurlParseMode::kLenient);
  if (!purl) throw std::runtime_error(purl.error().message);
  return std::move(purl).value();
}

class AdvisoryServiceTest : public ApiFixture {
 protected:
  service::Context Operator() {
    return service::Context{*store_, no_catalog_, clock_, nullptr, service::Actor::Operator()};
  }
  int64_t Audits(const std::string& action) {
    int64_t count = 0;
    EXPECT_TRUE(
        store_->ForEachAuditEntry([&](const AuditEntry& e) { count += e.action == action; }).ok());
    return count;
  }
  // Every advisory of tests/data/osv, read directly (the expected side).
  static std::vector<sbom::Advisory> ReadAll(interchange::OsvReadReport* report) {
    std::vector<sbom::Advisory> all;
    auto read = interchange::ReadOsvDirectory(
        kData, [&](sbom::Advisory&& advisory, const std::string&) { all.push_back(advisory); });
    if (!read) throw std::runtime_error(read.error().message);
    *report = *read;
    return all;
  }

  Catalog no_catalog_;
  Clock clock_;
};

TEST_F(AdvisoryServiceTest, ImportsTheTestDataThenFindsEverythingUnchanged) {
  interchange::OsvReadReport expected;
  const std::vector<sbom::Advisory> all = ReadAll(&expected);
  ASSERT_GT(all.size(), 600u);

  service::Context context = Operator();
  auto first = service::AdvisoryService(context).Import(kData);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->read.files, expected.files);
  EXPECT_EQ(first->read.read, all.size());
  EXPECT_TRUE(first->read.skipped.empty());
  EXPECT_EQ(first->stored.added, all.size());
  EXPECT_EQ(first->stored.updated, 0u);
  EXPECT_EQ(first->stored.unchanged, 0u);
  EXPECT_EQ(*store_->CountAdvisories(), static_cast<int64_t>(all.size()));
  EXPECT_EQ(*store_->AdvisoryIdsForPackage("pkg:pypi/werkzeug"),
            std::vector<std::string>{"PYSEC-2023-57"});

  auto second = service::AdvisoryService(context).Import(kData);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->stored.added, 0u);
  EXPECT_EQ(second->stored.updated, 0u);
  EXPECT_EQ(second->stored.unchanged, all.size());
  EXPECT_EQ(Audits("advisory.import"), 2);
}

TEST_F(AdvisoryServiceTest, OnlyANewerModifiedReplacesAnAdvisory) {
  interchange::OsvReadReport report;
  std::vector<sbom::Advisory> all = ReadAll(&report);
  service::Context context = Operator();
  ASSERT_TRUE(service::AdvisoryService(context).StoreAdvisories(all, report).ok());

  const auto gin = std::find_if(all.begin(), all.end(),
                                [](const sbom::Advisory& a) { return a.id == "GO-2020-0001"; });
  ASSERT_NE(gin, all.end());
  sbom::Advisory older = *gin, newer = *gin;
  older.modified -= std::chrono::hours(24);
  older.affected[0].package.name = "github.com/example/older";
  newer.modified += std::chrono::microseconds(1);  // a fraction of a second is newer too
  newer.affected[0].package.name = "github.com/example/newer";

  auto stale = service::AdvisoryService(context).StoreAdvisories({older, *gin}, {});
  ASSERT_TRUE(stale.ok()) << stale.error().message;
  EXPECT_EQ(stale->stored.unchanged, 2u);
  EXPECT_EQ(stale->stored.updated, 0u);

  auto fresh = service::AdvisoryService(context).StoreAdvisories({newer}, {});
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_EQ(fresh->stored.updated, 1u);
  EXPECT_EQ(*store_->CountAdvisories(), static_cast<int64_t>(all.size()));
  EXPECT_TRUE(store_->AdvisoryIdsForPackage("pkg:golang/github.com/gin-gonic/gin")->empty());
  EXPECT_EQ(*store_->AdvisoryIdsForPackage("pkg:golang/github.com/example/newer"),
            std::vector<std::string>{"GO-2020-0001"});

  // The same advisory twice in one import: the second is measured against the first.
  sbom::Advisory newest = newer;
  newest.modified += std::chrono::seconds(1);
  auto twice = service::AdvisoryService(context).StoreAdvisories({newest, newer}, {});
  ASSERT_TRUE(twice.ok()) << twice.error().message;
  EXPECT_EQ(twice->stored.updated, 1u);
  EXPECT_EQ(twice->stored.unchanged, 1u);
}

TEST_F(AdvisoryServiceTest, StoredDocumentsReadBackAndFeedTheIndex) {
  interchange::OsvReadReport report;
  const std::vector<sbom::Advisory> all = ReadAll(&report);
  service::Context context = Operator();
  ASSERT_TRUE(service::AdvisoryService(context).StoreAdvisories(all, report).ok());

  std::map<std::string, StoredAdvisory> stored;
  ASSERT_TRUE(
      store_->ForEachAdvisory([&](const StoredAdvisory& row) { stored[row.id] = row; }).ok());
  ASSERT_EQ(stored.size(), all.size());
  size_t withdrawn = 0;
  for (const sbom::Advisory& advisory : all) {
    const StoredAdvisory& row = stored.at(advisory.id);
    EXPECT_EQ(row.modified, service::StoredTimestamp(advisory.modified));
    EXPECT_EQ(row.modified.size(), std::string("2023-06-12T18:45:41.000000Z").size())
        << row.modified;
    EXPECT_EQ(row.withdrawn.has_value(), advisory.withdrawn.has_value());
    withdrawn += row.withdrawn.has_value();
    EXPECT_EQ(row.summary, advisory.summary);
    auto again = interchange::ReadOsvAdvisory(row.document, advisory.id);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(service::AdvisoryToOsvJson(*again), service::AdvisoryToOsvJson(advisory))
        << advisory.id;
    EXPECT_EQ(again->affected.size(), advisory.affected.size());
    EXPECT_EQ(again->references.size(), advisory.references.size());
  }
  EXPECT_EQ(withdrawn, 27u);  // every withdrawn advisory of both sets (tests/data/osv/README.md)

  sbom::AdvisoryIndex index;
  auto loaded = service::LoadAdvisoryIndex(*store_, index);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(*loaded, all.size());
  const auto hits = index.Match(Purl("pkg:golang/github.com/gin-gonic/gin@v1.5.0"));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].advisory->id, "GO-2020-0001");
  EXPECT_EQ(hits[0].match.verdict, sbom::Verdict::kAffected);
  EXPECT_TRUE(index.Match(Purl("pkg:golang/github.com/gin-gonic/gin@v1.6.0")).empty());
}

TEST_F(AdvisoryServiceTest, OnlyTheOperatorImportsAndAMissingSourceIsNotFound) {
  service::Context anonymous{*store_, no_catalog_, clock_, nullptr, service::Actor{}};
  auto refused = service::AdvisoryService(anonymous).Import(kData);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(*store_->CountAdvisories(), 0);

  service::Context context = Operator();
  auto missing = service::AdvisoryService(context).Import(kData / "no-such-dir");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(Audits("advisory.import"), 0);
}

}  // namespace
}  // namespace hoshitori::api
