// The in-memory matching index (sbom/advisory_index.h): every advisory of tests/data/osv filed
// under its packages and found again by a component's Package URL; replacing and removing
// touch only the advisory's keys; reads run concurrently with writes.
#include "sbom/advisory_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "interchange/osv.h"
#include "sbom/package_match.h"

namespace hoshitori::sbom {
namespace {

namespace fs = std::filesystem;
const fs::path kData = fs::path(HOSHITORI_SOURCE_DIR) / "tests/data/osv";

PackageUrl Purl(const std::string& text) {
  Result<PackageUrl> purl = ParsePackageUrl(text, PurlParseMode::kLenient);
  if (!purl) throw std::runtime_error(purl.error().message);
  return std::move(purl).value();
}

std::vector<std::string> Ids(const std::vector<AdvisoryHit>& hits) {
  std::vector<std::string> ids;
  for (const AdvisoryHit& hit : hits) ids.push_back(hit.advisory->id);
  return ids;
}

class AdvisoryIndexTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    read_ = new std::vector<Advisory>();
    auto report = interchange::ReadOsvDirectory(kData, [](Advisory&& advisory, const std::string&) {
      read_->push_back(std::move(advisory));
    });
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_TRUE(report->skipped.empty());
  }
  static void TearDownTestSuite() {
    delete read_;
    read_ = nullptr;
  }
  void SetUp() override {
    for (const Advisory& advisory : *read_) index_.Put(advisory);
  }

  static std::vector<Advisory>* read_;
  AdvisoryIndex index_;
};
std::vector<Advisory>* AdvisoryIndexTest::read_ = nullptr;

TEST_F(AdvisoryIndexTest, FilesEveryAdvisoryUnderItsPackages) {
  EXPECT_EQ(index_.size(), read_->size());
  // Counted independently: entries that name a Package URL are filed, the rest counted.
  size_t entries = 0, unfiled = 0;
  std::set<std::string> keys;
  for (const Advisory& advisory : *read_) {
    for (const AffectedPackage& entry : advisory.affected) {
      ++entries;
      if (auto key = AffectedPackageKey(entry.package)) {
        keys.insert(*key);
      } else {
        ++unfiled;
      }
    }
  }
  EXPECT_EQ(index_.package_count(), keys.size());
  EXPECT_EQ(index_.unfiled_entries(), unfiled);
  EXPECT_GT(unfiled, 0u);  // Go's stdlib and toolchain entries
  EXPECT_LT(unfiled, entries / 4);
  EXPECT_EQ(index_.IdsFor("pkg:pypi/werkzeug"), std::vector<std::string>{"PYSEC-2023-57"});
}

TEST_F(AdvisoryIndexTest, MatchesRealAdvisoriesByPurl) {
  EXPECT_EQ(Ids(index_.Match(Purl("pkg:golang/github.com/gin-gonic/gin@v1.5.0"))),
            std::vector<std::string>{"GO-2020-0001"});
  EXPECT_TRUE(index_.Match(Purl("pkg:golang/github.com/gin-gonic/gin@v1.6.0")).empty());
  const auto werkzeug = index_.Match(Purl("pkg:pypi/werkzeug@2.2.2"));
  ASSERT_EQ(Ids(werkzeug), std::vector<std::string>{"PYSEC-2023-57"});
  EXPECT_EQ(werkzeug[0].match.verdict, Verdict::kAffected);
  EXPECT_TRUE(index_.Match(Purl("pkg:pypi/werkzeug@2.2.3")).empty());
  // golang.org/x/net: several advisories, sorted by id; the oldest fixes are behind 0.23.0.
  const auto net = Ids(index_.Match(Purl("pkg:golang/golang.org/x/net@v0.22.0")));
  EXPECT_TRUE(std::is_sorted(net.begin(), net.end()));
  EXPECT_NE(std::find(net.begin(), net.end(), "GO-2024-2687"), net.end());
  EXPECT_EQ(std::find(net.begin(), net.end(), "GO-2022-0193"), net.end());
  // Withdrawn advisories never show (GO-2022-0617 is filed, but withdrawn).
  const auto kubernetes = index_.IdsFor("pkg:golang/k8s.io/kubernetes");
  ASSERT_NE(std::find(kubernetes.begin(), kubernetes.end(), "GO-2022-0617"), kubernetes.end());
  for (const AdvisoryHit& hit : index_.Match(Purl("pkg:golang/k8s.io/kubernetes@v1.20.0"))) {
    EXPECT_NE(hit.advisory->id, "GO-2022-0617");
  }
}

