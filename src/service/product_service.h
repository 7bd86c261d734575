// ProductService: a supplier's products and product versions, their deliveries to buyers over
// supply relationships, products contained in other organisations' products, the SBOM
// stored per version and the supplier's VEX statements (issue 17, "Products and their
// SBOMs"). Stored by store/product_repository.h (migration 015).
//
// Who may do what (through the one Authorize function, kinds kProduct, kSbom, kVex):
// - the owning organisation's members and admins create, change and read everything of its
//   products;
// - a buyer reads the product and version names of versions delivered to it (a live
//   delivery: not ended, over a relationship that is confirmed and not ended), the VEX
//   statements of those deliveries that disclose matches, and the SBOM and its components
//   only through a live delivery with share_sbom;
// - anybody else: the product does not exist (kNotFound).
// The command line's operator (Actor::is_operator) may do everything; its changes are
// recorded without a user.
//
// Every change runs in one transaction with one audit entry and names its ChangeScope
// (ChangeScope::kProducts of the owner, and of the buyer for deliveries). Errors carry a kind
// and Japanese text first, English second.
//
// Not thread-safe: one per Context.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assure/signed_vex.h"
#include "sbom/bom.h"
#include "sbom/purl.h"
#include "sbom/vex.h"
#include "service/context.h"
#include "store/product_repository.h"

namespace hoshitori::service {

enum class ProductKind { kSoftware, kDevice, kCloudService };
// "software", "device", "cloud_service".
std::string_view ProductKindName(ProductKind kind);
std::optional<ProductKind> ProductKindFromName(std::string_view name);

// Bounds on what callers give (besides sbom::kMaxBomBytes for SBOM and VEX files).
inline constexpr size_t kMaxProductNameBytes = 200;
inline constexpr size_t kMaxProductVersionBytes = 100;
inline constexpr size_t kMaxProductIdentifierBytes = 1000;  // purl, cpe
inline constexpr size_t kMaxProductsPerOrganisation = 10'000;
inline constexpr size_t kMaxVersionsPerProduct = 10'000;
inline constexpr int64_t kMaxComponentPage = 1000;  // components per Components() call
inline constexpr size_t kMaxVulnerabilityIdBytes = 200;

// Reads an SBOM file whatever its format, sniffed from the bytes: '<' first: CycloneDX XML;
// '{' first: SPDX JSON when it has "spdxVersion", CycloneDX JSON when it has "bomFormat";
// a "SPDXVersion:" line: SPDX tag-value. kInvalid naming the file otherwise, and the reader's
// error (file, place in the document, reason) when the file does not read. At most
// sbom::kMaxBomBytes.
Result<sbom::Bom> ReadSbomFile(std::string_view bytes, const std::string& file_name);

// The component's Package URL, normalised (lenient about qualifier key case), with the
// component's version filled in when the purl has none. kInvalid when it has no purl or one
// that does not parse. What the store keeps as normalised_purl / package_key.
Result<sbom::PackageUrl> NormalisedComponentPurl(const sbom::Component& component);

struct NewProduct {
  int64_t org_id = 0;  // the owner; must be the caller's organisation (operator: any)
  std::string name;    // 1..kMaxProductNameBytes, trimmed
  ProductKind kind = ProductKind::kSoftware;
  std::optional<std::string> purl;  // a valid Package URL when given
  std::optional<std::string> cpe;   // starts with "cpe:" when given
};

// A product with the versions the caller may see.
struct ProductDetail {
  ProductRow product;
  std::vector<ProductVersionRow> versions;  // by version text
  bool owner = false;                       // the caller may change it
};

// What the caller may see of one version.
struct VersionDetail {
  ProductVersionRow version;
  ProductRow product;
  bool owner = false;
  bool can_read_sbom = false;           // owner, or a live delivery with share_sbom
  bool can_read_vex = false;            // owner, or a live delivery disclosing matches
  std::optional<SbomDocumentRow> sbom;  // set when can_read_sbom and one is stored
  // For the owner only: the versions it contains and those containing it.
  std::vector<ContainmentRow> contains;
  std::vector<ContainmentRow> contained_in;
};

struct NewDelivery {
  int64_t version_id = 0;
  int64_t relationship_id = 0;
  bool share_sbom = false;
  bool disclose_matches = true;
};

// What an SBOM upload stored.
struct SbomUploadReport {
  SbomDocumentRow document;
  size_t components = 0;
  size_t with_purl = 0;     // components whose purl parses (a package key is stored)
  size_t without_purl = 0;  // no purl, or one that does not parse
  bool replaced = false;    // an earlier SBOM of the version was replaced
};

// A signed VEX checked (assure::VerifySignedVex) and, when the signature holds, its payload
// read as OpenVEX. A valid signature over a payload that is not OpenVEX is refused as
// kMalformed with the reader's error as the detail.
struct SignedVexCheck {
  assure::SignedVexReport report;
  std::optional<sbom::VexDocument> document;  // set exactly when report.valid()
};
// Checks `compact` against `keys` (the issuer's JWK Set). Pure; what `hoshitori vex verify`
// and the API's verification run.
SignedVexCheck CheckSignedVex(std::string_view compact, const assure::KeySet& keys);

struct ComponentPage {
  int64_t total = 0;  // components of the SBOM
  int64_t offset = 0;
  std::vector<SbomComponentRow> items;
};

struct VexUploadReport {
  std::string format;     // "OpenVEX" or "CycloneDX"
  size_t statements = 0;  // statements applied to the version
};

struct VexEdit {
  int64_t version_id = 0;
  std::string vulnerability;  // 1..kMaxVulnerabilityIdBytes, no control characters
  std::string status;         // sbom::VexStatusName
  std::string justification;  // OpenVEX or CycloneDX name; required for not_affected
  std::string impact;
  std::string action;
};

class ProductService {
 public:
  explicit ProductService(Context& context) : context_(context) {}

