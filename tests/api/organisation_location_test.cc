// Where an organisation is (service/organisation_location_service.h) over the API, and what it
// changes in a shared incident report: the admin records the prefecture (codes, names,
// full-width digits), members read it, members cannot change it and outsiders learn nothing,
// bad input changes nothing; the reporter description of the incident preview keeps the
// region of Japan when at least 5 organisations share industry, size band and region, and
// falls back to industry and size band with 4. Runs on SQLite and on PostgreSQL like every
// API suite.
#include "api_test_support.h"
#include "core/corporate_number.h"
#include "store/organisation_location_repository.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;

// A valid corporate number ending in the 12 digits of `base`.
std::string CorporateNumberFor(int64_t base) {
  std::string digits = std::to_string(base);
  digits = std::string(12 - digits.size(), '0') + digits;
  return std::to_string(CorporateNumber::CheckDigitFor(digits)) + digits;
}

class OrganisationLocationTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    if (IsSkipped()) return;
    admin_ = SignUp(CorporateNumberFor(700001205000), "admin@reporter.example");
    member_ = Invite(admin_, "member@reporter.example", "member");
    stranger_ = SignUp(CorporateNumberFor(700001205001), "admin@stranger.example");
  }

  static std::string Location(int64_t org_id) {
    return "/api/v1/organisations/" + std::to_string(org_id) + "/location";
  }
  HttpResponse Put(const Caller& by, const json& prefecture, int64_t org_id = 0) {
    return Send("PUT", Location(org_id ? org_id : by.org_id),
                json{{"prefecture", prefecture}}.dump(), &by);
  }
  // The recorded code ("" when none) as `by` reads it for its own organisation.
  std::string CodeOf(const Caller& by) {
    const auto got = Send("GET", Location(by.org_id), "", &by);
    EXPECT_EQ(got.status, 200) << got.body;
    if (got.status != 200) return "unreadable";
    const json prefecture = Json(got)["prefecture"];
    return prefecture.is_null() ? "" : prefecture["code"].get<std::string>();
  }
  // The reporter description of the preview of a fresh draft by `reporter`.
  json ReporterInPreview(const Caller& reporter) {
    const auto created = Send("POST", "/api/v1/incidents",
                              json{{"title", "ランサムウェア感染"},
                                   {"kind", "ransomware"},
                                   {"detected_at", "2026-12-01T09:30"},
                                   {"personal_data", "no"}}
                                  .dump(),
                              &reporter);
    EXPECT_EQ(created.status, 201) << created.body;
    if (created.status != 201) return json();
    const auto preview =
        Send("GET",
             "/api/v1/incidents/" + std::to_string(Json(created)["id"].get<int64_t>()) + "/preview",
             "", &reporter);
    EXPECT_EQ(preview.status, 200) << preview.body;
    return preview.status == 200 ? Json(preview)["part"]["reporter"] : json();
  }

  Caller admin_, member_, stranger_;
};

TEST_F(OrganisationLocationTest, TheAdminSetsItMembersReadItOutsidersLearnNothing) {
  EXPECT_EQ(CodeOf(admin_), "") << "nothing recorded at sign-up";
  const auto set = Put(admin_, "東京都");
  ASSERT_EQ(set.status, 200) << set.body;
  const json body = Json(set);
  EXPECT_EQ(body["org_id"], admin_.org_id);
  EXPECT_EQ(body["prefecture"]["code"], "13");
  EXPECT_EQ(body["prefecture"]["name"]["ja"], "東京都");
  EXPECT_EQ(body["prefecture"]["name"]["en"], "Tokyo");
  EXPECT_EQ(body["region"]["ja"], "関東");
  EXPECT_EQ(body["region"]["en"], "Kanto");
  EXPECT_EQ(body["set_by"], admin_.user_id);
  EXPECT_EQ(CodeOf(member_), "13") << "a member reads what the admin recorded";

  // A member cannot change it; another organisation neither reads nor changes it; signed out
  // nothing at all.
  EXPECT_EQ(Put(member_, "大阪府").status, 403);
  EXPECT_EQ(Send("DELETE", Location(admin_.org_id), "", &member_).status, 403);
  EXPECT_EQ(Send("GET", Location(admin_.org_id), "", &stranger_).status, 404);
  EXPECT_EQ(Put(stranger_, "大阪府", admin_.org_id).status, 404);
  EXPECT_EQ(Send("DELETE", Location(admin_.org_id), "", &stranger_).status, 404);
  EXPECT_EQ(Send("GET", Location(admin_.org_id)).status, 401);
  EXPECT_EQ(CodeOf(admin_), "13");

  // English names, short Japanese names and codes typed as an IME types them.
  EXPECT_EQ(Json(Put(admin_, "osaka"))["region"]["ja"], "近畿");
  EXPECT_EQ(Json(Put(admin_, "　北海道 "))["prefecture"]["code"], "01");
  EXPECT_EQ(Json(Put(admin_, "沖縄"))["region"]["en"], "Kyushu-Okinawa");
  const auto full_width = Put(admin_, "４０");
  ASSERT_EQ(full_width.status, 200) << full_width.body;
  EXPECT_EQ(Json(full_width)["prefecture"]["name"]["ja"], "福岡県");
  EXPECT_EQ(Json(Put(admin_, "０１"))["prefecture"]["code"], "01");

  // Cleared, and then nothing to clear.
  const auto cleared = Send("DELETE", Location(admin_.org_id), "", &admin_);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(Json(cleared)["prefecture"].is_null());
  EXPECT_TRUE(Json(cleared)["region"].is_null());
  EXPECT_EQ(CodeOf(member_), "");
  EXPECT_EQ(Send("DELETE", Location(admin_.org_id), "", &admin_).status, 404);

  // One audit entry per change: six recorded, one cleared; the refused calls wrote none.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.location.set'"), 6);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.location.clear'"),
            1);
}

