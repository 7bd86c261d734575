#include "service/product_service.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <utility>

#include "interchange/cyclonedx.h"
#include "interchange/cyclonedx_vex.h"
#include "interchange/openvex.h"
#include "interchange/spdx.h"
#include "sbom/purl.h"
#include "sbom/vex.h"
#include "service/attestation_service.h"
#include "service/exposure_service.h"
#include "service/security.h"

namespace hoshitori::service {

namespace {

std::string Id(int64_t id) { return std::to_string(id); }

Error VersionNotVisible(int64_t version_id) {
  return NotFound("製品バージョン " + Id(version_id) + " は表示できません / product version " +
                  Id(version_id) + " is not visible to you");
}

Error ProductNotVisible(int64_t product_id) {
  return NotFound("製品 " + Id(product_id) + " は表示できません / product " + Id(product_id) +
                  " is not visible to you");
}

// Whether `text` holds a control character (names and ids are one line of text).
bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

// A one-line text of 1..max bytes, trimmed; `ja` / `en` name the field.
Result<std::string> CheckLine(std::string_view text, size_t max, const std::string& ja,
                              const std::string& en) {
  std::string trimmed = Trim(text);
  if (trimmed.empty()) {
    return Invalid("Missing " + en, ja + "を入力してください / the " + en + " is empty");
  }
  if (trimmed.size() > max || HasControl(trimmed)) {
    return Invalid("Invalid " + en, ja + "は改行などを含まない " + std::to_string(max) +
                                        " バイト以内で入力してください / the " + en +
                                        " must be one line of at most " + std::to_string(max) +
                                        " bytes");
  }
  return trimmed;
}

// The first character that is not blank, or '\0'.
char FirstNonBlank(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  return first == std::string_view::npos ? '\0' : text[first];
}

// kConflict: an owner has `limit` things of a kind already.
Error TooMany(const std::string& title, const std::string& ja_whole, const std::string& ja_part,
              const std::string& en_whole, const std::string& en_part, size_t limit) {
  const std::string n = std::to_string(limit);
  return Conflict(title, ja_part + "は 1 " + ja_whole + " " + n + " 件までです / " + en_whole +
                             " has at most " + n + " " + en_part);
}

Status CheckFileSize(std::string_view bytes, const std::string& file_name) {
  if (bytes.size() > sbom::kMaxBomBytes) {
    return Invalid("File too large", file_name + ": ファイルが大きすぎます（" +
                                         std::to_string(sbom::kMaxBomBytes >> 20) +
                                         " MiB まで） / the file is larger than " +
                                         std::to_string(sbom::kMaxBomBytes >> 20) + " MiB");
  }
  return OkStatus();
}

// The facts of `kind` on `version` for the caller: `delivered` when the caller's organisation
// receives the version live (for kSbom with share_sbom, for kVex disclosing matches).
Result<ResourceFacts> FactsOf(ProductRepository& repository, const Principal& p, ResourceKind kind,
                              int64_t owner_org, int64_t version_id) {
  ResourceFacts facts(kind, owner_org);
  if (p.org_id == owner_org) return facts;
  auto deliveries = repository.LiveDeliveriesOfVersionTo(version_id, p.org_id);
  if (!deliveries) return deliveries.error();
  for (const DeliveryRow& d : *deliveries) {
    if (kind == ResourceKind::kProduct || (kind == ResourceKind::kSbom && d.share_sbom) ||
        (kind == ResourceKind::kVex && d.disclose_matches)) {
      facts.delivered = true;
    }
  }
  return facts;
}

// A row of the exposure engine's and the export's purl: the canonical purl with version (the
// component's version fills a purl without one) and its package key.
void NormalisePurl(const sbom::Component& component, SbomComponentRow& row) {
  const Result<sbom::PackageUrl> purl = NormalisedComponentPurl(component);
  if (!purl) return;
  row.package_key = sbom::PackageKey(*purl);
  row.normalised_purl = sbom::ToString(*purl);
}

SbomComponentRow ComponentRow(const sbom::Component& c, size_t ordinal) {
  SbomComponentRow row;
  row.ordinal = static_cast<int64_t>(ordinal);
  if (c.parent) row.parent = static_cast<int64_t>(*c.parent);
  row.ref = c.ref;
  row.type = c.type;
  row.group = c.group;
  row.name = c.name;
  row.version = c.version;
  row.purl = c.purl;
  NormalisePurl(c, row);
  row.cpes = c.cpes;
  row.supplier = c.supplier;
  row.licenses = c.licenses;
  for (const sbom::ComponentHash& hash : c.hashes)
    row.hashes.push_back(hash.algorithm + ":" + hash.value);
  return row;
}

sbom::Component ComponentOf(const SbomComponentRow& row) {
  sbom::Component c;
  c.ref = row.ref;
  if (row.parent) c.parent = static_cast<size_t>(*row.parent);
  c.type = row.type;
  c.group = row.group;
  c.name = row.name;
  c.version = row.version;
  c.purl = row.purl;
  c.cpes = row.cpes;
  c.supplier = row.supplier;
  c.licenses = row.licenses;
  for (const std::string& hash : row.hashes) {
    const size_t colon = hash.find(':');
    if (colon == std::string::npos) continue;
    c.hashes.push_back({hash.substr(0, colon), hash.substr(colon + 1)});
  }
  return c;
}

// What a product version is called in exported documents: the product's purl with the
// version when it has one, else a URN of the version.
std::string VersionIdentifier(const ProductRow& product, const ProductVersionRow& version) {
  if (product.purl) {
    auto purl = sbom::ParsePackageUrl(*product.purl, sbom::PurlParseMode::kLenient);
    if (purl) {
      auto versioned = sbom::BuildPackageUrl(purl->type, purl->namespace_, purl->name,
                                             version.version, purl->qualifiers, purl->subpath);
      if (versioned) return sbom::ToString(*versioned);
    }
  }
  return "urn:hoshitori:product-version:" + Id(version.id);
}

sbom::VexStatement ToVexStatement(const VexStatementRow& row, const std::string& fallback_product) {
  sbom::VexStatement s;
  s.vulnerability = row.vulnerability;
  s.products = row.products;
  if (s.products.empty()) s.products.push_back(fallback_product);
  s.subcomponents = row.subcomponents;
  s.status = sbom::VexStatusFromName(row.status).value_or(sbom::VexStatus::kUnderInvestigation);
  s.justification = row.justification;
  s.impact = row.impact;
  s.action = row.action;
  s.timestamp = row.updated_at;
  return s;
}

Status CheckVulnerabilityId(std::string_view id, const std::string& where) {
  if (id.empty() || id.size() > kMaxVulnerabilityIdBytes || HasControl(id) ||
      id.find(' ') != std::string_view::npos) {
    return Invalid("Invalid vulnerability id",
                   where + "脆弱性 ID は空白を含まない " +
                       std::to_string(kMaxVulnerabilityIdBytes) +
                       " バイト以内の文字列です / the vulnerability id must be 1 to " +
                       std::to_string(kMaxVulnerabilityIdBytes) + " bytes without blanks");
  }
  return OkStatus();
}

}  // namespace

std::string_view ProductKindName(ProductKind kind) {
  switch (kind) {
    case ProductKind::kSoftware:
      return "software";
    case ProductKind::kDevice:
      return "device";
    case ProductKind::kCloudService:
      return "cloud_service";
  }
  return "software";
}

std::optional<ProductKind> ProductKindFromName(std::string_view name) {
  for (ProductKind kind :
       {ProductKind::kSoftware, ProductKind::kDevice, ProductKind::kCloudService}) {
    if (ProductKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

Result<sbom::Bom> ReadSbomFile(std::string_view bytes, const std::string& file_name) {
  TRY(CheckFileSize(bytes, file_name));
  const char first = FirstNonBlank(bytes);
  if (first == '<') return interchange::ReadCycloneDxXml(bytes, file_name);
  if (first == '{') {
    if (bytes.find("\"spdxVersion\"") != std::string_view::npos) {
      return interchange::ReadSpdxJson(bytes, file_name);
    }
    if (bytes.find("\"bomFormat\"") != std::string_view::npos) {
      return interchange::ReadCycloneDxJson(bytes, file_name);
    }
    return Invalid("Unknown SBOM format",
                   file_name +
                       ": JSON ですが bomFormat（CycloneDX）も spdxVersion（SPDX）も"
                       "ありません / JSON with neither bomFormat (CycloneDX) nor "
                       "spdxVersion (SPDX)");
  }
  if (bytes.find("SPDXVersion:") != std::string_view::npos) {
    return interchange::ReadSpdxTagValue(bytes, file_name);
  }
  return Invalid("Unknown SBOM format",
                 file_name +
                     ": CycloneDX（JSON・XML）でも SPDX（JSON・タグ値）でもありません / "
                     "neither CycloneDX (JSON, XML) nor SPDX (JSON, tag-value)");
}

Result<sbom::PackageUrl> NormalisedComponentPurl(const sbom::Component& component) {
  if (component.purl.empty()) {
    return Invalid("No Package URL", "Package URL がありません / no Package URL");
  }
  Result<sbom::PackageUrl> purl =
      sbom::ParsePackageUrl(component.purl, sbom::PurlParseMode::kLenient);
  if (!purl) return purl;
  if (purl->version.empty() && !component.version.empty()) {
    Result<sbom::PackageUrl> versioned =
        sbom::BuildPackageUrl(purl->type, purl->namespace_, purl->name, component.version,
                              purl->qualifiers, purl->subpath);
    if (versioned) return versioned;
  }
  return purl;
}

// --- access ---

Result<ProductService::Access> ProductService::OpenVersion(int64_t version_id, ResourceKind kind,
                                                           Action action) {
  ProductRepository repository(context_.store.Sql());
  TRY_ASSIGN(auto version, repository.GetVersion(version_id));
  if (!version) return VersionNotVisible(version_id);
  TRY_ASSIGN(auto product, repository.GetProduct(version->product_id));
  if (!product) return VersionNotVisible(version_id);
  Access access{std::move(*version), std::move(*product), true};
  if (context_.actor.is_operator) return access;
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  access.owner = p.org_id == access.product.org_id;
  // Seeing the version at all comes first: to anyone else it does not exist.
  TRY_ASSIGN(const ResourceFacts seen,
             FactsOf(repository, p, ResourceKind::kProduct, access.product.org_id, version_id));
  if (!Authorize(p, Action::kRead, seen).allowed) return VersionNotVisible(version_id);
  TRY_ASSIGN(const ResourceFacts facts,
             FactsOf(repository, p, kind, access.product.org_id, version_id));
  TRY(Allow(context_, action, facts));
  access.owner = access.owner && Authorize(p, Action::kUpdate, facts).allowed;
  return access;
}

Result<ProductRow> ProductService::OpenProduct(int64_t product_id, Action action) {
  ProductRepository repository(context_.store.Sql());
  TRY_ASSIGN(auto product, repository.GetProduct(product_id));
  if (!product) return ProductNotVisible(product_id);
  if (context_.actor.is_operator) return *product;
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  ResourceFacts facts(ResourceKind::kProduct, product->org_id);
  if (p.org_id != product->org_id) {
    TRY_ASSIGN(const auto products, repository.ListProductsDeliveredTo(product->org_id, p.org_id));
    facts.delivered = std::any_of(products.begin(), products.end(),
                                  [&](const ProductRow& row) { return row.id == product_id; });
  }
  if (!Authorize(p, Action::kRead, facts).allowed) return ProductNotVisible(product_id);
  TRY(Allow(context_, action, facts));
  return *product;
}

bool ProductService::Owns(int64_t org_id) const {
  if (context_.actor.is_operator) return true;
  const auto& p = context_.actor.principal;
  return p && Authorize(*p, Action::kUpdate, ResourceFacts(ResourceKind::kProduct, org_id)).allowed;
}

std::optional<int64_t> ProductService::ActingUser() const {
  if (!context_.actor.principal) return std::nullopt;
  return context_.actor.principal->user_id;
}

// --- products and versions ---

Result<ProductRow> ProductService::CreateProduct(const NewProduct& input) {
  if (!context_.actor.is_operator) {
    TRY(Allow(context_, Action::kCreate, ResourceFacts(ResourceKind::kProduct, input.org_id)));
  }
  ProductRow row;
  row.org_id = input.org_id;
  TRY_ASSIGN(row.name, CheckLine(input.name, kMaxProductNameBytes, "製品名", "product name"));
  row.kind = std::string(ProductKindName(input.kind));
  if (input.purl && !Trim(*input.purl).empty()) {
    TRY_ASSIGN(const std::string text,
               CheckLine(*input.purl, kMaxProductIdentifierBytes, "Package URL", "Package URL"));
    auto purl = sbom::ParsePackageUrl(text, sbom::PurlParseMode::kLenient);
    if (!purl) return Invalid("Invalid Package URL", purl.error().message);
    row.purl = sbom::ToString(*purl);
  }
  if (input.cpe && !Trim(*input.cpe).empty()) {
    TRY_ASSIGN(const std::string cpe,
               CheckLine(*input.cpe, kMaxProductIdentifierBytes, "CPE", "CPE"));
    if (!cpe.starts_with("cpe:")) {
      return Invalid("Invalid CPE", "CPE は cpe: で始まります / a CPE starts with \"cpe:\"");
    }
    row.cpe = cpe;
  }
  row.created_at = context_.clock.UtcNow();
  context_.Touching(ChangeScope::Of(ChangeScope::kProducts, {row.org_id}));
  return InTransaction(context_, [&]() -> Result<ProductRow> {
    ProductRepository repository(context_.store.Sql());
    TRY_ASSIGN(const int64_t count, repository.CountProducts(row.org_id));
    if (count >= static_cast<int64_t>(kMaxProductsPerOrganisation)) {
      return TooMany("Too many products", "組織", "製品", "an organisation", "products",
                     kMaxProductsPerOrganisation);
    }
    TRY_ASSIGN(const auto existing, repository.FindProduct(row.org_id, row.name));
    if (existing) {
      return Conflict("Product exists", "同じ名前の製品「" + row.name +
                                            "」が既にあります / a product named \"" + row.name +
                                            "\" exists already (id " + Id(existing->id) + ")");
    }
    TRY_ASSIGN(row.id, repository.InsertProduct(row));
    TRY(Record(context_, "product.create", "product:" + Id(row.id), row.name));
    return row;
  });
}

Result<std::vector<ProductRow>> ProductService::ListProducts(int64_t org_id) {
  ProductRepository repository(context_.store.Sql());
  if (Owns(org_id)) return repository.ListProducts(org_id);
  TRY_ASSIGN(const Principal p, SignedIn(context_));
  ResourceFacts facts(ResourceKind::kProduct, org_id);
  facts.delivered = true;  // checked per product by the query below
  if (!Authorize(p, Action::kRead, facts).allowed) return std::vector<ProductRow>{};
  return repository.ListProductsDeliveredTo(org_id, p.org_id);
}

Result<ProductDetail> ProductService::GetProduct(int64_t product_id) {
  TRY_ASSIGN(ProductRow product, OpenProduct(product_id, Action::kRead));
  ProductRepository repository(context_.store.Sql());
  ProductDetail detail;
  detail.owner = Owns(product.org_id);
  TRY_ASSIGN(detail.versions, repository.ListVersions(product_id));
  if (!detail.owner) {
    TRY_ASSIGN(const auto deliveries,
               repository.LiveDeliveriesTo(context_.actor.principal->org_id));
    std::erase_if(detail.versions, [&](const ProductVersionRow& v) {
      return std::none_of(deliveries.begin(), deliveries.end(),
                          [&](const DeliveryRow& d) { return d.product_version_id == v.id; });
    });
  }
  detail.product = std::move(product);
  return detail;
}

Result<ProductVersionRow> ProductService::AddVersion(int64_t product_id,
                                                     const std::string& version) {
  TRY_ASSIGN(const ProductRow product, OpenProduct(product_id, Action::kUpdate));
  ProductVersionRow row;
  row.org_id = product.org_id;
  row.product_id = product.id;
  row.product_name = product.name;
  TRY_ASSIGN(row.version, CheckLine(version, kMaxProductVersionBytes, "バージョン", "version"));
  row.created_at = context_.clock.UtcNow();
  context_.Touching(ChangeScope::Of(ChangeScope::kProducts, {row.org_id}));
  return InTransaction(context_, [&]() -> Result<ProductVersionRow> {
    ProductRepository repository(context_.store.Sql());
    TRY_ASSIGN(const int64_t count, repository.CountVersions(product.id));
    if (count >= static_cast<int64_t>(kMaxVersionsPerProduct)) {
      return TooMany("Too many versions", "製品", "バージョン", "a product", "versions",
                     kMaxVersionsPerProduct);
    }
    TRY_ASSIGN(const auto existing, repository.FindVersion(product.id, row.version));
    if (existing) {
      return Conflict("Version exists", "バージョン " + row.version + " は既にあります / version " +
                                            row.version + " exists already (id " +
                                            Id(existing->id) + ")");
    }
    TRY_ASSIGN(row.id, repository.InsertVersion(row));
    TRY(Record(context_, "product.version.add", "product_version:" + Id(row.id),
               product.name + " " + row.version));
    return row;
  });
}

Result<VersionDetail> ProductService::GetVersion(int64_t version_id) {
  TRY_ASSIGN(Access access, OpenVersion(version_id, ResourceKind::kProduct, Action::kRead));
  ProductRepository repository(context_.store.Sql());
  VersionDetail detail;
  detail.owner = access.owner;
  if (access.owner) {
    detail.can_read_sbom = detail.can_read_vex = true;
    TRY_ASSIGN(detail.contains, repository.ContentsOf(version_id));
    TRY_ASSIGN(detail.contained_in, repository.ContainersOf(version_id));
  } else {
    const Principal& p = *context_.actor.principal;
    for (ResourceKind kind : {ResourceKind::kSbom, ResourceKind::kVex}) {
      TRY_ASSIGN(const ResourceFacts facts,
                 FactsOf(repository, p, kind, access.product.org_id, version_id));
      const bool allowed = Authorize(p, Action::kRead, facts).allowed;
      (kind == ResourceKind::kSbom ? detail.can_read_sbom : detail.can_read_vex) = allowed;
    }
  }
  if (detail.can_read_sbom) {
    TRY_ASSIGN(detail.sbom, repository.SbomOfVersion(version_id));
  }
  detail.version = std::move(access.version);
  detail.product = std::move(access.product);
  return detail;
}

Result<ProductVersionRow> ProductService::EnsureVersion(int64_t org_id, const std::string& name,
                                                        ProductKind kind,
                                                        const std::string& version) {
  TRY(AllowOperator(context_));
  TRY_ASSIGN(const std::string product_name,
             CheckLine(name, kMaxProductNameBytes, "製品名", "product name"));
  TRY_ASSIGN(const std::string version_text,
             CheckLine(version, kMaxProductVersionBytes, "バージョン", "version"));
  std::optional<ProductRow> product;
  {
    ProductRepository repository(context_.store.Sql());
    TRY_ASSIGN(product, repository.FindProduct(org_id, product_name));
  }
  if (!product) {
    NewProduct input;
    input.org_id = org_id;
    input.name = product_name;
    input.kind = kind;
    TRY_ASSIGN(product, CreateProduct(input));
  }
  {
    ProductRepository repository(context_.store.Sql());
    TRY_ASSIGN(auto found, repository.FindVersion(product->id, version_text));
    if (found) return *found;
  }
  return AddVersion(product->id, version_text);
}

Result<ProductVersionRow> ProductService::FindVersion(int64_t org_id, const std::string& name,
                                                      const std::string& version) {
  TRY(AllowOperator(context_));
  ProductRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto product, repository.FindProduct(org_id, Trim(name)));
  if (!product) {
    return NotFound("製品「" + Trim(name) + "」はありません / no product named \"" + Trim(name) +
                    "\"");
  }
  TRY_ASSIGN(auto found, repository.FindVersion(product->id, Trim(version)));
  if (!found) {
    return NotFound("製品「" + product->name + "」にバージョン " + Trim(version) +
                    " はありません / product \"" + product->name + "\" has no version " +
                    Trim(version));
  }
  return *found;
}

// --- deliveries ---

Result<DeliveryRow> ProductService::DeclareDelivery(const NewDelivery& input) {
  TRY_ASSIGN(const Access access,
             OpenVersion(input.version_id, ResourceKind::kProduct, Action::kUpdate));
  ProductRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto relationship, repository.GetRelationshipParties(input.relationship_id));
  const int64_t supplier = access.product.org_id;
  if (!relationship ||
      (relationship->supplier_id != supplier && relationship->buyer_id != supplier)) {
    return NotFound("取引関係 " + Id(input.relationship_id) + " は表示できません / relationship " +
                    Id(input.relationship_id) + " is not visible to you");
  }
  if (relationship->supplier_id != supplier) {
    return Forbidden(
        "納入を登録できるのは取引関係の供給者だけです / only the relationship's "
        "supplier declares what it delivers over it");
  }
  if (relationship->ended) {
    return Conflict("Relationship ended", "取引関係 " + Id(relationship->id) +
                                              " は終了しています / relationship " +
                                              Id(relationship->id) + " has ended");
  }
  DeliveryRow row;
  row.org_id = supplier;
  row.product_version_id = access.version.id;
  row.relationship_id = relationship->id;
  row.buyer_id = relationship->buyer_id;
  row.share_sbom = input.share_sbom;
  row.disclose_matches = input.disclose_matches;
  row.created_at = context_.clock.UtcNow();
  context_.Touching(ChangeScope::Of(ChangeScope::kProducts, {supplier, row.buyer_id}));
  Result<DeliveryRow> done = InTransaction(context_, [&]() -> Result<DeliveryRow> {
    ProductRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto existing, repository.DeliveriesOfVersion(row.product_version_id));
    for (const DeliveryRow& d : existing) {
      if (d.relationship_id == row.relationship_id && !d.ended_at) {
        return Conflict("Delivery exists",
                        "このバージョンはこの取引関係で既に納入されています（納入 " + Id(d.id) +
                            "） / the version is already delivered over this relationship "
                            "(delivery " +
                            Id(d.id) + ")");
      }
    }
    TRY_ASSIGN(const int64_t id, repository.InsertDelivery(row));
    TRY_ASSIGN(auto stored, repository.GetDelivery(id));
    if (!stored) return MakeError("the delivery just stored cannot be read");
    TRY(Record(context_, "product.delivery.declare", "delivery:" + Id(id),
               "version " + Id(row.product_version_id) + " relationship " +
                   Id(row.relationship_id) + (row.share_sbom ? " share_sbom" : "") +
                   (row.disclose_matches ? " disclose_matches" : "")));
    return *stored;
  });
  // Buyers the version now carries an advisory to are warned once the change stands. A
  // failure here leaves the change as it is: the next import of the advisory warns them.
  if (done) (void)WarnAboutVersion(context_, access.version.id);
  return done;
}

Result<DeliveryRow> ProductService::EndDelivery(int64_t delivery_id) {
  ProductRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto delivery, repository.GetDelivery(delivery_id));
  const Error hidden = NotFound("納入 " + Id(delivery_id) + " は表示できません / delivery " +
                                Id(delivery_id) + " is not visible to you");
  if (!delivery) return hidden;
  auto access = OpenVersion(delivery->product_version_id, ResourceKind::kProduct, Action::kUpdate);
  if (!access) return access.error().kind == ErrorKind::kNotFound ? hidden : access.error();
  if (delivery->ended_at) {
    return Conflict("Delivery ended", "納入 " + Id(delivery_id) + " は終了済みです / delivery " +
                                          Id(delivery_id) + " has ended already");
  }
  context_.Touching(
      ChangeScope::Of(ChangeScope::kProducts, {delivery->org_id, delivery->buyer_id}));
  return InTransaction(context_, [&]() -> Result<DeliveryRow> {
    ProductRepository repository(context_.store.Sql());
    TRY_ASSIGN(const bool ended, repository.EndDelivery(delivery_id, context_.clock.UtcNow()));
    if (!ended) {
      return Conflict("Delivery ended", "納入 " + Id(delivery_id) + " は終了済みです / delivery " +
                                            Id(delivery_id) + " has ended already");
    }
    TRY_ASSIGN(auto stored, repository.GetDelivery(delivery_id));
    if (!stored) return MakeError("the delivery just ended cannot be read");
    TRY(Record(context_, "product.delivery.end", "delivery:" + Id(delivery_id)));
    return *stored;
  });
}

