#include "service/exposure_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

#include "notify/notification.h"
#include "sbom/purl.h"
#include "service/advisory_service.h"
#include "service/chain_service.h"
#include "service/inbox_service.h"

namespace hoshitori::service {
namespace {

std::string MatchName(sbom::Verdict verdict) {
  return verdict == sbom::Verdict::kAffected ? "affected" : "cannot_tell";
}

// Names organisations once per call.
class Parties {
 public:
  explicit Parties(Store& store) : store_(store) {}
  Result<Party> Get(int64_t id) {
    if (const auto found = known_.find(id); found != known_.end()) return found->second;
    Result<std::optional<Organisation>> organisation = store_.GetOrganisation(id);
    if (!organisation) return organisation.error();
    Party party{id, std::move(organisation).value()};
    known_.emplace(id, party);
    return party;
  }

 private:
  Store& store_;
  std::map<int64_t, Party> known_;
};

// The newest statement of `version_id` on the advisory or one of its aliases.
Result<std::optional<VexStatementRow>> VexOf(ProductRepository& products, int64_t version_id,
                                             const sbom::Advisory& advisory) {
  std::vector<std::string> ids = advisory.aliases;
  ids.push_back(advisory.id);
  Result<std::vector<VexStatementRow>> statements = products.VexFor(version_id, ids);
  if (!statements) return statements.error();
  std::optional<VexStatementRow> newest;
  for (VexStatementRow& statement : *statements) {
    if (!newest || statement.updated_at > newest->updated_at) newest = std::move(statement);
  }
  return newest;
}

Result<ExposureRow> ToRow(const sbom::Exposure& exposure, const sbom::Advisory& advisory,
                          const SbomSnapshot& engines, Parties& parties,
                          ProductRepository& products) {
  ExposureRow row;
  row.advisory_id = advisory.id;
  row.summary = advisory.summary;
  row.aliases = advisory.aliases;
  Result<Party> supplier = parties.Get(exposure.supplier);
  if (!supplier) return supplier.error();
  row.supplier = std::move(supplier).value();
  Result<Party> buyer = parties.Get(exposure.buyer);
  if (!buyer) return buyer.error();
  row.buyer = std::move(buyer).value();
  row.delivery_id = exposure.delivery;
  row.relationship_id = exposure.relationship;
  row.version_id = exposure.delivered_version;
  if (const VersionName* name = engines.Version(exposure.delivered_version)) {
    row.product = name->product;
    row.version = name->version;
  }
  row.share_sbom = exposure.share_sbom;
  row.disclose_matches = exposure.disclose_matches;
  row.depth = exposure.path().empty() ? 0 : static_cast<int64_t>(exposure.path().size()) - 1;
  row.component = exposure.component();
  row.match = MatchName(exposure.match().verdict);
  row.reason = exposure.match().reason;
  Result<std::optional<VexStatementRow>> vex = VexOf(products, exposure.delivered_version, advisory);
  if (!vex) return vex.error();
  row.vex = std::move(vex).value();
  return row;
}

// A VEX status as a reader of the warning understands it; "" when the supplier said nothing.
std::string VexStatusText(const std::optional<VexStatementRow>& vex, bool japanese) {
  if (!vex) return "";
  static const std::map<std::string, std::pair<const char*, const char*>> kTexts = {
      {"not_affected", {"影響なし", "not affected"}},
      {"affected", {"影響あり", "affected"}},
      {"fixed", {"修正済み", "fixed"}},
      {"under_investigation", {"調査中", "under investigation"}}};
  const auto found = kTexts.find(vex->status);
  if (found == kTexts.end()) return vex->status;
  std::string text = japanese ? found->second.first : found->second.second;
  if (!vex->justification.empty()) text += " (" + vex->justification + ")";
  return text;
}

// The ids of the advisories that concern a component of `versions` or of any version they
// contain (transitively; other organisations' too): affected only, or cannot-tell as well.
Result<std::set<std::string>> AdvisoriesReaching(const SbomSnapshot& engines,
                                                 ProductRepository& products,
                                                 std::vector<int64_t> versions, bool affected_only) {
  std::set<int64_t> reached(versions.begin(), versions.end());
  while (!versions.empty()) {
    const int64_t version = versions.back();
    versions.pop_back();
    Result<std::vector<ContainmentRow>> contents = products.ContentsOf(version);
    if (!contents) return contents.error();
    for (const ContainmentRow& edge : *contents) {
      if (reached.insert(edge.inner_version_id).second) versions.push_back(edge.inner_version_id);
    }
  }
  std::set<std::string> ids;
  for (const int64_t version : reached) {
    for (const std::string& text : engines.exposure->ComponentsOf(version)) {
      Result<sbom::PackageUrl> purl = sbom::ParsePackageUrl(text);
      if (!purl) continue;
      for (const sbom::AdvisoryHit& hit : engines.advisories->Match(*purl)) {
        if (!affected_only || hit.match.verdict == sbom::Verdict::kAffected) {
          ids.insert(hit.advisory->id);
        }
      }
    }
  }
  return ids;
}

bool RowOrder(const ExposureRow& a, const ExposureRow& b) {
  return std::tie(a.advisory_id, a.supplier.id, a.buyer.id, a.product, a.version, a.delivery_id) <
         std::tie(b.advisory_id, b.supplier.id, b.buyer.id, b.product, b.version, b.delivery_id);
}

}  // namespace

Result<SbomSnapshot> SbomSnapshotFor(Context& context) {
  if (context.sbom) {
    // A node that may not cache (its change listener is down) reads the store afresh.
    if (context.chain && !context.chain->caching()) {
      context.sbom->Changed(ChangeScope::OfAll(ChangeScope::kProducts | ChangeScope::kAdvisories));
    }
    return context.sbom->Current(context.store);
  }
  Result<std::unique_ptr<SbomEngines>> loaded = SbomEngines::Load(context.store);
  if (!loaded) return loaded.error();
  return (*loaded)->Current(context.store);
}

Result<std::vector<ExposureRow>> ExposureService::MyExposure() {
  Result<Principal> caller = SignedIn(context_);
  if (!caller) return caller.error();
  if (Status allowed =
          Allow(context_, Action::kRead, ResourceFacts(ResourceKind::kChainAnalysis, caller->org_id));
      !allowed) {
    return allowed.error();
  }
  Result<SbomSnapshot> engines = SbomSnapshotFor(context_);
  if (!engines) return engines.error();
  Parties parties(context_.store);
  ProductRepository products(context_.store.Sql());
  std::vector<ExposureRow> rows;
  for (const sbom::BuyerExposure& found :
       engines->exposure->ExposuresOfBuyer(caller->org_id, *engines->advisories)) {
    const std::shared_ptr<const sbom::Advisory> advisory =
        engines->advisories->Find(found.advisory_id);
    if (!advisory) continue;  // replaced by a newer import since the query
    Result<ExposureRow> row = ToRow(found.exposure, *advisory, *engines, parties, products);
    if (!row) return row.error();
    rows.push_back(std::move(row).value());
  }
  std::sort(rows.begin(), rows.end(), RowOrder);
  return rows;
}

Result<std::vector<ExposureRow>> ExposureService::CustomersToTell() {
  Result<Principal> caller = SignedIn(context_);
  if (!caller) return caller.error();
  if (Status allowed =
          Allow(context_, Action::kRead, ResourceFacts(ResourceKind::kProduct, caller->org_id));
      !allowed) {
    return allowed.error();
  }
  Result<SbomSnapshot> engines = SbomSnapshotFor(context_);
  if (!engines) return engines.error();
  ProductRepository products(context_.store.Sql());

  // The caller's versions and every version they contain (other organisations' too), whose
  // components may carry an advisory to the caller's customers.
  std::vector<int64_t> own;
  for (const auto& [id, name] : *engines->versions) {
    if (name.org_id == caller->org_id) own.push_back(id);
  }
  Result<std::set<std::string>> advisory_ids =
      AdvisoriesReaching(*engines, products, std::move(own), /*affected_only=*/false);
  if (!advisory_ids) return advisory_ids.error();
  Parties parties(context_.store);
  std::vector<ExposureRow> rows;
  for (const std::string& id : *advisory_ids) {
    const std::shared_ptr<const sbom::Advisory> advisory = engines->advisories->Find(id);
    if (!advisory) continue;
    for (const sbom::Exposure& exposure :
         engines->exposure->CustomersToTell(caller->org_id, *advisory)) {
      Result<ExposureRow> row = ToRow(exposure, *advisory, *engines, parties, products);
      if (!row) return row.error();
      rows.push_back(std::move(row).value());
    }
  }
  std::sort(rows.begin(), rows.end(), RowOrder);
  return rows;
}

Result<size_t> WarnBuyers(Context& context, const sbom::Advisory& advisory,
                          const std::vector<sbom::Exposure>& exposures,
                          const SbomSnapshot& engines) {
  Parties parties(context.store);
  ProductRepository products(context.store.Sql());
  size_t notified = 0;
  for (const sbom::Exposure& exposure : exposures) {
    if (exposure.match().verdict != sbom::Verdict::kAffected || !exposure.disclose_matches) continue;
    Result<ExposureRow> row = ToRow(exposure, advisory, engines, parties, products);
    if (!row) return row.error();
    notify::Notification warning;
    warning.kind = notify::NotificationKind::kSbomAdvisory;
    warning.recipient_org_id = exposure.buyer;
    warning.dedupe_key = "sbom:" + advisory.id + ":delivery:" + std::to_string(exposure.delivery);
    warning.link = "/exposure";
    const std::optional<Organisation>& supplier = row->supplier.organisation;
    warning.params = {{"supplier", supplier ? supplier->name : "#" + std::to_string(row->supplier.id)},
                      {"product", row->product},
                      {"version", row->version},
                      {"component", row->component},
                      {"advisory", advisory.id},
                      {"vex_status_ja", VexStatusText(row->vex, true)},
                      {"vex_status_en", VexStatusText(row->vex, false)}};
    if (Status sent = Notify(context, warning); !sent) return sent.error();
    ++notified;
  }
  return notified;
}

Result<size_t> WarnAboutVersion(Context& context, int64_t version_id) {
  if (context.sbom) context.sbom->Changed(ChangeScope::OfAll(ChangeScope::kProducts));
  Result<SbomSnapshot> engines = SbomSnapshotFor(context);
  if (!engines) return engines.error();
  ProductRepository products(context.store.Sql());
  Result<std::set<std::string>> advisory_ids =
      AdvisoriesReaching(*engines, products, {version_id}, /*affected_only=*/true);
  if (!advisory_ids) return advisory_ids.error();
  if (advisory_ids->empty()) return size_t{0};
  // Only notifications are written: no engine or cache needs rebuilding for them.
  context.Touching(ChangeScope::Of(ChangeScope::kNotifications, {}));
  return InTransaction(context, [&]() -> Result<size_t> {
    size_t notified = 0;
    for (const std::string& id : *advisory_ids) {
      const std::shared_ptr<const sbom::Advisory> advisory = engines->advisories->Find(id);
      if (!advisory) continue;
      // Only the deliveries the changed version reaches: it is on their path.
      std::vector<sbom::Exposure> reached;
      for (sbom::Exposure& exposure : engines->exposure->Exposures(*advisory)) {
        if (std::find(exposure.path().begin(), exposure.path().end(), version_id) !=
            exposure.path().end()) {
          reached.push_back(std::move(exposure));
        }
      }
      Result<size_t> warned = WarnBuyers(context, *advisory, reached, *engines);
      if (!warned) return warned.error();
      notified += *warned;
    }
    return notified;
  });
}

}  // namespace hoshitori::service
