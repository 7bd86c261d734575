// Evidence files through the API on both backends: upload per criterion, versions, SHA-256,
// downloads as attachments with nosniff; who may read them (the supplier and the assessor of
// an accepted engagement, nobody else); and every refusal (type, size, quota, versions,
// name, criterion, state) writing nothing.
#include "api_test_support.h"
#include "assure/evidence_file.h"
#include "service/security.h"

namespace hoshitori::api {
namespace {

using nlohmann::json;
using testing_support::ApiFixture;
using testing_support::Caller;
using testing_support::ShippedCatalog;

const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

class EvidenceTest : public ApiFixture {
 protected:
  static std::string Criterion() {
    const Framework& hub = *ShippedCatalog().FindFramework("hoshitori-common");
    for (NodeIndex n : hub.assessable()) {
      if (LowestStar(hub.nodes()[n].levels) == 3) return hub.nodes()[n].id;
    }
    return "";
  }
  static std::string Escaped(const std::string& text) {
    std::string out;
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const unsigned char c : text) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-') {
        out += static_cast<char>(c);
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  }
  HttpResponse Upload(int64_t id, const Caller& caller, const std::string& name,
                      const std::string& type, const std::string& bytes,
                      const std::string& criterion = Criterion()) {
    return Send("POST",
                "/api/v1/assessments/" + std::to_string(id) +
                    "/evidence?criterion=" + Escaped(criterion) + "&name=" + Escaped(name),
                bytes, &caller, type);
  }
  size_t Count(int64_t id, const Caller& owner) {
    return Json(Send("GET", "/api/v1/assessments/" + std::to_string(id) + "/evidence", "",
                     &owner))["evidence"]
        .size();
  }
  static std::string Header(const HttpResponse& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }
};

TEST_F(EvidenceTest, UploadsAreVersionedHashedAndDownloadedAsAttachments) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller member = Invite(supplier, "member@supplier.example", "member");
  const int64_t id = SubmittedAssessment(supplier);
  const std::string path = "/api/v1/assessments/" + std::to_string(id) + "/evidence";

  const auto first = Upload(id, member, "手順書.pdf", "application/pdf", kPdf);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(Json(first)["version"], 1);
  EXPECT_EQ(Json(first)["sha256"], service::Sha256Hex(kPdf));
  EXPECT_EQ(Json(first)["media_type"], "application/pdf");
  EXPECT_EQ(Json(first)["size"], kPdf.size());
  EXPECT_EQ(Json(first)["criterion"], Criterion());
  EXPECT_EQ(Json(first)["uploaded_by"], member.user_id);
  const std::string second_pdf = kPdf + "% revised\n";
  const auto second = Upload(id, supplier, "手順書.pdf", "application/pdf", second_pdf);
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(Json(second)["version"], 2) << "the same name is the next version";
  const std::string text = "ログの保管期間: 1 年\r\n";
  ASSERT_EQ(Upload(id, supplier, "note.txt", "text/plain; charset=UTF-8", text).status, 201);
  ASSERT_EQ(
      Upload(id, supplier, "photo.png", "image/png", std::string("\x89PNG\r\n\x1a\n", 8) + "rest")
          .status,
      201);
  ASSERT_EQ(Upload(id, supplier, "photo.jpg", "image/jpeg", "\xFF\xD8\xFF\xE0rest").status, 201);

  const auto list = Json(Send("GET", path, "", &supplier))["evidence"];
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(Json(Send("GET", path + "?criterion=" + Criterion(), "", &supplier))["evidence"].size(),
            5u);

