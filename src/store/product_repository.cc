#include "store/product_repository.h"

namespace hoshitori {

namespace {

// Lists kept in one text column, one value per line (values never contain a newline: the
// readers refuse control characters in identifiers, and the service checks edits).
std::string JoinLines(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += '\n';
    out += value;
  }
  return out;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    const size_t end = text.find('\n', start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Whether a change touched exactly one row (the statement's key names at most one).
Result<bool> ChangedOne(const Result<int64_t>& changed) {
  if (!changed) return changed.error();
  return *changed == 1;
}

// The number a `SELECT COUNT(*) ...` statement returns.
Result<int64_t> CountOf(SqlSession& session, std::string_view what, std::string_view sql,
                        const SqlParams& params) {
  int64_t count = 0;
  auto ran = session.Execute(what, sql, params, [&](const SqlRow& row) { count = row.Int(0); });
  if (!ran) return ran.error();
  return count;
}

constexpr const char* kProductColumns =
    "SELECT id, org_id, name, kind, purl, cpe, created_at FROM products ";

ProductRow ReadProduct(const SqlRow& r) {
  return ProductRow{r.Int(0),          r.Int(1),          r.String(2), r.String(3),
                    r.OptionalText(4), r.OptionalText(5), r.String(6)};
}

constexpr const char* kVersionColumns =
    "SELECT v.id, v.org_id, v.product_id, p.name, v.version, v.created_at "
    "FROM product_versions v JOIN products p ON p.id = v.product_id ";

ProductVersionRow ReadVersion(const SqlRow& r) {
  return ProductVersionRow{r.Int(0), r.Int(1), r.Int(2), r.String(3), r.String(4), r.String(5)};
}

// A delivery is live while it is not ended and its relationship is confirmed and not ended.
#define HOSHITORI_LIVE_DELIVERY \
  "d.ended_at IS NULL AND r.confirmed_at IS NOT NULL AND r.ended_at IS NULL"

constexpr const char* kDeliveryColumns =
    "SELECT d.id, d.org_id, d.product_version_id, d.relationship_id, d.buyer_id, d.share_sbom, "
    "d.disclose_matches, d.created_at, d.ended_at, p.name, v.version, p.id, "
    "CASE WHEN " HOSHITORI_LIVE_DELIVERY
    " THEN 1 ELSE 0 END "
    "FROM product_deliveries d JOIN product_versions v ON v.id = d.product_version_id "
    "JOIN products p ON p.id = v.product_id JOIN relationships r ON r.id = d.relationship_id ";

DeliveryRow ReadDelivery(const SqlRow& r) {
  DeliveryRow d;
  d.id = r.Int(0);
  d.org_id = r.Int(1);
  d.product_version_id = r.Int(2);
  d.relationship_id = r.Int(3);
  d.buyer_id = r.Int(4);
  d.share_sbom = r.Int(5) != 0;
  d.disclose_matches = r.Int(6) != 0;
  d.created_at = r.String(7);
  d.ended_at = r.OptionalText(8);
  d.product_name = r.String(9);
  d.version = r.String(10);
  d.product_id = r.Int(11);
  d.live = r.Int(12) != 0;
  return d;
}

ContainmentRow ReadContainment(const SqlRow& r) {
  return ContainmentRow{r.Int(0), r.Int(1), r.Int(2), r.String(3)};
}

constexpr const char* kSbomColumns =
    "SELECT id, org_id, product_version_id, format, encoding, spec_version, file_name, sha256, "
    "component_count, uploaded_by, uploaded_at FROM sbom_documents ";

SbomDocumentRow ReadSbom(const SqlRow& r) {
  return SbomDocumentRow{r.Int(0),    r.Int(1),         r.Int(2),    r.String(3),
                         r.String(4), r.String(5),      r.String(6), r.String(7),
                         r.Int(8),    r.OptionalInt(9), r.String(10)};
}

const SqlTable kComponentsTable{
    "sbom_components",
    {"sbom_id", "ordinal", "org_id", "parent", "ref", "type", "grp", "name", "version", "purl",
     "package_key", "normalised_purl", "cpes", "supplier", "licenses", "hashes"},
    {},
    "cannot store the SBOM's components",
    "cannot store the SBOM component "};

constexpr const char* kVexColumns =
    "SELECT org_id, product_version_id, vulnerability, status, justification, impact, action, "
    "products, subcomponents, source, updated_by, updated_at FROM vex_statements ";

VexStatementRow ReadVex(const SqlRow& r) {
  VexStatementRow v;
  v.org_id = r.Int(0);
  v.product_version_id = r.Int(1);
  v.vulnerability = r.String(2);
  v.status = r.String(3);
  v.justification = r.String(4);
  v.impact = r.String(5);
  v.action = r.String(6);
  v.products = SplitLines(r.Text(7));
  v.subcomponents = SplitLines(r.Text(8));
  v.source = r.String(9);
  v.updated_by = r.OptionalInt(10);
  v.updated_at = r.String(11);
  return v;
}

}  // namespace

// --- products ---

Result<int64_t> ProductRepository::InsertProduct(const ProductRow& row) {
  return InsertReturningId(
      session_, "cannot store the product",
      "INSERT INTO products (org_id, name, kind, purl, cpe, created_at) VALUES (?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      SqlParams(row.org_id, row.name, row.kind, row.purl, row.cpe, row.created_at));
}

Result<std::optional<ProductRow>> ProductRepository::GetProduct(int64_t id) {
  return QueryFirst<ProductRow>(session_, "cannot read the product",
                                std::string(kProductColumns) + "WHERE id = ?", SqlParams(id),
                                ReadProduct);
}

Result<std::optional<ProductRow>> ProductRepository::FindProduct(int64_t org_id,
                                                                 const std::string& name) {
  return QueryFirst<ProductRow>(session_, "cannot read the product",
                                std::string(kProductColumns) + "WHERE org_id = ? AND name = ?",
                                SqlParams(org_id, name), ReadProduct);
}

Result<std::vector<ProductRow>> ProductRepository::ListProducts(int64_t org_id) {
  return QueryAll<ProductRow>(session_, "cannot read the products",
                              std::string(kProductColumns) + "WHERE org_id = ? ORDER BY name, id",
                              SqlParams(org_id), ReadProduct);
}

Result<std::vector<ProductRow>> ProductRepository::ListProductsDeliveredTo(int64_t org_id,
                                                                           int64_t buyer_id) {
  return QueryAll<ProductRow>(
      session_, "cannot read the products delivered",
      std::string(kProductColumns) +
          "WHERE org_id = ? AND id IN (SELECT v.product_id FROM product_deliveries d "
          "JOIN product_versions v ON v.id = d.product_version_id "
          "JOIN relationships r ON r.id = d.relationship_id "
          "WHERE d.buyer_id = ? AND " HOSHITORI_LIVE_DELIVERY ") ORDER BY name, id",
      SqlParams(org_id, buyer_id), ReadProduct);
}

Result<int64_t> ProductRepository::CountProducts(int64_t org_id) {
  return CountOf(session_, "cannot count the products",
                 "SELECT COUNT(*) FROM products WHERE org_id = ?", SqlParams(org_id));
}

// --- versions ---

Result<int64_t> ProductRepository::InsertVersion(const ProductVersionRow& row) {
  return InsertReturningId(session_, "cannot store the product version",
                           "INSERT INTO product_versions (org_id, product_id, version, created_at) "
                           "VALUES (?, ?, ?, ?) RETURNING id",
                           SqlParams(row.org_id, row.product_id, row.version, row.created_at));
}

Result<std::optional<ProductVersionRow>> ProductRepository::GetVersion(int64_t id) {
  return QueryFirst<ProductVersionRow>(session_, "cannot read the product version",
                                       std::string(kVersionColumns) + "WHERE v.id = ?",
                                       SqlParams(id), ReadVersion);
}

Result<std::optional<ProductVersionRow>> ProductRepository::FindVersion(
    int64_t product_id, const std::string& version) {
  return QueryFirst<ProductVersionRow>(
      session_, "cannot read the product version",
      std::string(kVersionColumns) + "WHERE v.product_id = ? AND v.version = ?",
      SqlParams(product_id, version), ReadVersion);
}

Result<std::vector<ProductVersionRow>> ProductRepository::ListVersions(int64_t product_id) {
  return QueryAll<ProductVersionRow>(
      session_, "cannot read the product versions",
      std::string(kVersionColumns) + "WHERE v.product_id = ? ORDER BY v.version, v.id",
      SqlParams(product_id), ReadVersion);
}

Result<int64_t> ProductRepository::CountVersions(int64_t product_id) {
  return CountOf(session_, "cannot count the product versions",
                 "SELECT COUNT(*) FROM product_versions WHERE product_id = ?",
                 SqlParams(product_id));
}

// --- relationships as deliveries need them ---

Result<std::optional<RelationshipParties>> ProductRepository::GetRelationshipParties(int64_t id) {
  return QueryFirst<RelationshipParties>(
      session_, "cannot read the relationship",
      "SELECT id, buyer_id, supplier_id, confirmed_at, ended_at FROM relationships WHERE id = ?",
      SqlParams(id), [](const SqlRow& r) {
        return RelationshipParties{r.Int(0), r.Int(1), r.Int(2), !r.IsNull(3), !r.IsNull(4)};
      });
}

// --- deliveries ---

Result<int64_t> ProductRepository::InsertDelivery(const DeliveryRow& row) {
  return InsertReturningId(
      session_, "cannot store the delivery",
      "INSERT INTO product_deliveries (org_id, product_version_id, relationship_id, buyer_id, "
      "share_sbom, disclose_matches, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      SqlParams(row.org_id, row.product_version_id, row.relationship_id, row.buyer_id,
                row.share_sbom ? 1 : 0, row.disclose_matches ? 1 : 0, row.created_at));
}

Result<std::optional<DeliveryRow>> ProductRepository::GetDelivery(int64_t id) {
  return QueryFirst<DeliveryRow>(session_, "cannot read the delivery",
                                 std::string(kDeliveryColumns) + "WHERE d.id = ?", SqlParams(id),
                                 ReadDelivery);
}

Result<bool> ProductRepository::EndDelivery(int64_t id, const std::string& at) {
  return ChangedOne(session_.Execute(
      "cannot end the delivery",
      "UPDATE product_deliveries SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
      SqlParams(at, id)));
}

Result<std::vector<DeliveryRow>> ProductRepository::DeliveriesOfVersion(int64_t version_id) {
  return QueryAll<DeliveryRow>(
      session_, "cannot read the deliveries",
      std::string(kDeliveryColumns) + "WHERE d.product_version_id = ? ORDER BY d.id",
      SqlParams(version_id), ReadDelivery);
}

Result<std::vector<DeliveryRow>> ProductRepository::LiveDeliveriesTo(int64_t buyer_id) {
  return QueryAll<DeliveryRow>(session_, "cannot read the deliveries",
                               std::string(kDeliveryColumns) +
                                   "WHERE d.buyer_id = ? AND " HOSHITORI_LIVE_DELIVERY
                                   " ORDER BY d.id DESC",
                               SqlParams(buyer_id), ReadDelivery);
}

Result<std::vector<DeliveryRow>> ProductRepository::LiveDeliveriesOfVersionTo(int64_t version_id,
                                                                              int64_t buyer_id) {
  return QueryAll<DeliveryRow>(session_, "cannot read the deliveries",
                               std::string(kDeliveryColumns) +
                                   "WHERE d.product_version_id = ? AND d.buyer_id = ? "
                                   "AND " HOSHITORI_LIVE_DELIVERY " ORDER BY d.id",
                               SqlParams(version_id, buyer_id), ReadDelivery);
}

// --- containment ---

Status ProductRepository::InsertContainment(const ContainmentRow& row) {
  return ExecuteStatement(
      session_, "cannot store the containment",
      "INSERT INTO product_contents (org_id, outer_version_id, "
      "inner_version_id, created_at) VALUES (?, ?, ?, ?)",
      SqlParams(row.org_id, row.outer_version_id, row.inner_version_id, row.created_at));
}

Result<bool> ProductRepository::DeleteContainment(int64_t outer_version_id,
                                                  int64_t inner_version_id) {
  return ChangedOne(session_.Execute(
      "cannot remove the containment",
      "DELETE FROM product_contents WHERE outer_version_id = ? AND inner_version_id = ?",
      SqlParams(outer_version_id, inner_version_id)));
}

Result<std::vector<ContainmentRow>> ProductRepository::ContentsOf(int64_t outer_version_id) {
  return QueryAll<ContainmentRow>(
      session_, "cannot read the containment",
      "SELECT org_id, outer_version_id, inner_version_id, created_at FROM product_contents "
      "WHERE outer_version_id = ? ORDER BY inner_version_id",
      SqlParams(outer_version_id), ReadContainment);
}

Result<std::vector<ContainmentRow>> ProductRepository::ContainersOf(int64_t inner_version_id) {
  return QueryAll<ContainmentRow>(
      session_, "cannot read the containment",
      "SELECT org_id, outer_version_id, inner_version_id, created_at FROM product_contents "
      "WHERE inner_version_id = ? ORDER BY outer_version_id",
      SqlParams(inner_version_id), ReadContainment);
}

Result<bool> ProductRepository::Contains(int64_t from, int64_t to) {
  if (from == to) return true;
  // UNION (not UNION ALL) drops versions already reached, so the walk ends on any graph.
  bool found = false;
  auto ran = session_.Execute(
      "cannot follow the containment",
      "WITH RECURSIVE reach(id) AS (SELECT CAST(? AS BIGINT) UNION "
      "SELECT c.inner_version_id FROM product_contents c JOIN reach ON c.outer_version_id = "
      "reach.id) SELECT 1 FROM reach WHERE id = ? LIMIT 1",
      SqlParams(from, to), [&](const SqlRow&) { found = true; });
  if (!ran) return ran.error();
  return found;
}

Status ProductRepository::LockContainment() {
  // Two transactions each adding one edge of a cycle would both find no cycle under read
  // committed; containment changes take turns (a no-op on SQLite, whose writers do anyway).
  constexpr int64_t kContainmentLock = 0x686f736869746f15;  // "hoshito" + migration 15
  return session_.LockUntilCommit(kContainmentLock);
}

// --- SBOMs ---

Result<int64_t> ProductRepository::ReplaceSbom(const SbomDocumentRow& doc,
                                               const std::vector<SbomComponentRow>& components) {
  auto earlier = SbomOfVersion(doc.product_version_id);
  if (!earlier) return earlier.error();
  if (*earlier) {
    for (const char* sql : {"DELETE FROM sbom_components WHERE sbom_id = ?",
                            "DELETE FROM sbom_documents WHERE id = ?"}) {
      if (Status deleted =
              ExecuteStatement(session_, "cannot replace the SBOM", sql, SqlParams((*earlier)->id));
          !deleted) {
        return deleted.error();
      }
    }
  }
  auto id = InsertReturningId(
      session_, "cannot store the SBOM",
      "INSERT INTO sbom_documents (org_id, product_version_id, format, encoding, spec_version, "
      "file_name, sha256, component_count, uploaded_by, uploaded_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      SqlParams(doc.org_id, doc.product_version_id, doc.format, doc.encoding, doc.spec_version,
                doc.file_name, doc.sha256, doc.component_count, doc.uploaded_by, doc.uploaded_at));
  if (!id) return id.error();
  for (const SbomComponentRow& c : components) {
    SqlParams row(*id, c.ordinal, doc.org_id);
    row.Add(c.parent)
        .Add(c.ref)
        .Add(c.type)
        .Add(c.group)
        .Add(c.name)
        .Add(c.version)
        .Add(c.purl)
        .Add(c.package_key)
        .Add(c.normalised_purl)
        .Add(JoinLines(c.cpes))
        .Add(c.supplier)
        .Add(JoinLines(c.licenses))
        .Add(JoinLines(c.hashes));
    if (Status appended =
            session_.Append(kComponentsTable, std::move(row), std::to_string(c.ordinal));
        !appended) {
      return appended.error();
    }
  }
  return *id;
}

Result<std::optional<SbomDocumentRow>> ProductRepository::SbomOfVersion(int64_t version_id) {
  return QueryFirst<SbomDocumentRow>(session_, "cannot read the SBOM",
                                     std::string(kSbomColumns) + "WHERE product_version_id = ?",
                                     SqlParams(version_id), ReadSbom);
}

Result<std::vector<SbomComponentRow>> ProductRepository::Components(int64_t sbom_id, int64_t offset,
                                                                    int64_t limit) {
  return QueryAll<SbomComponentRow>(
      session_, "cannot read the SBOM's components",
      "SELECT ordinal, parent, ref, type, grp, name, version, purl, package_key, "
      "normalised_purl, cpes, supplier, licenses, hashes FROM sbom_components "
      "WHERE sbom_id = ? AND ordinal >= ? ORDER BY ordinal LIMIT ?",
      SqlParams(sbom_id, offset, limit), [](const SqlRow& r) {
        SbomComponentRow c;
        c.ordinal = r.Int(0);
        c.parent = r.OptionalInt(1);
        c.ref = r.String(2);
        c.type = r.String(3);
        c.group = r.String(4);
        c.name = r.String(5);
        c.version = r.String(6);
        c.purl = r.String(7);
        c.package_key = r.OptionalText(8);
        c.normalised_purl = r.OptionalText(9);
        c.cpes = SplitLines(r.Text(10));
        c.supplier = r.String(11);
        c.licenses = SplitLines(r.Text(12));
        c.hashes = SplitLines(r.Text(13));
        return c;
      });
}

// --- VEX ---

Status ProductRepository::PutVex(const VexStatementRow& v) {
  return ExecuteStatement(
      session_, "cannot store the VEX statement on " + v.vulnerability,
      "INSERT INTO vex_statements (org_id, product_version_id, vulnerability, status, "
      "justification, impact, action, products, subcomponents, source, updated_by, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (product_version_id, vulnerability) DO UPDATE SET status = excluded.status, "
      "justification = excluded.justification, impact = excluded.impact, "
      "action = excluded.action, products = excluded.products, "
      "subcomponents = excluded.subcomponents, source = excluded.source, "
      "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
      SqlParams(v.org_id, v.product_version_id, v.vulnerability, v.status, v.justification,
                v.impact, v.action, JoinLines(v.products), JoinLines(v.subcomponents), v.source,
                v.updated_by, v.updated_at));
}

Result<std::vector<VexStatementRow>> ProductRepository::VexOfVersion(int64_t version_id) {
  return QueryAll<VexStatementRow>(
      session_, "cannot read the VEX statements",
      std::string(kVexColumns) + "WHERE product_version_id = ? ORDER BY vulnerability",
      SqlParams(version_id), ReadVex);
}

Result<std::vector<VexStatementRow>> ProductRepository::VexFor(
    int64_t version_id, const std::vector<std::string>& vulnerabilities) {
  std::vector<VexStatementRow> out;
  // One lookup per id: an advisory has a handful of aliases, and the primary key answers each.
  for (const std::string& vulnerability : vulnerabilities) {
    auto found = QueryFirst<VexStatementRow>(
        session_, "cannot read the VEX statements",
        std::string(kVexColumns) + "WHERE product_version_id = ? AND vulnerability = ?",
        SqlParams(version_id, vulnerability), ReadVex);
    if (!found) return found.error();
    if (*found) out.push_back(std::move(**found));
  }
  return out;
}

// --- streams for the exposure engine ---

Status ProductRepository::ForEachProductVersion(
    const std::function<void(const VersionFact&)>& sink) {
  return session_.Stream("cannot read the product versions",
                         "SELECT v.id, v.org_id, p.name, v.version FROM product_versions v "
                         "JOIN products p ON p.id = v.product_id ORDER BY v.id",
                         SqlParams(), [&](const SqlRow& r) {
                           sink(VersionFact{r.Int(0), r.Int(1), r.String(2), r.String(3)});
                         });
}

Status ProductRepository::ForEachComponent(const std::function<void(const ComponentFact&)>& sink) {
  return session_.Stream(
      "cannot read the SBOM components",
      "SELECT s.product_version_id, c.normalised_purl, c.package_key FROM sbom_components c "
      "JOIN sbom_documents s ON s.id = c.sbom_id WHERE c.package_key IS NOT NULL "
      "ORDER BY s.product_version_id, c.ordinal",
      SqlParams(), [&](const SqlRow& r) {
        sink(ComponentFact{r.Int(0), r.String(1), r.String(2)});
      });
}

Status ProductRepository::ForEachLiveDelivery(
    const std::function<void(const DeliveryFact&)>& sink) {
  return session_.Stream(
      "cannot read the deliveries",
      "SELECT d.id, d.product_version_id, d.org_id, d.buyer_id, d.relationship_id, d.share_sbom, "
      "d.disclose_matches FROM product_deliveries d JOIN relationships r ON r.id = "
      "d.relationship_id WHERE " HOSHITORI_LIVE_DELIVERY " ORDER BY d.id",
      SqlParams(), [&](const SqlRow& r) {
        sink(DeliveryFact{r.Int(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4), r.Int(5) != 0,
                          r.Int(6) != 0});
      });
}

Status ProductRepository::ForEachContainment(
    const std::function<void(const ContainmentFact&)>& sink) {
  return session_.Stream("cannot read the containment",
                         "SELECT outer_version_id, inner_version_id FROM product_contents "
                         "ORDER BY outer_version_id, inner_version_id",
                         SqlParams(), [&](const SqlRow& r) {
                           sink(ContainmentFact{r.Int(0), r.Int(1)});
                         });
}

#undef HOSHITORI_LIVE_DELIVERY

}  // namespace hoshitori