TEST_F(AdvisoryIndexTest, ReplaceAndRemoveTouchOnlyTheirKeys) {
  const size_t packages = index_.package_count();
  ASSERT_EQ(index_.IdsFor("pkg:golang/github.com/gin-gonic/gin"),
            std::vector<std::string>{"GO-2020-0001"});
  std::shared_ptr<const Advisory> before = index_.Find("GO-2020-0001");
  ASSERT_NE(before, nullptr);
  Advisory moved = *before;
  moved.affected[0].package.name = "github.com/example/gin-fork";
  const std::vector<std::string> touched = index_.Put(moved);
  EXPECT_EQ(touched, (std::vector<std::string>{"pkg:golang/github.com/example/gin-fork",
                                               "pkg:golang/github.com/gin-gonic/gin"}));
  EXPECT_EQ(index_.size(), read_->size());
  EXPECT_TRUE(index_.Match(Purl("pkg:golang/github.com/gin-gonic/gin@v1.5.0")).empty());
  EXPECT_EQ(Ids(index_.Match(Purl("pkg:golang/github.com/example/gin-fork@v1.5.0"))),
            std::vector<std::string>{"GO-2020-0001"});
  // The earlier value lives on for whoever still holds it.
  EXPECT_EQ(before->affected[0].package.name, "github.com/gin-gonic/gin");

  EXPECT_EQ(index_.Remove("GO-2020-0001"),
            std::vector<std::string>{"pkg:golang/github.com/example/gin-fork"});
  EXPECT_EQ(index_.Find("GO-2020-0001"), nullptr);
  EXPECT_TRUE(index_.Match(Purl("pkg:golang/github.com/example/gin-fork@v1.5.0")).empty());
  EXPECT_TRUE(index_.Remove("GO-2020-0001").empty());
  EXPECT_EQ(index_.size(), read_->size() - 1);
  // gin's key left with the move, the fork's with the removal.
  EXPECT_EQ(index_.package_count(), packages - 1);
  EXPECT_TRUE(index_.IdsFor("pkg:golang/github.com/example/gin-fork").empty());
}

TEST_F(AdvisoryIndexTest, ReadsRunWhileAdvisoriesChange) {
  const Advisory gin = *index_.Find("GO-2020-0001");
  std::atomic<bool> stop{false};
  std::atomic<size_t> wrong{0}, reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      const PackageUrl purl = Purl("pkg:golang/github.com/gin-gonic/gin@v1.5.0");
      while (!stop.load()) {
        const auto hits = index_.Match(purl);
        // Either filed or not at that instant; never anything else.
        if (!(hits.empty() || Ids(hits) == std::vector<std::string>{"GO-2020-0001"})) ++wrong;
        ++reads;
      }
    });
  }
  // The changes begin once the readers run (on a busy machine they may start late).
  while (reads.load() < 3) std::this_thread::yield();
  for (int i = 0; i < 2000; ++i) {
    index_.Remove("GO-2020-0001");
    index_.Put(gin);
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_GT(reads.load(), 0u);
  EXPECT_EQ(Ids(index_.Match(Purl("pkg:golang/github.com/gin-gonic/gin@v1.5.0"))),
            std::vector<std::string>{"GO-2020-0001"});
}

}  // namespace
}  // namespace hoshitori::sbom