  const int64_t file = Json(first)["id"];
  const auto download = Send("GET", path + "/" + std::to_string(file), "", &member);
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, kPdf);
  EXPECT_EQ(service::Sha256Hex(download.body), Json(first)["sha256"]);
  EXPECT_EQ(download.content_type, "application/pdf");
  EXPECT_EQ(Header(download, "X-Content-Type-Options"), "nosniff");
  const std::string disposition = Header(download, "Content-Disposition");
  EXPECT_EQ(disposition.rfind("attachment;", 0), 0u) << disposition;
  EXPECT_NE(disposition.find("filename*=UTF-8''" + Escaped("手順書.pdf")), std::string::npos)
      << disposition;
  const auto newer =
      Send("GET", path + "/" + std::to_string(Json(second)["id"].get<int64_t>()), "", &member);
  EXPECT_EQ(newer.body, second_pdf);
  EXPECT_EQ(Send("GET", path + "/999999", "", &supplier).status, 404);
}

TEST_F(EvidenceTest, RefusalsWriteNothing) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const int64_t id = SubmittedAssessment(supplier);
  ASSERT_EQ(Upload(id, supplier, "a.pdf", "application/pdf", kPdf).status, 201);

  // Types: not on the allow list, or the bytes are not what the type says.
  EXPECT_EQ(Upload(id, supplier, "a.html", "text/html", "<html><script>alert(1)</script>").status,
            415);
  EXPECT_EQ(Upload(id, supplier, "a.png", "image/png", kPdf).status, 415);
  EXPECT_EQ(Upload(id, supplier, "a.pdf", "application/pdf", "MZ\x90\x00 not a pdf").status, 415);
  EXPECT_EQ(Upload(id, supplier, "a.txt", "text/plain", std::string("bin\0ary", 7)).status, 415);
  EXPECT_EQ(Upload(id, supplier, "a.txt", "text/plain; charset=shift_jis", "abc").status, 415);
  EXPECT_EQ(Upload(id, supplier, "a.docx",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   "PK\x03\x04 not really a zip")
                .status,
            415);
  // Names, criteria, missing parameters.
  EXPECT_EQ(Upload(id, supplier, "../etc/passwd", "application/pdf", kPdf).status, 422);
  EXPECT_EQ(Upload(id, supplier, std::string(201, 'a'), "application/pdf", kPdf).status, 422);
  EXPECT_EQ(Upload(id, supplier, "a.pdf", "application/pdf", kPdf, "no-such-criterion").status,
            422);
  EXPECT_EQ(Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/evidence?name=a.pdf", kPdf,
                 &supplier, "application/pdf")
                .status,
            400);
  // Size: one byte over 10 MiB.
  const std::string big = "%PDF-" + std::string(assure::kMaxEvidenceFileBytes - 4, 'x');
  EXPECT_EQ(Upload(id, supplier, "big.pdf", "application/pdf", big).status, 413);
  EXPECT_EQ(Count(id, supplier), 1u) << "nothing was written";

  // Versions: at most 20 of one name.
  for (int v = 2; v <= assure::kMaxEvidenceVersions; ++v) {
    ASSERT_EQ(Upload(id, supplier, "a.pdf", "application/pdf", kPdf + std::to_string(v)).status,
              201)
        << v;
  }
  EXPECT_EQ(Upload(id, supplier, "a.pdf", "application/pdf", kPdf).status, 409);
  EXPECT_EQ(Count(id, supplier), static_cast<size_t>(assure::kMaxEvidenceVersions));

  // Quota: the organisation already stores 1000 bytes short of 200 MiB (a row written behind
  // the store's back, so that the test need not upload 200 MiB).
  int64_t stored = 0;
  const auto files =
      Json(Send("GET", "/api/v1/assessments/" + std::to_string(id) + "/evidence", "", &supplier));
  for (const auto& f : files["evidence"]) stored += f["size"].get<int64_t>();
  const std::string filler = pg_database_.empty() ? "X''" : "'\\x'::bytea";
  RawSql(
      "INSERT INTO evidence_files (org_id, assessment_id, criterion, name, version, media_type, "
      "size, sha256, "
      "content, uploaded_by, uploaded_at) VALUES (" +
      std::to_string(supplier.org_id) + ", " + std::to_string(id) + ", '" + Criterion() +
      "', 'filler.pdf', 1, 'application/pdf', " +
      std::to_string(assure::kEvidenceQuotaBytes - stored - 1000) + ", '" + std::string(64, '0') +
      "', " + filler + ", " + std::to_string(supplier.user_id) + ", '2026-01-01T00:00:00Z')");
  const size_t before = Count(id, supplier);
  const auto over = Upload(id, supplier, "b.pdf", "application/pdf", kPdf + std::string(1000, ' '));
  EXPECT_EQ(over.status, 409) << over.body;
  EXPECT_NE(over.body.find("200 MiB"), std::string::npos) << over.body;
  EXPECT_EQ(Count(id, supplier), before) << "nothing was written";
  EXPECT_EQ(Upload(id, supplier, "small.txt", "text/plain", "ok").status, 201)
      << "what fits is still accepted";
}

