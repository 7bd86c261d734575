// Per-aggregate cache invalidation (store/change_scope.h): the scope of a change notice, the
// supplier boards a change drops and keeps (service/chain_service.h), boards built while a
// change arrives, and the rendered views (service/view_cache.h). On both backends.
#include "store/change_scope.h"

#include <chrono>
#include <functional>
#include <stdexcept>
#include <future>
#include <thread>

#include "service/view_cache.h"
#include "api_test_support.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

TEST(ChangeScopeNoticeTest, PayloadsNameOrganisationsOrUsersAndAnythingElseIsEverything) {
  const ChangeScope shares = ChangeScopeOfNotice("shares:o:7,3,7");
  EXPECT_EQ(shares.aspects, ChangeScope::kSharing);
  EXPECT_EQ(shares.organisations, (std::vector<int64_t>{3, 7}));
  EXPECT_TRUE(shares.Touches(3));
  EXPECT_FALSE(shares.Touches(4));
  EXPECT_FALSE(shares.credentials());

  const ChangeScope sessions = ChangeScopeOfNotice("sessions:u:12");
  EXPECT_TRUE(sessions.credentials());
  EXPECT_EQ(sessions.users, (std::vector<int64_t>{12}));
  EXPECT_FALSE(sessions.Touches(12));  // credentials are no organisation's data

  const ChangeScope table = ChangeScopeOfNotice("relationships");  // too many to name
  EXPECT_TRUE(table.graph());
  EXPECT_TRUE(table.Touches(123456));
  EXPECT_FALSE(table.credentials());

  EXPECT_TRUE(ChangeScopeOfNotice("answers:o:").empty());  // a statement that changed no row
  for (const char* unreadable :
       {"", "no_such_table", "shares:o:1,,2", "shares:o:x", "shares:u:1", "shares:o:1,"}) {
    EXPECT_TRUE(ChangeScopeOfNotice(unreadable).everything()) << unreadable;
  }

  ChangeScope both = shares;
  both.Add(ChangeScopeOfNotice("relationships:o:3,9"));
  EXPECT_EQ(both.organisations, (std::vector<int64_t>{3, 7, 9}));
  EXPECT_TRUE(both.graph());
  EXPECT_TRUE(both.Touches(std::vector<int64_t>{1, 9, 20}));
  EXPECT_FALSE(both.Touches(std::vector<int64_t>{1, 2, 20}));
  EXPECT_FALSE(both.Touches(9, ChangeScope::kPolicy));
}

// The issue-15 tables (migration 020) announce their names alone; a change to notifications
// alone touches no organisation's cached data and is not "everything".
TEST(ChangeScopeNoticeTest, Issue15TablesAndNotificationsOnly) {
  const ChangeScope overrides = ChangeScopeOfNotice("requirement_overrides");
  EXPECT_EQ(overrides.aspects, ChangeScope::kPolicy);
  EXPECT_TRUE(overrides.Touches(42, ChangeScope::kPolicy));
  EXPECT_FALSE(overrides.Touches(42, ChangeScope::kAssessments));
  for (const char* table : {"assessment_profiles", "carried_answers"}) {
    EXPECT_EQ(ChangeScopeOfNotice(table).aspects, ChangeScope::kAssessments) << table;
  }
  const ChangeScope inbox = ChangeScope::Of(ChangeScope::kNotifications, {5});
  EXPECT_FALSE(inbox.empty());
  EXPECT_FALSE(inbox.everything());
  EXPECT_FALSE(inbox.Touches(5, ChangeScope::kAllAspects));
  EXPECT_FALSE(inbox.TouchesAny(ChangeScope::kProducts | ChangeScope::kGraph));
  EXPECT_EQ(inbox.ToString(), "notifications orgs 5");
  EXPECT_TRUE(ChangeScope::Everything().everything());
}

constexpr const char* kBuyer1 = "4180001234567";
constexpr const char* kBuyer2 = "1010001000006";
constexpr const char* kSupplier1 = "3500201238765";
constexpr const char* kSupplier2 = "5010401000007";
constexpr const char* kTier2 = "7101104567890";

class BoardInvalidationTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    buyer1_ = SignUp(kBuyer1, "admin@buyer1.example");
    buyer2_ = SignUp(kBuyer2, "admin@buyer2.example");
    supplier1_ = SignUp(kSupplier1, "admin@supplier1.example");
    supplier2_ = SignUp(kSupplier2, "admin@supplier2.example");
    tier2_ = SignUp(kTier2, "admin@tier2.example", "G");
    Declare(buyer1_, kBuyer1, kSupplier1);
    Declare(buyer2_, kBuyer2, kSupplier2);
  }
  void Declare(const Caller& who, const char* buyer, const char* supplier) {
    const auto declared =
        Send("POST", "/api/v1/relationships",
             json{{"relationships",
                   json::array({{{"buyer", buyer}, {"supplier", supplier}, {"kind", "parts"}}})}}
                 .dump(),
             &who);
    ASSERT_EQ(declared.status, 201) << declared.body;
  }
  json Suppliers(const Caller& buyer) {
    const auto listed = Send("GET", "/api/v1/suppliers", "", &buyer);
    EXPECT_EQ(listed.status, 200) << listed.body;
    return Json(listed)["suppliers"];
  }
  // What every read of `buyer`'s board shows: every order, and filtered pages (which a
  // refreshed board keeps when its changed rows are not in them), the compliance report and
  // the exposure paths.
  json Everything(const Caller& buyer) {
    json out;
    for (const std::string& query : std::vector<std::string>{"sort=status", "sort=-status", "sort=name", "sort=tier", "sort=held_star", "sort=-expiry",
          "sort=corporate_number", std::string("q=") + kSupplier1, std::string("q=") + kSupplier2,
          "status=unknown", "status=below", "status=meets", "status=outside_chain", "star=0"}) {
      const auto listed = Send("GET", "/api/v1/suppliers?" + query, "", &buyer);
      EXPECT_EQ(listed.status, 200) << listed.body;
      out[query] = Json(listed);
    }
    for (const char* path : {"/api/v1/chain/compliance", "/api/v1/chain/exposure"}) {
      const auto read = Send("GET", path, "", &buyer);
      EXPECT_EQ(read.status, 200) << read.body;
      out[path] = Json(read);
    }
    return out;
  }
  ChainService& chain() { return app_->chain(); }

  Caller buyer1_, buyer2_, supplier1_, supplier2_, tier2_;
};

TEST_F(BoardInvalidationTest, AChangeDropsTheBoardsHoldingWhatItTouchedAndKeepsTheOthers) {
  const int64_t assessment = SubmittedAssessment(supplier1_);
  ASSERT_EQ(Suppliers(buyer1_).size(), 1u);
  ASSERT_EQ(Suppliers(buyer2_).size(), 1u);
  ASSERT_TRUE(chain().BoardCached(buyer1_.org_id));
  ASSERT_TRUE(chain().BoardCached(buyer2_.org_id));

  // Supplier 1 shares with buyer 1 behind the API's back; the change is reported with its
  // scope, as a change notice or a use case would.
  Share share{
      0,        supplier1_.org_id, assessment,  buyer1_.org_id, ShareDetail::kLevel, std::nullopt,
      UtcNow(), std::nullopt,      std::nullopt};
  ASSERT_TRUE(store_->AddShare(share).ok());
  chain().Changed(ChangeScope::Of(ChangeScope::kSharing, {supplier1_.org_id, buyer1_.org_id}));
  EXPECT_FALSE(chain().BoardCached(buyer1_.org_id));
  EXPECT_TRUE(chain().BoardCached(buyer2_.org_id));
  const json rows = Suppliers(buyer1_);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["assessment_id"], assessment);  // the rebuilt board shows the share

  // Nobody's board holds the tier-2 organisation yet; credentials are nobody's board.
  const uint64_t credentials = chain().credentials_generation();
  chain().Changed(
      ChangeScope::Of(ChangeScope::kAssessments | ChangeScope::kProfiles, {tier2_.org_id}));
  chain().Changed(ChangeScope::Credentials({supplier2_.user_id}));
  EXPECT_TRUE(chain().BoardCached(buyer1_.org_id));
  EXPECT_TRUE(chain().BoardCached(buyer2_.org_id));
  EXPECT_GT(chain().credentials_generation(), credentials);

  // A new edge supplier 1 -> tier 2 matters to every board that holds supplier 1.
  chain().Changed(ChangeScope::Of(ChangeScope::kGraph, {supplier1_.org_id, tier2_.org_id}));
  EXPECT_FALSE(chain().BoardCached(buyer1_.org_id));
  EXPECT_TRUE(chain().BoardCached(buyer2_.org_id));

  // A buyer's policy is its own board's; everything is everyone's.
  Suppliers(buyer1_);
  chain().Changed(ChangeScope::Of(ChangeScope::kPolicy, {buyer2_.org_id}));
  EXPECT_TRUE(chain().BoardCached(buyer1_.org_id));
  EXPECT_FALSE(chain().BoardCached(buyer2_.org_id));
  Suppliers(buyer2_);
  chain().Invalidate();
  EXPECT_FALSE(chain().BoardCached(buyer1_.org_id));
  EXPECT_FALSE(chain().BoardCached(buyer2_.org_id));
}

