// ProductRepository: a supplier's products, versions, deliveries, containments, stored SBOMs
// and VEX statements as the store keeps them (migration 015). Plain rows: the service
// (service/product_service.h) reads files, authorises and decides; the repository stores.
//
// The ForEach... functions stream every fact of the kind, in id order, with bounded memory
// (a row at a time), for the in-memory exposure engine (operator / system use: no
// authorisation here).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_session.h"

namespace hoshitori {

struct ProductRow {
  int64_t id = 0;
  int64_t org_id = 0;  // the supplier that owns it
  std::string name;
  std::string kind;  // "software", "device", "cloud_service"
  std::optional<std::string> purl;
  std::optional<std::string> cpe;
  std::string created_at;
};

struct ProductVersionRow {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t product_id = 0;
  std::string product_name;  // read with the version (not a column of product_versions)
  std::string version;
  std::string created_at;
};

struct DeliveryRow {
  int64_t id = 0;
  int64_t org_id = 0;  // the supplier
  int64_t product_version_id = 0;
  int64_t relationship_id = 0;
  int64_t buyer_id = 0;
  bool share_sbom = false;
  bool disclose_matches = true;
  std::string created_at;
  std::optional<std::string> ended_at;
  // Read with the delivery: the product and version names, and whether the relationship is
  // confirmed and not ended and the delivery not ended (what a buyer may see).
  std::string product_name;
  std::string version;
  int64_t product_id = 0;
  bool live = false;
};

struct ContainmentRow {
  int64_t org_id = 0;  // owner of the outer version
  int64_t outer_version_id = 0;
  int64_t inner_version_id = 0;
  std::string created_at;
};

struct SbomDocumentRow {
  int64_t id = 0;
  int64_t org_id = 0;
  int64_t product_version_id = 0;
  std::string format;    // "CycloneDX", "SPDX"
  std::string encoding;  // "JSON", "XML", "tag-value"
  std::string spec_version;
  std::string file_name;
  std::string sha256;  // hex of the uploaded bytes
  int64_t component_count = 0;
  std::optional<int64_t> uploaded_by;  // empty: the operator
  std::string uploaded_at;
};

struct SbomComponentRow {
  int64_t ordinal = 0;            // 0-based, document order
  std::optional<int64_t> parent;  // ordinal of the enclosing component
  std::string ref, type, group, name, version;
  std::string purl;                            // as written; "" when none
  std::optional<std::string> package_key;      // sbom::PackageKey; empty when no valid purl
  std::optional<std::string> normalised_purl;  // canonical purl with version
  std::vector<std::string> cpes;
  std::string supplier;
  std::vector<std::string> licenses;
  std::vector<std::string> hashes;  // "ALGORITHM:value"
};

struct VexStatementRow {
  int64_t org_id = 0;
  int64_t product_version_id = 0;
  std::string vulnerability;
  std::string status;  // sbom::VexStatusName
  std::string justification, impact, action;
  std::vector<std::string> products;
  std::vector<std::string> subcomponents;
  std::string source;  // "upload" or "edit"
  std::optional<int64_t> updated_by;
  std::string updated_at;
};

// What a delivery needs to know of a relationship (store/relationship_repository.h reads
// only relationships that are not ended).
struct RelationshipParties {
  int64_t id = 0;
  int64_t buyer_id = 0;
  int64_t supplier_id = 0;
  bool confirmed = false;
  bool ended = false;
};

// Facts for the exposure engine.
struct VersionFact {
  int64_t version_id = 0;
  int64_t org_id = 0;
  std::string product_name;
  std::string version;
};
struct ComponentFact {
  int64_t version_id = 0;
  std::string normalised_purl;  // with version
  std::string package_key;
};
struct DeliveryFact {
  int64_t id = 0;
  int64_t version_id = 0;
  int64_t supplier_id = 0;
  int64_t buyer_id = 0;
  int64_t relationship_id = 0;
  bool share_sbom = false;
  bool disclose_matches = true;
};
struct ContainmentFact {
  int64_t outer_version_id = 0;
  int64_t inner_version_id = 0;
};

// Works on the session it was given (which must outlive it); one thread at a time. Writes
// run in the caller's transaction: on an error, roll it back.
class ProductRepository {
 public:
  explicit ProductRepository(SqlSession& session) : session_(session) {}