Result<std::vector<DeliveryRow>> ProductService::ListDeliveries(int64_t version_id) {
  TRY_ASSIGN(const Access access, OpenVersion(version_id, ResourceKind::kProduct, Action::kRead));
  if (!access.owner) {
    return Forbidden(
        "納入の一覧は供給者だけが見られます / only the supplier lists the "
        "deliveries of a version");
  }
  ProductRepository repository(context_.store.Sql());
  return repository.DeliveriesOfVersion(version_id);
}

Result<std::vector<DeliveryRow>> ProductService::DeliveriesToBuyer(int64_t buyer_org_id) {
  if (!context_.actor.is_operator) {
    TRY(Allow(context_, Action::kRead, ResourceFacts(ResourceKind::kProduct, buyer_org_id)));
  }
  ProductRepository repository(context_.store.Sql());
  return repository.LiveDeliveriesTo(buyer_org_id);
}

// --- containment ---

Result<ContainmentRow> ProductService::DeclareContainment(int64_t outer_version_id,
                                                          int64_t inner_version_id) {
  TRY_ASSIGN(const Access outer,
             OpenVersion(outer_version_id, ResourceKind::kProduct, Action::kUpdate));
  const int64_t org = outer.product.org_id;
  const Error not_delivered =
      NotFound("製品バージョン " + Id(inner_version_id) +
               " は自組織のものでも、自組織に納入されたものでもありません / product version " +
               Id(inner_version_id) + " is neither your organisation's nor delivered to it");
  // Consent: the inner version is the organisation's own or delivered to it live.
  const auto consented =
      [&](ProductRepository& repository) -> Result<std::optional<ProductVersionRow>> {
    TRY_ASSIGN(auto inner, repository.GetVersion(inner_version_id));
    if (!inner) return std::optional<ProductVersionRow>();
    if (inner->org_id == org) return inner;
    TRY_ASSIGN(const auto deliveries, repository.LiveDeliveriesOfVersionTo(inner->id, org));
    if (deliveries.empty()) return std::optional<ProductVersionRow>();
    return inner;
  };
  std::optional<ProductVersionRow> inner;
  {
    ProductRepository repository(context_.store.Sql());
    TRY_ASSIGN(inner, consented(repository));
  }
  if (!inner) return not_delivered;
  if (inner->id == outer.version.id) {
    return Conflict("Containment cycle",
                    "製品バージョンは自分自身を含められません / a product "
                    "version cannot contain itself");
  }
  ContainmentRow row{org, outer.version.id, inner->id, context_.clock.UtcNow()};
  context_.Touching(ChangeScope::Of(ChangeScope::kProducts, {org, inner->org_id}));
  Result<ContainmentRow> done = InTransaction(context_, [&]() -> Result<ContainmentRow> {
    ProductRepository repository(context_.store.Sql());
    TRY(repository.LockContainment());
    TRY_ASSIGN(const auto still, consented(repository));  // a delivery may have ended meanwhile
    if (!still) return not_delivered;
    TRY_ASSIGN(const auto contents, repository.ContentsOf(row.outer_version_id));
    for (const ContainmentRow& c : contents) {
      if (c.inner_version_id == row.inner_version_id) {
        return Conflict("Containment exists", "既に登録されています / product version " +
                                                  Id(row.outer_version_id) + " already contains " +
                                                  Id(row.inner_version_id));
      }
    }
    TRY_ASSIGN(const bool cycle, repository.Contains(row.inner_version_id, row.outer_version_id));
    if (cycle) {
      return Conflict("Containment cycle",
                      "製品バージョン " + Id(row.inner_version_id) + " は既に " +
                          Id(row.outer_version_id) + " を含んでいます（循環） / product version " +
                          Id(row.inner_version_id) + " already contains " +
                          Id(row.outer_version_id) + " (directly or not): that would be a cycle");
    }
    TRY(repository.InsertContainment(row));
    TRY(Record(context_, "product.contents.add", "product_version:" + Id(row.outer_version_id),
               "contains " + Id(row.inner_version_id)));
    return row;
  });
  // Buyers the version now carries an advisory to are warned once the change stands. A
  // failure here leaves the change as it is: the next import of the advisory warns them.
  if (done) (void)WarnAboutVersion(context_, outer_version_id);
  return done;
}