// The same through the API: each use case names what its change touched, and its writer
// refreshes the boards holding it before it answers, leaving every other board as it was; a
// read after the write sees the change without refreshing anything.
TEST_F(BoardInvalidationTest, UseCasesNameTheirScopeThroughTheApi) {
  const int64_t assessment = SubmittedAssessment(supplier1_);
  ASSERT_EQ(Suppliers(buyer1_).size(), 1u);
  ASSERT_EQ(Suppliers(buyer2_).size(), 1u);
  // The buyers whose boards `write` replaced; no board is left with rows for readers.
  const auto replaced = [&](const std::function<void()>& write) {
    const std::vector<int64_t> buyers{buyer1_.org_id, buyer2_.org_id};
    std::vector<std::shared_ptr<const SupplierBoard>> before;
    for (const int64_t buyer : buyers) before.push_back(chain().BoardHeld(buyer));
    write();
    std::vector<int64_t> out;
    for (size_t i = 0; i < buyers.size(); ++i) {
      EXPECT_TRUE(chain().BoardCached(buyers[i]));
      EXPECT_TRUE(chain().PendingRows(buyers[i]).empty());
      if (chain().BoardHeld(buyers[i]) != before[i]) out.push_back(buyers[i]);
    }
    return out;
  };
  // Supplier 1 shares with buyer 1: buyer 1's board shows the share, buyer 2's is kept.
  EXPECT_EQ(replaced([&] {
              const auto shared = Send("POST", "/api/v1/shares",
                                       json{{"assessment_id", assessment}, {"buyer_corporate_number", kBuyer1}}.dump(),
                                       &supplier1_);
              ASSERT_EQ(shared.status, 201) << shared.body;
            }),
            std::vector<int64_t>{buyer1_.org_id});
  const uint64_t refreshed = chain().boards_refreshed(), built = chain().boards_built();
  EXPECT_EQ(Suppliers(buyer1_)[0]["assessment_id"], assessment);
  EXPECT_EQ(chain().boards_refreshed(), refreshed);
  EXPECT_EQ(chain().boards_built(), built);
  // Supplier 2 starts a draft: nobody's board holds a draft, but supplier 2 is in buyer 2's
  // chain, so only that board is refreshed.
  EXPECT_EQ(replaced([&] {
              ASSERT_EQ(Send("POST", "/api/v1/assessments", R"({"framework": "hoshitori-common"})", &supplier2_).status,
                        201);
            }),
            std::vector<int64_t>{buyer2_.org_id});
  // Buyer 1 changes its policy: only its own board.
  EXPECT_EQ(replaced([&] { ASSERT_EQ(Send("PUT", "/api/v1/policy", R"({"rules": ""})", &buyer1_).status, 200); }),
            std::vector<int64_t>{buyer1_.org_id});
}