TEST_F(EvidenceTest, OnlyTheSupplierAndTheEngagedAssessorReadIt) {
  const Caller supplier = SignUp("7000012050002", "admin@supplier.example");
  const Caller buyer = SignUp("6100000000001", "admin@buyer.example");
  const Caller stranger = SignUp("5100000000002", "admin@stranger.example");
  const Caller body_admin = SignUp("3400120034561", "admin@body.example", "L");
  const Caller assessor = AccreditedExpert(body_admin, "expert@body.example");
  const Caller other_admin = SignUp("2200300451234", "admin@other.example", "L");
  const Caller other_assessor = AccreditedExpert(other_admin, "expert@other.example");
  const int64_t id = SubmittedAssessment(supplier, "3400120034561");
  const std::string path = "/api/v1/assessments/" + std::to_string(id) + "/evidence";
  for (const char* number : {"6100000000001", "2200300451234"}) {
    ASSERT_EQ(
        Send("POST", "/api/v1/shares",
             json{{"assessment_id", id}, {"buyer_corporate_number", number}, {"detail", "details"}}
                 .dump(),
             &supplier)
            .status,
        201);
  }
  const auto uploaded = Upload(id, supplier, "a.pdf", "application/pdf", kPdf);
  ASSERT_EQ(uploaded.status, 201);
  const std::string file = path + "/" + std::to_string(Json(uploaded)["id"].get<int64_t>());

  // Before the engagement is accepted, the named assessor is an outsider too.
  for (const Caller* outsider : {&buyer, &stranger, &other_assessor, &assessor, &body_admin}) {
    EXPECT_EQ(Send("GET", path, "", outsider).status, 404);
    EXPECT_EQ(Send("GET", file, "", outsider).status, 404);
    EXPECT_EQ(Upload(id, *outsider, "x.pdf", "application/pdf", kPdf).status, 404);
  }
  EXPECT_EQ(Send("GET", file, "").status, 401);
  const auto engagement =
      Json(Send("GET", "/api/v1/assessments/" + std::to_string(id) + "/engagement", "", &supplier));
  ASSERT_EQ(
      Send("POST",
           "/api/v1/engagements/" + std::to_string(engagement["id"].get<int64_t>()) + "/accept",
           "{}", &assessor)
          .status,
      200);
  EXPECT_EQ(Json(Send("GET", path, "", &assessor))["evidence"].size(), 1u);
  const auto download = Send("GET", file, "", &assessor);
  EXPECT_EQ(download.status, 200);
  EXPECT_EQ(download.body, kPdf);
  EXPECT_EQ(Upload(id, assessor, "x.pdf", "application/pdf", kPdf).status, 403)
      << "the assessor reads, never uploads";
  for (const Caller* outsider : {&buyer, &stranger, &other_assessor, &body_admin}) {
    EXPECT_EQ(Send("GET", file, "", outsider).status, 404);
  }

  // Once confirmed, the evidence is frozen.
  ASSERT_EQ(Send("POST", "/api/v1/assessments/" + std::to_string(id) + "/confirm", "{}", &assessor)
                .status,
            200);
  EXPECT_EQ(Upload(id, supplier, "late.pdf", "application/pdf", kPdf).status, 409);
  EXPECT_EQ(Send("GET", file, "", &supplier).status, 200);
}

}  // namespace
}  // namespace hoshitori::api