Status ProductService::RemoveContainment(int64_t outer_version_id, int64_t inner_version_id) {
  TRY_ASSIGN(const Access outer,
             OpenVersion(outer_version_id, ResourceKind::kProduct, Action::kUpdate));
  context_.Touching(ChangeScope::OfAll(ChangeScope::kProducts));
  return InTransaction(context_, [&]() -> Status {
    ProductRepository repository(context_.store.Sql());
    TRY(repository.LockContainment());
    TRY_ASSIGN(const bool removed,
               repository.DeleteContainment(outer.version.id, inner_version_id));
    if (!removed) {
      return NotFound("製品バージョン " + Id(outer.version.id) + " は " + Id(inner_version_id) +
                      " を含んでいません / product version " + Id(outer.version.id) +
                      " does not contain " + Id(inner_version_id));
    }
    return Record(context_, "product.contents.remove", "product_version:" + Id(outer.version.id),
                  "contained " + Id(inner_version_id));
  });
}

// --- SBOMs ---

Result<SbomUploadReport> ProductService::UploadSbom(int64_t version_id,
                                                    const std::string& file_name,
                                                    std::string_view bytes) {
  TRY_ASSIGN(const Access access, OpenVersion(version_id, ResourceKind::kSbom, Action::kCreate));
  auto bom = ReadSbomFile(bytes, file_name);
  if (!bom) {
    // The readers' messages already name the file, the place and the reason.
    return MakeError(ErrorKind::kInvalid, "Invalid SBOM", bom.error().message);
  }
  SbomUploadReport report;
  std::vector<SbomComponentRow> rows;
  rows.reserve(bom->components.size());
  for (size_t i = 0; i < bom->components.size(); ++i) {
    rows.push_back(ComponentRow(bom->components[i], i));
    (rows.back().package_key ? report.with_purl : report.without_purl)++;
  }
  report.components = rows.size();
  SbomDocumentRow& doc = report.document;
  doc.org_id = access.product.org_id;
  doc.product_version_id = version_id;
  doc.format = std::string(sbom::FormatName(bom->format));
  doc.encoding = std::string(sbom::EncodingName(bom->encoding));
  doc.spec_version = bom->spec_version;
  doc.file_name = file_name.substr(0, kMaxProductIdentifierBytes);
  doc.sha256 = Sha256Hex(bytes);
  doc.component_count = static_cast<int64_t>(rows.size());
  doc.uploaded_by = ActingUser();
  doc.uploaded_at = context_.clock.UtcNow();
  // Buyers further up (through containment) see the change too: no short list of them.
  context_.Touching(ChangeScope::OfAll(ChangeScope::kProducts));
  Result<SbomUploadReport> done = InTransaction(context_, [&]() -> Result<SbomUploadReport> {
    ProductRepository repository(context_.store.Sql());
    TRY_ASSIGN(const auto earlier, repository.SbomOfVersion(version_id));
    report.replaced = earlier.has_value();
    TRY_ASSIGN(doc.id, repository.ReplaceSbom(doc, rows));
    TRY(Record(context_, "sbom.upload", "product_version:" + Id(version_id),
               doc.file_name + " " + doc.format + " " + doc.spec_version + " " +
                   std::to_string(rows.size()) + " components"));
    return report;
  });
  // Buyers the version now carries an advisory to are warned once the change stands. A
  // failure here leaves the change as it is: the next import of the advisory warns them.
  if (done) (void)WarnAboutVersion(context_, version_id);
  return done;
}

