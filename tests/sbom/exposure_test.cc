// The exposure engine (sbom/exposure.h): affected versions, propagation up through
// containment and out through consenting deliveries, a buyer's view, a supplier's customers,
// incremental component changes; and a property test against a naive recomputation that
// enumerates every containment path.
#include "sbom/exposure.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "interchange/osv.h"
#include "sbom/package_match.h"

namespace hoshitori::sbom {
namespace {

PackageUrl Purl(const std::string& text) {
  Result<PackageUrl> purl = ParsePackageUrl(text, PurlParseMode::kLenient);
  if (!purl) throw std::runtime_error(purl.error().message);
  return std::move(purl).value();
}

// A PyPI advisory on `name`: introduced 0, fixed `fixed` (ECOSYSTEM).
Advisory FixedIn(const std::string& id, const std::string& name, const std::string& fixed) {
  Advisory advisory;
  advisory.id = id;
  AffectedPackage entry;
  entry.package = OsvPackage{"PyPI", name, ""};
  AffectedRange range;
  range.type = RangeType::kEcosystem;
  range.type_name = "ECOSYSTEM";
  range.events = {RangeEvent{EventKind::kIntroduced, "0"}, RangeEvent{EventKind::kFixed, fixed}};
  entry.ranges.push_back(range);
  advisory.affected.push_back(entry);
  return advisory;
}

// A PyPI advisory whose only range is a GIT range: every version "cannot tell".
Advisory GitOnly(const std::string& id, const std::string& name) {
  Advisory advisory;
  advisory.id = id;
  AffectedPackage entry;
  entry.package = OsvPackage{"PyPI", name, ""};
  AffectedRange range;
  range.type = RangeType::kGit;
  range.type_name = "GIT";
  range.repo = "https://example.invalid/repo";
  range.events = {RangeEvent{EventKind::kIntroduced, "0"}};
  entry.ranges.push_back(range);
  advisory.affected.push_back(entry);
  return advisory;
}

std::vector<std::tuple<int64_t, int64_t, int64_t, std::vector<int64_t>>> Summary(
    const std::vector<Exposure>& rows) {
  std::vector<std::tuple<int64_t, int64_t, int64_t, std::vector<int64_t>>> out;
  for (const Exposure& row : rows) {
    out.emplace_back(row.buyer, row.delivered_version, row.supplier, row.path());
  }
  return out;
}

void Ok(const Status& status) { ASSERT_TRUE(status.ok()) << status.error().message; }

// Three organisations in a chain: org 1's library version 10 (libx 1.0) is inside org 2's
// version 20, which is inside org 3's version 30; each is delivered one step up, and 30 to
// org 4.
class ExposureTest : public testing::Test {
 protected:
  void SetUp() override {
    Ok(engine_.PutProductVersion({10, 1, "core", "1.0"}));
    Ok(engine_.PutProductVersion({20, 2, "app", "2.0"}));
    Ok(engine_.PutProductVersion({30, 3, "appliance", "3.0"}));
    const std::vector<PackageUrl> core = {Purl("pkg:pypi/libx@1.0"), Purl("pkg:pypi/other@9")};
    ASSERT_TRUE(engine_.SetComponents(10, core).ok());
    Ok(engine_.PutContainment(20, 10));
    Ok(engine_.PutContainment(30, 20));
    Ok(engine_.PutDelivery({102, 10, 1, 2, 1002, false, true}));
    Ok(engine_.PutDelivery({101, 20, 2, 3, 1001, true, true}));
    Ok(engine_.PutDelivery({100, 30, 3, 4, 1000, false, true}));
  }
  ExposureEngine engine_;
  const Advisory libx_ = FixedIn("PYSEC-X", "libx", "1.5");
};

TEST_F(ExposureTest, DirectHitIsTheAffectedVersion) {
  const std::vector<AffectedVersion> affected = engine_.AffectedVersions(libx_);
  ASSERT_EQ(affected.size(), 1u);
  EXPECT_EQ(affected[0].product_version, 10);
  EXPECT_EQ(affected[0].owner, 1);
  ASSERT_EQ(affected[0].components.size(), 1u);
  EXPECT_EQ(affected[0].components[0].purl, "pkg:pypi/libx@1.0");
  EXPECT_EQ(affected[0].components[0].match.verdict, Verdict::kAffected);
  EXPECT_TRUE(engine_.AffectedVersions(FixedIn("PYSEC-Y", "libx", "1.0")).empty());
  EXPECT_TRUE(engine_.AffectedVersions(FixedIn("PYSEC-Z", "unrelated", "9")).empty());
}

TEST_F(ExposureTest, AffectedComponentsGroupTheSameAnswer) {
  const std::vector<PackageUrl> more = {Purl("pkg:pypi/libx@1.0"), Purl("pkg:pypi/libx@1.2")};
  ASSERT_TRUE(engine_.SetComponents(30, more).ok());
  ASSERT_TRUE(engine_.SetComponents(20, more).ok());
  const std::vector<ComponentHit> hits = engine_.AffectedComponents(libx_);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].purl, "pkg:pypi/libx@1.0");
  EXPECT_EQ(hits[0].product_versions, (std::vector<int64_t>{10, 20, 30}));
  EXPECT_EQ(hits[1].purl, "pkg:pypi/libx@1.2");
  EXPECT_EQ(hits[1].product_versions, (std::vector<int64_t>{20, 30}));
  EXPECT_EQ(hits[1].match.verdict, Verdict::kAffected);
  size_t pairs = 0;
  for (const AffectedVersion& version : engine_.AffectedVersions(libx_)) {
    pairs += version.components.size();
  }
  EXPECT_EQ(pairs, 5u);
  EXPECT_TRUE(engine_.AffectedComponents(FixedIn("PYSEC-Y", "libx", "1.0")).empty());
}