  // Products.
  Result<int64_t> InsertProduct(const ProductRow& row);
  Result<std::optional<ProductRow>> GetProduct(int64_t id);
  Result<std::optional<ProductRow>> FindProduct(int64_t org_id, const std::string& name);
  Result<std::vector<ProductRow>> ListProducts(int64_t org_id);
  // Products of `org_id` with a version live-delivered to `buyer_id`, by name.
  Result<std::vector<ProductRow>> ListProductsDeliveredTo(int64_t org_id, int64_t buyer_id);
  Result<int64_t> CountProducts(int64_t org_id);

  // Versions.
  Result<int64_t> InsertVersion(const ProductVersionRow& row);
  Result<std::optional<ProductVersionRow>> GetVersion(int64_t id);
  Result<std::optional<ProductVersionRow>> FindVersion(int64_t product_id,
                                                       const std::string& version);
  Result<std::vector<ProductVersionRow>> ListVersions(int64_t product_id);
  Result<int64_t> CountVersions(int64_t product_id);

  // The relationship `id`, ended or not, or none.
  Result<std::optional<RelationshipParties>> GetRelationshipParties(int64_t id);

  // Deliveries. `live` is computed on every read.
  Result<int64_t> InsertDelivery(const DeliveryRow& row);
  Result<std::optional<DeliveryRow>> GetDelivery(int64_t id);
  Result<bool> EndDelivery(int64_t id, const std::string& at);
  Result<std::vector<DeliveryRow>> DeliveriesOfVersion(int64_t version_id);
  // The live deliveries to `buyer_id`, newest first.
  Result<std::vector<DeliveryRow>> LiveDeliveriesTo(int64_t buyer_id);
  // The live deliveries of `version_id` to `buyer_id` (empty when none).
  Result<std::vector<DeliveryRow>> LiveDeliveriesOfVersionTo(int64_t version_id, int64_t buyer_id);

  // Containment.
  Status InsertContainment(const ContainmentRow& row);
  Result<bool> DeleteContainment(int64_t outer_version_id, int64_t inner_version_id);
  Result<std::vector<ContainmentRow>> ContentsOf(int64_t outer_version_id);
  Result<std::vector<ContainmentRow>> ContainersOf(int64_t inner_version_id);
  // Whether `to` is reachable from `from` along outer -> inner edges (or from == to).
  Result<bool> Contains(int64_t from, int64_t to);
  // Inside a transaction: containment changes take turns until it ends (cycle checks).
  Status LockContainment();

  // SBOMs: Replace deletes the version's earlier SBOM and its components, then stores `doc`
  // and `components` (bulk inserts). Returns the new document id.
  Result<int64_t> ReplaceSbom(const SbomDocumentRow& doc,
                              const std::vector<SbomComponentRow>& components);
  Result<std::optional<SbomDocumentRow>> SbomOfVersion(int64_t version_id);
  // Components of an SBOM by ordinal, from `offset`, at most `limit`.
  Result<std::vector<SbomComponentRow>> Components(int64_t sbom_id, int64_t offset, int64_t limit);

  // VEX: Put replaces the statement of the same version and vulnerability.
  Status PutVex(const VexStatementRow& row);
  Result<std::vector<VexStatementRow>> VexOfVersion(int64_t version_id);
  // Statements of `version_id` for any of `vulnerabilities` (ids incl. aliases).
  Result<std::vector<VexStatementRow>> VexFor(int64_t version_id,
                                              const std::vector<std::string>& vulnerabilities);

  // Streams for the exposure engine (bounded memory).
  Status ForEachProductVersion(const std::function<void(const VersionFact&)>& sink);
  // Only components with a package key.
  Status ForEachComponent(const std::function<void(const ComponentFact&)>& sink);
  // Only live deliveries (not ended, over a confirmed relationship that is not ended).
  Status ForEachLiveDelivery(const std::function<void(const DeliveryFact&)>& sink);
  Status ForEachContainment(const std::function<void(const ContainmentFact&)>& sink);

 private:
  SqlSession& session_;
};

}  // namespace hoshitori