Result<ComponentPage> ProductService::Components(int64_t version_id, int64_t offset,
                                                 int64_t limit) {
  TRY_ASSIGN(const Access access, OpenVersion(version_id, ResourceKind::kSbom, Action::kRead));
  (void)access;
  if (offset < 0 || limit < 1 || limit > kMaxComponentPage) {
    return Invalid("Invalid page", "offset は 0 以上、limit は 1〜" +
                                       std::to_string(kMaxComponentPage) +
                                       " です / offset must be >= 0 and limit 1 to " +
                                       std::to_string(kMaxComponentPage));
  }
  ProductRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto sbom, repository.SbomOfVersion(version_id));
  if (!sbom) {
    return NotFound("製品バージョン " + Id(version_id) +
                    " に SBOM はありません / product version " + Id(version_id) + " has no SBOM");
  }
  ComponentPage page;
  page.total = sbom->component_count;
  page.offset = offset;
  TRY_ASSIGN(page.items, repository.Components(sbom->id, offset, limit));
  return page;
}

Result<std::string> ProductService::ExportSbom(int64_t version_id) {
  TRY_ASSIGN(const Access access, OpenVersion(version_id, ResourceKind::kSbom, Action::kRead));
  ProductRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto stored, repository.SbomOfVersion(version_id));
  if (!stored) {
    return NotFound("製品バージョン " + Id(version_id) +
                    " に SBOM はありません / product version " + Id(version_id) + " has no SBOM");
  }
  sbom::Bom bom;
  bom.format = stored->format == "SPDX" ? sbom::BomFormat::kSpdx : sbom::BomFormat::kCycloneDx;
  bom.spec_version = "1.6";
  sbom::Component subject;
  subject.ref = "urn:hoshitori:product-version:" + Id(version_id);
  subject.type = access.product.kind == "device" ? "device" : "application";
  subject.name = access.product.name;
  subject.version = access.version.version;
  if (access.product.purl) subject.purl = VersionIdentifier(access.product, access.version);
  if (access.product.cpe) subject.cpes.push_back(*access.product.cpe);
  bom.subject = std::move(subject);
  constexpr int64_t kChunk = 5000;
  for (int64_t offset = 0; offset < stored->component_count; offset += kChunk) {
    TRY_ASSIGN(const auto rows, repository.Components(stored->id, offset, kChunk));
    if (rows.empty()) break;
    for (const SbomComponentRow& row : rows) bom.components.push_back(ComponentOf(row));
  }
  for (sbom::Component& c : bom.components) {
    if (c.parent && *c.parent < bom.components.size()) {
      c.parent_ref = bom.components[*c.parent].ref;
    } else {
      c.parent.reset();
    }
  }
  std::string document = interchange::WriteCycloneDxJson(bom);

  // VEX statements the caller may read go in as the document's vulnerabilities.
  bool vex_readable = access.owner || context_.actor.is_operator;
  if (!vex_readable) {
    const Principal& p = *context_.actor.principal;
    TRY_ASSIGN(const ResourceFacts facts,
               FactsOf(repository, p, ResourceKind::kVex, access.product.org_id, version_id));
    vex_readable = Authorize(p, Action::kRead, facts).allowed;
  }
  if (!vex_readable) return document;
  TRY_ASSIGN(const auto statements, repository.VexOfVersion(version_id));
  if (statements.empty()) return document;
  sbom::VexDocument vex;
  for (const VexStatementRow& row : statements) {
    vex.statements.push_back(ToVexStatement(row, bom.subject->ref));
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::parse(document);
  nlohmann::ordered_json vex_json =
      nlohmann::ordered_json::parse(interchange::WriteCycloneDxVex(vex));
  if (vex_json.contains("vulnerabilities"))
    out["vulnerabilities"] = std::move(vex_json["vulnerabilities"]);
  return out.dump(2) + "\n";
}