TEST_F(ExposureTest, TwoLevelContainmentAcrossThreeOrganisations) {
  const std::vector<Exposure> rows = engine_.Exposures(libx_);
  using Row = std::tuple<int64_t, int64_t, int64_t, std::vector<int64_t>>;
  EXPECT_EQ(Summary(rows),
            (std::vector<Row>{{2, 10, 1, {10}}, {3, 20, 2, {10, 20}}, {4, 30, 3, {10, 20, 30}}}));
  for (const Exposure& row : rows) {
    EXPECT_EQ(row.component(), "pkg:pypi/libx@1.0");
    EXPECT_EQ(row.match().verdict, Verdict::kAffected);
    EXPECT_TRUE(row.disclose_matches);
  }
  EXPECT_EQ(rows[1].relationship, 1001);
  EXPECT_EQ(rows[1].delivery, 101);
  EXPECT_TRUE(rows[1].share_sbom);
}

TEST_F(ExposureTest, CyclesEndAndKeepTheShortestPath) {
  // 10 also "contains" 30: a cycle 10 -> 20 -> 30 -> 10 (as containment edges point up).
  Ok(engine_.PutContainment(10, 30));
  // A shortcut: 30 contains 10 directly, so 30's shortest path is [10, 30].
  Ok(engine_.PutContainment(30, 10));
  const std::vector<Exposure> rows = engine_.Exposures(libx_);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].path(), (std::vector<int64_t>{10, 30}));
  EXPECT_EQ(engine_.Stats().containment_edges, 4u);
}

TEST_F(ExposureTest, DiscloseMatchesFalseStopsPropagation) {
  Ok(engine_.PutDelivery({101, 20, 2, 3, 1001, true, false}));
  using Row = std::tuple<int64_t, int64_t, int64_t, std::vector<int64_t>>;
  EXPECT_EQ(Summary(engine_.Exposures(libx_)),
            (std::vector<Row>{{2, 10, 1, {10}}, {4, 30, 3, {10, 20, 30}}}));
  // The supplier still sees the customer it must tell, marked as not disclosed.
  const std::vector<Exposure> tell = engine_.CustomersToTell(2, libx_);
  ASSERT_EQ(tell.size(), 1u);
  EXPECT_EQ(tell[0].buyer, 3);
  EXPECT_FALSE(tell[0].disclose_matches);
  AdvisoryIndex index;
  index.Put(libx_);
  EXPECT_TRUE(engine_.ExposuresOfBuyer(3, index).empty());
}

TEST_F(ExposureTest, CustomersToTellThroughOwnProducts) {
  // Org 3 delivers 30 twice (two relationships); both are customers to tell.
  Ok(engine_.PutDelivery({103, 30, 3, 5, 1003, false, true}));
  using Row = std::tuple<int64_t, int64_t, int64_t, std::vector<int64_t>>;
  EXPECT_EQ(Summary(engine_.CustomersToTell(3, libx_)),
            (std::vector<Row>{{4, 30, 3, {10, 20, 30}}, {5, 30, 3, {10, 20, 30}}}));
  EXPECT_TRUE(engine_.CustomersToTell(4, libx_).empty());
}