// A change a request of this process reports before it answers (ChangedHere) leaves its rows
// pending: readers keep the board as it was, without waiting, while the writer refreshes
// them; once it has, readers get the refreshed board. What the writer did not refresh (it
// failed, or never tried) becomes stale when it settles, and the next reader refreshes it.
TEST_F(BoardInvalidationTest, AWritersPendingRowsAreRefreshedByItWhileReadersKeepTheBoardAsItWas) {
  const int64_t buyer = buyer1_.org_id, supplier = supplier1_.org_id;
  const auto board_of = [&] {
    return std::make_shared<const SupplierBoard>(buyer, std::vector<SupplierRow>{}, std::nullopt,
                                                 std::vector<int64_t>{supplier});
  };
  const ChainService::BoardBuild no_build = [](std::string&) -> std::shared_ptr<const SupplierBoard> {
    ADD_FAILURE() << "built";
    return nullptr;
  };
  const ChainService::BoardRefresh no_refresh = [](const SupplierBoard&, const std::vector<int64_t>&, bool,
                                                   std::string&) -> std::shared_ptr<const SupplierBoard> {
    ADD_FAILURE() << "refreshed";
    return nullptr;
  };
  const auto old = board_of();
  chain().Board(buyer, UtcNow(), [&](std::string& valid_until) {
    valid_until = "9999-12-31T00:00:00Z";
    return old;
  }, no_refresh);
  const ChangeScope change = ChangeScope::Of(ChangeScope::kSharing, {supplier, buyer});
  const ChainService::Pending first = chain().ChangedHere(change);
  EXPECT_EQ(first.buyers, std::vector<int64_t>{buyer});
  EXPECT_EQ(chain().PendingRows(buyer), std::vector<int64_t>{supplier});
  EXPECT_TRUE(chain().StaleRows(buyer).empty());

  // The writer's refresh is held; a reader meanwhile gets the board as it was at once.
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  const auto fresh = board_of();
  auto writer = std::async(std::launch::async, [&] {
    return chain().Board(buyer, UtcNow(), no_build,
                         [&](const SupplierBoard& base, const std::vector<int64_t>& suppliers, bool repolicy,
                             std::string&) {
                           EXPECT_EQ(&base, old.get());
                           EXPECT_EQ(suppliers, std::vector<int64_t>{supplier});
                           EXPECT_FALSE(repolicy);
                           started.set_value();
                           released.wait();
                           return fresh;
                         },
                         first.ticket);
  });
  started.get_future().wait();
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build, no_refresh), old);
  // A second writer whose change came while the first refresh ran waits for it, then
  // refreshes its own rows (kept pending on the first one's board).
  const ChainService::Pending second = chain().ChangedHere(change);
  const auto second_fresh = board_of();
  auto second_writer = std::async(std::launch::async, [&] {
    return chain().Board(buyer, UtcNow(), no_build,
                         [&](const SupplierBoard& base, const std::vector<int64_t>& suppliers, bool, std::string&) {
                           EXPECT_EQ(&base, fresh.get());
                           EXPECT_EQ(suppliers, std::vector<int64_t>{supplier});
                           return second_fresh;
                         },
                         second.ticket);
  });
  EXPECT_EQ(second_writer.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  release.set_value();
  EXPECT_EQ(writer.get(), fresh);
  EXPECT_EQ(second_writer.get(), second_fresh);
  chain().Settle(change);
  // A writer whose change a later writer's refresh took in (begun after it) refreshes nothing.
  const ChainService::Pending third = chain().ChangedHere(change), fourth = chain().ChangedHere(change);
  const auto fourth_fresh = board_of();
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build,
                          [&](const SupplierBoard&, const std::vector<int64_t>&, bool, std::string&) {
                            return fourth_fresh;
                          },
                          fourth.ticket),
            fourth_fresh);
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build, no_refresh, third.ticket), fourth_fresh);
  const auto fresh_after = fourth_fresh;
  chain().Settle(change);
  EXPECT_TRUE(chain().PendingRows(buyer).empty());
  EXPECT_TRUE(chain().StaleRows(buyer).empty());
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build, no_refresh), fresh_after);

  // A writer that does not refresh: its rows become stale when it settles, and the next
  // reader refreshes them (a reader before that still gets the board as it was).
  EXPECT_EQ(chain().ChangedHere(change).buyers, std::vector<int64_t>{buyer});
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build, no_refresh), fresh_after);
  chain().Settle(change);
  EXPECT_EQ(chain().StaleRows(buyer), std::vector<int64_t>{supplier});
  EXPECT_TRUE(chain().PendingRows(buyer).empty());
  const auto later = board_of();
  int refreshes = 0;
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build,
                          [&](const SupplierBoard& base, const std::vector<int64_t>& suppliers, bool, std::string&) {
                            ++refreshes;
                            EXPECT_EQ(&base, fresh_after.get());
                            EXPECT_EQ(suppliers, std::vector<int64_t>{supplier});
                            return later;
                          }),
            later);
  EXPECT_EQ(refreshes, 1);

  // A writer whose refresh fails learns it; the board as it was stays for readers, and the
  // rows become stale when the writer settles.
  const uint64_t failing = chain().ChangedHere(change).ticket;
  EXPECT_THROW(chain().Board(buyer, UtcNow(), no_build,
                             [&](const SupplierBoard&, const std::vector<int64_t>&, bool,
                                 std::string&) -> std::shared_ptr<const SupplierBoard> {
                               throw std::runtime_error("the store is gone");
                             },
                             failing),
               std::runtime_error);
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build, no_refresh), later);
  chain().Settle(change);
  EXPECT_EQ(chain().StaleRows(buyer), std::vector<int64_t>{supplier});

  // A change of this process to the buyer's policy is pending too, and judged by its writer.
  chain().Invalidate();
  chain().Board(buyer, UtcNow(), [&](std::string& valid_until) {
    valid_until = "9999-12-31T00:00:00Z";
    return old;
  }, no_refresh);
  const ChangeScope policy = ChangeScope::Of(ChangeScope::kPolicy, {buyer});
  const ChainService::Pending judged = chain().ChangedHere(policy);
  EXPECT_EQ(judged.buyers, std::vector<int64_t>{buyer});
  EXPECT_FALSE(chain().PolicyStale(buyer));
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build, no_refresh), old);
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build,
                          [&](const SupplierBoard& base, const std::vector<int64_t>& suppliers, bool repolicy,
                              std::string&) {
                            EXPECT_EQ(&base, old.get());
                            EXPECT_TRUE(suppliers.empty());
                            EXPECT_TRUE(repolicy);
                            return fresh;
                          },
                          judged.ticket),
            fresh);
  chain().Settle(policy);
  EXPECT_FALSE(chain().PolicyStale(buyer));
  EXPECT_EQ(chain().Board(buyer, UtcNow(), no_build, no_refresh), fresh);
}