// --- VEX ---

Result<VexUploadReport> ProductService::UploadVex(int64_t version_id, const std::string& file_name,
                                                  std::string_view bytes) {
  TRY_ASSIGN(const Access access, OpenVersion(version_id, ResourceKind::kVex, Action::kCreate));
  TRY(CheckFileSize(bytes, file_name));
  VexUploadReport report;
  Result<sbom::VexDocument> document = Invalid("", "");
  if (FirstNonBlank(bytes) == '{' && bytes.find("\"@context\"") != std::string_view::npos) {
    report.format = "OpenVEX";
    document = interchange::ReadOpenVex(bytes, file_name);
  } else if (FirstNonBlank(bytes) == '{' && bytes.find("\"bomFormat\"") != std::string_view::npos) {
    report.format = "CycloneDX";
    document = interchange::ReadCycloneDxVex(bytes, file_name);
  } else {
    return Invalid("Unknown VEX format",
                   file_name +
                       ": OpenVEX（@context）でも CycloneDX VEX（bomFormat）でもありません "
                       "/ neither OpenVEX (@context) nor CycloneDX VEX (bomFormat)");
  }
  if (!document) return MakeError(ErrorKind::kInvalid, "Invalid VEX", document.error().message);
  std::vector<VexStatementRow> rows;
  const std::string now = context_.clock.UtcNow();
  for (size_t i = 0; i < document->statements.size(); ++i) {
    const sbom::VexStatement& s = document->statements[i];
    TRY(CheckVulnerabilityId(s.vulnerability,
                             file_name + ": statement " + std::to_string(i) + ": "));
    VexStatementRow row;
    row.org_id = access.product.org_id;
    row.product_version_id = version_id;
    row.vulnerability = s.vulnerability;
    row.status = std::string(sbom::VexStatusName(s.status));
    row.justification = s.justification;
    row.impact = s.impact;
    row.action = s.action;
    row.products = s.products;
    row.subcomponents = s.subcomponents;
    row.source = "upload";
    row.updated_by = ActingUser();
    row.updated_at = now;
    rows.push_back(std::move(row));
  }
  report.statements = rows.size();
  context_.Touching(ChangeScope::OfAll(ChangeScope::kProducts));
  return InTransaction(context_, [&]() -> Result<VexUploadReport> {
    ProductRepository repository(context_.store.Sql());
    // In document order: a later statement on the same vulnerability wins.
    for (const VexStatementRow& row : rows) TRY(repository.PutVex(row));
    TRY(Record(
        context_, "vex.upload", "product_version:" + Id(version_id),
        file_name + " " + report.format + " " + std::to_string(rows.size()) + " statements"));
    return report;
  });
}