TEST_F(ExposureTest, RemovalDropsVersionsDeliveriesAndEdges) {
  Ok(engine_.RemoveDelivery(100));
  EXPECT_EQ(engine_.Exposures(libx_).size(), 2u);
  Ok(engine_.RemoveContainment(30, 20));
  Ok(engine_.PutDelivery({100, 30, 3, 4, 1000, false, true}));
  EXPECT_EQ(engine_.Exposures(libx_).size(), 2u);  // 30 no longer contains 20
  Ok(engine_.RemoveProductVersion(20));
  using Row = std::tuple<int64_t, int64_t, int64_t, std::vector<int64_t>>;
  EXPECT_EQ(Summary(engine_.Exposures(libx_)), (std::vector<Row>{{2, 10, 1, {10}}}));
  Ok(engine_.RemoveProductVersion(10));
  EXPECT_TRUE(engine_.Exposures(libx_).empty());
  const ExposureStats stats = engine_.Stats();
  EXPECT_EQ(stats.product_versions, 1u);
  EXPECT_EQ(stats.component_entries, 0u);
  EXPECT_EQ(stats.distinct_components, 0u);
  EXPECT_EQ(stats.package_keys, 0u);
  EXPECT_EQ(stats.deliveries, 1u);
  EXPECT_EQ(stats.containment_edges, 0u);
  // Unknown ids are no-ops; facts naming unknown versions are refused.
  Ok(engine_.RemoveProductVersion(999));
  Ok(engine_.RemoveDelivery(999));
  EXPECT_EQ(engine_.PutDelivery({200, 999, 1, 2, 1, false, true}).error().kind,
            ErrorKind::kNotFound);
  EXPECT_EQ(engine_.PutContainment(30, 999).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(engine_.PutContainment(30, 30).error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(engine_.PutDelivery({200, 30, 1, 2, 1, false, true}).error().kind,
            ErrorKind::kInvalid);  // 1 does not own 30
  EXPECT_EQ(engine_.PutProductVersion({30, 9, "appliance", "3.0"}).error().kind,
            ErrorKind::kConflict);  // 30 has deliveries by 3
}

TEST_F(ExposureTest, ReplacedComponentsReportWhatChangedAndWhatIsNew) {
  AdvisoryIndex index;
  index.Put(libx_);
  index.Put(FixedIn("PYSEC-OTHER", "other", "10"));
  index.Put(FixedIn("PYSEC-NEW", "newlib", "3"));
  const std::vector<PackageUrl> next = {Purl("pkg:pypi/libx@1.1"), Purl("pkg:pypi/other@9"),
                                        Purl("pkg:pypi/NewLib@2"), Purl("pkg:pypi/newlib@2")};
  Result<ComponentChange> change = engine_.SetComponents(10, next);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->added, (std::vector<std::string>{"pkg:pypi/libx@1.1", "pkg:pypi/newlib@2"}));
  EXPECT_EQ(change->removed, (std::vector<std::string>{"pkg:pypi/libx@1.0"}));
  EXPECT_EQ(change->touched_keys, (std::vector<std::string>{"pkg:pypi/libx", "pkg:pypi/newlib"}));
  EXPECT_EQ(
      engine_.ComponentsOf(10),
      (std::vector<std::string>{"pkg:pypi/libx@1.1", "pkg:pypi/newlib@2", "pkg:pypi/other@9"}));
  // libx was affecting the version before (1.0), so only newlib is new.
  const std::vector<VersionHit> fresh = engine_.NewlyAffecting(10, *change, index);
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].advisory_id, "PYSEC-NEW");
  EXPECT_EQ(fresh[0].component, "pkg:pypi/newlib@2");
  EXPECT_EQ(engine_.Exposures(libx_)[2].component(), "pkg:pypi/libx@1.1");
  // Replacing with a fixed version: nobody is exposed any more.
  const std::vector<PackageUrl> fixed = {Purl("pkg:pypi/libx@1.5")};
  ASSERT_TRUE(engine_.SetComponents(10, fixed).ok());
  EXPECT_TRUE(engine_.Exposures(libx_).empty());
  EXPECT_EQ(engine_.Stats().component_entries, 1u);
  EXPECT_EQ(engine_.SetComponents(99, fixed).error().kind, ErrorKind::kNotFound);
}