TEST_F(OrganisationLocationTest, BadInputIsRefusedInBothLanguagesAndChangesNothing) {
  ASSERT_EQ(Put(admin_, "13").status, 200);
  for (const std::string& bad :
       {std::string(""), std::string("Tokio"), std::string("48"), std::string("00"),
        std::string("東京市"), std::string("１３ａ"), std::string("関東"), std::string(150, '1')}) {
    const auto refused = Put(admin_, bad);
    EXPECT_EQ(refused.status, 422) << bad << " " << refused.body;
    const std::string detail = Json(refused).value("detail", "");
    EXPECT_NE(detail.find("都道府県名（例: 東京都）"), std::string::npos) << detail;
    EXPECT_NE(detail.find("not a prefecture of Japan"), std::string::npos) << detail;
  }
  EXPECT_EQ(Put(admin_, 13).status, 400) << "a number is not the typed text";
  EXPECT_EQ(
      Send("PUT", Location(admin_.org_id), R"({"prefecture": "13", "city": "x"})", &admin_).status,
      400);
  EXPECT_EQ(Send("PUT", Location(admin_.org_id), R"({})", &admin_).status, 400);
  EXPECT_EQ(CodeOf(admin_), "13") << "nothing changed";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'organisation.location.set'"), 1);
}

TEST_F(OrganisationLocationTest, TheRepositoryStoresOneRowPerOrganisationAndTheSchemaChecksCodes) {
  OrganisationLocationRepository repository(store_->Sql());
  ASSERT_TRUE(repository.Set({admin_.org_id, "27", admin_.user_id, "2026-12-07T00:00:00Z"}).ok());
  ASSERT_TRUE(repository.Set({admin_.org_id, "47", admin_.user_id, "2026-12-07T01:00:00Z"}).ok());
  const auto row = repository.Get(admin_.org_id);
  ASSERT_TRUE(row.ok());
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->prefecture, "47");
  EXPECT_EQ((*row)->set_at, "2026-12-07T01:00:00Z");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisation_locations"), 1);
  // The table refuses what is not a JIS X 0401 code, whoever writes it.
  for (const char* bad : {"48", "00", "1", "0A", "東京"}) {
    EXPECT_FALSE(
        repository.Set({stranger_.org_id, bad, stranger_.user_id, "2026-12-07T00:00:00Z"}).ok())
        << bad;
  }
  EXPECT_FALSE(repository.Get(stranger_.org_id)->has_value());
  const auto cleared = repository.Clear(admin_.org_id);
  ASSERT_TRUE(cleared.ok());
  EXPECT_TRUE(*cleared);
  EXPECT_FALSE(*repository.Clear(admin_.org_id));
  EXPECT_FALSE(repository.Get(admin_.org_id)->has_value());
}

TEST_F(OrganisationLocationTest, ThePreviewKeepsTheRegionOnlyWhenFiveOrganisationsShareIt) {
  // The reporter and four more organisations of the same industry (E) and size band (21-50,
  // 40 employees at sign-up), all in 関東; the stranger has no prefecture.
  std::vector<Caller> others;
  for (int i = 0; i < 4; ++i) {
    others.push_back(SignUp(CorporateNumberFor(700001205100 + i),
                            "admin" + std::to_string(i) + "@kanto.example"));
  }
  ASSERT_EQ(Put(admin_, "東京都").status, 200);
  const char* kanto[] = {"神奈川県", "埼玉", "Chiba", "０８"};
  for (int i = 0; i < 4; ++i) ASSERT_EQ(Put(others[i], kanto[i]).status, 200) << kanto[i];

  const json five = ReporterInPreview(admin_);
  EXPECT_EQ(five["industry"], "E");
  EXPECT_EQ(five["size_band"], "21-50");
  EXPECT_EQ(five["region"], "関東") << five.dump();

  // One of them moves to 大阪: four share 関東, so the region is withheld, while industry and
  // size band (six organisations) stay.
  ASSERT_EQ(Put(others[3], "大阪府").status, 200);
  const json four = ReporterInPreview(admin_);
  EXPECT_EQ(four["industry"], "E");
  EXPECT_EQ(four["size_band"], "21-50");
  EXPECT_EQ(four["region"], "") << four.dump();

  // Back to five in 関東, then the reporter clears its own prefecture: no region to keep.
  ASSERT_EQ(Put(others[3], "茨城県").status, 200);
  EXPECT_EQ(ReporterInPreview(admin_)["region"], "関東");
  ASSERT_EQ(Send("DELETE", Location(admin_.org_id), "", &admin_).status, 200);
  const json unknown = ReporterInPreview(admin_);
  EXPECT_EQ(unknown["region"], "");
  EXPECT_EQ(unknown["industry"], "E");
}

}  // namespace
}  // namespace hoshitori::api