Result<VexStatementRow> ProductService::SetVexStatement(const VexEdit& edit) {
  TRY_ASSIGN(const Access access,
             OpenVersion(edit.version_id, ResourceKind::kVex, Action::kUpdate));
  TRY(CheckVulnerabilityId(edit.vulnerability, ""));
  const auto status = sbom::VexStatusFromName(edit.status);
  if (!status) {
    return Invalid(
        "Invalid VEX status",
        "状態は not_affected・affected・fixed・under_investigation のいずれかです / "
        "the status is one of not_affected, affected, fixed, under_investigation (got \"" +
            edit.status.substr(0, 100) + "\")");
  }
  const std::string justification = Trim(edit.justification);
  if (!justification.empty() && !sbom::IsOpenVexJustification(justification) &&
      !sbom::IsCycloneDxJustification(justification)) {
    return Invalid("Invalid justification",
                   "根拠は OpenVEX または CycloneDX の名前で指定してください / the justification "
                   "must be an OpenVEX or CycloneDX justification name (got \"" +
                       justification.substr(0, 100) + "\")");
  }
  if (*status == sbom::VexStatus::kNotAffected && justification.empty()) {
    return Invalid("Justification required",
                   "not_affected には根拠が必要です / a not_affected "
                   "statement needs a justification");
  }
  if (edit.impact.size() > sbom::kMaxVexTextBytes || edit.action.size() > sbom::kMaxVexTextBytes) {
    return Invalid("Text too long", "説明は " + std::to_string(sbom::kMaxVexTextBytes) +
                                        " バイトまでです / impact and action are at most " +
                                        std::to_string(sbom::kMaxVexTextBytes) + " bytes");
  }
  VexStatementRow row;
  row.org_id = access.product.org_id;
  row.product_version_id = edit.version_id;
  row.vulnerability = edit.vulnerability;
  row.status = std::string(sbom::VexStatusName(*status));
  row.justification = justification;
  row.impact = edit.impact;
  row.action = edit.action;
  row.source = "edit";
  row.updated_by = ActingUser();
  row.updated_at = context_.clock.UtcNow();
  context_.Touching(ChangeScope::OfAll(ChangeScope::kProducts));
  return InTransaction(context_, [&]() -> Result<VexStatementRow> {
    ProductRepository repository(context_.store.Sql());
    // An edit keeps what an earlier statement was about (its products and subcomponents).
    TRY_ASSIGN(const auto earlier, repository.VexFor(edit.version_id, {edit.vulnerability}));
    if (!earlier.empty()) {
      row.products = earlier.front().products;
      row.subcomponents = earlier.front().subcomponents;
    }
    TRY(repository.PutVex(row));
    TRY(Record(context_, "vex.edit", "product_version:" + Id(edit.version_id),
               row.vulnerability + " " + row.status));
    return row;
  });
}