TEST_F(ExposureTest, WithdrawnAdvisoryAffectsNobody) {
  Advisory withdrawn = libx_;
  withdrawn.withdrawn = withdrawn.modified;
  EXPECT_TRUE(engine_.AffectedVersions(withdrawn).empty());
  EXPECT_TRUE(engine_.Exposures(withdrawn).empty());
  AdvisoryIndex index;
  index.Put(withdrawn);
  EXPECT_TRUE(engine_.ExposuresOfBuyer(4, index).empty());
}

TEST_F(ExposureTest, CannotTellPropagatesAsSuch) {
  const std::vector<Exposure> rows = engine_.Exposures(GitOnly("GHSA-GIT", "libx"));
  ASSERT_EQ(rows.size(), 3u);
  for (const Exposure& row : rows) EXPECT_EQ(row.match().verdict, Verdict::kCannotTell);
  // A component without a version cannot be told about either.
  const std::vector<PackageUrl> unversioned = {Purl("pkg:pypi/libx")};
  ASSERT_TRUE(engine_.SetComponents(10, unversioned).ok());
  const std::vector<Exposure> again = engine_.Exposures(libx_);
  ASSERT_EQ(again.size(), 3u);
  EXPECT_EQ(again[0].match().verdict, Verdict::kCannotTell);
  EXPECT_EQ(again[0].component(), "pkg:pypi/libx");
}

TEST_F(ExposureTest, BuyerSeesWhatReachesIt) {
  AdvisoryIndex index;
  index.Put(libx_);
  index.Put(GitOnly("GHSA-GIT", "other"));
  index.Put(FixedIn("PYSEC-NONE", "libx", "0.5"));
  const std::vector<BuyerExposure> mine = engine_.ExposuresOfBuyer(4, index);
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].advisory_id, "GHSA-GIT");
  EXPECT_EQ(mine[0].exposure.component(), "pkg:pypi/other@9");
  EXPECT_EQ(mine[1].advisory_id, "PYSEC-X");
  EXPECT_EQ(mine[1].exposure.path(), (std::vector<int64_t>{10, 20, 30}));
  EXPECT_TRUE(engine_.ExposuresOfBuyer(1, index).empty());
}

TEST(ExposureBounds, RefusesOversizedInput) {
  ExposureEngine engine;
  EXPECT_EQ(engine.PutProductVersion({1, 1, std::string(kMaxProductTextBytes + 1, 'a'), "1"})
                .error()
                .kind,
            ErrorKind::kInvalid);
  Ok(engine.PutProductVersion({1, 1, "p", "1"}));
  const std::vector<PackageUrl> many(kMaxComponentsPerVersion + 1, Purl("pkg:pypi/a@1"));
  EXPECT_EQ(engine.SetComponents(1, many).error().kind, ErrorKind::kInvalid);
}

// The engine skips candidates with SurelyNotAffected: over the real advisories of
// tests/data/osv and versions at, around and between their events (and some that no scheme
// reads), it never skips what MatchPackage would report.
TEST(SurelyNotAffected, NeverSkipsAMatch) {
  std::vector<Advisory> advisories;
  auto report = interchange::ReadOsvDirectory(
      std::filesystem::path(HOSHITORI_SOURCE_DIR) / "tests/data/osv",
      [&](Advisory&& advisory, const std::string&) { advisories.push_back(std::move(advisory)); });
  ASSERT_TRUE(report.ok());
  ASSERT_GT(advisories.size(), 10u);
  size_t skipped = 0, evaluated = 0, affected = 0;
  for (const Advisory& advisory : advisories) {
    const PreparedAdvisory prepared = PrepareAdvisory(advisory);
    for (size_t i = 0; i < advisory.affected.size(); ++i) {
      if (!(*prepared.keys)[i]) continue;
      const PackageUrl base = Purl(*(*prepared.keys)[i]);
      std::set<std::string> versions = {"", "0.0.1", "not a version", "1.0.0", "99.0.0"};
      for (const AffectedRange& range : advisory.affected[i].ranges) {
        for (const RangeEvent& event : range.events) {
          versions.insert(event.version);
          versions.insert(event.version + ".1");
          versions.insert(event.version + "-rc.1");
          versions.insert("v" + event.version);
        }
      }
      versions.insert(advisory.affected[i].versions.begin(), advisory.affected[i].versions.end());
      for (const std::string& version : versions) {
        Result<PackageUrl> purl =
            BuildPackageUrl(base.type, base.namespace_, base.name, version, {}, "");
        if (!purl.ok()) continue;
        const RangeMatch match = MatchPackage(advisory, *purl);
        affected += match.verdict == Verdict::kAffected;
        if (SurelyNotAffected(prepared, *(*prepared.keys)[i], purl->version)) {
          ++skipped;
          EXPECT_EQ(match.verdict, Verdict::kNotAffected)
              << advisory.id << " " << ToString(*purl) << ": " << match.reason;
        } else {
          ++evaluated;
        }
      }
    }
  }
  EXPECT_GT(skipped, 100u);
  EXPECT_GT(evaluated, 100u);
  EXPECT_GT(affected, 50u);
}