// A share granted or revoked changes one row: the cached board is refreshed in place by the
// writer (not built again), and what every read shows equals what a board built from scratch shows —
// every sort order, the compliance counts and the exposure paths.
TEST_F(BoardInvalidationTest, ShareChangesRefreshTheirRowsAndMatchABoardBuiltAfresh) {
  const int64_t first = SubmittedAssessment(supplier1_);
  const int64_t second = SubmittedAssessment(supplier2_);
  const auto share = [&](const Caller& supplier, int64_t assessment) {
    const auto shared = Send("POST", "/api/v1/shares",
                             json{{"assessment_id", assessment}, {"buyer_corporate_number", kBuyer1}}.dump(),
                             &supplier);
    EXPECT_EQ(shared.status, 201) << shared.body;
    return Json(shared)["id"].get<int64_t>();
  };
  const auto revoke = [&](const Caller& supplier, int64_t id) {
    const auto revoked = Send("DELETE", "/api/v1/shares/" + std::to_string(id), "", &supplier);
    EXPECT_LT(revoked.status, 300) << revoked.body;
  };
  ASSERT_EQ(Suppliers(buyer1_).size(), 1u);
  Everything(buyer1_);
  int rows_refreshed = 0;
  // After each change: its writer refreshed the row before answering, without a build; reads
  // refresh nothing more, and a board built from scratch afterwards shows the very same.
  const auto check = [&](const char* step, size_t rows) {
    SCOPED_TRACE(step);
    EXPECT_TRUE(chain().StaleRows(buyer1_.org_id).empty());
    EXPECT_TRUE(chain().PendingRows(buyer1_.org_id).empty());
    EXPECT_EQ(chain().boards_refreshed(), static_cast<uint64_t>(++rows_refreshed));
    const uint64_t built = chain().boards_built();
    const json refreshed = Everything(buyer1_);
    EXPECT_EQ(chain().boards_built(), built);
    EXPECT_EQ(chain().boards_refreshed(), static_cast<uint64_t>(rows_refreshed));
    EXPECT_NE(Send("GET", "/metrics").body.find("hoshitori_supplier_boards_refreshed_total " +
                                                std::to_string(rows_refreshed) + "\n"),
              std::string::npos);
    EXPECT_EQ(refreshed["sort=name"]["suppliers"].size(), rows);
    chain().Invalidate();
    EXPECT_EQ(Everything(buyer1_), refreshed);
    EXPECT_EQ(chain().boards_built(), built + 1);
  };
  const int64_t share1 = share(supplier1_, first);
  check("a supplier in the chain shares", 1);
  EXPECT_EQ(Suppliers(buyer1_)[0]["assessment_id"], first);
  const int64_t share2 = share(supplier2_, second);
  check("a supplier outside the chain shares: a new row", 2);
  revoke(supplier1_, share1);
  check("the supplier in the chain revokes", 2);
  revoke(supplier2_, share2);
  check("the supplier outside the chain revokes: its row goes", 1);
}