Result<std::vector<VexStatementRow>> ProductService::ListVex(int64_t version_id) {
  TRY_ASSIGN(const Access access, OpenVersion(version_id, ResourceKind::kVex, Action::kRead));
  (void)access;
  ProductRepository repository(context_.store.Sql());
  return repository.VexOfVersion(version_id);
}

Result<std::string> ProductService::ExportOpenVex(int64_t version_id) {
  TRY_ASSIGN(const Access access, OpenVersion(version_id, ResourceKind::kVex, Action::kRead));
  ProductRepository repository(context_.store.Sql());
  TRY_ASSIGN(const auto rows, repository.VexOfVersion(version_id));
  if (rows.empty()) {
    return NotFound("製品バージョン " + Id(version_id) +
                    " に VEX ステートメントはありません / product version " + Id(version_id) +
                    " has no VEX statements");
  }
  TRY_ASSIGN(const auto owner, context_.store.GetOrganisation(access.product.org_id));
  sbom::VexDocument vex;
  vex.author = owner ? owner->name : "organisation " + Id(access.product.org_id);
  const std::string product = VersionIdentifier(access.product, access.version);
  for (const VexStatementRow& row : rows) {
    sbom::VexStatement statement = ToVexStatement(row, product);
    // OpenVEX requires what CycloneDX VEX does not: an action for `affected`, a justification
    // or an impact for `not_affected`. Say plainly that none was given rather than refuse the
    // whole export.
    if (statement.status == sbom::VexStatus::kAffected && statement.action.empty()) {
      statement.action = "No action statement was given / 対応の記載はありません";
    }
    if (statement.status == sbom::VexStatus::kNotAffected && statement.justification.empty() &&
        statement.impact.empty()) {
      statement.impact = "No justification was given / 根拠の記載はありません";
    }
    vex.statements.push_back(std::move(statement));
    vex.timestamp = std::max(vex.timestamp, row.updated_at);
  }
  vex.id = "urn:hoshitori:vex:product-version:" + Id(version_id) + ":" + vex.timestamp;
  return interchange::WriteOpenVex(vex);
}