// --- Property: Exposures equals a naive recomputation over random small fact sets. ---

struct Facts {
  int versions = 0;            // ids 1..versions
  std::vector<int64_t> owner;  // by id - 1
  std::vector<std::vector<std::string>> components;
  std::set<std::pair<int64_t, int64_t>> contains;  // (outer, inner)
  std::vector<DeliveryFact> deliveries;
};

const std::vector<std::string> kPool = {"pkg:pypi/a@1.0", "pkg:pypi/a@2.0",
                                        "pkg:pypi/b@1.0", "pkg:pypi/b",
                                        "pkg:pypi/c@3.0", "pkg:golang/x/y@v1.2.0"};

Facts RandomFacts() {
  Facts facts;
  facts.versions = *rc::gen::inRange(1, 8);
  for (int v = 0; v < facts.versions; ++v) {
    facts.owner.push_back(*rc::gen::inRange(1, 5));
    facts.components.push_back(*rc::gen::container<std::vector<std::string>>(
        *rc::gen::inRange(0, 4), rc::gen::elementOf(kPool)));
  }
  const int edges = *rc::gen::inRange(0, facts.versions * 3);
  for (int e = 0; e < edges; ++e) {
    const int64_t outer = *rc::gen::inRange(1, facts.versions + 1);
    const int64_t inner = *rc::gen::inRange(1, facts.versions + 1);
    if (outer != inner) facts.contains.emplace(outer, inner);
  }
  const int deliveries = *rc::gen::inRange(0, facts.versions * 2);
  for (int d = 0; d < deliveries; ++d) {
    const int64_t version = *rc::gen::inRange(1, facts.versions + 1);
    facts.deliveries.push_back(DeliveryFact{
        100 + d, version, facts.owner[version - 1], *rc::gen::inRange(1, 6),
        *rc::gen::inRange(1, 4), *rc::gen::arbitrary<bool>(), *rc::gen::inRange(0, 4) != 0});
  }
  return facts;
}

// Builds the engine in a shuffled order, with junk put and removed again.
void Load(const Facts& facts, ExposureEngine* engine) {
  std::vector<int64_t> order;
  for (int v = 1; v <= facts.versions; ++v) order.push_back(v);
  order = *rc::gen::element(order, std::vector<int64_t>(order.rbegin(), order.rend()));
  for (const int64_t v : order) {
    RC_ASSERT(engine->PutProductVersion({v, facts.owner[v - 1], "p", "1"}).ok());
    const std::vector<PackageUrl> junk = {Purl("pkg:pypi/a@1.5"), Purl("pkg:pypi/zz@1")};
    RC_ASSERT(engine->SetComponents(v, junk).ok());
  }
  RC_ASSERT(engine->PutProductVersion({99, 1, "junk", "1"}).ok());
  for (const int64_t v : order) {
    std::vector<PackageUrl> purls;
    for (const std::string& text : facts.components[v - 1]) purls.push_back(Purl(text));
    RC_ASSERT(engine->SetComponents(v, purls).ok());
    RC_ASSERT(engine->PutContainment(99, v).ok());
    RC_ASSERT(engine->PutContainment(v, 99).ok());
  }
  for (const auto& [outer, inner] : facts.contains)
    RC_ASSERT(engine->PutContainment(outer, inner).ok());
  for (const DeliveryFact& fact : facts.deliveries) RC_ASSERT(engine->PutDelivery(fact).ok());
  RC_ASSERT(engine->PutDelivery({999, 99, 1, 2, 3, true, true}).ok());
  RC_ASSERT(engine->RemoveProductVersion(99).ok());
}