// A change to the buyer's policy judges the rows held again, by its writer (no share is read
// again, no board is built), and every read equals what a board built from scratch shows; a policy
// change together with a share does both.
TEST_F(BoardInvalidationTest, PolicyChangesJudgeTheRowsHeldAgainAndMatchABoardBuiltAfresh) {
  const int64_t assessment = SubmittedAssessment(supplier1_);
  const auto shared = Send("POST", "/api/v1/shares",
                           json{{"assessment_id", assessment}, {"buyer_corporate_number", kBuyer1}}.dump(), &supplier1_);
  ASSERT_EQ(shared.status, 201) << shared.body;
  const int required = Suppliers(buyer1_)[0]["requirement"]["star"].get<int>();
  const auto put_policy = [&](const std::string& rules) {
    const auto put = Send("PUT", "/api/v1/policy", json{{"rules", rules}}.dump(), &buyer1_);
    ASSERT_EQ(put.status, 200) << put.body;
  };
  int refreshed = static_cast<int>(chain().boards_refreshed());
  // `writes` refreshes by the writers before they answered; reads refresh nothing more.
  const auto check = [&](const char* step, int star, int writes) {
    SCOPED_TRACE(step);
    EXPECT_FALSE(chain().PolicyStale(buyer1_.org_id));
    EXPECT_TRUE(chain().StaleRows(buyer1_.org_id).empty());
    refreshed += writes;
    EXPECT_EQ(chain().boards_refreshed(), static_cast<uint64_t>(refreshed));
    const uint64_t built = chain().boards_built();
    const json judged = Everything(buyer1_);
    EXPECT_EQ(chain().boards_built(), built);
    EXPECT_EQ(chain().boards_refreshed(), static_cast<uint64_t>(refreshed));
    EXPECT_EQ(judged["sort=name"]["suppliers"][0]["requirement"]["star"], star);
    chain().Invalidate();
    EXPECT_EQ(Everything(buyer1_), judged);
    EXPECT_EQ(chain().boards_built(), built + 1);
  };
  Everything(buyer1_);
  put_policy("rule parts4: kind = parts => star4 \"parts suppliers are checked by a third party\"\n");
  check("a stricter rule", 4, 1);
  // A policy change of another organisation (here a supplier on the board) leaves it as it is.
  const auto other = Send("PUT", "/api/v1/policy", R"({"rules": ""})", &supplier1_);
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_TRUE(chain().BoardCached(buyer1_.org_id));
  // The rule dropped and, before anyone reads, the supplier revokes: both apply.
  put_policy("");
  ASSERT_LT(Send("DELETE", "/api/v1/shares/" + std::to_string(Json(shared)["id"].get<int64_t>()), "", &supplier1_).status, 300);
  check("the rule dropped and the share revoked", required, 2);
  EXPECT_EQ(Suppliers(buyer1_)[0]["assessment_id"], nullptr);
}