Result<std::string> ProductService::ExportSignedOpenVex(int64_t version_id) {
  TRY_ASSIGN(const std::string document, ExportOpenVex(version_id));
  if (!context_.issuer) {
    return MakeError(ErrorKind::kUnavailable, "No signing key",
                     "このサーバーには署名鍵がないため、VEX に署名できません / this server has no "
                     "signing key, so it cannot sign VEX documents");
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          context_.clock.Now().time_since_epoch())
                          .count();
  const assure::SigningKey* key = context_.issuer->SigningKeyAt(now);
  if (!key) {
    return MakeError(ErrorKind::kUnavailable, "No signing key",
                     "いま使える署名鍵がありません（鍵の使用期間を確かめてください） / no signing "
                     "key is valid now (check the keys' not_before and retired dates)");
  }
  TRY_ASSIGN(const VersionDetail detail, GetVersion(version_id));
  TRY_ASSIGN(const auto owner, context_.store.GetOrganisation(detail.product.org_id));
  if (!owner) return VersionNotVisible(version_id);
  auto signed_vex = assure::SignVex(
      document, {context_.issuer->public_url(), owner->corporate_number.digits(), now}, *key);
  if (!signed_vex) {
    return MakeError(ErrorKind::kInvalid, "Invalid VEX",
                     "VEX に署名できません / cannot sign the VEX: " + signed_vex.error().message);
  }
  return std::move(signed_vex).value();
}

Result<SignedVexCheck> ProductService::VerifySignedVex(std::string_view compact) {
  if (!context_.issuer) {
    return MakeError(ErrorKind::kUnavailable, "No issuer",
                     "このサーバーには鍵がありません / this server has no keys to check with");
  }
  return CheckSignedVex(compact, context_.issuer->public_keys());
}

SignedVexCheck CheckSignedVex(std::string_view compact, const assure::KeySet& keys) {
  SignedVexCheck check{assure::VerifySignedVex(compact, keys), std::nullopt};
  if (!check.report.valid()) return check;
  auto document = interchange::ReadOpenVex(check.report.payload, "the signed VEX's payload");
  if (!document) {
    check.report.verdict = assure::Verdict::kMalformed;
    check.report.detail = document.error().message;
    check.report.payload.clear();
    return check;
  }
  check.document = std::move(document).value();
  return check;
}

}  // namespace hoshitori::service