// Every containment path (innermost affected version first) enumerated by depth-first search
// over simple paths; the best by (length, sequence) for each delivered version.
std::vector<Exposure> NaiveExposures(const Facts& facts, const Advisory& advisory,
                                     bool all_deliveries, int64_t only_supplier) {
  std::map<int64_t, std::vector<std::pair<std::string, RangeMatch>>> affected;
  for (int64_t v = 1; v <= facts.versions; ++v) {
    std::set<std::string> seen(facts.components[v - 1].begin(), facts.components[v - 1].end());
    for (const std::string& text : seen) {
      RangeMatch match = MatchPackage(advisory, Purl(text));
      if (match.verdict != Verdict::kNotAffected) affected[v].emplace_back(text, match);
    }
  }
  std::map<int64_t, std::vector<int64_t>> best;  // delivered version -> path
  std::function<void(std::vector<int64_t>&)> extend = [&](std::vector<int64_t>& path) {
    const int64_t top = path.back();
    auto& current = best[top];
    if (current.empty() || path.size() < current.size() ||
        (path.size() == current.size() && path < current)) {
      current = path;
    }
    for (const auto& [outer, inner] : facts.contains) {
      if (inner != top || std::find(path.begin(), path.end(), outer) != path.end()) continue;
      path.push_back(outer);
      extend(path);
      path.pop_back();
    }
  };
  for (const auto& [v, hits] : affected) {
    std::vector<int64_t> path = {v};
    extend(path);
  }
  std::vector<Exposure> rows;
  for (const DeliveryFact& fact : facts.deliveries) {
    if (!all_deliveries && !fact.disclose_matches) continue;
    if (only_supplier != 0 && fact.supplier != only_supplier) continue;
    const auto found = best.find(fact.product_version);
    if (found == best.end()) continue;
    const auto& hits = affected.at(found->second.front());
    const auto first = std::min_element(
        hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    rows.push_back(Exposure{fact.buyer, fact.product_version, fact.supplier, fact.relationship,
                            fact.id, fact.share_sbom, fact.disclose_matches,
                            std::make_shared<const ExposureReach>(
                                ExposureReach{found->second, first->first, first->second})});
  }
  std::sort(rows.begin(), rows.end(), [](const Exposure& a, const Exposure& b) {
    return std::tie(a.buyer, a.delivered_version, a.supplier, a.relationship, a.delivery) <
           std::tie(b.buyer, b.delivered_version, b.supplier, b.relationship, b.delivery);
  });
  return rows;
}

bool SameRows(const std::vector<Exposure>& a, const std::vector<Exposure>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tie(a[i].buyer, a[i].delivered_version, a[i].supplier, a[i].relationship,
                 a[i].delivery, a[i].share_sbom, a[i].disclose_matches, a[i].path(),
                 a[i].component()) != std::tie(b[i].buyer, b[i].delivered_version, b[i].supplier,
                                               b[i].relationship, b[i].delivery, b[i].share_sbom,
                                               b[i].disclose_matches, b[i].path(),
                                               b[i].component()) ||
        a[i].match().verdict != b[i].match().verdict ||
        a[i].match().reason != b[i].match().reason) {
      return false;
    }
  }
  return true;
}

TEST(ExposureProperty, ExposuresEqualANaiveRecomputation) {
  const std::vector<Advisory> advisories = {FixedIn("PYSEC-A", "a", "1.5"),
                                            FixedIn("PYSEC-B", "b", "2"), GitOnly("GHSA-C", "c")};
  const bool ok =
      rc::check("Exposures, CustomersToTell and ExposuresOfBuyer by path enumeration", [&] {
        const Facts facts = RandomFacts();
        ExposureEngine engine;
        Load(facts, &engine);
        AdvisoryIndex index;
        for (const Advisory& advisory : advisories) index.Put(advisory);
        for (const Advisory& advisory : advisories) {
          const std::vector<Exposure> expected = NaiveExposures(facts, advisory, false, 0);
          RC_ASSERT(SameRows(engine.Exposures(advisory), expected));
          const int64_t supplier = *rc::gen::inRange(1, 5);
          RC_ASSERT(SameRows(engine.CustomersToTell(supplier, advisory),
                             NaiveExposures(facts, advisory, true, supplier)));
          // A buyer's view holds exactly the rows of Exposures that name it.
          const int64_t buyer = *rc::gen::inRange(1, 6);
          std::vector<Exposure> theirs;
          for (const Exposure& row : expected) {
            if (row.buyer == buyer) theirs.push_back(row);
          }
          std::vector<Exposure> seen;
          for (BuyerExposure& row : engine.ExposuresOfBuyer(buyer, index)) {
            if (row.advisory_id == advisory.id) seen.push_back(std::move(row.exposure));
          }
          RC_ASSERT(SameRows(seen, theirs));
        }
      });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace hoshitori::sbom