TEST_F(BoardInvalidationTest, ABoardBuiltAcrossAChangeThatTouchesItIsNotKeptNorHandedOut) {
  const int64_t buyer = buyer1_.org_id, supplier = supplier1_.org_id, other = supplier2_.org_id;
  const auto board_of = [&](std::vector<int64_t> sources) {
    return std::make_shared<const SupplierBoard>(buyer, std::vector<SupplierRow>{}, std::nullopt,
                                                 std::move(sources));
  };
  const ChainService::BoardRefresh no_refresh = [](const SupplierBoard&, const std::vector<int64_t>&, bool,
                                                   std::string&) -> std::shared_ptr<const SupplierBoard> {
    ADD_FAILURE() << "refreshed";
    return nullptr;
  };
  // A change to an organisation the board is not built from: kept.
  chain().Board(buyer, UtcNow(), [&](std::string& valid_until) {
    valid_until = "9999-12-31T00:00:00Z";
    chain().Changed(ChangeScope::Of(ChangeScope::kAssessments, {other}));
    return board_of({supplier});
  }, no_refresh);
  EXPECT_TRUE(chain().BoardCached(buyer));
  chain().Invalidate();
  // A change to the assessments of one it is built from, reported while it is built: kept,
  // with that supplier's row to be refreshed before anyone reads it.
  chain().Board(buyer, UtcNow(), [&](std::string& valid_until) {
    valid_until = "9999-12-31T00:00:00Z";
    chain().Changed(ChangeScope::Of(ChangeScope::kAssessments, {supplier}));
    return board_of({supplier});
  }, no_refresh);
  EXPECT_FALSE(chain().BoardCached(buyer));
  EXPECT_EQ(chain().StaleRows(buyer), std::vector<int64_t>{supplier});
  chain().Invalidate();
  // A change to its graph: not kept at all.
  chain().Board(buyer, UtcNow(), [&](std::string& valid_until) {
    valid_until = "9999-12-31T00:00:00Z";
    chain().Changed(ChangeScope::Of(ChangeScope::kGraph, {supplier, other}));
    return board_of({supplier});
  }, no_refresh);
  EXPECT_FALSE(chain().BoardCached(buyer));
  EXPECT_TRUE(chain().StaleRows(buyer).empty());

  // A reader that arrives after such a change is not handed the board begun before it (it
  // may wait for that build, then finds it touched and builds or refreshes its own).
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  const auto stale = board_of({supplier});
  auto first = std::async(std::launch::async, [&] {
    return chain().Board(buyer, UtcNow(), [&](std::string& valid_until) {
      valid_until = "9999-12-31T00:00:00Z";
      started.set_value();
      released.wait();
      return stale;
    }, no_refresh);
  });
  started.get_future().wait();
  chain().Changed(ChangeScope::Of(ChangeScope::kSharing, {supplier, buyer}));
  const auto fresh = board_of({supplier});
  // It gets a board of its own: built, or refreshed from the first one (kept with the row of
  // `supplier` stale).
  auto second = std::async(std::launch::async, [&] {
    return chain().Board(
        buyer, UtcNow(),
        [&](std::string& valid_until) {
          valid_until = "9999-12-31T00:00:00Z";
          return fresh;
        },
        [&](const SupplierBoard& base, const std::vector<int64_t>& suppliers, bool repolicy, std::string&) {
          EXPECT_FALSE(repolicy);
          EXPECT_EQ(&base, stale.get());
          EXPECT_EQ(suppliers, std::vector<int64_t>{supplier});
          return fresh;
        });
  });
  second.wait_for(std::chrono::milliseconds(100));  // it joins the first build or builds its own
  release.set_value();
  EXPECT_EQ(second.get(), fresh);
  EXPECT_EQ(first.get(), stale);
  EXPECT_TRUE(chain().BoardCached(buyer));
  EXPECT_EQ(chain().Board(buyer, UtcNow(),
                          [&](std::string&) -> std::shared_ptr<const SupplierBoard> {
                            ADD_FAILURE() << "built again";
                            return fresh;
                          }, no_refresh),
            fresh);  // the board built before the change was not kept over the fresh one
}