  // kConflict when the organisation has a product of that name; kInvalid for bad fields.
  Result<ProductRow> CreateProduct(const NewProduct& product);
  // The organisation's products: all for its members; for a buyer those with a version
  // delivered to it; for anyone else none (an empty list, not an error).
  Result<std::vector<ProductRow>> ListProducts(int64_t org_id);
  Result<ProductDetail> GetProduct(int64_t product_id);
  // kConflict when the version exists.
  Result<ProductVersionRow> AddVersion(int64_t product_id, const std::string& version);
  Result<VersionDetail> GetVersion(int64_t version_id);
  // Operator (command line): the product `name` of `org_id` (created with `kind` when absent)
  // and its version `version` (created when absent).
  Result<ProductVersionRow> EnsureVersion(int64_t org_id, const std::string& name, ProductKind kind,
                                          const std::string& version);
  // Operator: the version `version` of product `name` of `org_id`, or kNotFound.
  Result<ProductVersionRow> FindVersion(int64_t org_id, const std::string& name,
                                        const std::string& version);

  // Only the relationship's supplier, for its own version; the relationship must not be
  // ended (it may still await confirmation: the buyer sees the delivery once confirmed).
  // kConflict when the version is already delivered live over that relationship.
  Result<DeliveryRow> DeclareDelivery(const NewDelivery& delivery);
  // The supplier ends a delivery; kConflict when already ended.
  Result<DeliveryRow> EndDelivery(int64_t delivery_id);
  // Every delivery of the version, ended ones too (owner only).
  Result<std::vector<DeliveryRow>> ListDeliveries(int64_t version_id);
  // What the buyer organisation sees: its live deliveries (its members only).
  Result<std::vector<DeliveryRow>> DeliveriesToBuyer(int64_t buyer_org_id);

  // "outer contains inner". The caller owns `outer`; `inner` is its own or is delivered
  // live to it. kConflict when that makes a cycle or exists already.
  Result<ContainmentRow> DeclareContainment(int64_t outer_version_id, int64_t inner_version_id);
  Status RemoveContainment(int64_t outer_version_id, int64_t inner_version_id);

  // Reads the file (format sniffed from the bytes: CycloneDX JSON or XML, SPDX JSON or
  // tag-value) and replaces the version's SBOM. Nothing is stored on any error; a reader's
  // error names the file, the place in the document and the reason. Owner only.
  Result<SbomUploadReport> UploadSbom(int64_t version_id, const std::string& file_name,
                                      std::string_view bytes);
  // Components by ordinal; limit 1..kMaxComponentPage. kNotFound when no SBOM is stored.
  Result<ComponentPage> Components(int64_t version_id, int64_t offset, int64_t limit);
  // The stored SBOM as CycloneDX 1.6 JSON (interchange/cyclonedx.h), the version as
  // metadata.component, with the version's VEX statements as `vulnerabilities` when the
  // caller may read them. Dependencies are not stored, so not exported.
  Result<std::string> ExportSbom(int64_t version_id);

  // Reads an OpenVEX or CycloneDX VEX document (sniffed: "@context" names OpenVEX) and puts
  // every statement on the version (the latest per vulnerability wins). Owner only.
  Result<VexUploadReport> UploadVex(int64_t version_id, const std::string& file_name,
                                    std::string_view bytes);
  Result<VexStatementRow> SetVexStatement(const VexEdit& edit);
  Result<std::vector<VexStatementRow>> ListVex(int64_t version_id);
  // The version's statements as an OpenVEX v0.2.0 document; kNotFound when it has none. A
  // statement without what OpenVEX requires (an action for affected, a justification or an
  // impact for not_affected: CycloneDX VEX does not require them) gets a text saying none was
  // given. Statements without products name the version (its product's purl with the
  // version, else urn:hoshitori:product-version:ID).
  Result<std::string> ExportOpenVex(int64_t version_id);
  // ExportOpenVex's document, byte for byte, signed now as a compact JWS by the server's key
  // valid now (assure/signed_vex.h): the platform records that the owning organisation (its
  // corporate number) stated it at this moment; it does not vouch for the statements. Whoever
  // may read the VEX may have it signed; nothing is stored. kUnavailable when the server has
  // no signing key valid now (context.issuer null, as in one-off commands).
  Result<std::string> ExportSignedOpenVex(int64_t version_id);
  // CheckSignedVex with the server's own public keys; kUnavailable without an issuer. Needs no
  // sign-in (whoever holds a signed VEX may check it); at most assure::kMaxSignedVexBytes.
  Result<SignedVexCheck> VerifySignedVex(std::string_view compact);

 private:
  // A version the caller may act on, with its product.
  struct Access {
    ProductVersionRow version;
    ProductRow product;
    bool owner = false;  // the caller may change it (the owner's members, the operator)
  };
  // The version when the caller may do `action` on its `kind`; kNotFound when it may not see
  // the version at all, kForbidden when it sees it but may not do that.
  Result<Access> OpenVersion(int64_t version_id, ResourceKind kind, Action action);
  Result<ProductRow> OpenProduct(int64_t product_id, Action action);
  // Whether the caller may change the products of `org_id`.
  bool Owns(int64_t org_id) const;
  std::optional<int64_t> ActingUser() const;

  Context& context_;
};

}  // namespace hoshitori::service