// The q= filter through the board's text index selects exactly the rows a row-by-row match
// selects: corporate numbers by their start only, names anywhere (digits, Japanese, case).
TEST(SupplierBoardText, TheIndexMatchesWhatARowByRowSearchMatches) {
  const std::vector<std::pair<std::string, std::string>> suppliers = {
      {"3500201238765", "Alpha Parts 35"},  {"5010401000007", "株式会社 第2工場"},
      {"7101104567890", "beta logistics"},  {"9234567890123", "Gamma 0104 Works"},
      {"1345678901234", "アルファ部品"}};
  std::vector<SupplierRow> rows;
  for (const auto& [number, name] : suppliers) {
    rows.emplace_back(Organisation{static_cast<int64_t>(rows.size() + 2), *CorporateNumber::Parse(number), name,
                                   *Industry::Parse("E"), 10, 1'000'000, ""});
  }
  const SupplierBoard board(1, std::move(rows), std::nullopt);
  for (const std::string text : {"35", "0104", "010", "parts", "alpha", "第2", "アルファ", "a", "7", "765",
                                 "no such", "s\n5", "\x02" "beta"}) {
    SCOPED_TRACE(text);
    SupplierQuery query;
    query.text = text;
    query.sort = SupplierSort::kCorporateNumber;
    std::vector<std::string> expected;
    for (const auto& [number, name] : suppliers) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (number.rfind(text, 0) == 0 || lower.find(text) != std::string::npos) expected.push_back(number);
    }
    std::sort(expected.begin(), expected.end());
    std::vector<std::string> selected;
    const SupplierBoard::Page page = board.Select(query);
    for (const SupplierRow* row : page.rows) selected.push_back(row->supplier.corporate_number.digits());
    EXPECT_EQ(selected, expected);
    EXPECT_EQ(page.total, static_cast<int>(expected.size()));
  }
}

TEST_F(BoardInvalidationTest, ViewsAreDroppedByChangesToTheirOwnerAndAggregatesByAssessments) {
  ViewCache views(chain());
  const std::string day = "2026-12-06";
  const auto assessment_of = [](int64_t owner) {
    return ViewCache::View{ResourceFacts{ResourceKind::kAssessment, owner}, "{}"};
  };
  const auto keep_all = [&] {
    const uint64_t generation = chain().generation();
    views.Keep("one", assessment_of(supplier1_.org_id), generation, day);
    views.Keep("two", assessment_of(supplier2_.org_id), generation, day);
    views.Keep("average", ViewCache::View{ResourceFacts{ResourceKind::kAggregate}, "{}"},
               generation, day);
  };
  const auto has = [&](const std::string& key) {
    return views.Find(key, chain().generation(), day).has_value();
  };
  keep_all();
  ASSERT_TRUE(has("one") && has("two") && has("average"));

  chain().Changed(ChangeScope::Of(ChangeScope::kSharing, {supplier1_.org_id, buyer1_.org_id}));
  EXPECT_FALSE(has("one"));
  EXPECT_TRUE(has("two"));
  EXPECT_TRUE(has("average"));  // shares change no average
  chain().Changed(ChangeScope::Credentials({}));
  EXPECT_TRUE(has("two"));
  chain().Changed(ChangeScope::Of(ChangeScope::kAssessments, {supplier2_.org_id}));
  EXPECT_FALSE(has("two"));
  EXPECT_FALSE(has("average"));

  // A view whose data was read before a change that touches it is not kept after it.
  const uint64_t before = chain().generation();
  chain().Changed(ChangeScope::Of(ChangeScope::kAssessments, {supplier1_.org_id}));
  views.Keep("one", assessment_of(supplier1_.org_id), before, day);
  views.Keep("two", assessment_of(supplier2_.org_id), before, day);
  EXPECT_FALSE(has("one"));
  EXPECT_TRUE(has("two"));

  // A new day drops everything.
  EXPECT_FALSE(views.Find("two", chain().generation(), "2026-12-07").has_value());
}

}  // namespace
}  // namespace hoshitori::api
